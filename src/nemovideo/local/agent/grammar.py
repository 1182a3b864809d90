"""The editing agent's phrase grammar: every word list and pattern it understands, English and Chinese.

Patterns run on a normalised message: quoted text is masked as «0», «1», ...; English is lower-cased;
Chinese numerals next to a unit or an ordinal are digits (第三个 -> 第3个, 十五秒 -> 15秒, 百分之三十 -> 30%).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nemovideo.language import EN_NUMBER_PATTERN, ZH_NUMBER_PATTERN


@dataclass(frozen=True)
class Theme:
    """A colour theme a description's words can call for."""

    name: str
    words: str
    colors: tuple[str, ...]
    text: str
    accent: str
    en: str
    zh: str


@dataclass(frozen=True)
class TextLook:
    """Default look of one kind of text."""

    size: int
    color: str
    position: str
    weight: str


def one_of(*alternatives: str) -> str:
    """A non-capturing alternation."""
    return "(?:" + "|".join(alternatives) + ")"


# Numbers and units -----------------------------------------------------------------------------------

NUM = r"(?<![\d.])(\d+(?:\.\d+)?)"  # the whole number: a long run of digits is not tried from every digit
SEC = one_of(r"s\b", r"secs?\b", r"seconds?\b", "秒钟", "秒")
MIN = one_of(r"mins?\b", r"minutes?\b", "分钟")
SECONDS = re.compile(NUM + r"\s*-?\s*" + SEC)
MINUTES = re.compile(NUM + r"\s*-?\s*" + MIN)
HALF_MINUTE = re.compile(r"half a minute|半分钟")
A_MINUTE = re.compile(r"\ba minute\b")
# "a minute and a half", "2 and a half minutes", 一分半, 一分钟半 (the longest reading at a place wins).
MINUTE_AND_HALF = re.compile(
    r"\b(?:a|one)\s+(?:minute and a half|and a half minutes?)\b|" + NUM + r"\s+and a half minutes?\b|"
    + NUM + r"\s*(?:分钟半|分半钟?)"
)
PERCENT = re.compile(NUM + r"\s*(?:%|percent\b|％)")
# Chinese numerals next to a unit, an ordinal or a verb become digits (第三个 -> 第3个, 十五秒 -> 15秒).
ZH_DIGIT = ZH_NUMBER_PATTERN.removesuffix("+")  # one numeral character: a run is read from its start only
CN_NUMBER = re.compile(
    rf"(?<=[第前后到至为成和与场景镜头是调之])({ZH_NUMBER_PATTERN})(?!半|点|些|下|会|样)|(?<!{ZH_DIGIT})({ZH_NUMBER_PATTERN})(?=秒|分钟|分半|个|张|段|号|倍|%"
    rf"|场景|镜头|和|到|至)"
)
CN_PERCENT = re.compile(rf"百分之\s*(\d+(?:\.\d+)?|{ZH_NUMBER_PATTERN})")
# English number words before a unit become digits ("fifteen seconds" -> "15 seconds").
EN_NUMBER = re.compile(rf"({EN_NUMBER_PATTERN})(?=[\s-]*(?:seconds?|secs?|minutes?|mins?|percent|%))")
EN_SCENE_NUMBER = re.compile(rf"\b((?:scenes?|clips?|shots?|slides?|position)\s+)({EN_NUMBER_PATTERN})\b")
ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "last": -1, "final": -1, "opening": 1, "closing": -1,
}

# Requests that start over ----------------------------------------------------------------------------

