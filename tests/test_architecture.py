"""The layers hold: no import cycles, and no import crosses a layer the wrong way (docs/architecture.md).

The import graph is read from the source with `ast` (standard library only): every `import` and `from ... import`
anywhere in a module, inside functions and `if TYPE_CHECKING:` blocks too; relative imports are resolved, and
`from package import name` points at the module `package.name` when there is one.
"""

from __future__ import annotations

import ast
import shutil
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"
STDLIB = frozenset(sys.stdlib_module_names) | {"__future__"}

Graph = dict[str, set[str]]


@dataclass(frozen=True)
class Rule:
    """What the modules matching `layer` may import: only `allowed` (when given), never `forbidden`."""

    layer: str
    why: str
    allowed: tuple[str, ...] | None = None
    forbidden: tuple[str, ...] = ()
    exempt: tuple[str, ...] = ()
    stdlib: bool = True


AGENT_ONLY = ("nemovideo.local.agent", "nemovideo.draft*", "nemovideo.language*")
RENDER_ONLY = (
    "nemovideo.local.render", "nemovideo.local.probe", "nemovideo.draft", "nemovideo.errors",
    "numpy", "pylopdf_fonts_zh_cn",
)
ENTRY_POINTS = ("nemovideo.runtime", "nemovideo.cli", "nemovideo.demo")

RULES = (
    Rule("nemovideo.local.agent", "the agent reads drafts and words, nothing else", allowed=AGENT_ONLY),
    Rule("nemovideo.local.render", "the render engine turns a draft into files", allowed=RENDER_ONLY),
    Rule("nemovideo.local.store", "storage knows no HTTP",
         forbidden=("starlette", "uvicorn", "nemovideo.local.web", "nemovideo.local.usecases",
                    "nemovideo.local.workers", "nemovideo.local.agent", "nemovideo.local.render")),
    Rule("nemovideo.local.usecases", "use cases know no HTTP", forbidden=("starlette", "nemovideo.local.web")),
    Rule("nemovideo.local.workers", "render workers know no HTTP", forbidden=("starlette", "nemovideo.local.web")),
    Rule("nemovideo.local.probe", "probing is a leaf shared by render and storage",
         allowed=("imageio_ffmpeg",)),
    Rule("nemovideo.local.config", "the configuration is a leaf every layer reads",
         allowed=("nemovideo.errors", "nemovideo.settings")),
    Rule("nemovideo.local.web.routes.*", "route modules share helpers through the web layer, not each other",
         forbidden=("nemovideo.local.web.routes",)),
    Rule("nemovideo*", "only the web layer imports Starlette", forbidden=("starlette",),
         exempt=("nemovideo.local.web",)),
    Rule("nemovideo*", "only the entry points reach into the local backend", forbidden=("nemovideo.local",),
         exempt=("nemovideo.local", *ENTRY_POINTS)),
    Rule("nemovideo*", "the web layer is reached only through the entry points", forbidden=("nemovideo.local.web",),
         exempt=("nemovideo.local.web", *ENTRY_POINTS)),
)


def matches(name: str, pattern: str) -> bool:
    """`a.b` matches `a.b` and `a.b.c`; `a.b*` matches every name that starts with `a.b`."""
    if pattern.endswith("*"):
        return name.startswith(pattern[:-1])
    return name == pattern or name.startswith(pattern + ".")


def modules_under(root: Path) -> dict[str, Path]:
    """Every module below a source root by its dotted name (a package by its own name)."""
    found: dict[str, Path] = {}
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def imported_names(module: str, path: Path, known: Iterable[str]) -> Iterator[str]:
    """The modules one module imports, anywhere in its body."""
    known = set(known)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                yield submodule if submodule in known else base


def import_graph(root: Path) -> Graph:
    """Module → the modules it imports (inside the tree or not)."""
    modules = modules_under(root)
    return {name: set(imported_names(name, path, modules)) for name, path in modules.items()}


