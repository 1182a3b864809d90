"""Helpers for the render tests: media made with ffmpeg, drafts, and frames decoded to numpy (no tests here)."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import numpy as np

from nemovideo.draft import Draft, Source
from nemovideo.local.probe import ffmpeg_exe


def ffmpeg(*args: str) -> None:
    """Run ffmpeg quietly; fail the test with its complaint."""
    done = subprocess.run([ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "error", "-y", *args],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


def make_still(path: Path, width: int = 800, height: int = 600) -> Path:
    """A detailed test picture."""
    ffmpeg("-f", "lavfi", "-i", f"testsrc2=s={width}x{height}", "-frames:v", "1", str(path))
    return path


def make_clip(path: Path, seconds: float = 2.0, size: str = "640x360", audio: bool = True) -> Path:
    """A moving test clip, with a tone when asked."""
    args = ["-f", "lavfi", "-i", f"testsrc2=s={size}:r=25:d={seconds}"]
    if audio:
        args += ["-f", "lavfi", "-i", f"sine=f=440:d={seconds}", "-c:a", "aac"]
    ffmpeg(*args, "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", str(path))
    return path


def resolver(media: dict[str, Path]) -> Any:
    """A resolve_media function over a dict of url -> file."""
    def resolve(source: Source) -> Path | None:
        return media.get(source.url or "")
    return resolve


def draft(video: list[dict[str, Any]], texts: list[dict[str, Any]] | None = None,
          audio: list[dict[str, Any]] | None = None, *, length_ms: int, width: int, height: int) -> Draft:
    """A draft from plain segment dicts."""
    tracks: list[dict[str, Any]] = [{"id": "v", "tt": 0, "sg": video}]
    if audio:
        tracks.append({"id": "a", "tt": 1, "sg": audio})
    if texts:
        tracks.append({"id": "x", "tt": 7, "sg": texts})
    return Draft.parse({"t": tracks, "d": length_ms, "m": {"width": width, "height": height}})


def color_scene(start_ms: int, length_ms: int, color: str, **extra: Any) -> dict[str, Any]:
    """A plain colour scene."""
    return {"st": start_ms, "d": length_ms, "src": {"kind": "color", "colors": [color]}, **extra}


def decode_rgb(path: Path, width: int, height: int) -> np.ndarray[Any, np.dtype[np.uint8]]:
    """Every frame as RGB, shape (frames, height, width, 3)."""
    done = subprocess.run([ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "error", "-i", str(path),
                           "-f", "rawvideo", "-pix_fmt", "rgb24", "-"], capture_output=True, check=True)
    return np.frombuffer(done.stdout, np.uint8).reshape(-1, height, width, 3)


def decode_pcm(path: Path, rate: int = 22050) -> np.ndarray[Any, np.dtype[np.float32]]:
    """The sound as mono floats."""
    done = subprocess.run([ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "error", "-i", str(path),
                           "-f", "f32le", "-ac", "1", "-ar", str(rate), "-"], capture_output=True, check=True)
    return np.frombuffer(done.stdout, np.float32)
