"""Every error the product raises, each with the backend's code and message and a hint a person can act on.

    NemoError
    ├── ApiError                      the backend answered with an error
    │   ├── TokenInvalid              1001: token expired or invalid
    │   ├── SessionNotFound           1002: session not found
    │   ├── OutOfCredits              2001: registration link (anonymous) or top-up (registered)
    │   ├── UnsupportedFile           4001: lists the accepted formats
    │   ├── FileTooLarge              4002: compress or trim
    │   ├── MissingClientId           HTTP 400 from the token endpoint
    │   ├── PlanLimit                 HTTP 402: a plan limit or missing attribution
    │   ├── RateLimited               HTTP 429: carries retry_after
    │   ├── RenderRejected            the render proxy said success: false
    │   │   └── DuplicateRenderId     the render id is already taken
    │   ├── BadRequest                another 4xx
    │   ├── ServerError               5xx
    │   └── UnknownApiError           a code this client does not know
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

ACCEPTED_FORMATS = ("mp4", "mov", "avi", "webm", "mkv", "jpg", "png", "gif", "webp", "mp3", "wav", "m4a", "aac")
MAX_UPLOAD_BYTES = 200 * 1024 * 1024


class NemoError(Exception):
    """Root of the tree: a message for people, a hint for what to do, and the backend's code if any."""

    default_hint = ""

    def __init__(self, message: str, *, code: int | str | None = None, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.hint = hint if hint is not None else self.default_hint

    def __str__(self) -> str:
        return f"{self.message} {self.hint}".strip() if self.hint else self.message


class ApiError(NemoError):
    """The backend answered with an error."""


class TokenInvalid(ApiError):
    """1001: the token expired or is invalid."""

    default_hint = ("Your account token was refused: check NEMO_TOKEN, or run `nemovideo login` again "
                    "(`nemovideo logout` goes back to a free anonymous token).")


class SessionNotFound(ApiError):
    """1002: the session does not exist (or is not yours)."""

    default_hint = "Start a new project; the old session is gone."


class OutOfCredits(ApiError):
    """2001: not enough credits; the hint carries the registration or top-up link."""

    def __init__(self, message: str, *, user_id: str | None = None, **kwargs: object) -> None:
        super().__init__(message, **kwargs)  # type: ignore[arg-type]
        self.user_id = user_id  # the session's user: `anon_…` gets the registration link, anyone else top-up


class UnsupportedFile(ApiError):
    """4001: the file type is not accepted."""

    default_hint = "Accepted formats: " + ", ".join(ACCEPTED_FORMATS) + " (MP4, MOV, JPG and PNG work best)."


class FileTooLarge(ApiError):
    """4002: the file is over the size limit."""

    default_hint = "The limit is 200 MB a file: compress the video or trim it, then upload again."


class MissingClientId(ApiError):
    """HTTP 400 from the token endpoint: the X-Client-Id header was missing."""

    default_hint = "A new client id will be generated."


class PlanLimit(ApiError):
    """HTTP 402: blocked by the plan (not a credit problem), or attribution headers missing."""

    default_hint = "This is a plan limit, not a lack of credits: upgrading the plan lifts it."


class RateLimited(ApiError):
    """HTTP 429: too many requests."""

    default_hint = "Wait a little and try again."

    def __init__(self, message: str, *, retry_after: float = 30.0, **kwargs: object) -> None:
        super().__init__(message, **kwargs)  # type: ignore[arg-type]
        self.retry_after = retry_after


class RenderRejected(ApiError):
    """The render proxy answered success: false."""


class DuplicateRenderId(RenderRejected):
    """The render id is already taken."""


class BadRequest(ApiError):
    """Another 4xx answer."""


class ServerError(ApiError):
    """A 5xx answer."""

    default_hint = "The service had a problem; try again in a minute."


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
