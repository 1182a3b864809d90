"""The intent classifier's vocabulary: which words are evidence for which action, in English and Chinese.

Only words and short phrases live here, never whole sentences: the classifier (intent.py) decides
from how they combine. Chinese is listed in simplified characters; traditional input is folded to
simplified first (nemovideo.language.simplified), so one list serves both. English entries are lower case.
"""

from __future__ import annotations

# Weights: 2 names the action on its own ("export", "积分"); 1 needs a second piece of evidence
# (a question, a request, an object) because the word is also ordinary ("save", "points", "state").
STRONG, WEAK = 2.0, 1.0

KEYWORDS: dict[str, dict[str, float]] = {
    "export": {
        "export": STRONG, "exporting": STRONG, "download": STRONG, "downloading": STRONG, "render": STRONG,
        "rendering": STRONG, "save": WEAK, "ship": WEAK, "bounce": WEAK, "send": WEAK, "deliver": WEAK,
        "output": WEAK, "spit out": WEAK,
        "send it": STRONG, "send it over": STRONG, "send over": STRONG,
        # Pinyin input slips of 导出 and 下载 (same sounds, other characters): 到出, 下栽 (not 倒出: "pour out").
        "到出": STRONG, "下栽": STRONG,
        "导出": STRONG, "汇出": STRONG, "下载": STRONG, "渲染": STRONG, "输出": STRONG, "保存": WEAK,
        # Chinese "send it to me" names the file by itself: 发给我, 发我一下, 传给我.
        "发给我": STRONG, "发我": STRONG, "丢过来": STRONG, "丢给我": STRONG, "甩给我": STRONG,
        "传给我": STRONG, "给我发": STRONG, "发过来": STRONG, "导一下": STRONG,
        # 出片 ("put out the cut") is how editors say it; 导 with a closing particle is 导出 said short.
        "出片": STRONG, "出成片": STRONG, "导吧": STRONG, "导了吧": STRONG, "导呗": STRONG,
    },
    "credits": {
        "credits": STRONG, "credit": WEAK, "balance": STRONG, "quota": STRONG, "points": WEAK,
        "top up": STRONG, "recharge": STRONG, "充值": STRONG,
        "usage": WEAK, "free usage": STRONG, "tokens": WEAK, "剩余次数": STRONG, "allowance": STRONG, "用量": WEAK,
        "次数": WEAK, "account": WEAK, "账户": WEAK,
        "积分": STRONG, "积份": STRONG,  # 份 for 分: the same sound, a common slip of the keyboard
        "配额": STRONG,
        "余额": STRONG, "额度": STRONG, "剩余额度": STRONG, "剩余积分": STRONG, "剩余点数": STRONG, "点数": STRONG,
    },
    "state": {
        "status": STRONG, "state": WEAK, "timeline": STRONG, "tracks": STRONG, "track": WEAK, "progress": WEAK,
        "preview": WEAK, "summary": WEAK, "overview": WEAK, "recap": WEAK, "draft": WEAK,
        "状态": STRONG, "时间线": STRONG, "时间轴": STRONG, "轨道": STRONG, "进度": STRONG, "内容": WEAK,
        "预览": WEAK,
    },
    "help": {
        "help": STRONG, "guide": STRONG, "tutorial": STRONG, "instructions": STRONG, "manual": STRONG,
        "features": STRONG, "commands": STRONG, "capabilities": STRONG, "capable": STRONG, "tips": WEAK,
        "帮助": STRONG, "教程": STRONG, "使用说明": STRONG, "说明": WEAK, "功能": STRONG, "指南": STRONG,
        "入门": STRONG, "新手": STRONG, "求助": STRONG, "帮帮我": STRONG,
    },
    "upload": {"upload": STRONG, "uploading": STRONG, "上传": STRONG, "上载": STRONG, "附件": STRONG,
               "attached": STRONG, "attaching": STRONG, "传上来": STRONG, "传上去": STRONG},
}

