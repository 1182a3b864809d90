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

NUM = r"(\d+(?:\.\d+)?)"
SEC = one_of(r"s\b", r"secs?\b", r"seconds?\b", "秒钟", "秒")
MIN = one_of(r"mins?\b", r"minutes?\b", "分钟")
SECONDS = re.compile(NUM + r"\s*-?\s*" + SEC)
MINUTES = re.compile(NUM + r"\s*-?\s*" + MIN)
HALF_MINUTE = re.compile(r"half a minute|半分钟")
A_MINUTE = re.compile(r"\ba minute\b")
PERCENT = re.compile(NUM + r"\s*(?:%|percent\b|％)")
# Chinese numerals next to a unit, an ordinal or a verb become digits (第三个 -> 第3个, 十五秒 -> 15秒).
CN_NUMBER = re.compile(
    rf"(?<=[第前后到至为成和与场景镜头是调之])({ZH_NUMBER_PATTERN})|({ZH_NUMBER_PATTERN})(?=秒|分钟|个|张|段|号|倍|%"
    rf"|场景|镜头|和|到|至)"
)
CN_PERCENT = re.compile(r"百分之(\d+(?:\.\d+)?)")
# English number words before a unit become digits ("fifteen seconds" -> "15 seconds").
EN_NUMBER = re.compile(rf"({EN_NUMBER_PATTERN})(?=[\s-]*(?:seconds?|secs?|minutes?|mins?|percent|%))")
ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "last": -1, "final": -1, "opening": 1, "closing": -1,
}

# Requests that start over ----------------------------------------------------------------------------

UNDO = re.compile(
    r"^\W*(?:please\s+)?(?:undo|revert|roll ?back|go back|take (?:that|it) back)\b"
    r"|\bundo (?:that|it|the last|my last)\b|撤销|撤回|回退|返回上一步|恢复上一步|取消(?:刚才|上一步|上次)"
)
GENERATE_EN = re.compile(
    r"\b(?:generate|create|make|produce|build|put together|render)\b(?!\s+(?:the|it|its|this|that|these|those)\b)"
    r"[\w\s,'’-]{0,60}?\b(?:videos?|promos?|promotional|slideshows?|slide shows?|reels?|ads?|adverts?|commercials?"
    r"|movies?|films?|trailers?|teasers?|montages?|clips?)\b"
    r"|\bturn\b.{0,40}?\binto\s+(?:a|an)?\s*[\w\s-]{0,30}?\b(?:video|promo|slideshow|reel|movie|clip)\b"
)
GENERATE_ZH = re.compile(
    r"(?:生成|制作|做(?!成)|创建|创作|剪辑?|弄|出)(?:\d*个|\d*段|\d*部|\d*支)?[^，。,.!?！？]{0,20}?"
    r"(?:视频|宣传片|短片|幻灯片|影片|广告|片子|vlog|短视频)"
)
# Words that mean the "make ... video" is about an edit, not a new video.
NOT_GENERATE = re.compile(
    r"\b(?:title|text|caption|subtitle|music|song|bgm|scene|volume|louder|quieter)s?\b|标题|文字|字幕|音乐|场景|音量"
)
DESCRIPTION_AFTER: tuple[re.Pattern[str], ...] = (
    re.compile(r"[:：]\s*(.+)$", re.S),
    re.compile(r"\b(?:about|for|of|showing|featuring|introducing|on)\s+(.+)$", re.S),
    re.compile(r"(?:关于|介绍|展示|宣传)(?!视频|片|短片)(.+?)的[^，。,.]*?(?:视频|短片|宣传片|片子)"),
    re.compile(r"(?:关于|介绍|展示|宣传)(?!视频|片|短片)(.+?)(?:视频|短片|宣传片|片子|$)"),
    # "生成一个15秒的咖啡店开业宣传视频": the topic sits between the length (or 一个) and the kind of video.
    re.compile(r"(?:秒|秒钟|分钟)的?([^，。,.的]{2,}?)(?:的)?(?:宣传|推广)?(?:视频|短片|宣传片|片子|广告)"),
    re.compile(r"(?:一个|一段|一支|一条)([^，。,.\d]{2,}?)(?:的)?(?:宣传|推广)?(?:视频|短片|宣传片|片子|广告)"),
)
PROMO_WORDS = re.compile(r"\bpromo|\bpromotional|\bad\b|advert|commercial|product|launch|宣传|推广|广告|产品|新品")

