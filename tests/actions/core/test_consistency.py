"""Like `rasa data validate`: intents, handlers, responses and the NLU contract agree."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from actions.core.registry import FORMS, HANDLERS, load_capabilities
from actions.core.texts import Texts

ROOT = Path(__file__).resolve().parents[3]
CONTRACT = ROOT / "docs" / "nlu-contract.md"


def training_intents() -> set[str]:
    """Top-level intent names in data/nlu/*.yml."""
    names = set()
    for path in (ROOT / "data" / "nlu").glob("*.yml"):
        for item in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", []):
            if "intent" in item:
                names.add(item["intent"].split("/", 1)[0])
    return names


INTENTS = training_intents()


def contract_intents() -> set[str]:
    """The intents of the contract's first table (docs/nlu-contract.md, "## Intents")."""
    table = CONTRACT.read_text(encoding="utf-8").split("## Intents")[1].split("\n## ")[0]
    return set(re.findall(r"^\| ([a-z_]+) \|", table, flags=re.M)) - {"intent"}


def test_the_training_data_has_exactly_the_contract_intents() -> None:
    assert len(INTENTS) > 20
    assert contract_intents() == INTENTS


def test_every_intent_has_a_handler_or_a_response() -> None:
    load_capabilities()
    texts = Texts.load(ROOT / "data" / "responses")
    missing = {i for i in INTENTS if i not in HANDLERS and not texts.has(f"utter_{i}")}
    assert not missing, f"intents nobody answers: {sorted(missing)}"


def test_every_static_response_names_an_intent() -> None:
    texts = Texts.load(ROOT / "data" / "responses")
    utters = {k.removeprefix("utter_") for k in texts.names() if k.startswith("utter_")}
    assert utters - INTENTS == {"default"}


def test_every_form_question_has_wording() -> None:
    load_capabilities()
    texts = Texts.load(ROOT / "data" / "responses")
    for form in FORMS.values():
        for slot in form.slots:
            assert texts.has(slot.ask), f"form {form.name}: no text for {slot.ask}"


# -- wording lives in data/responses ----------------------------------------------------------

ACTIONS = ROOT / "actions"
HAN = re.compile(r"[\u4e00-\u9fff]")
SHOWN = {"Refused", "Invalid", "LinliError", "say", "notify", "notify_person"}
KEYED = {"t", "reply", "render", "keyed", "raw", "has"}
# (file, literal): why it may stay in Python for now. Keep this short.
ALLOWED_IN_PYTHON: dict[tuple[str, str], str] = {}


def _name(call: ast.Call) -> str:
    func = call.func
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")


def _shown_literals(node: ast.AST) -> Iterator[ast.Constant]:
    """Chinese literals in what a person reads: everything but a button's callback data."""
    if isinstance(node, ast.Call) and _name(node) == "Button":
        label = node.args[:1] + [k.value for k in node.keywords if k.arg == "label"]
        for part in label:
            yield from _shown_literals(part)
        return
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and HAN.search(node.value):
        yield node
    for child in ast.iter_child_nodes(node):
        yield from _shown_literals(child)


def _modules() -> Iterator[tuple[str, ast.Module]]:
    for path in sorted(ACTIONS.rglob("*.py")):
        yield path.relative_to(ROOT).as_posix(), ast.parse(path.read_text(encoding="utf-8"))


def test_no_wording_is_written_in_python() -> None:
    found = []
    for name, tree in _modules():
        for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
            if _name(call) == "Button":
                literals = list(_shown_literals(call))
            elif _name(call) in SHOWN:
                args = [*call.args, *(k.value for k in call.keywords)]
                literals = [c for a in args for c in _shown_literals(a)]
            else:
                continue
            found += [f"{name}:{c.lineno} {_name(call)}({c.value!r})" for c in literals
                      if (name, c.value) not in ALLOWED_IN_PYTHON]
    assert not found, "wording belongs in data/responses/*.yml:\n" + "\n".join(found)


def _key_pattern(node: ast.expr) -> str | None:
    """A key as a regex: a literal exactly, an f-string with `.+` for each placeholder."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return re.escape(node.value)
    if isinstance(node, ast.JoinedStr):
        return "".join(re.escape(v.value) if isinstance(v, ast.Constant) else ".+"
                       for v in node.values)
    return None


def test_every_response_key_used_in_the_code_exists() -> None:
    keys = Texts.load(ROOT / "data" / "responses").names()
    missing, checked = [], 0
    for name, tree in _modules():
        for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
            method = call.func.attr if isinstance(call.func, ast.Attribute) else ""
            used = call.args[:1] if method in KEYED else []
            used += [k.value for k in call.keywords if k.arg == "header"]
            for node in used:
                pattern = _key_pattern(node)
                if pattern is None:
                    continue
                checked += 1
                if not any(re.fullmatch(pattern, k) for k in keys):
                    missing.append(f"{name}:{node.lineno} {ast.unparse(node)}")
    assert checked > 400
    assert not missing, "no such response:\n" + "\n".join(missing)


class _UniqueKeys(yaml.SafeLoader):
    """A loader that refuses a key written twice in one file (plain YAML keeps the last)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)  # type: ignore[no-untyped-call]
            assert key not in seen, f"{key!r} twice (line {key_node.start_mark.line + 1})"
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def test_no_response_is_written_twice_in_one_file() -> None:
    for path in (ROOT / "data" / "responses").glob("*.yml"):
        yaml.load(path.read_text(encoding="utf-8"), Loader=_UniqueKeys)  # noqa: S506
