"""A storyboard from a description and uploads: title, scenes with words from the description, a colour
theme that fits its words, a music bed and a closing call to action; then the draft that shows it."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from nemovideo.draft import CANVASES, Draft, Meta, Motion, Segment, Source, TextStyle, Track, TrackType
from nemovideo.draft import Transition as Fade
from nemovideo.language import Language, has_chinese, simplified, traditional
from nemovideo.local.agent import grammar as g
from nemovideo.local.agent import phrases as p
from nemovideo.local.agent.ids import IdMaker
from nemovideo.local.agent.lines import filler, lines_for
from nemovideo.local.agent.replies import TRACK_NAMES
from nemovideo.local.agent.timeline import scene_text_span
from nemovideo.local.agent.types import Upload

SECONDS_PER_SCENE = 7500
MIN_SCENES = 2
MAX_SCENES = 12
MIN_UPLOAD_SCENE_MS = 2000
TITLE_MS = 3000
CROSSFADE_MS = 400
ZOOM = 0.08
FPS = 30
VISUAL = ("video", "image")


@dataclass(frozen=True)
class Scene:
    """One scene: its words, and the upload that fills it (if any)."""

    headline: str
    support: str | None
    upload: Upload | None
    start_ms: int
    duration_ms: int

    @property
    def end_ms(self) -> int:
        """Where the scene ends."""
        return self.start_ms + self.duration_ms


@dataclass(frozen=True)
class Storyboard:
    """A whole video as planned, before it becomes a draft."""

    title: str
    scenes: tuple[Scene, ...]
    cta: str
    theme: g.Theme
    music_style: str
    music_upload: Upload | None
    length_ms: int
    ratio: str
    language: Language


def scene_count(length_ms: int, visual_uploads: int) -> int:
    """About one scene per 7.5 s (at least 2), more when uploads need room (2 s each at least)."""
    by_length = max(MIN_SCENES, round(length_ms / SECONDS_PER_SCENE))
    by_uploads = min(visual_uploads, length_ms // MIN_UPLOAD_SCENE_MS)
    return min(MAX_SCENES, max(by_length, by_uploads))


def pick_theme(words: str) -> g.Theme:
    """The colour theme whose words occur most often (the default when none do)."""
    scores = [(len(re.findall(theme.words, words, re.I)), -index, theme) for index, theme in enumerate(g.THEMES)]
    best = max(scores, key=lambda s: (s[0], s[1]))
    return best[2] if best[0] else g.DEFAULT_THEME


def pick_music(words: str, promo: bool) -> str:
    """Music style by the description's words: upbeat for launches, calm for nature, lo-fi for cafés."""
    scores = {style: len(re.findall(pattern, words, re.I)) for style, pattern in g.STORY_MUSIC.items()}
    best = max(scores.values())
    winners = [style for style, count in scores.items() if count == best]
    if best and len(winners) == 1:
        return winners[0]
    return "upbeat" if promo else "lofi"


def pick_kind(words: str, promo: bool) -> str:
    """The kind of video the words describe (product, event, place, person, food, app), for lines and closing."""
    kinds = enumerate(g.VIDEO_KINDS.items())
    best = max((len(pattern.findall(words)), -index, kind) for index, (kind, pattern) in kinds)
    return best[2] if best[0] else "product" if promo else "moments"


def plan_storyboard(
    description: str,
    *,
    length_ms: int,
    ratio: str,
    uploads: Sequence[Upload],
    music_style: str | None,
    promo: bool,
    language: Language,
    title: str | None = None,
    request: str = "",
    about: str | None = None,
) -> Storyboard:
    """Plan the scenes, words, theme and music for a video; `request` (the whole message) tells its kind too, and
    `about` (what the asking words named, "our gym") is the title when the description names nothing."""
    visual = [u for u in uploads if u.kind in VISUAL]
    audio = [u for u in uploads if u.kind == "audio"]
    count = scene_count(length_ms, len(visual))
    description = p.without_file_names(description)
    lang: Language = "zh" if has_chinese(description) else language
    body, cta = p.split_cta(description)
    named = p.name_in(body) if body.strip() else None
    name = title or named or (p.capitalise(about) if about else None) or p.title_of(body)
    kind = pick_kind(simplified(f"{name} {description} {p.without_file_names(request)}"), promo)  # "for our gym"
    # A user who writes 繁體 gets the project's own lines in traditional characters too (值得專程前往); the
    # user's words stay as written (每一杯 is not 每一盃).
    said = f"{request} {description}"
    script = traditional if lang == "zh" and simplified(said) != said else str
    # With no words at all the scenes hold placeholders (and the reply asks for a description); a title alone
    # ("wedding video for Anna and Tom") is the subject of the kind's lines.
    subject = body if body.strip() or visual else (name or "")
    words = _scene_words(subject, count, kind, lang, name, placeholders=not visual and not name, script=script)
    bounds = [round(i * length_ms / count) for i in range(count + 1)]
    scenes = tuple(
        Scene(headline, support, visual[i] if i < len(visual) else None, bounds[i], bounds[i + 1] - bounds[i])
        for i, (headline, support) in enumerate(words)
    )
    every_word = simplified(" ".join([description, *(u.filename for u in uploads)]))
    return Storyboard(
        title=name or script(g.DEFAULT_TITLE[lang]),
        scenes=scenes,
        cta=cta or script(lines_for(kind, lang).cta),
        theme=pick_theme(every_word),
        music_style=music_style or pick_music(simplified(description), promo),
        music_upload=audio[-1] if audio else None,
        length_ms=length_ms,
        ratio=ratio,
        language=lang,
    )