# Music -----------------------------------------------------------------------------------------------

MUSIC_NOUN = re.compile(
    r"\b(?:music|bgm|soundtrack|songs?|tune|melody|background track|(?:lo-?fi|upbeat|calm|audio|music) track)\b"
    r"|背景音乐|音乐|配乐|bgm|歌曲?|曲子|伴奏|音频"
)
VOLUME_NOUN = re.compile(r"\bvolume\b|\bquieter\b|\blouder\b|\bsofter\b|\bmute\b|音量|声音|静音")
MUSIC_STYLES: dict[str, re.Pattern[str]] = {
    "lofi": re.compile(r"\blo-?\s?fi\b|\bchill(?:ed|y)?\b|\brelax(?:ed|ing)?\b|\bcozy\b|轻松|慵懒|放松|低保真"),
    "upbeat": re.compile(
        r"\bupbeat\b|\benergetic\b|\bhappy\b|\bcheerful\b|\blively\b|\bfun\b|\bexciting\b|\bpop\b"
        r"|欢快|动感|活泼|快乐|激昂|热闹|节奏感"
    ),
    "calm": re.compile(
        r"\bcalm\b|\bsoft\b|\bgentle\b|\bpeaceful\b|\bambient\b|\bsoothing\b|\bslow\b|舒缓|平静|安静"
        r"|柔和|宁静|轻柔"
    ),
}
VOLUME_UP = re.compile(
    r"\blouder\b|\bturn (?:it |the music )?up\b|\braise\b|\bincrease\b|\bboost\b|大声|调大|大一点"
    r"|大一些|提高|增大|加大"
)
VOLUME_DOWN = re.compile(
    r"\bquieter\b|\bsofter\b|\bturn (?:it |the music )?down\b|\blower\b|\breduce\b|\bdecrease\b"
    r"|小声|调小|小一点|小一些|降低|减小|轻一点|轻一些|低一点"
)
MUTE = re.compile(r"\bmute\b|静音")
FADE_IN = re.compile(r"\bfade[ -]?in\b|淡入")
FADE_OUT = re.compile(r"\bfade[ -]?out\b|淡出")
FADE_BOTH = re.compile(r"\bfades\b|\bfade in and out\b|\bfade\b(?![ -]?(?:in|out))|淡入淡出|渐入渐出")
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
    "cta": re.compile(r"\bcall[- ]to[- ]action\b|\bcta\b|\bclosing (?:line|text)\b|行动号召|结尾号召|号召语|结尾文字"),
    "headlines": re.compile(r"\bheadlines?\b|\bscene titles?\b|小标题|场景标题"),
    "captions": re.compile(r"\bcaptions?\b|\bsubtitles?\b|字幕|说明文字"),
    "title": re.compile(r"\btitles?\b|标题|片名"),
    "overlays": re.compile(
        r"\btext(?:s| overlays?)?\b|\boverlays?\b|\bwords\b|\blabel\b|\bfont\b|文字|文本|标语|字号"
        r"|字体"
    ),
}
TEXT_ADD = re.compile(
    r"\b(?:add|put|insert|show|write|display|place|include)\b|\b(?:make|create) (?:a|an)\b|添加"
    r"|加上|加个|加一个|加入|插入|显示|写上|放上|^加"
)
TEXT_REMOVE = re.compile(
    r"\b(?:remove|delete|drop|hide|clear|erase|get rid of)\b|删除|删掉|去掉|移除|清除|不要|隐藏"
    r"|拿掉"
)
TEXT_CHANGE_TO = re.compile(r"\b(?:to|into|as|with)\s*«(\d+)»|(?:改成|改为|换成|设为|变成|为|成)\s*«(\d+)»")
TEXT_CHANGE_INLINE = re.compile(
    r"\b(?:change|rename|set|update|edit|replace)\b.*?\b(?:to|with)\s+([^,;«]+)$|(?:改成|改为|换成|设为"
    r"|变成)\s*([^，。,;；«]+)$"
)
TEXT_SAY = re.compile(r"\b(?:say|says|read|reads)\s*«(\d+)»|(?:写着|显示为|内容改成|内容为)\s*«(\d+)»")
TEXT_INLINE_END = re.compile(
    r"\s+(?:for|from|at|in|on|between|starting|throughout|during)\b.*$|(?:前\d|最后\d|在第?\d|从第?\d|放在|位于"
    r"|显示在|，|,).*$"
)
TEXT_INLINE = re.compile(
    r"(?:\bsaying|\bthat says|\bthat reads|\breading|\bcalled|\bnamed|\btitled|:|：|写着|内容是"
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
    r"(?:\bsize|\bfont size|字号|字体大小|大小)\s*(?:to|=|:|of|为|改成|设为|调到|改为)?\s*(\d{2,3})\b"
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

T = NUM + r"\s*" + SEC + "?"
SPAN_RANGE = re.compile(
    r"\bfrom\s+" + T + r"\s*(?:to|until|till|-)\s*" + T
    + r"|\bbetween\s+" + T + r"\s*and\s*" + T
    + r"|" + NUM + r"\s*(?:s|秒)?\s*(?:-|–|~|到|至)\s*第?" + NUM + r"\s*" + SEC
    + r"|从?第?" + NUM + r"秒\s*(?:到|至|-|~)\s*第?" + NUM + "秒?"
)
SPAN_FIRST = re.compile(r"\b(?:the )?first\s+" + NUM + r"\s*" + SEC + r"|(?:前|开头|头)" + NUM + r"秒")
SPAN_LAST = re.compile(r"\b(?:the )?last\s+" + NUM + r"\s*" + SEC + r"|(?:最后|结尾|末尾|后)" + NUM + r"秒")
SPAN_AT = re.compile(r"\b(?:at|starting at|from)\s+" + NUM + r"\s*" + SEC + r"|(?:在|从)第?" + NUM + r"秒")
SPAN_FOR = re.compile(r"\bfor\s+" + NUM + r"\s*" + SEC + r"|(?:显示|持续|停留)" + NUM + r"秒")
SPAN_WHOLE = re.compile(
    r"\bthroughout\b|\b(?:the )?(?:whole|entire) (?:video|time|thing)\b|\ball the way\b|全程"
    r"|整个视频|一直显示"
)

# Canvas and length -----------------------------------------------------------------------------------

RATIOS: dict[str, re.Pattern[str]] = {
    "9:16": re.compile(
        r"9\s*[:：x/]\s*16|\bvertical\b|\bportrait\b|\btiktok\b|\breels?\b|\bshorts\b|竖屏|竖版|竖的"
        r"|抖音"
    ),
    "1:1": re.compile(r"1\s*[:：x/]\s*1\b|\bsquare\b|方形|正方形|方的"),
    "16:9": re.compile(r"16\s*[:：x/]\s*9|\bhorizontal\b|\blandscape\b|\bwidescreen\b|\byoutube\b|横屏|横版|横的|宽屏"),
}
DURATION_WORDS = re.compile(
    r"\b(?:duration|length|long|shorten|extend|lengthen|trim|cut (?:it )?down)\b|\bmake (?:it|the video)\s+\d"
    r"|时长|长度|缩短|延长|加长|改成\d|改为\d|变成\d|剪到|剪成"
)
SHORTER = re.compile(r"\bshorter\b|短一点|短一些|缩短一点")
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
    + r"|(最后)(?:1|一)?个?" + SCENE_NOUN_ZH
)
SCENE_PAIR = re.compile(
    r"\bscenes?\s*(\d+)\s*(?:and|&|,|with)\s*(?:scene\s*)?(\d+)"
    r"|第(\d+)个?(?:场景|镜头)?\s*(?:和|与|跟)\s*第(\d+)个?|(?:场景|镜头)(\d+)\s*(?:和|与|跟)\s*(?:场景|镜头)?(\d+)"
)
SCENE_MOVE = re.compile(r"\bmove\b|\bput\b|\bplace\b|\bshift\b|移到|移至|放到|放在|挪到|调到|移动")
SCENE_SWAP = re.compile(r"\bswap\b|\bswitch\b|\bexchange\b|交换|互换|调换|对调")
SCENE_REMOVE = TEXT_REMOVE
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
    r"|(?:这个|这段|这张|这首|那个|那张|我的|刚上传的|上传的)(视频|片段|素材|图片|照片|图|歌|音乐|音频|文件)"
)
UPLOAD_KINDS: dict[str, str] = {
    "clip": "video", "video": "video", "footage": "video", "视频": "video", "片段": "video",
    "image": "image", "photo": "image", "picture": "image", "pic": "image", "图片": "image", "照片": "image",
    "图": "image", "song": "audio", "track": "audio", "audio": "audio", "music": "audio", "歌": "audio",
    "音乐": "audio", "音频": "audio", "file": "any", "素材": "any", "文件": "any",
}
UPLOAD_THIS = re.compile(r"\b(?:use|put|add|insert|place)\s+(?:this|that|it)\b|用这个|把这个|用它")
UPLOAD_VERB = re.compile(r"\b(?:use|put|add|insert|place|replace|swap|set|drop)\b|用|放|加|替换|作为|换成|当作")
AS_BGM = re.compile(
    r"\b(?:as|for)\s+(?:the\s+)?(?:background music|bgm|soundtrack|music)\b|(?:作为|做|当|当作|用作)背景音乐|(?:作为"
    r"|做|当)配乐"
)
UPLOAD_PREPEND = re.compile(r"\bat the (?:start|beginning)\b|放到开头|加到开头|放在开头|放在最前")

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
)
DEFAULT_CTA = {"en": "Learn more today", "zh": "立即了解更多"}
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
LEAD_WORDS = re.compile(
    r"^(?:and|but|so|also|then|plus|while|which|that)\s+|^(?:而且|并且|还有|同时|另外|以及|和|还"
    r"|也)", re.I
)
CLAUSE_BREAK = re.compile(r"\s*[,，、:：—–]\s*|\s+-\s+")
HALF_BEFORE = frozenset("with and for while to in on at from by so because which that".split())
PHRASE_BREAK = re.compile(r"\s+(?:with|for|because|so that|while|which|that|and)\s+|(?:，|让|为了|因为|以及|并且|和)")
HEADLINE_WORDS = 6
HEADLINE_CHARS_ZH = 14
ZH_CUTS = "的，、与和及"
SUPPORT_CHARS = 90
SUPPORT_CHARS_ZH = 36

