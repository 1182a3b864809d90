"""Text layout: balanced line breaks (Chinese by characters, English by words) and card boxes in the safe area."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

SAFE_MARGIN = 0.08  # of each side of a landscape or square canvas: the title-safe area
# A vertical video is watched in apps that lay their own buttons and captions over it: the top 12 % and the
# bottom 18 % stay clear, and 10 % of each side.
PORTRAIT_MARGINS = (0.10, 0.12, 0.10, 0.18)  # left, top, right, bottom
LINE_PITCH = 1.25  # em between baselines
STACK_GAP = 0.35  # em between stacked texts
MIN_SIZE_PX = 8
BAND_PAD = 0.4  # em of room each side of the text for a band behind it (and the shadow)

# Characters that may not start a line (they stay with the character before them), and that may not end one.
NO_BREAK_BEFORE = set("，。、；：？！）》」』】〕〉”’・…—,.;:?!)]}%")
NO_BREAK_AFTER = set("（《「『【〔〈“‘([{")
TOKEN = re.compile(r"\s+|[A-Za-z0-9\u00C0-\u024F'’\-_.,;:!?%&@#/()\[\]\"“”+*=<>$€£¥]+|.", re.DOTALL)


class Metrics(Protocol):
    """What layout needs of a font: advances in em and the height of a line."""

    def advance(self, ch: str) -> float:
        """Advance width of one character in em."""
        ...

    def width(self, text: str) -> float:
        """Width of a run of text in em."""
        ...

    @property
    def line_height(self) -> float:
        """Height of one line in em."""
        ...


@dataclass(frozen=True)
class Margins:
    """The safe area's distance from each edge, in pixels."""

    left: int
    top: int
    right: int
    bottom: int


def safe_area(width: int, height: int) -> Margins:
    """Where text may go: 8 % in from every edge, more at the top and bottom of a vertical video."""
    if height > width * 1.2:
        left, top, right, bottom = PORTRAIT_MARGINS
    else:
        left = top = right = bottom = SAFE_MARGIN
    return Margins(round(width * left), round(height * top), round(width * right), round(height * bottom))


def is_wide(ch: str) -> bool:
    """True for characters that break anywhere: CJK ideographs, kana, hangul and full-width forms."""
    return unicodedata.east_asian_width(ch) in ("W", "F")


def tokens(text: str) -> list[str]:
    """Break opportunities: words stay whole, each wide character stands alone, spaces are their own token;
    closing punctuation stays with what precedes it and opening punctuation with what follows."""
    parts: list[str] = []
    glue = False
    for match in TOKEN.finditer(text):
        piece = match.group(0)
        if parts and piece and not piece.isspace() and (glue or (piece[0] in NO_BREAK_BEFORE
                                                                  and not parts[-1].isspace())):
            parts[-1] += piece
        else:
            parts.append(piece)
        glue = bool(piece) and piece[-1] in NO_BREAK_AFTER
    return parts


def wrap(text: str, font: Metrics, size_px: float, max_width: float) -> list[str]:
    """Balanced wrapping into lines no wider than max_width pixels; explicit newlines are kept."""
    lines: list[str] = []
    for paragraph in text.replace("\r\n", "\n").split("\n"):
        lines.extend(_balanced(paragraph.strip(), font, size_px, max_width))
    return [line for line in lines if line] or [""]


CLAUSE_END = re.compile(r"(?<=[，。、；：？！…,;:?!])")
EVEN_ENOUGH = 0.5  # a Chinese line broken at clause ends is kept if the shortest line is this much of the longest


def _balanced(paragraph: str, font: Metrics, size_px: float, max_width: float) -> list[str]:
    """As few lines as greedy wrapping needs, but as even as they can be, and no lone word at the end; Chinese
    breaks after a clause's punctuation when that keeps the lines about as even, else between characters."""
    parts = tokens(paragraph)
    greedy = _wrap_tokens(parts, font, size_px, max_width)
    if len(greedy) < 2:
        return greedy
    if any(is_wide(ch) for ch in paragraph):
        # A clause too long for a line is still broken inside; the others stay whole.
        clauses = [part for c in CLAUSE_END.split(paragraph) if c
                   for part in ([c] if font.width(c) * size_px <= max_width else tokens(c))]
        if len(clauses) > 1:
            lines = _evened(clauses, len(greedy), font, size_px, max_width)
            widths = [font.width(line) for line in lines]
            if len(lines) == len(greedy) and min(widths) >= EVEN_ENOUGH * max(widths):
                return lines
    return _no_orphan(_evened(parts, len(greedy), font, size_px, max_width), font, size_px, max_width)


def _evened(parts: list[str], count: int, font: Metrics, size_px: float, max_width: float) -> list[str]:
    """The narrowest wrapping of the parts into at most `count` lines (so lines come out of similar length), never
    narrower than the widest part (so no part that fitted is cut)."""
    widest = max((font.width(t) * size_px for t in parts if not t.isspace()), default=0.0)
    low, high = max(widest, font.width("".join(parts)) * size_px / count), max_width
    best = _wrap_tokens(parts, font, size_px, max_width)
    for _ in range(14):
        if high - low < 1:
            break
        middle = (low + high) / 2
        trial = _wrap_tokens(parts, font, size_px, middle)
        if len(trial) <= count:
            best, high = trial, middle
        else:
            low = middle
    return best


def _no_orphan(lines: list[str], font: Metrics, size_px: float, max_width: float) -> list[str]:
    """A last line of one word takes the word before it along, when the line before keeps two or more."""
    last, before = lines[-1], lines[-2].split(" ")
    if " " in last or len(before) < 3 or any(is_wide(ch) for ch in last):
        return lines
    moved = f"{before[-1]} {last}"
    if font.width(moved) * size_px > max_width:
        return lines
    return [*lines[:-2], " ".join(before[:-1]), moved]


