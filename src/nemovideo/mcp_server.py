"""The MCP surface: thin tools over the Conversation, with progress, budgets and file results."""

from __future__ import annotations

import base64
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from pathlib import Path
from typing import Annotated, Any

import anyio
from mcp.server.mcpserver import Context, MCPServer
from mcp_types import CallToolResult, ContentBlock, ImageContent, ResourceLink, TextContent, ToolAnnotations
from pydantic import Field

from nemovideo import __version__
from nemovideo.conversation.reply import Reply
from nemovideo.conversation.service import Conversation
from nemovideo.conversation.timeline import timeline as as_timeline
from nemovideo.draft_text import overview
from nemovideo.thumbnail import thumbnail

log = logging.getLogger(__name__)

DEFAULT_WAIT = 45.0  # hosts often cut tool calls at about 60 s
HEARTBEAT = 5.0  # progress at most this far apart while work runs (the contract asks for <= 10 s)

INSTRUCTIONS = (
    "Make and edit videos by chatting. Pass the user's words to nemo_chat (it routes export, credits, "
    "status, uploads and help itself, for free). When a tool answers status 'running', call nemo_status with its id "
    "later; never resend the request (that would charge twice). Finished videos are local files: give "
    "the user the absolute path. Never tell the user to click anything."
)

OpenConversation = Callable[[], AbstractAsyncContextManager[Conversation]]
Sleep = Callable[[float], Awaitable[None]]

WaitSeconds = Annotated[
    float, Field(ge=0, le=600, description="How long to wait before answering 'running' with an id.")
]


class ProgressPump:
    """Forwards progress to the host, strictly increasing, and repeats it so the host never waits long."""

    def __init__(self, ctx: Context, sleep: Sleep, interval: float) -> None:
        self.ctx = ctx
        self.sleep = sleep
        self.interval = interval
        self.value = 0.0
        self.message = "Working..."

    async def __call__(self, progress: float, total: float | None, message: str) -> None:
        """Report a step of the work."""
        self.value = max(progress, self.value + 0.01)
        self.message = message
        await self.ctx.report_progress(self.value, None, message)

    async def heartbeat(self) -> None:
        """Repeat the last message until cancelled."""
        while True:
            await self.sleep(self.interval)
            await self(self.value + 0.01, None, self.message)


class NemoMcp:
    """Builds the MCPServer; the Conversation is opened by the server's lifespan."""

    def __init__(self, open_conversation: OpenConversation, *, default_wait: float = DEFAULT_WAIT,
                 heartbeat: float = HEARTBEAT, sleep: Sleep = anyio.sleep) -> None:
        self.open_conversation = open_conversation
        self.default_wait = default_wait
        self.heartbeat = heartbeat
        self.sleep = sleep
        self._conversation: Conversation | None = None

    @property
    def conversation(self) -> Conversation:
        """The open Conversation (only while the server runs)."""
        if self._conversation is None:
            raise RuntimeError("the server is not running")
        return self._conversation

    @contextlib.asynccontextmanager
    async def lifespan(self, server: MCPServer) -> AsyncIterator[None]:
        """Open the conversation for the server's lifetime and resume renders left unfinished."""
        async with self.open_conversation() as conversation:
            self._conversation = conversation
            resumed = await conversation.resume_unfinished()
            if resumed:
                log.info("resumed %d unfinished render(s)", len(resumed))
            try:
                yield None
            finally:
                self._conversation = None

    async def run_with_progress(self, ctx: Context, work: Callable[[ProgressPump], Awaitable[Reply]]) -> Reply:
        """Run work while a heartbeat keeps the host informed."""
        pump = ProgressPump(ctx, self.sleep, self.heartbeat)
        async with anyio.create_task_group() as group:
            group.start_soon(pump.heartbeat)
            try:
                reply = await work(pump)
            finally:
                group.cancel_scope.cancel()
        return reply

    def build(self) -> MCPServer:
        """The server with its tools, resources and prompts."""
        server = MCPServer("nemovideo", version=__version__, instructions=INSTRUCTIONS, lifespan=self.lifespan)
        _register_tools(server, self)
        _register_resources(server, self)
        return server


