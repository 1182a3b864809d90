"""Scene lines for short prompts, by kind of video and language: the subject, benefits, details, a closing line.

"a video about hiking" says one thing; a video has several scenes. The first scene shows the subject in the
prompt's own words; the others take a benefit and a detail in turn from the kind's lines, so no two scenes
say the same thing. Every line is a headline as the storyboard writes them (a short claim, no trailing
article or preposition).
"""

from __future__ import annotations

from dataclasses import dataclass

from nemovideo.language import Language


@dataclass(frozen=True)
class Lines:
    """One kind of video in one language: ways to show the subject ({subject}), benefits, details, a closing line."""

    subject: tuple[str, ...]
    benefits: tuple[str, ...]
    details: tuple[str, ...]
    cta: str


LIBRARY: dict[str, dict[Language, Lines]] = {
    "product": {
        "en": Lines(("{subject}, made with care", "Meet {subject}"),
                    ("Built for every day", "Designed around you", "Quality you can feel", "Made to last"),
                    ("Every detail considered", "Small touches, big difference", "See it up close",
                     "Crafted with care"),
                    "Get yours today"),
        "zh": Lines(("{subject}，用心打造", "认识{subject}"),
                    ("品质看得见", "贴心设计", "每天都好用", "经久耐用"),
                    ("每个细节都用心", "小细节，大不同", "近看更精致", "匠心制作"),
                    "立即选购"),
    },
    "food": {
        "en": Lines(("{subject}, made fresh", "Say hello to {subject}"),
                    ("Flavour in every bite", "Fresh ingredients, every day", "Made from scratch",
                     "Comfort on a plate"),
                    ("Cooked to order", "A recipe worth sharing", "Simple, honest food", "Best enjoyed together"),
                    "Come taste it today"),
        "zh": Lines(("{subject}，新鲜现做", "来一份{subject}"),
                    ("每一口都是享受", "新鲜食材，每天现做", "正宗好味道", "满满的幸福感"),
                    ("现点现做", "家的味道", "简单又用心", "约上朋友一起吃"),
                    "快来尝尝吧"),
    },
    "place": {
        "en": Lines(("Discover {subject}", "{subject}, up close"),
                    ("Worth the trip", "A place to slow down", "Room to breathe", "Views you will remember"),
                    ("Every corner has a story", "Best at golden hour", "Hidden spots to find", "Made for wandering"),
                    "Plan your visit today"),
        "zh": Lines(("{subject}，等你来", "走进{subject}"),
                    ("值得专程前往", "慢下来，好好看看", "一步一风景", "放松身心的好去处"),
                    ("每个角落都有故事", "黄昏时最美", "等你来发现", "适合慢慢逛"),
                    "欢迎前来打卡"),
    },
    "event": {
        "en": Lines(("Save the date: {subject}", "You're invited: {subject}"),
                    ("Good people, great moments", "Something for everyone", "A day to remember",
                     "Music, food and friends"),
                    ("Bring your friends", "Moments worth sharing", "Don't miss out", "Everyone is welcome"),
                    "Save your spot today"),
        "zh": Lines(("{subject}，诚邀你来", "{subject}，就等你了"),
                    ("精彩不容错过", "欢聚一堂", "好玩又难忘", "人人都能参加"),
                    ("带上朋友一起来", "值得记住的一天", "现场更精彩", "我们等你来"),
                    "记得准时参加"),
    },
    "person": {
        "en": Lines(("Meet {subject}", "Say hello to {subject}"),
                    ("A story worth telling", "Passion in every step", "Driven by curiosity", "Always learning"),
                    ("Behind the scenes", "The little moments", "Work that speaks", "Told in pictures"),
                    "Follow the story"),
        "zh": Lines(("认识一下{subject}", "这就是{subject}"),
                    ("每个故事都值得讲述", "热爱写在每一步", "保持好奇", "一直在路上"),
                    ("幕后的样子", "那些小瞬间", "用作品说话", "一张张照片里的故事"),
                    "关注我，了解更多"),
    },
    "app": {
        "en": Lines(("{subject}, made simple", "Meet {subject}"),
                    ("Everything in one place", "Simple from the first tap", "Save time every day",
                     "Works wherever you go"),
                    ("Clean, fast and easy", "Built for busy days", "Set up in minutes", "Made for your phone"),
                    "Download it today"),
        "zh": Lines(("{subject}，一键搞定", "认识{subject}"),
                    ("一个应用全搞定", "轻点即可开始", "每天节省时间", "随时随地可用"),
                    ("简单、快速、好用", "几分钟就能上手", "为忙碌的你设计", "界面清爽简洁"),
                    "立即下载体验"),
    },
    # Uploads with no words, and topics of no particular kind ("a video about my dog").
    "moments": {
        "en": Lines(("{subject}", "All about {subject}"),
                    ("Moments worth sharing", "Good times, good people", "Little things, big smiles",
                     "Worth a closer look"),
                    ("Captured as it happened", "One frame at a time", "Just as we remember it", "More to come"),
                    "Follow for more"),
        "zh": Lines(("{subject}", "关于{subject}"),
                    ("值得分享的瞬间", "美好时光", "记录每个笑容", "值得细细品味"),
                    ("定格此刻", "一帧一帧的回忆", "就是这样的我们", "还有更多精彩"),
                    "关注我，看更多"),
    },
}


def lines_for(kind: str, lang: Language) -> Lines:
    """The lines of a kind of video in a language (the general ones for an unknown kind)."""
    return LIBRARY.get(kind, LIBRARY["moments"])[lang]


def filler(kind: str, lang: Language, count: int) -> list[str]:
    """`count` lines that are not the subject: a benefit, a detail, a benefit, ... (repeating past the library)."""
    lines = lines_for(kind, lang)
    pairs = [line for pair in zip(lines.benefits, lines.details, strict=True) for line in pair]
    return [pairs[index % len(pairs)] for index in range(count)]
