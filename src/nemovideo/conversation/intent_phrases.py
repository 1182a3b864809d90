"""The phrases the intent classifier reads (intent.py): its word lists (intent_words.py) made into patterns.

Each pattern is one form of evidence: a way to ask for the file, a question about what the video holds, an edit
said as a request, a topic, a placement, … intent.py reads a clause with them in a fixed order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from nemovideo.conversation import intent_words as W

LATIN_WORD = re.compile(r"[a-z][a-z']*")
SLANG = re.compile(
    r"(?<![a-z'])(?:" + "|".join(map(re.escape, sorted(W.SLANG, key=len, reverse=True))) + r")(?![a-z'])")
# 加一行字：扫码下载App, "add a caption: download our app": what follows the colon is the video's text.
COLON_TEXT = re.compile(r"(?:(?<=[字题幕写句语])|(?<=caption)|(?<=captions)|(?<=title)|(?<=titles)|(?<=text)|(?<=line)"
                        r"|(?<=lines)|(?<=saying)|(?<=says)"
                        r"|(?<=reads))\s*[:：]\s*[^\s\"“「][^。；;]*?"
                        r"(?=[，,]\s*(?:然后|再|之后|接着|and then|then)|[。；;]|$)")
QUOTES = re.compile(r"“[^”]*”|\"[^\"]*\"|「[^」]*」|『[^』]*』|《[^》]*》|(?<![a-z])'[^']+'(?![a-z])")


def alternation(words: Iterable[str]) -> str:
    """An alternation of words, longest first; English words only match whole ("state" not in "statement")."""
    parts = []
    for word in sorted(set(words), key=len, reverse=True):
        escaped = re.escape(word)
        parts.append(rf"(?<![a-z0-9']){escaped}(?![a-z0-9'])" if word.isascii() else escaped)
    return "|".join(parts)


ACTION_OF = {word: (action, weight) for action, words in W.KEYWORDS.items() for word, weight in words.items()}
# Clauses end at punctuation, at "but", "so", "then", 然后, 不过, ..., and at "and" before a command
# ("add music and export it"), not inside a list ("what scenes and music are in it").
COMMAND_START = alternation([*W.EDIT_VERBS_EN, *ACTION_OF, *W.REQUEST_VERBS_EN])
CLAUSE_BREAK = re.compile(
    r"[,.;:!?。、…~\n+&]+|\s+(?:and then|then|but|so(?! far| much| many| that| you| we| i | it)|after that|plus)\s+"
    r"|然后|之后|接着|并且|不过|但是|可是|(?<=[\u4e00-\u9fff]) (?=[\u4e00-\u9fff])"
    rf"|\s+and\s+(?=(?:also |please |just |now )?(?:{COMMAND_START}))"
)
KEYWORD = re.compile(alternation(ACTION_OF))
EDIT_EN = re.compile(alternation(W.EDIT_VERBS_EN))
EDIT_ZH = re.compile(alternation(W.EDIT_VERBS_ZH))


def inflected(verbs: Iterable[str]) -> dict[str, str]:
    """'adding' and 'added' (also 'cutting', 'made') -> the verb, for edits named as done first."""
    forms = dict(W.IRREGULAR_PARTICIPLES)
    for verb in verbs:
        stem = verb[:-1] if verb.endswith("e") else verb
        doubled = verb + verb[-1] if re.fullmatch(r"[^aeiou]*[aeiou][bdgmnpt]", verb) else stem
        for form in (stem + "ing", doubled + "ing", stem + "ed", doubled + "ed"):
            forms.setdefault(form, verb)
    return forms


DONE_FIRST = inflected(W.EDIT_VERBS_EN)
IMPERATIVE = re.compile(
    r"^\s*(?:(?:please|pls|just|now|also|and|then|so|ok|okay|maybe|quickly|can you|could you|would you|will you"
    r"|can we|could we|let's|lets)\s+)*([a-z]+)"
    r"(?: (?:in|on|up|out|off|away|down|over|back|together|around))? "
    r"(?:a|an|the|some|more|less|my|our|this|that|these|those|its|it|them|all|every|each"
    rf"|{alternation(W.PROPERTY_NOUNS_EN)})(?![a-z'])"
)
EDIT_EN_DONE = re.compile(
    rf"(?<![a-z'])(?:after|once|you've|you have|having)(?: [a-z]+)? ({alternation(DONE_FIRST)})"
)
DEVICE = re.compile(r"(?<![a-z])(?:to|onto|into|on) (?:my|the|our) (?:computer|laptop|desktop|phone|disk|"
                    r"hard drive|drive|device|downloads(?: folder)?|pc|mac)(?![a-z])"
                    r"(?! (?:mockup|mock-up|screen|frame|case|template|ui|icon|app|wallpaper|bezel)(?![a-z]))"
                    r"|(?:存|保存|下载|放|传|弄)?到(?:我的?)?(?:本地|电脑|桌面|手机|硬盘)")
MOVING_VERB = re.compile(r"(?<![a-z])(?:put|move|copy|transfer|get|store)(?![a-z])")
PLATFORM = re.compile(rf"(?:upload|uploading|post|posting|share|sharing|put|上传|发到|发布到|传到|发|放到|放上|丢到)"
                      rf"(?: (?:it|this|the video|them))?(?: up)?(?: (?:to|on|onto|in|into))?(?: (?:my|our|the))? ?"
                      rf"(?:{alternation(W.PLATFORMS)}"
                      rf"|(?:[a-z]+ ){{0,2}}(?:page|site|website|channel|account|feed|story|stories|profile|group chat"
                      rf"|shop|store)(?![a-z]))")
NEGATION = re.compile(alternation(W.NEGATIONS_EN + W.NEGATIONS_ZH))
QUESTION = re.compile(alternation(W.QUESTIONS_EN + W.QUESTIONS_ZH))
REQUEST = re.compile(alternation(W.REQUESTS_EN + W.REQUESTS_ZH))
# 给我做个…视频 asks for a video to be made, not for the file: a verb right after 给我 makes it a courtesy.
# (A masked verb has become spaces, so a space right after 给我 counts as one too.)
# 给我 asks for the file only when the file or nothing follows (视频给我, 给我成片, 发给我吧): 给我孙女做个视频 and
# 给我说说 use it for "for me" and "to me".
FILE_REQUEST = re.compile(rf"{alternation(W.FILE_REQUESTS_EN)}"
                          rf"|(?:{alternation(W.FILE_REQUESTS_ZH)})"
                          rf"(?=$|[吧啊呀呢嘛哈啦啰喔哦了]|一下|发|下载|{alternation(W.FILE_OBJECTS_ZH)})")
# "send you a video I took", 传几张截图给你, 把原视频传上来: files coming to the assistant are an upload.
SEND_TO_YOU = re.compile(
    r"(?<![a-z])(?:send|sending|give|giving|share|sharing) you (?:a |an |my |our |the |some |these |"
    r"\d+ |a few |two |three )?(?:[a-z]+ )?(?:videos?|photos?|pictures?|pics?|files?|clips?|logos?"
    r"|images?|footage|music|tracks?|screenshots?|audio|recordings?|voice ?overs?|songs?|shots?)(?![a-z])"
    r"|传(?:[^，。,.]{0,10}?)(?:给你|上来|上去|过来)(?!了?(?:吗|没|么))")
COST_ZH = re.compile(
    r"(?:要|会|得|需要)?(?:扣|花|消耗|耗|用掉|花掉|收)(?:了|掉)?(?:我)?(?:多少|几)(?:个)?(?:积分|点数|点|额度|钱)?"
    r"|(?:也|都)?(?:要|会)?(?:扣|花|消耗|收)(?:积分|点数|额度|点|钱)(?:吗|么|不|没)?")
COST_EN = re.compile(
    r"(?<![a-z])(?:cost|costs|charge|charges|charged|use up|used up|eat|ate)(?: me| us)?(?: any| much| extra| all)?"
    r"(?: (?:my |of my )?(?:credits|points|quota))?(?![a-z])")
EN_QUESTION_START = re.compile(
    r"^(?:so |and |hey |hi |ok )?(?:what|how|do|does|did|will|is|are|would|was)(?![a-z'])|\?")
# 这是早餐的照片，请收下, "here are the files": files presented to the assistant.
PRESENTING_FILES = re.compile(
    r"^(?:这是|这些是|这里是|附上|附件是|here(?:'s| is| are)|attached (?:is|are))(?: (?:the|my|our|some))?"
    r"(?:[^，。,.]{0,16}?)"
    r"(?:照片|图片|相片|视频|影片|文件|素材|档案|files?|photos?|pictures?|videos?|clips?|images?|footage)(?![a-z])")
GIVE_IT_TO_ME = re.compile(r"[俾畀](?:条|个|段)?(?:片|视频|影片|档案|文件)我")  # Cantonese: give the video to me
FILE_OBJECT = re.compile(rf"(?<![a-z])(?:{W.FILE_OBJECTS_EN})(?![a-z'])|{alternation(W.FILE_OBJECTS_ZH)}")
BEFORE_KEYWORD = re.compile(rf"(?<![a-z])(?:before|after|until|till|once|when|while)(?: (?:the|we|i|you|it's))? "
                            rf"(?:{alternation(ACTION_OF)})")
KEYWORD_BEFORE = re.compile(rf"在(?:{alternation(ACTION_OF)})(?:之前|以前|前|之后|以后|后|的时候)")
LATER = re.compile(r"(?<![a-z])(?:later|tomorrow|another time|next time|next week|afterwards)(?![a-z])")
SAID_OF_SOMEONE = re.compile(r"(?<![a-z'])(?:we|they|he|she|our company|our business)(?: (?:also|mainly|only|do|does|"
                             r"did|will|mostly))* $")
NOT_QUESTION = re.compile(r"好几|几乎")  # "several", "almost": no question in them
APPROVAL = re.compile(alternation(W.APPROVALS_EN + W.APPROVALS_ZH))
FILLER = re.compile(alternation(W.FILLERS_EN + W.FILLERS_ZH))
# "help me add music": a courtesy before a verb, not a request for help.
HELP_ME = re.compile(r"(?<![a-z])help me(?= *[a-z\u4e00-\u9fff])")

CONTENT_EN = alternation(W.CONTENT_NOUNS_EN)
DISPLAYS = re.compile(rf" (?:the |a |an |all |every |each |this |that |my )?(?:[a-z]+ )?"
                      rf"(?:{alternation(W.ELEMENT_NOUNS_EN)})(?! file)(?![a-z])"
                      rf"| (?:the|a|an|all|every|each|this|that|my) (?!{alternation(W.FILE_NOUNS_EN)})[a-z]+"
                      r"(?= (?:in|as|with|at|on|bigger|smaller|larger|bold|italic|more|less)(?![a-z])| {2})"
                      r"| it (?:in|as) (?!(?:1080p?|720p?|4k|mp4|mov|hd|full|high|the|a|an)(?![a-z0-9]))")
CONTENT_ZH = alternation(W.CONTENT_NOUNS_ZH)
NOT_OWNERS = ("current", "latest", "last", "new", "first", "whole", "entire", "draft", "edit", "cut", "timeline",
              "account", "plan", "credits", "balance")
ZH_PART_AFTER = re.compile(r"(?:的|那个|这个|那段|这段|那一|这一)?"
                           r"(?:画面|镜头|片段|部分|一幕|幕|分辨率|格式|画质|清晰度|设置|文件名)")
LINK_TO_ME = re.compile(r"发我|发给我|给我|send (?:it )?to me|send me")
LINK_AFTER = re.compile(r"(?:link|url|链接|连结)")
ELEMENT_BEFORE = re.compile(rf"(?:{alternation(W.ELEMENT_NOUNS_EN + ('colors', 'colours', 'color', 'colour'))}"
                            rf"|(?:the|this|that|these|those|all|my) (?!{alternation(W.FILE_NOUNS_EN)})[a-z]+"
                            rf"|颜色|画面|色彩|效果|字幕|文字|标题)\s*$")
TOPIC_EN = re.compile(rf"(?<![a-z])(?:{'|'.join(W.TOPIC_NOUNS_EN)})s? (?:{alternation(W.TOPIC_LINKS_EN)}) .*")
# "I want video for my bakery", "make me a short reel": a new video asked for (a file is "the video").
WANTS_NEW_VIDEO = re.compile(
    r"(?<![a-z])(?:i want|i need|i'd like|i would like|make me|create me|give me) (?:a |an |one |some )?"
    r"(?:new |short |quick |nice |little |cool |beautiful )*(?:video|clip|reel|promo|ad|movie|film)s?"
    r"(?! file)(?= (?:for|about|of|with|showing|that|to)(?![a-z])| *$)")
# 幫我整條15秒嘅片: Cantonese 整 before a measure word is "make" (整个 is "the whole", 整好 "done").
ZH_MAKE_CANTONESE = re.compile(r"(?<![完调])整(?=[条段支部啲靓]|一(?:条|段|支|个|部))")
UPLOAD_BEFORE = re.compile(r"(?:upload|uploading|attached|attaching|send you|上传|上载)(?: [a-z]+){0,3} ?$")
TOPIC_ZH_ABOUT = re.compile(r"(?:关于|有关)(?:.*?的|.*)")
# 做一个下载App的宣传视频: what comes between "make a" and "…的视频" is the subject.
TOPIC_ZH_MADE = re.compile(
    rf"(?:做|生成|制作|拍)(?![好完成了过])(?:一个|一段|一条|一支|个|段|条|支)?(.+?)的.{{0,4}}?(?:{alternation(W.TOPIC_NOUNS_ZH)})"
)
TOPIC_ZH_MARKER = re.compile(rf"({alternation(W.TOPIC_MARKERS_ZH)})(.+)")
TOPIC_ZH_BEFORE = re.compile(rf"(?:{alternation(W.TOPIC_NOUNS_ZH)}|做|生成|制作|拍)")
TOPIC_ZH_AFTER = re.compile(rf"的(?:{alternation(W.TOPIC_NOUNS_ZH)})")

WHO_EN = r"(?:you|it|this|this tool|this app|the tool|the app|nemo|nemovideo|你 ?)"
PLACEMENT = re.compile(alternation(W.PLACEMENTS_EN + W.PLACEMENTS_ZH))
ADJUSTMENT = re.compile(
    rf"(?!too\s*$)(?:{alternation(W.ADJUSTMENTS_EN)})|{W.ADJUSTMENTS_ZH}"
    rf"|with (?:a |an |the |some |new |different |more |less |my )*(?:{CONTENT_EN})|带(?:上|着)?(?:{CONTENT_ZH})"
)
POLITE_FORMULA = re.compile(alternation(W.POLITE_FORMULAS))
# 你觉得音乐合适吗, "do you think the music works?": the agent's judgement, never a direct action.
OPINION = re.compile(
    r"你觉得|你认为|你看(?:看)?(?:这|那|现在)?.{0,12}(?:合适|好不好|行不行|怎么样)|合适|适合|推荐|建议|好看吗|好不好看"
    r"|(?<![a-z])(?:do you think|what do you think|in your opinion|would you say|would suit|suits|recommend"
    r"|does it (?:look|sound|feel) (?:good|ok|okay|right|better|bad))(?![a-z])")
# "thank you very much for your kind help", 谢谢你的帮助: thanks, not a request for help
THANKS_FOR_HELP = re.compile(
    r"(?:thanks|thank you|thx|ty|grateful|appreciate)(?: [a-z]+){0,4} for (?:all )?(?:your |the )?"
    r"(?:kind |great |generous )?help(?:ing)?|(?:谢谢|感谢|多谢)(?:你|您)?(?:的)?(?:帮助|帮忙)")
CAPABILITY = re.compile(
    rf"what (?:else )?(?:can|could) {WHO_EN} (?:actually |really |even |else |all |exactly )?(?:do|make|create|help)"
    r"(?: me)?(?: with)?"
    r"|what (?:can|should) i ask(?: you)?(?: to do| for)?|who are you|what are you(?: for)?$"
    r"|(?:这|这个|你)(?:是|都是)?(?:干|做)(?:什么|啥)的|你是谁"
    r"|what (?:else )?can (?:i|we) do(?: here| with (?:this|it|you))?(?![a-z ]*(?:to|for) )"
    rf"|what (?:kinds?|sorts?|types?) of (?:[a-z]+ )?(?:can|could|do) {WHO_EN} (?:do|make|create|generate|help)"
    r"|where (?:do|should|can) (?:i|we) (?:start|begin)"
    # "how do I add music?": asking how to do something is asking for help, whatever the verb
    # (but "how do I download it?" asks for the download itself)
    rf"|how (?:do|can|should|would|could) (?:i|we|one) (?:even )?"
    rf"(?!{alternation([*ACTION_OF, *W.REQUEST_VERBS_EN])})[a-z]+"
    rf"|(?:我|要|该|应该)(?:怎么|如何|怎样)(?:才能)?(?!{alternation([*ACTION_OF, *W.REQUESTS_ZH])})"
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
    rf"|(?:do|does|can|will) {WHO_EN} (?:support|accept|take|handle|read|import|process|open)(?![a-z])"
    r"|(?:能|可以|能不能|可不可以)(?:处理|支持|导入|识别|读)(?!一下)(?=.{0,8}?(?:视频|格式|文件|照片|图片|素材|mov|mp4|竖屏|横屏|音频|档))"
    rf"|(?:what|which) (?:file )?(?:types|formats|files) (?:do|does|can|will) {WHO_EN}"
    r"|(?:what|which) (?:kinds? of |types? of )?(?:file )?(?:types|formats|files)(?: of files)?"
    r" (?:can|could|should|do) (?:i|we) "
    r"|(?:什么|哪些|哪种|啥|咩)(?:文件)?格式|格式(?:是|有)(?:什么|哪些|啥)"
    rf"|what (?:are|is) {WHO_EN} (?:able|capable) (?:to|of)|还是只能|是不是只能|只能用"
    r"|how (?:do|can|should|would) (?:i|we) (?:use|start|begin|get started)|how to (?:use|start|begin|get started)"
    r"|how (?:i|we) (?:should|can|could|would) (?:use|start|begin|get started)"
    r"|how does (?:this|the|it)(?: whole)?(?: thing| tool| app| process)? work"
    r"|how (?:does )?(?:this|it|this tool|this thing|this app|nemo\w*) works?|get(?:ting)? started|what do you do"
    rf"|what {WHO_EN} (?:can|could) do|不(?:会|知道怎么|懂怎么)(?:用|使用)"
    r"|(?:能|可以|会|识)(?:帮我|帮你|为我|为你|给我)?(?:做|干|生成|制作|弄|搞)(?:些|点|啲)?(?:什么|哪些|啥子|啥|嘛|乜嘢|乜|咩)"
    r"|(?:这个|这)?(?:怎么|如何|怎样)(?:才能)?(?:使用|用|开始|上手|操作|玩|弄|搞| ?use)(?![^\s]*(?:到|成|得))"
    r"|(?:应该|该|要)?从哪(?:里|儿|一步|步)?(?:开始|下手|入手)"
)
ENOUGH = re.compile(
    r"enough(?: [a-z]+){0,2} (?:to|for) [a-z]+|够(?:不够)?(?:用)?(?:吗)?(?:再|来)?(?:做|生成|制作|弄|搞)"

)
# "what've I got left?", 还剩多少: a remainder with nothing named is the balance.
REMAINING = re.compile(
    r"(?:am|are) (?:i|we) (?:out|running out)(?![a-z])|run(?:ning)? out of (?:credits|points|quota)"
    r"|can (?:i|we) still (?:make|do|create|generate)(?: \S+){0,3} more|"
    r"(?:how much|how many)(?: more)?(?: \w+)? can (?:i|we) (?:still )?(?:use|make|generate|create|do)(?![a-z])"
    r"|还能(?:免费)?(?:用|做|生成|制作)(?:多少|几)|"
    r"^\s*(?:what|how much)(?:'s| is| do| have| did)?(?: (?:i|we))?(?: (?:got|have|still have|still got))?"
    r" (?:left|remaining)\s*$|^\s*(?:我|咱)?(?:还|一共)?(?:剩|有)(?:下|余)?(?:多少|几个|几)(?:了)?\s*$"
)
STATE_PHRASE = re.compile(
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
    rf"|(?:is|are) there (?:any |a |an |some |still |too much |too many )?(?:background )?(?:{CONTENT_EN})"
    r"|(?:(?:视频|影片|项目|时间线|时间轴|轨道|画面)(?:里|上|中)?|^(?:里|上)面?)(?:面|边|头)?(?:现在|目前|当前)?(?:都|还)?"
    r"有(?:什么|哪些|啥|没有|多少|几(?:个|条|段|首|张|种))"
    rf"|how many (?:{CONTENT_EN})"
    rf"|(?:what|which) (?:[a-z]+ )?(?:{CONTENT_EN})s?(?: and (?:{CONTENT_EN})s?)? (?:is|are) "
    r"(?:there|on|in|used|playing|included|the|it|this)(?![a-z])"
    r"|(?:what|which) [a-z]+ (?:do|does) (?:we|i|it|the video) have"
    r"|(?:does|do) (?:the |my |this )?(?:video|project|timeline|it) (?:have|has|contain|include)"
    rf"|(?<!好)(?<!上传)(?<!upload)(?<!upload )(?<!传)(?:几|多少)(?:个|条|段|首|张)?(?:{CONTENT_ZH}|视频|镜头|素材)"
    rf"|what(?:'s| is| are) (?:the |my )?(?:current )?(?:{CONTENT_EN})(?: of (?:the|my|this) (?:project|video|draft))?"
    r"(?: now| right now| currently| atm)?$"
    rf"|(?:{CONTENT_EN})s? (?:in|on) (?:my|the|this) (?:current )?(?:project|video|timeline|draft)"
    r"|还在(?:渲染|导出|处理|生成|做)|still (?:rendering|processing|exporting)"
    r"|(?:放|加|用|插|配)(?:进去|上去|进来|上)了(?:吗|没有|没|么)(?=$|\s|[啊呀呢吧哦嘛？?])"
    r"|(?:is|are) (?:the|my) (?:render|export|download|video)"
    r"(?: of (?:my|the|our) (?:[a-z]+ ){0,3}?(?:video|clip|reel))?"
    r"(?: still)?"
    r" (?:processing|rendering|running|going|done|ready|finished)"
    rf"|what (?:{CONTENT_EN})s? (?:did|do|are|have) (?:you|we|i) (?:[a-z]+ ){{0,2}}"
    r"(?:use|using|used|add|added|pick|picked|choose|chose|have|got)(?![a-z])"
    rf"|(?:{CONTENT_ZH})(?:现在|目前)?(?:是|叫|用的是?)(?:什么|啥|哪|多少|多大|多长)|用的(?:是)?(?:什么|啥|哪)(?:首|个|种)?"
    r"|什么情况|啥情况|(?:什么|啥)样(?!的)|到哪一步|做到(?:哪|边)|(?:多长|多久|几长|几秒)(?!(?:比较|最|才)?(?:合适|好|适合))|时长是"
    rf"|有(?:没有)?(?:{CONTENT_ZH})了?(?:吗|么|没|没有)|(?:有没有|是否)(?:加|添加|放|配)?了?(?:{CONTENT_ZH})"
)
EN_FILE_AFTER_VERB = re.compile(r" (?:me )?(?:the|a|my)(?: (?:final|finished|downloadable|complete|full))+ "
                                r"(?:file|mp4|version|video file|cut)(?![a-z])"
                                r"|(?: me)? (?:the|a) (?:downloadable|mp4) file")
MAKES_CONTENT = re.compile(r" ?(?:一个|一段|一条|一支|一些|(?:an|a|some)(?![a-z]))"
                           r"(?!.{0,8}?(?:final|finished|mp4|file|copy|version"
                           r"|成片|视频文件|文件|下载|最终|版本|版|高清|1080))")
PURPOSE_BEFORE = re.compile(r"用(?:这个|这|你们|你|它|这个工具|这工具)(?:来)?$"
                            r"|use (?:this|you|it|nemo\w*)(?: tool| app| thing)? (?:to|for) $")
PURPOSE_USE = re.compile(r" (?:this|you|it|nemo\w*)(?: tool| app| thing)? (?:to|for) "
                         r"|(?:这个|这|你们|它)(?:来)?(?:做|生成|制作)")
LINKING_VERBS = frozenset({"felt", "feels", "feel", "looks", "look", "looked", "seems", "seemed", "sounds", "sounded",
                           "is", "was", "are", "were", "too", "very", "so", "kinda", "bit", "pretty", "really"})
HANDING_VERBS = frozenset({"drop", "pass", "share", "toss", "shoot", "fire", "ship", "hand", "send", "post", "throw"})
HANDED_FILE = re.compile(r"(?: over| across)? (?:me )?(?:the|a|my|that|this)(?: (?:final|finished))?"
                         r" (?:mp4|file|final cut|final)(?![a-z])")
MAKING = frozenset({"make", "create", "generate", "produce", "do", "做", "生成", "制作", "弄", "搞", "剪", "出"})
EN_MORE_VIDEOS = re.compile(r" (?:\w+ )?(?:more|another)(?: (?:one|ones|videos?|clips?|reels?))?(?![a-z])")
ZH_MORE_BEFORE = re.compile(r"(?:再|多|还(?:能|可以|想|要)?再?)$")
ZH_COUNT_AFTER = re.compile(r"(?:[一两二三四五六七八九十几多]|\d+)(?:个|条|支|段|部|集)?|个")
IMPERATIVE_FILE = re.compile(
    r"(?: (?:out|over|up))? (?:me )?(?:(?:the|a|my|our)(?: (?:final|finished|complete|full|whole))*"
    r"|(?:final|finished)) (?:file|mp4|video file|final cut|final version|final output|output|final)(?![a-z])")
CONTENT_AFTER_OBJECT = re.compile(r" (?:photo|picture|image|scene|shot|slide|frame|title|line|clip|section|part|second"
                                  r"|seconds|song|track|caption|card)s?(?![a-z])")
ZH_MORE = re.compile(r"一点|一些|点儿|些|更|再|多一|少一")
ZH_PLAN = re.compile(r"(?:今天|明天|今晚|晚上|上午|下午|中午|周末|月底|过两天|过几天|改天|这个月|下个月|下月"
                     r"|明年|年底|这周|下周|待会|等下|晚点|之后)"
                     r"(?:还|也|再)?(?:要|得|想|会)")
ZH_WHICH = re.compile(r"(?:多长|多大|多久|多少|什么|啥子|啥|哪|哪种|哪类|哪些|怎样|怎么样|乜嘢|乜|咩)"
                      r"(?:样|类型|种类|风格|类|种)?(?:的)?")
ZH_ASKS_DONE = re.compile(
    r"了(?:哪些|什么|啥|几|多长|多久|多少)|到(?:哪|边)(?:了|一步)?|成(?: +了)|成?(?:啥|什么|怎么|怎)样"
    r"|(?:(?:上去|上|去|好|完|进去|进来|过)了?|了)(?:没有|没|吗|么)(?=$|\s|[啊呀呢吧哦嘛？?])")
ZH_CAPACITY_BEFORE = re.compile(r"(?:还|仲)(?:能|可以|够)(?:再)?$")
ZH_CAPACITY_AFTER = re.compile(r"不了|得了|(?:几|多少)(?:个|条|支|段|部)")
ZH_ASKS_WHAT_WAS = re.compile(r"了?(?:哪几|哪些|什么|啥|几(?:个|张|条|段|首))")
ZH_WORDS_AROUND_VERB = {("播", "放"), ("开", "放"), ("配", "乐"), ("配", "音"), ("配", "樂"), ("配", "额"),
                         ("插", "画"), ("插", "图"), ("插", "曲")}
ZH_DONE_COUNT = re.compile(r"了(?:好多|很多|好几|[一二三四五六七八九十两几\d]+)(?:条|个|支|段|次)")
BIE_WORDS = frozenset("错特区分告类级性识离辨鉴派")
CONDITION_BEFORE = re.compile(r"(?<![a-z])(?:if|when|once|after) (?:i|we) $")
ZH_PAST = re.compile(r"(?:今天|刚才|刚刚|昨天|上次|之前|已经|上周|前面|刚)")
ZH_WHETHER_DONE = re.compile(r"(?:有没有|有冇|有无|是否|是不是|已经)$")  # 有没有放logo: asks whether it was done
EN_NOW = re.compile(r"(?<![a-z])(?:now|currently|right now|at the moment|atm|at this point|rn|these days)(?![a-z])")
EN_ASKS_ABOUT = re.compile(rf"^(?:so |and |ok |hey |hi )?(?:(?:can|could) you |please |pls )?"
                           rf"(?:list |show me |tell me |show )?"
                           rf"(?:what|which|how|is|are|does|do|what's|whats|who)(?![a-z'])"
                           rf".*(?:{CONTENT_EN}|ratio|length|size|duration|\d+:\d+)")
EN_ASKS_ADVICE = re.compile(r"(?<![a-z])(?:should|would|shall|better|best|ideal|recommend)"
                            r"(?![a-z])")
ZH_NOW = re.compile(r"现在|目前|当前|这会儿|眼下|而家|宜家")  # (而家: Cantonese "now")
ZH_ASKS = re.compile(r"吗|么|没|还是|什么|啥|几|多少|多长|多久|怎么样|如何|哪|冇|边|点样")
ZH_FILE_AFTER_VERB = re.compile(r"(?:出)?(?:最终|最后)的?(?:文件|视频|版本|版|成片)|成片|成品|mp4|(?:下载)?链接"
                                r"|成(?:文件|档案|mp4|视频文件)")
ZH_SUBJECT = re.compile(rf"(?<![帮给让请跟和])(?:{alternation(W.ZH_STATEMENT)})(?!的|们的)")
ZH_DESIRE = re.compile(alternation(W.ZH_DESIRE))
