"""A small JPEG of a still (an export's poster) to show inline: a host puts it into the model's context, where the
full 1920x1080 poster would cost about 270,000 base64 characters. Made by the bundled ffmpeg (imageio-ffmpeg)."""

from __future__ import annotations

import logging
import subprocess
from pathlib import Path

log = logging.getLogger(__name__)

MAX_WIDTH = 480  # pixels
MAX_BYTES = 100_000
QUALITIES = (3, 6, 10, 16, 24, 31)  # ffmpeg's JPEG scale, best first: the first that fits is kept
TIMEOUT = 20.0  # seconds for one ffmpeg run on a still


def thumbnail(image: Path, width: int = MAX_WIDTH, limit: int = MAX_BYTES) -> bytes | None:
    """`image` as a JPEG at most `width` pixels wide (never enlarged) and `limit` bytes, or None."""
    # None: no ffmpeg, not an image, or too large even at the lowest quality.
    try:
        import imageio_ffmpeg  # deferred: nothing happens at import time

        exe = str(imageio_ffmpeg.get_ffmpeg_exe())
    except (ImportError, RuntimeError):
        return None
    scale = f"scale='min({width},iw)':-2"  # an even height keeps every JPEG encoder happy
    for quality in QUALITIES:
        argv = [exe, "-v", "error", "-i", str(image), "-frames:v", "1", "-vf", scale, "-q:v", str(quality),
                "-f", "image2pipe", "-c:v", "mjpeg", "pipe:1"]
        try:
            done = subprocess.run(argv, capture_output=True, timeout=TIMEOUT, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            log.info("no thumbnail of %s: %s", image, exc)
            return None
        if done.returncode != 0 or not done.stdout:
            log.info("no thumbnail of %s: %s", image, done.stderr.decode("utf-8", "replace").strip()[:200])
            return None
        if len(done.stdout) <= limit:
            return done.stdout
    return None
