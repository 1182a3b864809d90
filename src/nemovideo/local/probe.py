"""Media facts (duration, size, fps, streams) read from ffmpeg's own description of a file."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

DURATION = re.compile(r"Duration: (\d+):(\d+):(\d+(?:\.\d+)?)")
VIDEO = re.compile(r"Stream #\S+.*?: Video: (\w+)[^\n]*?, (\d{2,5})x(\d{2,5})")
FPS = re.compile(r"Stream #\S+.*?: Video: [^\n]*?(\d+(?:\.\d+)?) (?:fps|tbr)")
AUDIO = re.compile(r"Stream #\S+.*?: Audio: (\w+)")
PIXELS = re.compile(r"Stream #\S+.*?: Video: \w+(?: \([^)]*\))*, (\w+)")
ROTATION = re.compile(r"display ?matrix: rotation of (-?\d+(?:\.\d+)?) degrees", re.IGNORECASE)
ALPHA_FORMATS = ("rgba", "bgra", "argb", "abgr", "ya8", "ya16", "yuva", "gbrap", "pal8")


@dataclass(frozen=True)
class MediaInfo:
    """What a person or the renderer needs to know about a media file."""

    duration_ms: int | None
    width: int | None
    height: int | None
    fps: float | None
    video_codec: str | None
    audio_codec: str | None
    pixel_format: str | None = None
    rotation: int = 0  # degrees the picture is turned when played (phone videos)

    @property
    def has_video(self) -> bool:
        """True when the file has a picture stream."""
        return self.video_codec is not None

    @property
    def has_audio(self) -> bool:
        """True when the file has a sound stream."""
        return self.audio_codec is not None

    @property
    def has_alpha(self) -> bool:
        """True when the picture may be transparent somewhere (its pixel format carries alpha or a palette)."""
        return (self.pixel_format or "").startswith(ALPHA_FORMATS)

    @property
    def shown_size(self) -> tuple[int, int] | None:
        """Width and height as the picture is shown: turned a quarter, a phone video swaps them."""
        if not self.width or not self.height:
            return None
        turned = round(self.rotation / 90) % 2 == 1
        return (self.height, self.width) if turned else (self.width, self.height)


def ffmpeg_exe() -> str:
    """The ffmpeg binary shipped by imageio-ffmpeg."""
    import imageio_ffmpeg  # deferred: nothing happens at import time

    return str(imageio_ffmpeg.get_ffmpeg_exe())


def parse_ffmpeg_banner(text: str) -> MediaInfo | None:
    """Read `ffmpeg -i` output; None when it describes no media streams."""
    video, audio = VIDEO.search(text), AUDIO.search(text)
    if video is None and audio is None:
        return None
    duration = DURATION.search(text)
    duration_ms = None
    if duration:
        hours, minutes, secs = int(duration.group(1)), int(duration.group(2)), float(duration.group(3))
        duration_ms = round((hours * 3600 + minutes * 60 + secs) * 1000)
    fps = FPS.search(text)
    pixels, rotation = PIXELS.search(text), ROTATION.search(text)
    return MediaInfo(
        duration_ms=duration_ms,
        width=int(video.group(2)) if video else None,
        height=int(video.group(3)) if video else None,
        fps=float(fps.group(1)) if fps and video else None,
        video_codec=video.group(1) if video else None,
        audio_codec=audio.group(1) if audio else None,
        pixel_format=pixels.group(1) if pixels and video else None,
        rotation=round(float(rotation.group(1))) if rotation and video else 0,
    )


def run_ffmpeg(args: list[str], timeout: float) -> subprocess.CompletedProcess[str] | None:
    """Run the bundled ffmpeg quietly; None when it cannot run (no binary) or takes too long."""
    try:
        return subprocess.run([ffmpeg_exe(), "-hide_banner", "-nostdin", *args], capture_output=True, text=True,
                              errors="replace", timeout=timeout, check=False)
    except (OSError, RuntimeError, subprocess.TimeoutExpired):  # RuntimeError: no ffmpeg binary
        return None


def probe_media(path: Path, timeout: float = 30.0) -> MediaInfo | None:
    """Probe a file with ffmpeg; None when it is not media ffmpeg can read."""
    done = run_ffmpeg(["-i", str(path)], timeout)
    return parse_ffmpeg_banner(done.stderr) if done else None


FRAME_COUNT = re.compile(r"frame=\s*(\d+)")


def count_video_frames(path: Path, timeout: float = 60.0) -> int | None:
    """Frames in the first video stream, counted from its packets (no decoding); None if unreadable."""
    done = run_ffmpeg(["-i", str(path), "-map", "0:v:0", "-c", "copy", "-f", "null", "-"], timeout)
    found = FRAME_COUNT.findall(done.stderr) if done else []
    return int(found[-1]) if done and done.returncode == 0 and found else None