# Spoken and chat contractions, spelled out before anything is read ("gimme the file" is "give me the file").
SLANG = {"teh": "the", "wats": "what's", "wat": "what", "ngl": "honestly", "tbh": "honestly", "imo": "i think",
         "gimme": "give me", "lemme": "let me", "wanna": "want to", "gotta": "got to", "gonna": "going to",
         "whatcha": "what are you", "watcha": "what are you", "what've": "what have", "what'd": "what did",
         "u": "you", "ur": "your", "r": "are", "y'all": "you", "ya": "you", "cuz": "because", "coz": "because",
         "dunno": "don't know", "dl": "download", "wheres": "where is", "whats": "what is", "hows": "how is",
         "rn": "right now", "atm": "at the moment", "vids": "videos", "vid": "video",
         "kinda": "kind of", "sorta": "sort of", "lotta": "lot of",
         "outta": "out of"}

# English keywords a typo may stand for (five letters or more: shorter words are too easy to hit by accident).
TYPO_KEYWORDS = ("export", "download", "render", "credits", "balance", "quota", "status", "timeline", "tracks",
                 "upload", "progress", "tutorial", "features", "state")
# Four-letter keywords accept one swap of neighbouring letters ("hlep"), nothing looser.
SWAP_KEYWORDS = ("help", "what")  # (what: "waht can you do?" is still a question)

# A keyword is content, not a request, when a noun follows it ("status bar", "download button",
# 状态栏) or a modifier precedes it ("end credits"). English: any word not on this list after the
# keyword makes it a modifier; Chinese has no spaces, so the nouns that follow are listed instead.
EN_FOLLOWERS = frozenset("""
it its this that these those them me my the a an our your his her video videos mp4 file files clip movie film
result output project now please pls plz then again yet already too so right asap first here there for to as
in into with on of at from by left remaining sitting looking standing one two three some several few all both
remain remains do does did are is was were
have has had i we you
should can could would will shall and or but thanks thank ok okay still anymore currently look looks like
summary report overview list info information details count quickly immediately tonight today final finished
balance status timeline tracks credits please show check tell if when once after before up down out over what
how whats how's what's again hd 1080p 4k mp4s high version format some more new another any rn u thx ty time
all state progress summary overview info amount total number level situation photos photo pictures picture
images image clips music song songs logo footage media assets audio
""".split())
EN_PREMODIFIERS = frozenset({"end", "opening", "closing", "film", "movie", "rolling", "roll", "bank", "race",
                             "visual", "color", "colour", "white", "off", "tonal", "stereo", "left", "right",
                             "sound", "audio", "music", "bonus"})
ZH_SUFFIX_NOUNS = ("图", "效果", "风格", "制度",
                   "栏", "列", "条", "按钮", "键", "图表", "图标", "商城", "商店", "规则", "中心", "软件", "二维码",
                   "码", "页面", "页", "界面", "动画", "卡", "增长", "字幕", "提示", "广告", "链接", "教程", "进度条")
ZH_FINAL = ("最终", "最后", "完整", "正式", "最终版", "完整版")  # 生成最终的视频: the file, not a subject
ZH_PREMODIFIERS = ("信用卡", "银行", "演职", "发展", "历史", "公司", "品牌")
# Words before 's that make no possessive ("let's export", "it's status") or that own the project itself.
NOT_POSSESSIVE_EN = ("let", "it", "that", "what", "here", "there", "who", "he", "she", "where", "how", "video",
                     "project", "draft", "film", "movie", "clip", "today", "everything", "one")

