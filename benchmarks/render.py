"""Benchmark the render engine on the standard promo (not a test).

    .venv/bin/python benchmarks/render.py                 # 30 s, 4 scenes, 1080p; MoviePy too if installed
    .venv/bin/python benchmarks/render.py --seconds 10 --skip-moviepy

From a cold start (a fresh music and piece cache), it renders the standard 30-second 4-scene 1080p promo (stills with
a slow zoom and gradients, a title and a subtitle per scene fading in, 0.4 s crossfades, a music bed at 35 %
with a 2 s fade-out) and prints wall time, realtime factor and peak RSS summed over the whole process tree,
with ratios measured in the same run against (a) ffmpeg encoding testsrc2 at the same length, size, fps and
encoder settings (an encode-only floor) and (b) MoviePy rendering the same timeline. Every output is
checked (h264, size, 30 fps, frame count, AAC). Each contender runs in its own child process. The engine's
480p preview of the same promo is timed too (also from a cold start).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

FPS = 30
SIZE = (1920, 1080)
HEADLINES = ["Urban Dreams", "Coffee that wakes the city", "城市的咖啡，每天新鲜烘焙", "Order today"]
SUBTITLES = ["Fresh roast, every morning", "Made by hand, one cup at a time", "新鲜烘焙，每天早上", "nemovideo.example"]
GRADIENTS = [("#1E3A8A", "#9333EA"), ("#7C2D12", "#F59E0B")]


def promo(seconds: float) -> dict[str, Any]:
    """The standard promo: 4 scenes of equal length joined by 0.4 s crossfades, texts, music bed."""
    length = int(seconds * 1000)
    step = length // 4
    video, texts = [], []
    for i in range(4):
        start, dur = i * step, (length - 3 * step if i == 3 else step)
        if i % 2 == 0:
            scene: dict[str, Any] = {"src": {"kind": "media", "url": f"still{i // 2}"},
                                     "mo": {"type": "zoom_in" if i == 0 else "zoom_out", "amount": 0.08}}
        else:
            scene = {"src": {"kind": "gradient", "colors": list(GRADIENTS[i // 2])}}
        scene.update({"id": f"s{i}", "st": start, "d": dur, "role": "scene"})
        if i:
            scene["tr"] = {"type": "fade", "d": 400}
        video.append(scene)
        texts.append({"id": f"t{i}", "st": start, "d": dur, "role": "title", "txt": HEADLINES[i],
                      "sty": {"size": 96, "pos": "center", "w": "bold"}, "fi": 500, "fo": 300})
        texts.append({"id": f"u{i}", "st": start, "d": dur, "role": "subtitle", "txt": SUBTITLES[i],
                      "sty": {"size": 56, "pos": "center", "w": "regular"}, "fi": 500, "fo": 300})
    music = {"id": "m", "st": 0, "d": length, "src": {"kind": "music", "style": "lofi"}, "vol": 0.35, "fo": 2000}
    return {"t": [{"id": "v", "tt": 0, "sg": video}, {"id": "a", "tt": 1, "sg": [music]},
                  {"id": "x", "tt": 7, "sg": texts}],
            "d": length, "m": {"title": "Urban Dreams", "width": SIZE[0], "height": SIZE[1], "ratio": "16:9"}}


def make_stills(folder: Path) -> dict[str, Path]:
    """Two 3000x2000 photos-to-be: a detailed fractal and a noisy test card (what a phone upload weighs)."""
    from nemovideo.local.probe import ffmpeg_exe

    sources = {"still0": "mandelbrot=s=3000x2000:end_pts=1", "still1": "testsrc2=s=3000x2000,noise=alls=12"}
    found = {}
    for name, graph in sources.items():
        path = folder / f"{name}.jpg"
        subprocess.run([ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", graph,
                        "-frames:v", "1", "-q:v", "3", str(path)], check=True)
        found[name] = path
    return found


class TreeMemory:
    """Peak RSS summed over a process and all its descendants, polled from /proc."""

    def __init__(self, root: int, interval: float = 0.02) -> None:
        self.root, self.interval, self.peak = root, interval, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss(self.root))
            self._stop.wait(self.interval)


def tree_rss(root: int) -> int:
    """Bytes of resident memory of `root` and its descendants."""
    parents: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat", "rb") as handle:
                    parents[int(entry.name)] = int(handle.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
    family, frontier = {root}, [root]
    while frontier:
        frontier = [pid for pid, parent in parents.items() if parent in frontier and pid not in family]
        family.update(frontier)
    total = 0
    for pid in family:
        try:
            with open(f"/proc/{pid}/statm", "rb") as handle:
                total += int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, ValueError, IndexError):
            continue
    return total


CPU_SECONDS: list[float] = []  # CPU time (user + system) of each measured process tree, in order


def measure(command: list[str]) -> tuple[float, int, str]:
    """Run a child to completion: wall seconds, peak tree RSS in bytes, its stdout (its CPU time goes to
    CPU_SECONDS: on a shared machine it moves much less than the wall time)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    with TreeMemory(process.pid) as memory:
        out, err = process.communicate()
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU_SECONDS.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    if process.returncode != 0:
        raise SystemExit(f"{command[:3]} failed:\n{err[-2000:]}")
    return wall, memory.peak, out