UNDO = re.compile(
    r"^\W*(?:please\s+)?(?:undo|revert|roll ?back|go back|take (?:that|it) back)\b"
    r"|\bundo (?:that|it|the last|my last)\b|撤销|撤回|回退|返回上一步|恢复上一步|取消(?:刚才|上一步|上次)"
)
# Requests for a new video ------------------------------------------------------------------------------
# The kinds of video people ask for, and the verbs they ask with. On an empty project naming a kind of
# video is enough; on a project with something in it a verb must ask for a new one ("make a reel ...").
VIDEO_NOUN = (
    r"\b(?:videos?|vids?|promos?|promotional(?: videos?)?|slide ?shows?|reels?|ads?|adverts?|advertisements?"
    r"|commercials?|explainers?|tutorials?|recaps?|walkthroughs?|showreels?"
    r"|movies?|films?|trailers?|teasers?|montages?|vlogs?|tiktoks?|youtube shorts?|shorts"
    r"|(?:instagram|insta|ig|facebook|snapchat) (?:story|stories|posts?|reels?))\b"
)
VIDEO_NOUN_ZH = (
    "(?:宣传视频|推广视频|短视频|小视频|视频(?!号)|宣传片|短片|幻灯片|影片|短影音|广告|片子|vlog|相册|一条片)"
)
GENERATE_VERB = (
    r"\b(?:generate|create|make|produce|build|put together|render|cut|edit|compile|stitch|combine|turn|need|want"
    r"|get|do|whip up)\b"
)
# A clip is a kind of video only when asked for with a verb ("create a 10s clip"): "add this clip" is an upload.
GENERATE_EN = re.compile(
    GENERATE_VERB + r"(?!\s+(?:the|it|its|this|that|my|our|your|his|her|their|these|those)\b)[\w\s,'’&:-]{0,60}?(?:"
    + VIDEO_NOUN + r"|\bclips?\b)"
    + r"|\bturn\b(?!\s+(?:it|this|that)\b|\s+(?:the|my|our|this|that)\s+(?:whole\s+)?(?:video|project|film|movie)\b)"
    + r".{0,40}?\binto\s+(?:a|an)?\s*[\w\s-]{0,30}?\b(?:video|promo|slideshow|reel|movie|clip|vlog)\b"
)
GENERATE_ZH = re.compile(
    r"(?:生成|制作|做(?!成竖|成横|成方)|创建|创作|剪辑?|拼|弄|(?<![导输发])出|来|要|想要)(?:\d*个|\d*段|\d*部|\d*支|\d*条|一下)?"
    r"[^，。,.!?！？把将]{0,20}?" + VIDEO_NOUN_ZH + r"|(?:做|搞)(?:个|一个|一下|点)?(?:宣传|推广)"
)
# Words that mean the "make ... video" is about an edit, not a new video.
NOT_GENERATE = re.compile(
    r"\b(?:title|text|caption|subtitle|music|song|bgm|scene|volume|louder|quieter|version)s?\b|标题|文字|字幕|音乐|场景|音量"
    r"|版本"
)
# On a project that has scenes, a request replaces it only when it asks for a new video: "make a promo",
# "create another video", 生成……视频, 做一个……视频 (not "do something about my video", 我要视频竖屏).
NEW_VIDEO = re.compile(
    r"\b(?:a|an|one|another|new|fresh|second|separate)\b|\d|生成|制作|创建|创作|新|另|再|[一两\d]?[个条段支部]"
)
# A request names the uploads it is made from ("these", "my uploads", 素材, 这两张照片).
UPLOAD_WORDS = re.compile(
    r"\b(?:these|those|them|both|everything|all of (?:it|them)|my uploads?|the uploads?|what i (?:uploaded|sent)"
    r"|(?:my|the|these|those|both|two|three|four|\d+)\s+(?:\w+\s+)?(?:clips?|photos?|pics?|pictures?|images?|files?"
    r"|footage|uploads?|gif)|the gif"
    r"|(?<![a-z0-9_-])[a-z0-9_-]+\.(?:mp4|mov|jpe?g|png|gif|webp|mp3|wav|m4a))(?![a-z0-9])"
    r"|素材|上传|我传|我发|这俩|这两|这几|这些|两段|两张|两个视频|照片|图片|自拍|动图|视频和|这段|那段|这张|那张|这条|那条"
    r"|我拍的|我录的"
)
ORDER_WORDS = re.compile(r"\bkeep (?:the|that|this) order\b|\bin (?:that|this|the same) order\b|按顺序|按.{0,4}顺序")
FILLER = re.compile(
    r"^(?:hey|hi|hello|ok|okay|please|pls|plz|thanks|thank you|thx|lol|cheers|so|and|also|just|"
    r"嗨|你好|谢谢|麻烦了|拜托|好的|吧|呀)?$"
)
# Words around a length that say nothing more ("keep it to 10 seconds", "20秒左右").
LENGTH_FILLER = re.compile(
    r"\b(?:keep|make|it|to|about|around|long|please|max|only|under|just|is|fine|enough|ok|okay)\b|左右|以内|大概|做成|的|长"
    r"|就好|就行|就够了?|即可|就可以|足够|最多|上下|差不多|大约|吧"
)
# Where a request says what the video is about.
# What a request may say its video is about that names nothing ("a promo for my product: ...").
GENERIC_TOPIC = re.compile(
    r"(?:(?:my|our|the|a|an|this|new)\s+)*(?:products?|business|company|brand|shop|store|services?|description"
    r"|events?|stuff|thing|it|this)|(?:我们|我|我的|我们的)?(?:产品|公司|品牌|店|生意|活动)"
)
# A description clause that opens with what it shows ("showing off pottery"): the rest is the subject.
SHOWING = re.compile(r"^(?:showing off|showing|show off|showcasing|featuring|introducing|highlighting|about)\s+", re.I)
# Music that is part of what a description tells ("there will be live music"), not music asked for.
TOLD_MUSIC = re.compile(r"\blive (?:music|band)\b|\bmusic festival\b|音乐节|现场音乐|乐队演出")
TOPIC_MARKER = re.compile(
    r"\b(?:about|on|of|for|showing(?: off)?|featuring|introducing|announcing|covering|promoting|highlighting)\s+"
)
TOPIC_MARKER_ZH = re.compile(r"^(?:关于|介绍一下|介绍|讲讲|讲一讲|讲|展示一下|展示|主题是|主题为|内容是|宣传)")
# Words of a request that never become words on screen.
REQUEST_WORDS_EN = re.compile(
    r"\b(?:can|could|would|will) you\b|\bplease\b|\bpls\b|\bfor me\b|\bme\b|\bi (?:want|need|would like)\b"
    r"|\bwe need\b|\b(?:a|an|one|some|short|quick|little|nice|new|simple|cool|fun)\b"
)
REQUEST_WORDS_ZH_LEAD = re.compile(
    r"^(?:帮我|帮忙|麻烦|请|给我|我想|我要|想要|需要|要|重新|再|另外|来一个|来个|来一条|来一段|生成|制作|做一个|做个|做一条|做"
    r"|弄个|弄一个|剪一个|剪个|剪|拼成|拼|出一条|一个|一段|一条|一支|个|的|" + VIDEO_NOUN_ZH + r")+"
)
# 手机壳做个宣传视频, 大理的旅行视频: the asking words and the kind of video after a topic.
REQUEST_WORDS_ZH_TAIL = re.compile(
    r"(?:(?:做|生成|制作|拍|剪|弄)(?:一个|一条|一段|一支|个|条|段|支)?)?"
    r"(?:的?(?:宣传|推广|介绍|旅行|旅游)?" + VIDEO_NOUN_ZH + r"|的|吧|呀|啊|了|要用|用的|左右|一下)+$"
)
# A name in the request's own words: "for Glowbar", "for my shop Thread & Needle", 帮小鹿瑜伽做, 关于绿野农场：
NAME = r"([A-Z][\w'’&.-]*(?:\s+(?:&|and|of|the|[A-Z][\w'’&.-]*))*)"
HEAD_BRAND = re.compile(r"\bfor\s+(?:(?:my|our)\s+(?:[a-z]+\s+){0,2}|the\s+)?" + NAME)
LATIN_NAME = r"[A-Za-z0-9][\w'’&.-]*(?:\s+[A-Za-z0-9&][\w'’&.-]*){0,3}"
HEAD_BRAND_ZH = re.compile(r"(?:帮|给|为)\s*(" + LATIN_NAME + r"|[^\s，,。:：!！?？]{2,10}?)\s*(?:做|生成|制作|拍|剪)")
# 宣传片，关于绿野农场：… (a name before a colon); 介绍一下我们的民宿 is no name.
HEAD_ABOUT = re.compile(r"(?:关于|介绍(?:一下)?)(?![我咱自一这那])([^\s，,。:：]{2,10})$")
# Words that only point back at something ("a promo for it", "about this"): no topic, no name.
POINTER = re.compile(r"^(?:it|that|this|these|those|them|me|us|him|her)$")
NOT_A_NAME = re.compile(
    r"^(?:tiktok|instagram|insta|youtube|facebook|snapchat|stories|reels?|shorts?|it|that|this|me|us|my|our)\b"
    r"|^(?:我|你|他|她|它|咱|这|那)"
)
LEADING_NAME_ZH = re.compile(
    r"^(?![我你他她它咱这那])(" + LATIN_NAME + r"(?=\s*[是为])|[^，。,:：\s“”]{2,8}?)\s*"
    r"(?:是|为|提供|主打|只卖|专注|专做|位于|开在|坐落|——|，|,|:|：)"
)
# Names a description introduces: "I run Little Lantern", "a shop called X", 我们是一点点手作, 叫喵星人咖啡.
INTRODUCED_NAME = re.compile(
    r"\b(?:[Ii]|[Ww]e)\s+(?:run|own|opened|started|manage)\s+" + NAME + r"|\b(?:called|named)\s+" + NAME
    + r"|\b[Mm]y name is\s+" + NAME
    + r"|\b(?:[Ii]ntroducing|[Mm]eet|[Pp]resenting)\s+(?:(?:the|our)\s+)?(?:(?:all-)?new\s+)?" + NAME
)
INTRODUCED_NAME_ZH = re.compile(
    r"(?:我们是|我们叫|我叫|名叫|叫做|叫)\s*("
    + LATIN_NAME + r"(?=\s*(?:[，,。！!？?：:、]|$))|[^\s，,。！!？?：:、“”]{2,10})"
)
# Titles in every ordinary form: called X, titled X, "call it X", with the title X, 标题叫X, 名为X, 用X当标题.
# Each pattern ends where the title's words begin (a quote «n», or words up to the end of the clause).
TITLE_BEFORE: tuple[re.Pattern[str], ...] = (
    re.compile(r"\b(?:called|titled|entitled|named)\s+", re.I),
    re.compile(r"\b(?:call|name|title|retitle)\s+(?:it|this|the video|the film)\s+(?:as\s+)?", re.I),
    re.compile(r"\bretitle\s+", re.I),
    re.compile(r"\bwith\s+(?:the|a)\s+title\s+(?:of\s+)?", re.I),
    re.compile(r"\b(?:new\s+)?title\s*(?:please\s*)?(?:=|:|：)\s*", re.I),
    re.compile(r"\bnew title\s+(?:please\s*)?(?=«)", re.I),
    re.compile(r"(?:标题|题目|片名|名字|名称)(?:就|我想|可以|要|得|能不能|能否|也)*(?:叫做|改叫|叫|定为|定成|来个|来一个)"
               r"\s*[:：]?\s*"),
    re.compile(r"(?:标题|片名)\s*[:：]?\s*(?=«)"),
    re.compile(r"(?:名为|叫做|取名为?|命名为|就叫|名叫)\s*"),
)
# Weaker forms, also said about how a title looks ("the title is too small", 标题是不是太长了): their unquoted
# words are a title only when they look like one (a capital or a digit first; no judgement or look words).
TITLE_BEFORE_WEAK: tuple[re.Pattern[str], ...] = (
    re.compile(r"\b(?:new\s+)?title\s*(?:please\s*)?"
               r"(?:(?:should|will|could|can|would|must|needs? to|has to|to)\s+be|be|is)\s+", re.I),
    # "could the title say X", "update the title so it reads X"
    re.compile(r"\btitle\b[^«,.;!?]{0,20}?\b(?:say|says|read|reads)\s+", re.I),
    re.compile(r"(?:标题|题目|片名|名字|名称)(?:就|我想|可以|要|得|能不能|能否|也)*(?:是|为|用)\s*[:：]?\s*"),
)
NOT_A_TITLE = re.compile(
    r"^[a-z]|^(?:太|不|错|对|有点|有些|怎么|什么|哪|是不是|可以|能|很|挺|好像|应该|看不|谁|为什么|为何|干嘛|多少|几)|[吗呢嘛的]$"
    r"|色|字体|字号|位置|顶部|底部|中间|一点|一些"
)
TITLE_AS = re.compile(
    r"用\s*(«\d+»|[^，,。\s«][^，,。«]*?)\s*(?:来)?(?:当|作为|做)(?:成)?标题"
    r"|\b(?:go with|use|using|have|try|put)\s+(«\d+»|[^,.;!?«\s][^,.;!?«]*?)\s+as\s+(?:the\s+|a\s+)?(?:new\s+)?title\b",
    re.I,
)
TITLE_WORDS_EN = re.compile(
    r"[^,.;!?«»\n]+?(?=\s*(?:[,;!?]|\.(?:\s|$)|$|\s+(?:and|with|for|please|thanks|about|showing|featuring|that"
    r"|which|from|using|instead)\b))"
)
TITLE_WORDS_ZH = re.compile(r"[^，,。;；!！?？«»\s]+")
TITLE_TAIL_ZH = re.compile(r"(?:吧|呀|啊|了|呢|哦|就行|就好)+$")
# Words that end a request, not a title: "call it Cup Club instead", "… Bean There please".
TITLE_TAIL_EN = re.compile(r"(?:\s+(?:instead|please|pls|plz|thanks|thank you|thx|lol))+$", re.I)
TITLE_POINTER = re.compile(r"^(?:这个|它|this|that|it)$", re.I)
PROMO_WORDS = re.compile(r"\bpromo|\bpromotional|\bad\b|advert|commercial|product|launch|宣传|推广|广告|产品|新品")

# Music -----------------------------------------------------------------------------------------------

