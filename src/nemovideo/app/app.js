// The nemovideo app: a player, the timeline and four buttons, talking to the server's tools through the host
// with the MCP Apps reference client (globalThis.McpApps, inlined before this script).
const { App, applyDocumentTheme, applyHostStyleVariables, applyHostFonts } = globalThis.McpApps;

const WAIT = 40; // seconds a render call waits before answering "running" (a host's request timeout is ~60 s)
const $ = (id) => document.getElementById(id);
const buttons = ["preview", "undo", "export", "new"].map($);
const app = new App({ name: "nemovideo", version: "1" }, {}, { autoResize: true });
let exportPath = null;

// -- the host's theme ---------------------------------------------------------------------------------------------
function applyHostContext(context) {
  if (!context) return;
  if (context.theme) applyDocumentTheme(context.theme);
  if (context.styles?.variables) applyHostStyleVariables(context.styles.variables);
  if (context.styles?.css?.fonts) applyHostFonts(context.styles.css.fonts);
}

// -- small formatting helpers -------------------------------------------------------------------------------------
const seconds = (value) => `${Number(Number(value).toFixed(2))}`;
const span = (start, end) => `${seconds(start)}–${seconds(end)} s`;
const percent = (volume) => `${Math.round(volume * 100)}%`;

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

// -- the timeline strip -------------------------------------------------------------------------------------------
const TRACK_NAMES = { video: "Scenes", audio: "Sound", text: "Texts" };

function segmentLabel(segment) {
  if (segment.text) return `“${segment.text}”`;
  return segment.source || segment.kind;
}

