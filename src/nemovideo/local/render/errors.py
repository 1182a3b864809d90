"""The renderer's errors: a failure carries the tail of ffmpeg's complaint, a cancel says so."""

from __future__ import annotations

from nemovideo.errors import NemoError


class RenderError(NemoError):
    """The render failed; the message says why and ends with the tail of ffmpeg's stderr when ffmpeg failed."""


class RenderCancelled(RenderError):
    """The render was cancelled; nothing was left at the output path."""
