"""SKILL.md discovery, validation and platform detection."""

from __future__ import annotations

from pathlib import Path

import pytest

from nemovideo.skill import SkillError, load_skill, packaged_text, parse_frontmatter, validate

ROOT = Path(__file__).resolve().parent.parent
NAME = "video-generator-free-online-ai"


def write_skill(folder: Path, name: str = NAME, version: str = "9.9.9", description: str = "Makes videos.") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "SKILL.md").write_text(
        f"---\nname: {name}\nversion: {version}\ndescription: {description}\n---\n# body\n", encoding="utf-8"
    )
    return folder / "SKILL.md"


def test_repository_skill_is_valid_and_packaged_copy_is_identical() -> None:
    text = (ROOT / "SKILL.md").read_text(encoding="utf-8")
    front = parse_frontmatter(text)
    name, version, description = validate(front)
    assert name == NAME and version and len(description) <= 1024
    assert packaged_text() == text
    metadata = front["metadata"]
    assert isinstance(metadata, dict) and metadata["openclaw"]["primaryEnv"] == "NEMO_TOKEN"
    assert "导出" in description and "export" in description.lower()


def test_metadata_is_single_line_json_for_clawhub() -> None:
    line = next(ln for ln in (ROOT / "SKILL.md").read_text().splitlines() if ln.startswith("metadata:"))
    import json

    assert json.loads(line.split(":", 1)[1])["openclaw"]["emoji"]


@pytest.mark.parametrize(
    ("front", "field"),
    [
        ({"version": "1", "description": "x"}, "name"),
        ({"name": "Bad Name", "version": "1", "description": "x"}, "name"),
        ({"name": "ok-name", "description": "x"}, "version"),
        ({"name": "ok-name", "version": "1"}, "description"),
        ({"name": "ok-name", "version": "1", "description": "x" * 1025}, "description"),
    ],
)
def test_invalid_frontmatter_names_the_field(front: dict[str, object], field: str) -> None:
    with pytest.raises(SkillError, match=f"'{field}'"):
        validate(front)


def test_missing_or_unclosed_frontmatter_is_a_clear_error() -> None:
    with pytest.raises(SkillError, match="no YAML frontmatter"):
        parse_frontmatter("# just a title\n")
    with pytest.raises(SkillError, match="not closed"):
        parse_frontmatter("---\nname: x\n")


def test_packaged_copy_when_nothing_installed(tmp_path: Path) -> None:
    skill = load_skill({}, home=tmp_path / "home", cwd=tmp_path)
    assert skill.path is None
    assert skill.headers() == {"X-Skill-Source": NAME, "X-Skill-Version": "1.0.0", "X-Skill-Platform": "unknown"}


def test_nemo_skill_dir_wins(tmp_path: Path) -> None:
    write_skill(tmp_path / "home" / ".cursor" / "skills" / NAME, version="2.0.0")
    chosen = write_skill(tmp_path / "custom", version="3.1.4")
    skill = load_skill({"NEMO_SKILL_DIR": str(tmp_path / "custom")}, home=tmp_path / "home", cwd=tmp_path)
    assert skill.path == chosen and skill.version == "3.1.4" and skill.platform == "unknown"


def test_nemo_skill_dir_that_does_not_exist_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(SkillError, match="NEMO_SKILL_DIR"):
        load_skill({"NEMO_SKILL_DIR": str(tmp_path / "nope")}, home=tmp_path, cwd=tmp_path)


@pytest.mark.parametrize(
    ("where", "platform"),
    [
        (".cursor/skills", "cursor"),
        (".claude/skills", "unknown"),
        (".openclaw/skills", "unknown"),
        (".clawhub/skills", "clawhub"),
    ],
)
def test_platform_from_install_path(tmp_path: Path, where: str, platform: str) -> None:
    home = tmp_path / "home"
    write_skill(home / where / NAME, version="4.0.0")
    skill = load_skill({}, home=home, cwd=tmp_path / "elsewhere")
    assert skill.version == "4.0.0"
    assert skill.headers()["X-Skill-Platform"] == platform


def test_clawhub_workdir_with_origin_json(tmp_path: Path) -> None:
    folder = tmp_path / "work" / "skills" / NAME
    write_skill(folder)
    (folder / ".clawhub").mkdir()
    (folder / ".clawhub" / "origin.json").write_text("{}")
    skill = load_skill({}, home=tmp_path / "home", cwd=tmp_path / "work")
    assert skill.path == folder / "SKILL.md" and skill.platform == "clawhub"


def test_skill_source_sets_the_platform(tmp_path: Path) -> None:
    write_skill(tmp_path / "home" / ".cursor" / "skills" / NAME)
    skill = load_skill({"SKILL_SOURCE": "openclaw"}, home=tmp_path / "home", cwd=tmp_path)
    assert skill.headers()["X-Skill-Platform"] == "openclaw"
    assert skill.headers()["X-Skill-Source"] == NAME


def test_installed_copy_with_bad_frontmatter_is_reported(tmp_path: Path) -> None:
    write_skill(tmp_path / "home" / ".claude" / "skills" / NAME, description="x" * 2000)
    with pytest.raises(SkillError, match="'description' is 2000 characters"):
        load_skill({}, home=tmp_path / "home", cwd=tmp_path)
