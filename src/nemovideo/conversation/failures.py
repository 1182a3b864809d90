"""What the conversation says when an action fails, in English and Chinese, and the failed Reply that says it."""

from __future__ import annotations

from urllib.parse import quote

from nemovideo.conversation.reply import Reply
from nemovideo.errors import NemoError, OutOfCredits
from nemovideo.language import Language, Phrasebook

FAILURES = Phrasebook({
    "out_of_credits_anon": (
        "You're out of credits. Register to get more (your work is kept): {link}",
        "积分已用完。注册即可获得更多积分（作品会保留）：{link}",
    ),
    "out_of_credits_local": (
        "The local backend is out of credits. Start it with lower prices (see `nemovideo local --help`) or a new "
        "data folder.",
        "本地后端的积分已用完。可用更低的价格启动它（见 `nemovideo local --help`），或换一个新的数据目录。",
    ),
    "out_of_credits_registered": ("You're out of credits. Top up at {link}", "积分已用完。请前往充值：{link}"),
    "no_file": ("There is no file at {path}.", "找不到文件：{path}。"),
    "check_path": ("Check the path and try again.", "请检查路径后再试。"),
    "not_saved": ("The video could not be saved: {error}.", "视频无法保存：{error}。"),
})


def failure(action: str, exc: NemoError, lang: Language, *, web_url: str, claim_links: bool) -> Reply:
    """A failed reply; running out of credits says where more come from (the local backend has no website).

    Where is decided by the session's user as the client knows it (`OutOfCredits.user_id`): an anonymous user
    (`anon_…`) registers, the link binding their work to the new account; anyone else, or a user not known,
    tops up. A `bind` is never empty."""
    if isinstance(exc, OutOfCredits):
        user = exc.user_id or ""
        if not claim_links:  # the local backend: no website to register or top up at
            text = FAILURES.say("out_of_credits_local", lang)
        elif user.startswith("anon_"):
            link = f"{web_url}/register?bind={quote(user, safe='')}"
            text = FAILURES.say("out_of_credits_anon", lang, link=link)
        else:
            text = FAILURES.say("out_of_credits_registered", lang, link=web_url)
        return Reply.failure(action, exc, text)
    return Reply.failure(action, exc)
