"""The request-validation layer: whatever a request carries, malformed input ends as a 4xx envelope.

`json_object` parses a body with bounded numbers and nesting and without lone surrogates (every JSON
body goes through it: `wire.read_json`); `split_host` reads a Host header for `guard.RequestGuard`,
which also bounds the wait for a body that was announced but does not arrive.
"""

from __future__ import annotations

import ipaddress
import json
import math
from typing import Any

from nemovideo.errors import BadRequest

MAX_DEPTH = 64  # a draft nests about six levels; anything far deeper is not one
MAX_NUMBER_CHARS = 40  # enough for any id, price, time or coordinate; Python would parse 4300 digits slowly


def host_name(host: str) -> str:
    """A `--host` as it appears in a Host header: IPv6 addresses in brackets, lower case."""
    host = host.strip().lower()
    try:
        return f"[{host}]" if ipaddress.ip_address(host).version == 6 else host
    except ValueError:
        return host


def split_host(value: str) -> tuple[str, int | None] | None:
    """Name and port of a Host header (`[::1]:8765`, `localhost`); None when it is malformed."""
    value = value.strip().lower()
    if value.startswith("["):
        end = value.find("]")
        name, rest = value[: end + 1], value[end + 1:]
        if end < 0 or (rest and not rest.startswith(":")):
            return None
        port = rest[1:]
    elif value.count(":") > 1:
        return None
    else:
        name, _, port = value.partition(":")
    if not name:
        return None
    if not port:
        return name, None
    if not (port.isascii() and port.isdigit() and len(port) <= 5):
        return None
    return name, int(port)


def json_object(raw: bytes) -> dict[str, Any]:
    """A JSON object body with bounded numbers and nesting and no lone surrogates; BadRequest (4000) otherwise."""
    try:
        text = raw.decode("utf-8")
        value = json.loads(text, parse_int=_integer, parse_float=_decimal, parse_constant=_constant)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise BadRequest("request body is not valid JSON") from None
    except RecursionError:
        raise BadRequest(f"request body nests deeper than {MAX_DEPTH} levels") from None
    if not isinstance(value, dict):
        raise BadRequest("request body must be a JSON object")
    check_value(value)
    return value


def check_value(value: Any) -> None:
    """Refuse nesting deeper than MAX_DEPTH and strings that are not valid Unicode (lone surrogates)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise BadRequest(f"request body nests deeper than {MAX_DEPTH} levels")
        if isinstance(item, str):
            _check_text(item)
        elif isinstance(item, dict):
            for key, child in item.items():
                _check_text(key)
                stack.append((child, depth + 1))
        elif isinstance(item, list):
            stack.extend((child, depth + 1) for child in item)


def _check_text(text: str) -> None:
    # json.loads accepts "\ud800"; SQLite and every encoder after it would fail on it with a 500.
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise BadRequest("request body has a string that is not valid Unicode (a lone surrogate)") from None


def _integer(text: str) -> int:
    if len(text) > MAX_NUMBER_CHARS:
        raise BadRequest(f"request body has a number longer than {MAX_NUMBER_CHARS} characters")
    return int(text)


def _decimal(text: str) -> float:
    if len(text) > MAX_NUMBER_CHARS:
        raise BadRequest(f"request body has a number longer than {MAX_NUMBER_CHARS} characters")
    number = float(text)
    if not math.isfinite(number):
        raise BadRequest("request body has a number too large to use")
    return number


def _constant(text: str) -> float:
    raise BadRequest(f"request body has {text}, which is not JSON")
