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
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal, cast

from nemovideo.conversation import intent_phrases as P
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
    text = P.SLANG.sub(lambda m: W.SLANG[m.group(0)], text)
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
    for index, clause in enumerate(P.CLAUSE_BREAK.split(prepared)):
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
    quoted = list(P.QUOTES.finditer(text)) + list(P.COLON_TEXT.finditer(text))
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

    return P.LATIN_WORD.sub(fix, text)


@lru_cache(maxsize=2048)
def _typo(token: str) -> str | None:
    if token in P.ACTION_OF:
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
    clause = P.POLITE_FORMULA.sub(lambda m: " " * len(m.group(0)), clause)
    clause = P.THANKS_FOR_HELP.sub(lambda m: " " * len(m.group(0)), clause)
    clause = _read_destination(clause, reading)  # before topics: "the video on my laptop" is no subject
    clause = _read_phrase(clause, P.GIVE_IT_TO_ME, "export:give-it-to-me", PHRASE_WEIGHT, reading)
    sent = P.SEND_TO_YOU.search(clause)
    if sent and not P.CONDITION_BEFORE.search(clause[:sent.start()]):  # "if I give you photos…": not now
        clause = _read_phrase(clause, P.SEND_TO_YOU, "upload:send-to-you", PHRASE_WEIGHT, reading)
    clause = _read_phrase(clause, P.PRESENTING_FILES, "upload:presenting", PHRASE_WEIGHT, reading)
    clause = _read_cost(clause, opening, reading)  # before topics: 生成一个30秒的视频要花多少点 names no subject
    clause = _read_topic(clause, reading)
    clause = _read_phrase(clause, P.WANTS_NEW_VIDEO, "against:edit", EDIT_WEIGHT, reading)
    clause = _read_phrase(clause, P.ZH_MAKE_CANTONESE, "against:edit", EDIT_WEIGHT, reading)
    # "what it can do and how I should start": both are masked; the second weighs nothing more
    clause = _read_phrase(clause, P.CAPABILITY, "help:capability", CAPABILITY_WEIGHT, reading, times=2)
    clause = P.HELP_ME.sub(lambda m: " " * len(m.group(0)), clause)
    clause = _read_phrase(clause, P.ENOUGH, "credits:enough", 1.0, reading)
    clause = _read_phrase(clause, P.REMAINING, "credits:remaining", PHRASE_WEIGHT, reading)
    clause = _read_phrase(clause, P.STATE_PHRASE, "state:asks-content", PHRASE_WEIGHT, reading)
    clause = _read_phrase(clause, P.OPINION, "against:opinion", EDIT_WEIGHT, reading)
    clause = _read_phrase(clause, P.PLACEMENT, "content:placement", PLACEMENT_WEIGHT, reading)
    clause = _read_phrase(clause, P.ADJUSTMENT, "content:adjust", ADJUSTMENT_WEIGHT, reading)
    clause = _read_platform(clause, reading)
    clause = _read_negation(clause, reading)
    actions, clause = _read_keywords(clause, reading)
    if not actions and P.ZH_NOW.search(clause) and P.ZH_ASKS.search(clause):
        reading.add("state:asks-now", PHRASE_WEIGHT)  # 现在是横屏还是竖屏: a question about how things are now
    elif actions in ([], ["state"]) and P.EN_NOW.search(clause) and P.EN_ASKS_ABOUT.search(opening) \
            and not P.EN_ASKS_ADVICE.search(opening):
        reading.add("state:asks-now", PHRASE_WEIGHT)  # "what colour is the caption text now?": how things are now
    clause = _read_edits(clause, opening, reading)
    clause = _read_forms(clause, actions, reading)
    found = reading.evidence[before:]
    if found and all(f.startswith("content:") for f, _ in found) \
            and any(f.startswith("content:adjust:") for f, _ in found) and not _residue_beyond_content(clause):
        reading.add(f"against:edit:{found[0][0].split(':', 2)[2]}", EDIT_WEIGHT)  # a fragment that asks for a change
    if len(actions) == 1 and all(":keyword:" in f for f, _ in found) and not _residue(clause):
        reading.add(f"{actions[0]}:bare", 1.0)
    approval = P.APPROVAL.search(clause)
    if approval and len(reading.evidence) == before:
        reading.add(f"neutral:approval:{approval.group(0)}", 0.0)