# Verbs that act on the video's content: an edit goes to the agent even when a keyword is near.
EDIT_VERBS_EN = frozenset({"start over", "start again", "begin again", "start with", "open with", "end with",
                           "begin with", "close with", "finish with"}) | frozenset("""
add put insert change make create generate remove replace move trim cut crop delete undo redo use set turn
adjust increase decrease lower raise boost reduce speed slow swap switch rotate flip apply fade mute unmute
shorten lengthen extend split merge reorder rearrange write roll include place overlay animate resize enlarge
shrink recolor colour color brighten darken blur sharpen zoom stretch center centre align highlight rename
retitle edit modify fix tweak produce build compose design draw narrate dub caption subtitle translate loop
repeat duplicate copy paste keep try drop
""".split())
EDIT_VERBS_ZH = ("重新生成", "重新来", "重来", "重做", "重新做", "推倒重来", "更新", "统一", "调整",
                 "添加", "加上", "增加", "插入", "修改", "替换", "删除", "删掉", "去掉", "去除", "移除",
                 "生成", "制作", "撤销", "撤回", "设置", "设为", "变成", "淡出", "淡入", "缩短", "延长", "加快",
                 "放慢", "旋转", "翻转", "拼接", "合并", "拆分", "剪辑", "配上", "换成", "改成", "变",
                 "拼", "加", "改", "换", "删", "放", "做", "剪", "裁", "调", "移", "挪", "写", "插", "弄", "配")

# Keywords that are also edit verbs ("balance the audio"): said first, with an object, they edit.
VERB_KEYWORDS = ("balance",)

IRREGULAR_PARTICIPLES = {"made": "make", "put": "put", "cut": "cut", "set": "set", "written": "write",
                         "built": "build", "drawn": "draw", "kept": "keep", "split": "split", "undone": "undo",
                         "redone": "redo", "shrunk": "shrink"}

# Words that open a clause without asking for an edit, even when an object follows ("show me the…").
NOT_EDIT_STARTERS = frozenset("""
and or but so then also plus with of the in on at to for from by honestly basically actually maybe ok okay yes no
hi hey hello dear um uh lol
show tell check give send get let see list display view need want hand deliver email ship export download render
save upload help what how which who where when why whats is are was were do does did have has had can could would
will should may might must i we you it this that they he she there here thanks thank love like looks look looking
seems sounds feel feels keep is it's that's what's how's looks great good nice perfect cool awesome fine
all any every each no not yes yeah yep sure ok okay done finish finished stop wait hold hey hi hello
explain walk teach guide tutorial know wondering remind ask open close preview play watch summarize summarise
describe recap me us him her them provide dump print fetch return pull bring trigger run start
""".split())

# Before an English verb these make it a statement, not a request ("before I generate another clip").
# After these an English verb is a noun ("the final cut", "a quick fade").
EN_NOUN_ADJECTIVES = frozenset({"final", "rough", "last", "first", "next", "quick", "jump", "hard", "director's",
                                "current", "latest", "new", "whole", "previous", "recent"})
# Said first, these still mark a noun ("current cut": the determiner may have been read already); not first/next,
# which also order commands ("first remove the watermark").
EN_NOUN_ONLY_ADJECTIVES = frozenset({"current", "latest", "whole", "previous", "recent", "final", "rough"})
EN_SUBORDINATORS = frozenset({"before", "after", "when", "whenever", "if", "once", "since", "because", "while",
                              "until", "till", "so", "although", "though"})
EN_SUBJECTS = frozenset({"i", "we", "they", "he", "she", "i've", "we've", "i'd", "i'll", "we'll", "i'm", "we're",
                         "you're", "it's", "that's", "they're"})
EN_MODALS = frozenset({"can", "could", "would", "will", "should", "may", "might", "shall", "do", "did", "please",
                       "let's", "lets", "to", "want", "wanna", "need", "like", "gonna", "help", "you"})
EN_DETERMINERS = frozenset({"the", "a", "an", "my", "your", "our", "this", "that", "any", "some", "each",
                            "every", "its", "his", "her", "their", "no"})
# In Chinese a first-person subject or a time in the past makes an edit verb a statement (我改了好几次).
ZH_STATEMENT = ("我们", "我", "刚才", "刚刚", "已经", "之前", "以前")
ZH_DESIRE = ("想", "要", "需要", "希望", "打算", "准备", "让你", "请你", "帮我")

NEGATIONS_EN = ("don't", "dont", "do not", "not", "no need", "no", "never", "hold off", "stop", "wait", "without",
                "no rush")
