"""The `nemovideo` command, through its exit codes and output, against the embedded local backend."""

from __future__ import annotations

import io
import json
import re
import shlex
import sys
from pathlib import Path

import pytest

from nemovideo.cli import build_parser, main
from test_local_fakes import tiny_png


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


def test_upload_errors_say_what_to_do_in_the_request_language_and_keep_the_code_for_json(
        capsys: pytest.CaptureFixture[str], env: dict[str, str], tmp_path: Path) -> None:
    broken = tmp_path / "broken.mp4"
    broken.write_bytes(b"not a video at all" * 100)
    notes = tmp_path / "notes.txt"
    notes.write_text("hi")
    code, out, _ = run(capsys, env, "upload", "--local", str(broken))
    # An accepted extension the service could not read: its own words, quoted; no list of formats to contradict it.
    assert code == 1 and 'the service said: "broken.mp4 is not a readable video file"' in out
    assert "webm" not in out and "4001" not in out and "code" not in out
    code, out, _ = run(capsys, env, "upload", "--local", str(notes))
    assert code == 1 and out.startswith("notes.txt is not in a format I can use. Use mp4, mov") and "4001" not in out
    code, out, _ = run(capsys, env, "chat", "--local", "-a", str(broken), "用这个视频当第一个场景")
    assert code == 1 and out.startswith("服务无法读取 broken.mp4（服务返回：“broken.mp4 is not a readable video file")
    code, out, _ = run(capsys, env, "upload", "--local", "--json", str(broken))
    error = json.loads(out)["error"]
    assert (error["type"], error["code"]) == ("UnsupportedFile", 4001) and error["hint"].startswith("Check that")


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
    assert data["route"]["action"] == "state"
    assert {"feature": "state:keyword:状态", "weight": 2.0} in data["route"]["evidence"]
    code, out, _ = run(capsys, env, "credits", "--local")
    assert "可用 100" in out  # the embedded backend (--local) is free unless NEMO_LOCAL_PRICE_* say otherwise


def test_exit_codes_tell_an_edit_from_a_refusal_and_from_an_answer(capsys: pytest.CaptureFixture[str],
                                                                   env: dict[str, str]) -> None:
    assert run(capsys, env, "chat", "--local", "generate a 3-second video about tea")[0] == 0
    code, out, _ = run(capsys, env, "chat", "--local", "make it sparkle like a disco ball")
    assert code == 3 and "sparkle" in out  # the editor changed nothing: a script's `&& export` stops here
    code, out, _ = run(capsys, env, "chat", "--local", "--json", "make it sparkle like a disco ball")
    assert code == 3 and json.loads(out)["status"] == "unchanged"
    code, out, _ = run(capsys, env, "chat", "--local", "--json", "lower the music to 20%")
    assert code == 0 and json.loads(out)["status"] == "completed" and json.loads(out)["edits"]
    for argv in (["state"], ["credits"], ["chat", "what is on the timeline?"]):  # answers, not refusals
        code, out, _ = run(capsys, env, *argv, "--local", "--json")
        assert code == 0 and json.loads(out)["status"] == "unchanged"


def test_state_json_has_the_timeline_as_data_with_the_uploads(capsys: pytest.CaptureFixture[str],
                                                              env: dict[str, str], tmp_path: Path) -> None:
    picture = tmp_path / "logo.png"
    picture.write_bytes(tiny_png(64, 48))
    assert run(capsys, env, "upload", "--local", str(picture))[0] == 0
    assert run(capsys, env, "chat", "--local", "generate a 4-second vertical video about tea")[0] == 0
    code, out, _ = run(capsys, env, "state", "--local", "--json")
    data = json.loads(out)
    timeline = data["timeline"]
    assert (timeline["ratio"], timeline["size"], timeline["length"]) == ("9:16", {"width": 1080, "height": 1920}, 4)
    assert data["text"].splitlines()[1] == "Length 4s, 9:16, 1080x1920."
    assert timeline["uploads"] == [{"name": "logo.png", "kind": "image", "duration": None, "width": 64,
                                    "height": 48}]
    segments = [seg for track in timeline["tracks"] for seg in track["segments"]]
    assert {seg["kind"] for seg in segments} >= {"video", "bgm", "title"}
    assert all(0 <= seg["start"] < seg["end"] <= 4 for seg in segments)


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


def test_the_exported_file_is_named_after_the_title_on_the_timeline_now(capsys: pytest.CaptureFixture[str],
                                                                        env: dict[str, str], tmp_path: Path) -> None:
    assert run(capsys, env, "chat", "--local", "generate a 3-second video about tea")[0] == 0
    assert run(capsys, env, "chat", "--local", 'change the title to "Night Market"')[0] == 0
    folder = tmp_path / "out"
    folder.mkdir()
    code, out, _ = run(capsys, env, "export", "--local", "--json", "-o", str(folder))
    assert code == 0 and json.loads(out)["video_path"] == str(folder / "Night-Market.mp4")


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


