"""The intent classifier: a sentence -> per-action scores from evidence that generalises, and a decision.

Each clause of the sentence is read for evidence, and every piece of evidence is a named feature
with a weight. The feature's first part says what it counts for: one action ("credits:keyword:余额"
+2), the three information actions ("info:question:how many" +1: credits, state, help), every
direct action ("against:edit:add" -4), or every one but state ("content:placement:at the end" -2:
a question may ask what is at the end). An action's score is the sum of what counts for it; it
wins when it has evidence of its own, reaches THRESHOLD and no other action does. Anything else
(no evidence, weak evidence, two actions at once, an edit) is chat, where the agent answers.
"neutral:" features (typos, approvals, statements) explain and weigh nothing. docs/routing.md
explains the rules.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal, cast

from nemovideo.conversation import intent_words as W
from nemovideo.conversation.intent_model import features, shipped
from nemovideo.language import Corrector, damerau_levenshtein, has_chinese, is_ordinary_word, simplified

Action = Literal["export", "credits", "state", "upload", "help", "chat"]
Evidence = tuple[str, float]  # (feature, weight): "credits:keyword:余额", 2.0

DIRECT: tuple[Action, ...] = ("export", "credits", "state", "help", "upload")
INFO = ("credits", "state", "help")  # the actions that answer a question
THRESHOLD = 2.0
EDIT_WEIGHT = -4.0  # an edit outweighs any keyword with its question: the user's change must not be lost
NEGATED_WEIGHT = -5.0
TOPIC_WEIGHT = QUOTED_WEIGHT = -2.0
CONTENT_NOUN_WEIGHT = 0.0  # a keyword inside a noun phrase is simply no keyword; other evidence still counts
ADJUSTMENT_WEIGHT = -2.0  # "too small", 大一点: how content should look
PLACEMENT_WEIGHT = -2.0  # "at the end", 片尾: where something goes in the video (state questions may ask it)
PHRASE_WEIGHT = 2.0  # a phrase that asks for an action by itself ("what's in it?", 视频里有什么)
CAPABILITY_WEIGHT = 3.0  # "what can you do?": help, and the verb in it is no edit
MODEL_CONFIDENCE = 0.6  # the model's second opinion decides only when it is at least this sure

_CORRECTOR = Corrector(W.TYPO_KEYWORDS)
_DROPPED = ("So", "Sk", "Cs", "Co")  # emoji and other symbols, surrogates, private use: decoration
# The language module folds traditional characters; two more read one way here: 帳 as in 帳戶 (account, not
# tent) and 甚 as in 甚麼 (what).
_FOLD = str.maketrans({"帳": "账", "甚": "什"})
_LATIN_WORD = re.compile(r"[a-z][a-z']*")
_SLANG = re.compile(
    r"(?<![a-z'])(?:" + "|".join(map(re.escape, sorted(W.SLANG, key=len, reverse=True))) + r")(?![a-z'])")
# 加一行字：扫码下载App, "add a caption: download our app": what follows the colon is the video's text.
_COLON_TEXT = re.compile(r"(?:(?<=[字题幕写句语])|(?<=caption)|(?<=captions)|(?<=title)|(?<=titles)|(?<=text)|(?<=line)"
                         r"|(?<=lines)|(?<=saying)|(?<=says)"
                         r"|(?<=reads))\s*[:：]\s*[^\s\"“「][^。；;]*?"
                         r"(?=[，,]\s*(?:然后|再|之后|接着|and then|then)|[。；;]|$)")
_QUOTES = re.compile(r"“[^”]*”|\"[^\"]*\"|「[^」]*」|『[^』]*』|《[^》]*》|(?<![a-z])'[^']+'(?![a-z])")


def alternation(words: Iterable[str]) -> str:
    """An alternation of words, longest first; English words only match whole ("state" not in "statement")."""
    parts = []
    for word in sorted(set(words), key=len, reverse=True):
        escaped = re.escape(word)
        parts.append(rf"(?<![a-z0-9']){escaped}(?![a-z0-9'])" if word.isascii() else escaped)
    return "|".join(parts)


_ACTION_OF = {word: (action, weight) for action, words in W.KEYWORDS.items() for word, weight in words.items()}
# Clauses end at punctuation, at "but", "so", "then", 然后, 不过, ..., and at "and" before a command
# ("add music and export it"), not inside a list ("what scenes and music are in it").
_COMMAND_START = alternation([*W.EDIT_VERBS_EN, *_ACTION_OF, *W.REQUEST_VERBS_EN])
_CLAUSE_BREAK = re.compile(
    r"[,.;:!?。、…~\n+&]+|\s+(?:and then|then|but|so(?! far| much| many| that| you| we| i | it)|after that|plus)\s+"
    r"|然后|之后|接着|并且|不过|但是|可是|(?<=[\u4e00-\u9fff]) (?=[\u4e00-\u9fff])"
    rf"|\s+and\s+(?=(?:also |please |just |now )?(?:{_COMMAND_START}))"
)
_KEYWORD = re.compile(alternation(_ACTION_OF))
_EDIT_EN = re.compile(alternation(W.EDIT_VERBS_EN))
_EDIT_ZH = re.compile(alternation(W.EDIT_VERBS_ZH))


def _inflected(verbs: Iterable[str]) -> dict[str, str]:
    """'adding' and 'added' (also 'cutting', 'made') -> the verb, for edits named as done first."""
    forms = dict(W.IRREGULAR_PARTICIPLES)
    for verb in verbs:
        stem = verb[:-1] if verb.endswith("e") else verb
        doubled = verb + verb[-1] if re.fullmatch(r"[^aeiou]*[aeiou][bdgmnpt]", verb) else stem
        for form in (stem + "ing", doubled + "ing", stem + "ed", doubled + "ed"):
            forms.setdefault(form, verb)
    return forms


_DONE_FIRST = _inflected(W.EDIT_VERBS_EN)
_IMPERATIVE = re.compile(
    r"^\s*(?:(?:please|pls|just|now|also|and|then|so|ok|okay|maybe|quickly|can you|could you|would you|will you"
    r"|can we|could we|let's|lets)\s+)*([a-z]+)"
    r"(?: (?:in|on|up|out|off|away|down|over|back|together|around))? "
    r"(?:a|an|the|some|more|less|my|our|this|that|these|those|its|it|them|all|every|each"
    rf"|{alternation(W.PROPERTY_NOUNS_EN)})(?![a-z'])"
)
_EDIT_EN_DONE = re.compile(
    rf"(?<![a-z'])(?:after|once|you've|you have|having)(?: [a-z]+)? ({alternation(_DONE_FIRST)})"
)
_DEVICE = re.compile(r"(?<![a-z])(?:to|onto|into|on) (?:my|the|our) (?:computer|laptop|desktop|phone|disk|"
                     r"hard drive|drive|device|downloads(?: folder)?|pc|mac)(?![a-z])"
                     r"(?! (?:mockup|mock-up|screen|frame|case|template|ui|icon|app|wallpaper|bezel)(?![a-z]))"
                     r"|(?:存|保存|下载|放|传|弄)?到(?:我的?)?(?:本地|电脑|桌面|手机|硬盘)")
_MOVING_VERB = re.compile(r"(?<![a-z])(?:put|move|copy|transfer|get|store)(?![a-z])")
_PLATFORM = re.compile(rf"(?:upload|uploading|post|posting|share|sharing|put|上传|发到|发布到|传到|发|放到|放上|丢到)"
                       rf"(?: (?:it|this|the video|them))?(?: up)?(?: (?:to|on|onto|in|into))?(?: (?:my|our|the))? ?"
                       rf"(?:{alternation(W.PLATFORMS)}"
                       rf"|(?:[a-z]+ ){{0,2}}(?:page|site|website|channel|account|feed|story|stories|profile|group chat"
                       rf"|shop|store)(?![a-z]))")
_NEGATION = re.compile(alternation(W.NEGATIONS_EN + W.NEGATIONS_ZH))
_QUESTION = re.compile(alternation(W.QUESTIONS_EN + W.QUESTIONS_ZH))
_REQUEST = re.compile(alternation(W.REQUESTS_EN + W.REQUESTS_ZH))
# 给我做个…视频 asks for a video to be made, not for the file: a verb right after 给我 makes it a courtesy.
# (A masked verb has become spaces, so a space right after 给我 counts as one too.)
# 给我 asks for the file only when the file or nothing follows (视频给我, 给我成片, 发给我吧): 给我孙女做个视频 and
# 给我说说 use it for "for me" and "to me".
_FILE_REQUEST = re.compile(rf"{alternation(W.FILE_REQUESTS_EN)}"
                           rf"|(?:{alternation(W.FILE_REQUESTS_ZH)})"
                           rf"(?=$|[吧啊呀呢嘛哈啦啰喔哦了]|一下|发|下载|{alternation(W.FILE_OBJECTS_ZH)})")
# "send you a video I took", 传几张截图给你, 把原视频传上来: files coming to the assistant are an upload.
_SEND_TO_YOU = re.compile(
    r"(?<![a-z])(?:send|sending|give|giving|share|sharing) you (?:a |an |my |our |the |some |these |"
    r"\d+ |a few |two |three )?(?:[a-z]+ )?(?:videos?|photos?|pictures?|pics?|files?|clips?|logos?"
    r"|images?|footage|music|tracks?|screenshots?|audio|recordings?|voice ?overs?|songs?|shots?)(?![a-z])"
    r"|传(?:[^，。,.]{0,10}?)(?:给你|上来|上去|过来)(?!了?(?:吗|没|么))")
_COST_ZH = re.compile(
    r"(?:要|会|得|需要)?(?:扣|花|消耗|耗|用掉|花掉|收)(?:了|掉)?(?:我)?(?:多少|几)(?:个)?(?:积分|点数|点|额度|钱)?"
    r"|(?:也|都)?(?:要|会)?(?:扣|花|消耗|收)(?:积分|点数|额度|点|钱)(?:吗|么|不|没)?")
_COST_EN = re.compile(
    r"(?<![a-z])(?:cost|costs|charge|charges|charged|use up|used up|eat|ate)(?: me| us)?(?: any| much| extra| all)?"
    r"(?: (?:my |of my )?(?:credits|points|quota))?(?![a-z])")
_EN_QUESTION_START = re.compile(
    r"^(?:so |and |hey |hi |ok )?(?:what|how|do|does|did|will|is|are|would|was)(?![a-z'])|\?")
# 这是早餐的照片，请收下, "here are the files": files presented to the assistant.
_PRESENTING_FILES = re.compile(
    r"^(?:这是|这些是|这里是|附上|附件是|here(?:'s| is| are)|attached (?:is|are))(?: (?:the|my|our|some))?"
    r"(?:[^，。,.]{0,16}?)"
    r"(?:照片|图片|相片|视频|影片|文件|素材|档案|files?|photos?|pictures?|videos?|clips?|images?|footage)(?![a-z])")
_GIVE_IT_TO_ME = re.compile(r"[俾畀](?:条|个|段)?(?:片|视频|影片|档案|文件)我")  # Cantonese: give the video to me
_FILE_OBJECT = re.compile(rf"(?<![a-z])(?:{W.FILE_OBJECTS_EN})(?![a-z'])|{alternation(W.FILE_OBJECTS_ZH)}")
_BEFORE_KEYWORD = re.compile(rf"(?<![a-z])(?:before|after|until|till|once|when|while)(?: (?:the|we|i|you|it's))? "
                             rf"(?:{alternation(_ACTION_OF)})")
_KEYWORD_BEFORE = re.compile(rf"在(?:{alternation(_ACTION_OF)})(?:之前|以前|前|之后|以后|后|的时候)")
_LATER = re.compile(r"(?<![a-z])(?:later|tomorrow|another time|next time|next week|afterwards)(?![a-z])")
_SAID_OF_SOMEONE = re.compile(r"(?<![a-z'])(?:we|they|he|she|our company|our business)(?: (?:also|mainly|only|do|does|"
                              r"did|will|mostly))* $")
_NOT_QUESTION = re.compile(r"好几|几乎")  # "several", "almost": no question in them
_APPROVAL = re.compile(alternation(W.APPROVALS_EN + W.APPROVALS_ZH))
_FILLER = re.compile(alternation(W.FILLERS_EN + W.FILLERS_ZH))
# "help me add music": a courtesy before a verb, not a request for help.
_HELP_ME = re.compile(r"(?<![a-z])help me(?= *[a-z\u4e00-\u9fff])")

_CONTENT_EN = alternation(W.CONTENT_NOUNS_EN)
_DISPLAYS = re.compile(rf" (?:the |a |an |all |every |each |this |that |my )?(?:[a-z]+ )?"
                       rf"(?:{alternation(W.ELEMENT_NOUNS_EN)})(?! file)(?![a-z])"
                       rf"| (?:the|a|an|all|every|each|this|that|my) (?!{alternation(W.FILE_NOUNS_EN)})[a-z]+"
                       r"(?= (?:in|as|with|at|on|bigger|smaller|larger|bold|italic|more|less)(?![a-z])| {2})"
                       r"| it (?:in|as) (?!(?:1080p?|720p?|4k|mp4|mov|hd|full|high|the|a|an)(?![a-z0-9]))")
_CONTENT_ZH = alternation(W.CONTENT_NOUNS_ZH)
_NOT_OWNERS = ("current", "latest", "last", "new", "first", "whole", "entire", "draft", "edit", "cut", "timeline",
               "account", "plan", "credits", "balance")
_ZH_PART_AFTER = re.compile(r"(?:的|那个|这个|那段|这段|那一|这一)?"
                            r"(?:画面|镜头|片段|部分|一幕|幕|分辨率|格式|画质|清晰度|设置|文件名)")
_LINK_TO_ME = re.compile(r"发我|发给我|给我|send (?:it )?to me|send me")
_LINK_AFTER = re.compile(r"(?:link|url|链接|连结)")
_ELEMENT_BEFORE = re.compile(rf"(?:{alternation(W.ELEMENT_NOUNS_EN + ('colors', 'colours', 'color', 'colour'))}"
                             rf"|(?:the|this|that|these|those|all|my) (?!{alternation(W.FILE_NOUNS_EN)})[a-z]+"
                             rf"|颜色|画面|色彩|效果|字幕|文字|标题)\s*$")
_TOPIC_EN = re.compile(rf"(?<![a-z])(?:{'|'.join(W.TOPIC_NOUNS_EN)})s? (?:{alternation(W.TOPIC_LINKS_EN)}) .*")
# "I want video for my bakery", "make me a short reel": a new video asked for (a file is "the video").
_WANTS_NEW_VIDEO = re.compile(
    r"(?<![a-z])(?:i want|i need|i'd like|i would like|make me|create me|give me) (?:a |an |one |some )?"
    r"(?:new |short |quick |nice |little |cool |beautiful )*(?:video|clip|reel|promo|ad|movie|film)s?"
    r"(?! file)(?= (?:for|about|of|with|showing|that|to)(?![a-z])| *$)")
# 幫我整條15秒嘅片: Cantonese 整 before a measure word is "make" (整个 is "the whole", 整好 "done").
_ZH_MAKE_CANTONESE = re.compile(r"(?<![完调])整(?=[条段支部啲靓]|一(?:条|段|支|个|部))")
_UPLOAD_BEFORE = re.compile(r"(?:upload|uploading|attached|attaching|send you|上传|上载)(?: [a-z]+){0,3} ?$")
_TOPIC_ZH_ABOUT = re.compile(r"(?:关于|有关)(?:.*?的|.*)")
# 做一个下载App的宣传视频: what comes between "make a" and "…的视频" is the subject.
_TOPIC_ZH_MADE = re.compile(
    rf"(?:做|生成|制作|拍)(?![好完成了过])(?:一个|一段|一条|一支|个|段|条|支)?(.+?)的.{{0,4}}?(?:{alternation(W.TOPIC_NOUNS_ZH)})"
)
_TOPIC_ZH_MARKER = re.compile(rf"({alternation(W.TOPIC_MARKERS_ZH)})(.+)")
_TOPIC_ZH_BEFORE = re.compile(rf"(?:{alternation(W.TOPIC_NOUNS_ZH)}|做|生成|制作|拍)")
_TOPIC_ZH_AFTER = re.compile(rf"的(?:{alternation(W.TOPIC_NOUNS_ZH)})")

_WHO_EN = r"(?:you|it|this|this tool|this app|the tool|the app|nemo|nemovideo|你 ?)"
_PLACEMENT = re.compile(alternation(W.PLACEMENTS_EN + W.PLACEMENTS_ZH))
_ADJUSTMENT = re.compile(
    rf"(?!too\s*$)(?:{alternation(W.ADJUSTMENTS_EN)})|{W.ADJUSTMENTS_ZH}"
    rf"|with (?:a |an |the |some |new |different |more |less |my )*(?:{_CONTENT_EN})|带(?:上|着)?(?:{_CONTENT_ZH})"
)
_POLITE_FORMULA = re.compile(alternation(W.POLITE_FORMULAS))
# 你觉得音乐合适吗, "do you think the music works?": the agent's judgement, never a direct action.
_OPINION = re.compile(
    r"你觉得|你认为|你看(?:看)?(?:这|那|现在)?.{0,12}(?:合适|好不好|行不行|怎么样)|合适|适合|推荐|建议|好看吗|好不好看"
    r"|(?<![a-z])(?:do you think|what do you think|in your opinion|would you say|would suit|suits|recommend"
    r"|does it (?:look|sound|feel) (?:good|ok|okay|right|better|bad))(?![a-z])")
# "thank you very much for your kind help", 谢谢你的帮助: thanks, not a request for help
_THANKS_FOR_HELP = re.compile(
    r"(?:thanks|thank you|thx|ty|grateful|appreciate)(?: [a-z]+){0,4} for (?:all )?(?:your |the )?"
    r"(?:kind |great |generous )?help(?:ing)?|(?:谢谢|感谢|多谢)(?:你|您)?(?:的)?(?:帮助|帮忙)")
_CAPABILITY = re.compile(
    rf"what (?:else )?(?:can|could) {_WHO_EN} (?:actually |really |even |else |all |exactly )?(?:do|make|create|help)"
    r"(?: me)?(?: with)?"
    r"|what (?:can|should) i ask(?: you)?(?: to do| for)?|who are you|what are you(?: for)?$"
    r"|(?:这|这个|你)(?:是|都是)?(?:干|做)(?:什么|啥)的|你是谁"
    r"|what (?:else )?can (?:i|we) do(?: here| with (?:this|it|you))?(?![a-z ]*(?:to|for) )"
    rf"|what (?:kinds?|sorts?|types?) of (?:[a-z]+ )?(?:can|could|do) {_WHO_EN} (?:do|make|create|generate|help)"
    r"|where (?:do|should|can) (?:i|we) (?:start|begin)"
    # "how do I add music?": asking how to do something is asking for help, whatever the verb
    # (but "how do I download it?" asks for the download itself)
    rf"|how (?:do|can|should|would|could) (?:i|we|one) (?:even )?"
    rf"(?!{alternation([*_ACTION_OF, *W.REQUEST_VERBS_EN])})[a-z]+"
    rf"|(?:我|要|该|应该)(?:怎么|如何|怎样)(?:才能)?(?!{alternation([*_ACTION_OF, *W.REQUESTS_ZH])})"
    r"|what (?:kinds?|sorts?|types?|formats?) of (?:[a-z]+ )?(?:can|could|do|does|should) (?:i|we|you) [a-z]+"
    r"|(?:explain|tell me|show me) how(?! (?:many|much|long|far|big))(?: to (?:use|start|begin|get started)"
    r"(?: (?:it|this|this tool|this app|you|nemo\w*))?)?|how (?:[a-z]+ )?works?(?![a-z])|walk me through|teach me"
    rf"|^(?:请问)?我?(?:要|该)?(?:怎么|如何|怎样)(?:才能)?(?:{alternation(W.EDIT_VERBS_ZH)})"
    r"|教教我|教我一下|教一下我|教下我|教我怎么"
    r"|teach me how to (?:use|start)(?: (?:it|this|this tool|this app|you|nemo\w*))?"
    r"|(?:能|可以|支持|支援)(?:上传|导出|用|放|加)?(?:哪些|什么|啥|哪几种|哪种)(?:格式|类型|文件|素材|功能)?"
    r"|(?:max|maximum|largest|biggest) (?:file )?size(?: (?:i|we|you) can [a-z]+)?|size limit"
    r"|大小限制|最大(?:能|可以)?(?:传|上传|做|导出)?(?:多大|多少|多长)|最长(?:能|可以)?(?:做|生成)?(?:多长|多久|几)"
    r"|(?:max|maximum|longest|max\.) (?:video )?(?:length|duration)|流程|步骤|workflow"
    r"|(?:explain|walk me through|tell me|describe) (?:the |your )?(?:steps|process)(?![a-z])"
    r"|(?:what are|what's|what is) the (?:limits?|limitations?|restrictions?)|有(?:什么)?限制|限制是"
    r"|what(?:'s| is) possible|what (?:this tool|it|you|this app|nemo\w*) (?:supports?|can do|does)"
    r"|what (?:languages?|formats?|files?)(?: do)? you (?:understand|speak|support|accept|read)"
    r"|(?:can|could) (?:i|we) use (?:this|it|you|nemo\w*) (?:for|to)"
    r"|支持.{0,20}?(?:吗|么|不)$|支援.{0,20}?(?:吗|么|不)$|有没有.{0,12}功能|(?:你们|这个工具|这工具|这个app)(?:能|可以|会|支持)(?!帮|给我|把).*"
    r"|^(?:请问)?(?:怎么|如何|怎样)(?:才能)?(?:把|给|用|在).*|点样.*|点用"
    r"|(?:can|will|could) (?:this thing|this tool|this app|it|nemo\w*) (?!be |look|sound|seem|feel|have)(?=[a-z]+)"
    r"|(?:can|does|will) (?:this thing|this tool|this app|it) "
    r"(?:make|do|create|handle)"
    rf"|(?:do|does|can|will) {_WHO_EN} (?:support|accept|take|handle|read|import|process|open)(?![a-z])"
    r"|(?:能|可以|能不能|可不可以)(?:处理|支持|导入|识别|读)(?!一下)(?=.{0,8}?(?:视频|格式|文件|照片|图片|素材|mov|mp4|竖屏|横屏|音频|档))"
    rf"|(?:what|which) (?:file )?(?:types|formats|files) (?:do|does|can|will) {_WHO_EN}"
    r"|(?:what|which) (?:kinds? of |types? of )?(?:file )?(?:types|formats|files)(?: of files)?"
    r" (?:can|could|should|do) (?:i|we) "
    r"|(?:什么|哪些|哪种|啥|咩)(?:文件)?格式|格式(?:是|有)(?:什么|哪些|啥)"
    rf"|what (?:are|is) {_WHO_EN} (?:able|capable) (?:to|of)|还是只能|是不是只能|只能用"
    r"|how (?:do|can|should|would) (?:i|we) (?:use|start|begin|get started)|how to (?:use|start|begin|get started)"
    r"|how (?:i|we) (?:should|can|could|would) (?:use|start|begin|get started)"
    r"|how does (?:this|the|it)(?: whole)?(?: thing| tool| app| process)? work"
    r"|how (?:does )?(?:this|it|this tool|this thing|this app|nemo\w*) works?|get(?:ting)? started|what do you do"
    rf"|what {_WHO_EN} (?:can|could) do|不(?:会|知道怎么|懂怎么)(?:用|使用)"
    r"|(?:能|可以|会|识)(?:帮我|帮你|为我|为你|给我)?(?:做|干|生成|制作|弄|搞)(?:些|点|啲)?(?:什么|哪些|啥子|啥|嘛|乜嘢|乜|咩)"
    r"|(?:这个|这)?(?:怎么|如何|怎样)(?:才能)?(?:使用|用|开始|上手|操作|玩|弄|搞| ?use)(?![^\s]*(?:到|成|得))"
    r"|(?:应该|该|要)?从哪(?:里|儿|一步|步)?(?:开始|下手|入手)"
)
_ENOUGH = re.compile(
    r"enough(?: [a-z]+){0,2} (?:to|for) [a-z]+|够(?:不够)?(?:用)?(?:吗)?(?:再|来)?(?:做|生成|制作|弄|搞)"

)
# "what've I got left?", 还剩多少: a remainder with nothing named is the balance.
_REMAINING = re.compile(
    r"(?:am|are) (?:i|we) (?:out|running out)(?![a-z])|run(?:ning)? out of (?:credits|points|quota)"
    r"|can (?:i|we) still (?:make|do|create|generate)(?: \S+){0,3} more|"
    r"(?:how much|how many)(?: more)?(?: \w+)? can (?:i|we) (?:still )?(?:use|make|generate|create|do)(?![a-z])"
    r"|还能(?:免费)?(?:用|做|生成|制作)(?:多少|几)|"
    r"^\s*(?:what|how much)(?:'s| is| do| have| did)?(?: (?:i|we))?(?: (?:got|have|still have|still got))?"
    r" (?:left|remaining)\s*$|^\s*(?:我|咱)?(?:还|一共)?(?:剩|有)(?:下|余)?(?:多少|几个|几)(?:了)?\s*$"
)
_STATE_PHRASE = re.compile(
    r"what(?:'s| is| are|'re)? (?:currently )?(?:in|on) (?:the |my |our |this )?(?:[a-z]+ )?"
    r"(?:timeline|video|project|it|there|draft|edit|cut)(?![a-z])"
    r"|(?:video|it|project|timeline|draft|things) (?:currently |now )?looks? like"
    r"|what(?:'s| is) (?:the |my |this )?(?:video|it|project|timeline|draft) like|current (?:state|progress|version)"
    r"|what does (?:the |my |this )?(?:video|it|project|timeline|draft) look like"
    r"|(?:is|are) (?:it|the video|the render|we|you) (?:done|ready|finished|complete)(?: yet)?"
    r"|(?:(?:做|弄|剪|搞|生成|渲染|导出|整)(?:好|完|掂)了?|(?<![用花])(?:好了|完成了?))(?:没有|没|吗|么|未)(?=$|\s|[啊呀呢吧哦嘛？?])"
    r"|(?:整|搞)(?:好|掂|完)(?:未|吗|没)"
    r"|(?:has|have|did) (?:the|my|our|this)(?: [a-z]+)? (?:render|export|video|download|clip|edit)"
    r" (?:finished|finish|completed|complete|done|ended|gone through)"
    r"|so far|how far along|where are we|what (?:have|do|did) (?:we|i) (?:got|get|have|made|make|done)"
    r"|(?<!with )what (?:we|i)(?:'ve| have)? (?:got|made|done)"
    r"|how long is (?:the |my |this |it)|how long's|(?:length|duration) of (?:the|my) video"
    r"|currently (?:has|have|contains)"
    rf"|(?:is|are) there (?:any |a |an |some |still |too much |too many )?(?:background )?(?:{_CONTENT_EN})"
    r"|(?:(?:视频|影片|项目|时间线|时间轴|轨道|画面)(?:里|上|中)?|^(?:里|上)面?)(?:面|边|头)?(?:现在|目前|当前)?(?:都|还)?"
    r"有(?:什么|哪些|啥|没有|多少|几(?:个|条|段|首|张|种))"
    rf"|how many (?:{_CONTENT_EN})"
    rf"|(?:what|which) (?:[a-z]+ )?(?:{_CONTENT_EN})s?(?: and (?:{_CONTENT_EN})s?)? (?:is|are) "
    r"(?:there|on|in|used|playing|included|the|it|this)(?![a-z])"
    r"|(?:what|which) [a-z]+ (?:do|does) (?:we|i|it|the video) have"
    r"|(?:does|do) (?:the |my |this )?(?:video|project|timeline|it) (?:have|has|contain|include)"
    rf"|(?<!好)(?<!上传)(?<!upload)(?<!upload )(?<!传)(?:几|多少)(?:个|条|段|首|张)?(?:{_CONTENT_ZH}|视频|镜头|素材)"
    rf"|what(?:'s| is| are) (?:the |my )?(?:current )?(?:{_CONTENT_EN})(?: of (?:the|my|this) (?:project|video|draft))?"
    r"(?: now| right now| currently| atm)?$"
    rf"|(?:{_CONTENT_EN})s? (?:in|on) (?:my|the|this) (?:current )?(?:project|video|timeline|draft)"
    r"|还在(?:渲染|导出|处理|生成|做)|still (?:rendering|processing|exporting)"
    r"|(?:放|加|用|插|配)(?:进去|上去|进来|上)了(?:吗|没有|没|么)(?=$|\s|[啊呀呢吧哦嘛？?])"
    r"|(?:is|are) (?:the|my) (?:render|export|download|video)"
    r"(?: of (?:my|the|our) (?:[a-z]+ ){0,3}?(?:video|clip|reel))?"
    r"(?: still)?"
    r" (?:processing|rendering|running|going|done|ready|finished)"
    rf"|what (?:{_CONTENT_EN})s? (?:did|do|are|have) (?:you|we|i) (?:[a-z]+ ){{0,2}}"
    r"(?:use|using|used|add|added|pick|picked|choose|chose|have|got)(?![a-z])"
    rf"|(?:{_CONTENT_ZH})(?:现在|目前)?(?:是|叫|用的是?)(?:什么|啥|哪|多少|多大|多长)|用的(?:是)?(?:什么|啥|哪)(?:首|个|种)?"
    r"|什么情况|啥情况|(?:什么|啥)样(?!的)|到哪一步|做到(?:哪|边)|(?:多长|多久|几长|几秒)(?!(?:比较|最|才)?(?:合适|好|适合))|时长是"
    rf"|有(?:没有)?(?:{_CONTENT_ZH})了?(?:吗|么|没|没有)|(?:有没有|是否)(?:加|添加|放|配)?了?(?:{_CONTENT_ZH})"
)
_EN_FILE_AFTER_VERB = re.compile(r" (?:me )?(?:the|a|my)(?: (?:final|finished|downloadable|complete|full))+ "
                                 r"(?:file|mp4|version|video file|cut)(?![a-z])"
                                 r"|(?: me)? (?:the|a) (?:downloadable|mp4) file")
_MAKES_CONTENT = re.compile(r" ?(?:一个|一段|一条|一支|一些|(?:an|a|some)(?![a-z]))"
                            r"(?!.{0,8}?(?:final|finished|mp4|file|copy|version"
                            r"|成片|视频文件|文件|下载|最终|版本|版|高清|1080))")
_PURPOSE_BEFORE = re.compile(r"用(?:这个|这|你们|你|它|这个工具|这工具)(?:来)?$"
                             r"|use (?:this|you|it|nemo\w*)(?: tool| app| thing)? (?:to|for) $")
_PURPOSE_USE = re.compile(r" (?:this|you|it|nemo\w*)(?: tool| app| thing)? (?:to|for) "
                          r"|(?:这个|这|你们|它)(?:来)?(?:做|生成|制作)")
_LINKING_VERBS = frozenset({"felt", "feels", "feel", "looks", "look", "looked", "seems", "seemed", "sounds", "sounded",
                            "is", "was", "are", "were", "too", "very", "so", "kinda", "bit", "pretty", "really"})
_HANDING_VERBS = frozenset({"drop", "pass", "share", "toss", "shoot", "fire", "ship", "hand", "send", "post", "throw"})
_HANDED_FILE = re.compile(r"(?: over| across)? (?:me )?(?:the|a|my|that|this)(?: (?:final|finished))?"
                          r" (?:mp4|file|final cut|final)(?![a-z])")
_MAKING = frozenset({"make", "create", "generate", "produce", "do", "做", "生成", "制作", "弄", "搞", "剪", "出"})
_EN_MORE_VIDEOS = re.compile(r" (?:\w+ )?(?:more|another)(?: (?:one|ones|videos?|clips?|reels?))?(?![a-z])")
_ZH_MORE_BEFORE = re.compile(r"(?:再|多|还(?:能|可以|想|要)?再?)$")
_ZH_COUNT_AFTER = re.compile(r"(?:[一两二三四五六七八九十几多]|\d+)(?:个|条|支|段|部|集)?|个")
_IMPERATIVE_FILE = re.compile(
    r"(?: (?:out|over|up))? (?:me )?(?:(?:the|a|my|our)(?: (?:final|finished|complete|full|whole))*"
    r"|(?:final|finished)) (?:file|mp4|video file|final cut|final version|final output|output|final)(?![a-z])")
_CONTENT_AFTER_OBJECT = re.compile(r" (?:photo|picture|image|scene|shot|slide|frame|title|line|clip|section|part|second"
                                   r"|seconds|song|track|caption|card)s?(?![a-z])")
_ZH_MORE = re.compile(r"一点|一些|点儿|些|更|再|多一|少一")
_ZH_PLAN = re.compile(r"(?:今天|明天|今晚|晚上|上午|下午|中午|周末|月底|过两天|过几天|改天|这个月|下个月|下月"
                      r"|明年|年底|这周|下周|待会|等下|晚点|之后)"
                      r"(?:还|也|再)?(?:要|得|想|会)")
_ZH_WHICH = re.compile(r"(?:多长|多大|多久|多少|什么|啥子|啥|哪|哪种|哪类|哪些|怎样|怎么样|乜嘢|乜|咩)"
                       r"(?:样|类型|种类|风格|类|种)?(?:的)?")
_ZH_ASKS_DONE = re.compile(
    r"了(?:哪些|什么|啥|几|多长|多久|多少)|到(?:哪|边)(?:了|一步)?|成(?: +了)|成?(?:啥|什么|怎么|怎)样"
    r"|(?:(?:上去|上|去|好|完|进去|进来|过)了?|了)(?:没有|没|吗|么)(?=$|\s|[啊呀呢吧哦嘛？?])")
_ZH_CAPACITY_BEFORE = re.compile(r"(?:还|仲)(?:能|可以|够)(?:再)?$")
_ZH_CAPACITY_AFTER = re.compile(r"不了|得了|(?:几|多少)(?:个|条|支|段|部)")
_ZH_ASKS_WHAT_WAS = re.compile(r"了?(?:哪几|哪些|什么|啥|几(?:个|张|条|段|首))")
_ZH_WORDS_AROUND_VERB = {("播", "放"), ("开", "放"), ("配", "乐"), ("配", "音"), ("配", "樂"), ("配", "额"),
                         ("插", "画"), ("插", "图"), ("插", "曲")}
_ZH_DONE_COUNT = re.compile(r"了(?:好多|很多|好几|[一二三四五六七八九十两几\d]+)(?:条|个|支|段|次)")
_BIE_WORDS = frozenset("错特区分告类级性识离辨鉴派")
_CONDITION_BEFORE = re.compile(r"(?<![a-z])(?:if|when|once|after) (?:i|we) $")
_ZH_PAST = re.compile(r"(?:今天|刚才|刚刚|昨天|上次|之前|已经|上周|前面|刚)")
_ZH_WHETHER_DONE = re.compile(r"(?:有没有|有冇|有无|是否|是不是|已经)$")  # 有没有放logo: asks whether it was done
_EN_NOW = re.compile(r"(?<![a-z])(?:now|currently|right now|at the moment|atm|at this point|rn|these days)(?![a-z])")
_EN_ASKS_ABOUT = re.compile(rf"^(?:so |and |ok |hey |hi )?(?:(?:can|could) you |please |pls )?"
                            rf"(?:list |show me |tell me |show )?"
                            rf"(?:what|which|how|is|are|does|do|what's|whats|who)(?![a-z'])"
                            rf".*(?:{_CONTENT_EN}|ratio|length|size|duration|\d+:\d+)")
_EN_ASKS_ADVICE = re.compile(r"(?<![a-z])(?:should|would|shall|better|best|ideal|recommend)"
                             r"(?![a-z])")
_ZH_NOW = re.compile(r"现在|目前|当前|这会儿|眼下|而家|宜家")  # (而家: Cantonese "now")
_ZH_ASKS = re.compile(r"吗|么|没|还是|什么|啥|几|多少|多长|多久|怎么样|如何|哪|冇|边|点样")
_ZH_FILE_AFTER_VERB = re.compile(r"(?:出)?(?:最终|最后)的?(?:文件|视频|版本|版|成片)|成片|成品|mp4|(?:下载)?链接"
                                 r"|成(?:文件|档案|mp4|视频文件)")
_ZH_SUBJECT = re.compile(rf"(?<![帮给让请跟和])(?:{alternation(W.ZH_STATEMENT)})(?!的|们的)")
_ZH_DESIRE = re.compile(alternation(W.ZH_DESIRE))


@dataclass(frozen=True)
class Intent:
    """The decision for one sentence: the action, its score and the evidence behind it."""

    action: Action
    score: float
    evidence: tuple[Evidence, ...]
    rule: str
    wants_video: bool = False  # an edit that also asks for the finished file ("add music and export it")


@dataclass
class _Reading:
    """What the clauses of one sentence showed."""

    evidence: list[Evidence] = field(default_factory=list)
    negated: set[str] = field(default_factory=set)
    clause_of: list[int] = field(default_factory=list)  # the clause each piece of evidence came from (-1: all)
    clause: int = -1
    content_noun: bool = False  # a keyword was part of a noun phrase ("status bar"): video content is named

    @property
    def edited(self) -> bool:
        """True when the sentence asks for a change to the content, with a verb or without one ("too small")."""
        return any(f.startswith(("against:edit:", "content:", "against:can-it:", "against:more-videos:",
                                 "against:purpose:", "against:topic:")) for f, _ in self.evidence)

    def in_this_clause(self, prefixes: tuple[str, ...]) -> bool:
        """True when the clause being read has shown a feature starting with one of the prefixes."""
        return any(f.startswith(prefixes) and c == self.clause
                   for (f, _), c in zip(self.evidence, self.clause_of, strict=True))

    def add(self, feature: str, weight: float) -> None:
        """Record a feature; a second question, request or object form for the same target weighs nothing."""
        target, kind = feature.split(":")[:2]
        if kind in ("question", "request", "object") and \
                any(f.startswith(f"{target}:{kind}:") for f, _ in self.evidence):
            weight = 0.0
        self.evidence.append((feature, weight))
        self.clause_of.append(self.clause)


def prepare(text: str) -> str:
    """Lower case, half-width, simplified characters, no emoji, single spaces, no outer punctuation or quotes."""
    text = unicodedata.normalize("NFKC", text).lower().replace("’", "'").replace("‘", "'")
    text = "".join(W.SYMBOL_WORDS.get(c, c) for c in text)  # 🔇 music: a few symbols say a word
    text = "".join(c for c in text if unicodedata.category(c) not in _DROPPED and c not in "\u200d\ufe0f")
    text = re.sub(r"\s+", " ", simplified(text).translate(_FOLD)).strip(" .!?。~…,;:")
    text = _SLANG.sub(lambda m: W.SLANG[m.group(0)], text)
    text = re.sub(r"(?<![a-z])([a-z]+)(?: \1(?![a-z]))+", r"\1", text)  # "download download download": once
    if len(text) > 2 and text[0] + text[-1] in ('""', "“”", "''", "「」"):
        inner = text[1:-1]
        if not re.search("[\"“”「」']", inner):
            text = inner.strip()
    return text


def classify(text: str) -> Intent:
    """Read a sentence's evidence and choose: a direct action with a clear score, else chat.

    Where the rules find nothing against a direct action but no clear winner either, the intent model gives a
    second opinion (intent_model.py); it never overrides an edit, a quote, a negation or a request for the file.
    """
    prepared, reading = _read(text)
    intent = _decide(reading, has_chinese(text))
    if intent.action != "chat" or intent.rule == "chat:conflict" or intent.wants_video \
            or not _model_may_decide(reading):  # two actions asked at once stay with the agent, as the seed says
        return intent
    prediction = shipped().predict(features(prepared, reading.evidence))
    if prediction.action == "chat" or prediction.probability < MODEL_CONFIDENCE:
        return intent
    evidence = (*intent.evidence, *((f"{prediction.action}:model:{f}", w) for f, w in prediction.reasons))
    return Intent(cast(Action, prediction.action), round(prediction.probability, 2), evidence,
                  f"{prediction.action}:model")


def evidence_of(text: str) -> tuple[str, tuple[Evidence, ...]]:
    """The prepared sentence (quotes masked, typos corrected) and the rules' evidence in it."""
    prepared, reading = _read(text)
    return prepared, tuple(reading.evidence)


