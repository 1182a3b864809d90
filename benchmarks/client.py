"""Client benchmarks: chat events through the conversation layer, a 200 MB upload, and MCP tool latency over stdio.

Run from the project root: `.venv/bin/python benchmarks/client.py [--quick]`. Each figure is printed next to its
baseline measured in the same run, with its target and PASS or MISS. The SSE and upload figures use a small
contract-shaped server that this script starts in a child process on a free 127.0.0.1 port (so the server
neither competes with the client for the GIL nor counts in the client's memory); the MCP figure starts
`nemovideo mcp` with NEMO_API_URL=local and compares it with NemoClient.credits() against an embedded local
backend in this process, and (for reference) both against the child server. Exit status 0 means the measurements
ran (a MISS is reported, not raised).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Awaitable, Callable, Iterator, MutableMapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx2

from nemovideo.client import KeepAlive, NemoClient
from nemovideo.conversation.service import Conversation, ConversationConfig
from nemovideo.errors import MAX_UPLOAD_BYTES
from nemovideo.settings import LOCAL, Settings
from nemovideo.skill import Skill, load_skill
from nemovideo.store import Store

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

SID = "1790001234567"
TOKEN = "nmv_usr_benchmark0000000000000000"
MESSAGE = "add a lo-fi background track at 35% and place the clips"
STREAM_CHUNK = 64 * 1024
MIB = 1024 * 1024
SSE_TARGET = 0.8
UPLOAD_TARGET = 0.8
RSS_TARGET_MB = 50.0
MCP_TARGET_MS = 5.0


@dataclass(frozen=True)
class Sizes:
    """How much work each measurement does."""

    events: int
    upload_bytes: int
    calls: int
    reps: int


FULL = Sizes(events=20_000, upload_bytes=MAX_UPLOAD_BYTES - MIB, calls=200, reps=5)
QUICK = Sizes(events=2_000, upload_bytes=16 * MIB, calls=20, reps=1)


# -- the stream -----------------------------------------------------------------------------------------------
def adk_event(index: int) -> dict[str, Any]:
    """Event `index` of a long edit: function calls and responses, with streamed and final text."""
    kind = index % 10
    base: dict[str, Any] = {
        "invocationId": "e-6ea37644-33f9-4c7c-a48c-689aa336cd94",
        "author": "nemo_agent",
        "actions": {"stateDelta": {}, "artifactDelta": {}, "requestedAuthConfigs": {}},
        "nodeInfo": {"path": ""},
        "id": f"d21e9670-2bea-4e6e-b5be-{index:012d}",
        "timestamp": 1795544048.5 + index / 1000,
    }
    step = index // 10
    if kind < 8 and kind % 2 == 0:
        args = {"op": "place_clip", "track": step % 3, "start_ms": step * 1000, "volume": 0.35}
        part: dict[str, Any] = {"functionCall": {"id": f"fc-{index}", "name": "edit_multitrack", "args": args}}
        return {**base, "content": {"role": "model", "parts": [part]}}
    if kind < 8:
        base["actions"]["stateDelta"] = {"draft_rev": step}
        part = {"functionResponse": {"id": f"fc-{index - 1}", "name": "edit_multitrack", "response": {"ok": True}}}
        return {**base, "content": {"role": "user", "parts": [part]}}
    text = f"Placed clip {step} at {step}s with the lo-fi track at 35%. 已放置片段 {step}。"
    return {**base, "partial": kind == 8, "content": {"role": "model", "parts": [{"text": text}]}}


def build_stream(events: int) -> bytes:
    """The whole SSE body: `events` data events, with a comment keep-alive every 500 events."""
    lines = []
    for index in range(events):
        if index % 500 == 0:
            lines.append(": ping\n\n")
        lines.append("data: " + json.dumps(adk_event(index), ensure_ascii=False, separators=(",", ":")) + "\n\n")
    return "".join(lines).encode("utf-8")


# -- the server (child process) -------------------------------------------------------------------------------
def envelope(data: Any) -> bytes:
    """An `/api/*` success body."""
    return json.dumps({"code": 0, "message": "ok", "data": data}).encode("utf-8")


class BenchApp:
    """A raw ASGI app speaking just enough of the contract: token, session, state, credits, chat, upload sink."""

    def __init__(self, stream: bytes) -> None:
        self.stream = stream
        self.received = 0
        expires = (datetime.now(UTC) + timedelta(days=7)).isoformat()
        self.answers = {
            "/api/auth/anonymous-token": envelope(
                {"token": TOKEN, "user_id": "anon_bench", "credits": 100, "expires_at": expires}
            ),
            "/api/tasks/me/with-session/nemo_agent": envelope(
                {"task_id": "task_bench", "session_id": SID, "user_id": "anon_bench"}
            ),
            f"/api/state/nemo_agent/me/{SID}/latest": envelope(
                {"session_id": SID, "task_id": "task_bench", "task_name": "project", "state": {"draft": {"t": []}}}
            ),
            "/api/credits/balance/simple": envelope({"available": 100, "frozen": 0, "total": 100}),
        }

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        path = scope["path"]
        size = await drain(receive)
        if path == "/run_sse":
            await self.send_stream(send)
        elif path.startswith("/api/upload-video/"):
            self.received += size
            await answer(send, envelope(upload_data(size)))
        elif path == "/bench/received":
            await answer(send, envelope({"bytes": self.received}))
        elif path in self.answers:
            await answer(send, self.answers[path])
        else:
            await answer(send, json.dumps({"detail": "Not Found"}).encode(), 404)

    async def send_stream(self, send: Send) -> None:
        """The prepared stream in 64 KiB chunks, then close (ADK has no done event)."""
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", b"text/event-stream"), (b"cache-control", b"no-store")]})
        for start in range(0, len(self.stream), STREAM_CHUNK):
            await send({"type": "http.response.body", "body": self.stream[start : start + STREAM_CHUNK],
                        "more_body": True})
        await send({"type": "http.response.body", "body": b"", "more_body": False})


def upload_data(size: int) -> dict[str, Any]:
    """The upload answer (the sink only counts bytes; the client measures itself)."""
    item = {"filename": "bench.mp4", "file_type": "video", "cdn_url": "http://127.0.0.1/bench.mp4",
            "duration": 10.0, "width": 1920, "height": 1080, "fps": 30, "hash": f"{size:x}"}
    return {"files": [item], "session_state_applied": True}


async def drain(receive: Receive) -> int:
    """Read a request body to its end; its size."""
    size = 0
    while True:
        message = await receive()
        size += len(message.get("body", b""))
        if not message.get("more_body", False):
            return size


async def answer(send: Send, body: bytes, status: int = 200) -> None:
    """A JSON answer."""
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def serve(events: int) -> None:
    """Child process: serve BenchApp on a free loopback port and print the port on stdout."""
    import uvicorn

    # IPPROTO_TCP spelled out: asyncio sets TCP_NODELAY only on sockets that say so, and without it every
    # answer written in two parts waits ~40 ms for a delayed ACK.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.bind(("127.0.0.1", 0))
    config = uvicorn.Config(BenchApp(build_stream(events)), log_config=None, log_level="warning",
                            access_log=False, lifespan="off")
    print(sock.getsockname()[1], flush=True)
    uvicorn.Server(config).run(sockets=[sock])


@contextmanager
def bench_server(events: int) -> Iterator[str]:
    """Start the child server, wait until it answers, stop it afterwards; yields its base URL."""
    child = subprocess.Popen([sys.executable, __file__, "--serve", str(events)], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None
        url = f"http://127.0.0.1:{int(child.stdout.readline())}"
        wait_until_up(url + "/api/credits/balance/simple", child)
        yield url
    finally:
        child.terminate()
        try:
            child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def wait_until_up(url: str, child: subprocess.Popen[str]) -> None:
    """Poll until the server answers (or its process has died)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and child.poll() is None:
        try:
            httpx2.get(url, timeout=1).raise_for_status()
            return
        except httpx2.HTTPError:
            time.sleep(0.05)
    raise RuntimeError("the benchmark server did not start")


