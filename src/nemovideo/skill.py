"""SKILL.md discovery, frontmatter validation and the attribution headers derived from it."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml

SKILL_FILE = "SKILL.md"
NAME_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_DESCRIPTION = 1024


class SkillError(ValueError):
    """SKILL.md is missing or its frontmatter is invalid; the message names the field."""


@dataclass(frozen=True)
class Skill:
    """A validated SKILL.md and where it was found."""

    name: str
    version: str
    description: str
    path: Path | None
    platform: str

    def headers(self) -> dict[str, str]:
        """The attribution headers every request carries."""
        return {
            "X-Skill-Source": self.name,
            "X-Skill-Version": self.version,
            "X-Skill-Platform": self.platform,
        }


def parse_frontmatter(text: str) -> dict[str, object]:
    """Return the YAML frontmatter of a SKILL.md as a mapping."""
    if not text.startswith("---"):
        raise SkillError("SKILL.md has no YAML frontmatter (it must start with '---')")
    parts = text.split("\n---", 1)
    if len(parts) != 2:
        raise SkillError("SKILL.md frontmatter is not closed by a '---' line")
    try:
        data = yaml.safe_load(parts[0][3:])
    except yaml.YAMLError as exc:
        raise SkillError(f"SKILL.md frontmatter is not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise SkillError("SKILL.md frontmatter must be a mapping of fields")
    return data


def validate(front: Mapping[str, object]) -> tuple[str, str, str]:
    """Check name, version and description; return them."""
    name = front.get("name")
    if not isinstance(name, str) or not NAME_PATTERN.match(name):
        raise SkillError(f"SKILL.md field 'name' must be lowercase words joined by '-', got {name!r}")
    version = front.get("version")
    if version is None or str(version).strip() == "":
        raise SkillError("SKILL.md field 'version' is missing")
    description = front.get("description")
    if not isinstance(description, str) or not description.strip():
        raise SkillError("SKILL.md field 'description' is missing")
    if len(description) > MAX_DESCRIPTION:
        raise SkillError(
            f"SKILL.md field 'description' is {len(description)} characters; the limit is {MAX_DESCRIPTION}"
        )
    return name, str(version), description


def candidate_dirs(home: Path, cwd: Path, name: str) -> list[Path]:
    """Folders where an installed copy of the skill may live, in order of preference."""
    return [
        home / ".cursor" / "skills" / name,
        home / ".claude" / "skills" / name,
        home / ".openclaw" / "skills" / name,
        home / ".clawhub" / "skills" / name,
        cwd / "skills" / name,
    ]


def detect_platform(path: Path | None, home: Path, env: Mapping[str, str]) -> str:
    """X-Skill-Platform: SKILL_SOURCE if set, else from the install path, else 'unknown'."""
    explicit = env.get("SKILL_SOURCE", "").strip()
    if explicit:
        return explicit
    if path is None:
        return "unknown"
    folder = path.parent.resolve()
    if _is_under(folder, home / ".clawhub") or (folder / ".clawhub" / "origin.json").is_file():
        return "clawhub"
    if _is_under(folder, home / ".cursor" / "skills"):
        return "cursor"
    return "unknown"


def _is_under(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root.resolve())
    except (ValueError, OSError):
        return False
    return True


def packaged_text() -> str:
    """The SKILL.md shipped inside the package."""
    return resources.files("nemovideo").joinpath(SKILL_FILE).read_text(encoding="utf-8")


def find_skill_file(env: Mapping[str, str], home: Path, cwd: Path) -> Path | None:
    """The SKILL.md in use: NEMO_SKILL_DIR, else an installed copy, else None (the packaged one)."""
    explicit = env.get("NEMO_SKILL_DIR", "").strip()
    if explicit:
        path = Path(explicit).expanduser() / SKILL_FILE
        if not path.is_file():
            raise SkillError(f"NEMO_SKILL_DIR is set but {path} does not exist")
        return path
    name = validate(parse_frontmatter(packaged_text()))[0]
    for folder in candidate_dirs(home, cwd, name):
        if (folder / SKILL_FILE).is_file():
            return folder / SKILL_FILE
    return None


def load_skill(env: Mapping[str, str], home: Path | None = None, cwd: Path | None = None) -> Skill:
    """Find, read and validate the SKILL.md in use."""
    home = home if home is not None else Path(env.get("HOME") or Path.home())
    cwd = cwd if cwd is not None else Path.cwd()
    path = find_skill_file(env, home, cwd)
    text = path.read_text(encoding="utf-8") if path else packaged_text()
    name, version, description = validate(parse_frontmatter(text))
    return Skill(name, version, description, path, detect_platform(path, home, env))
