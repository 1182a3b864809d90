"""What every action answers: readable text plus structured data (docs/cli.md documents the shape)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from nemovideo.conversation.router import Route
from nemovideo.conversation.timeline import Edit, Timeline
from nemovideo.errors import NemoError

Status = Literal["completed", "unchanged", "running", "failed"]


class ErrorInfo(BaseModel):
    """A typed error, for agents that branch on it."""

    type: str
    code: int | str | None = Field(None, description="the service's error code, if it gave one")
    hint: str = Field("", description="what to do next, in the language of the reply")
    detail: str | None = Field(None, description="the technical message, in English")


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
    wants_video: bool = Field(False, description="the finished video was asked for too (an edit, then an export)")
    then_chat: bool = Field(False, description="after the upload, the words go to the editor")
    urls: list[str] = Field(default_factory=list, description="links found in the words, uploaded first")

    @classmethod
    def of(cls, decision: Route) -> RouteInfo:
        """How the router chose, as a reply carries it."""
        evidence = [EvidenceItem(feature=feature, weight=weight) for feature, weight in decision.evidence]
        return cls(action=decision.action, score=decision.score, evidence=evidence, wants_video=decision.wants_video,
                   then_chat=decision.then_chat, urls=list(decision.urls))


class Reply(BaseModel):
    """The answer to one request."""

    action: str
    status: Status = Field("completed", description=(
        "completed: done, and something changed (the draft, the uploads, a video file, a new project); "
        "unchanged: answered, nothing changed (a refusal, a question back, help, a balance or the timeline); "
        "running: still working, pass id to the status tool; failed: see error"))
    text: str
    rule: str | None = Field(None, description="short name of the routing rule that chose the action")
    route: RouteInfo | None = Field(None, description="how the user's words were routed: action, score, evidence")
    id: str | None = Field(None, description="job id to pass to the status tool while status is running")
    summary: str | None = None
    changes: list[str] = Field(default_factory=list, description="what the request changed, one readable line each")
    edits: list[Edit] = Field(default_factory=list, description="what the request changed: element, property, "
                                                                "before and after")
    credits_spent: float | None = Field(None, description="credits the chat turn cost, from the balance before and "
                                                          "after; null when not known")
    timeline: Timeline | None = Field(None, description="what is in the video: canvas, length, tracks, uploads")
    credits: CreditsInfo | None = None
    uploads: list[str] = Field(default_factory=list)
    video_path: str | None = None
    poster_path: str | None = None
    contact_sheet_path: str | None = None
    claim_url: str | None = None
    notes: list[str] = Field(default_factory=list, description="what the user should know about the video made, "
                             "e.g. characters no font could draw, left out")
    export_id: str | None = Field(None, description="id of the export a chat turn started, for the status tool")
    error: ErrorInfo | None = None

    @classmethod
    def failure(cls, action: str, exc: NemoError, text: str | None = None) -> Reply:
        """A failed reply from a typed error."""
        info = ErrorInfo(type=type(exc).__name__, code=exc.code, hint=exc.hint, detail=str(exc))
        return cls(action=action, status="failed", text=text or str(exc), error=info)
