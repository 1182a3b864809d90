"""`make demo`: the whole product end to end, offline, the way an agent uses it (MCP over stdio)."""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from mcp import Client, StdioServerParameters

PRODUCT = (
    "Brewly is a smart coffee mug that keeps your drink at the perfect temperature for hours. "
    "It pairs with your phone, learns how you like your coffee, and charges wirelessly on its coaster. "
    "Made from recycled aluminium, it is built for busy mornings and long afternoons."
)
FULL_SCRIPT = [
    f"generate a 30-second promotional video from my product description: {PRODUCT}",
    "switch the music to something upbeat at 25%",
    "change the title to 'Meet Brewly'",
    "把标题移到顶部",
]
SHORT_SCRIPT = [
    f"generate a 6-second promotional video from my product description: {PRODUCT}",
    "switch the music to something upbeat at 25%",
    "change the title to 'Meet Brewly'",
    "把标题移到顶部",
]


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """Demo options."""
    parser = argparse.ArgumentParser(prog="python -m nemovideo.demo", description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("demo-output"), help="folder for the video and its data")
    parser.add_argument("--short", action="store_true", help="a 6-second video (what `make test` runs)")
    return parser.parse_args(argv)


def server_params(out: Path) -> StdioServerParameters:
    """Start `nemovideo mcp --local` with its data inside the demo folder."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEMO_")}
    env.update({"NEMO_API_URL": "local", "NEMO_DATA_DIR": str(out / "data"), "PYTHONUNBUFFERED": "1"})
    return StdioServerParameters(command=sys.executable, args=["-m", "nemovideo", "mcp"], env=env)


async def call(client: Client, tool: str, args: dict[str, Any]) -> dict[str, Any]:
    """Call a tool, following a 'running' answer with the status tool; print the reply."""
    result = await client.call_tool(tool, args, read_timeout_seconds=300)
    data: dict[str, Any] = dict(result.structured_content or {})
    while data.get("status") == "running":
        result = await client.call_tool("nemo_status", {"id": data["id"], "wait_seconds": 30})
        data = dict(result.structured_content or {})
    text = data.get("text") or (result.content[0].text if result.content else "")  # type: ignore[union-attr]
    print(f"\n🤖 {text}", flush=True)
    return data


async def run(out: Path, script: Sequence[str]) -> int:
    """Talk to the MCP server like an agent; leave the MP4, poster and contact sheet in `out`."""
    started = time.monotonic()
    async with Client(server_params(out), read_timeout_seconds=300) as client:
        tools = sorted(t.name for t in (await client.list_tools()).tools)
        print(f"MCP server ready over stdio; tools: {', '.join(tools)}")
        for utterance in script:
            print(f"\n🧑 {utterance}", flush=True)
            reply = await call(client, "nemo_chat", {"message": utterance})
            if reply.get("status") in ("failed", "unchanged"):  # every step of the demo must show a change
                print(f"The demo stopped: that request {reply.get('status')}.", file=sys.stderr)
                return 1
        await call(client, "nemo_timeline", {})
        print("\n🧑 export", flush=True)
        video = await call(client, "nemo_export", {"output_path": str(out / "promo.mp4")})
        await call(client, "nemo_credits", {})
    if not video.get("video_path"):
        print("The demo stopped: no video was produced.", file=sys.stderr)
        return 1
    print(f"\nDone in {time.monotonic() - started:.1f} s. In {out.resolve()}:")
    for key in ("video_path", "poster_path", "contact_sheet_path"):
        if video.get(key):
            print(f"  {key.replace('_path', '').replace('_', ' ')}: {video[key]}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the demo into a fresh folder."""
    args = parse_args(argv)
    out: Path = args.out.resolve()
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    return asyncio.run(run(out, SHORT_SCRIPT if args.short else FULL_SCRIPT))


if __name__ == "__main__":
    raise SystemExit(main())
