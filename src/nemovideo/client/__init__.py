"""The NemoVideo agent API client: one async class, typed answers, typed chat events, typed errors."""

from nemovideo.client.api import NemoClient
from nemovideo.client.events import ChatEvent, KeepAlive, TextEvent, ToolCallEvent, ToolResultEvent
from nemovideo.client.models import (
    CanvasConfig,
    ClaimToken,
    CreditBalance,
    RenderStatus,
    SessionInfo,
    SessionState,
    TokenInfo,
    UploadedFile,
    UploadResult,
)
from nemovideo.store import Credentials, SessionRecord

__all__ = [
    "CanvasConfig",
    "ChatEvent",
    "ClaimToken",
    "CreditBalance",
    "Credentials",
    "KeepAlive",
    "NemoClient",
    "RenderStatus",
    "SessionInfo",
    "SessionRecord",
    "SessionState",
    "TextEvent",
    "TokenInfo",
    "ToolCallEvent",
    "ToolResultEvent",
    "UploadResult",
    "UploadedFile",
]
