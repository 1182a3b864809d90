"""What a person sees in a terminal: the spinner line cleared before each reply, each result once, Ctrl-C."""

from __future__ import annotations

import glob
import io
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cli_support import Terminal, clean_env, nemovideo
from nemovideo.cli import main
from nemovideo.cli_output import FRAMES, Spinner, fit


class TtyBuffer(io.StringIO):
    """A stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def test_fit_keeps_the_first_line_within_the_width_counting_chinese_as_two_columns() -> None:
    assert fit("⏳ Rendering… 50%\nsecond line", 80) == "⏳ Rendering… 50%"
    assert fit("abcdefghij", 4) == "abcd"
    assert fit("视频已完成", 5) == "视频"


async def test_the_spinner_leaves_out_the_finished_result_and_erases_its_line() -> None:
    stream = TtyBuffer()
    with Spinner(stream=stream) as spinner:
        await spinner(50, None, "⏳ Rendering… 50%")
        await spinner(100, None, "✅ Video ready! /tmp/x.mp4")
    assert "Video ready" not in stream.getvalue()
    assert stream.getvalue().endswith("\r\x1b[K")


def test_interactive_chat_clears_the_spinner_and_ctrl_c_at_the_prompt_exits_130(tmp_path: Path) -> None:
    term = Terminal(nemovideo("chat", "--local"), clean_env(tmp_path), tmp_path)
    assert term.read_until(lambda raw: raw.count("› ".encode()) == 1, 60), term.raw
    term.type("credits\n")
    assert term.read_until(lambda raw: raw.count("› ".encode()) == 2, 60), term.raw
    started = time.monotonic()
    term.process.send_signal(signal.SIGINT)
    assert term.wait(timeout=10) == 130
    assert time.monotonic() - started < 5  # it did not wait for Enter
    shown = [row for row in term.screen() if row]
    assert b"Fatal Python error" not in term.raw
    assert shown[0].startswith("Ready when you are.")  # not "⠙ Connecting...Ready when you are."
    assert [row for row in shown if "Credits:" in row] == ["Credits: 100 available, 0 reserved for work in progress, "
                                                           "100 in total."]
    assert not any(frame in row for row in shown for frame in FRAMES)


def reading_a_pipe(pid: int) -> bool:
    """True once a thread of the process waits in read() on a pipe (Linux /proc)."""
    return any("pipe_read" in Path(task, "wchan").read_text() for task in glob.glob(f"/proc/{pid}/task/*"))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_ctrl_c_while_piped_input_is_awaited_exits_130_cleanly(tmp_path: Path) -> None:
    chat = subprocess.Popen(nemovideo("chat", "--local"), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=clean_env(tmp_path), cwd=tmp_path)
    assert chat.stdout is not None and chat.stdout.readline().startswith(b"Ready when you are.")
    deadline = time.monotonic() + 10
    while not reading_a_pipe(chat.pid) and time.monotonic() < deadline:
        time.sleep(0.01)
    chat.send_signal(signal.SIGINT)
    try:
        _, err = chat.communicate(timeout=10)
    finally:
        chat.kill()
    assert chat.returncode == 130 and err.endswith(b"interrupted\n"), err  # no abort at interpreter exit


@pytest.mark.slow
def test_an_export_in_a_narrow_terminal_shows_video_ready_once(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    env = clean_env(tmp_path)
    assert main(["chat", "--local", "generate a 3-second video about tea"], env) == 0
    capsys.readouterr()
    target = tmp_path / "a folder with a long name to make the line wrap" / "tea.mp4"
    term = Terminal(nemovideo("export", "--local", "-o", str(target)), env, tmp_path, columns=50)
    assert term.wait(timeout=120) == 0
    screen = "\n".join(term.screen())
    assert screen.count("Video ready!") == 1, screen
    assert not any(frame in screen for frame in FRAMES) and "Rendering" not in screen
    assert target.read_bytes()[4:8] == b"ftyp"


@pytest.mark.slow
def test_preview_and_export_print_each_file_once_and_save_in_the_videos_folder(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    videos = tmp_path / "my videos"
    env = clean_env(tmp_path, NEMO_VIDEOS_DIR=str(videos))
    assert main(["chat", "--local", "generate a 3-second video about tea"], env) == 0
    capsys.readouterr()
    assert main(["preview", "--local"], env) == 0
    shown = capsys.readouterr().out
    sheets = list((videos / "previews").glob("*.preview.sheet.png"))
    assert len(sheets) == 1 and list((videos / "previews").glob("*.preview.mp4")), shown
    assert shown.count(str(sheets[0])) == 1, shown
    assert main(["export", "--local"], env) == 0
    shown = capsys.readouterr().out
    videos_made = list(videos.glob("*.mp4"))
    assert len(videos_made) == 1 and shown.count(str(videos_made[0])) == 1, shown
    assert not (tmp_path / "Videos").exists()
