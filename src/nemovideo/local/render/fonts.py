"""Fonts for titles: which file to use, and the metrics that line wrapping needs (read from the file itself)."""

from __future__ import annotations

import shutil
import struct
import subprocess
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

DEFAULT_FAMILY = "Noto Sans SC"


@dataclass(frozen=True, eq=False)  # one object per face (load_font caches): compared and hashed by identity
class Font:
    """One face of a font file with its horizontal metrics."""

    path: Path
    index: int
    family: str
    units_per_em: int
    win_ascent: int
    win_descent: int
    advances: tuple[int, ...]
    cmap: dict[int, int]

    def covers(self, text: str) -> bool:
        """True when every visible character of the text has a glyph."""
        return all(ord(ch) in self.cmap for ch in text if not ch.isspace())

    def advance(self, ch: str) -> float:
        """Advance width of one character in em (a missing glyph counts as one em)."""
        glyph = self.cmap.get(ord(ch))
        if glyph is None:
            return 1.0
        width = self.advances[min(glyph, len(self.advances) - 1)] if self.advances else self.units_per_em
        return width / self.units_per_em

    def width(self, text: str) -> float:
        """Width of a run of text in em, without kerning."""
        return sum(self.advance(ch) for ch in text)

    @property
    def line_height(self) -> float:
        """Height of one line in em, as libass lays it out (the Windows ascent plus descent)."""
        return (self.win_ascent + self.win_descent) / self.units_per_em


class FontError(ValueError):
    """The file is not an OpenType or TrueType font this module can read."""


# Characters that join or modify the one before them (emoji sequences, variation selectors, keycaps): they are
# drawn by the font of that character and take no width of their own.
JOINERS = frozenset(chr(c) for c in [0x200C, 0x200D, 0x20E3, *range(0xFE00, 0xFE10), *range(0xE0020, 0xE0080)])
SKIN_TONES = frozenset(chr(c) for c in range(0x1F3FB, 0x1F400))
EMOJI_PRESENTATION = 0xFE0F


@dataclass(frozen=True)
class FontChain:
    """A text's font and, for what it lacks, fallbacks tried in order (emoji, symbols, other scripts).

    Layout and drawing both split a text into runs by the first font that has each character, so emoji get the
    bundled monochrome Noto Emoji (libass draws outlines, not colour bitmaps) and nothing is drawn as a box:
    a character no font has is left out and reported.
    """

    primary: Font
    fallbacks: tuple[Path, ...] = ()
    _chosen: dict[tuple[str, bool], Font | None] = field(default_factory=dict, compare=False, repr=False)

    def font_for(self, ch: str, emoji: bool = False) -> Font | None:
        """The first font that draws the character (emoji first to the emoji font); None when none does."""
        code = ord(ch)
        emoji = emoji or code >= 0x1F000  # pictographs: the emoji font's shapes even where the text font has some
        if not emoji and code in self.primary.cmap:
            return self.primary
        if (ch, emoji) not in self._chosen:
            fonts = [font for font in map(_loaded, self.fallbacks) if font is not None]
            fonts = [*fonts, self.primary] if emoji else [self.primary, *fonts]
            self._chosen[ch, emoji] = next((font for font in fonts if code in font.cmap), None)
        return self._chosen[ch, emoji]

    def runs(self, text: str) -> list[tuple[Font, str]]:
        """The drawable text as (font, characters) runs; characters no font has are left out."""
        runs: list[tuple[Font, str]] = []
        for i, ch in enumerate(text):
            if (ch in JOINERS or ch in SKIN_TONES) and runs:
                runs[-1] = (runs[-1][0], runs[-1][1] + ch)
                continue
            if ch in JOINERS:
                continue
            emoji = i + 1 < len(text) and ord(text[i + 1]) == EMOJI_PRESENTATION
            # Spaces in the text's own font: Noto Emoji's space is 1.27 em wide.
            font = self.primary if ch.isspace() else self.font_for(ch, emoji)
            if font is None:
                continue
            if runs and runs[-1][0] == font:
                runs[-1] = (font, runs[-1][1] + ch)
            else:
                runs.append((font, ch))
        return runs

    def missing(self, text: str) -> str:
        """The characters of the text that no font draws, each once, in order."""
        gone = [ch for ch in text if not ch.isspace() and ch not in JOINERS and self.font_for(ch) is None]
        return "".join(dict.fromkeys(gone))

    def drawable(self, text: str) -> str:
        """The text without the characters no font draws."""
        lost = set(self.missing(text))
        return "".join(ch for ch in text if ch not in lost) if lost else text

    def advance(self, ch: str) -> float:
        """Advance width of one character in em, in the font that draws it (joiners and missing: none)."""
        if ch in JOINERS or ch in SKIN_TONES:  # they merge with the emoji before them
            return 0.0
        font = self.primary if ch.isspace() else self.font_for(ch)
        return font.advance(ch) if font is not None else 0.0

    def width(self, text: str) -> float:
        """Width of a run of text in em, each character in its font, without kerning."""
        return sum(self.advance(ch) for ch in text)

    @property
    def line_height(self) -> float:
        """Height of one line in em: the primary font's."""
        return self.primary.line_height

    def faces(self, text: str) -> list[Font]:
        """The fonts drawing the text, primary first."""
        return list(dict.fromkeys([self.primary, *(font for font, _ in self.runs(text))]))


