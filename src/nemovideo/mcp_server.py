"""The MCP surface: thin tools over the Conversation, with progress, deadlines and file results.

Every tool call and resource read runs inside one deadline (client/deadline.py): a call with `wait_seconds`
ends within it plus WAIT_MARGIN (answering `running` with an id where work goes on), any other within
CALL_DEADLINE. Whatever goes wrong inside comes back as a readable reply with a typed error, never as a bare
"Error executing tool" (client/failures.py is where that conversion happens); a watch on the event loop's
timer is the backstop should anything outlast the deadline.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import logging
import math
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from pathlib import Path
from typing import Annotated, Any, TypeVar

import anyio
from mcp.server.apps import APP_MIME_TYPE, Apps, client_supports_apps
from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.resources import FunctionResource
from mcp_types import CallToolResult, ContentBlock, ImageContent, ResourceLink, TextContent, ToolAnnotations
from pydantic import Field

from nemovideo import __version__
from nemovideo.app import page
from nemovideo.app.media import AppMedia, media_of
from nemovideo.app.negotiation import apps_where_negotiated
from nemovideo.client import deadline
from nemovideo.client.failures import typed
from nemovideo.conversation.caps import capped_overview, fit, json_size, most_that_fit, timeline_of
from nemovideo.conversation.messages import say
from nemovideo.conversation.reply import Reply
from nemovideo.conversation.service import Conversation
from nemovideo.errors import DeadlineExceeded, NemoError
from nemovideo.language import Language
from nemovideo.mcp_logs import HostLogs
from nemovideo.thumbnail import thumbnail

log = logging.getLogger(__name__)

DEFAULT_WAIT = 45.0  # hosts often cut tool calls at about 60 s
WAIT_MARGIN = 5.0  # a call with wait_seconds answers within it plus this
CALL_DEADLINE = 30.0  # any other call answers within this
HEARTBEAT = 5.0  # progress at most this far apart while work runs (the contract asks for <= 10 s)
MAX_RESOURCE_BYTES = 700_000  # the timeline resource's timeline and draft, as JSON (its summary comes on top)
SHEET_WIDTH, SHEET_BYTES = 1000, 160_000  # a preview's contact sheet inline: 12 frames about 240 pixels wide each
APP_ONLY = "nemo_app_video answers the nemovideo MCP App only, in a host that renders MCP Apps."
T = TypeVar("T")

INSTRUCTIONS = (
    "Make and edit videos by chatting. Pass the user's words to nemo_chat (it routes export, credits, "
    "status, uploads and help itself, for free). When a tool answers status 'running', call nemo_status with its id "
    "later; never resend the request (that would charge twice). After generating or editing, nemo_preview shows "
    "the video as a contact sheet (free) before nemo_export. Finished videos are local files: give "
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
                 heartbeat: float = HEARTBEAT, sleep: Sleep = anyio.sleep, call_deadline: float = CALL_DEADLINE,
                 wait_margin: float = WAIT_MARGIN) -> None:
        self.open_conversation = open_conversation
        self.default_wait = default_wait
        self.heartbeat = heartbeat
        self.sleep = sleep
        self.call_deadline = call_deadline
        self.wait_margin = wait_margin
        self.logs = HostLogs()
        self._conversation: Conversation | None = None

    @property
    def conversation(self) -> Conversation:
        """The open Conversation (only while the server runs)."""
        if self._conversation is None:
            raise RuntimeError("the server is not running")
        return self._conversation

    @contextlib.asynccontextmanager
    async def lifespan(self, server: MCPServer) -> AsyncIterator[None]:
        """Open the conversation for the server's lifetime, resume renders left unfinished, forward log records."""
        async with self.open_conversation() as conversation, self.logs.forwarding():
            self._conversation = conversation
            try:
                resumed = await conversation.resume_unfinished()
            except Exception as exc:  # an unreadable job record must not keep the server from starting
                resumed = []
                typed(exc, "Resuming unfinished renders")
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

    async def call(self, ctx: Context, action: str, work: Callable[[ProgressPump], Awaitable[Reply]],
                   wait: float | None = None) -> CallToolResult:
        """One tool call: inside its deadline, with progress, and a readable reply whatever happens."""
        limit = self.call_deadline if wait is None else wait + self.wait_margin
        started = anyio.current_time()
        outcome = await self.bounded(limit, lambda: self.run_with_progress(ctx, work))
        reply = outcome if isinstance(outcome, Reply) else self.conversation.failed(action, outcome)
        # Cut to fit a host first; the poster's thumbnail then gets what is left of the deadline.
        return await tool_result(fit(reply), limit - (anyio.current_time() - started))

    async def bounded(self, limit: float, work: Callable[[], Awaitable[T]]) -> T | NemoError:
        """The result of `work` within `limit` seconds, or the typed error that stopped it."""
        # The deadline the work sees ends a little before the backstop, so that its own typed errors (and its
        # "running" answers) come first; the backstop only catches what ignores the deadline.
        inner = limit - min(0.5, limit / 10)
        try:
            with anyio.fail_after(limit), deadline.within(inner, self.conversation.clock):
                return await work()
        except TimeoutError:
            log.warning("a call outlasted its %g s deadline and was stopped", limit)
            return DeadlineExceeded(f"This request did not finish within the {limit:g} s a call may take.")
        except Exception as exc:
            return typed(exc, "This request")

    def build(self) -> MCPServer:
        """The server with its tools, resources and prompts, and the MCP App for the hosts that render it."""
        apps = Apps()
        _register_app(apps, self)
        server = MCPServer("nemovideo", version=__version__, instructions=INSTRUCTIONS, lifespan=self.lifespan,
                           extensions=[apps], middleware=[apps_where_negotiated])
        _register_tools(server, self)
        _register_resources(server, self)
        self.logs.register(server)
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


