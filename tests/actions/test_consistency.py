"""Like `rasa data validate`: intents, handlers, responses and the NLU contract agree."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from actions.registry import FORMS, HANDLERS, load_capabilities
from actions.texts import Texts

ROOT = Path(__file__).resolve().parents[2]
CONTRACT = ROOT.parent / "shared" / "nlu-contract.md"
OWN_CONTRACT = ROOT / "docs" / "nlu-contract.md"


def contract_intents(path: Path) -> set[str]:
    """The intents in the first column of a contract's intent table."""
    table = path.read_text(encoding="utf-8").split("## Entities")[0]
    return set(re.findall(r"^\| ([a-z_]+) \|", table, flags=re.M)) - {"intent"}


INTENTS = contract_intents(OWN_CONTRACT)


def training_intents() -> set[str]:
    """Top-level intent names in data/nlu/*.yml."""
    names = set()
    for path in (ROOT / "data" / "nlu").glob("*.yml"):
        for item in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", []):
            if "intent" in item:
                names.add(item["intent"].split("/", 1)[0])
    return names


def test_training_data_has_exactly_the_contract_intents() -> None:
    assert training_intents() == INTENTS


@pytest.mark.skipif(not CONTRACT.exists(), reason="no ../shared/nlu-contract.md beside the repo")
def test_intent_list_matches_the_shared_contract() -> None:
    assert contract_intents(CONTRACT) == INTENTS


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