def _loaded(path: Path) -> Font | None:
    try:
        return load_font(path)
    except (OSError, FontError):
        return None


def fallback_paths() -> tuple[Path, ...]:
    """Noto Emoji, Noto Sans, Noto Sans Symbols and Noto Sans for other scripts, from the manimgx-fonts wheel."""
    try:
        import manimgx_fonts  # deferred: nothing happens at import time
    except ImportError:  # the renderer still works; characters only the fallbacks have are reported
        return ()
    folder = Path(manimgx_fonts.__file__).parent
    first = ["NotoEmoji[wght].ttf", "NotoSans[wght].ttf", "NotoSansSymbols[wght].ttf"]
    others = sorted(p.name for p in folder.glob("NotoSans*.ttf") if p.name not in first and "Italic" not in p.name)
    return tuple(folder / name for name in [*first, *others] if (folder / name).is_file())


def bundled_font_path() -> Path:
    """Noto Sans SC from the pylopdf-fonts-zh-cn wheel: Simplified Chinese and Latin."""
    import pylopdf_fonts_zh_cn  # deferred: nothing happens at import time

    return Path(pylopdf_fonts_zh_cn.sans_path())


def choose_fonts(family: str | None, bold: bool, text: str) -> FontChain:
    """The text's font (see choose_font) with the bundled fallbacks behind it."""
    return FontChain(choose_font(family, bold, text), fallback_paths())


def choose_font(family: str | None, bold: bool, text: str) -> Font:
    """The draft's font if the system has it and it covers the text, else the bundled Noto Sans SC."""
    if family and family.strip().lower() != DEFAULT_FAMILY.lower():
        found = system_font(family.strip(), bold)
        if found is not None:
            try:
                font = load_font(found[0], found[1])
            except (OSError, FontError):
                font = None
            if font is not None and font.covers(text):
                return font
    return load_font(bundled_font_path(), 0)


