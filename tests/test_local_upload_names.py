"""Uploads whose names are not ASCII keep their names, through the real client and the local backend."""

from __future__ import annotations

import subprocess
from pathlib import Path

from nemovideo.local.probe import ffmpeg_exe
from nemovideo.runtime import open_runtime


async def test_chinese_and_accented_file_names_upload(tmp_path: Path) -> None:
    folder = tmp_path / "dir with space"
    folder.mkdir()
    names = ["my pic 图.png", "café.png"]
    for name in names:
        subprocess.run([ffmpeg_exe(), "-v", "error", "-f", "lavfi", "-i", "color=c=blue:s=64x64", "-frames:v", "1",
                        str(folder / name)], check=True)
    env = {"HOME": str(tmp_path), "NEMO_DATA_DIR": str(tmp_path / "data")}
    async with open_runtime(env, local=True) as runtime:
        await runtime.conversation.connect()
        reply = await runtime.conversation.upload([str(folder / n) for n in names])
    assert reply.status == "completed", reply.text
    assert reply.uploads == names
