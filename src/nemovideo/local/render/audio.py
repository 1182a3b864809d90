"""The sound of a render: music beds, uploaded audio and the clips' own sound, with volumes and fades, as AAC."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from nemovideo.local.render.plan import FPS, Plan, Sound

RATE = 48000
BITRATE = "160k"
EDGE_MS = 15  # a tiny fade at clip edges so cuts do not click


@dataclass(frozen=True)
class Voice:
    """One input of the mix: where its sound comes from and how it is shaped."""

    args: list[str]
    start_ms: int
    duration_ms: int
    volume: float
    fade_in_ms: int
    fade_out_ms: int


def voices(plan: Plan, music: Callable[[Sound], Path]) -> list[Voice]:
    """Every sound to mix: audio segments, then the sound of video clips that have some."""
    found: list[Voice] = []
    for sound in plan.sounds:
        if sound.volume <= 0:
            continue
        if sound.kind == "music":
            args = ["-i", str(music(sound))]
        else:
            args = ["-ss", f"{sound.in_ms / 1000:.3f}", "-t", f"{sound.duration_ms / 1000 + 0.5:.3f}",
                    "-i", str(sound.path)]
        found.append(Voice(args, sound.start_ms, sound.duration_ms, sound.volume, sound.fade_in_ms,
                           sound.fade_out_ms))
    for scene in plan.scenes:
        media = scene.visual.media
        if scene.visual.kind != "video" or media is None or not media.has_audio or scene.volume <= 0:
            continue
        start, length = scene.start * 1000 // FPS, scene.frames * 1000 // FPS
        args = ["-ss", f"{scene.visual.in_ms / 1000:.3f}", "-t", f"{length / 1000 + 0.5:.3f}",
                "-i", str(scene.visual.path)]
        found.append(Voice(args, start, length, scene.volume, EDGE_MS, EDGE_MS))
    return found


def audio_args(plan: Plan, mixed: list[Voice], output: str) -> list[str]:
    """ffmpeg arguments that write the mix, exactly as long as the video, as AAC."""
    total = plan.frames / FPS
    args: list[str] = []
    chains: list[str] = []
    for index, voice in enumerate(mixed):
        args += voice.args
        length = voice.duration_ms / 1000
        fade_in = min(max(voice.fade_in_ms, EDGE_MS), voice.duration_ms // 2) / 1000
        fade_out = min(max(voice.fade_out_ms, EDGE_MS), voice.duration_ms // 2) / 1000
        chains.append(
            f"[{index}:a]aresample={RATE},aformat=sample_fmts=fltp:channel_layouts=stereo,"
            f"atrim=0:{length:.6f},asetpts=PTS-STARTPTS,volume={voice.volume:.4f},"
            f"afade=t=in:d={fade_in:.3f},afade=t=out:st={length - fade_out:.6f}:d={fade_out:.3f},"
            f"adelay={voice.start_ms}:all=1[v{index}]")
    if mixed:
        inputs = "".join(f"[v{i}]" for i in range(len(mixed)))
        chains.append(f"{inputs}amix=inputs={len(mixed)}:normalize=0:duration=longest:dropout_transition=0,"
                      f"apad=whole_dur={total:.6f},atrim=end={total:.6f}[mix]")
    else:
        chains.append(f"anullsrc=r={RATE}:cl=stereo,atrim=end={total:.6f}[mix]")
    return [*args, "-filter_complex", ";".join(chains), "-map", "[mix]", "-c:a", "aac", "-b:a", BITRATE,
            "-ar", str(RATE), "-ac", "2", "-vn", output]
