"""The agent's two entry points: `respond` reads a request and hands each edit to its family, `estimate` prices it."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from nemovideo.draft import Draft
from nemovideo.draft_text import seconds
from nemovideo.language import Language, detect, from_code
from nemovideo.local.agent import grammar as g
from nemovideo.local.agent.describe import GenerateRequest
from nemovideo.local.agent.guard import Allowance, allowance, strays
from nemovideo.local.agent.ids import IdMaker
from nemovideo.local.agent.music import apply_bgm, apply_remove_bgm
from nemovideo.local.agent.parse import Op, Plan, parse
from nemovideo.local.agent.replies import KIND_WORDS, NOT_DONE, STYLE_NAMES, gui_suffix, join, say
from nemovideo.local.agent.scenes import (
    apply_duration,
    apply_move,
    apply_ratio,
    apply_remove_scene,
    apply_swap,
    apply_use_upload,
)
from nemovideo.local.agent.storyboard import VISUAL, plan_storyboard, storyboard_draft
from nemovideo.local.agent.text import apply_add_text, apply_edit_text, apply_remove_text, named_ids
from nemovideo.local.agent.timeline import scenes
from nemovideo.local.agent.types import AgentReply, Prices, Refusal, Turn, Upload

EDIT_TOOL = "edit_multitrack"
GENERATE_TOOL = "generate_storyboard"

APPLY: dict[str, Callable[[Turn, Op], str]] = {
    "add_bgm": apply_bgm, "edit_bgm": apply_bgm, "remove_bgm": apply_remove_bgm,
    "add_title": apply_add_text, "add_text": apply_add_text, "edit_text": apply_edit_text,
    "remove_text": apply_remove_text, "set_ratio": apply_ratio, "set_duration": apply_duration,
    "move_scene": apply_move, "swap_scenes": apply_swap, "remove_scene": apply_remove_scene,
    "use_upload": apply_use_upload,
}


def reply_language(message: str, language: str) -> Language:
    """Answer in the request's language: Chinese when it has Chinese, else English; the session's when unclear."""
    return detect(message, from_code(language))


def estimate(message: str, prices: Prices) -> int:
    """Credits to reserve for a message: the generate price, the edit price, or 0 when it is not understood."""
    kind = parse(message).kind
    return prices.generate if kind == "generate" else prices.edit if kind in ("edit", "undo") else 0


def respond(
    message: str,
    draft: Draft,
    uploads: Sequence[Upload],
    *,
    previous: Draft | None,
    language: str,
    prices: Prices,
) -> AgentReply:
    """Apply one chat message to a draft; the input draft is never changed."""
    lang = reply_language(message, language)
    empty = not scenes(draft)
    plan = parse(message, empty=empty, uploads=any(u.kind in VISUAL for u in uploads))
    if plan.kind == "undo":
        return _undo(message, previous, lang, prices)
    if plan.kind == "generate" and plan.generate is not None:
        return _generate(message, plan.generate, draft, uploads, lang, prices)
    if plan.kind == "edit":
        return _edit(message, plan, draft, uploads, lang, prices)
    return AgentReply(None, _not_understood(plan, lang), "", {}, "unknown", 0)


def _not_understood(plan: Plan, lang: Language) -> str:
    """Why nothing was done: a word it could read two ways, a font or an effect it cannot render, or not at all."""
    if plan.unclear is not None:
        options = plan.unclear[1]
        return say("which_word", lang, words_en=" or ".join(f'"{w}"' for w in options),
                   words_zh="还是".join(f"“{w}”" for w in options))
    if plan.unsupported:
        kind, words = next(((k, w) for k, w in plan.unsupported if k != "delivery"), plan.unsupported[0])
        if kind in ("font", "effect", "overlay", "music_style"):
            return say(kind, lang, words=words)
    return say("unknown", lang)


def working_copy(draft: Draft) -> Draft:
    """A deep copy whose tracks and metadata count as given, so changes to them survive `dump()`."""
    work = draft.model_copy(deep=True)
    work.tracks, work.meta = work.tracks, work.meta
    return work


def same(one: Draft, other: Draft) -> bool:
    """True when two drafts say the same thing (defaults count, whether written out or not)."""
    return one.model_dump(mode="json", by_alias=True, exclude_none=True) == other.model_dump(
        mode="json", by_alias=True, exclude_none=True
    )


def _undo(message: str, previous: Draft | None, lang: Language, prices: Prices) -> AgentReply:
    if previous is None:
        return AgentReply(None, say("nothing_to_undo", lang), "", {}, "undo", 0)
    text = join([say("undone", lang), gui_suffix(message, lang)], lang)
    return AgentReply(previous.model_copy(deep=True), text, EDIT_TOOL, {"op": "undo"}, "undo", prices.edit)


def _edit(
    message: str, plan: Plan, draft: Draft, uploads: Sequence[Upload], lang: Language, prices: Prices
) -> AgentReply:
    """Apply the operations together as one revision, or none of them; only what was named may change."""
    action = "+".join(op.name for op in plan.ops)
    turn = Turn(working_copy(draft), uploads, lang, IdMaker(draft, message))
    allowed = Allowance()
    sentences: list[str] = []
    already: Refusal | None = None
    for op in plan.ops:
        allowed.add(allowance(op, turn.draft, named_ids(turn, op)))
        before = turn.draft.model_copy(deep=True)
        try:
            sentences.append(APPLY[op.name](turn, op))
        except Refusal as refusal:
            if not refusal.already:
                return AgentReply(None, say(refusal.key, lang, **refusal.fields), "", {}, action, 0)
            # Already as asked: with other changes in the message this one is simply not needed.
            turn.draft, already = working_copy(before), refusal
    revised = Draft.parse(turn.draft.dump())
    if same(revised, draft):
        text = say(already.key, lang, **already.fields) if already else say("no_change", lang)
        return AgentReply(None, text, "", {}, action, 0)
    stray = strays(draft, revised, allowed)
    if stray:
        return AgentReply(None, say("collateral", lang, kinds_en=_kinds(stray, "en"), kinds_zh=_kinds(stray, "zh")),
                          "", {}, action, 0)
    args: dict[str, object] = plan.ops[0].args() if len(plan.ops) == 1 else {"ops": [op.args() for op in plan.ops]}
    text = join([*sentences, _not_done(plan, lang), gui_suffix(message, lang)], lang)
    return AgentReply(revised, text, EDIT_TOOL, args, action, prices.edit)


def _kinds(kinds: list[str], lang: Language) -> str:
    names = [KIND_WORDS.say(kind, lang) if kind in KIND_WORDS else kind for kind in kinds]
    return ("、" if lang == "zh" else ", ").join(names)


def _not_done(plan: Plan, lang: Language) -> str:
    """The parts of a message that were left out: fonts and effects it cannot render, words it did not understand."""
    items = [NOT_DONE.say(kind, lang, words=words) for kind, words in plan.unsupported]
    items += [NOT_DONE.say("skipped", lang, words=words) for words in plan.skipped]
    if not items:
        return ""
    return say("not_done", lang, items_en="; ".join(items), items_zh="；".join(items))


def _generate(
    message: str, request: GenerateRequest, draft: Draft, uploads: Sequence[Upload], lang: Language, prices: Prices
) -> AgentReply:
    length = request.length_ms or g.DEFAULT_LENGTH_MS
    if not g.MIN_LENGTH_MS <= length <= g.MAX_LENGTH_MS:
        text = say("bad_length", lang, low=g.MIN_LENGTH_MS // 1000, high=g.MAX_LENGTH_MS // 1000)
        return AgentReply(None, text, "", {}, "generate", 0)
    board = plan_storyboard(
        request.description, length_ms=length, ratio=request.ratio or draft.meta.ratio or "16:9", uploads=uploads,
        music_style=request.music_style, promo=request.promo, language=lang, title=request.title, request=message,
        about=request.about,
    )
    revised = Draft.parse(storyboard_draft(board, IdMaker(draft, message)).dump())
    used = sum(1 for scene in board.scenes if scene.upload is not None)
    sentences = [
        say("generated", lang, length=seconds(length), title=board.title, scenes=len(board.scenes),
            theme_en=board.theme.en, theme_zh=board.theme.zh,
            music_en=STYLE_NAMES[board.music_style][0], music_zh=STYLE_NAMES[board.music_style][1]),
        say("generated_uploads" if used > 1 else "generated_upload", lang, count=used) if used else "",
        say("generated_placeholder", lang) if not request.description and not used else "",
        gui_suffix(message, lang),
    ]
    args: dict[str, object] = {
        "length_s": length / 1000, "ratio": board.ratio, "scenes": len(board.scenes), "theme": board.theme.name,
        "music": board.music_style, "title": board.title, "uploads_used": used,
    }
    return AgentReply(revised, join(sentences, lang), GENERATE_TOOL, args, "generate", prices.generate)