async def tool_result(reply: Reply, within: float = math.inf) -> CallToolResult:
    """`to_result` with the poster's thumbnail (a preview's: its contact sheet's, wider, since the agent shows the
    user the whole video at a glance), made in a worker thread (an ffmpeg run); a thumbnail not made `within`
    seconds (what is left of the call's deadline) is left out."""
    picture, make = reply.poster_path, thumbnail
    if reply.action == "preview" and reply.contact_sheet_path:
        picture, make = reply.contact_sheet_path, functools.partial(thumbnail, width=SHEET_WIDTH, limit=SHEET_BYTES)
    thumb = None
    if picture and Path(picture).is_file():
        with anyio.move_on_after(max(within, 0.0)):
            thumb = await anyio.to_thread.run_sync(make, Path(picture), abandon_on_cancel=True)
    return to_result(reply, thumb)


def timeline_json(draft: dict[str, Any], lang: Language, limit: int = MAX_RESOURCE_BYTES) -> dict[str, Any]:
    """The draft, or as many of its first tracks as fit in `limit` bytes of JSON, with a note saying how many were
    left out (a host drops a resource over about 1 MB)."""
    tracks = draft.get("t")
    if not isinstance(tracks, list) or json_size(draft) <= limit:
        return {"draft": draft}
    kept = most_that_fit(len(tracks), lambda count: json_size({**draft, "t": tracks[:count]}) <= limit)
    note = say("cut_tracks", lang, total=len(tracks), shown=kept, count=len(tracks) - kept)
    return {"draft": {**draft, "t": tracks[:kept]}, "note": note}


def failure_data(reply: Reply) -> dict[str, Any]:
    """A resource's answer when it could not be read: the readable words and the typed error."""
    return {"error": reply.error.model_dump() if reply.error else None, "text": reply.text}


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
        return await app.call(ctx, "chat", lambda pump: app.conversation.handle(
            message, attachments or [], progress=pump, wait=wait_seconds), wait_seconds)

    @server.tool(
        name="nemo_upload",
        annotations=_annotations("Upload media"),
        description="Upload local files (absolute paths) or http(s) links into the project. Free. Formats: "
        "mp4, mov, avi, webm, mkv, jpg, png, gif, webp, mp3, wav, m4a, aac; 200 MB a file at most.",
    )
    async def nemo_upload(items: list[str], ctx: Context) -> ToolResult:
        return await app.call(ctx, "upload", lambda pump: app.conversation.upload(items))

    @server.tool(name="nemo_credits", annotations=_annotations("Credit balance", read_only=True, idempotent=True),
                 description="The credit balance: available, frozen (reserved by work in progress) and total. Free.")
    async def nemo_credits(ctx: Context) -> ToolResult:
        return await app.call(ctx, "credits", lambda pump: app.conversation.credits())

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
        return await app.call(ctx, "status", lambda pump: app.conversation.status(id, pump, wait_seconds),
                              wait_seconds)

    @server.tool(name="nemo_new_project", annotations=_annotations("New project"),
                 description="Start a new, empty project (the current timeline is left as it is). language: en, "
                 "zh-CN, ... Free.")
    async def nemo_new_project(ctx: Context, language: str = "en") -> ToolResult:
        return await app.call(ctx, "new_project", lambda pump: app.conversation.new_project(language))