def _residue_beyond_content(clause: str) -> bool:
    """True when a clause holds a question or request word besides its adjustment ("is it too loud?")."""
    return bool(P.QUESTION.search(clause) or P.REQUEST.search(clause) or re.search(r"\?|？|吗|么|呢", clause))


def _read_topic(clause: str, reading: _Reading) -> str:
    made = P.TOPIC_ZH_MADE.search(clause)
    # 做什么样的视频 asks and names no subject; 还能做几个景点的视频 asks how many (credits); 生成最终的视频 is the file
    if made and not P.ZH_WHICH.fullmatch(made.group(1)) and made.group(1).strip() not in W.ZH_FINAL \
            and not re.match(r"(?:几|多少)", made.group(1)):
        reading.add(f"against:topic:{made.group(1)}", TOPIC_WEIGHT)
        return _mask(clause, made.start(1), made.end(1))
    match = P.TOPIC_EN.search(clause) or P.TOPIC_ZH_ABOUT.search(clause)
    if match and P.UPLOAD_BEFORE.search(clause[:match.start()]):
        reading.add(f"neutral:file-subject:{match.group(0)[:12].strip()}…", 0.0)  # "upload a clip of the kitchen"
        return _mask(clause, match.start(), match.end())
    if match is None:
        marker = P.TOPIC_ZH_MARKER.search(clause)
        if marker and (P.TOPIC_ZH_BEFORE.search(clause[:marker.start()]) or P.TOPIC_ZH_AFTER.search(marker.group(2))):
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
    cost = P.COST_ZH.search(clause) or (P.COST_EN.search(clause) if P.EN_QUESTION_START.search(opening) else None)
    if cost is None:
        return clause
    reading.add(f"credits:cost:{cost.group(0).strip()}", CAPABILITY_WEIGHT)
    clause = _mask(clause, cost.start(), cost.end())
    for named in (*P.EDIT_EN.finditer(clause), *P.EDIT_ZH.finditer(clause), *P.KEYWORD.finditer(clause)):
        if P.ACTION_OF.get(named.group(0), ("",))[0] != "credits":
            reading.add(f"neutral:cost-of:{named.group(0)}", 0.0)
            clause = _mask(clause, named.start(), named.end())
    return clause


def _read_destination(clause: str, reading: _Reading) -> str:
    """'put the video onto my computer', 存到电脑: the file, delivered; the verb that moves it is no edit."""
    match = P.DEVICE.search(clause)
    if match is None:
        return clause
    reading.add(f"export:destination:{match.group(0).strip()}", PHRASE_WEIGHT)
    clause = _mask(clause, match.start(), match.end())
    return P.MOVING_VERB.sub(lambda m: " " * len(m.group(0)), clause)


def _read_platform(clause: str, reading: _Reading) -> str:
    """'upload it to YouTube', 上传抖音: where the user will post the video, not a file to upload here."""
    match = P.PLATFORM.search(clause)
    if match is None:
        return clause
    reading.add(f"neutral:platform:{match.group(0).strip()}", 0.0)
    return _mask(clause, match.start(), match.end())