MUSIC_NOUN = re.compile(
    r"\b(?:music|bgm|soundtrack|songs?|tunes?|beats|melody|instrumentals?|background track"
    r"|(?:lo-?fi|upbeat|calm|audio|music) track)\b"
    r"|背景音乐|音乐|配乐|bgm|歌曲?|曲子|伴奏|音频"
)
VOLUME_NOUN = re.compile(
    r"\bvolume\b|\bquieter\b|\blouder\b|\bsofter\b|\bmute\b|\bturn (?:it|that) (?:up|down)\b|\btoo (?:loud|quiet)\b"
    r"|音量|声音|静音|太吵|太响"
)
MUSIC_STYLES: dict[str, re.Pattern[str]] = {
    "lofi": re.compile(r"\blo-?\s?fi\b|\bchill(?:ed|y|er)?\b|\brelax(?:ed|ing)?\b|\bcozy\b|轻松|慵懒|放松|低保真"),
    "upbeat": re.compile(
        r"\bupbeat\b|\benergetic\b|\bhapp(?:y|ier)\b|\bcheerful\b|\blivel(?:y|ier)\b|\bfun\b|\bexciting\b|\bpop\b"
        r"|欢快|动感|活泼|快乐|激昂|热闹|节奏感"
    ),
    "calm": re.compile(
        r"\bcalm(?:er)?\b|\bsoft\b|\bgentler?\b|\bpeaceful\b|\bambient\b|\bsoothing\b|\bslow(?:er)?\b|舒缓|平静|安静"
        r"|柔和|宁静|轻柔"
    ),
}
VOLUME_UP = re.compile(
    r"\blouder\b|\bturn\b(?:\s+\w+){0,3}?\s+up\b|\b(?:volume )?up by\b|\bvolume up\b|\braise\b|\bincrease\b"
    r"|\bboost\b|\bbump\b|\btoo (?:quiet|soft)\b|\bcan'?t hear\b|\bbring\b(?:\s+\w+){0,3}?\s+up\b|\bcrank\b"
    r"|\bpump\b(?:\s+\w+){0,3}?\s+up\b"
    r"|大声|调大|大一点|大一些|大点|提高|增大|加大|调高|高一点|太小声|听不清|听不见"
)
VOLUME_DOWN = re.compile(
    r"\bquieter\b|\bsofter\b|\bturn\b(?:\s+\w+){0,3}?\s+down\b|\b(?:volume )?down by\b|\bvolume down\b|\blower\b"
    r"|\breduce\b|\bdecrease\b|\btoo loud\b|\bdrop\b|\bbring\b(?:\s+\w+){0,3}?\s+down\b"
    r"|\b(?:dial|tone|take)\b(?:\s+\w+){0,3}?\s+(?:down|back)\b"
    r"|小声|调小|小一点|小一些|小点|降低|减小|轻一点|轻一些|轻点|低一点|低点|调低|压一压|压低|太吵|太响|太大声"
)
MUTE = re.compile(r"\bmute\b|静音")
# A volume said as a size of change ("by 10", "up by 20%", 调小百分之十, 降低20个点) is in points.
NUMBER = rf"((?<![\d.])\d+(?:\.\d+)?|(?<!{ZH_DIGIT}){ZH_NUMBER_PATTERN}|{EN_NUMBER_PATTERN})"
VOLUME_BY = re.compile(
    r"\bby\s+" + NUMBER + r"\s*(?:%|percent\b|points?\b|pts?\b)?"
    r"|(?:调小|调大|调低|调高|降低|提高|减小|增大|加大|减少|增加|降|升|小|大|低|高)了?\s*(?!一(?:点|些|下|会))" + NUMBER
    + r"\s*(?:%|个点|点)?"
)
# A volume said as a level: "to 45", "at 60", "volume 10", "volume: sixty", 开到六十, 设成50, 四十的音量.
VOLUME_TO = re.compile(
    r"(?:\bto|\bat|\bvolume(?:\s+(?:to|at|of))?|音量|调到|开到|压到|设成|设为|设置为|拉到|降到|放到|调成|改成|改为|提到|升到"
    r"|加到|减到)\s*[:=]?\s*" + NUMBER
    + r"(?![\d.]*\s*(?:s\b|secs?\b|seconds?\b|mins?\b|minutes?\b|秒|分钟|px|号|个场景))"
    r"|" + NUMBER + r"\s*的音量"
)
VOLUME_SHARE = re.compile(
    r"\bhalf\b|一半|\b(?:a|one)\s+quarter\b|\bquarter\b|" + "(" + ZH_NUMBER_PATTERN + r"|\d)成(?:音量)?"
)
FADE_IN = re.compile(r"\bfade[ -]?in\b|\bfade\b(?:\s+\w+){1,3}\s+in\b|淡入")
FADE_OUT = re.compile(r"\bfade[ -]?out\b|\bfade\b(?:\s+\w+){1,3}\s+out\b|淡出")
FADE_BOTH = re.compile(
    r"\bfades\b|\bfade in and out\b|\bfade\b(?![ -]?(?:in|out))(?!(?:\s+\w+){1,3}\s+(?:in|out)\b)|淡入淡出|渐入渐出"
)
MUSIC_REMOVE = re.compile(
    r"\bno (?:more )?(?:music|bgm|song)\b|\bwithout (?:the )?(?:music|bgm)\b|不要(?:背景)?音乐|不要配乐"
)
MUSIC_ADD = re.compile(
    r"\b(?:add|put|insert|play|give|include|need|want|use)\b|添加|加上|加点|加个|加一段|加一首|配上|来点|来一段|来首"
    r"|来一首|^加|^配"
)
MUSIC_CHANGE = re.compile(r"\b(?:change|switch|replace|swap|different|another|other)\b|换|替换|改成|改为")
BGM_VOLUME = 0.35
BGM_FADE_IN_MS = 500
BGM_FADE_OUT_MS = 2000
VOLUME_STEP = 0.15
MIN_VOLUME = 0.05

# Text ------------------------------------------------------------------------------------------------

