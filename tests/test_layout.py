"""The layout's rules, read from the import statements of every module (an `ast` walk):

- `nlu/` is pure: it imports nothing of ours outside `nlu`;
- only `bot/` imports telegram (a channel), and nothing in `actions/` imports `bot`;
- the engine (`actions/core`) imports no capability, only itself, `actions.db` and `nlu`;
- no module imports, directly or through others, a module that imports it back (imports
  inside functions count: they are how a cycle hides).
Imports under `if TYPE_CHECKING:` are for annotations only and are left out.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("actions", "bot", "nlu")
CHANNELS = ("telegram", "wechatpy")


def module_name(path: Path) -> str:
    """actions/core/texts.py -> actions.core.texts; a package's __init__ -> the package."""
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py")}


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _import_nodes(tree: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and _is_type_checking(node):
            yield from _import_nodes(ast.Module(body=node.orelse, type_ignores=[]))
            continue
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        yield from _import_nodes(node)


def imports_of(name: str) -> set[str]:
    """Every module this module imports (ours resolved to a module, others by top name)."""
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in _import_nodes(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
            continue
        base = node.module or ""
        if node.level:  # relative import
            anchor = name.split(".")[: -node.level or None]
            base = ".".join([*anchor, base] if base else anchor)
        for alias in node.names:
            candidate = f"{base}.{alias.name}"
            found.add(candidate if candidate in MODULES else base)
    return found


GRAPH = {name: imports_of(name) for name in MODULES}


def ours(target: str) -> bool:
    """Whether an imported name is one of the project's modules."""
    return target.split(".")[0] in PACKAGES


def offenders(prefix: str, allowed: tuple[str, ...], *, exactly: tuple[str, ...] = ()
              ) -> list[str]:
    """Imports of ours from modules under prefix that reach outside the allowed packages
    (`exactly`: single modules allowed besides, e.g. a package's bare __init__)."""
    return sorted(f"{name} -> {target}" for name, targets in GRAPH.items()
                  if name == prefix or name.startswith(prefix + ".")
                  for target in targets
                  if ours(target) and target not in exactly
                  and not any(target == a or target.startswith(a + ".") for a in allowed))


def test_the_walk_sees_the_whole_tree() -> None:
    assert {"actions.core.pipeline", "actions.db.community", "bot.telegram.app",
            "nlu.model"} <= MODULES.keys()
    assert "actions.core.texts" in GRAPH["actions.core.context"]


def test_nlu_is_pure() -> None:
    assert offenders("nlu", ("nlu",)) == []


def test_actions_never_import_bot() -> None:
    assert offenders("actions", ("actions", "nlu")) == []


def test_the_engine_imports_no_capability() -> None:
    # `import actions` only to walk the package for capabilities (registry.load_capabilities)
    assert offenders("actions.core", ("actions.core", "actions.db", "nlu"),
                     exactly=("actions",)) == []


def test_the_database_layer_imports_only_itself() -> None:
    assert offenders("actions.db", ("actions.db",)) == []


@pytest.mark.parametrize("channel", CHANNELS)
def test_only_bot_imports_a_channel(channel: str) -> None:
    outside = sorted(name for name, targets in GRAPH.items()
                     if not name.startswith("bot") and any(
                         t == channel or t.startswith(channel + ".") for t in targets))
    assert outside == []


def test_no_import_cycle() -> None:
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done

    def visit(name: str, path: list[str]) -> None:
        state[name] = 1
        for target in sorted(t for t in GRAPH[name] if t in GRAPH):
            if state.get(target) == 1:
                cycles.append(path[path.index(target):] + [target])
            elif target not in state:
                visit(target, [*path, target])
        state[name] = 2

    for name in sorted(GRAPH):
        if name not in state:
            visit(name, [name])
    # a package's __init__ importing its own submodule is not a cycle between modules
    real = [c for c in cycles
            if not any(b.startswith(a + ".") for a, b in zip(c, c[1:], strict=False))]
    assert real == []