# -- the product under test -----------------------------------------------------------------------------------
@dataclass
class Product:
    """The real client stack pointed at one server."""

    client: NemoClient
    conversation: Conversation


def open_product(url: str, root: Path, skill: Skill, api_url: str | None = None) -> Product:
    """NemoClient and Conversation with their own data folder."""
    settings = Settings(api_url=api_url or url, data_dir=root)
    store = Store(root)
    client = NemoClient(settings, store, skill, base_url=url)
    config = ConversationConfig(downloads=root / "downloads")
    return Product(client, Conversation(client, store, config, language="en"))


def bench_skill(home: Path) -> Skill:
    """The packaged SKILL.md (a HOME with no installed copy)."""
    return load_skill({"HOME": str(home)}, home=home, cwd=home)


# -- 1. SSE ---------------------------------------------------------------------------------------------------
def chat_body() -> dict[str, Any]:
    """The chat request, as NemoClient sends it."""
    return {"app_name": "nemo_agent", "user_id": "me", "session_id": SID,
            "new_message": {"role": "user", "parts": [{"text": MESSAGE}]}}


async def sse_raw(url: str, http: httpx2.AsyncClient, decode: bool = False) -> int:
    """Raw httpx2 EventSource over the chat stream (with `decode`, json.loads of each event too); the count."""
    count = 0
    headers = {"Accept": "text/event-stream"}
    async with http.stream("POST", url + "/run_sse", json=chat_body(), headers=headers) as response:
        async for sse in httpx2.EventSource(response):
            if decode:
                json.loads(sse.data)
            count += 1
    return count