def to_result(reply: Reply, thumb: bytes | None = None) -> CallToolResult:
    """Readable text, links to the local files, the poster's thumbnail, and the Reply as structured data."""
    # isError only for a failed reply: a refusal is `unchanged`, the tool itself worked.
    content: list[ContentBlock] = [TextContent(type="text", text=reply.text)]
    for path, mime, what in ((reply.video_path, "video/mp4", "The rendered video (a local file)."),
                             (reply.poster_path, "image/png", "The poster: a still of the video, full size."),
                             (reply.contact_sheet_path, "image/png", "The contact sheet: frames of the video.")):
        if path:
            local = Path(path).resolve()
            content.append(ResourceLink(type="resource_link", uri=local.as_uri(), name=local.name, mime_type=mime,
                                        description=what))
    if thumb is not None:
        content.append(ImageContent(type="image", data=base64.b64encode(thumb).decode(), mime_type="image/jpeg"))
    return CallToolResult(content=content, structured_content=reply.model_dump(mode="json"),
                          is_error=reply.status == "failed")


async def tool_result(reply: Reply) -> CallToolResult:
    """`to_result` with the poster's thumbnail, made in a worker thread (an ffmpeg run) when there is a poster."""
    poster = reply.poster_path
    thumb = await anyio.to_thread.run_sync(thumbnail, Path(poster)) if poster and Path(poster).is_file() else None
    return to_result(reply, thumb)


ToolResult = Annotated[CallToolResult, Reply]


def _annotations(title: str, *, read_only: bool = False, idempotent: bool = False,
                 destructive: bool = False) -> ToolAnnotations:
    return ToolAnnotations(title=title, read_only_hint=read_only, destructive_hint=destructive,
                           idempotent_hint=idempotent, open_world_hint=True)


