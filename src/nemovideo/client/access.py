"""Who the client is to the API (client id, token, current session) and the recovery that keeps them valid.

Each recovery happens at most once per call: 1001 -> a new anonymous token for the same client id (a
NEMO_TOKEN is never replaced); 1002 -> a new session in the same language; HTTP 400 from the token endpoint
-> a new client id; 429 -> wait Retry-After (or 30 s) through the clock, but only when that fits what is left
of the call's deadline (and is at most two minutes); otherwise the RateLimited error says how long to wait.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar
from urllib.parse import quote

import anyio

from nemovideo import errors
from nemovideo.client import deadline, envelope
from nemovideo.client.envelope import ErrorContext
from nemovideo.client.http import Http
from nemovideo.client.models import SessionInfo, TokenInfo, read
from nemovideo.client.redact import scrub
from nemovideo.clock import Clock
from nemovideo.settings import Settings
from nemovideo.store import Credentials, SessionRecord, Store

log = logging.getLogger("nemovideo.client")

APP = "nemo_agent"
MAX_RATE_WAIT = 120.0
TOKEN_MARGIN = timedelta(minutes=5)
T = TypeVar("T")


@dataclass(frozen=True)
class Attempt:
    """The token and session one attempt of a call uses."""

    creds: Credentials
    session: SessionRecord | None

    @property
    def auth(self) -> dict[str, str]:
        """The bearer header."""
        return {"Authorization": f"Bearer {self.creds.token}"}

    @property
    def sid(self) -> str:
        """The session id (calls made with session=True always have one)."""
        if self.session is None:  # pragma: no cover - call(session=True) always provides one
            raise RuntimeError("this call needs a session")
        return self.session.session_id


class Access:
    """Tokens, sessions and the recovering call loop, shared by every endpoint."""

    def __init__(self, settings: Settings, store: Store, http: Http, clock: Clock, api_url: str) -> None:
        self._settings = settings
        self._store = store
        self._http = http
        self._clock = clock
        self._api_url = api_url
        self._creds: Credentials | None = None
        self._session_user: str | None = None  # the user id the session endpoint named, once known
        self._client_id: str | None = None
        self._token_lock = anyio.Lock()
        self._session_lock = anyio.Lock()

    @property
    def client_id(self) -> str:
        """The client id sent to the token endpoint."""
        if self._client_id is None:
            self._client_id = self._store.client_id(self._settings.client_id)
        return self._client_id

    def current_session(self) -> SessionRecord | None:
        """The stored current session."""
        return self._store.session(self._api_url)

    async def ensure_token(self) -> Credentials:
        """NEMO_TOKEN if set, else the stored token while valid, else a new anonymous token."""
        if self._settings.token:
            return Credentials(token=self._settings.token, anonymous=False)
        async with self._token_lock:
            if self._creds is None:
                self._creds = self._store.credentials(self._api_url)
            if self._creds is None or _expiring(self._creds):
                await self._fetch_token()
            assert self._creds is not None
            return self._creds

    async def anonymous_token(self) -> TokenInfo:
        """Ask for an anonymous token for this client id, store it and use it from now on."""
        async with self._token_lock:
            return await self._fetch_token()

    async def create_session(self, language: str) -> SessionRecord:
        """Start a new session and make it the current one."""
        lang = language.strip() or "en"
        body = {"task_name": "project", "language": lang}
        data = await self.call(lambda at: self.api("POST", f"/api/tasks/me/with-session/{APP}", at, json=body))
        info = read(SessionInfo, data, "session")
        self._session_user = info.user_id or self._session_user
        record = SessionRecord(session_id=info.session_id, task_id=info.task_id, language=lang)
        self._store.save_session(self._api_url, record)
        return record

    async def ensure_session(self, language: str) -> SessionRecord:
        """The current session, or a new one in `language`."""
        async with self._session_lock:
            return self.current_session() or await self.create_session(language)

    async def call(self, op: Callable[[Attempt], Awaitable[T]], *, session: bool = False) -> T:
        """Run `op` with a token (and a session), healing what can be healed, each at most once."""
        used: set[str] = set()
        while True:
            creds = await self.ensure_token()
            record = await self.ensure_session(self._settings.language or "en") if session else None
            try:
                return await op(Attempt(creds, record))
            except errors.NemoError as exc:
                if not await self._recover(exc, used, creds, record):
                    raise

    async def api(self, method: str, path: str, at: Attempt, **kwargs: Any) -> Any:
        """One `/api/*` request with the bearer token; the envelope's data or its typed error."""
        answer = await self._http.exchange(method, path, headers=at.auth, **kwargs)
        return envelope.api_data(answer, self.context())

    def context(self, token_call: bool = False) -> ErrorContext:
        """What the error map needs: which call this is, the session's user, the credits hint and the redaction."""
        user = self.user_id()
        return ErrorContext(token_call=token_call, credits_hint=self._credits_hint(user), redact=self.redact,
                            user_id=user)

    def user_id(self) -> str | None:
        """The session's user as far as this client knows: the one the session endpoint named, else the owner of
        the anonymous token in use (a NEMO_TOKEN's user is known only from the session endpoint)."""
        if self._session_user:
            return self._session_user
        creds = self._creds
        if not self._settings.token and creds is not None and creds.anonymous and creds.user_id:
            return creds.user_id
        return None

    def redact(self, text: str) -> str:
        """The text with every token this client knows masked."""
        return scrub(text, (self._settings.token, self._creds.token if self._creds else None))

    async def wait_rate(self, exc: errors.RateLimited, used: set[str]) -> bool:
        """Wait out a 429 once per call; False when already waited, or when the wait is over two minutes or would
        not leave time to ask again before the call's deadline (then the error says how long to wait)."""
        # The wait must leave time to ask again: a tenth of it more, and a little for the request itself.
        if "rate" in used or exc.retry_after > MAX_RATE_WAIT or not deadline.fits(exc.retry_after * 1.1 + 0.05):
            return False
        used.add("rate")
        log.warning("rate limited; waiting %.0f s before trying once more", exc.retry_after)
        await self._clock.sleep(exc.retry_after)
        return True

    async def _recover(
        self, exc: errors.NemoError, used: set[str], creds: Credentials, record: SessionRecord | None
    ) -> bool:
        # Only anonymous tokens are renewed: swapping a user's own token (NEMO_TOKEN or `nemovideo login`)
        # for an anonymous one would quietly make them somebody else.
        renewable = creds.anonymous and creds.token != self._settings.token
        if isinstance(exc, errors.TokenInvalid) and "token" not in used and renewable:
            used.add("token")
            log.warning("the token was refused; fetching a new one for the same client id")
            await self._renew_token(creds)
            return True
        if isinstance(exc, errors.SessionNotFound) and record is not None and "session" not in used:
            used.add("session")
            log.warning("session %s was not found; starting a new one", record.session_id)
            await self._replace_session(record)
            return True
        return isinstance(exc, errors.RateLimited) and await self.wait_rate(exc, used)

    async def _fetch_token(self) -> TokenInfo:
        used: set[str] = set()
        while True:
            try:
                info = await self._request_token()
                break
            except errors.MissingClientId:
                if "client" in used:
                    raise
                used.add("client")
                self._client_id = self._store.new_client_id()
                log.warning("the token endpoint wanted a client id; made a new one")
            except errors.RateLimited as exc:
                if not await self.wait_rate(exc, used):
                    raise
        expires = info.expires_at
        if expires is not None and expires.tzinfo is None:
            expires = expires.replace(tzinfo=UTC)
        self._creds = Credentials(token=info.token, user_id=info.user_id, anonymous=True, expires_at=expires)
        self._store.save_credentials(self._api_url, self._creds)
        return info

    async def _request_token(self) -> TokenInfo:
        answer = await self._http.exchange("POST", "/api/auth/anonymous-token", headers={"X-Client-Id": self.client_id})
        data = envelope.api_data(answer, self.context(token_call=True))
        return read(TokenInfo, data, "token")

    async def _renew_token(self, failed: Credentials) -> None:
        async with self._token_lock:
            if self._creds is not None and self._creds.token != failed.token:
                return  # another task already renewed it
            self._store.forget_credentials(self._api_url)
            self._creds = None
            await self._fetch_token()

    async def _replace_session(self, failed: SessionRecord) -> None:
        async with self._session_lock:
            current = self.current_session()
            if current is None or current.session_id == failed.session_id:
                await self.create_session(failed.language)

    def _credits_hint(self, user: str | None) -> str:
        # Registration binds the anonymous user's work to the new account; anyone else (or an unknown user)
        # tops up. A registration link without a user id would bind nothing, so it is never given.
        web = self._settings.web_url
        if user and user.startswith("anon_"):
            return f"Create a free account to get more credits: {web}/register?bind={quote(user, safe='')}"
        return f"Top up your credits at {web}."


def _expiring(creds: Credentials) -> bool:
    try:
        return creds.expired(datetime.now(UTC) + TOKEN_MARGIN)
    except TypeError:  # a stored expiry without a time zone
        return True