def check(path: Path, seconds: float, size: tuple[int, int] = SIZE) -> str:
    """Verify an output; a one-line description."""
    from nemovideo.local.probe import count_video_frames, probe_media

    info = probe_media(path)
    frames = count_video_frames(path)
    expected = round(seconds * FPS)
    ok = (info is not None and info.video_codec == "h264" and (info.width, info.height) == size
          and info.fps == FPS and frames == expected and info.audio_codec == "aac")
    described = (f"{info.video_codec} {info.width}x{info.height} {info.fps:g} fps, {frames} frames, "
                 f"audio {info.audio_codec}" if info else "unreadable")
    return ("ok: " if ok else "WRONG: ") + described + f" ({path.stat().st_size / 1e6:.1f} MB)"


def child_engine(draft_file: Path, media_dir: Path, out: Path, cache: Path, preview: bool = False) -> None:
    """Render with nemovideo's engine (run in a child process, so its memory is its own)."""
    from nemovideo.draft import Draft
    from nemovideo.local.render import render_draft

    draft = Draft.parse(json.loads(draft_file.read_text(encoding="utf-8")))
    render_draft(draft, out, resolve_media=lambda s: media_dir / f"{s.url}.jpg", cache_dir=cache, preview=preview)


def child_preview(draft_file: Path, media_dir: Path, out: Path, cache: Path) -> None:
    """The engine's preview of the same draft: 480p, x264 ultrafast."""
    child_engine(draft_file, media_dir, out, cache, preview=True)


