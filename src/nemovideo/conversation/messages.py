"""The conversation layer's own words, in English and Chinese."""

from __future__ import annotations

from nemovideo.language import Language, Phrasebook, detect

MESSAGES = Phrasebook({
    "connecting": ("Connecting...", "正在连接..."),
    "ready": (
        "Ready when you are. Describe the video you want, or send images or clips. Try:\n"
        '- "generate a 30-second promotional video from my product description: ..."\n'
        '- "add lo-fi background music at 35%"\n'
        '- "put the title \'Urban Dreams\' on the first 3 seconds"',
        "准备好了。描述你想要的视频，或发送图片和视频素材。可以试试：\n"
        "- “根据我的产品描述生成一个30秒的宣传视频：……”\n"
        "- “加一段轻松的背景音乐，音量35%”\n"
        "- “前3秒加标题“城市之梦””",
    ),
    "help": (
        'Free and instant, any time: "export" (render and save the MP4), "credits" (your balance), "status" '
        '(what is in the video now), "upload" with files or links, and "help". Everything else is a request to '
        "the video editor: a generated video or an edit spends credits (a refusal or a question back costs "
        "nothing, and the local backend is free unless it was given prices).",
        "随时可用、免费且立即完成：“导出”（渲染并保存 MP4）、“积分”（查看余额）、“状态”（视频里现在有什么）、"
        "发送文件或链接即“上传”，以及“帮助”。其他内容都会交给视频编辑助手处理：生成视频或修改会消耗积分"
        "（被拒绝或反问不收费；本地后端除非设置了价格，否则免费）。",
    ),
    "still_working": ("⏳ Still working...", "⏳ 仍在处理中..."),
    "thinking": ("⏳ Working on it...", "⏳ 正在处理..."),
    "no_change": (
        "The request finished, but the timeline did not change. Try saying it more specifically.",
        "请求已完成，但时间线没有变化。请换个更具体的说法试试。",
    ),
    "export_offer": ('Say "export" and I\'ll render and send the MP4.', "说“导出”，我就渲染并发送 MP4 文件。"),
    "edit_offer": (
        "Tell me the change in words (for example \"move scene 3 to the start\") and I'll make it.",
        "用文字告诉我要怎么改（比如“把第3个场景移到开头”），我来完成。",
    ),
    "dropped_wait": ("The connection dropped; checking whether your edit went through...",
                     "连接中断了，正在确认你的修改是否已完成..."),
    "dropped_applied": ("The connection dropped, but your edit went through:", "连接中断了，但修改已经完成："),
    "dropped_failed": (
        "The connection dropped and the timeline has not changed after several checks. Your request was not "
        "sent twice. Say \"retry\" (or repeat the request) to try again.",
        "连接中断，多次检查后时间线仍没有变化。你的请求没有被重复发送。说“重试”（或再说一遍需求）即可重新尝试。",
    ),
    "credits": ("Credits: {available} available, {frozen} reserved for work in progress, {total} in total.",
                "积分：可用 {available}，处理中冻结 {frozen}，共 {total}。"),
    "nothing_to_export": (
        "There's nothing to export yet: generate a video first (for example \"generate a 15-second video about ...\").",
        "还没有可导出的内容：请先生成视频（比如“生成一个15秒的……视频”）。",
    ),
    "render_submitted": ("⏳ Rendering…", "⏳ 正在渲染…"),
    "rendering": ("⏳ Rendering… {percent}%", "⏳ 正在渲染… {percent}%"),
    "downloading": ("⏳ Downloading…", "⏳ 正在下载…"),
    "video_ready": ("✅ Video ready! {path}", "✅ 视频已完成！{path}"),
    "preview_ready": ("👀 Preview ready (small and quick, not the final quality): {path}\nContact sheet: {sheet}\n"
                      "Say \"export\" for the full video.",
                      "👀 预览已生成（小尺寸快速版，不是最终画质）：{path}\n缩略图：{sheet}\n"
                      "说“导出”即可生成完整视频。"),
    "dropped_characters": ("Note: no font could draw {chars}, so they were left out of the video.",
                           "注意：没有字体能显示 {chars}，这些字符没有出现在视频里。"),
    "claim": ("Open it in the web editor: {link}", "在网页编辑器中打开：{link}"),
    "render_running": ("Still rendering ({percent}%). Ask for the status of {id} in a moment.",
                       "仍在渲染（{percent}%）。稍后查询 {id} 的状态即可。"),
    "chat_running": ("Still working on it. Ask for the status of {id} in a moment.",
                     "仍在处理中。稍后查询 {id} 的状态即可。"),
    "upload_done": ("Uploaded {count} file(s): {names}.", "已上传 {count} 个文件：{names}。"),
    "upload_ask": ("Send me the file paths or links to upload.", "请发送要上传的文件路径或链接。"),
    "new_project": ("Started a new project.", "已新建项目。"),
    "chat_interrupted": ("The request {id} was interrupted before it finished (its process ended). The timeline now:",
                         "请求 {id} 在完成前被中断（进程已结束）。当前时间线："),
    "unknown_job": ("I don't know a job with the id {id}.", "没有找到编号为 {id} 的任务。"),
    # The MCP App's media tool (app/media.py): what it hands the player.
    "app_no_video": ("No preview or export of this project yet.", "这个项目还没有预览或导出的视频。"),
    "app_video": ("The latest video: {path} ({size}).", "最新的视频：{path}（{size}）。"),
    "app_video_too_large": ("The latest video is {size}, more than the {limit} the app plays inline: it is the "
                            "local file {path}.",
                            "最新的视频有 {size}，超过应用内可播放的 {limit}：它是本地文件 {path}。"),
    # What a reply cut to fit a host says was left out (conversation/caps.py).
    "cut_text": ("[… {count} more characters of the reply were left out: a reply must stay under about 1 MB.]",
                 "[……回复其余的 {count} 个字符已省略：回复需小于约 1 MB。]"),
    "cut_summary": ("[… the track list was cut here: {count} more characters were left out. Ask about particular "
                    "tracks to see them.]",
                    "[……轨道列表在此截断：其余 {count} 个字符已省略。可询问具体轨道查看。]"),
    "cut_changes": ("[… and {count} more changes.]", "[……另有 {count} 处改动。]"),
    "cut_edits": ("[… the list of edits leaves out {count} more.]", "[……改动数据另有 {count} 项未列出。]"),
    "cut_tracks": ("The timeline has {total} tracks; the first {shown} are shown and {count} were left out, to stay "
                   "under the 1 MB a host accepts.",
                   "时间线共有 {total} 条轨道；只列出前 {shown} 条，其余 {count} 条已省略，"
                   "以保持在宿主可接受的 1 MB 以内。"),
})


def say(key: str, lang: Language, **values: object) -> str:
    """A message in the session language, with its values filled in."""
    return MESSAGES.say(key, lang, **values)


def turn_language(text: str, session: Language) -> Language:
    """The language to answer one message in: Chinese if it has Chinese, English if it is clearly English
    (three words or more), else the session's ("9:16", "export", "ok")."""
    return detect(text, fallback=session, english_words=3)
