"""Regenerate the three contact sheets in docs/sheets/ (not a test).

    .venv/bin/python scripts/contact_sheets.py               # writes docs/sheets/*.png
    .venv/bin/python scripts/contact_sheets.py --out /tmp/x  # somewhere else

Each video is made the way a user makes it: one ordinary request to the local editing agent
(nemovideo.local.agent.respond) on an empty project, then rendered by the engine
(nemovideo.local.render.render_draft, preview=False). The sheets are what a viewer sees: an English product
promo, a Chinese promo, and a vertical reel from uploads (a landscape clip "A.mp4", a portrait clip
"clip.mov", a square photo "B.jpg": made here with ffmpeg, so nothing is downloaded). Each sheet is
re-encoded as a palette PNG so it stays well under 400 KB in the repository.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHEET_BOX = (1280, 960)  # a landscape sheet is 1280 wide, a vertical one 960 high
MAX_BYTES = 400_000


@dataclass(frozen=True)
class Sheet:
    """One contact sheet: its file name, the request that makes the video, the uploads it names."""

    name: str
    request: str
    uploads: tuple[str, ...] = ()


SHEETS = (
    Sheet("en-product-promo", "make a 20 second promo for my product: AquaPure is a smart water bottle that tracks how "
          "much you drink. It glows when it's time to take a sip and syncs with your phone. The bottle keeps drinks "
          "cold for 24 hours. Order yours at aquapure.co!"),
    Sheet("zh-promo", "帮我做个20秒的奶茶店宣传视频：茶语时光是一家开在大学城旁边的奶茶店，所有饮品都用新鲜水果现做。"
          "每位顾客首次到店可享受八折优惠。欢迎大家来打卡！"),
    Sheet("vertical-reel", 'make a 12 second vertical reel from these called "Weekend in Lisbon"',
          ("A.mp4", "clip.mov", "B.jpg")),
)
# Uploads made with ffmpeg's generators: (kind, width, height, seconds or None for a still, filter graph); the
# gradients are seeded, so every run draws the same pictures.
UPLOADS = {
    "A.mp4": ("video", 1280, 720, 4.0,
              "gradients=s=1280x720:c0=0xff7e5f:c1=0xfeb47b:c2=0x6a82fb:n=3:speed=0.02:seed=3:r=30,format=yuv420p"),
    "clip.mov": ("video", 720, 1280, 4.0,
                 "gradients=s=720x1280:c0=0x0f2027:c1=0x2c5364:c2=0xf8b500:n=3:type=spiral:speed=0.03:seed=5:r=30,"
                 "format=yuv420p"),
    "B.jpg": ("image", 1080, 1080, None,
              "gradients=s=1080x1080:c0=0x2193b0:c1=0x6dd5ed:c2=0xf7d794:n=3:type=radial:seed=11"),
}


def make_upload(name: str, folder: Path) -> Path:
    """Write one synthetic upload with ffmpeg."""
    from nemovideo.local.probe import ffmpeg_exe

    _, _, _, seconds, graph = UPLOADS[name]
    path = folder / name
    length = ["-t", str(seconds), "-c:v", "libx264", "-preset", "veryfast"] if seconds else ["-frames:v", "1"]
    subprocess.run([ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", graph,
                    *length, str(path)], check=True)
    return path


def make_video(sheet: Sheet, folder: Path, out: Path) -> Path:
    """Ask the agent for the video, render it, and write its contact sheet to `out`; the sheet's path."""
    from nemovideo.draft import Draft, Source
    from nemovideo.local.agent import Prices, Upload, respond
    from nemovideo.local.render import render_draft

    files = {name: make_upload(name, folder) for name in sheet.uploads}
    uploads = []
    for index, name in enumerate(sheet.uploads):
        kind, width, height, seconds, _ = UPLOADS[name]
        length = int(seconds * 1000) if seconds else None
        uploads.append(Upload(f"med_{index}", kind, f"https://cdn.local/u/{name}", name, length, width, height))
    reply = respond(sheet.request, Draft(), uploads, previous=None, language="en", prices=Prices(0, 0))
    if reply.draft is None:
        raise SystemExit(f"{sheet.name}: the agent made no video: {reply.text}")
    by_url = {f"https://cdn.local/u/{name}": path for name, path in files.items()}

    def resolve(source: Source) -> Path | None:
        return by_url.get(source.url or "")

    result = render_draft(reply.draft, folder / f"{sheet.name}.mp4", resolve_media=resolve, preview=False,
                          cache_dir=folder / "cache")
    target = out / f"{sheet.name}.png"
    shrink(result.contact_sheet, target)
    return target


def shrink(sheet: Path, target: Path) -> None:
    """The sheet scaled into SHEET_BOX and quantised to 256 colours (a palette PNG)."""
    from nemovideo.local.probe import ffmpeg_exe

    width, height = SHEET_BOX
    graph = (f"scale={width}:{height}:force_original_aspect_ratio=decrease:flags=lanczos,split[a][b];"
             "[a]palettegen=max_colors=256:stats_mode=full[p];"
             "[b][p]paletteuse=dither=sierra2_4a")
    subprocess.run([ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y", "-i", str(sheet),
                    "-filter_complex", graph, "-frames:v", "1", str(target)], check=True)
    if target.stat().st_size > MAX_BYTES:
        raise SystemExit(f"{target} is {target.stat().st_size} bytes, over {MAX_BYTES}")


def main(argv: list[str] | None = None) -> int:
    """Make the three videos and write their sheets."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "sheets", help="folder for the PNGs")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="contact-sheets."))
    try:
        for sheet in SHEETS:
            start = time.perf_counter()
            path = make_video(sheet, work, args.out)
            print(f"{path}  {path.stat().st_size // 1000} KB  {time.perf_counter() - start:.1f} s")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    raise SystemExit(main())