NEGATIONS_ZH = ("唔好住", "唔好", "唔使",
                "等会再", "等会儿再", "等一会再", "待会再", "待会儿再", "稍后再", "晚点再", "回头再",
                "莫急到", "莫急着", "先莫", "莫", "不急着", "别急着", "唔急住",
                "先别", "先不要", "先不", "暂时不要", "暂时不用", "暂时不", "暂不", "还不要", "还不",
                "不要", "不用", "不想", "不需要", "无需", "不必", "没必要", "甭", "别", "不")

# Words around a command that change nothing ("please", "hey", 嗯, 麻烦, 一下, 吧).
FILLERS_EN = ("go ahead and", "thank you", "right now", "for me", "real quick", "can you", "could you",
              "would you", "will you", "can i", "could i", "i want to", "i'd like to", "i would like to",
              "please", "pls", "plz", "kindly", "thanks", "thx", "hey", "hi", "hello", "um", "umm", "uh", "erm",
              "hmm", "ok", "okay", "alright", "well", "just", "now", "then", "again", "yo", "oh", "ah", "quickly",
              "asap", "let's", "lets", "so", "also", "and", "yet", "nemo", "the", "my", "it", "this", "that", "me",
              "to", "a", "an", "already", "first", "sure", "yes", "yeah")
FILLERS_ZH = ("唔该", "得喇", "喇", "㗎", "嘅",
              "请问", "请你", "请", "麻烦你", "麻烦", "帮我", "帮忙", "给我", "一下", "一下子", "吧", "呢", "啊", "呀",
              "嘛", "哈", "啦", "哦", "噢", "喂", "嗯", "那个", "谢谢", "谢啦", "多谢", "好的", "现在", "马上",
              "立即", "立刻", "直接", "那就", "就", "我要", "我想", "可以", "能", "把", "的", "我", "了", "来",
              "下", "个", "这个", "它", "你", "先")

# Courtesy formulas that carry words the classifier would otherwise read ("if it's not too much trouble").
POLITE_FORMULAS = ("if it's not too much trouble", "if it isn't too much trouble", "if you don't mind",
                   "if you do not mind", "if possible", "if you can", "when you get a chance", "when you have a moment",
                   "when you have time", "不好意思", "麻烦你了", "辛苦了", "如果可以的话", "如果方便的话", "有空的话")

# Approval before a command is neutral ("looks good, export it"; 好了，导出吧).
APPROVALS_EN = ("looks good", "looks great", "looks perfect", "looks nice", "looks fine", "look good", "perfect",
                "great", "nice", "awesome", "cool", "good", "fine", "that's it", "that's all", "that's good",
                "that's great", "that's perfect", "i'm happy with it", "i'm happy with that", "happy with it",
                "i'm done", "done", "love it", "i love it", "i like it", "good job", "well done", "all good",
                "alright", "all right", "ok", "okay", "yes", "yep", "yeah", "sure", "excellent", "amazing")
APPROVALS_ZH = ("搞定了", "搞定", "好了", "可以了", "行了", "行", "就这样", "不错", "很好", "挺好", "满意",
                "我很满意", "很满意", "没问题", "完美", "太棒了", "好的", "好", "可以", "ok", "就这样吧",
                "这样就行", "这样可以")

# Questions and requests for information (credits, state, help).
QUESTIONS_EN = ("how many", "how much", "what's", "whats", "what is", "what are", "is there", "are there",
                "do i have", "have i got", "do we have", "left", "remaining", "remain", "still have", "out of",
                "enough", "how's", "how is", "how are", "any", "which", "do i still")
QUESTIONS_ZH = ("多少", "几个", "几", "吗", "呢", "么", "是什么", "怎么样", "什么情况", "如何", "还剩", "剩下",
                "剩余", "还有", "够不够", "够吗", "有没有", "啥", "哪些", "什么")
REQUESTS_EN = ("summarize", "summarise", "describe", "recap", "dump", "print", "pull up", "bring up", "check", "show",
               "tell me", "let me see", "let me know", "see", "view", "display", "list",
               "i want to know", "i'd like to know", "wondering", "know")