# Replies ---------------------------------------------------------------------------------------------

GUI_SUFFIXES = {
    "en": ["Click the Export button to download.", "You can preview it in the timeline.",
           "Open the timeline panel to check it, then click Export when you're happy."],
    "zh": ["点击导出按钮即可下载。", "可以在时间线中预览。", "打开时间线面板查看，满意后点击导出。"],
}
CLAUSE_SPLIT_HARD = re.compile(r"[;；。!！\n]+|\bthen\b|\band also\b|然后|接着|并且|同时|另外")
CLAUSE_SPLIT_SOFT = re.compile(r"\s*,?\s+and\s+|\s*,\s*|\s*，\s*|、|(?<=[\u4e00-\u9fff])并(?=[\u4e00-\u9fff])")


# Cutting Chinese headlines in two (there are no spaces): words a half may start with, and characters a
# half must not start or end with.
ZH_CUT_BEFORE = (
    "位于", "是", "在", "让", "把", "为", "以", "并", "和", "与", "每天", "每日", "专注", "提供", "带来", "拥有",
    "采用", "支持", "可以", "能够", "帮助", "欢迎", "新鲜", "精选", "手工", "智能", "轻松", "快速", "全新",
    "专业", "健康", "自然", "温暖", "适合", "打造", "随时", "一起", "只需", "更", "最",
)
ZH_NO_START = "的了地得着们吗呢吧啊和与及、，。"
ZH_NO_END = "一这那每些个把被在从向对于"