def _read_negation(clause: str, reading: _Reading) -> str:
    """A negation before export or upload in the same clause ("don't export yet", 先别导出), or "later" after it,
    cancels it."""
    for keyword in P.KEYWORD.finditer(clause):
        if re.match(r"\s*住?先?唔好", clause[keyword.end():]):  # export 住先唔好: Cantonese "don't export yet"
            clause = _negate(clause, reading, "唔好", keyword.start(), keyword.end())
    for negation in P.NEGATION.finditer(clause):
        rest = clause[negation.end():]
        if negation.group(0) == "不" and not P.KEYWORD.match(rest):
            continue  # a bare 不 negates only the word right after it (不错 is praise)
        if negation.group(0) == "别" \
                and (clause[negation.start() - 1:negation.start()] in P.BIE_WORDS or rest[:1] in "人的"):
            continue  # 错别字, 特别, 区别, 别人: words with 别 in them, no "don't"
        for keyword in (*P.KEYWORD.finditer(rest), *P.FILE_REQUEST.finditer(rest)):
            clause = _negate(clause, reading, negation.group(0), negation.end() + keyword.start(),
                             negation.end() + keyword.end())
        clause = _mask(clause, negation.start(), negation.end())
    for keyword in P.KEYWORD.finditer(clause):
        if P.SAID_OF_SOMEONE.search(clause[:keyword.start()]):  # "we also do export to west africa": a fact
            reading.add(f"neutral:statement:{keyword.group(0)}", 0.0)
            clause = _mask(clause, keyword.start(), keyword.end())
            continue
        later = P.LATER.search(clause, keyword.end())  # "exporting to youtube later": not now
        if later:
            clause = _negate(clause, reading, later.group(0).strip(), keyword.start(), keyword.end())
    return _read_time_references(clause, reading)


def _read_time_references(clause: str, reading: _Reading) -> str:
    """'before exporting', 在导出之前: a keyword that only says when something else happens asks for nothing."""
    for pattern in (P.BEFORE_KEYWORD, P.KEYWORD_BEFORE):
        for match in pattern.finditer(clause):
            reading.add(f"neutral:time:{match.group(0).strip()}", 0.0)
            clause = _mask(clause, match.start(), match.end())
    return clause


def _negate(clause: str, reading: _Reading, negation: str, start: int, end: int) -> str:
    action = P.ACTION_OF.get(clause[start:end], ("export", 0.0))[0]
    if action not in ("export", "upload"):
        return clause
    reading.add(f"{action}:negated:{negation}", NEGATED_WEIGHT)
    reading.negated.add(action)
    return _mask(clause, start, end)


def _read_keywords(clause: str, reading: _Reading) -> tuple[list[str], str]:
    actions: list[str] = []
    for match in list(P.KEYWORD.finditer(clause)):
        word = match.group(0)
        action, weight = P.ACTION_OF[word]
        noun = _content_noun(clause, match.start(), match.end())
        if word in W.VERB_KEYWORDS and not _residue(clause[:match.start()]) \
                and re.match(r" (?:the|it|this|out|my|our)(?![a-z])", clause[match.end():]):
            reading.add(f"against:edit:{word}", EDIT_WEIGHT)  # "balance the audio": said first, it is a verb
        elif action == "export" and P.MAKES_CONTENT.match(clause, match.end()):
            reading.add(f"against:edit:{word}", EDIT_WEIGHT)  # "render a 3D shot", 渲染一个镜头: making content
        elif action == "export" and re.match(r" it\s{2,}", clause[match.end():]) \
                and reading.in_this_clause(("content:adjust:in ", "content:adjust:as ")):
            reading.add(f"against:edit:{word}", EDIT_WEIGHT)  # "render it in black and white": a look
        elif action == "export" and P.DISPLAYS.match(clause, match.end()):
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
    if P.LINK_AFTER.match(after) and (P.FILE_REQUEST.search(clause) or P.LINK_TO_ME.search(clause)
                                     or not (P.EDIT_EN.search(clause) or P.EDIT_ZH.search(clause))):
        return None  # "give me the download link", 下载链接给我: the link is how the file is handed over
    if word in ("render", "rendering", "渲染") and (P.ELEMENT_BEFORE.search(before) or after.startswith("得")):
        return word + " (how it looks)"  # "the colors render vividly", 颜色渲染得鲜艳: a look, not the file
    raw_after = clause[end:]  # a space after a Chinese word ends the phrase (功能 列一下)
    shown = P.ZH_PART_AFTER.match(raw_after)
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
        if owner and owner.group(1) not in W.NOT_POSSESSIVE_EN + W.FILE_NOUNS_EN + P.NOT_OWNERS:
            return f"{word} of the {owner.group(1)}"  # "the timeline of the story": the story's, shown in the video
        if previous and previous[0].endswith("'s") and previous[0][:-2] not in W.NOT_POSSESSIVE_EN:
            return f"{previous[0]} {word}"  # "our company's timeline": someone else's, shown in the video
        if re.match(r"-[a-z]", after) and not re.match(r"-wise(?![a-z])", after):
            return word + re.match(r"-[a-z]+", after).group(0)  # type: ignore[union-attr]  # "export-ready"
        following = re.match(r"[a-z']+(?![0-9])", after)
        # "credits used up", "export finished": a participle after the keyword says what happened to it
        if following and following.group(0) not in W.EN_FOLLOWERS and after[:1].isascii() \
                and not (re.fullmatch(r"[a-z]{2,}ed", following.group(0)) and P.ACTION_OF[word][0] != "help"):
            return f"{word} {following.group(0)}"
    return None


