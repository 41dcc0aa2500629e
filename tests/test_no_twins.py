"""No module binds the same top-level name twice (an `ast` walk of bot/, nlu/, actions/ and
bench/). A merge that keeps two helpers' versions of one rule leaves the first one dead and its
alternatives silently lost (stop 33: assess._LIFT_TROUBLE, context_words.LIKE_BEFORE).

Allowed: a binding that reads the name it rebinds (`X = X | more`), and `@overload` stubs."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("actions", "bot", "nlu", "bench")


def _names_bound(node: ast.stmt) -> list[str]:
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        overload = any(isinstance(d, ast.Name) and d.id == "overload" for d in node.decorator_list)
        return [] if overload else [node.name]
    if isinstance(node, ast.Assign):
        return [n.id for target in node.targets for n in ast.walk(target)
                if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)]
    if isinstance(node, ast.AnnAssign) and node.value is not None and isinstance(
            node.target, ast.Name):
        return [node.target.id]
    return []


def _reads(node: ast.stmt, name: str) -> bool:
    return any(isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Load)
               for n in ast.walk(node))


def twins(source: str) -> list[tuple[str, int, int]]:
    """(name, first line, second line) for each top-level name bound again without reading it."""
    first: dict[str, int] = {}
    found = []
    for node in ast.parse(source).body:
        for name in _names_bound(node):
            if name in first and not _reads(node, name):
                found.append((name, first[name], node.lineno))
            first[name] = node.lineno
    return found


def test_the_check_sees_a_twin() -> None:
    source = "A = 1\nB = 2\nA = 3\nB = B + 1\ndef f(): ...\ndef f(): ...\n"
    assert twins(source) == [("A", 1, 3), ("f", 5, 6)]


def test_no_module_binds_a_name_twice() -> None:
    found = [f"{path.relative_to(ROOT)}: {name} (lines {a} and {b})"
             for package in PACKAGES for path in sorted((ROOT / package).rglob("*.py"))
             for name, a, b in twins(path.read_text(encoding="utf-8"))]
    assert found == []