def _register_tools(server: MCPServer, app: NemoMcp) -> None:
    @server.tool(
        name="nemo_chat",
        annotations=_annotations("Make or edit the video"),
        description=(
            "Say something to the video editor: generate a video, add music, titles or text, change the aspect "
            "ratio, trim, reorder, undo. Pass the user's words as they are, in English or Chinese: they are routed "
            "to a direct action (free, no agent): export, credits, state, upload, help; everything else is chat. "
            "Generating and editing SPEND CREDITS; a refusal or a question back costs nothing, and "
            "NEMO_API_URL=local is free unless prices are set. The reply's status is 'completed' when the video "
            "changed (changes, edits and credits_spent say how and what it cost) and 'unchanged' for a refusal, a "
            "question back or an answer: nothing changed, nothing to retry. The reply's route shows the action, "
            "score and evidence. Returns status 'running' with an id if the work outlasts wait_seconds: then call "
            "nemo_status, never resend."
        ),
    )
    async def nemo_chat(message: str, ctx: Context, attachments: list[str] | None = None,
                        wait_seconds: WaitSeconds = app.default_wait) -> ToolResult:
        reply = await app.run_with_progress(ctx, lambda pump: app.conversation.handle(
            message, attachments or [], progress=pump, wait=wait_seconds))
        return await tool_result(reply)

    @server.tool(
        name="nemo_upload",
        annotations=_annotations("Upload media"),
        description="Upload local files (absolute paths) or http(s) links into the project. Free. Formats: "
        "mp4, mov, avi, webm, mkv, jpg, png, gif, webp, mp3, wav, m4a, aac; 200 MB a file at most.",
    )
    async def nemo_upload(items: list[str]) -> ToolResult:
        return await tool_result(await app.conversation.upload(items))

    @server.tool(name="nemo_credits", annotations=_annotations("Credit balance", read_only=True, idempotent=True),
                 description="The credit balance: available, frozen (reserved by work in progress) and total. Free.")
    async def nemo_credits() -> ToolResult:
        return await tool_result(await app.conversation.credits())

    @server.tool(name="nemo_timeline", annotations=_annotations("Timeline summary", read_only=True, idempotent=True),
                 description="What is in the video now: one line per track with names, times and volumes, then "
                 "its length, aspect ratio and size; `timeline` has the same as data (ratio, size, length, fps, "
                 "tracks and their segments, uploads). Free.")
    async def nemo_timeline() -> ToolResult:
        return await tool_result(await app.conversation.state())

    @server.tool(
        name="nemo_export",
        annotations=_annotations("Export the MP4"),
        description="Render the timeline to a 1080p MP4 and save it as a local file (never overwriting one). "
        "Free. output_path: an absolute file or folder path (optional; a relative name goes in the default "
        "videos folder). Returns status 'running' with an id if "
        "rendering outlasts wait_seconds: then call nemo_status with that id.",
    )
    async def nemo_export(ctx: Context, output_path: str | None = None,
                          wait_seconds: WaitSeconds = app.default_wait) -> ToolResult:
        target = Path(output_path) if output_path else None  # a relative name lands in the default folder
        reply = await app.run_with_progress(ctx, lambda pump: app.conversation.export(target, pump, wait_seconds))
        return await tool_result(reply)

    @server.tool(
        name="nemo_status",
        annotations=_annotations("Outcome of long work", read_only=True, idempotent=True),
        description="The outcome of a chat or export that answered status 'running' (pass its id), or of the export "
        "a chat reply started (its export_id). Works after a server restart for renders. Waits up to wait_seconds "
        "for it to finish. Free.",
    )
    async def nemo_status(
        id: Annotated[str, Field(description="the id from a reply whose status was 'running'")],
        ctx: Context, wait_seconds: WaitSeconds = app.default_wait,
    ) -> ToolResult:
        reply = await app.run_with_progress(ctx, lambda pump: app.conversation.status(id, pump, wait_seconds))
        return await tool_result(reply)

    @server.tool(name="nemo_new_project", annotations=_annotations("New project"),
                 description="Start a new, empty project (the current timeline is left as it is). language: en, "
                 "zh-CN, ... Free.")
    async def nemo_new_project(language: str = "en") -> ToolResult:
        return await tool_result(await app.conversation.new_project(language))


def _register_resources(server: MCPServer, app: NemoMcp) -> None:
    @server.resource("nemovideo://timeline", name="timeline", mime_type="application/json",
                     description="What is in the video: its summary, the timeline as data (ratio, size, length, "
                     "fps, tracks, uploads) and the draft itself.")
    async def timeline() -> dict[str, Any]:
        state = await app.conversation.api.state()
        return {"summary": overview(state.draft, app.conversation.lang),
                "timeline": as_timeline(state.draft, state.video_infos).model_dump(mode="json"),
                "draft": state.draft.dump()}

    @server.resource("nemovideo://timeline/summary", name="timeline-summary", mime_type="text/plain",
                     description="One line per track: what is in the video now.")
    async def timeline_summary() -> str:
        return (await app.conversation.state()).text

    @server.resource("nemovideo://credits", name="credits", mime_type="application/json",
                     description="The credit balance.")
    async def credits() -> dict[str, Any]:
        reply = await app.conversation.credits()
        return reply.credits.model_dump() if reply.credits else {"error": reply.text}

    @server.prompt(name="promo_video", description="Make a promotional video from a product description.")
    def promo_video(product_description: str, seconds: int = 30, aspect_ratio: str = "16:9") -> str:
        return (
            f"Use nemo_chat to generate a {seconds}-second promotional video in {aspect_ratio} from this product "
            f"description: {product_description}\nThen add upbeat background music at 35%, show me the timeline "
            "with nemo_timeline, and export it with nemo_export. Give me the file path."
        )


def serve(open_conversation: OpenConversation, transport: str = "stdio", port: int = 8766) -> None:
    """Run the server on stdio (default) or streamable HTTP on 127.0.0.1."""
    server = NemoMcp(open_conversation).build()
    if transport == "streamable-http":
        server.run("streamable-http", host="127.0.0.1", port=port)
    else:
        server.run("stdio")
