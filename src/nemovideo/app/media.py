"""What the app's player shows: the latest preview or export as base64 (the iframe reads no files and has no
network), within a size a host passes on, and its contact sheet."""

from __future__ import annotations

import base64
from pathlib import Path

from pydantic import BaseModel, Field

from nemovideo.conversation.messages import say
from nemovideo.conversation.reply import Reply
from nemovideo.language import Language

MAX_VIDEO_BYTES = 12_000_000  # 16 MB as base64: a preview (480p) is far below; a long 1080p export may not be
MAX_SHEET_BYTES = 4_000_000


class AppFile(BaseModel):
    """A local file for the app: its path and type, and its bytes as base64 when they fit."""

    path: str
    mime_type: str
    size: int = Field(description="bytes")
    data: str | None = Field(None, description="the file as base64; null when it is over the limit")


class AppMedia(BaseModel):
    """The latest preview or export of the project, for the app's player."""

    action: str | None = Field(None, description="preview or export: what made the video; null when none was")
    text: str
    video: AppFile | None = None
    sheet: AppFile | None = Field(None, description="the contact sheet: frames of the video")
    poster: AppFile | None = Field(None, description="a still of the video, shown before it plays")
    export_path: str | None = Field(None, description="the finished MP4, when the latest video is an export")


def megabytes(size: int) -> str:
    """A size as people read it: '3.2 MB'."""
    return f"{size / 1_000_000:.1f} MB"


def encoded(path: Path, mime_type: str, limit: int) -> AppFile:
    """The file with its bytes as base64, or without them when it is larger than `limit`."""
    size = path.stat().st_size
    data = base64.b64encode(path.read_bytes()).decode() if size <= limit else None
    return AppFile(path=str(path), mime_type=mime_type, size=size, data=data)


def picture(path: str | None) -> AppFile | None:
    """A PNG of the reply's video (its contact sheet or poster), when it is on disk."""
    found = Path(path) if path else None
    return encoded(found, "image/png", MAX_SHEET_BYTES) if found is not None and found.is_file() else None


def media_of(reply: Reply | None, lang: Language, limit: int = MAX_VIDEO_BYTES) -> AppMedia:
    """The player's media for the latest finished video (`reply`), or the words saying there is none."""
    if reply is None or not reply.video_path:
        return AppMedia(text=say("app_no_video", lang))
    video = encoded(Path(reply.video_path), "video/mp4", limit)
    if video.data is None:
        text = say("app_video_too_large", lang, size=megabytes(video.size), limit=megabytes(limit), path=video.path)
    else:
        text = say("app_video", lang, path=video.path, size=megabytes(video.size))
    return AppMedia(action=reply.action, text=text, video=video, sheet=picture(reply.contact_sheet_path),
                    poster=picture(reply.poster_path),
                    export_path=video.path if reply.action == "export" else None)