def _read_edits(clause: str, opening: str, reading: _Reading) -> str:
    """Edit verbs said as requests; `opening` is the clause before any reader masked a word of it."""
    for done in P.EDIT_EN_DONE.finditer(clause):  # "export it after adding music": the edit comes first
        reading.add(f"against:edit:{P.DONE_FIRST[done.group(1)]}", EDIT_WEIGHT)
        clause = _mask(clause, done.start(1), done.end(1))
    imperative = P.IMPERATIVE.match(opening)
    verb = imperative.group(1) if imperative else ""
    delivered = P.IMPERATIVE_FILE.match(opening, imperative.end(1)) if imperative else None
    if imperative and re.match(r" (?:the |an |a )?(?:export|download|render)(?![a-z])", opening[imperative.end(1):]):
        imperative = None  # "can you make the export": a light verb before the action's name
        delivered = None
    if delivered and P.CONTENT_AFTER_OBJECT.match(opening, delivered.end()):
        delivered = None  # "before the final photo": a part of the video
    if imperative and delivered and not P.EDIT_EN.fullmatch(verb) and verb not in P.ACTION_OF \
            and verb not in W.EN_SUBORDINATORS and verb not in W.NOT_EDIT_STARTERS:
        # "spit out the final file", "output the mp4": whatever the verb, handing over the file is the export
        reading.add(f"export:request:{verb}", 1.0)
        reading.add(f"export:object:{delivered.group(0).strip()}", 1.0)
        clause = _mask(clause, imperative.start(1), imperative.end(1) + len(delivered.group(0)))
    elif imperative and clause[imperative.start(1):imperative.end(1)] == verb and verb not in W.NOT_EDIT_STARTERS \
            and verb not in P.ACTION_OF and not P.EDIT_EN.fullmatch(verb):
        # A clause that opens with a verb and its object ("throw in a fade-out", "blur the sky") asks for a
        # change even when the verb is on no list: the verb lists cannot hold every way to say an edit.
        reading.add(f"against:edit:{imperative.group(1)}", EDIT_WEIGHT)
        clause = _mask(clause, imperative.start(1), imperative.end(1))
    for match in list(P.EDIT_EN.finditer(clause)) + list(P.EDIT_ZH.finditer(clause)):
        verb = match.group(0)
        if clause[match.start() - 1:match.start()] == "-":
            continue  # "b-roll", "voice-over": part of a compound noun
        made = P.EN_FILE_AFTER_VERB.match(clause, match.end()) if verb.isascii() else None
        if made is None and verb in P.HANDING_VERBS:
            made = P.HANDED_FILE.match(clause, match.end())  # "drop the mp4": handing the file over
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
        elif request and (P.PURPOSE_BEFORE.search(opening[:match.start()])
                          or verb in ("use", "用") and P.PURPOSE_USE.match(opening, match.end())):
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
    if verb not in P.MAKING:
        return False
    before, after = clause[:match.start()], clause[match.end():]
    if verb.isascii():
        return bool(P.EN_MORE_VIDEOS.match(after))
    return bool(P.ZH_MORE_BEFORE.search(before) and P.ZH_COUNT_AFTER.match(after.lstrip(" ")))


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
    if before[-1:] and before[-1] in P.LINKING_VERBS:
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
    if (clause[max(match.start() - 1, 0):match.start()], match.group(0)) in P.ZH_WORDS_AROUND_VERB \
            or (match.group(0), after[:1]) in P.ZH_WORDS_AROUND_VERB:
        return None  # 播放, 配乐, 插画: the verb's character inside another word
    if after.startswith("得") and not P.ZH_MORE.search(after):
        return None  # 做得很好: how it was done, a comment (but 做得利落一点 asks for a change)
    before_verb = opening[:match.start()]
    if re.match(r"完(?=刚才|那个|这个|之后|以后|后|了)", after) \
            or (re.match(r"完\s*$", after) and P.ZH_PAST.search(before_verb)) or (after.startswith("了") and (
            P.ZH_PAST.search(before_verb) or P.ZH_DONE_COUNT.match(after))):
        return False  # 做完刚才那个视频, 上次改完之后, 今天做了好多条: work done, reported
    if P.ZH_CAPACITY_BEFORE.search(before_verb) or P.ZH_CAPACITY_AFTER.match(after):
        return False  # 还可以做几支, 别到时候做不了: how much can still be made, a question of credits, no edit
    if P.ZH_ASKS_WHAT_WAS.match(opening[match.end():]) or P.ZH_WHETHER_DONE.search(before_verb):
        return None  # 放了哪几张照片: asks what was put in, asks for nothing
    if P.ZH_ASKS_DONE.match(opening[match.end():]):
        return None  # 字幕加上了没, 剪成啥样了: asks whether or how it was done, asks for nothing
    if P.ZH_FILE_AFTER_VERB.match(after.lstrip(" ")):
        return None  # 生成最终文件: making the final file is the export itself
    if P.ZH_PLAN.search(opening[:match.start()]):
        return False  # 今天还要剪二十条: what the user will do later, not a request now
    if re.search(r"(?:不|别|不用|不要|不必|无需|没什么|没啥|唔使|唔洗|唔驶)(?:再|用|要)?$", opening[:match.start()]) \
            and re.match(r"了|啦|喇|咯|啰|\s*$", after):
        return None  # 不改了: nothing more to change, an approval
    if re.match(r"(?:好|完)?的|(?:好|完|定)了(?!再|后|之后)", after):
        return False  # 生成的视频 describes a noun; 做好了 says the work is done
    subject = None
    for found in P.ZH_SUBJECT.finditer(clause[:match.start()]):
        subject = found
    ba = clause.rfind("把", 0, match.start())
    if subject is None or ba != -1 and ba < subject.start():
        return True  # 把我上传的录屏剪掉: 我 is inside the object 把 takes, the sentence is a request
    return bool(P.ZH_DESIRE.search(clause[subject.end():match.start()]))


def _read_forms(clause: str, actions: list[str], reading: _Reading) -> str:
    """Question, request and file-request forms: the second piece of evidence a weak keyword needs."""
    clause = P.NOT_QUESTION.sub(lambda m: " " * len(m.group(0)), clause)
    clause = _read_all(clause, P.QUESTION, "info:question", reading)
    clause = _read_all(clause, P.REQUEST, "info:request", reading)
    if actions and "export" not in actions:
        return clause  # 我要上传视频: the request is for the action the clause names
    requests = [m.end() for m in P.FILE_REQUEST.finditer(clause)]
    clause = _read_all(clause, P.FILE_REQUEST, "export:request", reading)
    if "export" in actions or requests:  # "the video" is the file only when it is asked for
        for match in P.FILE_OBJECT.finditer(clause):
            if match.group(0) == "it" and not any(0 <= len(clause[end:match.start()].split()) <= 1
                                                  for end in requests if end <= match.start()):
                continue  # "I want something an expert made it": "it" far from the request is another thing
            if P.CONTENT_AFTER_OBJECT.match(clause, match.end()):
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
    return re.sub(r"[\s\W]+", "", P.FILLER.sub(" ", clause))


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
