"""The MCP server against a misbehaving API with the production limits: how long each tool call takes when the API
never answers, and the peak traced memory while an answer's body never ends.

Run from the project root: `.venv/bin/python benchmarks/hostile.py [--quick]`. The silent-server calls run
concurrently and really wait out their deadlines (30 s; `wait_seconds` + 5 s for chat, export and status, with
`wait_seconds` 45 by default), so a run takes about a minute; `--quick` uses a 1 s deadline and waits of 0.5 s
(the same mechanism, for the smoke test). The server is the test suite's loopback HostileApi
(tests/hostile_api_support.py) in a thread of its own; the product is NemoClient, Conversation and NemoMcp as
`nemovideo mcp` builds them, with their default limits. Exit status 0 means every call kept its deadline and
the memory stayed under its bound.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import tracemalloc
from collections.abc import AsyncIterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from hostile_api_support import MIB, Hostile, HostileApi, silent, stream, traced_peak  # noqa: E402
from nemovideo.client.http import Limits  # noqa: E402
from nemovideo.conversation.export import POLL_LIMIT  # noqa: E402
from nemovideo.conversation.turn import TurnLimits  # noqa: E402
from nemovideo.mcp_server import CALL_DEADLINE, DEFAULT_WAIT, WAIT_MARGIN  # noqa: E402

ROUTES = [("POST", "/api/auth/anonymous-token"), ("POST", "/api/tasks/me/with-session/nemo_agent"),
          ("GET", "/api/credits/balance/simple"), ("GET", "/api/state/nemo_agent/me/{sid}/latest"),
          ("POST", "/run_sse"), ("POST", "/api/upload-video/nemo_agent/me/{sid}"),
          ("POST", "/api/render/proxy/lambda"), ("GET", "/api/render/proxy/lambda/{rid}")]


def product(root: Path, api: HostileApi, call: float = CALL_DEADLINE, margin: float = WAIT_MARGIN) -> Hostile:
    """The MCP server with the limits `nemovideo mcp` uses (deadlines as given)."""
    case = Hostile(root, api, limits=Limits(), turn=TurnLimits(), poll_limit=POLL_LIMIT, call=call, margin=margin)
    case.memory_limit = 64 * MIB
    return case


async def silent_server(root: Path, wait: float, call: float, margin: float) -> list[tuple[str, float, float, str]]:
    """Every tool at once against a server that accepts connections and never answers."""
    with HostileApi() as api:
        for method, path in ROUTES:
            api.route(method, path, silent)
        case = product(root, api, call, margin)
        clip = root / "clip.mp4"
        root.mkdir(parents=True, exist_ok=True)
        clip.write_bytes(b"\x00\x00\x00\x18ftypisom" + bytes(64))
        calls = [("nemo_credits", {}), ("nemo_timeline", {}), ("nemo_upload", {"items": [str(clip)]}),
                 ("nemo_new_project", {}), ("nemo_chat", {"message": "add lo-fi music", "wait_seconds": wait}),
                 ("nemo_export", {"output_path": str(root / "v.mp4"), "wait_seconds": wait})]
        async with case.client() as client:
            done = await asyncio.gather(*(case.call(client, tool, args) for tool, args in calls))
            export = done[-1].data
            if export.get("id"):
                done.append(await case.call(client, "nemo_status", {"id": export["id"], "wait_seconds": wait}))
    return [(c.tool, c.seconds, c.limit, f"{c.data['status']} {(c.data.get('error') or {}).get('type', '')}")
            for c in done]


async def endless_body(root: Path) -> tuple[float, str]:
    """nemo_credits while the balance's body never ends (at loopback speed); the traced peak in MiB."""

    async def endless() -> AsyncIterator[bytes]:
        yield b'{"code": 0, "message": "ok", "data": {"available": 1, "pad": "'
        chunk = b"x" * 65536
        while True:
            yield chunk

    with HostileApi() as api:
        api.route("GET", "/api/credits/balance/simple", stream(200, "application/json", endless))
        case = product(root, api)
        tracemalloc.start()
        try:
            async with case.client() as client:
                call = await case.call(client, "nemo_credits")
            peak = traced_peak()
        finally:
            tracemalloc.stop()
    return peak / MIB, f"{call.data['status']} {call.data['error']['type']}"


async def main(wait: float, call: float, margin: float) -> int:
    """Both measurements, printed as a table."""
    with tempfile.TemporaryDirectory() as folder:
        rows = await silent_server(Path(folder) / "silent", wait, call, margin)
        peak, outcome = await endless_body(Path(folder) / "endless")
    print(f"{'silent server: tool':<34}{'seconds':>9}{'deadline':>10}  outcome")
    for tool, seconds, limit, said in rows:
        print(f"{tool:<34}{seconds:>9.2f}{limit:>10.1f}  {said}")
    print(f"maximum tool-call time: {max(r[1] for r in rows):.2f} s")
    print(f"endless body: nemo_credits peak traced memory {peak:.1f} MiB ({outcome}; "
          f"body limit {Limits().max_body // MIB} MiB)")
    return 0 if all(seconds <= limit + 1 for _, seconds, limit, _ in rows) and peak < 64 else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wait", type=float, default=DEFAULT_WAIT, help="wait_seconds for chat, export, status")
    parser.add_argument("--quick", action="store_true", help="1 s deadlines and 0.5 s waits instead of the real ones")
    args = parser.parse_args()
    if args.quick:
        sys.exit(asyncio.run(main(0.5, 1.0, 0.5)))
    sys.exit(asyncio.run(main(args.wait, CALL_DEADLINE, WAIT_MARGIN)))