def cycles(graph: Graph) -> list[list[str]]:
    """The import cycles among the tree's own modules (strongly connected components, Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(graph[node] & graph.keys()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = [stack.pop()]
            while component[-1] != node:
                component.append(stack.pop())
            if len(component) > 1 or node in graph[node]:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def is_allowed(rule: Rule, target: str) -> bool:
    """True when a module under the rule may import `target`."""
    if any(matches(target, pattern) for pattern in rule.forbidden):
        return False
    if rule.allowed is None:
        return True
    if rule.stdlib and target.split(".")[0] in STDLIB:
        return True
    return matches(target, rule.layer) or any(matches(target, pattern) for pattern in rule.allowed)


def crossings(graph: Graph, rules: Iterable[Rule] = RULES) -> list[str]:
    """Every import that breaks a rule, as 'importer -> imported: why'."""
    broken: list[str] = []
    for rule in rules:
        for module in sorted(graph):
            if not matches(module, rule.layer) or any(matches(module, pattern) for pattern in rule.exempt):
                continue
            broken += [f"{module} -> {target}: {rule.why}" for target in sorted(graph[module])
                       if not is_allowed(rule, target)]
    return broken


def test_the_source_has_no_import_cycle() -> None:
    assert cycles(import_graph(SRC)) == []


def test_no_import_crosses_a_layer_the_wrong_way() -> None:
    assert crossings(import_graph(SRC)) == []


def test_the_graph_sees_the_layers_it_checks() -> None:
    graph = import_graph(SRC)
    for rule in RULES:
        assert any(matches(module, rule.layer) for module in graph), f"no module is in {rule.layer}"
    assert "starlette.routing" in set().union(*graph.values())


def write(root: Path, name: str, text: str) -> None:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_the_checker_reports_a_forbidden_import_and_a_cycle(tmp_path: Path) -> None:
    write(tmp_path, "nemovideo/__init__.py", "")
    write(tmp_path, "nemovideo/draft.py", "def summary():\n    from nemovideo import draft_text\n")
    write(tmp_path, "nemovideo/draft_text.py", "from .draft import summary\n")
    write(tmp_path, "nemovideo/local/__init__.py", "")
    write(tmp_path, "nemovideo/local/store/__init__.py", "")
    write(tmp_path, "nemovideo/local/store/db.py", "import sqlite3\n")
    write(tmp_path, "nemovideo/local/agent/__init__.py", "from .music import add\n")
    write(tmp_path, "nemovideo/local/agent/music.py",
          "import re\nfrom nemovideo.draft import summary\n\ndef add():\n    from ..store import db\n")
    write(tmp_path, "nemovideo/cli_admin.py",
          "import starlette.routing\n\ndef doctor():\n    from .local.store import db\n")
    graph = import_graph(tmp_path)
    assert graph["nemovideo.local.agent"] == {"nemovideo.local.agent.music"}
    assert graph["nemovideo.draft"] == {"nemovideo.draft_text"}
    assert cycles(graph) == [["nemovideo.draft", "nemovideo.draft_text"]]
    assert crossings(graph) == [
        "nemovideo.local.agent.music -> nemovideo.local.store.db: the agent reads drafts and words, nothing else",
        "nemovideo.cli_admin -> starlette.routing: only the web layer imports Starlette",
        "nemovideo.cli_admin -> nemovideo.local.store.db: only the entry points reach into the local backend",
    ]


def test_a_forbidden_import_added_to_a_copy_of_the_source_is_reported(tmp_path: Path) -> None:
    shutil.copytree(SRC / "nemovideo", tmp_path / "nemovideo", ignore=shutil.ignore_patterns("__pycache__"))
    db = tmp_path / "nemovideo" / "local" / "store" / "db.py"
    db.write_text(db.read_text(encoding="utf-8") + "\n\ndef web():\n    from starlette.requests import Request\n")
    assert crossings(import_graph(tmp_path)) == [
        "nemovideo.local.store.db -> starlette.requests: storage knows no HTTP",
        "nemovideo.local.store.db -> starlette.requests: only the web layer imports Starlette",
    ]
