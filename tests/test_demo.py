"""`make demo`, shortened: the whole product end to end over MCP stdio, ending in a real MP4."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from nemovideo.local.probe import probe_media


def test_short_demo_leaves_a_playable_video_poster_and_contact_sheet(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    done = subprocess.run(
        [sys.executable, "-m", "nemovideo.demo", "--short", "--out", str(out)],
        capture_output=True, text=True, timeout=300, check=False,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    transcript = done.stdout
    assert "MCP server ready over stdio" in transcript and "nemo_chat" in transcript
    assert "已修改标题" in transcript  # the Chinese edit was understood and answered in Chinese
    assert "Timeline (" in transcript and "BGM: Upbeat (0-6s, 25%)" in transcript  # the music step changed it
    assert 'Title: "Meet Brewly"' in transcript and "nothing changed" not in transcript
    assert "click" not in transcript.lower()
    info = probe_media(out / "promo.mp4")
    assert info is not None and info.video_codec == "h264" and info.audio_codec == "aac"
    assert (info.width, info.height) == (1920, 1080) and info.duration_ms == 6000
    assert (out / "promo.poster.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (out / "promo.sheet.png").stat().st_size > 10_000
