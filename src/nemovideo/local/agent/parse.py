"""From a request to a plan: a new video, undo, edit operations (and the parts not understood), or nothing.

A request is cut into pieces ("make the music calm, lower it to 20%, and move the title to the top").
Each piece is read on its own, with what the piece before it was about as context ("lower it" is the
music); a piece that only adds details to the one before ("前3秒", "at the bottom") joins its operation.
Pieces that ask for a font that is not shipped or an effect the renderer cannot draw are kept apart,
and so are pieces that mean nothing to the agent: the reply names them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from typing import Any

from nemovideo.local.agent import extract as x
from nemovideo.local.agent import grammar as g
from nemovideo.local.agent import typos
from nemovideo.local.agent.describe import GenerateRequest, explicit_title, is_generation, read_generation
from nemovideo.local.agent.extract import Message, Span, UploadRef

FAMILIES = {"bgm": "bgm", "text": "text", "title": "text", "ratio": "ratio", "duration": "duration",
            "scene": "scene", "upload": "upload"}


@dataclass(frozen=True)
class Op:
    """One edit operation with whatever the request said about it."""

    name: str  # add_bgm edit_bgm remove_bgm add_title add_text edit_text remove_text set_ratio set_duration
    #            move_scene swap_scenes remove_scene use_upload
    text: str | None = None
    target: str | None = None  # title | cta | headlines | captions | overlays | price | all | quoted
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
    font: str | None = None
    ratio: str | None = None
    length_ms: int | None = None
    length_factor: float | None = None
    scene: int | None = None  # 1-based, -1 is the last
    dest: str | None = None  # start | end | before | after | position
    dest_scene: int | None = None
    upload: UploadRef | None = None

    @property
    def family(self) -> str:
        """What the operation works on: bgm, text, ratio, duration, scene, upload."""
        return FAMILIES[self.name.split("_", 1)[-1].removesuffix("s")]

    def args(self) -> dict[str, object]:
        """The operation as tool arguments (only what was said)."""
        found: dict[str, object] = {"op": self.name}
        for item in fields(self)[1:]:
            value = getattr(self, item.name)
            if value is not None:
                found[item.name] = value.describe() if isinstance(value, Span | UploadRef) else value
        return found


@dataclass(frozen=True)
class Plan:
    """What a request asks for, and what in it could not be read or cannot be done."""

    kind: str  # generate | undo | edit | unknown
    ops: tuple[Op, ...] = ()
    generate: GenerateRequest | None = None
    skipped: tuple[str, ...] = ()  # pieces not understood, in the user's words
    unsupported: tuple[tuple[str, str], ...] = ()  # (font | effect | delivery, the words that asked)
    unclear: tuple[str, tuple[str, ...]] | None = None  # a mistyped word with two readings


@dataclass(frozen=True)
class Context:
    """What the piece before was about: a family and, for texts, which text."""

    family: str | None = None
    target: str | None = None
    old_text: str | None = None


def parse(message: str, *, empty: bool = False, uploads: bool = False) -> Plan:
    """Read a request in English or Chinese (or both); an empty project or uploads make a new video likelier."""
    msg = replace(x.normalise(message), uploads=uploads)
    if g.UNDO.search(msg.text):
        return Plan("undo")
    if is_generation(message, empty=empty, uploads=uploads):
        return Plan("generate", generate=read_generation(message))
    unclear = typos.unclear(msg.cased)
    if unclear is not None:  # "lowder": louder or lower? Asking costs nothing, a wrong guess would.
        return Plan("unknown", unclear=(unclear[0], tuple(unclear[1])))
    plan = read_edits(msg)
    if (plan.ops and not _untargeted(plan)) or (plan.unsupported and not plan.ops):
        return plan
    # An ordinary word is read as a typo only when the request means nothing otherwise ("the tittle"), or
    # when new words would otherwise have no text to go to ("chagne the tittle to 'Bean Scene'").
    lenient = read_edits(replace(x.normalise(message, lenient=True), uploads=uploads))
    if not plan.ops:
        return lenient if lenient.ops else plan
    return lenient if lenient.ops and not _untargeted(lenient) else plan


def _untargeted(plan: Plan) -> bool:
    """True when a text edit in the plan does not say which text it is for."""
    return any(op.family == "text" and op.target is None for op in plan.ops)


def pieces(text: str) -> list[str]:
    """A request cut at sentence ends and linking words, keeping "scenes 1 and 2" or "fade in and out" whole."""
    text = g.NOT_A_BREAK.sub(lambda m: m.group(0).replace("and", "\0"), text)
    found = [soft for hard in g.CLAUSE_SPLIT_HARD.split(text) for soft in g.CLAUSE_SPLIT_SOFT.split(hard)]
    return [piece.replace("\0", "and").strip(" .") for piece in found if piece and piece.strip(" .")]


def read_edits(msg: Message) -> Plan:
    """Every piece of a request read as an operation, a part it cannot do, or words it does not understand."""
    ops: list[Op] = []
    skipped: list[str] = []
    unsupported: list[tuple[str, str]] = []
    context = Context()
    said_nothing: list[tuple[str, Op]] = []  # pieces that name a text but no change ("the title is fine")
    for piece in pieces(msg.text):
        cannot = cannot_do(piece)
        op = None if cannot else read_piece(piece, msg, context)
        generic = g.EFFECT_GENERIC.search(piece) if op is None and cannot is None else None
        cannot = ("effect", effect_name(piece, generic.group(0))) if generic else cannot
        if op is not None and overlay_upload(piece, op):
            op, cannot = None, ("overlay", piece)
        if cannot is not None:
            unsupported.append((cannot[0], msg.cased_piece(cannot[1])))
            target = x.first_key(g.TEXT_TARGETS, piece)  # "把标题弄成#FFD700，再用微软雅黑": still the title
            context = Context("text", target) if target else context
        elif op is not None:
            ops = join(ops, op)
            context = Context(op.family, op.target, op.old_text)
            if _says_nothing(op):
                said_nothing.append((piece, op))
        elif not g.FILLER.match(piece):
            skipped.append(msg.restore(piece))
    # Beside other changes, a piece that only names a text is left out, not a reason to refuse them all.
    if any(not _says_nothing(op) for op in ops):
        empty = [op for op in ops if _says_nothing(op)]
        ops = [op for op in ops if not _says_nothing(op)]
        skipped += [msg.restore(piece) for piece, op in said_nothing if op in empty]
    kind = "edit" if ops else "unknown"
    return Plan(kind, tuple(ops), skipped=tuple(skipped), unsupported=tuple(unsupported))


def _says_nothing(op: Op) -> bool:
    """A text edit with nothing to change: no words, time, position, colour, size or font."""
    details = (op.text, op.span, op.position, op.color, op.size, op.size_factor, op.font)
    return op.name == "edit_text" and all(value is None for value in details)


def cannot_do(piece: str) -> tuple[str, str] | None:
    """A font that is not shipped, an effect the renderer cannot draw, or a delivery the chat does not do."""
    shipped, other = x.font(piece)
    if other is not None and shipped is None:
        return "font", other
    effect = g.EFFECT.search(piece)
    if effect is not None:
        return "effect", effect_name(piece, effect.group(0))
    near = g.MUSIC_OTHER_STYLE_NEAR.search(piece) if g.MUSIC_NOUN.search(piece) else None
    style = g.MUSIC_OTHER_STYLE.search(piece) or near
    if style is not None and not x.music_style(piece) and not x.first_key(g.TEXT_TARGETS, piece):
        return "music_style", style.group(0)
    delivery = g.DELIVERY.search(piece)
    return ("delivery", delivery.group(0)) if delivery is not None else None


def effect_name(piece: str, found: str) -> str:
    """The effect a request names: a generic word (特效, "effect") is named by the words before it (下雪特效: 下雪)."""
    if not g.EFFECT_WORD.fullmatch(found):
        return found
    english = g.EFFECT_NAMED_EN.search(piece)
    chinese = g.EFFECT_NAMED_ZH.search(piece)
    named = [w for w in g.EFFECT_NOT_NAME_ZH.split(chinese.group(1)) if w] if chinese else []
    return english.group(1) if english else named[-1] if named else found


def overlay_upload(piece: str, op: Op) -> bool:
    """An upload put at a spot on the picture ("my logo in the top right corner"): an overlay, not a scene."""
    if op.name != "use_upload" or op.scene is not None or x.scene_refs(piece):
        return False
    placed_in_time = g.UPLOAD_START.search(piece) or g.UPLOAD_END.search(piece) or g.UPLOAD_PREPEND.search(piece)
    return bool(g.OVERLAY_PLACE.search(piece) or (x.position(piece) and not placed_in_time))


def join(ops: list[Op], op: Op) -> list[Op]:
    """Add an operation; details for the one before ("at the bottom", "lower it to 20%") join it instead."""
    if not ops:
        return [op]
    last = ops[-1]
    if last.family != op.family or op.family not in ("bgm", "text", "upload"):
        return [*ops, op]
    if op.family == "text" and (op.target != last.target or op.name == "remove_text" or last.name == "remove_text"):
        return [*ops, op]
    if op.family == "upload" and op.upload is not None and op.upload != x.UploadRef():
        return [*ops, op]
    merged = _merge(last, op)
    return [*ops[:-1], merged] if merged is not None else [*ops, op]


def _merge(first: Op, second: Op) -> Op | None:
    """Two readings of one operation as one, or None when they say different things about the same detail."""
    changes: dict[str, Any] = {}
    for item in fields(Op)[1:]:
        one, two = getattr(first, item.name), getattr(second, item.name)
        if two is None or two == x.UploadRef() or one == two or item.name in ("target", "old_text"):
            continue
        if item.name == "volume_step" and one is not None and abs(one) == g.VOLUME_STEP and one * two > 0:
            one = None  # "压一压，降低20个点": the size said after a plain "lower" is the size of that change
        if item.name == "span" and one is not None:
            two = one.joined(two)  # "appear at 2 seconds and disappear at 6": one span said in two halves
            if two is None:
                return None
            one = None
        if one is not None and item.name not in ("dest", "dest_scene", "scene", "upload"):
            return None
        changes[item.name] = two
    return replace(first, **changes)


def read_piece(piece: str, msg: Message, context: Context) -> Op | None:
    """The first kind of edit a piece reads as."""
    for reader in READERS:
        op = reader(piece, msg, context)
        if op is not None:
            return op
    return None


def read_upload(text: str, msg: Message, context: Context) -> Op | None:
    """An upload used somewhere: 'use this clip as scene 2', 'my logo goes at the end', '把city.mov加到最后'."""
    ref = x.upload_ref(text) or _video_upload(text)
    if ref is None:
        kind = x.upload_kind(text, pointers=False)
        ref = x.UploadRef(kind=kind, latest=True) if kind else None
    # A bare "it" ("put it at 25%", "put it bottom left") is the thing the piece or the one before is
    # about; it is an upload only when nothing else is being talked about.
    pointer = ref is None and g.UPLOAD_THIS.search(text) and context.family in (None, "upload") and not (
        g.MUSIC_NOUN.search(text) or g.VOLUME_NOUN.search(text) or x.first_key(g.TEXT_TARGETS, text))
    pronoun = pointer and context.family == "upload"
    if ref is None and pointer and not pronoun:
        ref = x.UploadRef(kind="any", latest=True)
    if (ref is None and not pronoun) or (ref is not None and ref.or_project and not msg.uploads):
        return None  # "这个视频再做一版竖屏的" with nothing uploaded: the video is the project
    if not (g.UPLOAD_VERB.search(text) or g.UPLOAD_VERB_EXTRA.search(text)) or (msg.quotes and x.masked_quotes(text)):
        return None
    if ref is not None and (ref.kind == "audio" or g.AS_BGM.search(text)):
        return Op("add_bgm", upload=replace(ref, kind="audio"), volume=x.volume(text)[0])
    return _upload_place(Op("use_upload", upload=ref or x.UploadRef()), text)


def _video_upload(text: str) -> x.UploadRef | None:
    """A video put into a scene is an upload, not the project ("use the video for the first scene", 用视频替换场景2)."""
    placed = x.scene_refs(text) or g.UPLOAD_START.search(text) or g.UPLOAD_END.search(text)
    return x.UploadRef(kind="video") if placed and g.VIDEO_PLACED.search(text) else None


def _upload_place(op: Op, text: str) -> Op:
    """Where an upload goes: in place of a scene, before or after one, at the start or the end."""
    refs = x.scene_refs(text)
    if refs and g.UPLOAD_BEFORE.search(text):
        return replace(op, dest="before", dest_scene=refs[0])
    if refs and g.UPLOAD_AFTER.search(text):
        return replace(op, dest="after", dest_scene=refs[0])
    if refs:
        return replace(op, scene=refs[0])
    return replace(op, dest="start" if g.UPLOAD_START.search(text) or g.UPLOAD_PREPEND.search(text) else "end")


def read_music(text: str, msg: Message, context: Context) -> Op | None:
    """Background music: add, restyle, volume, fades, remove."""
    music, volume_words = g.MUSIC_NOUN.search(text), g.VOLUME_NOUN.search(text)
    fade_in, fade_out = x.fades(text)
    faded = fade_in is not None or fade_out is not None
    level, size = x.volume(text)
    up, down, mute = g.VOLUME_UP.search(text), g.VOLUME_DOWN.search(text), g.MUTE.search(text)
    about_music = music or volume_words or faded or (
        context.family == "bgm" and (level is not None or up or down or mute or x.music_style(text)))
    if not about_music or (not music and x.first_key(g.TEXT_TARGETS, text)):
        return None
    if music and (g.TEXT_REMOVE.search(text) or g.MUSIC_REMOVE.search(text)) and level is None and size is None:
        return Op("remove_bgm")  # "drop the music"; "drop the music by 20%" is a volume
    step = -1.0 if mute else None
    if step is None and (up or down) and level is None:
        step = (size if size is not None else g.VOLUME_STEP) * (1 if up and not down else -1)
    op = Op(
        "add_bgm" if music and g.MUSIC_ADD.search(text) else "edit_bgm",
        style=x.music_style(text), volume=level, volume_step=step,
        fade_in_ms=fade_in, fade_out_ms=fade_out, span=None if faded else x.span(text),
    )
    changing = op.style or op.volume is not None or step is not None or faded or g.MUSIC_CHANGE.search(text)
    return op if op.name == "add_bgm" or changing else Op("add_bgm") if music else None


def read_text(text: str, msg: Message, context: Context) -> Op | None:
    """Titles and text overlays: add, change words, look or times, remove."""
    target = x.first_key(g.TEXT_TARGETS, text)
    quotes = x.masked_quotes(text)
    old_text = None
    says_words = quotes and g.TEXT_CHANGE_TO.search(text)
    if target is None and context.family == "text" and (_has_look(text) or says_words):
        # "make it #FF0000" after "move the price ...", 改成「…」吧 after 标题我想换一下
        target, old_text = context.target, context.old_text
    titled = explicit_title(x.masked(msg.restore(msg.cased_piece(text))))[0]
    if target is None and titled and not g.TEXT_ADD.search(text):
        target = "title"  # "call it Night Drive", 'name it "Bean Town"
    # Quoted words with a verb are a text: added, placed, changed or removed ("get rid of 'Learn more today'").
    if target is None and not (quotes and (g.TEXT_ADD.search(text) or g.TEXT_PLACE.search(text)
                                           or g.TEXT_CHANGE_TO.search(text) or g.TEXT_REMOVE.search(text))):
        return None
    if g.TEXT_REMOVE.search(x.without_end_time(text)):
        old = msg.quote(quotes[0]) if quotes else old_text
        return Op("remove_text", target="quoted" if old else target, old_text=old)
    change = g.TEXT_CHANGE_TO.search(text) or g.TEXT_SAY.search(text)
    if change:
        new_index = int(next(group for group in change.groups() if group is not None))
        old = next((msg.quote(i) for i in quotes if i != new_index), old_text)
        op = Op("edit_text", target="quoted" if old else target, old_text=old, text=msg.quote(new_index))
    elif target is None and g.TEXT_PLACE.search(text) and not g.TEXT_ADD.search(text):
        placed = msg.quote(quotes[0])  # placed words: added, or moved when they are on screen already
        op = Op("add_text", target="overlays", text=placed, old_text=placed, span=x.text_span(text))
    # "Add" with a look or a time but no words changes a text ("show the title from 2s to 6s"); an end of the
    # video is where a new text goes ("add the text … at the end"), never a move of one that is there.
    elif _adds(text, target) and (quotes or _inline_text(text, msg) or not (_has_look(text, edge=False)
                                                                          or x.span(text))):
        added = msg.quote(quotes[0]) if quotes else _inline_text(text, msg)
        op = Op("add_title" if target == "title" else "add_text", target=target or "overlays", text=added,
                span=x.text_span(text))
    else:
        op = Op("edit_text", target="quoted" if old_text else target, old_text=old_text,
                text=_new_words(text, msg, quotes, target), span=x.text_span(text))
    return with_look(op, text)


def _adds(text: str, target: str | None) -> bool:
    """A verb that adds a text, or end credits named with their words and no change ("roll credits: …")."""
    if g.TEXT_ADD.search(text):
        return True
    return target == "credits" and not (g.TEXT_CHANGE_TO.search(text) or g.TEXT_CHANGE_INLINE.search(text))


def _new_words(text: str, msg: Message, quotes: list[int], target: str | None) -> str | None:
    """New words for a text: a quote, a title said in any form ("retitle it X", 用X当标题), or words after 'to'."""
    if target == "title":
        title, _ = explicit_title(x.masked(msg.restore(msg.cased_piece(text))))
        if title:
            return title
    if quotes and len(quotes) == 1:
        return msg.quote(quotes[0])
    return _inline_change(text, msg)


def with_look(op: Op, text: str) -> Op:
    """The operation with the position, colour, size and shipped font the text names."""
    value, factor = x.size(text)
    shipped, _ = x.font(text)
    return replace(op, position=x.position(text), color=x.color(text), size=value, size_factor=factor, font=shipped)


def _has_look(text: str, *, edge: bool = True) -> bool:
    look = with_look(Op("look"), text)
    details = (look.position, look.color, look.size, look.size_factor, look.font,
               x.text_span(text) if edge else x.span(text))
    return any(v is not None for v in details)


def _inline_text(text: str, msg: Message) -> str | None:
    match = g.TEXT_INLINE.search(text)
    if match is None:
        return None
    words = g.TEXT_INLINE_END.sub("", match.group(1).strip()).strip(" .。")
    return msg.cased_piece(words) if words and not g.NOT_INLINE_WORDS.match(words) else None


def _inline_change(text: str, msg: Message) -> str | None:
    match = g.TEXT_CHANGE_INLINE.search(text)
    if match is None:
        return None
    words = g.TITLE_TAIL_EN.sub("", next(group for group in match.groups() if group is not None)).strip(" .。的:：")
    looks_like_style = _has_look(words) or x.ratio(words) or x.length_ms(words) is not None or not words
    looks_like_style = looks_like_style or (words.isdigit() and x.size(text)[0] is not None)  # "font size … to 80"
    said = msg.cased_piece(words)
    # "it says the wrong thing" is a complaint, "make it say Order Now" new words: the weak forms need a capital.
    return None if looks_like_style or (match.group(3) is not None and g.NOT_A_TITLE.search(said)) else said


def read_rename(text: str, msg: Message, context: Context) -> Op | None:
    """A text named by its words: 'rename Urban Dreams to Concrete Jungle', '把Urban Dreams改成Concrete Jungle'."""
    found = g.RENAME.search(text)
    if found is None:
        return None
    old, new = (group.strip(" .。") for group in found.groups() if group is not None)
    if not old or not new or x.first_key(g.TEXT_TARGETS, old):
        return None
    words = x.MASK.fullmatch(new)
    new_words = msg.quote(int(words.group(1))) if words else msg.restore(msg.cased_piece(g.TITLE_TAIL_EN.sub("", new)))
    if g.VIDEO_ITSELF.match(old):
        return Op("edit_text", target="title", text=new_words)  # "rename the video to ...": its title
    if g.NOT_A_NAME.match(old):
        return None
    return Op("edit_text", target="quoted", old_text=msg.restore(msg.cased_piece(old)), text=new_words)


def read_scene(text: str, msg: Message, context: Context) -> Op | None:
    """Scenes: move, swap, remove."""
    refs = x.scene_refs(text)
    pair = x.scene_pair(text)
    if pair and g.SCENE_SWAP.search(text):
        return Op("swap_scenes", scene=pair[0], dest_scene=pair[1])
    swap = g.SCENE_SWAP.search(text) or g.SCENES_TRADE_ZH.search(text)
    if swap and g.SCENES_FIRST_TWO.search(text):
        return Op("swap_scenes", scene=1, dest_scene=2)
    if not refs:
        # "swap the scenes" without numbers: both of them, which only a two-scene video has (apply_swap checks).
        return Op("swap_scenes") if swap and g.SCENES_BOTH.search(text) else None
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


def read_ratio(text: str, msg: Message, context: Context) -> Op | None:
    """Aspect ratio: 16:9, 9:16 ('vertical', '竖屏', TikTok), 1:1 ('square', '方形')."""
    ratio = x.ratio(text)
    return Op("set_ratio", ratio=ratio) if ratio else None


def read_duration(text: str, msg: Message, context: Context) -> Op | None:
    """Length: 'make it 20 seconds', '时长改成20秒', 'get the whole thing down to 20', 'shorter'."""
    wanted = x.length_to(text, msg.text)  # "it's too long, cut it to 20": the message says what 20 is
    if wanted is not None:
        return Op("set_duration", length_ms=wanted)
    length = x.length_ms(text)
    if length is not None and g.DURATION_WORDS.search(text):
        return Op("set_duration", length_ms=length)
    if g.HALF_AS_LONG.search(text) or g.TWICE_AS_LONG.search(text):
        return Op("set_duration", length_factor=0.5 if g.HALF_AS_LONG.search(text) else 2.0)
    if g.SHORTER.search(text) or g.LONGER.search(text):
        return Op("set_duration", length_factor=g.LENGTH_STEP if g.SHORTER.search(text) else 1 / g.LENGTH_STEP)
    return None


READERS: tuple[Callable[[str, Message, Context], Op | None], ...] = (
    read_upload, read_music, read_text, read_scene, read_ratio, read_duration, read_rename,
)
