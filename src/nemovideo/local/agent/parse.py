"""From a request to a plan: generate, undo, a list of edit operations, or not understood."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields, replace

from nemovideo.local.agent import extract as x
from nemovideo.local.agent import grammar as g
from nemovideo.local.agent.extract import Message, Span


@dataclass(frozen=True)
class Op:
    """One edit operation with whatever the request said about it."""

    name: str  # add_bgm edit_bgm remove_bgm add_title add_text edit_text remove_text set_ratio set_duration
    #            move_scene swap_scenes remove_scene use_upload
    text: str | None = None
    target: str | None = None  # title | cta | headlines | captions | overlays | all | quoted
    old_text: str | None = None
    style: str | None = None
    volume: float | None = None
    volume_step: float | None = None
    fade_in_ms: int | None = None
    fade_out_ms: int | None = None
    span: Span | None = None
    position: str | None = None
    color: str | None = None
    size: int | None = None
    size_factor: float | None = None
    ratio: str | None = None
    length_ms: int | None = None
    length_factor: float | None = None
    scene: int | None = None  # 1-based, -1 is the last
    dest: str | None = None  # start | end | before | after | position
    dest_scene: int | None = None
    upload_kind: str | None = None  # video | image | audio | any

    @property
    def family(self) -> str:
        """What the operation works on: bgm, text, ratio, duration, scene, upload."""
        return self.name.split("_", 1)[-1].removesuffix("s").replace("title", "text")

    def args(self) -> dict[str, object]:
        """The operation as tool arguments (only what was said)."""
        found: dict[str, object] = {"op": self.name}
        for item in fields(self)[1:]:
            value = getattr(self, item.name)
            if value is not None:
                found[item.name] = value.describe() if isinstance(value, Span) else value
        return found


@dataclass(frozen=True)
class GenerateRequest:
    """A request for a new video."""

    description: str
    length_ms: int | None = None
    ratio: str | None = None
    music_style: str | None = None
    promo: bool = False


@dataclass(frozen=True)
class Plan:
    """What a request asks for."""

    kind: str  # generate | undo | edit | unknown
    ops: tuple[Op, ...] = ()
    generate: GenerateRequest | None = None


def parse(message: str) -> Plan:
    """Read a request in English or Chinese (or both)."""
    msg = x.normalise(message)
    if g.UNDO.search(msg.text):
        return Plan("undo")
    request = parse_generate(msg)
    if request is not None:
        return Plan("generate", generate=request)
    ops = [op for part in g.CLAUSE_SPLIT_HARD.split(msg.text) for op in parse_part(part.strip(), msg)]
    return Plan("edit", tuple(ops)) if ops else Plan("unknown")


def parse_generate(msg: Message) -> GenerateRequest | None:
    """A request for a new video, with its length, ratio, music and description."""
    match = g.GENERATE_EN.search(msg.text) or g.GENERATE_ZH.search(msg.text)
    if match is None or g.NOT_GENERATE.search(match.group(0)):
        return None
    verbatim = x.masked(msg.raw)
    start = (g.GENERATE_EN.search(verbatim.text) or g.GENERATE_ZH.search(verbatim.text) or match).end()
    found = _description(verbatim.text, start)
    cased = verbatim.cased
    head = x.normalise(verbatim.restore(cased[: found[0]] + cased[found[1] :] if found else cased)).text
    description = verbatim.restore(cased[found[0] : found[1]]).strip(" :：,，.。") if found else ""
    return GenerateRequest(
        description=description,
        length_ms=x.length_ms(head),
        ratio=x.ratio(head),
        music_style=x.music_style(head),
        promo=bool(g.PROMO_WORDS.search(head)),
    )


def _description(text: str, start: int) -> tuple[int, int] | None:
    """Where the description sits: after a colon, else after 'about'/'for'/关于 (past the verb, else anywhere)."""
    for pattern in g.DESCRIPTION_AFTER:
        found = pattern.search(text, start) or pattern.search(text)
        if found:
            return found.span(1)
    return None


def parse_part(part: str, msg: Message) -> list[Op]:
    """A clause as one operation, or as several when it joins different kinds of edit."""
    whole = parse_clause(part, msg)
    pieces = [p.strip() for p in g.CLAUSE_SPLIT_SOFT.split(part) if p and p.strip()]
    if len(pieces) > 1:
        ops = [parse_clause(piece, msg) for piece in pieces]
        complete = [op for op in ops if op is not None]
        distinct = len({op.family for op in complete}) == len(complete)
        if len(complete) == len(ops) and (whole is None or distinct):
            return complete
    return [whole] if whole else []


def parse_clause(text: str, msg: Message) -> Op | None:
    """The first kind of edit a clause reads as."""
    for reader in READERS:
        op = reader(text, msg)
        if op is not None:
            return op
    return None


def read_upload(text: str, msg: Message) -> Op | None:
    """'use this clip as scene 2', 'use the song as background music', '把这张图片放到第一个场景'."""
    kind = x.upload_kind(text)
    if kind is None or not g.UPLOAD_VERB.search(text):
        return None
    if kind == "audio" or g.AS_BGM.search(text):
        return Op("add_bgm", upload_kind="audio", volume=x.percent(text), style=None)
    refs = x.scene_refs(text)
    if refs:
        return Op("use_upload", upload_kind=kind, scene=refs[0])
    dest = "start" if g.UPLOAD_PREPEND.search(text) else "end"
    return Op("use_upload", upload_kind=kind, dest=dest)


def read_music(text: str, msg: Message) -> Op | None:
    """Background music: add, restyle, volume, fades, remove."""
    music, volume_words = g.MUSIC_NOUN.search(text), g.VOLUME_NOUN.search(text)
    fade_in, fade_out = x.fades(text)
    faded = fade_in is not None or fade_out is not None
    if not (music or volume_words or faded) or (not music and x.first_key(g.TEXT_TARGETS, text)):
        return None
    if music and g.TEXT_REMOVE.search(text):
        return Op("remove_bgm")
    step = -1.0 if g.MUTE.search(text) else g.VOLUME_STEP if g.VOLUME_UP.search(text) else None
    step = -g.VOLUME_STEP if step is None and g.VOLUME_DOWN.search(text) else step
    op = Op(
        "add_bgm" if music and g.MUSIC_ADD.search(text) else "edit_bgm",
        style=x.music_style(text), volume=x.percent(text), volume_step=step,
        fade_in_ms=fade_in, fade_out_ms=fade_out, span=None if faded else x.span(text),
    )
    changing = op.style or op.volume is not None or step is not None or faded or g.MUSIC_CHANGE.search(text)
    return op if op.name == "add_bgm" or changing else Op("add_bgm") if music else None


def read_text(text: str, msg: Message) -> Op | None:
    """Titles and text overlays: add, change words or look, remove."""
    target = x.first_key(g.TEXT_TARGETS, text)
    quotes = x.masked_quotes(text)
    if target is None and not (quotes and (g.TEXT_ADD.search(text) or g.TEXT_CHANGE_TO.search(text))):
        return None
    target = target or "overlays"
    if g.TEXT_REMOVE.search(text):
        old = msg.quote(quotes[0]) if quotes else None
        return Op("remove_text", target="quoted" if old else target, old_text=old)
    change = g.TEXT_CHANGE_TO.search(text) or g.TEXT_SAY.search(text)
    if change:
        new_index = int(next(group for group in change.groups() if group is not None))
        old = next((msg.quote(i) for i in quotes if i != new_index), None)
        op = Op("edit_text", target="quoted" if old else target, old_text=old, text=msg.quote(new_index))
    elif g.TEXT_ADD.search(text) and (quotes or _inline_text(text, msg) or not (_has_look(text) or x.span(text))):
        words = msg.quote(quotes[0]) if quotes else _inline_text(text, msg)
        op = Op("add_title" if target == "title" else "add_text", target=target, text=words, span=x.span(text))
    else:
        op = Op("edit_text", target=target, text=_inline_change(text, msg), span=x.span(text))
    return with_look(op, text)


def with_look(op: Op, text: str) -> Op:
    """The operation with the position, colour and size the text names."""
    value, factor = x.size(text)
    return replace(op, position=x.position(text), color=x.color(text), size=value, size_factor=factor)


def _has_look(text: str) -> bool:
    look = with_look(Op("look"), text)
    return any(v is not None for v in (look.position, look.color, look.size, look.size_factor))


def _inline_text(text: str, msg: Message) -> str | None:
    match = g.TEXT_INLINE.search(text)
    if match is None:
        return None
    words = g.TEXT_INLINE_END.sub("", match.group(1)).strip(" .。")
    return msg.cased_piece(words) if words else None


def _inline_change(text: str, msg: Message) -> str | None:
    match = g.TEXT_CHANGE_INLINE.search(text)
    if match is None:
        return None
    words = next(group for group in match.groups() if group is not None).strip(" .。的")
    looks_like_style = _has_look(words) or x.ratio(words) or not words
    return None if looks_like_style else msg.cased_piece(words)


def read_scene(text: str, msg: Message) -> Op | None:
    """Scenes: move, swap, remove."""
    refs = x.scene_refs(text)
    pair = x.scene_pair(text)
    if pair and g.SCENE_SWAP.search(text):
        return Op("swap_scenes", scene=pair[0], dest_scene=pair[1])
    if not refs:
        return None
    if g.SCENE_REMOVE.search(text):
        return Op("remove_scene", scene=refs[0])
    if g.SCENE_SWAP.search(text) and len(refs) > 1:
        return Op("swap_scenes", scene=refs[0], dest_scene=refs[1])
    if g.SCENE_MOVE.search(text):
        dest, dest_scene = _destination(text, refs)
        return Op("move_scene", scene=refs[0], dest=dest, dest_scene=dest_scene)
    return None


def _destination(text: str, refs: list[int]) -> tuple[str | None, int | None]:
    relative, position = g.DEST_RELATIVE.search(text), g.DEST_POSITION.search(text)
    if len(refs) > 1 and relative:
        return relative.group(1) or ("after" if "后" in relative.group(2) else "before"), refs[1]
    if position:
        return "position", int(next(v for v in position.groups() if v is not None))
    if len(refs) > 1:
        return "position", refs[1]
    return ("start" if g.DEST_START.search(text) else "end" if g.DEST_END.search(text) else None), None


def read_ratio(text: str, msg: Message) -> Op | None:
    """Aspect ratio: 16:9, 9:16 ('vertical', '竖屏'), 1:1 ('square', '方形')."""
    ratio = x.ratio(text)
    return Op("set_ratio", ratio=ratio) if ratio else None


def read_duration(text: str, msg: Message) -> Op | None:
    """Length: 'make it 20 seconds', '时长改成20秒', 'shorter'."""
    length = x.length_ms(text)
    if length is not None and g.DURATION_WORDS.search(text):
        return Op("set_duration", length_ms=length)
    if g.SHORTER.search(text) or g.LONGER.search(text):
        return Op("set_duration", length_factor=g.LENGTH_STEP if g.SHORTER.search(text) else 1 / g.LENGTH_STEP)
    return None


READERS: tuple[Callable[[str, Message], Op | None], ...] = (
    read_upload, read_music, read_text, read_scene, read_ratio, read_duration,
)
