"""Regenerate the three contact sheets in docs/sheets/ through the local backend, as a user would (not a test).

    .venv/bin/python scripts/contact_sheets.py            # writes docs/sheets/{promo-en,promo-zh,reel-uploads}.png

Each sheet is made from a fresh project: a chat turn (the local editing agent writes the storyboard), then an
export; the export's contact sheet is copied to docs/sheets/. The reel's uploads are pictures made here with
ffmpeg: a portrait photo, a square logo with transparency, a landscape picture and a short GIF.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHEETS = ROOT / "docs" / "sheets"
PROMPTS = {
    "promo-en": ("Generate a 20-second promotional video for Aqua Smart, a smart water bottle that glows when it's "
                 "time to drink, tracks every sip in an app and keeps water cold for 24 hours. Launch price $39 🎉",
                 []),
    "promo-zh": ("为“云朵咖啡”生成一个20秒的宣传视频：每天新鲜烘焙的精品咖啡，手冲和冷萃都有，"
                 "每位顾客首次到店可享受八折优惠，地址在人民路88号 ☕", []),
    "reel-uploads": ("make a 15-second vertical reel from my uploads for our bakery's opening weekend 🥐",
                     ["portrait.jpg", "logo.png", "street.jpg", "sparkle.gif"]),
}


def make_uploads(folder: Path) -> None:
    """Pictures of other shapes than the reel: what a user's phone and design folder hold."""
    from nemovideo.local.probe import ffmpeg_exe

    made = {
        "portrait.jpg": ["-f", "lavfi", "-i", "mandelbrot=s=1200x1600:end_pts=1", "-frames:v", "1", "-q:v", "3"],
        "logo.png": ["-f", "lavfi", "-i", "color=c=0xB45309:s=600x600,format=rgba,geq=r='r(X,Y)':g='g(X,Y)':"
                     "b='b(X,Y)':a='if(lt(hypot(X-300\\,Y-300)\\,280)\\,255\\,0)'", "-frames:v", "1"],
        "street.jpg": ["-f", "lavfi", "-i", "gradients=s=1920x1080:c0=0xFDE68A:c1=0xF472B6:n=2:speed=0:seed=3,"
                       "noise=alls=20", "-frames:v", "1", "-q:v", "3"],
        "sparkle.gif": ["-f", "lavfi", "-i", "testsrc2=s=480x360:r=10:d=0.8", "-vf",
                        "split[a][b];[a]palettegen[p];[b][p]paletteuse"],
    }
    for name, args in made.items():
        subprocess.run([ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y", *args, str(folder / name)],
                       check=True)


async def one(name: str, prompt: str, uploads: list[Path], work: Path) -> Path:
    """A fresh project: upload, one chat turn, export; the export's contact sheet."""
    from nemovideo.runtime import open_runtime

    env = {"HOME": str(work), "NEMO_DATA_DIR": str(work / "data"), "NEMO_RENDER_CACHE": str(work / "cache")}
    async with open_runtime(env, local=True, downloads=work / "videos") as runtime:
        conversation = runtime.conversation
        await conversation.new_project("zh-CN" if name.endswith("zh") else "en")
        made = await conversation.handle(prompt, [str(p) for p in uploads], wait=300)
        if made.status != "completed":
            raise SystemExit(f"{name}: {made.text}")
        exported = await conversation.export(work / "videos" / f"{name}.mp4", wait=600)
        if exported.status != "completed" or not exported.contact_sheet_path:
            raise SystemExit(f"{name}: {exported.text}")
        print(f"{name}: {made.text.splitlines()[0]}\n  {exported.text.splitlines()[0]}")
        return Path(exported.contact_sheet_path)


def main() -> int:
    SHEETS.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="nemovideo-sheets-") as tmp:
        work = Path(tmp)
        make_uploads(work)
        for name, (prompt, files) in PROMPTS.items():
            sheet = asyncio.run(one(name, prompt, [work / f for f in files], work / name))
            shutil.copyfile(sheet, SHEETS / f"{name}.png")
            print(f"  -> {(SHEETS / f'{name}.png').relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("NEMO_LOCAL_PRICE_GENERATE", "0")
    sys.exit(main())