def _scene_words(
    body: str, count: int, kind: str, lang: Language, title: str | None, *, placeholders: bool,
    script: Callable[[str], str] = str,
) -> list[tuple[str, str | None]]:
    """Each scene's headline and caption: from the description while it lasts, then from the kind's lines
    (written in `script`). No two scenes, nor a scene and the title, say the same thing; file names never
    become words."""
    if not body.strip() and placeholders:
        lines = [script(line) for line in g.PLACEHOLDER_SCENES[lang]]
        return [(lines[i % len(lines)], None) for i in range(count)]
    taken = {title.lower()} if title else set()
    library = lines_for(kind, lang)
    subject = [p.capitalise(script(t).format(subject=s)) for s in p.subjects(body) for t in library.subject]
    # One scene shows the subject in the prompt's words; the others a benefit, a detail, in turn.
    spare = [line for line in subject if _fits(line) and not p.said_already(line, taken)][:1]
    spare += [script(line) for line in filler(kind, lang, 2 * count)]
    written: list[tuple[str, str | None]] = []
    for group in p.chunks(body, count) if body.strip() else [[] for _ in range(count)]:
        scene = p.write_scene(group, taken) if group else None
        if scene is None:
            headline = next((line for line in spare if not p.said_already(line, taken)), spare[-1])
            scene = (headline, p.caption(group, headline, taken) if group else None)
        taken.add(scene[0].lower())
        written.append(scene)
    return written


def _fits(line: str) -> bool:
    """True when a line is short enough for a headline."""
    if has_chinese(line):
        return len(line) <= g.HEADLINE_CHARS_ZH
    return len(line.split()) <= g.HEADLINE_WORDS


def storyboard_draft(board: Storyboard, ids: IdMaker) -> Draft:
    """The draft that shows a storyboard: scenes, music bed, titles and captions, canvas."""
    width, height = CANVASES[board.ratio]
    video = Track(id=ids.preferred("v", "v"), type=TrackType.VIDEO, name="Video",
                  segments=[_scene_segment(board, i, ids) for i in range(len(board.scenes))])
    music = Track(id=ids.preferred("a", "a"), type=TrackType.AUDIO, name="BGM", segments=[_music(board, ids)])
    titles, captions = _text_tracks(board, ids)
    return Draft(
        tracks=[t for t in (video, music, titles, captions) if t.segments],
        duration_ms=board.length_ms,
        meta=Meta(title=board.title, width=width, height=height, ratio=board.ratio, fps=FPS),
    )


def _scene_segment(board: Storyboard, index: int, ids: IdMaker) -> Segment:
    scene = board.scenes[index]
    seg = Segment(id=ids.new("s"), start_ms=scene.start_ms, duration_ms=scene.duration_ms, role="scene",
                  name=scene.upload.filename if scene.upload else scene.headline)
    if scene.upload is not None:
        seg.source = Source(kind="media", url=scene.upload.url, media_id=scene.upload.media_id, in_ms=0)
    else:
        colors = board.theme.colors
        seg.source = Source(kind="gradient", colors=[colors[index % len(colors)], colors[(index + 1) % len(colors)]])
    if scene.upload is not None and scene.upload.kind == "image":
        seg.motion = Motion(type="zoom_in" if index % 2 == 0 else "zoom_out", amount=ZOOM)
    if index > 0:
        seg.transition = Fade(type="fade", duration_ms=CROSSFADE_MS)
    return seg


def _music(board: Storyboard, ids: IdMaker) -> Segment:
    song = board.music_upload
    source = (
        Source(kind="media", url=song.url, media_id=song.media_id, in_ms=0)
        if song
        else Source(kind="music", style=board.music_style)
    )
    return Segment(id=ids.new("m"), start_ms=0, duration_ms=board.length_ms, role="bgm", source=source,
                   name=song.filename if song else TRACK_NAMES[board.music_style], volume=g.BGM_VOLUME,
                   fade_in_ms=g.BGM_FADE_IN_MS, fade_out_ms=g.BGM_FADE_OUT_MS)


def _text(ids: IdMaker, role: str, text: str, start: int, end: int, look: g.TextLook, color: str) -> Segment:
    return Segment(
        id=ids.new("t"), start_ms=start, duration_ms=end - start, role=role, text=text,
        style=TextStyle(size=look.size, color=color, position=look.position, weight=look.weight),
        fade_in_ms=g.TEXT_FADE_MS, fade_out_ms=g.TEXT_FADE_MS,
    )


def _text_tracks(board: Storyboard, ids: IdMaker) -> tuple[Track, Track]:
    first, last, theme = board.scenes[0], board.scenes[-1], board.theme
    title = _text(ids, "title", board.title, 0, min(TITLE_MS, first.duration_ms // 2), g.TITLE_LOOK, theme.text)
    cta_start = board.length_ms - min(TITLE_MS, last.duration_ms // 2)
    cta = _text(ids, "cta", board.cta, cta_start, board.length_ms, g.CTA_LOOK, theme.accent)
    headlines, captions = [], []
    for scene in board.scenes:
        start, end = scene_text_span(scene.start_ms, scene.end_ms, title, cta)
        headlines.append(_text(ids, "subtitle", scene.headline, start, end, g.HEADLINE_LOOK, theme.text))
        if scene.support:
            captions.append(_text(ids, "caption", scene.support, start, end, g.CAPTION_LOOK, theme.text))
    titles = Track(id=ids.preferred("x", "x"), type=TrackType.TEXT, name="Titles", segments=[title, *headlines, cta])
    return titles, Track(id=ids.preferred("c", "c"), type=TrackType.TEXT, name="Captions", segments=captions)