TEXT_TARGETS: dict[str, re.Pattern[str]] = {
    "all": re.compile(
        r"\ball (?:the )?(?:text|texts|titles|captions|words)\b|\bevery text\b|所有文字|全部文字"
        r"|所有字幕|所有文本|所有标题"
    ),
    # End credits: a closing text over the last seconds (before "cta", which 片尾字幕 would also match).
    "credits": re.compile(
        r"\b(?:end|ending|closing|final)[- ]credits?\b|\bcredits?\s+(?:at the end|roll)\b|\brolling credits\b"
        r"|\bcredits\b(?=\s+(?:to\s+|should\s+|will\s+|must\s+|can\s+)?(?:say|says|read|reads)\b)"
        r"|\b(?:end|closing) card\b|片尾字幕|结尾字幕|演职员表|演职人员(?:表|名单)|职员表|片尾鸣谢|鸣谢名单"
    ),
    "cta": re.compile(
        r"\bcall[- ]to[- ]action\b|\bcta\b|\b(?:closing|ending|final|last) (?:line|text|words|sentence)\b|行动号召"
        r"|结尾号召|号召语|(?:结尾|片尾|最后|末尾)(?:的|那)?(?:一)?(?:句话|句|行字|行文字|文字|字)"
    ),
    "headlines": re.compile(r"\bheadlines?\b|\bscene titles?\b|小标题|场景标题"),
    "captions": re.compile(r"\bcaptions?\b|\bsubtitles?\b|字幕|说明文字"),
    "title": re.compile(r"\b(?:re)?titles?\b|标题|片名"),
    # A text named by what it says: the one with a price in it ("the price", 价格那行字).
    "price": re.compile(r"\bprices?\b|\bprice tag\b|价格|价钱|售价"),
    "overlays": re.compile(r"\btext(?:s| overlays?)?\b|\boverlays?\b|\bwords\b|\blabel\b|文字|文本|标语|字号"),
}
PRICE_TEXT = re.compile(r"[$¥€£￥]\s?\d|\d\s?(?:元|块|美元|dollars?|usd|rmb)\b|(?<![\d.])\d+\.\d\d\b", re.I)
TEXT_ADD = re.compile(
    r"\b(?:add|put|insert|show|write|display|place|include)\b|\b(?:make|create) (?:a|an)\b|添加"
    r"|加上|加个|加一个|加入|插入|显示|写上|放上|^加|加(?:一行|一句|一段|行|句|段)?(?:文字|文本|字幕|标题|一句话|话|字)|加(?:一行|一句|一段)?\s*«"
    r"|来个|来一个"
)
# Placing quoted words ("“周末去哪儿”这几个字放画面中间"): the words are added, or moved when they are there.
TEXT_PLACE = re.compile(r"\b(?:put|place|show|display)\b|放|显示|出现")
TEXT_REMOVE = re.compile(
    r"\b(?:remove|delete|drop|hide|clear|erase|get rid of)\b|\btake\b(?:\s+\S+){0,4}?\s+(?:out|off|away)\b"
    r"|删除|删掉|删了|删去|去掉|去除|移除|清除|不要|隐藏"
    r"|拿掉|关掉"
)
VIDEO_ITSELF = re.compile(r"^(?:it|this|the (?:video|project|film|clip)|this (?:video|project)|视频|这个视频|片子)$")
# A text named by its own words: "rename Urban Dreams to Concrete Jungle", 把Urban Dreams改成Concrete Jungle.
RENAME = re.compile(
    r"\b(?:rename|change|replace|switch|swap)\s+(.+?)\s+(?:to|with|into|for)\s+(.+)$|把\s*(.+?)\s*(?:改成|改为|换成|替换成)\s*(.+)$"
)
TEXT_CHANGE_TO = re.compile(r"\b(?:to|into|as|with)\s*«(\d+)»|(?:改成|改为|换成|设为|变成|为|成)\s*«(\d+)»")
TEXT_CHANGE_INLINE = re.compile(
    r"\b(?:change|rename|set|update|edit|replace)\b.*?\b(?:to|with)\s+([^,;«]+)$|\b(?:swap|switch)\b.*?\b(?:for|to|with)\s+"
    r"([^,;«]+)$|\b(?:say|says|read|reads)\s+([^,;«]+)$"
    r"|(?:改成|改为|换成|设为"
    r"|变成|改叫)\s*[:：]?\s*([^，。,;；«]+)$"
)
TEXT_SAY = re.compile(r"\b(?:say|says|read|reads)\s*«(\d+)»|(?:写着|显示为|内容改成|内容为)\s*«(\d+)»")
TEXT_INLINE_END = re.compile(  # "Thanks for watching" keeps its "for": only "for" a time ends the words
    r"\s+(?:for(?=\s+(?:the\s+)?(?:first|last|final|whole|entire|next|\d))|from|at|in|on|between|starting"
    r"|throughout|during)\b.*$|(?:前\d|最后\d|在第?\d|从第?\d|放在|位于"
    r"|显示在|，|,).*$"
)
# What follows "add the text" that is not its words: a time, a place, or the kind of text ("add text at the top").
NOT_INLINE_WORDS = re.compile(r"^(?:for|from|at|in|on|to|between|during|throughout|overlays?|box|here|there)\b")
TEXT_INLINE = re.compile(
    r"(?:\bsaying|\b(?:that|which) says?|\b(?:that|which) reads?|\breading|\bwith the words|\bcalled|\bnamed"
    r"|\btitled|\b(?:add|write)\s+(?:the\s+|a\s+)?(?:text|line|words)\b|:|：|写着|内容是"
    r"|内容为)\s*([^,，。;；]+)"
)
POSITIONS: dict[str, re.Pattern[str]] = {
    "top-left": re.compile(r"\b(?:top|upper)[ -]left\b|左上"),
    "top-right": re.compile(r"\b(?:top|upper)[ -]right\b|右上"),
    "bottom-left": re.compile(r"\b(?:bottom|lower)[ -]left\b|左下"),
    "bottom-right": re.compile(r"\b(?:bottom|lower)[ -]right\b|右下"),
    "top": re.compile(r"\btop\b|\bupper\b|顶部|上方|上面|顶端|最上"),
    "center": re.compile(r"\bcent(?:er|re)\b|\bmiddle\b|中间|居中|中央|正中|中部"),
    "bottom": re.compile(r"\bbottom\b|\blower\b|底部|下方|下面|底端|最下"),
}
COLORS: dict[str, tuple[str, re.Pattern[str]]] = {
    "red": ("#FF3B30", re.compile(r"\bred\b|红")),
    "orange": ("#FF9F0A", re.compile(r"\borange\b|橙|橘")),
    "yellow": ("#FFD60A", re.compile(r"\byellow\b|黄")),
    "gold": ("#FFC857", re.compile(r"\bgold(?:en)?\b|金")),
    "green": ("#30D158", re.compile(r"\bgreen\b|绿")),
    "blue": ("#0A84FF", re.compile(r"\bblue\b|蓝")),
    "purple": ("#BF5AF2", re.compile(r"\bpurple\b|\bviolet\b|紫")),
    "pink": ("#FF6FB5", re.compile(r"\bpink\b|粉")),
    "white": ("#FFFFFF", re.compile(r"\bwhite\b|白")),
    "black": ("#000000", re.compile(r"\bblack\b|黑")),
    "gray": ("#8E8E93", re.compile(r"\bgr[ae]y\b|灰")),
}
HEX_COLOR = re.compile(r"#[0-9a-f]{6}\b")
SIZE_UP = re.compile(r"\bbigger\b|\blarger\b|\bincrease\b|\benlarge\b|大一点|大一些|放大|加大|调大|大点")
SIZE_DOWN = re.compile(r"\bsmaller\b|\bdecrease\b|\bshrink\b|小一点|小一些|缩小|调小|减小|小点")
SIZE_VALUE = re.compile(
    r"(?:\bsize|\bfont size|字号|字体大小|大小)(?:\s+of\s+(?:the\s+)?[\w-]+(?:\s+[\w-]+)?)?"
    r"\s*(?:to|=|:|of|为|改成|设为|调到|改为)?\s*(\d{2,3})\b"
    r"|(\d{2,3})\s*(?:px|pixels?|号|像素)"
)
TITLE_LOOK = TextLook(size=96, color="#FFFFFF", position="center", weight="bold")
OVERLAY_LOOK = TextLook(size=56, color="#FFFFFF", position="bottom", weight="bold")
HEADLINE_LOOK = TextLook(size=72, color="#FFFFFF", position="center", weight="bold")
CAPTION_LOOK = TextLook(size=44, color="#FFFFFF", position="bottom", weight="regular")
CTA_LOOK = TextLook(size=80, color="#FFFFFF", position="center", weight="bold")
TEXT_LENGTH_MS = 3000
TEXT_FADE_MS = 300

# Time spans ------------------------------------------------------------------------------------------

T = r"(?:second\s+)?" + NUM + r"\s*" + SEC + "?"  # "from 2 to 5 s", "from second 2 to second 5"
SPAN_RANGE = re.compile(
    r"\bfrom\s+" + T + r"\s*(?:to|until|till|-)\s*" + T
    + r"|\bbetween\s+" + T + r"\s*and\s*" + T
    + r"|" + NUM + r"\s*(?:s|秒)?\s*(?:-|–|~|到|至)\s*第?" + NUM + r"\s*" + SEC
    + r"|从?第?" + NUM + r"秒\s*(?:到|至|-|~)\s*第?" + NUM + "秒?"
)
SPAN_FIRST = re.compile(r"\b(?:the )?first\s+" + NUM + r"\s*" + SEC + r"|(?:前|开头|头)" + NUM + r"秒")
# "the last 5 seconds" is a time; "make the title last 5 seconds" is a length (SPAN_FOR).
SPAN_LAST = re.compile(
    r"(?:\bthe\s+(?:last|final)|\bfinal)\s+" + NUM + r"\s*" + SEC + r"|(?:最后|结尾|末尾|后)" + NUM + r"秒"
)
SPAN_AT = re.compile(r"\b(?:at|starting at|from)\s+" + NUM + r"\s*" + SEC + r"|(?:在|从)第?" + NUM + r"秒")
# A length for a text ("make the title last 5 seconds", "extend the closing line to 5 seconds", 延长到5秒).
SPAN_FOR = re.compile(
    r"\b(?:for|lasts?|lasting)\s+(?:for\s+)?" + NUM + r"\s*" + SEC
    + r"|\b(?:extend|lengthen|shorten|stretch|trim)\b(?:\s+[\w'’-]+){0,4}?\s+to\s+" + NUM + r"\s*" + SEC
    + r"|(?:显示|持续|停留|出现|展示)(?:时间|时长)?(?:改成|改为|设为|设成|为|成)?" + NUM + r"秒"
    + r"|(?:延长|缩短|拉长|加长|缩减|减少|改)(?:到|为|成)" + NUM + r"秒"
)
# Where a text ends: "until 4 seconds in", "disappear at 6", 到第6秒消失.
SPAN_UNTIL = re.compile(
    r"\b(?:until|till|up to)\s+(?:the\s+)?" + NUM + r"\s*" + SEC
    + r"|\b(?:disappears?|vanish(?:es)?|go(?:es)? away|ends?|hides?|fades? out|gone|goes off|comes? off"
    r"|(?:take|hide|remove|drop)\s+(?:it|them)(?:\s+(?:off|away|out))?)\s+(?:at|after|by)\s+(?:the\s+)?"
    + NUM + r"(?:\s*" + SEC + r")?(?!\s*%)"
    + r"|(?:到|直到|在)第?" + NUM + r"秒(?:为止|结束|消失|隐藏|淡出|停止|离开)"
    + r"|(?:显示|持续|停留|保留|留)到第?" + NUM + r"秒"
)
# A text placed at one end of the video without a length ("at the end", 在结尾, 开头): its first or last few
# seconds. "Until the end" (显示到结尾) is where a text stops, and 结尾那句话, 开头的标题 name a text.
SPAN_EDGE_AFTER_ZH = r"(?:处|的时候|时)?(?!的|那|这|一|句|行|段|个|张|场景|画面|号召|文字|字|标题|音乐|视频)"
SPAN_EDGE_NOT_UNTIL_ZH = r"(?<!显示到)(?<!持续到)(?<!停留到)(?<!保留到)(?<!一直到)(?<!延长到)(?<!直到)"
SPAN_AT_END = re.compile(
    r"\bat\s+the\s+(?:very\s+)?end(?:ing)?\b(?!\s+of\s+(?:the\s+)?(?:scene|clip|song|music))"
    r"|" + SPAN_EDGE_NOT_UNTIL_ZH + r"(?:结尾|片尾|末尾)" + SPAN_EDGE_AFTER_ZH
    + r"|(?:在|放在|放到|加在|加到|挪到|移到)最后面?(?!\d|一|个|的|那|这|句|段|场景|画面)"
    r"|(?:视频)?(?:快)?结束(?:时|的时候|前)"
)
SPAN_AT_START = re.compile(
    r"\bat\s+the\s+(?:very\s+)?(?:start|beginning)\b(?!\s+of\s+(?:the\s+)?(?:scene|clip|song|music))"
    r"|" + SPAN_EDGE_NOT_UNTIL_ZH + r"(?:开头|片头|开场|一开始|最开始|最前面)" + SPAN_EDGE_AFTER_ZH
    + r"|(?:视频)?开始(?:时|的时候)"
)
SPAN_WHOLE = re.compile(
    r"\bthroughout\b|\b(?:the )?(?:whole|entire) (?:video|time|thing)\b|\ball the way\b|全程"
    r"|整个视频|一直显示"
)

