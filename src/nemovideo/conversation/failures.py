"""What the conversation says when an action fails, in English and Chinese, and the failed Reply that says it.

Every error is worded from its class (the nearest one with words here), or from its `reason` when one class has
several cases: what happened, then what to do next (the reply's `error.hint`). When the service said something,
its own words are quoted as they came. Codes stay out of the text: the reply's `error.code` has them.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePosixPath
from urllib.parse import quote

from nemovideo import errors
from nemovideo.conversation.reply import ErrorInfo, Reply
from nemovideo.errors import ACCEPTED_FORMATS, NemoError, OutOfCredits
from nemovideo.language import Language, Phrasebook, has_chinese

ERRORS = Phrasebook({
    # What happened, by error class (or class:reason); the next step is under the same key in NEXT.
    "TokenInvalid": ("The service refused your account token.", "服务拒绝了你的账号令牌。"),
    "SessionNotFound": ("The project was not found on the service.", "服务上找不到这个项目。"),
    "UnsupportedFile:not_accepted": ("{name} is not in a format I can use.", "{name} 的格式无法使用。"),
    "UnsupportedFile": ("The service could not read {name}.", "服务无法读取 {name}。"),
    "FileTooLarge": ("{name} is over the 200 MB limit.", "{name} 超过了 200 MB 的上限。"),
    "MissingClientId": ("The service asked for a client id.", "服务要求提供客户端编号。"),
    "PlanLimit:attribution": ("The service refused the export: the skill's attribution was missing.",
                              "服务拒绝了导出：缺少技能的来源信息。"),
    "PlanLimit": ("Your plan does not allow this; it is not a lack of credits.",
                  "你的套餐不支持这项操作，这与积分无关。"),
    "RateLimited": ("There are too many requests right now.", "当前请求过多。"),
    "DuplicateRenderId": ("The render could not start: its id was already taken.", "渲染没能开始：渲染编号已被占用。"),
    "RenderNotFound": ("The service does not know this render.", "服务上找不到这次渲染。"),
    "RenderRejected": ("The render service refused the video.", "渲染服务拒绝了这个视频。"),
    "UrlRefused": ("That link cannot be uploaded: its address is not allowed.", "这个链接无法上传：地址不被允许。"),
    "FetchFailed": ("The link could not be downloaded.", "这个链接无法下载。"),
    "NotFound": ("The service could not find what was asked for.", "服务找不到请求的内容。"),
    "BadRequest": ("The service refused the request.", "服务拒绝了这个请求。"),
    "AgentUnavailable": ("The video editor is not available on this backend.", "这个后端没有可用的视频编辑助手。"),
    "ServerError": ("The service had a problem.", "服务出了问题。"),
    "ApiError": ("The service answered with an error this tool does not know.", "服务返回了一个本工具不认识的错误。"),
    "ApiTimeout": ("The service did not answer in time.", "服务没有及时响应。"),
    "DeadlineExceeded": ("The service did not answer within the time this request may take.",
                         "服务没有在这个请求允许的时间内响应。"),
    "StreamDropped": ("The connection dropped before the answer was complete.", "回复完成前连接就中断了。"),
    "TransportError": ("The service could not be reached.", "无法连接到服务。"),
    "MalformedResponse": ("The service sent an answer this tool could not read.", "服务返回的内容无法读取。"),
    "ResponseTooLarge": ("The service sent far more data than an answer may hold.",
                         "服务返回的数据远超一次回复的上限。"),
    "ChatFailed": ("The video editor could not finish the request.", "视频编辑助手没能完成这个请求。"),
    "ChatTimeout:cap": ("The request ran past the {timespan} limit.", "请求超过了{timespan}的时限。"),
    "ChatTimeout:quiet": ("Nothing but keep-alives arrived for {duration}.", "连续{duration}只收到保活信号。"),
    "ChatTimeout": ("The request did not finish in time.", "请求没有按时完成。"),
    "RenderFailed": ("The render failed.", "渲染失败。"),
    "DownloadIncomplete": ("The video could not be downloaded completely.", "视频没有完整下载。"),
    "InputError:no_file": ("There is no file at {path}.", "找不到文件：{path}。"),
    "InputError:not_accepted": ("{name} is not in a format I can use.", "{name} 的格式无法使用。"),
    "InputError:empty_file": ("{name} is empty.", "{name} 是空文件。"),
    "InputError:too_large": ("{name} is over the 200 MB limit.", "{name} 超过了 200 MB 的上限。"),
    "InputError:bad_url": ("{url} is not a web address I can upload from.", "{url} 不是可以上传的网址。"),
    "InputError:url_login": ("That link has a user name or password in it.", "这个链接里带有用户名或密码。"),
    "InputError:upload_ask": ("There was nothing to upload.", "没有要上传的内容。"),
    "InputError:cannot_save_in": ("The video cannot be saved in {folder} ({why}).",
                                  "视频无法保存到 {folder}（{why}）。"),
    "InputError:not_saved": ("The video could not be saved ({why}).", "视频无法保存（{why}）。"),
    "InputError:too_long": ("Your message is {size} characters, over the limit of {limit}.",
                            "消息共 {size} 个字符，超过了 {limit} 的上限。"),
    "InputError": ("The request could not be sent as it is.", "这个请求无法按原样发送。"),
    "UnexpectedError": ("Something unexpected stopped the request.", "发生了意外的问题，请求没能完成。"),
    "NemoError": ("The request could not be done.", "这个请求没能完成。"),
})
NEXT = Phrasebook({
    "TokenInvalid": ("Log in again with `nemovideo login`, check NEMO_TOKEN, or use `nemovideo logout` to go back to "
                     "a free token.",
                     "请用 `nemovideo login` 重新登录、检查 NEMO_TOKEN，或用 `nemovideo logout` 改回免费令牌。"),
    "SessionNotFound": ("Start a new project (`nemovideo new`), then try again.",
                        "请新建项目（`nemovideo new`）后再试。"),
    "UnsupportedFile:not_accepted": ("Use {formats} (MP4, MOV, JPG and PNG work best).",
                                     "请使用 {formats}（MP4、MOV、JPG 和 PNG 效果最好）。"),
    "UnsupportedFile": ("Check that the file opens on your computer; if it does not, save or export it again, then "
                        "upload it again.", "请确认文件能在电脑上打开；打不开的话请重新保存或导出，再上传一次。"),
    "FileTooLarge": ("Compress or trim it, then upload it again.", "请压缩或剪短后再上传。"),
    "MissingClientId": ("Try again: a new client id is made by itself.", "请再试一次：会自动生成新的客户端编号。"),
    "PlanLimit:attribution": ("Check that SKILL.md is installed intact (`nemovideo skill` shows which copy is used).",
                              "请确认 SKILL.md 安装完整（`nemovideo skill` 会显示使用的是哪一份）。"),
    "PlanLimit": ("Upgrading the plan lifts the limit.", "升级套餐即可解除限制。"),
    "RateLimited": ("Wait {seconds} seconds, then try again.", "请等待 {seconds} 秒后再试。"),
    "DuplicateRenderId": ('Say "export" again: the next try uses a new id.',
                          "再说一次“导出”即可：下次会使用新的编号。"),
    "RenderNotFound": ('Say "export" to render the video again.', "说“导出”即可重新渲染。"),
    "RenderRejected": ("Try exporting again in a minute.", "请过一分钟再导出。"),
    "UrlRefused": ("Give a public http or https link, or upload the file itself.",
                   "请提供公开的 http 或 https 链接，或直接上传文件。"),
    "FetchFailed": ("Check that the link opens in a browser, or upload the file itself.",
                    "请确认链接能在浏览器中打开，或直接上传文件。"),
    "NotFound": ("Check the id or the path, then try again.", "请检查编号或路径后再试。"),
    "BadRequest": ("Check what was sent, then try again.", "请检查发送的内容后再试。"),
    "AgentUnavailable": ("Reinstall nemovideo with its editing agent, or use the cloud service.",
                         "请重新安装带编辑助手的 nemovideo，或改用云端服务。"),
    "ServerError": ("Try again in a minute.", "请过一分钟再试。"),
    "ApiError": ("Try again; if it happens again, run the command with -v and report what it logs.",
                 "请再试一次；如果仍然出错，请加 -v 运行并反馈日志。"),
    "ApiTimeout": ("Check your network connection, then try again.", "请检查网络连接后再试。"),
    "DeadlineExceeded": ("The service is slow or not answering; nothing was sent twice. Try again in a minute.",
                         "服务较慢或没有响应，请求没有被重复发送。请过一分钟再试。"),
    "StreamDropped": ('Your request was not sent twice; check the timeline ("status") before asking again.',
                      "你的请求没有被重复发送；再次提出前请先查看时间线（“状态”）。"),
    "TransportError": ("Check your network connection and NEMO_API_URL, then try again.",
                       "请检查网络连接和 NEMO_API_URL 后再试。"),
    "MalformedResponse": ("Try again; if it happens again, run the command with -v and report what it logs.",
                          "请再试一次；如果仍然出错，请加 -v 运行并反馈日志。"),
    "ResponseTooLarge": ("Try again; if it happens again, run the command with -v and report what it logs.",
                         "请再试一次；如果仍然出错，请加 -v 运行并反馈日志。"),
    "ChatFailed": ("Try saying it another way, or try again in a minute.", "请换个说法，或过一分钟再试。"),
    "ChatTimeout": ('It may still finish: check the timeline ("status") before asking again.',
                    "它可能仍会完成：再次提出前请先查看时间线（“状态”）。"),
    "RenderFailed": ('Your timeline is unchanged; say "export" to try again.', "时间线没有改动，说“导出”即可重试。"),
    "DownloadIncomplete": ('Say "export" to try again.', "说“导出”即可重试。"),
    "InputError:no_file": ("Check the path, then try again.", "请检查路径后再试。"),
    "InputError:not_accepted": ("Use {formats} (MP4, MOV, JPG and PNG work best).",
                                "请使用 {formats}（MP4、MOV、JPG 和 PNG 效果最好）。"),
    "InputError:empty_file": ("Check the file, then upload it again.", "请检查文件后再上传。"),
    "InputError:too_large": ("Compress or trim it, then upload it again.", "请压缩或剪短后再上传。"),
    "InputError:bad_url": ("Give a full http or https link, or upload the file itself.",
                           "请提供完整的 http 或 https 链接，或直接上传文件。"),
    "InputError:url_login": ("Give a link without them, or upload the file itself.",
                             "请提供不带这些信息的链接，或直接上传文件。"),
    "InputError:upload_ask": ("Send me the file paths or links to upload.", "请发送要上传的文件路径或链接。"),
    "InputError:cannot_save_in": ("Choose another output folder.", "请换一个保存位置。"),
    "InputError:not_saved": ("Free some space or choose another output folder, then export again.",
                             "请腾出空间或换一个保存位置，再导出一次。"),
    "InputError:too_long": ("Short, specific requests work best: say it in fewer words.",
                            "简短、具体的描述效果最好：请精简后再说。"),
    "InputError": ("Check the request, then try again.", "请检查请求后再试。"),
    "UnexpectedError": ("Nothing was sent twice. Try again; if it happens again, run the command with -v and report "
                        "what it logs.", "请求没有被重复发送。请再试一次；如果仍然出错，请加 -v 运行并反馈日志。"),
    "NemoError": ("Try again; if it happens again, run the command with -v and report what it logs.",
                  "请再试一次；如果仍然出错，请加 -v 运行并反馈日志。"),
})
CREDITS = Phrasebook({
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
})
SAID = Phrasebook({"said": (' (the service said: "{said}")', "（服务返回：“{said}”）"),
                   "quote": (' ("{said}")', "（“{said}”）")})
ATTRIBUTION_WORDS = ("attribution", "x-skill", "header")


def failure(action: str, exc: NemoError, lang: Language, *, web_url: str, claim_links: bool,
            names: Sequence[str] = ()) -> Reply:
    """A failed reply in the request's language; `names` are the files or links the action was given.

    Running out of credits says where more come from, decided by the session's user as the client knows it
    (`OutOfCredits.user_id`): an anonymous user (`anon_…`) registers, the link binding their work to the new
    account; anyone else, or a user not known, tops up. A `bind` is never empty. The local backend has no website.
    """
    if isinstance(exc, OutOfCredits):
        user = exc.user_id or ""
        if not claim_links:  # the local backend: no website to register or top up at
            text = CREDITS.say("out_of_credits_local", lang)
        elif user.startswith("anon_"):
            text = CREDITS.say("out_of_credits_anon", lang, link=f"{web_url}/register?bind={quote(user, safe='')}")
        else:
            text = CREDITS.say("out_of_credits_registered", lang, link=web_url)
        return _reply(action, exc, text, text)
    what, next_step = explain(exc, lang, names)
    return _reply(action, exc, (" " if lang == "en" else "").join(part for part in (what, next_step) if part),
                  next_step)


def explain(exc: NemoError, lang: Language, names: Sequence[str] = ()) -> tuple[str, str]:
    """What happened (with the service's own words, if it said any) and what to do next, in `lang`."""
    key = _key(exc, names)
    values = _values(exc, lang, names)
    next_step = NEXT.say(key if key in NEXT else key.partition(":")[0], lang, **values)
    if key == "InputError" and has_chinese(exc.message) == (lang == "zh"):
        return exc.message, exc.hint or next_step  # words of its own, already in the language of the request
    what = ERRORS.say(key, lang, **values)
    # An input error without words of the request's language is quoted; anything else quotes the service.
    said, form = (exc.message, "quote") if key == "InputError" else (exc.said, "said")
    if said and said.strip():
        what = what.rstrip(".。") + SAID.say(form, lang, said=said.strip()) + ("。" if lang == "zh" else ".")
    return what, next_step


def not_accepted(names: Sequence[str]) -> list[str]:
    """The names (files or links) whose extension is not an accepted format."""
    return [name for name in names
            if PurePosixPath(name.split("?")[0]).suffix.lower().lstrip(".") not in ACCEPTED_FORMATS]


def _key(exc: NemoError, names: Sequence[str]) -> str:
    """The words for an error: its class's (or the nearest base class's), for its reason or case."""
    for kind in type(exc).__mro__:
        name = kind.__name__
        if name not in ERRORS:
            continue
        reason = exc.reason or _case(exc, names)
        return f"{name}:{reason}" if reason and f"{name}:{reason}" in ERRORS else name
    return "NemoError"


def _case(exc: NemoError, names: Sequence[str]) -> str:
    # Both are 4001 on the wire: the accepted formats are listed only when an extension is not accepted; an
    # accepted file the service could not read gets its own words quoted instead.
    if isinstance(exc, errors.UnsupportedFile) and names and not_accepted(names):
        return "not_accepted"
    if isinstance(exc, errors.PlanLimit) and any(word in str(exc).lower() for word in ATTRIBUTION_WORDS):
        return "attribution"
    return ""


def _values(exc: NemoError, lang: Language, names: Sequence[str]) -> dict[str, object]:
    odd = not_accepted(names)
    shown = odd or list(names)
    default = ("the file" if lang == "en" else "该文件") if len(shown) != 1 else shown[0]
    values: dict[str, object] = {"name": default, "formats": ", ".join(ACCEPTED_FORMATS),
                                 "seconds": round(getattr(exc, "retry_after", 30))}
    limit = exc.values.get("limit_seconds")  # a time limit (a chat's), worded in the language of the request
    if isinstance(limit, int | float):
        values.update(duration=duration(limit, lang), timespan=duration(limit, lang, "-"))
    return {"duration": "", "timespan": "", **values, **exc.values}


def duration(seconds: float, lang: Language = "en", joint: str = " ") -> str:
    """ "10 minutes", or "15-minute" with a hyphen as the joint; "10分钟" in Chinese (either way). A limit under two
    minutes (a test's) is in seconds."""
    if lang == "zh":
        return f"{seconds / 60:.0f}分钟" if seconds >= 120 else f"{seconds:g}秒"
    plural = "" if joint == "-" else "s"
    if seconds >= 120:
        return f"{seconds / 60:.0f}{joint}minute{plural}"
    return f"{seconds:g}{joint}second{plural}"


def _reply(action: str, exc: NemoError, text: str, hint: str) -> Reply:
    info = ErrorInfo(type=type(exc).__name__, code=exc.code, hint=hint, detail=str(exc))
    return Reply(action=action, status="failed", text=text, error=info)
