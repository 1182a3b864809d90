"""The generated music bed: a chord progression with bass, keys and drums, in three styles, cached as a WAV loop."""

from __future__ import annotations

import os
import sys
import tempfile
import wave
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from typing import Any

    import numpy as np
    from numpy.typing import NDArray

    Signal = NDArray[np.floating[Any]]

RATE = 44100
VERSION = 2
LOFI = ((53, 57, 60, 64), (52, 55, 59, 62), (50, 53, 57, 60), (48, 52, 55, 59))  # Fmaj7 Em7 Dm7 Cmaj7
UPBEAT = ((60, 64, 67, 72), (55, 59, 62, 67), (57, 60, 64, 69), (53, 57, 60, 65))  # C G Am F
CALM = ((57, 60, 64, 69), (53, 57, 60, 65), (48, 52, 55, 60), (55, 59, 62, 67))  # Am F C G


@dataclass(frozen=True)
class Style:
    """How a style plays: tempo, progression, and which parts sound on which beats."""

    bpm: float
    chords: tuple[tuple[int, ...], ...]
    beats_per_chord: int
    keys_decay: float  # seconds
    arpeggio: bool
    kick_beats: tuple[int, ...]  # beats of a 4-beat bar
    snare_beats: tuple[int, ...]
    hats_per_beat: int
    brightness: float  # weight of the upper harmonics


STYLES = {
    "lofi": Style(80, LOFI, 4, 0.9, False, (0, 2), (1, 3), 2, 0.35),
    "upbeat": Style(118, UPBEAT, 4, 0.35, True, (0, 1, 2, 3), (1, 3), 2, 0.6),
    "calm": Style(68, CALM, 4, 2.2, True, (0,), (), 0, 0.15),
}


LOOP_BARS = 8  # two passes of the four-chord progression: 24 s of lo-fi, 16 s upbeat, 28 s calm


def loop_path(style: str, cache_dir: Path) -> Path:
    """Where the cache keeps the seamless loop of a style (the renderer repeats it to any length)."""
    name = style if style in STYLES else "lofi"
    return cache_dir / "music" / f"{name}-loop-v{VERSION}.wav"


def bed_path(style: str, length_ms: int, cache_dir: Path) -> Path:
    """Where a bed of a style and length is written by `music_bed`."""
    name = style if style in STYLES else "lofi"
    return cache_dir / "music" / f"{name}-{max(length_ms, 1)}-v{VERSION}.wav"


def music_loop(style: str, cache_dir: Path) -> Path:
    """The style's loop as a WAV, synthesised once and then read from the cache."""
    path = loop_path(style, cache_dir)
    if not path.is_file():
        _write_atomically(path, lambda temp: write_wav(temp, synthesize_loop(path.name.split("-")[0])))
    return path


def music_bed(style: str, length_ms: int, cache_dir: Path) -> Path:
    """A WAV of the style at that length, written loop by loop (memory does not grow with the length)."""
    path = bed_path(style, length_ms, cache_dir)
    if path.is_file():
        return path
    loop = _pcm(synthesize_loop(path.name.split("-")[0]))
    frames = int(max(length_ms, 1) / 1000 * RATE)

    def write(temp: Path) -> None:
        with wave.open(str(temp), "wb") as out:
            _wav_header(out)
            for offset in range(0, frames, len(loop)):
                out.writeframes(loop[: frames - offset].tobytes())

    _write_atomically(path, write)
    return path


def _write_atomically(path: Path, write: Callable[[Path], None]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, suffix=".wav.part")
    os.close(handle)
    try:
        write(Path(temp))
        os.replace(temp, path)
    finally:
        if os.path.exists(temp):
            os.unlink(temp)


def midi_hz(note: float) -> float:
    """Frequency of a MIDI note number."""
    return float(440.0 * 2 ** ((note - 69) / 12))


def synthesize(style: str, seconds: float) -> Signal:
    """Stereo samples in [-1, 1], shape (n, 2): the style's loop repeated to the length."""
    import numpy as np  # deferred: only renders with a music bed need it

    total = max(int(seconds * RATE), 1)
    return np.resize(synthesize_loop(style), (total, 2))


