"""Configuration of the local backend (data dir, prices, limits, fault switches) from flags and environment."""

from __future__ import annotations

import argparse
import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from nemovideo.errors import MAX_UPLOAD_BYTES
from nemovideo.settings import Settings

PROBABILITY_FAULTS = ("silent", "rate_limit", "expire_token", "drop_stream")
DURATION_FAULTS = ("long_keepalive",)
DEFAULT_RENDERER = "nemovideo.local.render:render_draft"


class ConfigError(ValueError):
    """A flag or environment value of the local backend is invalid; the message names it."""


@dataclass(frozen=True)
class Faults:
    """Failures injected on purpose so clients can be tested; all off by default."""

    silent: float = 0.0  # share of chat turns that change the draft but send no text
    rate_limit: float = 0.0  # share of API requests answered with HTTP 429
    expire_token: float = 0.0  # share of authenticated requests whose token expires on the spot (TokenInvalid)
    drop_stream: float = 0.0  # share of chat streams cut off in the middle of an event
    long_keepalive: float = 0.0  # seconds of keep-alives only before each chat turn's events
    seed: int | None = None  # makes every draw reproducible

    @property
    def enabled(self) -> bool:
        """True when any fault can happen."""
        return any(getattr(self, name) > 0 for name in PROBABILITY_FAULTS + DURATION_FAULTS)

    @classmethod
    def parse(cls, spec: str, seed: int | None = None) -> Faults:
        """Read 'silent=0.3,rate_limit=0.1,long_keepalive=5' (empty means no faults)."""
        values: dict[str, float] = {}
        for item in filter(None, (part.strip() for part in spec.split(","))):
            name, sep, raw = item.partition("=")
            name = name.strip().replace("-", "_")
            if not sep or name not in PROBABILITY_FAULTS + DURATION_FAULTS:
                known = ", ".join(PROBABILITY_FAULTS + DURATION_FAULTS)
                raise ConfigError(f"fault {item!r} is not NAME=VALUE with NAME one of {known}")
            values[name] = _fault_value(name, raw)
        return cls(seed=seed, **values)

    def describe(self) -> str:
        """The spec string these faults were parsed from (only the ones switched on)."""
        names = PROBABILITY_FAULTS + DURATION_FAULTS
        return ",".join(f"{name}={getattr(self, name):g}" for name in names if getattr(self, name) > 0)


def _fault_value(name: str, raw: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"fault {name} needs a number, got {raw!r}") from None
    if name in PROBABILITY_FAULTS and not 0.0 <= value <= 1.0:
        raise ConfigError(f"fault {name} is a share between 0 and 1, got {raw}")
    if name in DURATION_FAULTS and not (0.0 <= value <= 900.0 and math.isfinite(value)):
        raise ConfigError(f"fault {name} is a number of seconds between 0 and 900, got {raw}")
    return value