# Canvas and length -----------------------------------------------------------------------------------

# Ratio words, platforms included (a TikTok, a YouTube Short or an Instagram story is vertical, a feed post
# square); the first that matches wins, so "YouTube Short" is 9:16 before "YouTube" is 16:9.
RATIOS: dict[str, re.Pattern[str]] = {
    "9:16": re.compile(
        r"9\s*[:：x/比]\s*16|\bvertical\b|\bportrait\b|\btiktoks?\b|\breels?\b|\byoutube shorts?\b|\bshorts\b"
        r"|\b(?:instagram|insta|ig|facebook|fb|snapchat) stor(?:y|ies)\b|\bstories\b|竖屏|竖版|竖的|竖着|竖向|抖音|快手"
        r"|视频号|直式|直版|直向|限动|限时动态"
        # "a Story format for Instagram", "story size": a story of a platform, not a story told.
        r"|\bstory (?:format|size|mode|version|ratio|dimensions?)\b"
        r"|\bstor(?:y|ies)\b(?=[\w\s]{0,25}\b(?:instagram|insta|ig|facebook|fb|snapchat|whatsapp)\b)"
    ),
    "1:1": re.compile(
        r"(?<!\d)1\s*[:：x/比]\s*1(?!\d)|\bsquare\b|\b(?:instagram|insta|ig) (?:feed )?posts?\b|\bfeed posts?\b"
        r"|方形|正方形|方的"
    ),
    "16:9": re.compile(
        r"16\s*[:：x/比]\s*9|\bhorizontal\b|\blandscape\b|\bwidescreen\b|\byoutube\b|横屏|横版|横的|横向|横式|宽屏"
    ),
}
DURATION_WORDS = re.compile(
    r"\b(?:duration|length|long|shorten|extend|lengthen|trim|stretch|squeeze|expand|cut\b.*\bdown"
    r"|make (?:it|the video)\s+\d)\b"
    r"|\bmake (?:it|the video|the whole thing|this)\s+(?:\d|(?:a|one|half)\b)|\bversion\b"
    r"|时长|长度|缩短|延长|加长|拉长|压缩|改成\d|改为\d|变成\d|做成\d|弄成\d|剪到|剪成|缩到|拉到|版本|完整版|整体|\d(?:秒|分钟)的?版"
)
# A length said as where it goes, without a unit: "get the whole thing down to 20", 压缩到20.
LENGTH_TO = re.compile(
    r"(?:\b(?:down|cut|trim|shorten|reduce|squeeze|stretch|extend|lengthen|up)\b(?:\s+[\w'’-]+){0,4}?\s+to"
    r"|\bmake (?:it|the video|the whole thing|this)(?: one)?)\s+" + NUM + r"(?![\d.]*\s*(?:%|percent|px|x\b))"
    r"|(?:压缩|缩短|剪|缩|拉长|延长|加长)(?:到|成)" + NUM + r"(?![\d.]*\s*(?:%|个))"
)
# Words that say a request is about the video's length ("too long", 太长), for a number said without a unit.
LENGTH_TALK = re.compile(
    r"\btoo (?:long|short)\b|\b(?:shorter|longer|length|duration|runtime|run time|whole thing|seconds?|secs?)\b"
    r"|太长|太短|时长|长度|时间"
)
SHORTER = re.compile(r"\bshorter\b|短一点|短一些|缩短一点")
HALF_AS_LONG = re.compile(
    r"\bhalf as long\b|\bhalve\b|\bhalf (?:the|its) (?:length|duration|runtime)\b"
    r"|\b(?:cut|chop|trim)\b(?:\s+\w+){0,3}?\s+in half\b|(?:缩短|减少|剪掉|砍掉|减|短)一半|减半|砍半|对半"
)
TWICE_AS_LONG = re.compile(r"\btwice as long\b|\bdouble (?:the|its) length\b|(?:延长|加长)一倍|翻倍")
LONGER = re.compile(r"\blonger\b|长一点|长一些|加长一点")
LENGTH_STEP = 0.75
DEFAULT_LENGTH_MS = 15000
MAX_LENGTH_MS = 180000
MIN_LENGTH_MS = 2000

# Scenes ----------------------------------------------------------------------------------------------

SCENE_NOUN = r"(?:scenes?|clips?|shots?|slides?)"
SCENE_NOUN_ZH = r"(?:场景|镜头|片段|画面|幕)"
SCENE_REF = re.compile(
    r"\b" + SCENE_NOUN + r"\s*(?:number\s*|no\.?\s*|#)?(\d+)"
    + r"|\b(?:the\s+)?(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last|final|opening|closing)\s+"
    + SCENE_NOUN
    + r"|\b(\d+)(?:st|nd|rd|th)\s+" + SCENE_NOUN
    + r"|第(\d+)个?" + SCENE_NOUN_ZH + "?"
    + r"|" + SCENE_NOUN_ZH + r"(\d+)"
    + r"|(最后|结尾|片尾|末尾)(?:的|那)?(?:1|一)?个?" + SCENE_NOUN_ZH
)
SCENE_PAIR = re.compile(
    r"\bscenes?\s*(\d+)\s*(?:and|&|,|with)\s*(?:scene\s*)?(\d+)"
    r"|\b(?:the\s+)?(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last|final)\s+(?:and|&|with)\s+"
    r"(?:the\s+)?(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last|final)\s+scenes?\b"
    r"|第(\d+)个?(?:场景|镜头)?\s*(?:和|与|跟)\s*第(\d+)个?|(?:场景|镜头)(\d+)\s*(?:和|与|跟)\s*(?:场景|镜头)?(\d+)"
)
SCENE_MOVE = re.compile(r"\bmove\b|\bput\b|\bplace\b|\bshift\b|移到|移至|放到|放在|挪到|调到|移动")
SCENE_SWAP = re.compile(r"\bswap\b|\bswitch\b|\bexchange\b|交换|互换|调换|对调")
# Scenes named together without numbers ("swap the two scenes", 两个场景对调): both, when there are exactly two.
SCENES_BOTH = re.compile(
    r"\b(?:the|both|these|those|my|our)\s+(?:two\s+|2\s+)?" + SCENE_NOUN + r"\b|\bboth\b"
    r"|(?:这|那)?(?:两|2)个?" + SCENE_NOUN_ZH + r"|" + SCENE_NOUN_ZH + r"(?:的)?(?:顺序|位置)?"
)
SCENES_FIRST_TWO = re.compile(r"\b(?:the\s+)?first (?:two|2) " + SCENE_NOUN + r"\b|前(?:两|2)个?" + SCENE_NOUN_ZH)
SCENES_TRADE_ZH = re.compile(r"换一下(?:位置|顺序)?|换个?(?:位置|顺序)|顺序(?:反过来|颠倒|倒过来)")
SCENE_REMOVE = re.compile(TEXT_REMOVE.pattern + r"|\bcut\b|\bskip\b|剪掉|砍掉")
DEST_START = re.compile(
    r"\b(?:to|at) the (?:start|beginning|front|top)\b|\bfirst\b(?! scene)|开头|最前|开始"
    r"|第一个位置"
)
DEST_END = re.compile(r"\b(?:to|at) the (?:end|back|bottom)\b|\blast\b(?! scene)|最后|末尾|结尾|最末")
DEST_RELATIVE = re.compile(r"\b(before|after)\b|(前面|前|之前|后面|后|之后)")
DEST_POSITION = re.compile(r"\bposition\s*(\d+)|第(\d+)(?:个)?位置?|\bto\s+(?:be\s+)?(?:scene\s*)?(\d+)\b")

# Uploads ---------------------------------------------------------------------------------------------

UPLOAD_REF = re.compile(
    r"\b(?:this|that|these|my|the uploaded|the new|uploaded)\s+(?:\w+\s+)?(clip|video|footage|image|photo|picture|pic"
    r"|song|track|audio"
    r"|music|file)s?\b|\bthe (clip|video|image|photo|picture|song|track|audio) (?:i|I) (?:just )?uploaded\b"
    r"|(?<!to )(?<!on )(?<!in )\bthe (song|track|audio|clip|image|photo|picture)\b"
    r"|\b(?:use|put)\s+(?:an?\s+)?(image|photo|picture|clip|video|song)\s+(?:as|in|for)\b"
    r"|(?:(?:我|刚|刚刚|刚才)*(?:上传|传|拍|录|发)的)?(?:这个|这段|这张|这首|这条|那个|那张|那首|那段|那条|我的)"
    r"(视频|片段|素材|图片|照片|图|歌|音乐|音频|文件)"
    r"|(?:我|刚|刚刚|刚才)*(?:上传|传|拍|录|发)的(视频|片段|素材|图片|照片|图|歌|音乐|音频|文件)"
)
UPLOAD_KINDS: dict[str, str] = {
    "clip": "video", "video": "video", "footage": "video", "视频": "video", "片段": "video",
    "image": "image", "photo": "image", "picture": "image", "pic": "image", "图片": "image", "照片": "image",
    "图": "image", "song": "audio", "track": "audio", "audio": "audio", "music": "audio", "歌": "audio",
    "音乐": "audio", "音频": "audio", "file": "any", "素材": "any", "文件": "any",
}
UPLOAD_THIS = re.compile(r"\b(?:use|put|add|insert|place)\s+(?:this|that|it)\b|用这个|把这个|用它")
UPLOAD_VERB = re.compile(
    r"\b(?:use|put|add|insert|place|replace|swap|set|drop)\b|用|放|加|替换|作为|换成|当作|设为|设成|做"
)
AS_BGM = re.compile(
    r"\b(?:as|for)\s+(?:the\s+)?(?:background music|bgm|soundtrack|music)\b|(?:作为|做|当|当作|用作)背景音乐|(?:作为"
    r"|做|当)配乐"
)
UPLOAD_PREPEND = re.compile(r"\bat the (?:start|beginning)\b|放到开头|加到开头|放在开头|放在最前")