def _read(text: str) -> tuple[str, _Reading]:
    reading = _Reading()
    prepared = _mask_quotes(prepare(text), reading)
    prepared = _correct_typos(prepared, reading)
    for index, clause in enumerate(_CLAUSE_BREAK.split(prepared)):
        if clause.strip():
            reading.clause = index
            _read_clause(clause.strip(), reading)
    return prepared, reading


def _model_may_decide(reading: _Reading) -> bool:
    """True when nothing in the sentence speaks against a direct action: no edit, quote, topic or negation."""
    return not reading.negated and not reading.content_noun \
        and not any(f.startswith(("against:", "content:")) for f, _ in reading.evidence)


def _mask(text: str, start: int, end: int) -> str:
    return text[:start] + " " * (end - start) + text[end:]


def _mask_quotes(text: str, reading: _Reading) -> str:
    quoted = list(_QUOTES.finditer(text)) + list(_COLON_TEXT.finditer(text))
    for match in quoted:
        text = _mask(text, match.start(), match.end())
    if quoted:
        reading.add("against:quoted", QUOTED_WEIGHT)
    return text


def _correct_typos(text: str, reading: _Reading) -> str:
    def fix(match: re.Match[str]) -> str:
        token = match.group(0)
        keyword = _typo(token)
        if keyword is None or keyword == token:
            return token
        reading.add(f"neutral:typo:{token}={keyword}", 0.0)
        return keyword

    return _LATIN_WORD.sub(fix, text)


