"""Uploads of other shapes and text over them, checked on decoded frames: the whole upload shows, text reaches
4.5:1 contrast against the lightest 10 % of what is behind it, and no text leaves the safe area."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from nemovideo.local.render import render_draft
from nemovideo.local.render.layout import safe_area
from test_local_render_helpers import decode_rgb, draft, ffmpeg, resolver

pytestmark = pytest.mark.slow

Frame = np.ndarray[Any, np.dtype[np.uint8]]
MARKERS = {"red": (255, 0, 0), "green": (0, 255, 0), "blue": (0, 0, 255), "yellow": (255, 255, 0)}
LINEAR = np.array([c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in np.arange(256) / 255])
THEME = ["#0F766E", "#134E4A"]


def marked(path: Path, size: str, fill: str, alpha: bool = False) -> Path:
    """A picture with a red, green, blue and yellow square in its four corners (top-left first)."""
    w, h = (int(v) for v in size.split("x"))
    m = max(8, min(w, h) // 8)
    boxes = [(0, 0, "0xFF0000"), (w - m, 0, "0x00FF00"), (0, h - m, "0x0000FF"), (w - m, h - m, "0xFFFF00")]
    base = f"color=c={fill}:s={size}" + (",format=rgba,colorchannelmixer=aa=0" if alpha else ",format=rgb24")
    draw = ",".join(f"drawbox=x={x}:y={y}:w={m}:h={m}:color={c}@1:t=fill" for x, y, c in boxes)
    if alpha:  # drawbox leaves alpha alone: make the squares opaque and the rest transparent
        inside = "+".join(f"(between(X,{x},{x + m - 1})*between(Y,{y},{y + m - 1}))" for x, y, _ in boxes)
        draw += f",geq=r='r(X,Y)':g='g(X,Y)':b='b(X,Y)':a='255*({inside})'"
    ffmpeg("-f", "lavfi", "-i", base, "-vf", draw, "-frames:v", "1", str(path))
    return path


def blinking_gif(path: Path) -> Path:
    """A 0.4 s GIF: 0.2 s white, then 0.2 s black (4:3)."""
    ffmpeg("-f", "lavfi", "-i", "color=c=white:s=160x120:r=5:d=0.2", "-f", "lavfi", "-i",
           "color=c=black:s=160x120:r=5:d=0.2", "-filter_complex", "[0][1]concat=n=2:v=1,split[a][b];"
           "[a]palettegen[p];[b][p]paletteuse", str(path))
    return path


@pytest.fixture(scope="module")
def uploads(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("uploads")
    return {
        "portrait": marked(folder / "portrait.png", "300x600", "gray"),
        "logo": marked(folder / "logo.png", "400x400", "white", alpha=True),
        "wide": marked(folder / "wide.png", "800x450", "gray"),
        "photo": marked(folder / "photo.png", "750x500", "gray"),
        "pale": marked(folder / "pale.png", "1600x900", "0xF4F1EA"),
        "gif": blinking_gif(folder / "blink.gif"),
    }


def scene(start: int, url: str, length: int = 1000) -> dict[str, Any]:
    return {"st": start, "d": length, "src": {"kind": "media", "url": url}}


def title(start: int, words: str, role: str = "title", length: int = 1000, **style: Any) -> dict[str, Any]:
    return {"st": start, "d": length, "role": role, "txt": words, "sty": style} if style else \
        {"st": start, "d": length, "role": role, "txt": words}


def render(tmp_path: Path, name: str, video: list[dict[str, Any]], texts: list[dict[str, Any]], size: tuple[int, int],
           uploads: dict[str, Path]) -> Frame:
    out = tmp_path / f"{name}.mp4"
    length = max(s["st"] + s["d"] for s in video)
    render_draft(draft(video, texts, length_ms=length, width=size[0], height=size[1]), out,
                 resolve_media=resolver(uploads), cache_dir=tmp_path / "cache")
    return decode_rgb(out, *size)


def luminance(pixels: Frame) -> np.ndarray[Any, np.dtype[np.float64]]:
    lin = LINEAR[pixels]
    result: np.ndarray[Any, np.dtype[np.float64]] = 0.2126 * lin[..., 0] + 0.7152 * lin[..., 1] + 0.0722 * lin[..., 2]
    return result


def markers_seen(frame: Frame) -> set[str]:
    """The corner markers shown at full strength (the blurred, darkened copy behind does not count)."""
    seen = set()
    for name, rgb in MARKERS.items():
        close = np.abs(frame.astype(np.int16) - np.array(rgb)).max(axis=2) < 60
        if close.sum() >= 12:
            seen.add(name)
    return seen


def text_check(with_text: Frame, without: Frame, size: tuple[int, int]) -> tuple[float, bool]:
    """Contrast of the text against the lightest (darkest) 10 % of the background inside its box for light (dark)
    text, and
    whether every text pixel lies inside the safe area. Text pixels: where the text changed the frame and is
    near the text's colour; the background: the box around them, a few pixels away from the glyphs."""
    changed = np.abs(with_text.astype(np.int16) - without.astype(np.int16)).max(axis=2) > 60
    light, dark = changed & (with_text.min(axis=2) > 200), changed & (with_text.max(axis=2) < 70)
    glyphs = light if light.sum() >= dark.sum() else dark
    ys, xs = np.nonzero(glyphs)
    assert len(ys) > 50, "the text is drawn"
    top, bottom, left, right = ys.min(), ys.max() + 1, xs.min(), xs.max() + 1
    near = glyphs.copy()
    for dy in range(-3, 4):
        for dx in range(-3, 4):
            near |= np.roll(np.roll(glyphs, dy, 0), dx, 1)
    box = np.zeros_like(glyphs)
    box[top:bottom, left:right] = True
    background = luminance(with_text[box & ~near])
    text_level = float(np.median(luminance(with_text[glyphs])))
    # Light text against the lightest 10 % of the background, dark text against the darkest 10 %.
    worst = float(np.percentile(background, 90 if glyphs is light else 10))
    ratio = (max(text_level, worst) + 0.05) / (min(text_level, worst) + 0.05)
    safe = safe_area(*size)
    inside = left >= safe.left - 2 and right <= size[0] - safe.right + 2 and top >= safe.top - 2 \
        and bottom <= size[1] - safe.bottom + 2
    return ratio, bool(inside)


