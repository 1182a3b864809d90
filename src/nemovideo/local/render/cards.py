"""Text cards: every text laid out once, and all of them drawn once by libass onto transparent atlases."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from dataclasses import dataclass

from nemovideo.local.render.fonts import FontChain, choose_fonts
from nemovideo.local.render.layout import Block, Slot, anchor_parts, block, place, safe_area
from nemovideo.local.render.plan import Text

BAND_REACH = 0.3  # em the band reaches past the text on each side
BAND_RADIUS = 0.22  # em: the band's rounded corners


@dataclass(frozen=True)
class Card:
    """A laid-out text: its fonts, lines and picture size, where it goes, its colour and any band behind it."""

    text: Text
    fonts: FontChain
    block: Block
    x: int
    y: int
    color: str = "#FFFFFF"  # the text's colour as drawn: the draft's, or one chosen for contrast
    band: float = 0.0  # opacity of the band behind the text (0: none), chosen so the text stands out
    band_color: str = "#000000"

    @property
    def width(self) -> int:
        """Card width in pixels."""
        return self.block.width

    @property
    def height(self) -> int:
        """Card height in pixels."""
        return self.block.height

    def band_box(self) -> tuple[int, int, int, int]:
        """The band's (and the contrast check's) box on the card: left, top, right, bottom in pixels."""
        b = self.block
        reach = round(b.size_px * BAND_REACH)
        return b.pad_x - reach, b.pad_y, b.width - b.pad_x + reach, b.height - b.pad_y

    def style(self, name: str) -> str:
        """The ASS style line of this card."""
        size = self.block.size_px * self.fonts.line_height  # libass sizes a font by its ascent plus descent
        shadow = max(1.0, self.block.size_px * 0.035)
        # Noto Sans SC has one weight: bold is drawn as an outline in the text colour, legibility by a soft shadow.
        outline, outline_color = ((self.block.size_px * 0.03, ass_color(self.color)) if self.text.bold
                                  else (shadow * 0.3, "&H60000000"))
        return (f"Style: {name},{self.fonts.primary.family},{size:.2f},{ass_color(self.color)},&H000000FF,"
                f"{outline_color},&H8C000000,{-1 if self.text.bold else 0},0,0,0,100,100,0,0,1,{outline:.2f},"
                f"{shadow:.2f},5,0,0,0,1")

    def events(self, name: str, top: int) -> list[str]:
        """Dialogue lines drawing this card with its top edge at `top` on the atlas: the band, then the lines,
        each run of characters in the font that has them (emoji in Noto Emoji)."""
        b = self.block
        lines = []
        if self.band > 0:
            left, upper, right, lower = self.band_box()
            # libass blends onto the transparent atlas by multiplying the alpha in twice (measured: asked for
            # 0.55, the atlas held 0.30), so it is asked for the square root of the opacity wanted.
            alpha = f"&H{round((1 - math.sqrt(self.band)) * 255):02X}&"
            lines.append(f"Dialogue: 0,0:00:00.00,9:00:00.00,{name},,0,0,0,,{{\\an7\\pos(0,{top})\\bord0\\shad0"
                         f"\\1c&H{ass_color(self.band_color)[4:]}&\\1a{alpha}\\p1}}"
                         f"{_rounded(left, upper, right, lower, b.size_px * BAND_RADIUS)}")
        horizontal = anchor_parts(self.text.anchor)[1]
        align, x = {"left": (4, b.pad_x), "right": (6, b.width - b.pad_x)}.get(horizontal, (5, b.width // 2))
        for i, line in enumerate(b.lines):
            y = top + b.pad_y + self.fonts.line_height * b.size_px / 2 + i * b.pitch
            lines.append(f"Dialogue: 1,0:00:00.00,9:00:00.00,{name},,0,0,0,,{{\\an{align}\\pos({x},{y:.1f})}}"
                         + self._runs(line))
        return lines

    def _runs(self, line: str) -> str:
        """The line with a font switch before every run that another font draws. libass sizes each font by its
        own ascent plus descent, so the size is set again for the run: every font's em is the text's size."""
        primary = self.fonts.primary
        out = []
        for font, run in self.fonts.runs(line):
            if font is primary:
                out.append(escape(run))
                continue
            size, back = self.block.size_px * font.line_height, self.block.size_px * primary.line_height
            out.append(f"{{\\fn{font.family}\\fs{size:.2f}}}{escape(run)}{{\\fn{primary.family}\\fs{back:.2f}}}")
        return "".join(out)


def _rounded(left: float, top: float, right: float, bottom: float, radius: float) -> str:
    """An ASS drawing of a rectangle with rounded corners."""
    r = min(radius, (right - left) / 2, (bottom - top) / 2)
    k = r * 0.45  # Bezier handle length for a quarter circle (0.55 of r, measured from the corner)

    def p(*xy: float) -> str:
        return " ".join(f"{v:.0f}" for v in xy)

    return (f"m {p(left + r, top)} l {p(right - r, top)} b {p(right - k, top, right, top + k, right, top + r)} "
            f"l {p(right, bottom - r)} b {p(right, bottom - k, right - k, bottom, right - r, bottom)} "
            f"l {p(left + r, bottom)} b {p(left + k, bottom, left, bottom - k, left, bottom - r)} "
            f"l {p(left, top + r)} b {p(left, top + k, left + k, top, left + r, top)}")


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
    """Wrap, size and place every text; texts sharing an anchor at the same time are stacked. Characters no font
    draws are left out (see `undrawable`), and a text left with nothing to draw gets no card."""
    safe = safe_area(width, height)
    max_width = width - safe.left - safe.right
    max_height = height - safe.top - safe.bottom
    drawn = []
    for t in texts:
        fonts = choose_fonts(t.font, t.bold, t.text)
        content = fonts.drawable(t.text).strip()
        if content:
            drawn.append((dataclasses.replace(t, text=content), fonts))
    blocks = [block(t.text, f, t.size * scale, max_width, max_height, t.bold) for t, f in drawn]
    slots = [Slot(b, t.anchor, t.start, t.end, t.rank) for (t, _), b in zip(drawn, blocks, strict=True)]
    spots = place(slots, width, height)
    return [Card(t, f, b, p.x, p.y, t.color) for (t, f), b, p in zip(drawn, blocks, spots, strict=True)]


def undrawable(texts: Sequence[Text]) -> str:
    """The characters of the texts that no bundled or chosen font draws (left out of the video), each once."""
    missing = "".join(choose_fonts(t.font, t.bold, t.text).missing(t.text) for t in texts)
    return "".join(dict.fromkeys(missing))