@lru_cache(maxsize=2048)
def _typo(token: str) -> str | None:
    if token in _ACTION_OF:
        return token
    if len(token) == 4:  # a four-letter keyword: only two neighbours swapped ("hlep"), never an ordinary word
        for keyword in W.SWAP_KEYWORDS:
            if sorted(token) == sorted(keyword) and damerau_levenshtein(token, keyword) == 1 \
                    and not is_ordinary_word(token):
                return keyword
        return None
    return _CORRECTOR.correct(token)


def _read_clause(clause: str, reading: _Reading) -> None:
    before = len(reading.evidence)
    opening = clause
    clause = _POLITE_FORMULA.sub(lambda m: " " * len(m.group(0)), clause)
    clause = _THANKS_FOR_HELP.sub(lambda m: " " * len(m.group(0)), clause)
    clause = _read_destination(clause, reading)  # before topics: "the video on my laptop" is no subject
    clause = _read_phrase(clause, _GIVE_IT_TO_ME, "export:give-it-to-me", PHRASE_WEIGHT, reading)
    sent = _SEND_TO_YOU.search(clause)
    if sent and not _CONDITION_BEFORE.search(clause[:sent.start()]):  # "if I give you photos…": not now
        clause = _read_phrase(clause, _SEND_TO_YOU, "upload:send-to-you", PHRASE_WEIGHT, reading)
    clause = _read_phrase(clause, _PRESENTING_FILES, "upload:presenting", PHRASE_WEIGHT, reading)
    clause = _read_cost(clause, opening, reading)  # before topics: 生成一个30秒的视频要花多少点 names no subject
    clause = _read_topic(clause, reading)
    clause = _read_phrase(clause, _WANTS_NEW_VIDEO, "against:edit", EDIT_WEIGHT, reading)
    clause = _read_phrase(clause, _ZH_MAKE_CANTONESE, "against:edit", EDIT_WEIGHT, reading)
    # "what it can do and how I should start": both are masked; the second weighs nothing more
    clause = _read_phrase(clause, _CAPABILITY, "help:capability", CAPABILITY_WEIGHT, reading, times=2)
    clause = _HELP_ME.sub(lambda m: " " * len(m.group(0)), clause)
    clause = _read_phrase(clause, _ENOUGH, "credits:enough", 1.0, reading)
    clause = _read_phrase(clause, _REMAINING, "credits:remaining", PHRASE_WEIGHT, reading)
    clause = _read_phrase(clause, _STATE_PHRASE, "state:asks-content", PHRASE_WEIGHT, reading)
    clause = _read_phrase(clause, _OPINION, "against:opinion", EDIT_WEIGHT, reading)
    clause = _read_phrase(clause, _PLACEMENT, "content:placement", PLACEMENT_WEIGHT, reading)
    clause = _read_phrase(clause, _ADJUSTMENT, "content:adjust", ADJUSTMENT_WEIGHT, reading)
    clause = _read_platform(clause, reading)
    clause = _read_negation(clause, reading)
    actions, clause = _read_keywords(clause, reading)
    if not actions and _ZH_NOW.search(clause) and _ZH_ASKS.search(clause):
        reading.add("state:asks-now", PHRASE_WEIGHT)  # 现在是横屏还是竖屏: a question about how things are now
    elif actions in ([], ["state"]) and _EN_NOW.search(clause) and _EN_ASKS_ABOUT.search(opening) \
            and not _EN_ASKS_ADVICE.search(opening):
        reading.add("state:asks-now", PHRASE_WEIGHT)  # "what colour is the caption text now?": how things are now
    clause = _read_edits(clause, opening, reading)
    clause = _read_forms(clause, actions, reading)
    found = reading.evidence[before:]
    if found and all(f.startswith("content:") for f, _ in found) \
            and any(f.startswith("content:adjust:") for f, _ in found) and not _residue_beyond_content(clause):
        reading.add(f"against:edit:{found[0][0].split(':', 2)[2]}", EDIT_WEIGHT)  # a fragment that asks for a change
    if len(actions) == 1 and all(":keyword:" in f for f, _ in found) and not _residue(clause):
        reading.add(f"{actions[0]}:bare", 1.0)
    approval = _APPROVAL.search(clause)
    if approval and len(reading.evidence) == before:
        reading.add(f"neutral:approval:{approval.group(0)}", 0.0)


