"""The `nemovideo` command, through its exit codes and output, against the embedded local backend."""

from __future__ import annotations

import io
import json
import stat
import sys
from pathlib import Path

import pytest

from nemovideo.cli import main
from nemovideo.store import Store


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {"HOME": str(tmp_path), "NEMO_DATA_DIR": str(tmp_path / "data")}


def run(capsys: pytest.CaptureFixture[str], env: dict[str, str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv), env)
    out, err = capsys.readouterr()
    return code, out, err


def test_credits_and_state_on_a_fresh_local_backend(capsys: pytest.CaptureFixture[str], env: dict[str, str]) -> None:
    code, out, _ = run(capsys, env, "credits", "--local")
    assert code == 0 and out.strip() == "Credits: 100 available, 0 reserved for work in progress, 100 in total."
    code, out, _ = run(capsys, env, "state", "--local")
    assert code == 0 and out.strip() == "Timeline is empty."


def test_json_output_is_the_structured_reply(capsys: pytest.CaptureFixture[str], env: dict[str, str]) -> None:
    code, out, _ = run(capsys, env, "credits", "--local", "--json")
    data = json.loads(out)
    assert code == 0 and data["action"] == "credits" and data["credits"]["available"] == 100


def test_export_of_nothing_fails_with_one_clear_line(capsys: pytest.CaptureFixture[str], env: dict[str, str]) -> None:
    code, out, err = run(capsys, env, "export", "--local")
    assert code == 1 and "generate a video first" in out and "Traceback" not in err


def test_upload_of_a_missing_file(capsys: pytest.CaptureFixture[str], env: dict[str, str], tmp_path: Path) -> None:
    code, out, err = run(capsys, env, "upload", "--local", str(tmp_path / "nope.mp4"))
    assert code == 1 and "There is no file at" in out and "Traceback" not in err


def test_login_stores_a_registered_token_privately_and_logout_forgets_it(
    capsys: pytest.CaptureFixture[str], env: dict[str, str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("nmv_usr_CANARY_fromaccount\n"))
    code, out, err = run(capsys, env, "login", "--token-stdin")
    assert code == 0 and "CANARY" not in out + err
    creds = Store(tmp_path / "data").credentials("https://mega-api-prod.nemovideo.ai")
    assert creds is not None and not creds.anonymous and creds.token == "nmv_usr_CANARY_fromaccount"
    assert stat.S_IMODE((tmp_path / "data" / "credentials.json").stat().st_mode) == 0o600
    code, out, _ = run(capsys, env, "doctor")
    assert "stored (registered" in out and "CANARY" not in out
    code, out, _ = run(capsys, env, "logout")
    assert code == 0 and "gone" in out
    assert Store(tmp_path / "data").credentials("https://mega-api-prod.nemovideo.ai") is None


def test_login_refuses_something_that_is_not_a_token(capsys: pytest.CaptureFixture[str], env: dict[str, str],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("two words\n"))
    code, _, err = run(capsys, env, "login", "--token-stdin")
    assert code == 2 and "does not look like a token" in err


def test_doctor_checks_everything_locally(capsys: pytest.CaptureFixture[str], env: dict[str, str]) -> None:
    code, out, _ = run(capsys, env, "doctor", "--local")
    assert code == 0
    for name in ("settings", "token", "SKILL.md", "backend", "ffmpeg"):
        assert f"✅ {name}:" in out
    assert "api_url=local" in out


def test_a_bad_skill_dir_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str], env: dict[str, str],
                                               tmp_path: Path) -> None:
    code, _, err = run(capsys, {**env, "NEMO_SKILL_DIR": str(tmp_path / "missing")}, "skill")
    assert code == 2 and err.count("\n") == 1 and err.startswith("error: NEMO_SKILL_DIR")


def test_skill_shows_the_attribution(capsys: pytest.CaptureFixture[str], env: dict[str, str]) -> None:
    code, out, _ = run(capsys, {**env, "SKILL_SOURCE": "clawhub"}, "skill")
    assert code == 0 and "X-Skill-Source: video-generator-free-online-ai" in out
    assert "X-Skill-Platform: clawhub" in out


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], env: dict[str, str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["frobnicate"], env)
    assert exit_info.value.code == 2


def test_one_chat_turn_then_state_in_chinese(capsys: pytest.CaptureFixture[str], env: dict[str, str]) -> None:
    code, out, err = run(capsys, env, "chat", "--local", "生成一个10秒的视频：一家新开的咖啡店")
    assert code == 0 and "10秒" in out and "正在连接..." in err  # the tool speaks the user's language
    assert "点击" not in out and "click" not in out.lower()
    code, out, _ = run(capsys, env, "chat", "--local", "--json", "状态")
    data = json.loads(out)
    assert data["action"] == "state" and data["rule"] == "state:zh" and data["summary"].startswith("时间线（")
    code, out, _ = run(capsys, env, "credits", "--local")
    assert "可用 100" in out  # the embedded backend (--local) is free unless NEMO_LOCAL_PRICE_* say otherwise


def test_export_left_running_is_finished_by_status_in_a_later_process(
    capsys: pytest.CaptureFixture[str], env: dict[str, str], tmp_path: Path
) -> None:
    assert run(capsys, env, "chat", "--local", "generate a 3-second video about tea")[0] == 0
    code, out, _ = run(capsys, env, "export", "--local", "--json", "--wait", "0", "-o", str(tmp_path / "tea"))
    running = json.loads(out)
    assert code == 0 and running["status"] == "running" and running["id"].startswith("export_")
    code, out, _ = run(capsys, env, "status", "--local", running["id"])
    assert code == 0 and "✅ Video ready!" in out and "poster:" in out
    assert (tmp_path / "tea.mp4").read_bytes()[4:8] == b"ftyp"


def test_export_refuses_an_unwritable_folder_before_rendering(capsys: pytest.CaptureFixture[str],
                                                              env: dict[str, str]) -> None:
    assert run(capsys, env, "chat", "--local", "generate a 3-second video about tea")[0] == 0
    code, out, err = run(capsys, env, "export", "--local", "-o", "/proc/nope/video.mp4")
    assert code == 1 and "cannot be saved in /proc/nope" in out and "Traceback" not in err


def test_piped_interactive_chat_prints_replies_without_prompts(
    capsys: pytest.CaptureFixture[str], env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("credits\n状态\n"))
    code, out, _ = run(capsys, env, "chat", "--local")
    assert code == 0 and "›" not in out
    assert "Credits: 100 available" in out and "时间线为空。" in out
