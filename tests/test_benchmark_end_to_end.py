"""The end-to-end benchmark still runs (a 3-second promo), so it cannot rot."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "end_to_end.py"


def test_end_to_end_benchmark_prints_every_step(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, str(SCRIPT), "--seconds", "3"], capture_output=True, text=True,
                          timeout=300, check=False, env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin",
                                                         "TMPDIR": str(tmp_path)})
    assert done.returncode == 0, done.stderr[-2000:]
    for step in ("generate (chat turn)", "export (render, poll, download)", "total", "goal:"):
        assert step in done.stdout
