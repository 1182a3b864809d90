"""Every error the product and the local backend raise: the backend's code and message, and a hint a person can act on.

Each class the API answers with carries its wire code and HTTP status (`wire_code`, `http_status`), and
`WIRE_ERRORS` at the end is the one table from a code to its class: the local backend answers an error with
its class's code and status (local/web/wire.py), the client maps a code back to the class
(client/envelope.py). Nothing else spells a code.

    NemoError                               code  HTTP
    ├── ApiError                      the backend answered with an error
    │   ├── TokenInvalid              1001   401  token expired or invalid
    │   ├── SessionNotFound           1002   404  session not found
    │   ├── OutOfCredits              2001   403  registration link (anonymous) or top-up (registered)
    │   ├── UnsupportedFile           4001   415  lists the accepted formats
    │   ├── FileTooLarge              4002   413  compress or trim
    │   ├── MissingClientId            400   400  from the token endpoint: the X-Client-Id header is missing
    │   ├── PlanLimit                  402   402  a plan limit or missing attribution
    │   ├── RateLimited                429   429  carries retry_after
    │   ├── RenderRejected                   400  the render proxy said success: false
    │   │   ├── DuplicateRenderId      409   409  the render id is already taken
    │   │   └── RenderNotFound        4005   404  the render id is unknown (or someone else's)
    │   ├── BadRequest                4000   400  a malformed request, or another 4xx
    │   │   ├── UrlRefused            4003   400  a URL upload's scheme or address is not allowed
    │   │   ├── FetchFailed           4004   400  a URL upload could not be downloaded
    │   │   └── NotFound               404   404  no such path or file
    │   ├── ServerError                500   500  a 5xx
    │   │   └── AgentUnavailable      5003   503  the editing agent is not installed
    │   └── UnknownApiError                       a code this client does not know
    ├── TransportError                no usable answer reached us
    │   ├── ApiTimeout                connect or read timeout
    │   │   └── DeadlineExceeded      the call's own deadline ran out (hosts cut tool calls at about 60 s)
    │   └── StreamDropped             the chat stream ended mid-event or the connection broke
    ├── MalformedResponse             bad JSON, an HTML page, wrong content type, missing fields, oversized events
    │   └── ResponseTooLarge          an answer over the size this client reads (counted decompressed)
    ├── ChatFailed                    the agent reported an error inside the stream
    ├── ChatTimeout                   the 15-minute cap, or 10 minutes of keep-alives only
    ├── RenderFailed                  the render ended failed
    ├── DownloadIncomplete            the file is shorter than announced, or not an MP4
    ├── InputError                    the user's input was refused before anything was sent
    └── UnexpectedError               a failure nobody foresaw, in readable words (details in the log with -v)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

ACCEPTED_FORMATS = ("mp4", "mov", "avi", "webm", "mkv", "jpg", "png", "gif", "webp", "mp3", "wav", "m4a", "aac")
MAX_UPLOAD_BYTES = 200 * 1024 * 1024


class NemoError(Exception):
    """Root of the tree: a message for people, a hint for what to do, and the backend's code if any."""

    # `message` and `hint` are English (logs, `error.detail` in JSON); a reply words the error in the language of
    # the request from its class, `reason`, `values` and `said` instead (conversation/failures.py).

    default_hint = ""
    wire_code: ClassVar[int | None] = None  # the code the API answers this error with, if it has one
    http_status: ClassVar[int] = 500  # the HTTP status the local backend answers it with

    def __init__(self, message: str, *, code: int | str | None = None, hint: str | None = None,
                 said: str | None = None, reason: str = "", values: Mapping[str, object] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code if code is not None else self.wire_code
        self.hint = hint if hint is not None else self.default_hint
        # For the reply, which words it in the language of the request (conversation/failures.py): the service's
        # own words, quoted as they came; which case of the error this is; and what its words name (a file).
        self.said = said
        self.reason = reason
        self.values: dict[str, object] = dict(values or {})

    def __str__(self) -> str:
        return f"{self.message} {self.hint}".strip() if self.hint else self.message


class ApiError(NemoError):
    """The backend answered with an error."""


class TokenInvalid(ApiError):
    """1001: the token expired or is invalid."""

    wire_code = 1001
    http_status = 401
    default_hint = ("Your account token was refused: check NEMO_TOKEN, or run `nemovideo login` again "
                    "(`nemovideo logout` goes back to a free anonymous token).")


class SessionNotFound(ApiError):
    """1002: the session does not exist (or is not yours)."""

    wire_code = 1002
    http_status = 404
    default_hint = "Start a new project; the old session is gone."


class OutOfCredits(ApiError):
    """2001: not enough credits; the hint carries the registration or top-up link."""

    wire_code = 2001
    http_status = 403

    def __init__(self, message: str, *, user_id: str | None = None, **kwargs: object) -> None:
        super().__init__(message, **kwargs)  # type: ignore[arg-type]
        self.user_id = user_id  # the session's user: `anon_…` gets the registration link, anyone else top-up


class UnsupportedFile(ApiError):
    """4001: the file type is not accepted."""

    wire_code = 4001
    http_status = 415
    default_hint = "Accepted formats: " + ", ".join(ACCEPTED_FORMATS) + " (MP4, MOV, JPG and PNG work best)."


class FileTooLarge(ApiError):
    """4002: the file is over the size limit."""

    wire_code = 4002
    http_status = 413
    default_hint = "The limit is 200 MB a file: compress the video or trim it, then upload again."


class MissingClientId(ApiError):
    """HTTP 400 from the token endpoint: the X-Client-Id header was missing."""

    wire_code = 400
    http_status = 400
    default_hint = "A new client id will be generated."


class PlanLimit(ApiError):
    """HTTP 402: blocked by the plan (not a credit problem), or attribution headers missing."""

    wire_code = 402
    http_status = 402
    default_hint = "This is a plan limit, not a lack of credits: upgrading the plan lifts it."


class RateLimited(ApiError):
    """HTTP 429: too many requests."""

    wire_code = 429
    http_status = 429
    default_hint = "Wait a little and try again."

    def __init__(self, message: str, *, retry_after: float = 30.0, **kwargs: object) -> None:
        super().__init__(message, **kwargs)  # type: ignore[arg-type]
        self.retry_after = retry_after


class RenderRejected(ApiError):
    """The render proxy answered success: false."""

    http_status = 400


class DuplicateRenderId(RenderRejected):
    """The render id is already taken."""

    wire_code = 409
    http_status = 409


class RenderNotFound(RenderRejected):
    """The render id is unknown (or someone else's), or the render has no such file."""

    wire_code = 4005
    http_status = 404


class BadRequest(ApiError):
    """A malformed request (4000), or another 4xx answer."""

    wire_code = 4000
    http_status = 400


class UrlRefused(BadRequest):
    """4003: the URL's scheme or address is not allowed."""

    wire_code = 4003


class FetchFailed(BadRequest):
    """4004: the URL could not be downloaded."""

    wire_code = 4004


class NotFound(BadRequest):
    """No such path or file."""

    wire_code = 404
    http_status = 404


class ServerError(ApiError):
    """A 5xx answer."""

    wire_code = 500
    http_status = 500
    default_hint = "The service had a problem; try again in a minute."


class AgentUnavailable(ServerError):
    """5003: the editing agent is not installed."""

    wire_code = 5003
    http_status = 503


class UnknownApiError(ApiError):
    """An error code this client does not know."""


class TransportError(NemoError):
    """No usable answer reached us."""

    default_hint = "Check your network connection and try again."


class ApiTimeout(TransportError):
    """A connect or read timeout."""


class DeadlineExceeded(ApiTimeout):
    """The call's deadline ran out before the service answered."""

    default_hint = "The service is slow or not answering; try again in a minute."


class StreamDropped(TransportError):
    """The chat stream broke off before it finished."""

    default_hint = "Your request was not sent again; the project state will be checked."


class MalformedResponse(NemoError):
    """The answer could not be understood."""

    default_hint = "The service sent something unexpected; try again, and report it if it persists."


class ResponseTooLarge(MalformedResponse):
    """An answer larger than this client reads."""

    default_hint = "The service sent far more than expected; try again, and report it if it persists."


class ChatFailed(NemoError):
    """The agent reported an error inside the chat stream."""

    default_hint = "Try rephrasing the request, or try again in a minute."


class ChatTimeout(NemoError):
    """The chat ran past its cap, or only keep-alives arrived for too long."""

    default_hint = "The request may still finish: check the timeline before asking again."


class RenderFailed(NemoError):
    """The render ended failed."""

    default_hint = "Your timeline is unchanged; try exporting again."


class DownloadIncomplete(NemoError):
    """The downloaded file is truncated or not a video."""

    default_hint = "Try the download again."


class InputError(NemoError):
    """Input refused before anything was sent (missing file, wrong type, too large, bad URL)."""


class UnexpectedError(NemoError):
    """A failure this program did not foresee."""

    default_hint = "Nothing was sent twice. Try again; if it happens again, run with -v and report the log."


# The one table from a wire code to its class (each class holds its own code and status, above).
WIRE_ERRORS: tuple[type[ApiError], ...] = (
    TokenInvalid, SessionNotFound, OutOfCredits, UnsupportedFile, FileTooLarge, MissingClientId, PlanLimit,
    RateLimited, DuplicateRenderId, RenderNotFound, BadRequest, UrlRefused, FetchFailed, NotFound, ServerError,
    AgentUnavailable,
)


def error_class(code: int | str | None) -> type[ApiError] | None:
    """The class of a wire code from the table, or None for a code it does not hold."""
    return next((kind for kind in WIRE_ERRORS if kind.wire_code == code), None)