async def sse_client(product: Product) -> int:
    """NemoClient.chat alone; the number of typed events that carry data (comment keep-alives are not counted,
    as the raw reader does not count them)."""
    count = 0
    async for event in product.client.chat(MESSAGE):
        count += not isinstance(event, KeepAlive)
    return count


async def sse_conversation(product: Product) -> None:
    """A whole chat turn through Conversation.handle, which must end with text (the benchmark's server never changes
    the draft, so the turn is `unchanged`)."""
    reply = await product.conversation.handle(MESSAGE)
    if reply.status not in ("completed", "unchanged") or not reply.text:
        raise RuntimeError(f"the chat turn did not complete: {reply.status}: {reply.text[:200]}")


async def timed(work: Callable[[], Awaitable[object]]) -> float:
    """Seconds `work` took."""
    start = time.perf_counter()
    await work()
    return time.perf_counter() - start


@dataclass
class Rates:
    """Best events per second of each path."""

    raw: float = 0.0
    raw_json: float = 0.0
    client: float = 0.0
    conversation: float = 0.0


async def measure_sse(url: str, product: Product, sizes: Sizes) -> Rates:
    """Interleaved repetitions of the three readers over the same stream; best rate of each."""
    rates = Rates()
    async with httpx2.AsyncClient(timeout=httpx2.Timeout(60.0, read=900.0)) as http:
        if await sse_raw(url, http) != sizes.events:
            raise RuntimeError("the raw reader did not see every event")
        if await sse_client(product) != sizes.events:
            raise RuntimeError("the client did not see every event")
        for _ in range(sizes.reps):
            rates.raw = max(rates.raw, sizes.events / await timed(lambda: sse_raw(url, http)))
            rates.conversation = max(rates.conversation, sizes.events / await timed(lambda: sse_conversation(product)))
            rates.client = max(rates.client, sizes.events / await timed(lambda: sse_client(product)))
            rates.raw_json = max(rates.raw_json, sizes.events / await timed(lambda: sse_raw(url, http, decode=True)))
    return rates


# -- 2. upload ------------------------------------------------------------------------------------------------
def status_kib(name: str) -> int:
    """A VmXXX figure of this process, in KiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(name + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"{name} is not in /proc/self/status")


def reset_peak() -> bool:
    """Reset VmHWM to the current RSS; False where the kernel does not allow it."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


class RssSampler:
    """Samples VmRSS every 2 ms in a thread: a cross-check of VmHWM, and the figure where it cannot be reset."""

    def __init__(self) -> None:
        self.peak = status_kib("VmRSS")
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(0.002):
            self.peak = max(self.peak, status_kib("VmRSS"))


@dataclass
class Upload:
    """Best throughput of each path (MB/s) and the client's peak RSS growth (MB)."""

    client: float = 0.0
    raw: float = 0.0
    rss_growth: float = 0.0
    raw_rss_growth: float = 0.0
    rss_how: str = ""


async def upload_raw(url: str, path: Path, http: httpx2.AsyncClient) -> None:
    """A streamed multipart upload with plain httpx2."""
    with path.open("rb") as handle:
        files = {"files": (path.name, handle, "video/mp4")}
        response = await http.post(f"{url}/api/upload-video/nemo_agent/me/{SID}", files=files,
                                   headers={"Authorization": f"Bearer {TOKEN}"})
    response.raise_for_status()


async def peak_growth(work: Callable[[], Awaitable[object]]) -> tuple[float, str]:
    """Peak RSS growth in MB while `work` runs, from VmHWM when it can be reset, else from sampling."""
    gc.collect()
    before = status_kib("VmRSS")
    reset = reset_peak()
    with RssSampler() as sampler:
        await work()
    peak = max(sampler.peak, status_kib("VmHWM")) if reset else sampler.peak
    return (peak - before) / 1024, "VmHWM after clear_refs + 2 ms VmRSS samples" if reset else "2 ms VmRSS samples"