def synthesize_loop(style: str) -> Signal:
    """LOOP_BARS bars of the style, shape (n, 2) in [-1, 1]; notes ringing past the end wrap round to the
    start, so the loop repeats without a seam."""
    import numpy as np

    spec = STYLES[style]
    beat = 60.0 / spec.bpm
    count = LOOP_BARS * 4
    out = np.zeros((round(count * beat * RATE), 2), np.float32)  # float32: half of float64, plenty for 16 bits
    rng = np.random.default_rng(sum(map(ord, style)))
    snares = [_noise_hit(rng, 0.18, 0.05, bright=False) for _ in range(3)]
    hats = [_noise_hit(rng, 0.05, 0.012, bright=True) for _ in range(5)]
    for index in range(count):
        at = index * beat
        chord = spec.chords[(index // spec.beats_per_chord) % len(spec.chords)]
        in_bar = index % 4
        accent = 1.0 if in_bar == 0 else 0.75
        if in_bar == 0:
            _add(out, at, _tone(midi_hz(chord[0] - 12), beat * 3.5, 1.6, 0.1), 0.55, 0.0)
        if in_bar == 2:
            _add(out, at, _tone(midi_hz(chord[2] - 24), beat * 1.8, 1.2, 0.1), 0.4, 0.0)
        for voice, note in enumerate(chord):
            pan = (voice - 1.5) / 3
            _add(out, at + voice * 0.012, _tone(midi_hz(note), spec.keys_decay * 1.5, spec.keys_decay,
                                                spec.brightness), 0.16 * accent, pan)
        if spec.arpeggio:
            for half in range(2):
                note = chord[(in_bar * 2 + half) % len(chord)] + 12
                _add(out, at + half * beat / 2, _tone(midi_hz(note), beat, beat / 2, spec.brightness), 0.12, 0.4)
        if in_bar in spec.kick_beats:
            _add(out, at, _kick(), 0.7, 0.0)
        if in_bar in spec.snare_beats:
            _add(out, at, snares[index % len(snares)], 0.3, -0.1)
        for hat in range(spec.hats_per_beat):
            _add(out, at + hat * beat / spec.hats_per_beat, hats[(index + hat) % len(hats)], 0.12, 0.3)
    peak = max(float(out.max()), -float(out.min())) or 1.0
    out *= 0.7 / peak
    _tone.cache_clear()  # the tones are only shared within one loop
    return out


def _add(out: Signal, at: float, sound: Signal, gain: float, pan: float) -> None:
    """Mix a sound in at a time; what runs past the end of the loop continues from its start."""
    start = int(at * RATE) % len(out)
    while len(sound):
        piece = sound[: len(out) - start] * gain
        out[start : start + len(piece), 0] += piece * (1 - max(pan, 0.0))
        out[start : start + len(piece), 1] += piece * (1 + min(pan, 0.0))
        sound, start = sound[len(piece):], 0


@lru_cache(maxsize=256)
def _tone(freq: float, length: float, decay: float, brightness: float) -> Signal:
    """A struck tone: a few harmonics under a quick attack and an exponential decay."""
    import numpy as np

    t = np.arange(int(length * RATE)) / RATE
    wave_ = np.sin(2 * np.pi * freq * t) + brightness * np.sin(4 * np.pi * freq * t) / 2
    wave_ += brightness * brightness * np.sin(6 * np.pi * freq * t) / 3
    envelope = np.minimum(t / 0.008, 1.0) * np.exp(-t / max(decay, 0.05))
    result: Signal = wave_ * envelope
    return result


@lru_cache(maxsize=1)
def _kick() -> Signal:
    """A bass drum: a sine falling from 120 to 45 Hz."""
    import numpy as np

    t = np.arange(int(0.3 * RATE)) / RATE
    freq = 45 + 75 * np.exp(-t / 0.04)
    phase = 2 * np.pi * np.cumsum(freq) / RATE
    result: Signal = np.sin(phase) * np.exp(-t / 0.09)
    return result


def _noise_hit(rng: np.random.Generator, length: float, decay: float, bright: bool) -> Signal:
    """A snare (duller) or hi-hat (brighter) burst of noise."""
    import numpy as np

    t = np.arange(int(length * RATE)) / RATE
    noise = rng.standard_normal(len(t))
    if bright:
        noise = np.diff(noise, prepend=0.0)
    result: Signal = noise * np.exp(-t / decay) * 0.5
    return result


def write_wav(path: Path, samples: Signal) -> None:
    """16-bit stereo PCM."""
    with wave.open(str(path), "wb") as out:
        _wav_header(out)
        out.writeframes(_pcm(samples).tobytes())


def _wav_header(out: wave.Wave_write) -> None:
    out.setnchannels(2)
    out.setsampwidth(2)
    out.setframerate(RATE)


def _pcm(samples: Signal) -> NDArray[np.int16]:
    import numpy as np

    np.clip(samples, -1.0, 1.0, out=samples)
    pcm: NDArray[np.int16] = (samples * 32767).astype("<i2")
    return pcm


def main(argv: list[str] | None = None) -> int:
    """`python -m nemovideo.local.render.music STYLE CACHE_DIR`: write the style's loop, print its path."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        sys.stderr.write("usage: python -m nemovideo.local.render.music STYLE CACHE_DIR\n")
        return 2
    try:
        path = music_loop(args[0], Path(args[1]))
    except OSError as exc:
        sys.stderr.write(f"{exc.strerror or exc}\n")
        return 1
    except ImportError:
        sys.stderr.write("numpy is not installed\n")
        return 3
    sys.stdout.write(f"{path}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
