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
    # Help, answered by the tool itself
    ("help", "help"),
    ("what can you do?", "help"),
    ("你能做什么", "help"),
    ("怎么用", "help"),
    ("add the phrase \"help is on the way\"", "chat"),
    ("加一段关于帮助中心的介绍", "chat"),
    # Longer and looser ways of asking, and what looks like them but is an edit
    ("looks good, export it", "export"),
    ("好了，导出吧", "export"),
    ("I'm happy with it, could you send me the final video?", "export"),
    ("Before I generate another clip, how many credits do I still have?", "credits"),
    ("帮我看看现在账户里还剩多少积分", "credits"),
    ("现在视频里有背景音乐吗", "state"),
    ("how long is the video now?", "state"),
    ("looks good, but make the title bigger", "chat"),
    ("make a video about the export industry", "chat"),
    ("做一个关于积分商城的视频", "chat"),
    ("make the credits roll slower", "chat"),
    # Typos of keywords are read; ordinary words near a keyword are not typos
    ("exprot the video pls", "export"),
    ("check balence", "credits"),
    ("staus", "state"),
    ("hlep", "help"),
    ("add a shot of the Statue of Liberty", "chat"),
    ("make it look like an expert edited it", "chat"),
    # Traditional characters, full-width letters, emoji
    ("幫我匯出影片", "export"),
    ("積分還剩多少", "credits"),
    ("ＳＴＡＴＵＳ 👀", "state"),
    ("可以了，麻烦帮我导出成mp4", "export"),
    ("我刚才生成了好几个视频，积分还够吗", "credits"),
    ("我改了好几次，帮我看看时间线", "state"),
    ("时间线上都有啥", "state"),
    ("不错，不过把音乐换掉", "chat"),
    ("把状态栏改成红色", "chat"),
    ("还没好，别发给我", "chat"),
    ("改成竖屏后导出", "chat"),
    ("先别export", "chat"),
    ("查下balance", "credits"),
    ("help一下，你能做什么", "help"),
    # Forms learned from the training files (variants, not their sentences)
    ("积分还剩多少？我下周还要再做三个", "credits"),
    ("我的点数还够再做一条吗", "credits"),
    ("can I make two more videos with my credits?", "credits"),
    ("再做一个竖屏的", "chat"),
    ("make another one, but square", "chat"),
    ("能加背景音乐吗？你们都有哪些功能", "help"),
    ("能加背景音乐吗", "chat"),
    ("我们公司想用这个做招聘视频，能介绍一下有什么功能吗", "help"),
    ("用这个做一个招聘视频", "chat"),
    ("视频里放了哪几段素材？", "state"),
    ("has the export finished yet?", "state"),
    ("渲染完了没有", "state"),
    ("output the final mp4", "export"),
    ("render a spinning logo for the intro", "chat"),
    ("先莫导出，我还要改", "chat"),
    ("show our school's timeline as captions", "chat"),
    ("louder music + export", "chat"),
    ("thanks so much for all your help!", "chat"),
    ("what file formats can I upload?", "help"),
    ("I'd like to upload my own voice track", "upload"),
    ("let me upload some b-roll", "upload"),
    ("give me the final file, I'm posting it on my TikTok tonight", "export"),
    ("这个要扣多少点数", "credits"),
    ("导出一个高清版要花几个积分", "credits"),
    ("does adding music cost credits?", "credits"),
    ("what's the font on the title right now?", "state"),
    ("what should the title say now?", "chat"),
    ("视频里有没有加字幕", "state"),
    ("一般短视频多长比较合适", "chat"),
    ("把结尾缩短一点然后导出", "chat"),
    ("add a title, then render it and send it over", "chat"),
    ("我把几张门店照片传上来", "upload"),
    ("I'm sending you a few photos of the shop", "upload"),
    ("ugh, start over", "chat"),
    ("你識做啲咩", "help"),
    ("what's the max length you can make?", "help"),
    ("唔使再改，幫我導出", "export"),
    ("🔇 the music, then export", "chat"),
    ("你觉得片头的字体合适吗", "chat"),
    ("do you think the timeline flows well?", "chat"),
    ("片尾加一行字：扫码下载", "chat"),
    ("the timeline of our trip feels rushed, start with the beach", "chat"),
    ("用我刚上传的照片做开头", "chat"),
    ("这是今天拍的照片，你收一下", "upload"),
    ("I'd like to upload a clip of the bakery", "upload"),
    ("能导入mov格式的视频吗", "help"),
    ("字幕加上去了没有", "state"),
    ("上次改完之后现在有几段", "state"),
    ("今天做了三条视频，帮我看看积分还够不够", "credits"),
    ("刚才做完那个视频扣了多少点数", "credits"),
    ("这个月的配额还剩多少", "credits"),
    ("成片可以发我了吗", "export"),
    ("唔使再改喇，俾我条片", "export"),
    ("my boss set up this account, how much do I have left?", "credits"),
    ("am I out of points? the last render felt slow", "credits"),
    ("tbh it slaps, drop the mp4", "export"),
    ("can you run the export now?", "export"),
    ("could you list which texts are on screen right now?", "state"),
    ("explain what this can do and how I should start", "help"),
    ("if I give you photos of my shop, how does the whole thing work?", "help"),
    ("I want video for my cafe with warm colours", "chat"),
    ("Could you make subtitles in Spanish and then give me the download?", "chat"),
    ("the wedding edit looks amazing, export it", "export"),
    ("点数够不够再做一条开业宣传片", "credits"),
    ("is the render of my travel video done yet?", "state"),
    ("请问我该从哪一步开始", "help"),
    ("show the club's founding years as a timeline", "chat"),
    ("标题有错别字，改完导出给我", "chat"),
    ("加上字幕：周末特价，然后把成片发我", "chat"),
    ("send me the mp4, I'll put it on our company page", "export"),
    ("我刚上传的视频放进去了吗", "state"),
    ("upload a few of my b-roll clips", "upload"),
    ("幫我整段10秒嘅片，整好就导出", "chat"),
    ("add the team's timeline as captions: 2019 founded, 2024 export to Japan", "chat"),
    ("适合咖啡店的字体是哪种", "chat"),
    ("what music would suit a bakery?", "chat"),
    ("I want the end credits to read 'Shot by Leo'", "chat"),
    ("积分兑换那个画面再停久一点", "chat"),
    ("keep the group photo for the end", "chat"),
    ("片搞掂未呀？俾我download啦", "export"),
    ("render it in sepia", "chat"),
    ("把导出的格式改成竖屏", "chat"),
]