async def measure_upload(url: str, product: Product, path: Path, sizes: Sizes) -> Upload:
    """Memory of the first client upload, then interleaved repetitions of both; best throughput of each."""
    result = Upload()
    megabytes = sizes.upload_bytes / 1e6
    async with httpx2.AsyncClient(timeout=httpx2.Timeout(60.0, read=300.0)) as http:
        await product.client.ensure_session()
        await http.get(url + "/api/credits/balance/simple")
        result.rss_growth, result.rss_how = await peak_growth(lambda: product.client.upload_files([path]))
        result.raw_rss_growth, _ = await peak_growth(lambda: upload_raw(url, path, http))
        for _ in range(sizes.reps):
            result.client = max(result.client, megabytes / await timed(lambda: product.client.upload_files([path])))
            result.raw = max(result.raw, megabytes / await timed(lambda: upload_raw(url, path, http)))
        received = (await http.get(url + "/bench/received")).json()["data"]["bytes"]
    if received < sizes.upload_bytes * 2 * (sizes.reps + 1):
        raise RuntimeError("the server received less than was uploaded")
    return result


def sparse_file(folder: Path, size: int) -> Path:
    """A sparse .mp4 of `size` bytes (no disk space, no page-cache pressure)."""
    path = folder / "bench.mp4"
    with path.open("wb") as handle:
        handle.truncate(size)
    return path


# -- 3. MCP over stdio ----------------------------------------------------------------------------------------
@dataclass
class Latency:
    """Milliseconds per call, MCP over stdio and direct."""

    mcp: list[float] = field(default_factory=list)
    direct: list[float] = field(default_factory=list)


def percentile(values: Sequence[float], pct: int) -> float:
    """The pct-th percentile (inclusive method)."""
    return statistics.quantiles(values, n=100, method="inclusive")[pct - 1]


WARMUP_CALLS = 10  # the first calls fetch a token, import lazily and open connections


async def call_times(call: Callable[[], Awaitable[object]], calls: int) -> list[float]:
    """Milliseconds per call, after the warm-up calls."""
    times = []
    for index in range(WARMUP_CALLS + calls):
        start = time.perf_counter()
        await call()
        if index >= WARMUP_CALLS:
            times.append((time.perf_counter() - start) * 1000)
    return times


async def mcp_calls(root: Path, api_url: str, calls: int) -> list[float]:
    """`nemo_credits` over stdio to `nemovideo mcp` started with NEMO_API_URL=`api_url`; milliseconds per call."""
    from mcp import Client, StdioServerParameters

    env = {"HOME": str(root), "NEMO_API_URL": api_url, "NEMO_DATA_DIR": str(root / "data")}
    params = StdioServerParameters(command=sys.executable, args=["-m", "nemovideo", "mcp"], env=env)
    async with Client(params, read_timeout_seconds=60) as client:

        async def credits() -> None:
            result = await client.call_tool("nemo_credits", {})
            if result.is_error or not result.structured_content:
                raise RuntimeError("nemo_credits failed over stdio")

        return await call_times(credits, calls)


async def local_latency(root: Path, skill: Skill, calls: int) -> Latency:
    """NEMO_API_URL=local: the MCP server's own embedded backend vs NemoClient against one embedded here."""
    from nemovideo.local.config import LocalConfig
    from nemovideo.local.web.server import run_embedded

    latency = Latency(mcp=await mcp_calls(root / "mcp", LOCAL, calls))
    with run_embedded(config=LocalConfig.from_env({}, root / "local")) as backend:
        product = open_product(backend.url, root / "data", skill, api_url=LOCAL)
        async with product.client as client:
            latency.direct = await call_times(client.credits, calls)
    return latency


# -- the report -----------------------------------------------------------------------------------------------
Row = tuple[str, str, str, str, str, str]


def verdict(ok: bool) -> str:
    """PASS or MISS."""
    return "PASS" if ok else "MISS"


def sse_rows(rates: Rates, sizes: Sizes) -> list[Row]:
    """Rows for the SSE figures."""
    ratio = rates.conversation / rates.raw
    return [
        (f"SSE events/s, Conversation.handle ({sizes.events:,} events)", f"{rates.conversation:,.0f}",
         f"{rates.raw:,.0f}", f"{ratio:.2f}x", f">= {SSE_TARGET:.2f}x", verdict(ratio >= SSE_TARGET)),
        ("SSE events/s, NemoClient.chat alone (info)", f"{rates.client:,.0f}", f"{rates.raw:,.0f}",
         f"{rates.client / rates.raw:.2f}x", "", ""),
        ("SSE events/s, Conversation.handle vs raw + json.loads (info)", f"{rates.conversation:,.0f}",
         f"{rates.raw_json:,.0f}", f"{rates.conversation / rates.raw_json:.2f}x", "", ""),
    ]


