"""The local backend's editing agent: a deterministic reader of English and Chinese requests (no LLM).

`respond` turns one chat message into a new draft revision and the words the cloud's agent would say;
`estimate` is what to reserve while it runs. It reads drafts and words only (no storage, no HTTP).

Inside: `parse` (request -> plan, with `extract` and the word lists of `grammar`), one module per family
of edits (`music`, `text`, `scenes`), `storyboard` (with `phrases` and `lines`) for generated videos, `timeline`
(finding and moving things in a draft), `replies` (what it says), `ids` and `types`.
"""

from nemovideo.local.agent.editor import estimate, respond
from nemovideo.local.agent.types import AgentReply, Prices, Upload

__all__ = ["AgentReply", "Prices", "Upload", "estimate", "respond"]
