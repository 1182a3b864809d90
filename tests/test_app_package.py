"""The app's files are package data: a wheel carries them, and the page is built from them on first use."""

from __future__ import annotations

import fnmatch
import hashlib
import struct
import tomllib
from importlib.resources import files
from pathlib import Path

import pytest

from nemovideo.app import page
from test_local_render_helpers import decode_rgb

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "src" / "nemovideo" / "app"


def test_every_file_of_the_app_is_in_the_package_data_and_readable_as_a_resource() -> None:
    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]["nemovideo"]
    data = [path.relative_to(APP.parent).as_posix() for path in APP.rglob("*")
            if path.is_file() and path.suffix not in (".py", ".pyc")]
    assert {"app/app.html", "app/app.js", "app/vendor/LICENSE", "app/vendor/ext-apps-app-with-deps.js"} <= set(data)
    assert [name for name in data if not any(fnmatch.fnmatch(name, pattern) for pattern in patterns)] == []
    resources = files("nemovideo")
    assert all(resources.joinpath(name).read_bytes() == (APP.parent / name).read_bytes() for name in data)


def test_the_vendored_client_is_the_pinned_release_with_its_licence() -> None:
    pinned = page.pin()
    assert (pinned["package"], pinned["version"]) == ("@modelcontextprotocol/ext-apps", "2.0.4")
    bundle = files("nemovideo.app").joinpath("vendor/ext-apps-app-with-deps.js").read_bytes()
    assert hashlib.sha256(bundle).hexdigest() == pinned["sha256"]
    assert "MIT License" in files("nemovideo.app").joinpath("vendor/LICENSE").read_text()


def test_a_client_that_is_not_the_pinned_build_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(page, "pin", lambda: {"sha256": "0" * 64})
    with pytest.raises(RuntimeError, match="refresh_ext_apps.sh"):
        page.client_script()


def test_the_screenshot_in_the_readme_shows_each_card_whole_on_its_own_host_background() -> None:
    shot = ROOT / "docs" / "app.png"
    width, height = struct.unpack(">II", shot.read_bytes()[16:24])
    picture = decode_rgb(shot, width, height)[0].astype(int)
    light, dark = (0xEC, 0xEE, 0xF2), (0x0B, 0x0C, 0x0F)
    top = [tuple(pixel) for pixel in picture[4]]
    split = top.index(dark)  # where the dark host begins
    assert set(top[:split]) == {light} and set(top[split:]) == {dark}
    # Down the last column of the light half and the first of the dark one, only background: no card crosses.
    assert {tuple(p) for p in picture[:, split - 1]} == {light} and {tuple(p) for p in picture[:, split]} == {dark}