def test_landscape_video_shows_whole_uploads_and_readable_text(tmp_path: Path, uploads: dict[str, Path]) -> None:
    size = (640, 360)
    zooming = {**scene(0, "portrait"), "mo": {"type": "zoom_in", "amount": 0.1}}
    video = [zooming, scene(1000, "logo"), scene(2000, "gif"), scene(3000, "photo"), scene(4000, "pale"),
             {"st": 5000, "d": 500, "src": {"kind": "gradient", "colors": THEME}}]
    words = ["Portrait in a landscape video", "Square logo", "A short GIF loops", "A 3:2 photo, cropped to fill"]
    texts = [title(i * 1000, w) for i, w in enumerate(words)] + [title(4000, "Order today 🎉", role="cta")]
    shown = render(tmp_path, "wide", video, texts, size, uploads)
    bare = render(tmp_path, "bare", video, [], size, uploads)
    middle = [i * 30 + 18 for i in range(5)]  # every text is at full opacity there
    assert all(markers_seen(bare[f]) == set(MARKERS) for f in (0, 15, 29)), "all of the zooming portrait shows"
    assert markers_seen(bare[middle[1]]) == set(MARKERS), "all of the square logo shows"
    logo_centre = bare[middle[1], 170:190, 310:330].reshape(-1, 3).mean(axis=0)
    assert np.abs(logo_centre - (15, 118, 110)).max() < 40, "the logo's transparent middle shows the theme colour"
    edges = [bare[middle[3], 180, 1], bare[middle[3], 180, -2], bare[middle[3], 1, 320], bare[middle[3], -2, 320]]
    assert all(np.abs(e.astype(int) - 128).max() < 30 for e in edges), "a 3:2 photo is cropped to fill the frame"
    blink = [float(bare[f, 150:210, 280:360].mean()) for f in (62, 68, 74, 80)]  # 0.2 s apart in the GIF scene
    assert blink[0] > 200 > 40 > blink[1] and blink[2] > 200 > 40 > blink[3], "the GIF loops instead of freezing"
    for i, frame in enumerate(middle):
        ratio, inside = text_check(shown[frame], bare[frame], size)
        assert ratio >= 4.5, f"text {i} reaches 4.5:1 against the lightest 10 % behind it (got {ratio:.2f})"
        assert inside, f"text {i} stays inside the safe area"


@pytest.mark.parametrize("size", [(360, 640), (360, 360)])
def test_vertical_and_square_videos_fit_uploads_and_keep_text_safe(tmp_path: Path, uploads: dict[str, Path],
                                                                  size: tuple[int, int]) -> None:
    video = [scene(0, "wide"), scene(1000, "pale")]
    texts = [title(0, "A landscape picture in a vertical video, all of it"),
             title(1000, "早鸟优惠，限时八折 🎉", role="cta", pos="bottom")]
    shown = render(tmp_path, "shown", video, texts, size, uploads)
    bare = render(tmp_path, "bare", video, [], size, uploads)
    if size[1] > size[0]:
        assert markers_seen(bare[18]) == set(MARKERS), "all of the landscape picture shows in portrait"
    for frame in (18, 48):
        ratio, inside = text_check(shown[frame], bare[frame], size)
        assert ratio >= 4.5 and inside, (frame, ratio, inside)