def _residue_beyond_content(clause: str) -> bool:
    """True when a clause holds a question or request word besides its adjustment ("is it too loud?")."""
    return bool(_QUESTION.search(clause) or _REQUEST.search(clause) or re.search(r"\?|？|吗|么|呢", clause))


def _read_topic(clause: str, reading: _Reading) -> str:
    made = _TOPIC_ZH_MADE.search(clause)
    # 做什么样的视频 asks and names no subject; 还能做几个景点的视频 asks how many (credits); 生成最终的视频 is the file
    if made and not _ZH_WHICH.fullmatch(made.group(1)) and made.group(1).strip() not in W.ZH_FINAL \
            and not re.match(r"(?:几|多少)", made.group(1)):
        reading.add(f"against:topic:{made.group(1)}", TOPIC_WEIGHT)
        return _mask(clause, made.start(1), made.end(1))
    match = _TOPIC_EN.search(clause) or _TOPIC_ZH_ABOUT.search(clause)
    if match and _UPLOAD_BEFORE.search(clause[:match.start()]):
        reading.add(f"neutral:file-subject:{match.group(0)[:12].strip()}…", 0.0)  # "upload a clip of the kitchen"
        return _mask(clause, match.start(), match.end())
    if match is None:
        marker = _TOPIC_ZH_MARKER.search(clause)
        if marker and (_TOPIC_ZH_BEFORE.search(clause[:marker.start()]) or _TOPIC_ZH_AFTER.search(marker.group(2))):
            match = marker
    if match is None:
        return clause
    reading.add(f"against:topic:{match.group(0)[:12].strip()}…", TOPIC_WEIGHT)
    return _mask(clause, match.start(), match.end())