@lru_cache(maxsize=64)
def system_font(family: str, bold: bool) -> tuple[Path, int] | None:
    """Ask fontconfig for a family; None when fc-match is absent or only offers a substitute."""
    fc_match = shutil.which("fc-match")
    if fc_match is None or not family:
        return None
    pattern = f"{family}:weight={'bold' if bold else 'regular'}"
    try:
        done = subprocess.run(
            [fc_match, "-f", "%{file}\n%{index}\n%{family}\n", pattern],
            capture_output=True, text=True, timeout=10, check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    lines = done.stdout.splitlines()
    if done.returncode != 0 or len(lines) < 3:
        return None
    families = {name.strip().lower() for name in lines[2].split(",")}
    if family.lower() not in families:
        return None
    return Path(lines[0]), int(lines[1] or 0)


@lru_cache(maxsize=16)
def load_font(path: Path, index: int = 0) -> Font:
    """Read the tables that matter for layout: head, hhea, hmtx, OS/2, cmap and name."""
    data = path.read_bytes()
    offset = _face_offset(data, index)
    tables = _table_directory(data, offset)
    for tag in ("head", "hhea", "hmtx", "cmap"):
        if tag not in tables:
            raise FontError(f"{path.name} has no {tag} table")
    units_per_em = struct.unpack_from(">H", data, tables["head"] + 18)[0]
    ascent, descent = struct.unpack_from(">hh", data, tables["hhea"] + 4)
    metrics_count = struct.unpack_from(">H", data, tables["hhea"] + 34)[0]
    advances = struct.unpack_from(f">{metrics_count}H", data[tables["hmtx"]:], 0)[0::2] if metrics_count else ()
    win_ascent, win_descent = ascent, -descent
    if "OS/2" in tables:
        win_ascent, win_descent = struct.unpack_from(">HH", data, tables["OS/2"] + 74)
    return Font(
        path=path, index=index, family=_family_name(data, tables.get("name")) or path.stem,
        units_per_em=units_per_em or 1000, win_ascent=win_ascent or ascent, win_descent=win_descent or -descent,
        advances=tuple(advances), cmap=_read_cmap(data, tables["cmap"]),
    )


def _face_offset(data: bytes, index: int) -> int:
    if data[:4] == b"ttcf":
        count = struct.unpack_from(">I", data, 8)[0]
        if index >= count:
            raise FontError(f"the collection has {count} faces, not {index + 1}")
        return int(struct.unpack_from(">I", data, 12 + 4 * index)[0])
    if data[:4] not in (b"\x00\x01\x00\x00", b"OTTO", b"true"):
        raise FontError("not an OpenType or TrueType font")
    return 0


def _table_directory(data: bytes, offset: int) -> dict[str, int]:
    count = struct.unpack_from(">H", data, offset + 4)[0]
    tables = {}
    for i in range(count):
        tag, _checksum, start, _length = struct.unpack_from(">4sIII", data, offset + 12 + 16 * i)
        tables[tag.decode("latin-1")] = start
    return tables


def _read_cmap(data: bytes, start: int) -> dict[int, int]:
    count = struct.unpack_from(">H", data, start + 2)[0]
    best: tuple[int, int] | None = None
    for i in range(count):
        platform, encoding, offset = struct.unpack_from(">HHI", data, start + 4 + 8 * i)
        fmt = struct.unpack_from(">H", data, start + offset)[0]
        rank = {12: 2, 4: 1}.get(fmt, 0) if (platform, encoding) in {(3, 1), (3, 10), (0, 3), (0, 4), (0, 6)} else 0
        if rank and (best is None or rank > best[0]):
            best = (rank, start + offset)
    if best is None:
        raise FontError("no Unicode character map")
    return _cmap_format12(data, best[1]) if best[0] == 2 else _cmap_format4(data, best[1])


def _cmap_format12(data: bytes, at: int) -> dict[int, int]:
    groups = struct.unpack_from(">I", data, at + 12)[0]
    cmap: dict[int, int] = {}
    for i in range(groups):
        first, last, glyph = struct.unpack_from(">III", data, at + 16 + 12 * i)
        for code in range(first, min(last, 0x10FFFF) + 1):
            cmap[code] = glyph + code - first
    return cmap


def _cmap_format4(data: bytes, at: int) -> dict[int, int]:
    segments = struct.unpack_from(">H", data, at + 6)[0] // 2
    ends = struct.unpack_from(f">{segments}H", data, at + 14)
    starts = struct.unpack_from(f">{segments}H", data, at + 16 + 2 * segments)
    deltas = struct.unpack_from(f">{segments}h", data, at + 16 + 4 * segments)
    range_at = at + 16 + 6 * segments
    offsets = struct.unpack_from(f">{segments}H", data, range_at)
    cmap: dict[int, int] = {}
    for i in range(segments):
        for code in range(starts[i], ends[i] + 1):
            if code == 0xFFFF:
                continue
            if offsets[i] == 0:
                glyph = (code + deltas[i]) & 0xFFFF
            else:
                where = range_at + 2 * i + offsets[i] + 2 * (code - starts[i])
                glyph = struct.unpack_from(">H", data, where)[0]
                glyph = (glyph + deltas[i]) & 0xFFFF if glyph else 0
            if glyph:
                cmap[code] = glyph
    return cmap


def _family_name(data: bytes, start: int | None) -> str | None:
    if start is None:
        return None
    count, strings = struct.unpack_from(">HH", data, start + 2)
    found: dict[int, str] = {}
    for i in range(count):
        platform, _encoding, language, name_id, length, offset = struct.unpack_from(">6H", data, start + 6 + 12 * i)
        if name_id not in (1, 16) or platform != 3 or language not in (0x409, 0):
            continue
        raw = data[start + strings + offset : start + strings + offset + length]
        found[name_id] = raw.decode("utf-16-be", errors="replace")
    return found.get(1) or found.get(16)
