"""The client benchmark keeps working: `benchmarks/client.py --quick` prints its three figures, each judged."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIGURES = (
    "SSE events/s, Conversation.handle",
    "upload MB/s, NemoClient.upload_files",
    "upload peak RSS growth",
    "MCP nemo_credits p50 ms, NEMO_API_URL=local",
)
# product figure, baseline figure, ratio or added milliseconds, target, verdict
JUDGED_ROW = re.compile(r"\s(\d[\d,.]*)\s+(\d[\d,.]*)\s+(\S+x|[+-][\d.]+ ms)?\s+[<>]= [\d.]+ ?\S*\s+(PASS|MISS)$")


def test_the_quick_run_prints_the_three_figures_with_a_verdict_each() -> None:
    run = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "client.py"), "--quick"],
        capture_output=True, text=True, timeout=120, cwd=ROOT,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    lines = run.stdout.splitlines()
    for figure in FIGURES:
        row = next((line for line in lines if line.startswith(figure)), None)
        assert row is not None, f"{figure!r} missing from:\n{run.stdout}"
        assert JUDGED_ROW.search(row), row