@pytest.mark.parametrize(("utterance", "action"), TABLE)
def test_router_table(utterance: str, action: str) -> None:
    assert route(utterance).action == action, route(utterance)


def test_table_is_big_and_half_chinese() -> None:
    chinese = [u for u, _ in TABLE if any("\u4e00" <= c <= "\u9fff" for c in u)]
    assert len(TABLE) >= 60 and len(chinese) >= len(TABLE) / 2 - 2


def test_result_names_the_rule() -> None:
    assert route("余额还有多少?").rule == "credits:zh"
    assert route("what can you do?").rule == "help:en"
    assert route("don't export yet").rule == "chat:negated-export"
    assert route("make it vertical").rule == "chat:default"
    assert route("add music and export it").rule == "chat:export-requested"
    assert route("add end credits").rule == "chat:default"
    assert route("show the credits at the end").rule == "chat:content"
    assert route("show the timeline and my balance").rule == "chat:conflict"


def test_the_decision_carries_its_score_and_evidence() -> None:
    decision = route("hey, how many credits do I have left?")
    assert decision.score >= 2 and ("credits:keyword:credits", 2.0) in decision.evidence
    assert ("info:question:how many", 1.0) in decision.evidence
    typo = route("exprot it")
    assert typo.action == "export" and ("neutral:typo:exprot=export", 0.0) in typo.evidence
    edit = route("add end credits with the cast names")
    assert edit.action == "chat" and ("against:edit:add", -4.0) in edit.evidence
    assert ("credits:content-noun:end credits", 0.0) in edit.evidence
    approval = route("looks good, export it")
    assert ("neutral:approval:looks good", 0.0) in approval.evidence


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
    assert route("add music and export it").wants_video and route("加上音乐然后导出").wants_video
    assert route("can you export it after adding music?").wants_video
    assert not route("add music").wants_video
    assert not route("don't export yet, change the music first").wants_video
