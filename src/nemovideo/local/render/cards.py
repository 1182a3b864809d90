"""Text cards: every text laid out once, and all of them drawn once by libass onto transparent atlases."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from nemovideo.local.render.fonts import Font, choose_font
from nemovideo.local.render.layout import SAFE_MARGIN, Block, Slot, anchor_parts, block, place
from nemovideo.local.render.plan import Text


@dataclass(frozen=True)
class Card:
    """A laid-out text: its picture size, where it goes, and the ASS lines that draw it."""

    text: Text
    font: Font
    block: Block
    x: int
    y: int

    @property
    def width(self) -> int:
        """Card width in pixels."""
        return self.block.width

    @property
    def height(self) -> int:
        """Card height in pixels."""
        return self.block.height

    def style(self, name: str) -> str:
        """The ASS style line of this card."""
        size = self.block.size_px * self.font.line_height  # libass sizes a font by its ascent plus descent
        shadow = max(1.0, self.block.size_px * 0.035)
        # Noto Sans SC has one weight: bold is drawn as an outline in the text colour, legibility by a soft shadow.
        outline, outline_color = ((self.block.size_px * 0.03, ass_color(self.text.color)) if self.text.bold
                                  else (shadow * 0.3, "&H60000000"))
        return (f"Style: {name},{self.font.family},{size:.2f},{ass_color(self.text.color)},&H000000FF,"
                f"{outline_color},&H8C000000,{-1 if self.text.bold else 0},0,0,0,100,100,0,0,1,{outline:.2f},"
                f"{shadow:.2f},5,0,0,0,1")

    def events(self, name: str, top: int) -> list[str]:
        """Dialogue lines drawing this card with its top edge at `top` on the atlas."""
        b = self.block
        horizontal = anchor_parts(self.text.anchor)[1]
        align, x = {"left": (4, b.pad), "right": (6, b.width - b.pad)}.get(horizontal, (5, b.width // 2))
        lines = []
        for i, line in enumerate(b.lines):
            y = top + b.pad + self.font.line_height * b.size_px / 2 + i * b.pitch
            lines.append(f"Dialogue: 0,0:00:00.00,9:00:00.00,{name},,0,0,0,,{{\\an{align}\\pos({x},{y:.1f})}}"
                         f"{escape(line)}")
        return lines


ATLAS_MAX_HEIGHT = 4096  # a piece reads whole atlases: many texts make several small ones, not one huge one


@dataclass(frozen=True)
class Atlas:
    """Cards drawn once, stacked on one transparent picture that pieces crop them from."""

    index: int
    width: int
    height: int
    cards: tuple[int, ...]  # indices into the render's card list
    tops: tuple[int, ...]

    @property
    def file(self) -> str:
        """Its raw yuva420p picture, in the work folder."""
        return f"atlas{self.index}.yuva"

    def top_of(self, card: int) -> int:
        """Where a card starts on this atlas."""
        return self.tops[self.cards.index(card)]

    def script(self, cards: Sequence[Card]) -> str:
        """The ASS script that draws this atlas's cards at their places."""
        styles = [cards[i].style(f"C{i}") for i in self.cards]
        events = [line for i, top in zip(self.cards, self.tops, strict=True) for line in cards[i].events(f"C{i}", top)]
        return "\n".join([
            "[Script Info]", "ScriptType: v4.00+", f"PlayResX: {self.width}", f"PlayResY: {self.height}",
            "WrapStyle: 2", "ScaledBorderAndShadow: yes", "",
            "[V4+ Styles]",
            "Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, "
            "Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, "
            "Alignment, MarginL, MarginR, MarginV, Encoding",
            *styles, "", "[Events]", "Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text",
            *events, "",
        ])


def atlases(cards: Sequence[Card]) -> list[Atlas]:
    """Stack the cards top to bottom, starting a new atlas when one would grow past ATLAS_MAX_HEIGHT."""
    groups: list[list[int]] = []
    height = 0
    for i, card in enumerate(cards):
        if not groups or height + card.height > ATLAS_MAX_HEIGHT:
            groups.append([])
            height = 0
        groups[-1].append(i)
        height += card.height
    found = []
    for index, members in enumerate(groups):
        tops = [sum(cards[j].height for j in members[:k]) for k in range(len(members))]
        width = max(cards[i].width for i in members)
        total = tops[-1] + cards[members[-1]].height
        found.append(Atlas(index, width + width % 2, total + total % 2, tuple(members), tuple(tops)))
    return found


def ass_color(hex_color: str) -> str:
    """'#RRGGBB' as ASS '&H00BBGGRR'."""
    value = hex_color.lstrip("#")
    return f"&H00{value[4:6]}{value[2:4]}{value[0:2]}".upper()


def escape(line: str) -> str:
    """Text as libass shows it literally: no override blocks, no line-break escapes."""
    return line.replace("\\", "\\\u2060").replace("{", "\\{").replace("}", "\\}")


def lay_out(texts: Sequence[Text], width: int, height: int, scale: float) -> list[Card]:
    """Wrap, size and place every text; texts sharing an anchor at the same time are stacked."""
    max_width = width * (1 - 2 * SAFE_MARGIN)
    max_height = height * (1 - 2 * SAFE_MARGIN)
    fonts = [choose_font(t.font, t.bold, t.text) for t in texts]
    blocks = [block(t.text, f, t.size * scale, max_width, max_height, t.bold)
              for t, f in zip(texts, fonts, strict=True)]
    slots = [Slot(b, t.anchor, t.start, t.end, t.rank) for t, b in zip(texts, blocks, strict=True)]
    spots = place(slots, width, height)
    return [Card(t, f, b, p.x, p.y) for t, f, b, p in zip(texts, fonts, blocks, spots, strict=True)]