def _read_phrase(clause: str, pattern: re.Pattern[str], feature: str, weight: float, reading: _Reading,
                 times: int = 1) -> str:
    for time in range(times):
        match = pattern.search(clause)
        if match is None:
            break
        reading.add(f"{feature}:{match.group(0)}", weight if time == 0 else 0.0)
        clause = _mask(clause, match.start(), match.end())
    return clause


def _read_cost(clause: str, opening: str, reading: _Reading) -> str:
    """导出一次要扣多少积分, "do revisions cost credits?": what something costs; the thing named is no request."""
    cost = _COST_ZH.search(clause) or (_COST_EN.search(clause) if _EN_QUESTION_START.search(opening) else None)
    if cost is None:
        return clause
    reading.add(f"credits:cost:{cost.group(0).strip()}", CAPABILITY_WEIGHT)
    clause = _mask(clause, cost.start(), cost.end())
    for named in (*_EDIT_EN.finditer(clause), *_EDIT_ZH.finditer(clause), *_KEYWORD.finditer(clause)):
        if _ACTION_OF.get(named.group(0), ("",))[0] != "credits":
            reading.add(f"neutral:cost-of:{named.group(0)}", 0.0)
            clause = _mask(clause, named.start(), named.end())
    return clause


def _read_destination(clause: str, reading: _Reading) -> str:
    """'put the video onto my computer', 存到电脑: the file, delivered; the verb that moves it is no edit."""
    match = _DEVICE.search(clause)
    if match is None:
        return clause
    reading.add(f"export:destination:{match.group(0).strip()}", PHRASE_WEIGHT)
    clause = _mask(clause, match.start(), match.end())
    return _MOVING_VERB.sub(lambda m: " " * len(m.group(0)), clause)