def child_moviepy(draft_file: Path, media_dir: Path, out: Path, cache: Path) -> None:
    """The same timeline with MoviePy 2 (frames composed in Python with numpy, piped to ffmpeg)."""
    import numpy as np
    from moviepy import (  # type: ignore[import-not-found]
        AudioFileClip,
        CompositeVideoClip,
        ImageClip,
        TextClip,
        afx,
        vfx,
    )

    from nemovideo.local.render.encode import PRESET
    from nemovideo.local.render.fonts import bundled_font_path
    from nemovideo.local.render.music import music_bed

    raw = json.loads(draft_file.read_text(encoding="utf-8"))
    width, height = SIZE
    length = raw["d"] / 1000
    layers = []
    for seg in raw["t"][0]["sg"]:
        start, dur = seg["st"] / 1000, seg["d"] / 1000
        head = 0.2 if "tr" in seg else 0.0
        tail = 0.2 if start + dur < length - 0.01 else 0.0
        span = dur + head + tail
        if seg["src"]["kind"] == "media":
            clip = ImageClip(str(media_dir / f"{seg['src']['url']}.jpg")).resized(height=int(height * 1.08))
            grow = seg["mo"]["type"] == "zoom_in"
            clip = clip.resized(lambda t, s=span, g=grow: (1 + 0.08 * (t / s if g else 1 - t / s)) / 1.08)
            clip = clip.with_position("center")
        else:
            top, bottom = (np.array([int(c[i:i + 2], 16) for i in (1, 3, 5)]) for c in seg["src"]["colors"])
            ramp = (np.add.outer(np.arange(height) / height, np.arange(width) / width) / 2)[..., None]
            clip = ImageClip((top + (bottom - top) * ramp).astype("uint8"))
        clip = clip.with_duration(span).with_start(start - head)
        if head:
            clip = clip.with_effects([vfx.CrossFadeIn(0.4)])
        layers.append(clip)
    font = str(bundled_font_path())
    for seg in raw["t"][2]["sg"]:
        big = seg["role"] == "title"
        card = TextClip(font=font, text=seg["txt"], font_size=96 if big else 56, color="white",
                        stroke_color="white" if big else None, stroke_width=3 if big else 0)
        card = card.with_start(seg["st"] / 1000).with_duration(seg["d"] / 1000)
        card = card.with_position(("center", height // 2 - (110 if big else -20)))
        layers.append(card.with_effects([vfx.CrossFadeIn(0.5), vfx.CrossFadeOut(0.3)]))
    video = CompositeVideoClip(layers, size=SIZE).with_duration(length)
    bed = music_bed("lofi", raw["d"], cache)
    sound = AudioFileClip(str(bed)).with_volume_scaled(0.35).with_effects([afx.AudioFadeOut(2.0)])
    video = video.with_audio(sound)
    video.write_videofile(str(out), fps=FPS, codec="libx264", preset=PRESET, audio_codec="aac",
                          threads=2, logger=None, ffmpeg_params=["-crf", "23", "-pix_fmt", "yuv420p"])


def floor_command(seconds: float, out: Path, stock: bool = False) -> list[str]:
    """ffmpeg encoding testsrc2 (and silence as AAC, like the promo) with the engine's encoder settings,
    or with only the same preset and CRF (`stock`: x264's own B-frames and threads)."""
    from nemovideo.local.probe import ffmpeg_exe
    from nemovideo.local.render.encode import CRF, PRESET, encoder_args

    w, h = SIZE
    video = (["-c:v", "libx264", "-preset", PRESET, "-crf", CRF, "-pix_fmt", "yuv420p"] if stock
             else encoder_args(preview=False))
    return [ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y",
            "-f", "lavfi", "-i", f"testsrc2=s={w}x{h}:r={FPS}:d={seconds}",
            "-f", "lavfi", "-i", f"anullsrc=r=48000:cl=stereo:d={seconds}",
            *video, "-c:a", "aac", "-movflags", "+faststart", str(out)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=30.0, help="length of the promo (default 30)")
    parser.add_argument("--runs", type=int, default=1, help="engine and floor runs; medians are shown")
    parser.add_argument("--skip-moviepy", action="store_true", help="do not run MoviePy even if installed")
    parser.add_argument("--child", choices=["engine", "preview", "moviepy"], help=argparse.SUPPRESS)
    parser.add_argument("--paths", nargs=4, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        {"engine": child_engine, "preview": child_preview, "moviepy": child_moviepy}[args.child](*args.paths)
        return 0
    return run(args.seconds, max(1, args.runs), not args.skip_moviepy)


def run(seconds: float, runs: int, moviepy: bool) -> int:
    with tempfile.TemporaryDirectory(prefix="nemovideo-bench-") as tmp:
        work = Path(tmp)
        media = make_stills(work)
        draft_file = work / "promo.json"
        draft_file.write_text(json.dumps(promo(seconds), ensure_ascii=False), encoding="utf-8")
        me = [sys.executable, str(Path(__file__).resolve())]
        engine_runs, floor_runs, stock_runs, preview_runs = [], [], [], []
        cpu: dict[str, list[float]] = {"engine": [], "preview": [], "floor": []}
        for index in range(runs):
            out, cache = work / f"engine{index}.mp4", work / f"cache{index}"  # a fresh cache: cold start
            engine_runs.append(measure([*me, "--child", "engine", "--paths", str(draft_file),
                                        str(media["still0"].parent), str(out), str(cache)])[:2])
            cpu["engine"].append(CPU_SECONDS[-1])
            print(f"engine run {index + 1}: {engine_runs[-1][0]:.2f} s, {engine_runs[-1][1] / 2**20:.0f} MB, "
                  f"{check(out, seconds)}")
            small, small_cache = work / f"preview{index}.mp4", work / f"pcache{index}"  # cold too
            preview_runs.append(measure([*me, "--child", "preview", "--paths", str(draft_file),
                                         str(media["still0"].parent), str(small), str(small_cache)])[:2])
            cpu["preview"].append(CPU_SECONDS[-1])
            print(f"preview run {index + 1}: {preview_runs[-1][0]:.2f} s, {check(small, seconds, (854, 480))}")
            floor_out = work / f"floor{index}.mp4"
            floor_runs.append(measure(floor_command(seconds, floor_out))[:2])
            cpu["floor"].append(CPU_SECONDS[-1])
            print(f"floor run {index + 1}: {floor_runs[-1][0]:.2f} s, {check(floor_out, seconds)}")
            stock_out = work / f"stock{index}.mp4"
            stock_runs.append(measure(floor_command(seconds, stock_out, stock=True))[:2])
            print(f"stock floor run {index + 1}: {stock_runs[-1][0]:.2f} s, {check(stock_out, seconds)}")
        wall = statistics.median(r[0] for r in engine_runs)
        peak = statistics.median(r[1] for r in engine_runs)
        preview_wall = statistics.median(r[0] for r in preview_runs)
        floor = statistics.median(r[0] for r in floor_runs)
        print()
        print(f"promo: {seconds:g} s, 4 scenes, {SIZE[0]}x{SIZE[1]} at {FPS} fps, {os.cpu_count()} cores")
        print(f"engine wall time     {wall:7.2f} s   (median of {runs})")
        print(f"realtime factor      {seconds / wall:7.2f} x")
        highest = max(r[1] for r in engine_runs)
        print(f"peak RSS, whole tree {peak / 2**20:7.0f} MB   (median; highest {highest / 2**20:.0f} MB)")
        print(f"preview (480p)       {preview_wall:7.2f} s   preview / engine = {preview_wall / wall:.2f}   "
              f"(peak RSS {max(r[1] for r in preview_runs) / 2**20:.0f} MB)")
        stock = statistics.median(r[0] for r in stock_runs)
        from nemovideo.local.render.encode import PRESET

        print(f"floor (testsrc2)     {floor:7.2f} s   engine / floor = {wall / floor:.2f}   "
              f"(the engine's x264 settings, {PRESET}; peak RSS {max(r[1] for r in floor_runs) / 2**20:.0f} MB)")
        print(f"stock floor          {stock:7.2f} s   engine / floor = {wall / stock:.2f}   "
              f"(x264 defaults at {PRESET}: B-frames, auto threads; "
              f"peak RSS {max(r[1] for r in stock_runs) / 2**20:.0f} MB)")
        engine_cpu, preview_cpu, floor_cpu = (statistics.median(cpu[k]) for k in ("engine", "preview", "floor"))
        print(f"CPU time (user+sys)  engine {engine_cpu:.2f} s, preview {preview_cpu:.2f} s, floor {floor_cpu:.2f} s: "
              f"engine / floor = {engine_cpu / floor_cpu:.2f}, preview / engine = {preview_cpu / engine_cpu:.2f}")
        run_moviepy(me, draft_file, media, work, seconds, wall, moviepy)
    return 0


def run_moviepy(me: list[str], draft_file: Path, media: dict[str, Path], work: Path, seconds: float,
                wall: float, wanted: bool) -> None:
    if not wanted:
        print("MoviePy: skipped (--skip-moviepy)")
        return
    try:
        import moviepy  # type: ignore[import-not-found]  # noqa: F401
    except ImportError:
        print("MoviePy: skipped, not installed (it is not a project dependency); to measure the ratio: "
              ".venv/bin/pip install moviepy")
        return
    out = work / "moviepy.mp4"
    moviepy_wall, moviepy_peak, _ = measure([*me, "--child", "moviepy", "--paths", str(draft_file),
                                             str(media["still0"].parent), str(out), str(work / "mcache")])
    print(f"MoviePy wall time    {moviepy_wall:7.2f} s   MoviePy / engine = {moviepy_wall / wall:.1f}   "
          f"(peak RSS {moviepy_peak / 2**20:.0f} MB; {check(out, seconds)})")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    sys.exit(main())
