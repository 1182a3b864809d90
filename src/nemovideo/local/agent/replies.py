"""What the agent says, in English and Chinese, the way the cloud's agent says it (GUI-speak included)."""

from __future__ import annotations

import hashlib

from nemovideo.draft_text import seconds
from nemovideo.language import Language, Phrasebook
from nemovideo.local.agent import grammar as g

REPLIES = Phrasebook({
    "generated": (
        'Here is your {length}-second video "{title}": {scenes} scenes in {theme_en}, {music_en} background music '
        "and a closing call to action.",
        "已生成{length}秒视频《{title}》：{scenes}个场景，{theme_zh}，{music_zh}背景音乐，结尾附行动号召。",
    ),
    "generated_uploads": ("Your {count} uploads fill the scenes in order.", "你上传的{count}个素材已按顺序放入场景。"),
    "generated_upload": ("Your upload fills the first scene.", "你上传的素材已放入第一个场景。"),
    "generated_placeholder": (
        "Send me a description and I will write the scenes' words from it.",
        "发一段产品描述给我，我会用它来写每个场景的文字。",
    ),
    "bgm_added": ("Added {style_en} background music at {percent}%.", "已添加{style_zh}背景音乐，音量{percent}%。"),
    "bgm_added_upload": (
        'Added "{name}" as background music at {percent}%.',
        "已将“{name}”设为背景音乐，音量{percent}%。",
    ),
    "bgm_changed": ("Updated the background music: {changes_en}.", "已更新背景音乐：{changes_zh}。"),
    "bgm_exists": (
        "There is already {style_en} background music at {percent}%; tell me a style, a volume or fades to change it.",
        "已经有{style_zh}背景音乐（音量{percent}%）；告诉我要换的风格、音量或淡入淡出即可。",
    ),
    "bgm_removed": ("Removed the background music.", "已删除背景音乐。"),
    "no_bgm": (
        'There is no background music yet. Say "add lo-fi music at 35%" to add some.',
        "目前还没有背景音乐。可以说“添加轻松的背景音乐，音量35%”。",
    ),
    "empty_draft": (
        'The timeline is empty. Generate a video first (e.g. "generate a 15-second video about ...") or upload clips.',
        "时间线还是空的。请先生成视频（例如“生成一个15秒的视频：……”）或上传素材。",
    ),
    "title_added": (
        'Added the title "{text}" ({span_en}, {position_en}).',
        "已添加标题“{text}”（{span_zh}，{position_zh}）。",
    ),
    "title_replaced": (
        'Replaced the title with "{text}" ({span_en}, {position_en}).',
        "已将标题替换为“{text}”（{span_zh}，{position_zh}）。",
    ),
    "text_added": (
        'Added the text "{text}" ({span_en}, {position_en}).',
        "已添加文字“{text}”（{span_zh}，{position_zh}）。",
    ),
    "text_changed": ("Changed {what_en}: {changes_en}.", "已修改{what_zh}：{changes_zh}。"),
    "text_removed": ("Removed {what_en}.", "已删除{what_zh}。"),
    "no_text": ("I could not find {what_en} on the timeline.", "时间线上没有{what_zh}。"),
    "gives_way": (
        'So that the two do not overlap, "{text}" now shows {span_en}.',
        "为避免重叠，“{text}”改为在{span_zh}显示。",
    ),
    "credits_added": (
        'Added end credits "{text}" at the end of the video ({span_en}, {position_en}).',
        "已在片尾添加字幕“{text}”（{span_zh}，{position_zh}）。",
    ),
    "need_text": (
        'Tell me the words to show, in quotes, e.g. add a title "Summer Sale" for the first 3 seconds.',
        "请告诉我要显示的文字（用引号括起来），例如：添加标题“夏日特惠”，前3秒。",
    ),
    "need_text_change": (
        'Tell me what to change: new words in quotes, a colour, a size or a position (top, center, bottom).',
        "请告诉我要改什么：引号里的新文字、颜色、大小或位置（顶部、中间、底部）。",
    ),
    "bad_span": (
        "That time range does not fit the video ({total}s long); pick one inside it.",
        "这个时间段超出了视频范围（视频时长{total}秒），请换一个。",
    ),
    "ratio_changed": (
        "Changed the aspect ratio to {ratio} ({width}x{height}).",
        "已将画面比例改为{ratio}（{width}x{height}）。",
    ),
    "ratio_same": ("The video is already {ratio}.", "视频已经是{ratio}了。"),
    "duration_changed": (
        "Changed the length from {old}s to {new}s; {scaled_en} scaled to fit{kept_en}.",
        "已将时长从{old}秒调整为{new}秒，{scaled_zh}已按比例缩放{kept_zh}。",
    ),
    "duration_same": ("The video is already {new}s long.", "视频时长已经是{new}秒了。"),
    "bad_length": ("Pick a length between {low} and {high} seconds.", "请选择{low}到{high}秒之间的时长。"),
    "scene_moved": ("Moved scene {scene} to position {to}.", "已将第{scene}个场景移到第{to}个位置。"),
    "scenes_swapped": ("Swapped scenes {first} and {second}.", "已交换第{first}和第{second}个场景。"),
    "scene_removed": (
        "Removed scene {scene}; the video is now {length}s long.",
        "已删除第{scene}个场景，视频现在时长{length}秒。",
    ),
    "scene_replaced": ('Scene {scene} now uses "{name}".', "第{scene}个场景已换成“{name}”。"),
    "scene_replaced_headline": (
        'Scene {scene} now uses "{name}"; its headline "{text}" described the old one, so I removed it.',
        "第{scene}个场景已换成“{name}”；原来的小标题“{text}”描述的是旧素材，已删除。",
    ),
    "scene_added": (
        'Added "{name}" as scene {scene} ({length}s).',
        "已将“{name}”添加为第{scene}个场景（{length}秒）。",
    ),
    "no_scene": (
        "There is no scene {scene}: the video has {count} scenes.",
        "没有第{scene}个场景：视频共有{count}个场景。",
    ),
    "no_scenes": (
        "There are no scenes yet. Generate a video or upload clips first.",
        "还没有场景。请先生成视频或上传素材。",
    ),
    "scene_in_place": ("Scene {scene} is already there.", "第{scene}个场景已经在那里了。"),
    "which_scenes": (
        'Which two scenes should I swap? The video has {count} scenes: say, for example, "swap scenes 1 and 2".',
        "要交换哪两个场景？视频有{count}个场景，可以说“交换第1和第2个场景”。",
    ),
    "nothing_to_swap": (
        "The video has only one scene, so there is nothing to swap it with.",
        "视频只有一个场景，没有可以交换的。",
    ),
    "only_scene": ("That is the only scene; a video needs at least one.", "这是唯一的场景，视频至少需要一个场景。"),
    "no_upload": (
        "I could not find an uploaded {kind_en}. Upload it first, then tell me where to use it.",
        "没有找到上传的{kind_zh}。请先上传，再告诉我放在哪里。",
    ),
    "need_dest": (
        'Tell me where to move it: "to the start", "to the end" or "after scene 2".',
        "请告诉我移到哪里：例如“移到开头”“移到最后”或“移到第2个场景后面”。",
    ),
    "no_change": ("That is already how it is; nothing changed.", "已经是这样了，没有改动。"),
    "which_upload": (
        "Which one do you mean: {names_en}? Tell me the file name and I will use it.",
        "你指的是哪一个：{names_zh}？告诉我文件名，我就用它。",
    ),
    "which_text": (
        "Which text should get the new words: the title, the call to action or a quoted text?",
        "要改哪段文字：标题、结尾的行动号召，还是引号里的某段文字？",
    ),
    "which_word": ("Did you mean {words_en}?", "你是指{words_zh}吗？"),
    "no_upload_named": (
        'I could not find an upload called "{name}". Upload it first, then tell me where to use it.',
        "没有找到名为“{name}”的上传文件。请先上传，再告诉我放在哪里。",
    ),
    "collateral": (
        "I could not do that without also changing {kinds_en}, which you did not ask for; nothing was changed.",
        "这样改会连带改动你没提到的{kinds_zh}，所以没有做任何改动。",
    ),
    "font": (
        "That font is not available here: videos are rendered with Noto Sans SC only. I can change the words, "
        "colour, size or position of a text instead.",
        "这里没有这个字体：视频只能用 Noto Sans SC 渲染。我可以改文字的内容、颜色、大小或位置。",
    ),
    "effect": (
        "I can't render effects such as {words} here. I can change the music, titles and text, the aspect ratio, "
        "the length and the scenes.",
        "这里无法渲染“{words}”这类特效。我可以修改音乐、标题和文字、画面比例、时长和场景。",
    ),
    "overlay": (
        "I can't place a picture on top of the video, in a corner or anywhere else: an upload can only fill a whole "
        'scene here. I can add it as a scene at the start or the end ("add my logo at the end"), or use it in place '
        'of a scene ("use my logo for scene 1"). Nothing was changed.',
        "这里无法把图片叠加在画面上（比如放在角落）：上传的素材只能作为一整个场景显示。我可以把它作为一个场景加在开头或结尾"
        "（比如“把logo加到最后”），或者用它替换某个场景（比如“用logo替换第一个场景”）。没有做任何改动。",
    ),
    "music_style": (
        'I can\'t make "{words}" music here: the styles available are lo-fi, upbeat and calm (say, for example, '
        '"switch the music to calm"). Nothing was changed.',
        "这里没有“{words}”风格的音乐，可用的风格有：轻松（lo-fi）、欢快、舒缓（比如可以说“把音乐换成舒缓的”）。没有做任何改动。",
    ),
    "not_done": ("Not done: {items_en}.", "未处理：{items_zh}。"),
    "undone": ("Undid the last change.", "已撤销上一步修改。"),
    "nothing_to_undo": ("There is nothing to undo.", "没有可以撤销的修改。"),
    "unknown": (
        "Sorry, I can't do that here. I can generate a video from a description or your uploads; add, replace or "
        "remove background music (style, volume, fades); add, edit or remove titles and text (times, position, "
        "colour, size); change the aspect ratio (16:9, 9:16, 1:1) or the length; move, swap, remove or replace "
        "scenes; and undo the last change.",
        "抱歉，这个我做不到。我可以：根据描述或你上传的素材生成视频；添加、替换或删除背景音乐（风格、音量、淡入淡出）；"
        "添加、修改或删除标题和文字（时间、位置、颜色、大小）；修改画面比例（16:9、9:16、1:1）或时长；"
        "移动、交换、删除或替换场景；撤销上一步修改。",
    ),
})
STYLE_NAMES = Phrasebook({"lofi": ("lo-fi", "轻松"), "upbeat": ("upbeat", "欢快"), "calm": ("calm", "舒缓")})
TRACK_NAMES: dict[str, str] = {"lofi": "Lo-fi", "upbeat": "Upbeat", "calm": "Calm"}
POSITION_NAMES = Phrasebook({
    "top": ("top", "顶部"), "center": ("center", "中间"), "bottom": ("bottom", "底部"),
    "top-left": ("top left", "左上角"), "top-right": ("top right", "右上角"),
    "bottom-left": ("bottom left", "左下角"), "bottom-right": ("bottom right", "右下角"),
})
KIND_NAMES = Phrasebook({
    "video": ("video clip", "视频"), "image": ("image", "图片"), "audio": ("song", "音乐"), "any": ("file", "素材"),
})
TARGET_NAMES = Phrasebook({
    "title": ("the title", "标题"), "cta": ("the call to action", "行动号召"),
    "headlines": ("the scene headlines", "场景标题"), "captions": ("the captions", "字幕"),
    "overlays": ("the text", "文字"), "all": ("all text", "所有文字"), "any": ("any text", "任何文字"),
    "quoted": ("the text", "文字"),
    "price": ("the price", "价格"), "credits": ("the end credits", "片尾字幕"),
})
KIND_WORDS = Phrasebook({
    "canvas": ("the canvas", "画面比例"), "length": ("the length", "时长"), "title": ("the title", "标题"),
    "cta": ("the call to action", "行动号召"), "subtitle": ("the scene headlines", "场景标题"),
    "caption": ("the captions", "字幕"), "overlay": ("the text overlays", "文字"), "bgm": ("the music", "背景音乐"),
    "scene": ("the scenes", "场景"), "other": ("the project settings", "项目设置"),
})
# Why a part of a message was not done, for the "Not done: ..." sentence.
NOT_DONE = Phrasebook({
    "font": ('the font "{words}" (only Noto Sans SC is available)', "字体“{words}”（只有 Noto Sans SC 可用）"),
    "effect": ('"{words}" (effects cannot be rendered here)', "“{words}”（无法渲染特效）"),
    "overlay": ('"{words}" (a picture cannot be placed over the video)', "“{words}”（无法把图片叠加在画面上）"),
    "music_style": ('"{words}" music (only lo-fi, upbeat and calm)', "“{words}”风格的音乐（只有轻松、欢快、舒缓）"),
    "delivery": ('"{words}" (use the Export button for that)', "“{words}”（请用导出按钮）"),
    "skipped": ('"{words}" (not understood)', "“{words}”（没看懂）"),
})


def say(key: str, lang: Language, **fields: object) -> str:
    """A reply sentence in the language, with its fields filled in."""
    return REPLIES.say(key, lang, **fields)


def span_words(start: int, end: int) -> dict[str, str]:
    """A time range for replies: `span_en` 0-3s and `span_zh` 0-3秒."""
    return {"span_en": f"{seconds(start)}-{seconds(end)}s", "span_zh": f"{seconds(start)}-{seconds(end)}秒"}


def gui_suffix(message: str, lang: Language) -> str:
    """A GUI instruction the cloud's agent would append, chosen by the message (deterministic)."""
    options = g.GUI_SUFFIXES[lang]
    return options[int(hashlib.sha256(message.encode()).hexdigest(), 16) % len(options)]


def join(sentences: list[str], lang: Language) -> str:
    """Sentences as one reply."""
    return ("" if lang == "zh" else " ").join(s for s in sentences if s)
