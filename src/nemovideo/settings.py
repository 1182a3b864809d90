"""Settings from an explicit environment mapping; nothing is read at import time."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

CLOUD_API_URL = "https://mega-api-prod.nemovideo.ai"
CLOUD_WEB_URL = "https://nemovideo.com"
LOCAL = "local"


@dataclass(frozen=True)
class Settings:
    """Everything the product reads from its environment."""

    api_url: str = CLOUD_API_URL
    web_url: str = CLOUD_WEB_URL
    token: str | None = None
    client_id: str | None = None
    skill_source: str | None = None
    data_dir: Path = Path("~/.config/nemovideo").expanduser()
    language: str | None = None
    videos_dir: Path = Path("~/Videos/NemoVideo").expanduser()  # exports without -o, and previews/ inside it

    @property
    def is_local(self) -> bool:
        """True when the embedded local backend should serve the API."""
        return self.api_url == LOCAL

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Settings:
        """Build settings from an environment mapping such as os.environ."""
        home = Path(env.get("HOME") or Path.home())
        data_dir = env.get("NEMO_DATA_DIR", "").strip()
        videos_dir = env.get("NEMO_VIDEOS_DIR", "").strip()
        api_url = env.get("NEMO_API_URL", "").strip().rstrip("/") or CLOUD_API_URL
        return cls(
            api_url=LOCAL if api_url.lower() == LOCAL else api_url,
            web_url=env.get("NEMO_WEB_URL", "").strip().rstrip("/") or CLOUD_WEB_URL,
            token=env.get("NEMO_TOKEN", "").strip() or None,
            client_id=env.get("NEMO_CLIENT_ID", "").strip() or None,
            skill_source=env.get("SKILL_SOURCE", "").strip() or None,
            data_dir=Path(data_dir).expanduser() if data_dir else home / ".config" / "nemovideo",
            language=env.get("NEMO_LANGUAGE", "").strip() or None,
            videos_dir=Path(videos_dir).expanduser() if videos_dir else home / "Videos" / "NemoVideo",
        )

    def redacted(self) -> dict[str, str]:
        """A printable view with the token masked."""
        return {
            "api_url": self.api_url,
            "web_url": self.web_url,
            "token": mask(self.token) if self.token else "(NEMO_TOKEN not set: stored or anonymous)",
            "client_id": self.client_id or "(stored or generated)",
            "skill_source": self.skill_source or "(detected)",
            "data_dir": str(self.data_dir),
            "videos_dir": str(self.videos_dir),
        }


def mask(secret: str) -> str:
    """Show only the shape of a secret: its prefix and its length."""
    found = re.match(r"^(?:[a-z]{2,4}_){1,2}", secret)
    prefix = found.group(0) if found and len(secret) - found.end() >= 8 else ""
    return f"{prefix}…({len(secret)} chars)"
