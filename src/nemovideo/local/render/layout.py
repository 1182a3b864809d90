"""Text layout: line wrapping (Chinese by characters, English by words) and card boxes inside safe margins."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from nemovideo.local.render.fonts import Font

SAFE_MARGIN = 0.08  # of each side of the canvas: the title-safe area
LINE_PITCH = 1.25  # em between baselines
STACK_GAP = 0.35  # em between stacked texts
MIN_SIZE_PX = 8

# Characters that may not start a line (they stay with the character before them).
NO_BREAK_BEFORE = set("，。、；：？！）》」』】〕〉”’・…—,.;:?!)]}%")
TOKEN = re.compile(r"\s+|[A-Za-z0-9\u00C0-\u024F'’\-_.,;:!?%&@#/()\[\]\"“”+*=<>$€£¥]+|.", re.DOTALL)


def tokens(text: str) -> list[str]:
    """Break opportunities: words stay whole, each wide character stands alone, spaces are their own token."""
    parts: list[str] = []
    for match in TOKEN.finditer(text):
        piece = match.group(0)
        if parts and piece and piece[0] in NO_BREAK_BEFORE and not parts[-1].isspace():
            parts[-1] += piece
        else:
            parts.append(piece)
    return parts


def wrap(text: str, font: Font, size_px: float, max_width: float) -> list[str]:
    """Greedy wrapping into lines no wider than max_width pixels; explicit newlines are kept."""
    lines: list[str] = []
    for paragraph in text.replace("\r\n", "\n").split("\n"):
        lines.extend(_wrap_paragraph(paragraph, font, size_px, max_width))
    return [line for line in lines if line] or [""]


def _wrap_paragraph(paragraph: str, font: Font, size_px: float, max_width: float) -> list[str]:
    lines: list[str] = []
    current = ""
    for token in tokens(paragraph.strip()):
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


def _longest_fitting(word: str, font: Font, size_px: float, max_width: float) -> str:
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
    """Wrapped lines at a pixel size, with the box a card needs to hold them."""

    lines: tuple[str, ...]
    size_px: float
    pad: int
    line_widths: tuple[float, ...]
    width: int
    height: int

    @property
    def pitch(self) -> float:
        """Distance between line centres in pixels."""
        return self.size_px * LINE_PITCH


def block(text: str, font: Font, size_px: float, max_width: float, max_height: float, bold: bool) -> Block:
    """Wrap a text; shrink it until the block fits the safe area."""
    size = max(float(MIN_SIZE_PX), size_px)
    while True:
        lines = wrap(text, font, size, max_width)
        widths = tuple(font.width(line) * size * (1.04 if bold else 1.0) for line in lines)
        pad = math.ceil(size * 0.12) + 4
        glyph_box = font.line_height * size
        height = math.ceil(glyph_box + (len(lines) - 1) * size * LINE_PITCH) + 2 * pad
        if height - 2 * pad <= max_height or size <= MIN_SIZE_PX:
            width = math.ceil(max(widths, default=0.0)) + 2 * pad
            return Block(tuple(lines), size, pad, widths, _even(width), _even(height))
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
    mx, my = round(width * SAFE_MARGIN), round(height * SAFE_MARGIN)
    placed: list[Placed | None] = [None] * len(slots)
    for group in _groups(slots):
        ordered = sorted(group, key=lambda i: (slots[i].rank, slots[i].start, i))
        vertical, horizontal = anchor_parts(slots[ordered[0]].anchor)
        gaps = [round(slots[i].block.size_px * STACK_GAP) for i in ordered]
        inner = [slots[i].block.height - 2 * slots[i].block.pad for i in ordered]
        total = sum(inner) + sum(gaps[1:])
        top = {"top": my, "bottom": height - my - total}.get(vertical, (height - total) // 2)
        for position, i in enumerate(ordered):
            card = slots[i].block
            x = {"left": mx - card.pad, "right": width - mx - card.width + card.pad}.get(
                horizontal, (width - card.width) // 2)
            placed[i] = Placed(x=_clamp(x, width - card.width), y=_clamp(top - card.pad, height - card.height))
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
