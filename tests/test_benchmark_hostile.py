"""The hostile-API measurement keeps working: `benchmarks/hostile.py --quick` prints every tool's time and the peak."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_quick_run_times_every_tool_and_measures_the_endless_body() -> None:
    run = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "hostile.py"), "--quick"],
                         capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    for tool in ("nemo_credits", "nemo_timeline", "nemo_upload", "nemo_new_project", "nemo_chat", "nemo_export"):
        assert any(line.startswith(tool) for line in run.stdout.splitlines()), run.stdout
    assert "maximum tool-call time:" in run.stdout and "peak traced memory" in run.stdout