REQUESTS_ZH = ("说说", "讲讲", "说一下", "讲一下",
               "查一下", "查下", "查询", "查看", "查", "看看", "看一下", "看下", "给我看", "显示", "告诉我",
               "想知道", "列出", "列一下", "列出来", "瞧瞧", "瞅瞅")

# Verbs that start a request of their own after "and" ("… and send me the video").
REQUEST_VERBS_EN = ("send", "give", "get", "show", "check", "tell", "let", "see", "list", "display")

# Asking for the file: a request verb plus a definite object ("get me the file"; 把最终的视频文件给我).
FILE_REQUESTS_EN = ("could i have", "i'd love to have", "i would love to have", "provide", "send me", "give me",
                    "get me", "get", "grab", "hand me", "hand over", "i'd like", "need",
                    "over to me",
                    "i would like", "i want", "i need", "can i have", "can i get", "deliver", "email me",
                    "send us", "return", "i'll take", "let me have")
FILE_OBJECTS_EN = r"(?:the|my|this|our)(?: (?:final|finished|edited|completed|whole))?(?: [a-z]+)? " \
                  r"(?:video|mp4|file|movie|film|" \
                  r"clip|result|output|cut|version)|final (?:video|file|cut|version|mp4)|mp4" \
                  r"|it(?= *$| (?:to me|over|now|please|pls|already|asap|as|in|back|to my|to the|here|right))" \
                  r"|to (?:my|the) (?:computer|disk|desktop|device|phone|laptop|downloads)"
FILE_REQUESTS_ZH = ("给我", "我要", "拿到", "交给我", "畀我", "俾我")
FILE_OBJECTS_ZH = ("档案", "影片档", "条片",
                   "到本地", "到电脑", "到桌面", "到手机", "视频文件", "成片", "成品", "最终的视频", "最终视频",
                   "最终文件", "最终的文件", "文件",
                   "最终版", "mp4", "影片", "视频")

# Phrases that ask what the project holds ("what's in it?", 视频里有什么).
CONTENT_NOUNS_EN = ("seconds", "minutes", "texts", "overlay", "overlays",
                    "music", "bgm", "song", "title", "titles", "text", "subtitles", "captions", "scene", "scenes",
                    "clip", "clips", "image", "images", "logo", "voiceover", "transition", "transitions", "sound",
                    "audio", "font", "aspect ratio", "ratio", "resolution", "duration", "length", "intro", "ending")
CONTENT_NOUNS_ZH = ("背景音乐", "音乐", "配乐", "歌", "bgm", "标题", "字幕", "文字", "片段", "场景", "图片", "转场",
                    "配音", "logo", "声音", "画面", "片头", "片尾", "字体", "比例", "画幅", "分辨率", "时长")

# Nouns that name the whole video or its file: "render the video in 1080p" is the export, not a look.
FILE_NOUNS_EN = ("video", "videos", "mp4", "file", "movie", "film", "clip", "project", "final", "whole", "entire",
                 "thing", "result", "output", "cut", "version", "it", "this", "everything")

# What an edit turns up or down: "bump contrast +10" opens with a verb even without "the".
PROPERTY_NOUNS_EN = ("contrast", "saturation", "brightness", "exposure", "volume", "speed", "sharpness", "warmth",
                     "tempo", "pace", "gamma", "vibrance", "highlights", "shadows", "bass", "treble", "zoom")

# Things inside the video: "render the background blurry" shows one of them a certain way (an edit).
ELEMENT_NOUNS_EN = ("text", "title", "titles", "subtitle", "subtitles", "caption", "captions", "background",
                    "logo", "font", "letters", "words", "colors", "colours", "image", "images", "photo", "photos",
                    "scene", "scenes", "shadow", "shadows", "edges", "sky", "face", "faces", "overlay", "intro",
                    "outro", "ending", "transition", "transitions", "frame", "frames", "graphics", "effects")

