"""Typed answers of the API, tolerant of every variant the contract lists; unknown keys are kept."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from nemovideo.draft import Draft
from nemovideo.errors import MalformedResponse

M = TypeVar("M", bound=BaseModel)
FINISHED = ("completed", "failed", "cancelled")


class _Answer(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)


class TokenInfo(_Answer):
    """A fresh anonymous token (the token itself never appears in repr)."""

    token: str = Field(min_length=1, repr=False)
    user_id: str | None = None
    credits: int | None = None
    expires_at: datetime | None = None


class SessionInfo(_Answer):
    """A new session (ids may arrive as numbers; they are kept as text)."""

    session_id: str = Field(min_length=1)
    task_id: str | None = None
    user_id: str | None = None

    @field_validator("session_id", "task_id", "user_id", mode="before")
    @classmethod
    def _as_text(cls, raw: Any) -> Any:
        return str(raw) if isinstance(raw, int) and not isinstance(raw, bool) else raw


class ClaimToken(_Answer):
    """A one-time token that lets a browser account claim this session."""

    claim_token: str = Field(min_length=1)
    expires_in: int | None = None


class CreditBalance(_Answer):
    """Credits: available now, frozen by work in progress, and their total."""

    available: int
    frozen: int = 0
    total: int

    @model_validator(mode="before")
    @classmethod
    def _fill_total(cls, raw: Any) -> Any:
        if isinstance(raw, dict) and raw.get("total") is None and "available" in raw:
            return {**raw, "total": (raw.get("available") or 0) + (raw.get("frozen") or 0)}
        return raw


class UploadedFile(_Answer):
    """One uploaded file as the backend now knows it."""

    filename: str = ""
    file_type: str | None = None
    cdn_url: str | None = None
    duration: float | None = None
    width: int | None = None
    height: int | None = None
    fps: float | None = None
    hash: str | None = None


class UploadResult(_Answer):
    """What an upload added to the session."""

    files: list[UploadedFile] = Field(default_factory=list)
    session_state_applied: bool = False


class CanvasConfig(_Answer):
    """The session's canvas."""

    width: int | None = None
    height: int | None = None
    ratio: str | None = None


class SessionState(_Answer):
    """The latest state of a session: its draft, media and canvas."""

    session_id: str | None = None
    task_id: str | None = None
    task_name: str | None = None
    draft: Draft = Field(default_factory=Draft)
    video_infos: list[dict[str, Any]] = Field(default_factory=list)
    canvas: CanvasConfig | None = Field(None, alias="canvas_config")
    generated_media: list[Any] = Field(default_factory=list)
    video_analyses: dict[str, Any] = Field(default_factory=dict)

    @field_validator("draft", mode="before")
    @classmethod
    def _read_draft(cls, raw: Any) -> Draft:
        if isinstance(raw, str):
            try:
                raw = json.loads(raw)
            except ValueError:
                raw = None
        return raw if isinstance(raw, Draft) else Draft.parse(raw)

    @field_validator("video_infos", "generated_media", mode="before")
    @classmethod
    def _list_or_empty(cls, raw: Any) -> Any:
        return raw if isinstance(raw, list) else []

    @field_validator("video_analyses", mode="before")
    @classmethod
    def _dict_or_empty(cls, raw: Any) -> Any:
        return raw if isinstance(raw, dict) else {}

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> SessionState:
        """Read `data` whether the state is nested under `state` or given flat."""
        inner = data.get("state")
        merged = {**data, **inner} if isinstance(inner, dict) else dict(data)
        merged.pop("state", None)
        return read(cls, merged, "session state")


class RenderStatus(_Answer):
    """Where a render stands; `progress` is 0-100 and `output_url` is absolute once completed."""

    id: str
    status: str
    progress: int = 0
    output_url: str | None = None
    error: str | None = None
    poster_url: str | None = None
    contact_sheet_url: str | None = None
    dropped_characters: str | None = None  # characters of the texts no font drew (the local backend says)

    @property
    def finished(self) -> bool:
        """True once the render completed, failed or was cancelled."""
        return self.status in FINISHED

    @classmethod
    def from_body(cls, body: Mapping[str, Any], render_id: str) -> RenderStatus:
        """Read a render body whether its fields sit under `data` or at the top."""
        inner = body.get("data")
        layers = [inner, body] if isinstance(inner, dict) else [body]
        status = _pick(layers, "status", "state")
        if not isinstance(status, str) or not status.strip():
            raise MalformedResponse("The render service answered without a status.")
        normal = status.strip().lower()
        progress = 100 if normal == "completed" else _percent(_pick(layers, "progress"))
        fields = {
            "id": str(_pick(layers, "id", "render_id", "renderId") or render_id),
            "status": normal,
            "progress": progress,
            "output_url": _output_url(layers),
            "error": _text(_pick(layers, "error", "message") if normal == "failed" else _pick(layers, "error")),
            "poster_url": _text(_pick(layers, "posterUrl", "poster_url")),
            "contact_sheet_url": _text(_pick(layers, "contactSheetUrl", "contact_sheet_url")),
            "dropped_characters": _text(_pick(layers, "droppedCharacters", "dropped_characters")),
        }
        return read(cls, fields, "render status")


def read(model: type[M], raw: object, what: str) -> M:
    """Validate an answer; failures name the fields, never their values (they may hold secrets)."""
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        fields = sorted({".".join(str(part) for part in err["loc"]) or "(body)" for err in exc.errors()})
        raise MalformedResponse(
            f"The service's {what} was missing or had unreadable fields: {', '.join(fields)}."
        ) from None


def _pick(layers: list[Mapping[str, Any]], *keys: str) -> Any:
    for layer in layers:
        for key in keys:
            if layer.get(key) is not None:
                return layer[key]
    return None


def _output_url(layers: list[Mapping[str, Any]]) -> str | None:
    direct = _pick(layers, "outputUrl", "output_url", "downloadUrl", "download_url", "url")
    if isinstance(direct, str) and direct:
        return direct
    output = _pick(layers, "output")
    if isinstance(output, dict):
        return _text(output.get("url"))
    return _text(output)


def _percent(value: Any) -> int:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return 0
    if number != number:  # NaN
        return 0
    return int(round(min(max(number, 0.0), 100.0)))


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None
