"""The router: utterance -> action, as a user would expect, in English and Chinese."""

from __future__ import annotations

import pytest

from nemovideo.conversation.router import route

TABLE = [
    # English
    ("export", "export"),
    ("Export!", "export"),
    ("please export it now", "export"),
    ("EXPORT THE VIDEO", "export"),
    ("download", "export"),
    ("send me the video", "export"),
    ("Send me the video please.", "export"),
    ("give me the mp4", "export"),
    ("export as mp4", "export"),
    ("render it", "export"),
    ("don't export yet", "chat"),
    ("do not export it, add music first", "chat"),
    ("add a title that says export now", "chat"),
    ("make the download button text red", "chat"),
    ("credits", "credits"),
    ("how many credits do I have?", "credits"),
    ("What's my balance？", "credits"),
    ("check my balance", "credits"),
    ("add end credits at the end", "chat"),
    ("roll the credits over the last scene", "chat"),
    ("status", "state"),
    ("show tracks", "state"),
    ("show the timeline", "state"),
    ("what's in the timeline?", "state"),
    ("add a status bar overlay", "chat"),
    ("upload", "upload"),
    ("generate a 30-second promotional video from my product description: a smart mug", "chat"),
    ("add lo-fi background music at 35%", "chat"),
    ("make it vertical", "chat"),
    ("make it and send it to me", "chat"),
    ("请 export", "export"),
    ("帮我export一下", "export"),
    # Chinese
    ("导出", "export"),
    ("导出！", "export"),
    ("请帮我导出一下", "export"),
    ("把视频发给我", "export"),
    ("下载", "export"),
    ("导出视频", "export"),
    ("先别导出", "chat"),
    ("不要导出，先加音乐", "chat"),
    ("暂时不导出，再改改标题", "chat"),
    ("在结尾加一句“立即导出”", "chat"),
    ("积分", "credits"),
    ("余额", "credits"),
    ("余额还有多少？", "credits"),
    ("我还有多少积分", "credits"),
    ("查看积分", "credits"),
    ("还剩多少积分", "credits"),
    ("在片尾加上积分规则的说明", "chat"),
    ("状态", "state"),
    ("查看轨道", "state"),
    ("时间线", "state"),
    ("现在视频里有什么", "state"),
    ("上传", "upload"),
    ("加一段背景音乐，音量35%", "chat"),
    ("把标题改成“城市之梦”", "chat"),
    ("做成竖屏", "chat"),
    ("生成一个30秒的宣传视频：一款智能保温杯", "chat"),
    ("做好后直接发给我", "chat"),
    ("把状态栏的文字改成白色", "chat"),
    ("给视频加上下载二维码的提示", "chat"),
    ("撤销", "chat"),
]


@pytest.mark.parametrize(("utterance", "action"), TABLE)
def test_router_table(utterance: str, action: str) -> None:
    assert route(utterance).action == action, route(utterance)


def test_table_is_big_and_half_chinese() -> None:
    chinese = [u for u, _ in TABLE if any("\u4e00" <= c <= "\u9fff" for c in u)]
    assert len(TABLE) >= 60 and len(chinese) >= len(TABLE) / 2 - 2


def test_result_names_the_rule() -> None:
    assert route("余额还有多少?").rule == "credits:zh"
    assert route("don't export yet").rule == "chat:negated-export"
    assert route("make it vertical").rule == "chat:default"


def test_attachments_are_uploaded_and_an_instruction_then_goes_to_chat() -> None:
    only = route("", attachments=1)
    assert (only.action, only.then_chat) == ("upload", False)
    assert not route("upload these", attachments=2).then_chat
    with_instruction = route("use this as the background music", attachments=1)
    assert (with_instruction.action, with_instruction.then_chat) == ("upload", True)
    assert with_instruction.rule == "upload:attachments+instruction"
    assert route("用这个做背景音乐", attachments=1).then_chat


def test_links_are_uploads() -> None:
    decision = route("upload https://example.com/clip.mp4")
    assert decision.action == "upload" and decision.urls == ["https://example.com/clip.mp4"]
    assert not decision.then_chat
    assert route("https://example.com/a.png").action == "upload"


def test_asking_for_the_finished_video_inside_a_request_is_remembered() -> None:
    assert route("make a 10 second video about tea and send it to me").wants_video
    assert route("生成一个宣传视频，做好后直接发给我").wants_video
    assert not route("add music").wants_video