def _wrap_tokens(parts: list[str], font: Metrics, size_px: float, max_width: float) -> list[str]:
    """Greedy wrapping of break-free parts into lines no wider than max_width."""
    lines: list[str] = []
    current = ""
    for token in parts:
        if token.isspace():
            current += " " if current else ""
            continue
        candidate = current + token
        if font.width(candidate.rstrip()) * size_px <= max_width or not current.strip():
            current = candidate
        else:
            lines.append(current.rstrip())
            current = token
        while font.width(current) * size_px > max_width and len(current) > 1:
            head = _longest_fitting(current, font, size_px, max_width)
            lines.append(head)
            current = current[len(head):]
    if current.strip():
        lines.append(current.rstrip())
    return lines


def _longest_fitting(word: str, font: Metrics, size_px: float, max_width: float) -> str:
    """The longest prefix of an over-long word that fits (at least one character)."""
    reach = max_width / size_px
    total, end = 0.0, 0
    for ch in word:
        total += font.advance(ch)
        if total > reach:
            break
        end += 1
    return word[: max(end, 1)]


@dataclass(frozen=True)
class Block:
    """Wrapped lines at a pixel size, with the box a card needs to hold them (and a band behind them)."""

    lines: tuple[str, ...]
    size_px: float
    pad_x: int
    pad_y: int
    line_widths: tuple[float, ...]
    width: int
    height: int

    @property
    def pitch(self) -> float:
        """Distance between line centres in pixels."""
        return self.size_px * LINE_PITCH

    @property
    def text_width(self) -> int:
        """Width of the widest line."""
        return self.width - 2 * self.pad_x

    @property
    def text_height(self) -> int:
        """Height of the lines' glyph boxes, first to last."""
        return self.height - 2 * self.pad_y


def block(text: str, font: Metrics, size_px: float, max_width: float, max_height: float, bold: bool) -> Block:
    """Wrap a text; shrink it until the block fits the safe area."""
    size = max(float(MIN_SIZE_PX), size_px)
    while True:
        lines = wrap(text, font, size, max_width)
        widths = tuple(font.width(line) * size * (1.04 if bold else 1.0) for line in lines)
        pad_y = math.ceil(size * 0.12) + 4
        glyph_box = font.line_height * size
        height = math.ceil(glyph_box + (len(lines) - 1) * size * LINE_PITCH) + 2 * pad_y
        if height - 2 * pad_y <= max_height or size <= MIN_SIZE_PX:
            pad_x = math.ceil(size * BAND_PAD) + 4
            width = math.ceil(max(widths, default=0.0)) + 2 * pad_x
            return Block(tuple(lines), size, pad_x, pad_y, widths, _even(width), _even(height))
        size = max(float(MIN_SIZE_PX), size * 0.9)


def _even(value: int) -> int:
    return max(2, value + (value % 2))


@dataclass(frozen=True)
class Placed:
    """Where a card goes on the canvas (its top-left corner)."""

    x: int
    y: int


@dataclass(frozen=True)
class Slot:
    """A text to place: its block, anchor, time span in frames and stacking rank."""

    block: Block
    anchor: str
    start: int
    end: int
    rank: int


def anchor_parts(anchor: str) -> tuple[str, str]:
    """Split 'top-left' into vertical 'top' and horizontal 'left'; unknown words mean centre."""
    words = anchor.lower().replace("_", "-").split("-")
    vertical = next((w for w in words if w in ("top", "bottom")), "center")
    horizontal = next((w for w in words if w in ("left", "right")), "center")
    return vertical, horizontal


def place(slots: Sequence[Slot], width: int, height: int) -> list[Placed]:
    """Positions for every slot; texts at one anchor that overlap in time are stacked, not drawn over each other."""
    safe = safe_area(width, height)
    placed: list[Placed | None] = [None] * len(slots)
    for group in _groups(slots):
        ordered = sorted(group, key=lambda i: (slots[i].rank, slots[i].start, i))
        vertical, horizontal = anchor_parts(slots[ordered[0]].anchor)
        gaps = [round(slots[i].block.size_px * STACK_GAP) for i in ordered]
        inner = [slots[i].block.text_height for i in ordered]
        total = sum(inner) + sum(gaps[1:])
        top = {"top": safe.top, "bottom": height - safe.bottom - total}.get(
            vertical, safe.top + (height - safe.top - safe.bottom - total) // 2)
        for position, i in enumerate(ordered):
            card = slots[i].block
            x = {"left": safe.left - card.pad_x, "right": width - safe.right - card.width + card.pad_x}.get(
                horizontal, safe.left + (width - safe.left - safe.right - card.width) // 2)
            placed[i] = Placed(x=_clamp(x, width - card.width), y=_clamp(top - card.pad_y, height - card.height))
            top += inner[position] + (gaps[position + 1] if position + 1 < len(ordered) else 0)
    return [p if p is not None else Placed(0, 0) for p in placed]


def _clamp(value: int, upper: int) -> int:
    return max(0, min(value, max(0, upper)))


def _groups(slots: Sequence[Slot]) -> list[list[int]]:
    """Slots sharing an anchor and overlapping in time, transitively (a sweep over start times)."""
    by_anchor: dict[tuple[str, str], list[int]] = {}
    for i, slot in enumerate(slots):
        by_anchor.setdefault(anchor_parts(slot.anchor), []).append(i)
    groups: list[list[int]] = []
    for members in by_anchor.values():
        reach = None
        for i in sorted(members, key=lambda k: slots[k].start):
            if reach is None or slots[i].start >= reach:
                groups.append([])
                reach = slots[i].end
            groups[-1].append(i)
            reach = max(reach, slots[i].end)
    return groups