# Uploads named by role or by file name: "my logo", "the beach photo", "the surf clip", logo.png, 那张海滩照片.
FILE_NAME = re.compile(
    r"(?<![A-Za-z0-9_-])[A-Za-z0-9_-]+\.(?:mp4|mov|m4v|webm|mkv|avi|jpe?g|png|gif|webp|heic|mp3|wav|m4a|aac|ogg|flac)"
    r"(?![A-Za-z0-9])",
    re.I,
)
ROLE_KINDS: dict[str, str] = {
    "clip": "video", "video": "video", "footage": "video", "movie": "video", "image": "image", "photo": "image",
    "picture": "image", "pic": "image", "selfie": "image", "gif": "image", "logo": "image", "song": "audio",
    "track": "audio", "audio": "audio", "file": "any", "upload": "any",
    "视频": "video", "片段": "video", "那段": "video", "这段": "video", "一段视频": "video", "图片": "image",
    "1段视频": "video", "照片": "image", "图": "image", "自拍": "image", "动图": "image", "素材": "any",
    "文件": "any", "歌": "audio",
    "音频": "audio",
}
# Role words that are also words of file names ("my logo" is logo.png, "the selfie" me.jpg, when there is one).
ROLE_NAMES: dict[str, tuple[str, ...]] = {
    "logo": ("logo", "brand"), "selfie": ("selfie", "me", "portrait"), "gif": ("gif",),
}
UPLOAD_NOUN_EN = re.compile(
    r"\b(?:(this|that|these|those|my|our|the|uploaded|new|a|an)\s+)?(?:(?:uploaded|new|other)\s+)?"
    r"(?:([a-z][a-z-]+)\s+)?(clip|video|footage|image|photo|picture|pic|selfie|gif|logo)s?\b"
)
UPLOAD_NOUN_ZH = re.compile(
    r"(这张|这个|这段|那张|那个|那段|我的|(?:我|刚|刚刚|刚才)*(?:上传|传|拍|录|发)的|[一1]段|[一1]张)?(?:[\u4e00-\u9fff]{0,4}?)"
    r"([一1]段视频|视频|片段|图片|照片|自拍|动图|素材|logo|那段|这段)"
)
# The video itself, not an upload: "the video", "the whole video".
PROJECT_VIDEO = frozenset({"the", "whole", "entire", "full", "a", "an"})
DEICTIC = frozenset({"this", "that", "these", "those", "这张", "这个", "这段", "那张", "那个", "那段"})
# Words of Chinese requests that name what is in a file, for matching English file names (海滩 -> beach.jpg).
SUBJECT_WORDS_ZH: dict[str, tuple[str, ...]] = {
    "海滩": ("beach", "sea"), "沙滩": ("beach", "sand"), "海边": ("beach", "sea"), "大海": ("sea", "ocean"),
    "冲浪": ("surf",), "城市": ("city", "town"), "街道": ("street",), "夜景": ("night",), "日落": ("sunset",),
    "山": ("mountain", "hill"), "森林": ("forest",), "花": ("flower",), "狗": ("dog",), "猫": ("cat",),
    "跳舞": ("dance",), "舞蹈": ("dance",), "自拍": ("me", "selfie"), "标志": ("logo",), "商标": ("logo",),
    "咖啡": ("coffee", "cafe"), "美食": ("food",), "雪": ("snow",), "婚礼": ("wedding",),
}
# "Use the video for the first scene", 用视频替换第二个场景: with a scene or an end to go to, "the video" is an upload.
VIDEO_PLACED = re.compile(
    r"\b(?:use|put|add|insert|place|drop|swap in)\s+(?:the|a)\s+(?:video|footage)\b"
    r"|用\s*(?:这个|那个)?视频|视频(?:放|加|插|替换|代替|换掉)"
)
UPLOAD_VERB_EXTRA = re.compile(
    r"\b(?:should be|should open|goes|go|open|opens|end on|end with|start with|tack|append|swap)\b|拿来|当|代替|改用|拿"
)
UPLOAD_BEFORE = re.compile(r"\bbefore\b|之前|前面|前边")
UPLOAD_AFTER = re.compile(r"\bafter\b|之后|后面|后边")
UPLOAD_START = re.compile(
    r"\bat the (?:start|beginning|front)\b|\bopen(?:s)? the video\b|\bstart with\b|开头|最前|片头"
)
UPLOAD_END = re.compile(r"\b(?:at|onto|on|to) the end\b|\bend (?:on|with)\b|\bappend\b|最后|结尾|末尾|片尾")

# What the renderer cannot do: fonts it does not ship and effects it cannot draw -------------------------
# The local renderer ships one font family (nemovideo.local.render.fonts.DEFAULT_FAMILY, docs/rendering.md).
SHIPPED_FONTS: dict[str, str] = {"noto sans sc": "Noto Sans SC", "noto sans": "Noto Sans SC"}
# Chinese font names end in 体 (站酷快乐体, 华康少女体, 标楷体): one asked for by a change is a font.
FONT_STYLE_ZH = re.compile(
    r"(?:换成|换为|改成|改为|用|使用|设为|设成|变成|来个|来点|换)\s*([\u4e00-\u9fffA-Za-z]{1,8}?体)(?=$|[吧呀啊了哦呢，。,.!！?？\s])"
)
NOT_FONTS_ZH = frozenset({
    "整体", "具体", "身体", "媒体", "立体", "主体", "个体", "全体", "集体", "实体", "物体", "液体", "气体", "总体",
    "大体", "一体", "团体", "群体", "载体", "肢体", "文体", "字体",
})
FONT_WORD = re.compile(r"\bfonts?\b(?!\s*size)|\btypefaces?\b|\btypography\b|字体(?!大小)|字型")
FONT_NAMES = re.compile(
    r"\bnoto sans(?: sc)?\b|\bcomic sans(?: ms)?\b|\btimes new roman\b|\bhelvetica(?: neue)?\b|\barial\b|\bpapyrus\b"
    r"|\bgeorgia\b|\bverdana\b|\broboto\b|\bopen sans\b|\bfutura\b|\bgaramond\b|\bcalibri\b|\bimpact\b"
    r"|\bcourier(?: new)?\b|\bmontserrat\b|\blato\b|\bbaskerville\b|\bgill sans\b|\bsan francisco\b"
    r"|\bserif\b|\bsans[- ]serif\b|\bhandwriting\b|\bcursive\b"
    r"|宋体|楷体|黑体|仿宋|微软雅黑|雅黑|隶书|幼圆|思源黑体|思源宋体|苹方|手写体|艺术字|行楷|行书|草书|魏碑|篆书"
    # Type foundries' families: 华文行楷, 方正舒体, 汉仪, 站酷, 文鼎, 华康, 造字工房, 思源, 文泉驿.
    r"|(?:华文|方正|汉仪|站酷|文鼎|华康|造字工房|思源|文泉驿)[\u4e00-\u9fff]{1,6}"
)
EFFECT = re.compile(
    r"\bfilters?\b|\bglitch\w*|\bvhs\b|\bsparkl\w*|\bglow\w*|\blens flares?\b|\bflares?\b|\blight leaks?\b"
    r"|\bslow[- ]?mo(?:tion)?\b|\bshak(?:e|y|ing)\b|\bflicker\w*|\bblur\w*|\bgrain\w*|\bsepia\b"
    r"|\bblack and white\b|\b3d\b|\bparticles?\b|\bconfetti\b|\bsnow(?:fall|flakes?)?\b"
    r"|\bcolou?r grad\w*|\bchroma\w*|\bgreen screen\b|\bstabili[sz]\w*|\bspeed (?:it )?up\b|\breverse\b"
    r"|滤镜|特效|故障|胶片|颗粒|漏光|粒子|美颜|翻页|翻转|抖动|闪烁|慢动作|慢镜头|模糊|雪花|光效|调色|倒放|加速"
)
# A generic effect word names its effect by the words before it: 下雪特效 is 下雪, "a fire effect" is fire.
EFFECT_WORD = re.compile(r"特效|效果|滤镜|\beffects?\b|\bfilters?\b")
EFFECT_NAMED_EN = re.compile(r"\b(?!(?:a|an|the|some|cool|nice|special|an?other)\b)([a-z]+)\s+(?:effects?|filters?)\b")
EFFECT_NAMED_ZH = re.compile(r"([\u4e00-\u9fff]+?)的?(?:特效|效果|滤镜)")
EFFECT_NOT_NAME_ZH = re.compile(
    r"加|个|用|上|点|种|要|来|弄|做|放|给|视频|画面|一下|一些|些|整|把|套|帮我|我想|添|酷|炫|特别"
)
# Music styles that are not made here (only lo-fi, upbeat and calm are): refused, never swapped for lo-fi.
# The first ones are music by themselves; the others only beside a music word ("rock music", 古风的音乐).
MUSIC_OTHER_STYLE = re.compile(
    r"\bjazz\w*|\bhip[- ]?hop\b|\bedm\b|\btechno\b|\breggae\b|\bdubstep\b|爵士|说唱|嘻哈|电音"
)
MUSIC_OTHER_STYLE_NEAR = re.compile(
    r"\brock\b|\bclassical\b|\bcountry\b|\bmetal\b|\bpiano\b|\borchestral\b|\bfolk\b|\bblues\b|\bopera\b"
    r"|\bepic\b|\bcinematic\b|古风|中国风|国风|古典|民谣|钢琴|重金属|蓝调|乡村|摇滚|交响|京剧|戏曲|史诗"
)
# An upload placed in a spot on the picture (a corner logo, a watermark) is an overlay, which is not rendered.
OVERLAY_PLACE = re.compile(
    r"\bcorners?\b|角落|角上|\bwatermark\b|水印|\bpicture[- ]in[- ]picture\b|画中画|\boverlay\b|叠加"
)
# "effect" alone is an effect only when nothing else in the words is understood ("淡入淡出效果" is a fade).
EFFECT_GENERIC = re.compile(r"\beffects?\b|效果")
# Delivery is the client's job (the Export button, nemo_export), never the chat's.
DELIVERY = re.compile(
    r"\b(?:export|download|render|upload (?:it )?to|send|email|e-mail|share|post (?:it )?(?:to|on)|publish)\b"
    r"|导出|下载|发到|发给|发送|分享|上传到|发布|邮箱"
)

