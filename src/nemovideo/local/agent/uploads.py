"""Which upload a request means: by file name, by a word of its name ("the beach photo"), by kind, or "this"."""

from __future__ import annotations

from pathlib import PurePosixPath

from nemovideo.local.agent.extract import UploadRef
from nemovideo.local.agent.replies import KIND_NAMES
from nemovideo.local.agent.types import Refusal, Turn, Upload

VISUAL = ("video", "image")


def kinds_of(ref: UploadRef, default: tuple[str, ...]) -> tuple[str, ...]:
    """The upload kinds a reference can mean."""
    return default if ref.kind == "any" else (ref.kind,)


def resolve(turn: Turn, ref: UploadRef, default: tuple[str, ...] = VISUAL) -> Upload:
    """The one upload a reference means; a refusal when there is none, a question when two fit."""
    fitting = [u for u in turn.uploads if u.kind in kinds_of(ref, default)]
    if ref.filename:
        named = [u for u in turn.uploads if u.filename.lower() == ref.filename.lower()]
        if not named:
            raise Refusal("no_upload_named", name=ref.filename)
        return named[-1]
    # A role or subject word matches a file name first ("my logo" -> logo.png, 海滩 -> beach.jpg) ...
    by_name = [u for u in fitting if any(word in _stem_words(u.filename) for word in ref.words)]
    if len(by_name) == 1:
        return by_name[0]
    candidates = by_name or fitting
    if not candidates:
        raise Refusal("no_upload", **KIND_NAMES.both(kinds_of(ref, default)[0] if len(kinds_of(ref, default)) == 1
                                                      else "any", "kind"))
    # ... else "this clip" is the latest of its kind, and the only one of its kind is meant; two is a question.
    if ref.latest or len(candidates) == 1:
        return candidates[-1]
    names = [u.filename for u in candidates]
    raise Refusal("which_upload", names_en=_either(names, "or"), names_zh=_either(names, "还是"))


def _stem_words(filename: str) -> set[str]:
    stem = PurePosixPath(filename).stem.lower()
    return {stem, *stem.replace("-", " ").replace("_", " ").split()}


def _either(names: list[str], word: str) -> str:
    quoted = [f'"{name}"' if word == "or" else f"“{name}”" for name in names]
    return f" {word} ".join([", ".join(quoted[:-1]), quoted[-1]]) if len(quoted) > 1 else quoted[0]