COMMANDS = {"chat": [], "credits": [], "state": [], "export": [], "preview": [], "upload": ["logo.png"],
            "status": ["export_1"], "new": [], "login": [], "logout": [], "doctor": [], "skill": [], "mcp": [],
            "local": [], "route": ["export"]}


def test_every_command_is_listed() -> None:
    listed = build_parser()._subparsers._group_actions[0].choices  # argparse has no public way to list them
    assert set(listed) == set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_global_options_work_before_and_after_every_command(command: str) -> None:
    for argv in (["--json", "--local", "-v", command, *COMMANDS[command]],
                 [command, *COMMANDS[command], "--json", "--local", "-v"],
                 ["--json", "-v", command, *COMMANDS[command], "--local"]):
        args = build_parser().parse_args(argv)
        assert (args.command, args.json, args.local, args.verbose) == (command, True, True, True), argv
    args = build_parser().parse_args([command, *COMMANDS[command]])
    assert (args.json, args.local, args.verbose) == (False, False, False)


def test_options_before_the_command_reach_it(capsys: pytest.CaptureFixture[str], env: dict[str, str]) -> None:
    code, out, _ = run(capsys, env, "--local", "--json", "credits")
    assert code == 0 and json.loads(out)["credits"]["available"] == 100
    code, out, _ = run(capsys, env, "--local", "state")
    assert code == 0 and out.strip() == "Timeline is empty."


@pytest.mark.parametrize("argv", [["--version"], ["mcp", "--version"], ["local", "--version"]])
def test_version_before_or_after_the_command(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(argv, {})
    assert exit_info.value.code == 0 and capsys.readouterr().out.startswith("nemovideo 0.")


@pytest.mark.parametrize("command", COMMANDS)
def test_each_command_help_has_a_description_and_an_example_that_parses(
    capsys: pytest.CaptureFixture[str], command: str
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([command, "--help"], {})
    out = capsys.readouterr().out
    assert exit_info.value.code == 0
    description = out.split("\n\n")[1]
    assert len(description.split()) >= 5 and not description.startswith(("positional", "options"))
    example = out.split("example:\n")[1].strip()
    assert example.startswith(f"nemovideo {command}") or example.startswith("nemovideo --")
    build_parser().parse_args(shlex.split(example.split(" < ")[0])[1:])  # a usage error would exit 2


def test_status_explains_its_id(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["status", "--help"], {})
    assert re.search(r"\n  ID +the id a reply gave with status 'running'", capsys.readouterr().out)


def test_route_explains_a_decision_without_any_backend(capsys: pytest.CaptureFixture[str], env: dict[str, str],
                                                      tmp_path: Path) -> None:
    code, out, _ = run(capsys, env, "route", "余额还有多少？")
    assert code == 0 and out.startswith("credits (rule credits:zh, score 3)")
    assert "  +2  credits:keyword:余额" in out.splitlines()
    code, out, _ = run(capsys, env, "route", "--json", "-a", "intro.mov", "use this clip as the intro")
    data = json.loads(out)
    assert (data["action"], data["status"], data["route"]["action"], data["route"]["then_chat"]) == (
        "route", "unchanged", "upload", True)
    assert {"feature": "against:edit:use", "weight": -4.0} in data["route"]["evidence"]
    assert not (tmp_path / "data").exists()  # no token, no session, no store: nothing was called


def test_route_eval_prints_the_accuracy_and_with_v_the_misses(capsys: pytest.CaptureFixture[str],
                                                              env: dict[str, str], tmp_path: Path) -> None:
    corpus = tmp_path / "tiny.jsonl"
    rows = [{"text": "导出", "attachments": [], "label": "export", "wants_video": False},
            {"text": "add end credits", "attachments": [], "label": "credits", "wants_video": False}]
    corpus.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    code, out, _ = run(capsys, env, "route", "--eval", str(corpus))
    assert code == 0 and out == "tiny.jsonl: 1/2 routed as labelled (50.0%), 0 edits sent to a direct action\n"
    code, out, _ = run(capsys, env, "route", "--eval", str(corpus), "-v")
    assert out.splitlines()[1] == "  credits -> chat [chat:default] 'add end credits'"


def test_local_prices_come_from_the_env_the_cli_was_given(capsys: pytest.CaptureFixture[str],
                                                          env: dict[str, str]) -> None:
    priced = {**env, "NEMO_LOCAL_PRICE_GENERATE": "7"}  # in the mapping main() gets, not in os.environ
    code, _, _ = run(capsys, priced, "--local", "chat", "generate a 4-second video about green tea")
    assert code == 0
    code, out, _ = run(capsys, priced, "--local", "credits")
    assert out.strip() == "Credits: 93 available, 0 reserved for work in progress, 93 in total."