# Colour themes and scene words ----------------------------------------------------------------------

THEMES: tuple[Theme, ...] = (
    Theme(
        "coffee", r"coffee|espresso|latte|cafe|café|bakery|chocolate|cocoa|roast|brew|咖啡|拿铁|烘焙|巧克力|可可|面包",
        ("#3B2416", "#8B5A2B", "#C89F6D"), "#FFF4E6", "#F2C48D", "warm coffee browns", "暖棕色调",
    ),
    Theme(
        "ocean", r"ocean|\bsea\b|beach|surf|water|wave|\bsky\b|tech|software|\bapp\b|cloud|\bai\b|data|digital|smart|"
        r"海|沙滩|天空|科技|技术|软件|智能|数据|数字|云|应用",
        ("#0B2545", "#13315C", "#1E88E5"), "#FFFFFF", "#7FDBFF", "ocean and tech blues", "海洋科技蓝",
    ),
    Theme(
        "nature", r"nature|forest|garden|green|\beco|organic|plant|tree|leaf|\btea\b|farm|fresh|outdoor|hiking|"
        r"自然|森林|花园|绿色|环保|有机|植物|树|茶|农场|新鲜|户外|徒步",
        ("#1B4332", "#2D6A4F", "#74C69D"), "#FFFFFF", "#B7E4C7", "fresh nature greens", "自然绿色调",
    ),
    Theme(
        "energy", r"sport|fitness|\bgym|energy|fire|spicy|\bsale|discount|power|\brun|运动|健身|能量|火|辣|促销|打折"
            r"|折扣|力量",
        ("#7F1D1D", "#DC2626", "#F97316"), "#FFFFFF", "#FDE68A", "energetic reds and oranges", "活力红橙色调",
    ),
    Theme(
        "beauty", r"beauty|fashion|flower|\blove|wedding|\bskin|cosmetic|perfume|美妆|时尚|花|爱|婚礼|护肤|化妆|香水",
        ("#831843", "#DB2777", "#F9A8D4"), "#FFFFFF", "#FCE7F3", "soft pinks", "柔粉色调",
    ),
    Theme(
        "luxury", r"luxury|premium|\bnight|\bgold|elegant|jewel|watch|wine|奢华|高端|夜|金|优雅|珠宝|手表|红酒",
        ("#0A0A0A", "#262626", "#B08D57"), "#F5E6C8", "#D4AF37", "black and gold", "黑金色调",
    ),
)
DEFAULT_THEME = Theme(
    "default", r"(?!)", ("#1E3A8A", "#9333EA", "#4F46E5"), "#FFFFFF", "#FDE68A", "indigo and violet", "靛紫色调"
)
STORY_MUSIC: dict[str, str] = {
    "upbeat": r"promo|launch|sale|sport|fitness|party|fun|exciting|energy|new|宣传|发布|促销|运动|派对|活力|新品|上市",
    "calm": r"nature|spa|relax|calm|meditation|wellness|peace|sleep|yoga|ocean|tea|自然|放松|冥想|健康|宁静|瑜伽|睡眠"
        r"|茶|海",
    "lofi": r"coffee|cafe|study|cozy|chill|book|rain|home|咖啡|学习|温馨|轻松|读书|雨|家",
}
CTA_WORDS = re.compile(
    r"\b(?:visit|order|buy|shop|try|download|sign up|subscribe|call|get yours|get it|book|join|learn more|"
    r"discover|start|contact|follow)\b|www\.|https?://|\.com\b|立即|马上|现在就|欢迎|下单|购买|预订|访问|关注|扫码"
    r"|快来|赶快"
    r"|\bcome (?:say|visit|see|join|and|by|in|try)\b|\b(?:stop|drop|swing) by\b"
)
DEFAULT_TITLE = {"en": "My Video", "zh": "我的视频"}
PLACEHOLDER_SCENES = {
    "en": ["Something new is here", "Made with care", "See it in action", "Built for you", "Ready when you are"],
    "zh": ["全新登场", "用心打造", "亲眼见证", "为你而生", "随时出发"],
}
STOPWORDS = frozenset(
    "a an the and or but so of to in on at for with by from is are was were be been it its this that these those "
    "our your their my we you they i he she them us as into than then also very just all any every each can will "
    "would should could has have had do does did not no more most much many such".split()
)

