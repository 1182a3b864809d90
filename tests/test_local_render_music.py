"""The generated music bed is music: several pitches, a chord progression, note onsets every second, styles."""

from __future__ import annotations

import wave
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from nemovideo.local.render.music import RATE, STYLES, midi_hz, music_bed, synthesize, synthesize_loop

Signal = np.ndarray[Any, np.dtype[np.float64]]


def mono(style: str, seconds: float) -> Signal:
    samples = synthesize(style, seconds)
    assert samples.shape == (int(seconds * RATE), 2)
    result: Signal = samples.mean(axis=1)
    return result


def peaks(window: Signal, low: float = 90, high: float = 1100) -> set[int]:
    """MIDI notes of the strong spectral peaks in a window."""
    spectrum = np.abs(np.fft.rfft(window * np.hanning(len(window))))
    freqs = np.fft.rfftfreq(len(window), 1 / RATE)
    band = (freqs > low) & (freqs < high)
    level = spectrum[band].max()
    notes = set()
    for i in np.flatnonzero(band):
        if spectrum[i] > 0.2 * level and spectrum[i] >= spectrum[i - 1] and spectrum[i] >= spectrum[i + 1]:
            notes.add(round(69 + 12 * np.log2(freqs[i] / 440)))
    return notes


def onsets(signal: Signal) -> list[float]:
    """Times (s) where the short-time energy jumps."""
    hop = RATE // 100
    energy = np.array([np.sqrt(np.mean(signal[i:i + hop] ** 2)) for i in range(0, len(signal) - hop, hop)])
    rise = np.diff(energy, prepend=energy[0])
    threshold = 0.25 * rise.max()
    found: list[float] = []
    for i in np.flatnonzero(rise > threshold):
        if not found or i / 100 - found[-1] > 0.1:
            found.append(i / 100)
    return found


@pytest.mark.parametrize("style", sorted(STYLES))
def test_each_style_has_several_pitches_and_an_onset_every_second(style: str) -> None:
    signal = mono(style, 12.0)
    assert np.sqrt(np.mean(signal**2)) > 0.05, "not silence"
    spec = STYLES[style]
    bar = int(spec.beats_per_chord * 60 / spec.bpm * RATE)
    notes = peaks(signal[:bar])
    assert len(notes) >= 4, f"a chord and a bass line give several pitches, got {sorted(notes)}"
    times = onsets(signal)
    for second in range(11):
        assert any(second <= t < second + 1 for t in times), f"a note starts within second {second}"


@pytest.mark.parametrize("style", sorted(STYLES))
def test_the_harmony_moves_through_a_progression(style: str) -> None:
    spec = STYLES[style]
    bar = spec.beats_per_chord * 60 / spec.bpm
    signal = mono(style, bar * 4)
    chords = [peaks(signal[int(i * bar * RATE): int((i + 1) * bar * RATE)]) for i in range(4)]
    assert len({frozenset(c) for c in chords}) >= 3, "not a steady tone: the chords change"
    first_chord = {n % 12 for n in spec.chords[0]}
    assert first_chord & {n % 12 for n in chords[0]}, "the first bar sounds the first chord"


def test_styles_differ_in_tempo() -> None:
    fast, slow = onsets(mono("upbeat", 8.0)), onsets(mono("calm", 8.0))
    assert np.median(np.diff(fast)) < np.median(np.diff(slow))


def test_music_beds_are_cached_wav_files(tmp_path: Path) -> None:
    first = music_bed("lofi", 2500, tmp_path)
    stamp = first.stat().st_mtime_ns
    again = music_bed("lofi", 2500, tmp_path)
    assert again == first and again.stat().st_mtime_ns == stamp
    with wave.open(str(first)) as wav:
        assert (wav.getnchannels(), wav.getframerate(), wav.getsampwidth()) == (2, RATE, 2)
        assert wav.getnframes() == int(2.5 * RATE)
    assert music_bed("no-such-style", 2500, tmp_path).name.startswith("lofi-")
    assert [p.suffix for p in (tmp_path / "music").iterdir()] == [".wav"], "no temporary file is left"


def test_midi_numbers_map_to_concert_pitch() -> None:
    assert midi_hz(69) == pytest.approx(440.0) and midi_hz(60) == pytest.approx(261.63, abs=0.01)


@pytest.mark.parametrize("style", sorted(STYLES))
def test_the_loop_repeats_without_a_click(style: str) -> None:
    loop = synthesize_loop(style)
    steps = np.abs(np.diff(loop, axis=0)).max()
    seam = np.abs(loop[0] - loop[-1]).max()
    assert seam <= steps, "the jump from the loop's end to its start is no bigger than any step inside it"
    assert len(loop) / RATE < 30, "the loop is short: a bed of any length costs the memory of one loop"


def test_a_long_bed_is_the_loop_repeated(tmp_path: Path) -> None:
    loop = synthesize_loop("upbeat")
    path = music_bed("upbeat", 40_000, tmp_path)
    with wave.open(str(path)) as wav:
        pcm = np.frombuffer(wav.readframes(wav.getnframes()), "<i2").reshape(-1, 2)
    assert len(pcm) == 40 * RATE
    assert np.array_equal(pcm[: len(loop)], pcm[len(loop): 2 * len(loop)])