def upload_rows(upload: Upload, sizes: Sizes) -> list[Row]:
    """Rows for the upload figures."""
    ratio = upload.client / upload.raw
    size = f"{sizes.upload_bytes / MIB:.0f} MiB"
    return [
        (f"upload MB/s, NemoClient.upload_files ({size})", f"{upload.client:,.0f}", f"{upload.raw:,.0f}",
         f"{ratio:.2f}x", f">= {UPLOAD_TARGET:.2f}x", verdict(ratio >= UPLOAD_TARGET)),
        ("upload peak RSS growth, MB", f"{upload.rss_growth:.1f}", f"{upload.raw_rss_growth:.1f}", "",
         f"<= {RSS_TARGET_MB:.0f} MB", verdict(upload.rss_growth <= RSS_TARGET_MB)),
    ]


def mcp_rows(latency: Latency, calls: int, where: str, target: bool) -> list[Row]:
    """Rows for one pair of MCP latency figures (the p50 row carries the target when `target`)."""
    rows: list[Row] = []
    for pct in (50, 95):
        mcp, direct = percentile(latency.mcp, pct), percentile(latency.direct, pct)
        added = mcp - direct
        judged = target and pct == 50
        goal, result = (f"<= {MCP_TARGET_MS:.0f} ms", verdict(added <= MCP_TARGET_MS)) if judged else ("", "")
        label = f"MCP nemo_credits p{pct} ms, {where} ({calls} calls)" + ("" if target else " (info)")
        rows.append((label, f"{mcp:.2f}", f"{direct:.2f}", f"{added:+.2f} ms", goal, result))
    return rows


def print_table(rows: list[Row], mode: str, rss_how: str) -> None:
    """The results as an aligned table."""
    header: Row = ("measure", "product", "baseline", "ratio/added", "target", "result")
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(6)]
    print(f"nemovideo client benchmark ({mode}); Python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    for row in [header, *rows]:
        print("  ".join(cell.ljust(width) if i == 0 else cell.rjust(width) for i, (cell, width)
                        in enumerate(zip(row, widths, strict=True))).rstrip())
    print("baselines: raw httpx2 EventSource on the same stream; raw streamed httpx2 multipart upload of the same "
          "file; NemoClient.credits() against the same kind of backend as the MCP server's.")
    print(f"peak RSS: {rss_how}; best of the repetitions for rates.")


# -- main -----------------------------------------------------------------------------------------------------
async def run(sizes: Sizes, root: Path) -> tuple[list[Row], str]:
    """Every measurement: upload, SSE and MCP against the child server, then MCP with NEMO_API_URL=local."""
    skill = bench_skill(root)
    with bench_server(sizes.events) as url:
        product = open_product(url, root / "bench-data", skill)
        async with product.client:
            await product.conversation.connect()
            # The upload goes first, while the process's heap is still small: memory freed by the long streams
            # would otherwise be reused silently and hide growth.
            upload = await measure_upload(url, product, sparse_file(root, sizes.upload_bytes), sizes)
            rates = await measure_sse(url, product, sizes)
            remote = Latency(mcp=await mcp_calls(root / "mcp-remote", url, sizes.calls),
                             direct=await call_times(product.client.credits, sizes.calls))
    local = await local_latency(root, skill, sizes.calls)
    rows = sse_rows(rates, sizes) + upload_rows(upload, sizes)
    rows += mcp_rows(local, sizes.calls, "NEMO_API_URL=local", target=True)
    rows += mcp_rows(remote, sizes.calls, "backend in its own process", target=False)
    return rows, upload.rss_how


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print the table; 0 when every measurement ran."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="small sizes, for a smoke run")
    parser.add_argument("--serve", type=int, metavar="EVENTS", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve is not None:
        serve(args.serve)
        return 0
    sizes = QUICK if args.quick else FULL
    with tempfile.TemporaryDirectory(prefix="nemovideo-bench-") as folder:
        rows, rss_how = asyncio.run(run(sizes, Path(folder)))
    print_table(rows, "quick" if args.quick else "full", rss_how)
    return 0


if __name__ == "__main__":
    sys.exit(main())