function renderSegment(segment, length, trackType) {
  const block = element("div", `segment ${trackType}`);
  block.style.left = `${(100 * segment.start) / length}%`;
  block.style.width = `${(100 * Math.max(segment.end - segment.start, 0)) / length}%`;
  const details = [span(segment.start, segment.end)];
  if (segment.volume !== null && segment.volume !== undefined) details.push(percent(segment.volume));
  const colours = /^(#[0-9a-f]{6}) → (#[0-9a-f]{6})$/i.exec(segment.source || "");
  // A generated scene's source is its two background colours: people see the gradient, not the hex codes.
  const what = element("span", "what", colours ? "Generated scene" : segmentLabel(segment));
  if (colours) {
    const swatch = element("i", "swatch");
    swatch.style.background = `linear-gradient(90deg, ${colours[1]}, ${colours[2]})`;
    what.prepend(swatch);
  }
  block.append(what, element("span", "when", details.join(" · ")));
  block.title = `${segment.kind}${segment.role ? ` (${segment.role})` : ""}: ${segmentLabel(segment)}, ${details.join(", ")}`;
  block.dataset.kind = segment.kind;
  return block;
}

function renderRuler(length) {
  const ruler = $("ruler");
  ruler.replaceChildren();
  if (!length) return;
  for (const at of [0, length / 2, length]) {
    const mark = element("span", null, `${seconds(at)} s`);
    mark.style.left = `${(100 * at) / length}%`;
    ruler.append(mark);
  }
}

function renderTimeline(timeline) {
  if (!timeline) return;
  $("title").textContent = timeline.title || "Your video";
  $("facts").textContent = `${seconds(timeline.length)} s · ${timeline.ratio} · ${timeline.size.width}×${timeline.size.height}`;
  $("screen").style.aspectRatio = `${timeline.size.width} / ${timeline.size.height}`;
  const length = Math.max(timeline.length, ...timeline.tracks.flatMap((t) => t.segments.map((s) => s.end)), 0.001);
  renderRuler(timeline.length);
  const rows = timeline.tracks.map((track) => {
    const row = element("div", "track");
    row.dataset.type = track.type;
    row.append(element("div", "track-name", track.name || TRACK_NAMES[track.type] || track.type));
    const lane = element("div", "lane");
    lane.append(...track.segments.map((segment) => renderSegment(segment, length, track.type)));
    row.append(lane);
    return row;
  });
  $("tracks").replaceChildren(...(rows.length ? rows : [element("p", "placeholder", "No tracks yet.")]));
  $("timeline-note").hidden = !timeline.note;
  $("timeline-note").textContent = timeline.note || "";
}

// -- the player and the contact sheet -----------------------------------------------------------------------------
function showMedia(media, play) {
  const player = $("player");
  const video = media.video;
  $("video-note").hidden = false;
  // The file's name and size (its path on hover); the tool's own words when there is nothing to play.
  $("video-note").textContent = video?.data ? `${media.action === "export" ? "Export" : "Preview"} · ${video.path.split("/").pop()} · ${(video.size / 1e6).toFixed(1)} MB` : media.text;
  $("video-note").title = video?.path || "";
  if (video && video.data) {
    // A data: URL, not a Blob URL: the spec's default CSP allows media from data: and never from blob:.
    player.poster = media.poster?.data ? `data:${media.poster.mime_type};base64,${media.poster.data}` : "";
    player.src = `data:${video.mime_type};base64,${video.data}`;
    player.hidden = false;
    $("no-video").hidden = true;
    if (play) playNow(player);
  } else if (!video) {
    player.hidden = true;
    player.removeAttribute("src");
    $("no-video").hidden = false;
  }
  $("sheet-box").hidden = !media.sheet?.data;
  if (media.sheet?.data) $("sheet").src = `data:${media.sheet.mime_type};base64,${media.sheet.data}`;
  if (media.export_path) showExport(media.export_path);
}

async function playNow(player) {
  try {
    await player.play();
  } catch {
    player.muted = true; // a host may allow playing with sound only after a click on the video: start muted
    await player.play().catch(() => {}); // or not at all: the controls are there
  }
}

function showExport(path) {
  exportPath = path;
  $("export-line").hidden = false;
  $("export-path").textContent = path;
  $("download").hidden = !app.getHostCapabilities()?.downloadFile;
}

// -- calling the server's tools through the host --------------------------------------------------------------
function setBusy(message) {
  const busy = Boolean(message);
  document.querySelector(".app").setAttribute("aria-busy", String(busy));
  buttons.forEach((button) => { button.disabled = busy; });
  $("bar").hidden = !busy;
  $("fill").classList.remove("known");
  $("fill").style.width = "";
  if (busy) say(message);
}

function say(text, kind) {
  const line = $("status-text");
  line.textContent = text || "";
  line.className = `status-text${kind ? ` ${kind}` : ""}`;
}

function onProgress(progress) {
  if (progress.message) say(progress.message);
  if (progress.total) {
    $("fill").classList.add("known");
    $("fill").style.width = `${Math.min(100, (100 * progress.progress) / progress.total)}%`;
  }
}

async function call(name, args = {}) {
  const result = await app.callServerTool({ name, arguments: args }, { onprogress: onProgress, resetTimeoutOnProgress: true });
  const reply = result.structuredContent || {};
  const text = reply.text || result.content?.find((block) => block.type === "text")?.text || "";
  return { ...reply, text, failed: Boolean(result.isError) || reply.status === "failed" };
}

async function finished(reply) {
  // A render that outlasts its wait answers "running" with an id; nemo_status waits for the outcome.
  while (reply.status === "running" && reply.id) {
    say(reply.text);
    reply = await call("nemo_status", { id: reply.id, wait_seconds: WAIT });
  }
  return reply;
}

async function refreshTimeline() {
  const reply = await call("nemo_timeline");
  if (!reply.failed) renderTimeline(reply.timeline);
  return reply;
}

async function refreshMedia(play) {
  const media = (await app.callServerTool({ name: "nemo_app_video", arguments: {} })).structuredContent;
  if (media) showMedia(media, play);
}

async function act(message, work) {
  setBusy(message);
  try {
    const reply = await work();
    say(reply.text, reply.failed ? "error" : "done");
  } catch (error) {
    say(`The host did not pass the request on: ${error.message || error}`, "error");
  } finally {
    setBusy(null);
  }
}

// A finished render says so in a few words: the player and the export line show the rest.
$("preview").addEventListener("click", () => act("Rendering a preview…", async () => {
  const reply = await finished(await call("nemo_preview", { wait_seconds: WAIT }));
  if (reply.failed) return reply;
  await refreshMedia(true);
  return { ...reply, text: "Preview ready: a quick, small render of the timeline." };
}));

$("undo").addEventListener("click", () => act("Undoing the last edit…", async () => {
  const reply = await call("nemo_chat", { message: "undo" });
  await refreshTimeline();
  return reply;
}));

$("export").addEventListener("click", () => act("Exporting the full video…", async () => {
  const reply = await finished(await call("nemo_export", { wait_seconds: WAIT }));
  if (reply.failed || !reply.video_path) return reply;
  showExport(reply.video_path);
  return { ...reply, text: "Exported: the full 1080p MP4 is a local file." };
}));

$("new").addEventListener("click", () => act("Starting a new project…", async () => {
  const reply = await call("nemo_new_project");
  await refreshTimeline();
  showMedia({ text: "", video: null, sheet: null }, false);
  $("video-note").hidden = true;
  $("export-line").hidden = true;
  return reply;
}));

$("download").addEventListener("click", async () => {
  const url = new URL(`file://${exportPath}`).href;
  const name = exportPath.split("/").pop();
  const outcome = await app.downloadFile({ contents: [{ type: "resource_link", uri: url, name, mimeType: "video/mp4" }] });
  if (outcome.isError) say("The host did not save the file; it is still at the path above.", "error");
});

// -- what the host tells us -----------------------------------------------------------------------------------
app.ontoolresult = (result) => {
  const reply = result.structuredContent || {};
  if (reply.timeline) renderTimeline(reply.timeline);
  if (reply.text) say(reply.text, result.isError ? "error" : undefined);
  if (reply.video_path && reply.status === "completed") refreshMedia(false);
};
app.onhostcontextchanged = (context) => applyHostContext(context);

app.connect().then(async () => {
  applyHostContext(app.getHostContext());
  await act("Loading the timeline…", async () => {
    const reply = await refreshTimeline();
    await refreshMedia(false);
    return { ...reply, text: reply.failed ? reply.text : "" };
  });
}).catch((error) => say(`Could not connect to the host: ${error.message || error}`, "error"));
