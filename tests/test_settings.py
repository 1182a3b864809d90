"""Settings come from an explicit mapping."""

from __future__ import annotations

from pathlib import Path

from nemovideo.settings import CLOUD_API_URL, Settings, mask


def test_defaults_point_at_the_cloud_and_the_public_skill_folder(tmp_path: Path) -> None:
    settings = Settings.from_env({"HOME": str(tmp_path)})
    assert settings.api_url == CLOUD_API_URL
    assert settings.data_dir == tmp_path / ".config" / "nemovideo"
    assert settings.token is None and not settings.is_local
    assert settings.videos_dir == tmp_path / "Videos" / "NemoVideo"


def test_every_variable_is_read(tmp_path: Path) -> None:
    env = {
        "HOME": str(tmp_path),
        "NEMO_TOKEN": "nmv_usr_secret",
        "NEMO_API_URL": "LOCAL",
        "NEMO_WEB_URL": "https://web.example/",
        "NEMO_CLIENT_ID": "client-1234",
        "SKILL_SOURCE": "clawhub",
        "NEMO_DATA_DIR": str(tmp_path / "data"),
        "NEMO_VIDEOS_DIR": str(tmp_path / "films"),
    }
    settings = Settings.from_env(env)
    assert settings.is_local
    assert settings.web_url == "https://web.example"
    assert settings.token == "nmv_usr_secret" and settings.client_id == "client-1234"
    assert settings.skill_source == "clawhub"
    assert settings.data_dir == tmp_path / "data"
    assert settings.videos_dir == tmp_path / "films"


def test_redacted_view_never_shows_the_token() -> None:
    settings = Settings(token="nmv_usr_CANARY123456")
    shown = str(settings.redacted())
    assert "CANARY" not in shown and "nmv_usr_" in shown
    assert "CANARY" not in mask("CANARY-without-prefix")
