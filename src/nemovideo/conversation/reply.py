"""What every action answers: readable text plus structured data."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from nemovideo.errors import NemoError


class ErrorInfo(BaseModel):
    """A typed error, for agents that branch on it."""

    type: str
    code: int | str | None = None
    hint: str = ""


class CreditsInfo(BaseModel):
    """A credit balance."""

    available: float
    frozen: float
    total: float


class EvidenceItem(BaseModel):
    """One piece of evidence the router weighed: a feature and its weight."""

    feature: str
    weight: float


class RouteInfo(BaseModel):
    """How the router chose: the action, its score (2 or more wins) and the evidence (docs/routing.md)."""

    action: str
    score: float
    evidence: list[EvidenceItem] = Field(default_factory=list)


class Reply(BaseModel):
    """The answer to one request."""

    action: str
    status: Literal["completed", "running", "failed"] = "completed"
    text: str
    rule: str | None = Field(None, description="short name of the routing rule that chose the action")
    route: RouteInfo | None = Field(None, description="how the user's words were routed: action, score, evidence")
    id: str | None = Field(None, description="job id to pass to the status tool while status is running")
    summary: str | None = None
    changes: list[str] = Field(default_factory=list)
    credits: CreditsInfo | None = None
    uploads: list[str] = Field(default_factory=list)
    video_path: str | None = None
    poster_path: str | None = None
    contact_sheet_path: str | None = None
    claim_url: str | None = None
    export_id: str | None = Field(None, description="id of the export a chat turn started, for the status tool")
    error: ErrorInfo | None = None

    @classmethod
    def failure(cls, action: str, exc: NemoError, text: str | None = None) -> Reply:
        """A failed reply from a typed error."""
        info = ErrorInfo(type=type(exc).__name__, code=exc.code, hint=exc.hint)
        return cls(action=action, status="failed", text=text or str(exc), error=info)
