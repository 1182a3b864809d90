"""The one place where any failure becomes a typed error with a readable message.

Typed errors pass through. Anything else is a bug, or an answer nobody foresaw: the person gets a NemoError
that names what stopped (never the exception's own text, which may quote an answer), the log gets one line at
WARNING and the traceback at INFO, which stderr shows only with -v.
"""

from __future__ import annotations

import logging

from nemovideo import errors

log = logging.getLogger("nemovideo")

# Permanent failures are not worth retrying after a restart; these are (the service or the network may recover).
TRANSIENT = (errors.TransportError, errors.ServerError, errors.RateLimited, errors.TokenInvalid)


def typed(exc: BaseException, what: str) -> errors.NemoError:
    """`exc` as a NemoError; `what` names the work that stopped ("The export"), for the message and the log."""
    exc = _innermost(exc)
    if isinstance(exc, errors.NemoError):
        return exc
    error = _convert(exc, what)
    log.warning("%s stopped on %s: %s", what, type(exc).__name__, error.message)
    log.info("%s: the unexpected failure in full", what, exc_info=exc)
    return error


def transient(error: errors.NemoError) -> bool:
    """True when trying again later may work (a network or service problem), False for a permanent failure."""
    return isinstance(error, TRANSIENT)


def _innermost(exc: BaseException) -> BaseException:
    """The failure itself rather than the task group around it (its first typed error, if it holds one)."""
    while isinstance(exc, BaseExceptionGroup):
        members = exc.exceptions
        exc = next((m for m in members if isinstance(m, errors.NemoError)), members[0])
    return exc


def _convert(exc: BaseException, what: str) -> errors.NemoError:
    if isinstance(exc, RecursionError):
        return errors.MalformedResponse(f"{what} stopped: the service sent data nested too deeply to read.")
    if isinstance(exc, ArithmeticError):  # OverflowError above all: inf from 1e308 * 100, int(inf)
        return errors.MalformedResponse(f"{what} stopped: the service sent a number out of range.")
    if isinstance(exc, MemoryError):
        return errors.ResponseTooLarge(f"{what} stopped: the service sent more data than fits in memory.")
    if isinstance(exc, TimeoutError):
        return errors.DeadlineExceeded(f"{what} did not finish in the time it may take.")
    if isinstance(exc, OSError):
        reason = exc.strerror or type(exc).__name__
        return errors.InputError(f"{what} stopped: a file could not be read or written ({reason}).")
    return errors.UnexpectedError(f"{what} stopped on an unexpected {type(exc).__name__}.")