# Topics: what follows is the video's subject, not a request ("a video about the export industry").
TOPIC_NOUNS_EN = ("video", "clip", "film", "movie", "promo", "ad", "advert", "intro", "outro", "tutorial",
                  "animation", "scene", "short", "reel", "story", "presentation", "slideshow", "trailer",
                  "explainer", "commercial", "podcast", "segment", "shot", "bar", "graphic", "banner", "screen",
                  "slide", "section", "part", "picture", "photo", "chart", "card", "poster", "image", "title", "text")
TOPIC_LINKS_EN = ("about", "on", "of", "showing", "explaining", "titled", "called", "named", "featuring",
                  "introducing", "describing", "highlighting", "that shows", "that explains")
TOPIC_NOUNS_ZH = ("视频", "短片", "片子", "动画", "广告", "教程", "影片", "宣传片", "介绍", "短视频", "片")
TOPIC_MARKERS_ZH = ("介绍", "讲解", "讲述", "讲", "展示", "教人", "教你", "宣传")

# Where people post their videos: "upload it to YouTube" is a plan, not a file to upload here.
PLATFORMS = ("presentation", "slides", "deck", "website", "newsletter", "演示", "汇报", "ppt", "官网",
             "bandcamp", "soundcloud", "spotify", "twitch", "pinterest", "snapchat", "whatsapp", "telegram",
             "西瓜视频", "优酷", "爱奇艺",
             "youtube", "tiktok", "instagram", "ig", "facebook", "fb", "twitter", "linkedin", "vimeo", "reels",
             "抖音", "快手", "b站", "bilibili", "小红书", "视频号", "朋友圈", "微信", "微博", "youtube上", "ig上",
             "粉专", "粉丝专页", "群里", "社群")

# Words that only present attached files ("here's my logo", 素材发你了): nothing for chat to do.
PRESENTING_EN = ("here's", "heres", "here is", "here are", "here you go", "here", "check out", "take a look at",
                 "look at", "is", "are", "my", "our", "the", "this", "these", "those", "it", "them", "some", "a",
                 "file", "files", "clip", "clips", "photo", "photos", "picture", "pictures", "image", "images",
                 "video", "videos", "logo", "song", "footage", "asset", "assets", "attached", "attachment")
PRESENTING_ZH = ("这是", "这些是", "这些", "这个", "这张", "这段", "这首", "看看", "素材", "发你了", "给你", "文件",
                 "图片", "照片", "视频", "我的", "附件", "链接", "都在这")

# Where something goes in the video ("at the end", 片尾): the sentence is about content, not a request.
PLACEMENTS_EN = ("at the end", "at the start", "at the beginning", "in the corner", "on screen", "on the screen",
                 "at the bottom", "at the top", "in the middle", "over the last", "over the first",
                 "for the end", "for last", "till the end", "until the end", "for the finale")
PLACEMENTS_ZH = ("片尾", "片头", "开头", "结尾", "右上角", "左上角", "右下角", "左下角", "角落", "屏幕上", "画面上")

# How something in the video should look ("too small", "in bold", 大一点): a change asked without a verb.
ADJUSTMENTS_EN = ("should", "shouldn't", "needs to", "need to be", "must", "too", "bigger", "smaller", "larger",
                  "faster", "slower", "louder", "quieter", "softer", "brighter", "darker", "longer", "shorter",
                  "higher", "wider", "narrower", "thicker", "thinner", "instead", "in bold", "in italics", "bold",
                  "italic", "in white", "in black", "in red", "in blue", "in green", "in yellow")
ADJUSTMENTS_ZH = r"(?<!不)太(?!好|棒|感谢|谢谢)|[大小慢长短亮暗高低粗细宽窄久]一?点|快一点|更[大小快慢长短亮暗高低]" \
                 r"|应该|" \
                 r"[红白蓝黑绿黄紫灰]色|加粗|粗体|斜体"

# Symbols that say a word where people type them instead ("🔇 music, then export", "⬇️ video pls"); other emoji are
# decoration and are dropped.
SYMBOL_WORDS = {"🔇": " mute ", "🔕": " mute ", "✂": " cut ", "🗑": " delete ", "⬇": " download ", "📥": " download ",
                "❓": " ? ", "💰": " balance "}
