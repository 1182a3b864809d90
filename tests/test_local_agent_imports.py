"""The editing agent depends only on the draft model, the language module and the standard library."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import nemovideo.local.agent

AGENT = Path(nemovideo.local.agent.__file__).parent
ALLOWED = ("nemovideo.draft", "nemovideo.language", "nemovideo.local.agent")


def imported(path: Path) -> set[str]:
    """Every module a source file imports (absolute names)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def allowed(module: str) -> bool:
    """The standard library, the draft model (and its helpers), the language module, the agent itself."""
    top = module.split(".")[0]
    return top in sys.stdlib_module_names or top == "__future__" or module.startswith(ALLOWED)


def test_the_agent_imports_only_the_draft_model_the_language_module_and_the_standard_library() -> None:
    files = sorted(AGENT.glob("*.py"))
    strays = {f"{path.name}: {module}" for path in files for module in imported(path) if not allowed(module)}
    assert len(files) > 10 and not strays, strays
