"""Colours as WCAG sees them: relative luminance and contrast ratio of sRGB colours."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def linear() -> tuple[float, ...]:
    """sRGB channel values 0-255 in linear light."""
    return tuple((c / 255) / 12.92 if c / 255 <= 0.04045 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in range(256))


def luminance(rgb: tuple[int, int, int]) -> float:
    """WCAG relative luminance of an sRGB colour."""
    table = linear()
    r, g, b = rgb
    return 0.2126 * table[r] + 0.7152 * table[g] + 0.0722 * table[b]


def contrast(a: float, b: float) -> float:
    """WCAG contrast ratio of two luminances."""
    return (max(a, b) + 0.05) / (min(a, b) + 0.05)


def rgb(hex_color: str) -> tuple[int, int, int]:
    """'#RRGGBB' as a tuple."""
    value = hex_color.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)