def _register_app(apps: Apps, app: NemoMcp) -> None:
    """The tools that show their outcome in the app (`_meta.ui.resourceUri`), the app-only video tool and the
    app's page."""
    @apps.tool(resource_uri=page.URI, name="nemo_timeline",
               annotations=_annotations("Timeline summary", read_only=True, idempotent=True),
               description="What is in the video now: one line per track with names, times and volumes, then "
               "its length, aspect ratio and size; `timeline` has the same as data (ratio, size, length, fps, "
               "tracks and their segments, uploads). Free.")
    async def nemo_timeline(ctx: Context) -> ToolResult:
        return await app.call(ctx, "state", lambda pump: app.conversation.state())

    @apps.tool(
        resource_uri=page.URI,
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
        return await app.call(ctx, "export", lambda pump: app.conversation.export(target, pump, wait_seconds),
                              wait_seconds)

    @apps.tool(
        resource_uri=page.URI,
        name="nemo_preview",
        annotations=_annotations("Preview the video", idempotent=True),
        description="Render a quick, small preview of the timeline (480p on the local backend; the cloud may render "
        "it in full) and return its contact sheet (a grid of frames, as an image) and a low-resolution MP4. Free. Use "
        "it to show the user the video after generating or editing it, before nemo_export. Returns status 'running' "
        "with an id if it outlasts wait_seconds: then call nemo_status with that id.",
    )
    async def nemo_preview(ctx: Context, wait_seconds: WaitSeconds = app.default_wait) -> ToolResult:
        return await app.call(ctx, "preview", lambda pump: app.conversation.preview(pump, wait_seconds), wait_seconds)

    @apps.tool(
        resource_uri=page.URI,
        visibility=["app"],
        name="nemo_app_video",
        annotations=_annotations("The video for the app", read_only=True, idempotent=True),
        description="For the nemovideo MCP App only: the project's latest preview or export as base64 (at most "
        "12 MB; a larger one gives its path) and its contact sheet. Free.",
    )
    async def nemo_app_video(ctx: Context) -> Annotated[CallToolResult, AppMedia]:
        if not client_supports_apps(ctx):  # hidden from such hosts (app/negotiation.py), and refused
            return CallToolResult(content=[TextContent(type="text", text=APP_ONLY)], is_error=True)
        conversation = app.conversation
        outcome = await app.bounded(app.call_deadline, lambda: anyio.to_thread.run_sync(
            lambda: media_of(conversation.latest_video(), conversation.lang)))
        found = outcome if isinstance(outcome, AppMedia) else AppMedia(
            text=conversation.failed("app_video", outcome).text)
        return CallToolResult(content=[TextContent(type="text", text=found.text)],
                              structured_content=found.model_dump(mode="json"))

    apps.add_resource(FunctionResource(
        uri=page.URI, name="nemovideo-app", title="nemovideo", mime_type=APP_MIME_TYPE, fn=page.html,
        description="The nemovideo app: the player, the timeline and the buttons, for hosts that render MCP Apps.",
        meta={"ui": {"csp": {}, "prefersBorder": True}}))  # no domains: the page loads nothing from anywhere


def _register_resources(server: MCPServer, app: NemoMcp) -> None:
    @server.resource("nemovideo://timeline", name="timeline", mime_type="application/json",
                     description="What is in the video: its summary, the timeline as data (ratio, size, length, "
                     "fps, tracks, uploads) and the draft itself.")
    async def timeline() -> dict[str, Any]:
        async def read() -> dict[str, Any]:
            state, lang = await app.conversation.api.state(), app.conversation.lang
            data = timeline_of(state.draft, state.video_infos, lang).model_dump(mode="json")
            room = MAX_RESOURCE_BYTES - json_size(data)  # the draft gets what the timeline leaves
            return {"summary": capped_overview(state.draft, lang), "timeline": data,
                    **timeline_json(state.draft.dump(), lang, room)}

        outcome = await app.bounded(app.call_deadline, read)
        return failure_data(app.conversation.failed("state", outcome)) if isinstance(outcome, NemoError) else outcome

    @server.resource("nemovideo://timeline/summary", name="timeline-summary", mime_type="text/plain",
                     description="One line per track: what is in the video now.")
    async def timeline_summary() -> str:
        outcome = await app.bounded(app.call_deadline, lambda: app.conversation.state())
        return app.conversation.failed("state", outcome).text if isinstance(outcome, NemoError) else outcome.text

    @server.resource("nemovideo://credits", name="credits", mime_type="application/json",
                     description="The credit balance.")
    async def credits() -> dict[str, Any]:
        outcome = await app.bounded(app.call_deadline, lambda: app.conversation.credits())
        if isinstance(outcome, NemoError):
            return failure_data(app.conversation.failed("credits", outcome))
        if outcome.credits is None:  # the conversation's own failed reply
            return failure_data(outcome)
        return outcome.credits.model_dump()

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