def _read_platform(clause: str, reading: _Reading) -> str:
    """'upload it to YouTube', 上传抖音: where the user will post the video, not a file to upload here."""
    match = _PLATFORM.search(clause)
    if match is None:
        return clause
    reading.add(f"neutral:platform:{match.group(0).strip()}", 0.0)
    return _mask(clause, match.start(), match.end())


def _read_negation(clause: str, reading: _Reading) -> str:
    """A negation before export or upload in the same clause ("don't export yet", 先别导出), or "later" after it,
    cancels it."""
    for keyword in _KEYWORD.finditer(clause):
        if re.match(r"\s*住?先?唔好", clause[keyword.end():]):  # export 住先唔好: Cantonese "don't export yet"
            clause = _negate(clause, reading, "唔好", keyword.start(), keyword.end())
    for negation in _NEGATION.finditer(clause):
        rest = clause[negation.end():]
        if negation.group(0) == "不" and not _KEYWORD.match(rest):
            continue  # a bare 不 negates only the word right after it (不错 is praise)
        if negation.group(0) == "别" \
                and (clause[negation.start() - 1:negation.start()] in _BIE_WORDS or rest[:1] in "人的"):
            continue  # 错别字, 特别, 区别, 别人: words with 别 in them, no "don't"
        for keyword in (*_KEYWORD.finditer(rest), *_FILE_REQUEST.finditer(rest)):
            clause = _negate(clause, reading, negation.group(0), negation.end() + keyword.start(),
                             negation.end() + keyword.end())
        clause = _mask(clause, negation.start(), negation.end())
    for keyword in _KEYWORD.finditer(clause):
        if _SAID_OF_SOMEONE.search(clause[:keyword.start()]):  # "we also do export to west africa": a fact
            reading.add(f"neutral:statement:{keyword.group(0)}", 0.0)
            clause = _mask(clause, keyword.start(), keyword.end())
            continue
        later = _LATER.search(clause, keyword.end())  # "exporting to youtube later": not now
        if later:
            clause = _negate(clause, reading, later.group(0).strip(), keyword.start(), keyword.end())
    return _read_time_references(clause, reading)


def _read_time_references(clause: str, reading: _Reading) -> str:
    """'before exporting', 在导出之前: a keyword that only says when something else happens asks for nothing."""
    for pattern in (_BEFORE_KEYWORD, _KEYWORD_BEFORE):
        for match in pattern.finditer(clause):
            reading.add(f"neutral:time:{match.group(0).strip()}", 0.0)
            clause = _mask(clause, match.start(), match.end())
    return clause


def _negate(clause: str, reading: _Reading, negation: str, start: int, end: int) -> str:
    action = _ACTION_OF.get(clause[start:end], ("export", 0.0))[0]
    if action not in ("export", "upload"):
        return clause
    reading.add(f"{action}:negated:{negation}", NEGATED_WEIGHT)
    reading.negated.add(action)
    return _mask(clause, start, end)


def _read_keywords(clause: str, reading: _Reading) -> tuple[list[str], str]:
    actions: list[str] = []
    for match in list(_KEYWORD.finditer(clause)):
        word = match.group(0)
        action, weight = _ACTION_OF[word]
        noun = _content_noun(clause, match.start(), match.end())
        if word in W.VERB_KEYWORDS and not _residue(clause[:match.start()]) \
                and re.match(r" (?:the|it|this|out|my|our)(?![a-z])", clause[match.end():]):
            reading.add(f"against:edit:{word}", EDIT_WEIGHT)  # "balance the audio": said first, it is a verb
        elif action == "export" and _MAKES_CONTENT.match(clause, match.end()):
            reading.add(f"against:edit:{word}", EDIT_WEIGHT)  # "render a 3D shot", 渲染一个镜头: making content
        elif action == "export" and re.match(r" it\s{2,}", clause[match.end():]) \
                and reading.in_this_clause(("content:adjust:in ", "content:adjust:as ")):
            reading.add(f"against:edit:{word}", EDIT_WEIGHT)  # "render it in black and white": a look
        elif action == "export" and _DISPLAYS.match(clause, match.end()):
            # "render the text in bold": rendering an element of the video is how it looks, not the file.
            reading.add(f"against:edit:{word}", EDIT_WEIGHT)
        elif action == "upload" and re.match(r"(?:过|了)?的", clause[match.end():]):
            reading.add(f"upload:content-noun:{word}的", CONTENT_NOUN_WEIGHT)  # 我刚上传的照片: files already here
            reading.content_noun = True
        elif noun:  # "end credits", 渲染图: no evidence for its own action, and the model is not asked
            reading.add(f"{action}:content-noun:{noun}", CONTENT_NOUN_WEIGHT)
            reading.content_noun = True
        else:
            reading.add(f"{action}:keyword:{word}", weight)
            actions.append(action)
        clause = _mask(clause, match.start(), match.end())
    return sorted(set(actions)), clause


def _content_noun(clause: str, start: int, end: int) -> str | None:
    """The noun phrase a keyword is part of ("status bar", "end credits", 状态栏), or None when it stands alone."""
    word, before, after = clause[start:end], clause[:start].rstrip(), clause[end:].lstrip()
    if _LINK_AFTER.match(after) and (_FILE_REQUEST.search(clause) or _LINK_TO_ME.search(clause)
                                     or not (_EDIT_EN.search(clause) or _EDIT_ZH.search(clause))):
        return None  # "give me the download link", 下载链接给我: the link is how the file is handed over
    if word in ("render", "rendering", "渲染") and (_ELEMENT_BEFORE.search(before) or after.startswith("得")):
        return word + " (how it looks)"  # "the colors render vividly", 颜色渲染得鲜艳: a look, not the file
    raw_after = clause[end:]  # a space after a Chinese word ends the phrase (功能 列一下)
    shown = _ZH_PART_AFTER.match(raw_after)
    if shown:
        return word + shown.group(0)  # 积分那个画面, 导出的分辨率: a part or a setting named by the keyword
    for noun in W.ZH_SUFFIX_NOUNS:
        if noun == "列" and re.match(r"列(?:一下|出|个|下)", raw_after):
            continue  # 内容列一下: "list the contents", a verb
        if (raw_after.startswith(noun) or raw_after.startswith("的" + noun)) \
                and not raw_after.startswith(("条片", "图片", "图像")):
            return word + noun
    for modifier in W.ZH_PREMODIFIERS:
        if before.endswith(modifier):
            return modifier + word
    if word.isascii():
        previous = re.findall(r"[a-z']+", before)[-1:]
        if previous and previous[0] in W.EN_PREMODIFIERS:
            return f"{previous[0]} {word}"
        if re.match(r" (?:to say|to read|to show|saying|that says?|that reads?|reading)(?![a-z])", " " + after):
            return f"{word} (what it says)"  # "I need the credits to say Directed by Amy": the film's credits
        if re.search(r"(?<![a-z])(?:as|like|into)(?: a| an| the)?$", before):
            return f"as {word}"  # "show our history as a timeline": the form of something shown in the video
        owner = re.match(r" of (?:the|our|my|this|his|her|their) ([a-z]+)", after and " " + after)
        if owner and owner.group(1) not in W.NOT_POSSESSIVE_EN + W.FILE_NOUNS_EN + _NOT_OWNERS:
            return f"{word} of the {owner.group(1)}"  # "the timeline of the story": the story's, shown in the video
        if previous and previous[0].endswith("'s") and previous[0][:-2] not in W.NOT_POSSESSIVE_EN:
            return f"{previous[0]} {word}"  # "our company's timeline": someone else's, shown in the video
        if re.match(r"-[a-z]", after) and not re.match(r"-wise(?![a-z])", after):
            return word + re.match(r"-[a-z]+", after).group(0)  # type: ignore[union-attr]  # "export-ready"
        following = re.match(r"[a-z']+(?![0-9])", after)
        # "credits used up", "export finished": a participle after the keyword says what happened to it
        if following and following.group(0) not in W.EN_FOLLOWERS and after[:1].isascii() \
                and not (re.fullmatch(r"[a-z]{2,}ed", following.group(0)) and _ACTION_OF[word][0] != "help"):
            return f"{word} {following.group(0)}"
    return None


