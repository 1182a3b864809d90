"""End to end (not a test): from the generate request to the downloaded MP4, through the product.

    .venv/bin/python benchmarks/end_to_end.py            # a 30-second promo, cold render cache
    .venv/bin/python benchmarks/end_to_end.py --seconds 10

Starts the runtime with the embedded local backend (fresh data dir and render cache), sends the generate
request through the conversation layer exactly as `nemovideo chat` does, then exports, and prints the time
of each step and the total against the 20 s goal.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

PRODUCT = ("Brewly is a smart coffee mug that keeps your drink at the perfect temperature for hours. It pairs "
           "with your phone, learns how you like your coffee, and charges wirelessly on its coaster.")
GOAL_SECONDS = 20.0


async def measure(seconds: int, root: Path) -> dict[str, float]:
    """Seconds spent in each step."""
    os.environ["NEMO_RENDER_CACHE"] = str(root / "render-cache")  # cold: nothing rendered before
    from nemovideo.local.probe import probe_media
    from nemovideo.runtime import open_runtime

    env = {"HOME": str(root), "NEMO_DATA_DIR": str(root / "data")}
    times: dict[str, float] = {}
    started = time.perf_counter()
    async with open_runtime(env, local=True, downloads=root / "videos") as runtime:
        times["start backend and connect"] = time.perf_counter() - started
        mark = time.perf_counter()
        reply = await runtime.conversation.handle(
            f"generate a {seconds}-second promotional video from my product description: {PRODUCT}")
        times["generate (chat turn)"] = time.perf_counter() - mark
        if reply.status != "completed":
            raise SystemExit(f"generate failed: {reply.text}")
        mark = time.perf_counter()
        exported = await runtime.conversation.export(root / "promo.mp4")
        times["export (render, poll, download)"] = time.perf_counter() - mark
    times["total"] = time.perf_counter() - started
    info = probe_media(root / "promo.mp4") if exported.video_path else None
    if info is None or info.duration_ms != seconds * 1000:
        raise SystemExit(f"export failed: {exported.text}")
    return times


def main(argv: list[str] | None = None) -> int:
    """Run once and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=30)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="nemo-e2e-") as folder:
        times = asyncio.run(measure(args.seconds, Path(folder)))
    print(f"end to end, {args.seconds}-second 1080p promo, embedded local backend, cold cache; {os.cpu_count()} CPUs")
    for step, value in times.items():
        print(f"  {step:<34} {value:6.2f} s")
    verdict = "PASS" if times["total"] <= GOAL_SECONDS else "MISS"
    print(f"  goal: total <= {GOAL_SECONDS:.0f} s for a 30-second promo -> {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