@dataclass(frozen=True)
class LocalConfig:
    """Everything the local backend can be told; tests build one directly."""

    data_dir: Path
    price_generate: int = 10
    price_edit: int = 2
    starting_credits: int = 100
    token_ttl_s: float = 7 * 24 * 3600.0
    new_users_per_address: int = 20  # anonymous users one address may create per window; 0 = no limit
    rate_window_s: float = 3600.0
    retry_after_s: int = 30
    max_upload_bytes: int = MAX_UPLOAD_BYTES
    max_files_per_request: int = 10
    url_timeout_s: float = 30.0
    keepalive_s: float = 5.0
    render_workers: int = 1
    renderer: str = DEFAULT_RENDERER
    queue_poll_s: float = 0.5
    faults: Faults = field(default_factory=Faults)

    def __post_init__(self) -> None:
        for name in ("price_generate", "price_edit", "starting_credits", "new_users_per_address", "render_workers"):
            if getattr(self, name) < 0:
                raise ConfigError(f"{name} must not be negative")
        for name in ("max_upload_bytes", "max_files_per_request", "keepalive_s", "queue_poll_s", "url_timeout_s"):
            if getattr(self, name) <= 0:
                raise ConfigError(f"{name} must be positive")

    @property
    def db_path(self) -> Path:
        """The SQLite database."""
        return self.data_dir / "nemovideo.sqlite3"

    @property
    def secret_path(self) -> Path:
        """The key that tokens are derived from (never stored in the database)."""
        return self.data_dir / "secret.key"

    @property
    def media_dir(self) -> Path:
        """Uploaded media, under generated names."""
        return self.data_dir / "media"

    @property
    def renders_dir(self) -> Path:
        """Render outputs, one folder per render."""
        return self.data_dir / "renders"

    @property
    def tmp_dir(self) -> Path:
        """Uploads and downloads in flight."""
        return self.data_dir / "tmp"

    @classmethod
    def from_env(cls, env: Mapping[str, str], data_dir: Path | None = None, *, embedded: bool = False) -> LocalConfig:
        """Build a config from an environment mapping such as os.environ.

        `embedded` is the backend a person runs offline with `--local` (NEMO_API_URL=local): it is free
        unless NEMO_LOCAL_PRICE_* say otherwise, so nobody working alone meets "out of credits".
        """
        root = data_dir or _env_path(env, "NEMO_LOCAL_DATA_DIR") or Settings.from_env(env).data_dir / "local"
        seed = _env_number(env, "NEMO_LOCAL_FAULT_SEED", int)
        seed = int(seed) if seed is not None else None
        changes: dict[str, Any] = {"faults": Faults.parse(env.get("NEMO_LOCAL_FAULTS", ""), seed)}
        for name, (var, kind) in ENV_FIELDS.items():
            value = _env_number(env, var, kind)
            if value is not None:
                changes[name] = value
        upload_mb = _env_number(env, "NEMO_LOCAL_MAX_UPLOAD_MB", float)
        if upload_mb is not None:
            changes["max_upload_bytes"] = int(upload_mb * 1024 * 1024)
        base = cls(data_dir=root.expanduser(), **(EMBEDDED_PRICES if embedded else {}))
        return replace(base, **changes)

    def with_args(self, args: argparse.Namespace) -> LocalConfig:
        """Apply the flags of `add_arguments` over this config (flags win over the environment)."""
        changes: dict[str, Any] = {}
        if getattr(args, "data_dir", None):
            changes["data_dir"] = Path(args.data_dir).expanduser()
        for name in ("price_generate", "price_edit", "keepalive_s", "render_workers", "new_users_per_address"):
            if getattr(args, name, None) is not None:
                changes[name] = getattr(args, name)
        if getattr(args, "max_upload_mb", None) is not None:
            changes["max_upload_bytes"] = int(args.max_upload_mb * 1024 * 1024)
        spec, seed = getattr(args, "faults", None), getattr(args, "fault_seed", None)
        if spec is not None or seed is not None:
            base = Faults.parse(spec) if spec is not None else self.faults
            changes["faults"] = replace(base, seed=seed if seed is not None else self.faults.seed)
        return replace(self, **changes)


EMBEDDED_PRICES: dict[str, Any] = {"price_generate": 0, "price_edit": 0}
ENV_FIELDS: dict[str, tuple[str, type]] = {
    "price_generate": ("NEMO_LOCAL_PRICE_GENERATE", int),
    "price_edit": ("NEMO_LOCAL_PRICE_EDIT", int),
    "new_users_per_address": ("NEMO_LOCAL_RATE_LIMIT", int),
    "keepalive_s": ("NEMO_LOCAL_KEEPALIVE", float),
    "render_workers": ("NEMO_LOCAL_RENDER_WORKERS", int),
}


def _env_path(env: Mapping[str, str], name: str) -> Path | None:
    value = env.get(name, "").strip()
    return Path(value) if value else None


def _env_number(env: Mapping[str, str], name: str, kind: type) -> int | float | None:
    raw = env.get(name, "").strip()
    if not raw:
        return None
    try:
        value: int | float = int(raw) if kind is int else float(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a number, got {raw!r}") from None
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The flags that tune the local backend (each overrides its NEMO_LOCAL_* variable)."""
    parser.add_argument("--data-dir", help="where the database, media and renders live")
    parser.add_argument("--price-generate", type=int, help="credits a generated video costs (default 10)")
    parser.add_argument("--price-edit", type=int, help="credits an edit costs (default 2)")
    parser.add_argument(
        "--rate-limit", dest="new_users_per_address", type=int, help="new anonymous users per address per hour"
    )
    parser.add_argument("--max-upload-mb", type=float, help="largest accepted file (default 200)")
    parser.add_argument("--keepalive", dest="keepalive_s", type=float, help="seconds between keep-alives (default 5)")
    parser.add_argument("--render-workers", type=int, help="renders run at once (default 1)")
    parser.add_argument(
        "--faults", help="inject failures, e.g. silent=0.3,rate_limit=0.1,expire_token=0.05,drop_stream=0.1,"
        "long_keepalive=5"
    )
    parser.add_argument("--fault-seed", type=int, help="seed that makes injected failures reproducible")