def _read_edits(clause: str, opening: str, reading: _Reading) -> str:
    """Edit verbs said as requests; `opening` is the clause before any reader masked a word of it."""
    for done in _EDIT_EN_DONE.finditer(clause):  # "export it after adding music": the edit comes first
        reading.add(f"against:edit:{_DONE_FIRST[done.group(1)]}", EDIT_WEIGHT)
        clause = _mask(clause, done.start(1), done.end(1))
    imperative = _IMPERATIVE.match(opening)
    verb = imperative.group(1) if imperative else ""
    delivered = _IMPERATIVE_FILE.match(opening, imperative.end(1)) if imperative else None
    if imperative and re.match(r" (?:the |an |a )?(?:export|download|render)(?![a-z])", opening[imperative.end(1):]):
        imperative = None  # "can you make the export": a light verb before the action's name
        delivered = None
    if delivered and _CONTENT_AFTER_OBJECT.match(opening, delivered.end()):
        delivered = None  # "before the final photo": a part of the video
    if imperative and delivered and not _EDIT_EN.fullmatch(verb) and verb not in _ACTION_OF \
            and verb not in W.EN_SUBORDINATORS and verb not in W.NOT_EDIT_STARTERS:
        # "spit out the final file", "output the mp4": whatever the verb, handing over the file is the export
        reading.add(f"export:request:{verb}", 1.0)
        reading.add(f"export:object:{delivered.group(0).strip()}", 1.0)
        clause = _mask(clause, imperative.start(1), imperative.end(1) + len(delivered.group(0)))
    elif imperative and clause[imperative.start(1):imperative.end(1)] == verb and verb not in W.NOT_EDIT_STARTERS \
            and verb not in _ACTION_OF and not _EDIT_EN.fullmatch(verb):
        # A clause that opens with a verb and its object ("throw in a fade-out", "blur the sky") asks for a
        # change even when the verb is on no list: the verb lists cannot hold every way to say an edit.
        reading.add(f"against:edit:{imperative.group(1)}", EDIT_WEIGHT)
        clause = _mask(clause, imperative.start(1), imperative.end(1))
    for match in list(_EDIT_EN.finditer(clause)) + list(_EDIT_ZH.finditer(clause)):
        verb = match.group(0)
        if clause[match.start() - 1:match.start()] == "-":
            continue  # "b-roll", "voice-over": part of a compound noun
        made = _EN_FILE_AFTER_VERB.match(clause, match.end()) if verb.isascii() else None
        if made is None and verb in _HANDING_VERBS:
            made = _HANDED_FILE.match(clause, match.end())  # "drop the mp4": handing the file over
        if made:  # "produce the downloadable file": making the file is the export
            reading.add(f"export:request:{verb}", 1.0)
            reading.add(f"export:object:{made.group(0).strip()}", 1.0)
            clause = _mask(clause, match.start(), made.end())
            continue
        request = _en_request(clause, opening, match.start()) if verb.isascii() else _zh_request(clause, opening, match)
        if request is None:
            continue  # a noun ("the cut") or a word inside another ("播放")
        if request and _asks_for_more_videos(verb, clause, match):
            reading.add(f"against:more-videos:{verb}", EDIT_WEIGHT)
        elif request and (_PURPOSE_BEFORE.search(opening[:match.start()])
                          or verb in ("use", "用") and _PURPOSE_USE.match(opening, match.end())):
            reading.add(f"against:purpose:{verb}", EDIT_WEIGHT)  # 想用这个做宣传片: what the tool is for
        elif request and _asks_whether_it_can(verb, clause, opening, match):
            reading.add(f"against:can-it:{verb}", EDIT_WEIGHT)
        elif request:
            reading.add(f"against:edit:{verb}", EDIT_WEIGHT)
        else:
            reading.add(f"neutral:statement:{verb}", 0.0)
        clause = _mask(clause, match.start(), match.end())
    return clause


def _asks_for_more_videos(verb: str, clause: str, match: re.Match[str]) -> bool:
    """再做两个, "make more videos": more videos, which is what credits are asked about, not an edit of this one."""
    if verb not in _MAKING:
        return False
    before, after = clause[:match.start()], clause[match.end():]
    if verb.isascii():
        return bool(_EN_MORE_VIDEOS.match(after))
    return bool(_ZH_MORE_BEFORE.search(before) and _ZH_COUNT_AFTER.match(after.lstrip(" ")))


def _asks_whether_it_can(verb: str, clause: str, opening: str, match: re.Match[str]) -> bool:
    """能加字幕吗, "can you make vertical videos?": asks what the tool can do; with a help question it is help."""
    if verb.isascii():
        return bool(re.search(r"(?:^|\s)(?:can|could) (?:you|it|this|nemo\w*) $", clause[:match.start()])) \
            and not re.match(r" (?:it|this|the|my|our|that|these|those)(?![a-z])", clause[match.end():])
    return bool(re.search(r"(?:能|可以|能否|会不会|能不能)$", clause[:match.start()])) \
        and bool(re.search(r"(?:吗|么|嘛|不|没)$", opening.rstrip(" ?？")))


def _en_request(clause: str, opening: str, start: int) -> bool | None:
    """True for an English verb said as a request, False in a statement ("before I generate"), None for a noun."""
    before = re.findall(r"[a-z']+", clause[:start])
    if before and (before[-1] in W.EN_DETERMINERS  # (a determiner another reader masked leaves no word)
                   or (before[-1] in W.EN_NOUN_ADJECTIVES and before[-2:-1] and before[-2] in W.EN_DETERMINERS)
                   or (len(before) == 1 and before[0] in W.EN_NOUN_ONLY_ADJECTIVES)):
        return None
    if re.match(r"[a-z]+ (?:is|was|looks|feels|sounds|seems|has)(?![a-z])", opening[start:]) and before \
            or before[-1:] == ["of"]:
        return None  # "the fancam edit is perfect", "a couple of fade haircut clips": nouns
    if before[-1:] and before[-1] in _LINKING_VERBS:
        return None  # "last render felt slow": an adjective
    if len(before) >= 2 and before[-2] in ("my", "our", "his", "her", "their") \
            and before[-1] not in W.EN_NOUN_ADJECTIVES:
        return False  # "my grandson set up this account": what someone did
    if re.match(r"[a-z]+ (?:the |an |a )?(?:export|download|render)(?![a-z])", opening[start:]):
        return None  # "make the export": a light verb before the action's name
    if before[-1:] in (["what"], ["which"], ["whose"]):
        return None  # "what colour is it?": a noun after a question word
    if re.match(r"[a-z]+ (?:video|videos|reel|clip|film|montage)(?![a-z])", clause[start:]) \
            and any(t in W.EN_DETERMINERS for t in before[-3:]):
        return None  # "export the gala highlight video": a verb in a compound noun
    asked = re.findall(r"[a-z']+", opening[:start])  # the words before the verb, none of them masked
    if asked[:2] in (["do", "i"], ["do", "we"], ["should", "i"], ["should", "we"], ["does", "it"]):
        return False  # "do I just describe what I want?": a question about how it works
    if re.search(r"(?<![a-z])so (?:that )?(?:you|we|i|it|they) (?:can|could|will|may|might) $", clause[:start]):
        return False  # "upload them so you can use them": what the files are for
    if asked and asked[0] in ("what", "which", "where", "when", "why", "who", "what's", "how") \
            and any(t in ("can", "could", "do", "does", "did", "should", "are", "is") for t in asked[1:]):
        return False  # "what commands can I use?", "what music did you use?": a question about it
    for index in range(len(before) - 1, -1, -1):
        token = before[index]
        if token in ("please", "let's", "lets", "you", "kindly"):
            return True
        if token in W.EN_SUBJECTS:
            between = before[index + 1:]
            wants = token in ("i'd",) or any(t in ("want", "wanna", "need", "like", "going", "gonna") for t in between)
            asks = index > 0 and before[index - 1] in ("can", "could", "should", "shall", "may", "do", "would")
            return wants or asks
        if token in W.EN_SUBORDINATORS:
            return False
    return True


