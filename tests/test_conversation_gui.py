"""GUI-speak translation: every row of the table, English and Chinese; content kept."""

from __future__ import annotations

import pytest

from nemovideo.conversation.gui import translate

ROWS = [
    ("Added a lo-fi track at 35%. Click the Export button to download.", "Added a lo-fi track at 35%.", "export"),
    ("已添加背景音乐。点击导出按钮即可下载。", "已添加背景音乐。", "export"),
    ("已为视频添加标题“城市之梦”，点击导出按钮即可下载。", "已为视频添加标题“城市之梦”。", "export"),
    ("Done! You can preview it in the timeline.", "Done!", "summary"),
    ("完成！你可以在时间线中预览效果。", "完成！", "summary"),
    ("Uploaded. Open the Media panel to see your files.", "Uploaded.", "state"),
    ("上传成功。打开素材面板查看文件。", "上传成功。", "state"),
    ("Drag the clip to the start of the timeline to reorder it.", "", "edit"),
    ("请拖拽片段调整顺序。", "", "edit"),
    ("You are low on credits. Please check your account billing.", "You are low on credits.", "credits"),
    ("积分不足。请前往账户充值。", "积分不足。", "credits"),
    ("Title added. Click the Apply button to confirm.", "Title added.", "state"),
    ("标题已添加，点击确认按钮保存。", "标题已添加。", "state"),
]


@pytest.mark.parametrize(("backend", "shown", "follow_up"), ROWS)
def test_gui_instruction_removed_content_kept(backend: str, shown: str, follow_up: str) -> None:
    result = translate(backend)
    assert result.text == shown
    assert result.follow_ups == [follow_up]
    assert result.removed


def test_plain_text_is_untouched() -> None:
    for text in ("The video is 30 seconds long with 4 scenes.", "视频共30秒，包含4个场景。", "Exported files: none"):
        assert translate(text).text == text and translate(text).follow_ups == []


def test_mixed_reply_keeps_every_content_sentence() -> None:
    result = translate("Added a lo-fi track at 35%. Click the Export button to download. 已添加背景音乐。")
    assert result.text == "Added a lo-fi track at 35%. 已添加背景音乐。"


def test_several_instructions_give_several_follow_ups_in_order() -> None:
    result = translate("请拖拽片段调整顺序，然后点击导出。")
    assert result.text == "" and result.follow_ups == ["edit", "export"]


def test_dots_inside_names_and_numbers_do_not_split_sentences() -> None:
    result = translate("Using song.mp3 at 3.5 dB. Click the Export button.")
    assert result.text == "Using song.mp3 at 3.5 dB." and result.follow_ups == ["export"]
