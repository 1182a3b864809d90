"""The render engine: a draft to a 1080p H.264/AAC MP4 with a poster and a contact sheet, using ffmpeg.

    from nemovideo.local.render import render_draft, RenderResult, RenderError, RenderCancelled
"""

from nemovideo.local.render.engine import RenderResult, render_draft
from nemovideo.local.render.errors import RenderCancelled, RenderError

__all__ = ["RenderCancelled", "RenderError", "RenderResult", "render_draft"]