def _zh_request(clause: str, opening: str, match: re.Match[str]) -> bool | None:
    """True for a Chinese edit verb said as a request, False in a statement (我改了好几次), None for no verb."""
    after = clause[match.end():]
    if (clause[max(match.start() - 1, 0):match.start()], match.group(0)) in _ZH_WORDS_AROUND_VERB \
            or (match.group(0), after[:1]) in _ZH_WORDS_AROUND_VERB:
        return None  # 播放, 配乐, 插画: the verb's character inside another word
    if after.startswith("得") and not _ZH_MORE.search(after):
        return None  # 做得很好: how it was done, a comment (but 做得利落一点 asks for a change)
    before_verb = opening[:match.start()]
    if re.match(r"完(?=刚才|那个|这个|之后|以后|后|了)", after) \
            or (re.match(r"完\s*$", after) and _ZH_PAST.search(before_verb)) or (after.startswith("了") and (
            _ZH_PAST.search(before_verb) or _ZH_DONE_COUNT.match(after))):
        return False  # 做完刚才那个视频, 上次改完之后, 今天做了好多条: work done, reported
    if _ZH_CAPACITY_BEFORE.search(before_verb) or _ZH_CAPACITY_AFTER.match(after):
        return False  # 还可以做几支, 别到时候做不了: how much can still be made, a question of credits, no edit
    if _ZH_ASKS_WHAT_WAS.match(opening[match.end():]) or _ZH_WHETHER_DONE.search(before_verb):
        return None  # 放了哪几张照片: asks what was put in, asks for nothing
    if _ZH_ASKS_DONE.match(opening[match.end():]):
        return None  # 字幕加上了没, 剪成啥样了: asks whether or how it was done, asks for nothing
    if _ZH_FILE_AFTER_VERB.match(after.lstrip(" ")):
        return None  # 生成最终文件: making the final file is the export itself
    if _ZH_PLAN.search(opening[:match.start()]):
        return False  # 今天还要剪二十条: what the user will do later, not a request now
    if re.search(r"(?:不|别|不用|不要|不必|无需|没什么|没啥|唔使|唔洗|唔驶)(?:再|用|要)?$", opening[:match.start()]) \
            and re.match(r"了|啦|喇|咯|啰|\s*$", after):
        return None  # 不改了: nothing more to change, an approval
    if re.match(r"(?:好|完)?的|(?:好|完|定)了(?!再|后|之后)", after):
        return False  # 生成的视频 describes a noun; 做好了 says the work is done
    subject = None
    for found in _ZH_SUBJECT.finditer(clause[:match.start()]):
        subject = found
    ba = clause.rfind("把", 0, match.start())
    if subject is None or ba != -1 and ba < subject.start():
        return True  # 把我上传的录屏剪掉: 我 is inside the object 把 takes, the sentence is a request
    return bool(_ZH_DESIRE.search(clause[subject.end():match.start()]))


def _read_forms(clause: str, actions: list[str], reading: _Reading) -> str:
    """Question, request and file-request forms: the second piece of evidence a weak keyword needs."""
    clause = _NOT_QUESTION.sub(lambda m: " " * len(m.group(0)), clause)
    clause = _read_all(clause, _QUESTION, "info:question", reading)
    clause = _read_all(clause, _REQUEST, "info:request", reading)
    if actions and "export" not in actions:
        return clause  # 我要上传视频: the request is for the action the clause names
    requests = [m.end() for m in _FILE_REQUEST.finditer(clause)]
    clause = _read_all(clause, _FILE_REQUEST, "export:request", reading)
    if "export" in actions or requests:  # "the video" is the file only when it is asked for
        for match in _FILE_OBJECT.finditer(clause):
            if match.group(0) == "it" and not any(0 <= len(clause[end:match.start()].split()) <= 1
                                                  for end in requests if end <= match.start()):
                continue  # "I want something an expert made it": "it" far from the request is another thing
            if _CONTENT_AFTER_OBJECT.match(clause, match.end()):
                continue  # "before the final photo": a part of the video, not the file
            reading.add(f"export:object:{match.group(0).strip()}", 1.0)
            clause = _mask(clause, match.start(), match.end())
    return clause


def _read_all(clause: str, pattern: re.Pattern[str], feature: str, reading: _Reading) -> str:
    for match in pattern.finditer(clause):
        reading.add(f"{feature}:{match.group(0).strip()}", 1.0)
        clause = _mask(clause, match.start(), match.end())
    return clause


def _residue(clause: str) -> str:
    """What a clause says beyond courtesy words, once its evidence is taken out."""
    return re.sub(r"[\s\W]+", "", _FILLER.sub(" ", clause))


def _totals(reading: _Reading) -> dict[Action, float]:
    """Each direct action's score: the weights of the evidence that counts for it."""
    scores: dict[Action, float] = dict.fromkeys(DIRECT, 0.0)
    credits_asked = any(f.startswith(("credits:enough:", "credits:remaining:", "credits:cost:"))
                        for f, _ in reading.evidence)
    for action in DIRECT:
        asked_in = {c for (f, w), c in zip(reading.evidence, reading.clause_of, strict=True)
                    if w > 0 and f.split(":")[0] in (action, "info")}
        for (feature, weight), clause in zip(reading.evidence, reading.clause_of, strict=True):
            if not _counts_for(feature.split(":")[0], action) or _excused(feature, action, credits_asked):
                continue
            # How content looks or where it sits ("…, I don't want to run out in the middle of the month") weighs
            # only against a request in its own clause; an edit verb or a negation weighs on the whole sentence.
            if feature.startswith(_LOCAL) and clause != -1 and clause not in asked_in:
                continue
            scores[action] += weight
    return scores


_LOCAL = ("content:", "against:topic:")
_ASKS_DONE_WORDS = re.compile(r"搞掂|整好|做好|弄好|好了|完成|done|ready|finished|complete")
# Asking for more videos is what a credits question is about; asking whether it can do something is help.
_EXCUSED = {"more-videos": "credits", "can-it": "help", "purpose": "help"}


def _excused(feature: str, action: Action, credits_asked: bool) -> bool:
    """True when a piece of evidence against direct actions is the reason for this action's question instead."""
    if _EXCUSED.get(feature.split(":")[1]) == action:
        return True
    # 积分够不够再做一条工厂宣传片: the video named is what the credits are for
    return action == "credits" and credits_asked and feature.startswith("against:topic:")


def _counts_for(target: str, action: Action) -> bool:
    return target in (action, "against") or (target == "info" and action in INFO) \
        or (target == "content" and action != "state")


def _decide(reading: _Reading, chinese: bool) -> Intent:
    scores = _totals(reading)
    evidence = tuple(reading.evidence)
    # Only an action with evidence of its own can win: a question or a request alone names none.
    named = sorted((a for a in DIRECT if any(f.startswith(f"{a}:") and w > 0 for f, w in evidence)),
                   key=lambda a: scores[a], reverse=True)
    contenders = _settle(evidence, [a for a in named if scores[a] >= THRESHOLD])
    if any(f.startswith("against:edit:") for f, _ in evidence):
        contenders = []  # an edit is never lost, however many keywords come with it ("add captions, render, send it")
    if len(contenders) == 1:
        best = contenders[0]
        return Intent(best, scores[best], evidence, f"{best}:{'zh' if chinese else 'en'}")
    export_asked = "export" not in reading.negated and _own(evidence, "export") >= THRESHOLD
    wants = reading.edited and export_asked
    if "export" in reading.negated:
        rule = "chat:negated-export"
    elif wants:
        rule = "chat:export-requested"
    elif contenders:
        rule = "chat:conflict"
    elif any(_own(evidence, a) >= THRESHOLD for a in named):
        rule = "chat:content"
    else:
        rule = "chat:default"
    return Intent("chat", scores[named[0]] if named else 0.0, evidence, rule, wants_video=wants)


def _settle(evidence: tuple[Evidence, ...], contenders: list[Action]) -> list[Action]:
    """Two actions at once: one named by a word yields to neither, but context alone yields to a word.

    "Now" in a question (state:asks-now) yields to an action named by its keyword (积分扣了多少，现在还剩多少); a
    keyword asked about with nothing that requests it yields to a question about what the tool can do
    (支持哪些导出格式, 怎么使用？要先上传吗): the user asks how, not for the action.
    """
    if len(contenders) < 2:
        return contenders

    def kinds(action: Action) -> set[str]:
        return {f.split(":")[1] for f, w in evidence if f.startswith(f"{action}:") and w > 0}

    named = [a for a in contenders if kinds(a) != {"asks-now"}]
    if len(named) == 1:
        return named
    if set(named) == {"state", "export"} and kinds("state") == {"asks-content"} \
            and all(_ASKS_DONE_WORDS.search(f) for f, w in evidence if f.startswith("state:") and w > 0):
        return ["export"]  # 条片搞掂未？俾我download: "is it done? give it to me" asks for the file
    if "help" in named and "capability" in kinds("help") \
            and all(kinds(a) <= {"keyword", "bare"} for a in named if a != "help"):
        return ["help"]
    return named


def _own(evidence: tuple[Evidence, ...], action: Action) -> float:
    """An action's score before the evidence against it."""
    return sum(w for f, w in evidence if f.split(":")[0] in (action, "info" if action in INFO else action))