# Storyboard writing: headlines that stand alone, captions that add to them -------------------------------
# An English headline is a span of a sentence that starts where a clause, an object or a claim starts and
# ends where a clause ends or before a word that opens a new phrase; it never ends on one of END_NOT.
HEADLINE_WORDS = 6
HEADLINE_CHARS_ZH = 14
SUPPORT_CHARS = 90
SUPPORT_CHARS_ZH = 36
ARTICLES = frozenset("a an the".split())
PREPOSITIONS = frozenset(
    "of to in on at for with by from into onto over under near across through about around after before between "
    "without within per via like than as along behind beyond during toward towards upon among since until".split()
)
CONJUNCTIONS = frozenset("and or but nor so yet because while although though if unless when where whereas".split())
SUBORDINATORS = frozenset("because while although though if unless when where whereas so".split())
RELATIVES = frozenset("which that who whom whose".split())
AUXILIARIES = frozenset(
    "is are was were be been being am has have had do does did will would can could should shall may might must "
    "it's that's there's what's who's".split()
)
DETERMINERS = frozenset("my our your their his her its this these those every each some any no".split())
END_NOT = ARTICLES | PREPOSITIONS | CONJUNCTIONS | RELATIVES | AUXILIARIES | DETERMINERS | frozenset(
    "it them not very too just also then than called named based located situated".split()
)
START_NOT = CONJUNCTIONS | RELATIVES | frozenset("is are was were am been being of to than as called named".split())
# Words a new phrase opens with: a headline may end before them, a caption may start with them.
OPENS_PHRASE = PREPOSITIONS | CONJUNCTIONS | RELATIVES | frozenset(
    "called named using based located featuring including".split()
)
# A subject pronoun inside a sentence with no mark before it starts a new clause ("my coffee shop | we have").
RUN_ON_SUBJECTS = frozenset("we i they he she".split())
# Words that only join a clause to the one before ("and syncs with your phone", "which are stitched by hand").
JOINERS = frozenset("and but so also then plus or yet which that who".split())
COPULAS = frozenset("is are was were i'm i’m we're we’re they're they’re he's he’s she's she’s it's it’s".split())
# "Free Wi-Fi and warm light make it the perfect place": the object after "make it" is a headline.
MAKE_VERBS = frozenset("make makes made keep keeps kept".split())
OBJECT_PRONOUNS = frozenset("it them you us everything".split())
# "He believes simple ingredients make the best food": the claim after the verb is the headline.
CLAIM_VERBS = frozenset(
    "believe believes think thinks say says know knows feel feels hope hopes promise promises introducing meet "
    "presenting".split()
)
PRONOUN_SUBJECTS = frozenset("it he she they this these those there we i you".split())
# A sentence ends after . ! ? (and a closing quote after one); Chinese after 。！？； (and its closing quote).
SENTENCE_END = re.compile(
    r"(?:(?<=[.!?])|(?<=[.!?][\"'”’)]))\s+|(?:(?<=[。！？；;])|(?<=[。！？][”」』）\"]))(?![”」』）\"])\s*|\n+"
)
CLAUSE_MARK = re.compile(r"\s*[,，;；:：—–]\s*|\s+-\s+")  # 、 joins a list in Chinese: never a break
# Chinese: a headline ends before a word that starts a predicate (小野智能水杯|能记录…), starts after a copula
# (…是一家|开在大学城旁边的奶茶店, the measure word dropped) or a subject pronoun, and never ends on a word
# that needs what follows (的, 和, 是, 一家) nor starts on one that leans on what precedes (的, 了, 们).
ZH_BREAK_BEFORE = frozenset(
    "位于 是 在 将 让 把 被 为了 以 并 能 能够 可以 会 就 都 也 还 还有 而且 并且 提供 带来 拥有 采用 "
    "支持 帮助 帮 适合 搭配 用 由 从 到 给 通过 只需 每天 每日 每周 每月 专注 专为 来自 开在 坐落".split()
)
ZH_COPULAS = frozenset("是 为 有 拥有 提供 推出 带来 主打 举办 举行".split())
ZH_TIME_ONLY = re.compile(
    r"(?:周[一二三四五六日末]|星期[一二三四五六日天]|今天|明天|今晚|今年|明年|每天|上午|中午|下午|晚上|傍晚"
    r"|[零一二两三四五六七八九十\d]+[点时月日号年]半?)+"
)
ZH_MODALS = frozenset("可 可以 能 能够 就能 会 将 要".split())  # 每位顾客首次到店可|享受八折优惠
ZH_CLAUSE_AFTER = frozenset("时候 时 之后 以后 的话".split())  # 到了该喝水的时候|杯盖会亮起提醒
ZH_NEEDS_VERB = frozenset("将 会 要 能 可 可以 能够 把 被 在 从 向 对 给 让".split())  # 年会将在12月20日|在杭州举行
ZH_PRONOUNS = frozenset("我们 我 你 你们 他 她 它 他们 她们 它们 大家 咱们".split())
ZH_JOINERS = frozenset("而且 并且 还有 同时 另外 以及 此外 而 并 也 还 和 与 及 但 但是 所以 因此".split())
ZH_END_NOT = frozenset(
    "的 了 和 与 及 或 是 在 将 把 被 从 向 对 给 为 每 一 这 那 也 还 就 都 而 并 让 使 到 于 以 很 更 最 着 地 得 "
    "个 位 家 款 种 只 条 会 能 可 可以 要 想 该 比 跟 同 以及 并且 而且 还有 如果 因为 所以 但是 但 或者 非常 "
    "一个 一家 一款 一名 一位 一种 一座 一所 一间 一杯 一次 首次 已经 一直 正在 总是 经常 马上 立即 每天 每日 "
    "今年 今天 现在".split()
)
ZH_NOUN_ENDS = frozenset("店 馆 房 厅 场 院 街 节 展 师 员 者 车 机 器 品 茶 酒 面 饭 菜 馅 皂".split())  # 早餐|店
ZH_START_NOT = frozenset("的 了 着 地 得 们 吗 呢 吧 啊 和 与 及 或 而 且 之 所 等 、".split())
# 我们公司的年会 -> 年会: whose it is, before the subject of a short prompt.
ZH_OWNER = re.compile(r"^(?:我们|我|咱们|你们|你)(?:公司|家|店|团队)?的?")
ZH_MEASURE = re.compile(r"^[一每两几][个家款名位种座所间只部支项场杯件套]$")
ZH_UNIT = re.compile(r"^[年月日号元块岁点分秒折%倍天周]")  # after a number: 12|月 is one word
# Kinds of video, for the words of short prompts and the closing line: the kind with most hits, the first on a tie.
VIDEO_KINDS: dict[str, re.Pattern[str]] = {
    "person": re.compile(
        r"\b(?:he|she|his|her|grandma|grandpa|mom|mum|dad|mother|father|friend|founder|chef|photographer|artist"
        r"|teacher|team|myself|introducing|grew up|born)\b"
        r"|奶奶|爷爷|外婆|外公|妈妈|爸爸|朋友|创始人|摄影师|老师(?!傅)|团队|自我介绍|我自己|主厨", re.I),
    "event": re.compile(
        r"\b(?:party|parties|wedding|festival|fair|concert|conference|meetup|birthday|anniversary|celebration|gala"
        r"|opening|launch event|parade|market|night market|exhibition|show|match|tournament|reunion)\b"
        r"|年会|开业|派对|婚礼|音乐节|展会|活动|生日|庆典|发布会|比赛|聚会|晚会|演出|市集|集市|音乐会", re.I),
    "food": re.compile(
        r"\b(?:food|restaurant|cafe|café|coffee|bakery|pizza|pasta|recipes?|dish(?:es)?|kitchen|menu|diner"
        r"|breakfast|brunch|lunch|dinner|burgers?|sushi|noodles?|dumplings?|cakes?|bread|pancakes?|pastr(?:y|ies)"
        r"|cold brew|latte|espresso|granola)\b"
        r"|美食|餐厅|咖啡|面包|火锅|奶茶|水饺|饺子|菜|食谱|料理|小吃|烘焙|拉花|甜品|早餐|面馆|蛋糕|茶", re.I),
    "product": re.compile(
        r"\b(?:product|bottle|pillow|wallet|shoes|sneakers|bag|watch|phone case|pottery|lamp|chair|gadget"
        r"|collection|design|handmade|furniture|scooter|bike|e-bike|headphones|speaker|camera|laptop)\b"
        r"|产品|新品|水杯|手机壳|耳机|包|手表|鞋|衣服|台灯|家具|桌椅|滑板车|自行车|音箱|相机|手工|手作|皂", re.I),
    "app": re.compile(
        r"\b(?:apps?|application|software|platform|website|saas|tool|ios|android)\b|应用|软件|小程序|平台|网站|App|APP",
        re.I),
    "place": re.compile(
        r"\b(?:city|town|travel|trip|hiking|hike|mountains?|beach|park|hotel|museum|island|village|tour|studio"
        r"|gym|shop|store|salon|garden|lake|forest|streets?)\b"
        r"|旅行|旅游|城市|徒步|山|海|公园|酒店|民宿|古城|夜景|樱花|风景|景点|健身房|店|馆|郊外|露营|营地", re.I),
}
DEFAULT_CTA = {"en": "Learn more today", "zh": "立即了解更多"}
# Typos -----------------------------------------------------------------------------------------------
# English command words a mistyped token is matched against (the language module's Corrector decides).
COMMAND_WORDS = (
    "add", "change", "rename", "replace", "remove", "delete", "move", "swap", "switch", "insert", "make", "set",
    "title", "titles", "text", "caption", "captions", "subtitle", "subtitles", "headline", "headlines", "music",
    "background", "song", "track", "volume", "quieter", "louder", "softer", "lower", "raise", "increase",
    "decrease", "mute", "fade", "vertical", "square", "portrait", "landscape", "horizontal", "widescreen",
    "bigger", "smaller", "larger", "bottom", "center", "centre", "middle", "position", "colour", "color",
    "yellow", "purple", "orange", "white", "black", "green", "scene", "scenes", "first", "second", "third",
    "fourth", "fifth", "last", "shorter", "longer", "shorten", "extend", "length", "duration", "seconds",
    "minutes", "upbeat", "calm", "chill", "video", "photo", "picture", "image", "upload", "action", "price",
    "undo", "revert", "generate", "create", "slideshow", "promo", "logo",
)
# Chinese command words and the characters a pinyin keyboard offers for theirs (标提 -> 标题, 竖平 -> 竖屏).
COMMAND_WORDS_ZH = (
    "标题", "竖屏", "横屏", "竖版", "横版", "方形", "背景音乐", "音量", "改成", "改为", "时长", "调到", "调小", "调大",
    "字幕", "删除", "删掉", "场景", "颜色", "顶部", "底部", "静音", "换成",
)
HOMOPHONES: dict[str, str] = {
    "题": "提体替", "竖": "数树术", "屏": "平评瓶凭", "横": "衡恒", "版": "板办", "形": "行型性", "乐": "了月悦",
    "量": "亮两", "改": "该盖", "成": "陈城程乘", "时": "实", "长": "常场", "调": "条", "字": "自", "幕": "目慕",
    "删": "山闪", "除": "出", "掉": "调", "景": "井静", "颜": "言严", "顶": "定", "部": "步", "静": "净",
    "换": "还", "标": "表", "音": "因阴",
}

# Replies ---------------------------------------------------------------------------------------------

GUI_SUFFIXES = {
    "en": ["Click the Export button to download.", "You can preview it in the timeline.",
           "Open the timeline panel to check it, then click Export when you're happy."],
    "zh": ["点击导出按钮即可下载。", "可以在时间线中预览。", "打开时间线面板查看，满意后点击导出。"],
}
CLAUSE_SPLIT_HARD = re.compile(r"[;；。!！?？\n]+|\bthen\b|\band also\b|然后|接着|并且|同时|另外")
CLAUSE_SPLIT_SOFT = re.compile(
    r"\s*,?\s+and\s+|\s*,\s*|\s*，\s*|、|(?<=[\u4e00-\u9fff])并(?=[\u4e00-\u9fff])|\s+plus\s+|\s*\+\s*"
)
# "and" that joins two numbers or two halves of one thing is not a break ("scenes 1 and 2", "fade in and out").
ORDINAL_WORD = r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last|final)"
NOT_A_BREAK = re.compile(
    r"(?<=\d)(\s*(?:s|secs?|seconds?)?\s+)and(?=\s+(?:scene\s*)?\d)|\bin and out\b|\bblack and white\b"
    r"|\band(?= a half\b)"
    r"|\b" + ORDINAL_WORD + r"\s+and(?=\s+(?:the\s+)?" + ORDINAL_WORD + r"\b)"
)
# Platforms named in a request ("for instagram") say where the video goes, never what it is about.
PLATFORMS = re.compile(
    r"\b(?:instagram|insta|ig|tiktok|youtube|facebook|fb|snapchat|twitter|linkedin|bilibili)\b|抖音|快手|视频号|小红书|b站"
    r"|限时动态|限动",
    re.I,
)

