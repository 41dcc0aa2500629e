"""Reading Rasa 3 NLU YAML: training examples with their entity annotations, synonyms,
lookup tables and regexes; and the jieba user dictionary."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nlu.yamlfile import YAMLError, parse_yaml

ANNOTATION = re.compile(
    r"\[(?P<text>[^\]]+)\](?:\((?P<short>[^)]+)\)|(?P<json>\{[^}]*\}))")


class DataError(ValueError):
    """The training data cannot be read; the message names the file and the problem."""


@dataclass(frozen=True)
class Annotation:
    """An entity a training example states: its span in the plain text and its value."""

    entity: str
    start: int
    end: int
    text: str
    value: str | None  # None: the value is the text itself (or, for dates, resolved later)
    role: str | None = None


@dataclass(frozen=True)
class Example:
    """One training message."""

    text: str
    intent: str  # the top-level intent (faq for faq/office_hours)
    response_key: str | None = None  # faq/office_hours
    entities: tuple[Annotation, ...] = ()


@dataclass
class TrainingData:
    """Everything read from data/nlu/*.yml and data/dict/userdict.txt."""

    examples: list[Example] = field(default_factory=list)
    synonyms: dict[str, str] = field(default_factory=dict)  # surface text -> canonical value
    lookups: dict[str, list[str]] = field(default_factory=dict)  # lookup name -> values
    regexes: dict[str, list[str]] = field(default_factory=dict)
    userdict: list[tuple[str, int | None, str | None]] = field(default_factory=list)
    fingerprint: str = ""


def parse_example(line: str) -> tuple[str, list[Annotation]]:
    """`[3栋]{"entity": "building", "value": "3"}灯坏了` -> plain text and annotations."""
    plain: list[str] = []
    annotations: list[Annotation] = []
    pos = length = 0
    for match in ANNOTATION.finditer(line):
        plain.append(line[pos:match.start()])
        length += match.start() - pos
        surface = match.group("text")
        entity, value, role = _entity_of(match)
        annotations.append(Annotation(entity, length, length + len(surface), surface,
                                      value, role))
        plain.append(surface)
        length += len(surface)
        pos = match.end()
    plain.append(line[pos:])
    return "".join(plain), annotations


def _entity_of(match: re.Match[str]) -> tuple[str, str | None, str | None]:
    if match.group("short"):
        entity, _, value = match.group("short").partition(":")
        return entity.strip(), value.strip() or None, None
    try:
        spec: dict[str, Any] = json.loads(match.group("json"))
    except json.JSONDecodeError as exc:
        raise DataError(f"bad entity annotation {match.group(0)!r}: {exc}") from None
    value = spec.get("value")
    return str(spec["entity"]), None if value is None else str(value), spec.get("role")


def _lines(examples: Any) -> list[str]:
    if isinstance(examples, str):
        return [ln.strip()[1:].strip() for ln in examples.splitlines()
                if ln.strip().startswith("-")]
    if isinstance(examples, list):  # the long form: a list of {text: ...} or strings
        return [str(e["text"] if isinstance(e, dict) else e).strip() for e in examples]
    return []


def _read_file(path: Path, data: TrainingData) -> None:
    try:
        doc = parse_yaml(path.read_text(encoding="utf-8")) or {}
    except YAMLError as exc:
        raise DataError(f"{path.name}: not valid YAML: {exc}") from None
    for item in doc.get("nlu") or []:
        if "intent" in item:
            name = str(item["intent"])
            top, _, sub = name.partition("/")
            for line in _lines(item.get("examples")):
                text, annotations = parse_example(line)
                if text.strip():
                    data.examples.append(Example(text, top, name if sub else None,
                                                 tuple(annotations)))
        elif "synonym" in item:
            for line in _lines(item.get("examples")):
                data.synonyms[line] = str(item["synonym"])
        elif "lookup" in item:
            data.lookups.setdefault(str(item["lookup"]), []).extend(_lines(item.get("examples")))
        elif "regex" in item:
            data.regexes.setdefault(str(item["regex"]), []).extend(_lines(item.get("examples")))


def read_userdict(path: Path) -> list[tuple[str, int | None, str | None]]:
    """jieba's format: `word [freq] [tag]` per line; # starts a comment."""
    words: list[tuple[str, int | None, str | None]] = []
    if not path.exists():
        return words
    for raw in path.read_text(encoding="utf-8").splitlines():
        parts = raw.split("#", 1)[0].split()
        if not parts:
            continue
        freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
        tag = parts[-1] if len(parts) > 1 and not parts[-1].isdigit() else None
        words.append((parts[0], freq, tag))
    return words


def data_files(data_dir: Path) -> list[Path]:
    """The files a model is trained from, in a stable order."""
    files = sorted((data_dir / "nlu").glob("*.yml")) + sorted((data_dir / "nlu").glob("*.yaml"))
    userdict = data_dir / "dict" / "userdict.txt"
    return [*files, userdict] if userdict.exists() else files


def fingerprint(data_dir: Path) -> str:
    """A hash of the training data: the model is stale when it changes."""
    digest = hashlib.sha256()
    for path in data_files(data_dir):
        digest.update(path.name.encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def load_data(data_dir: Path) -> TrainingData:
    """Read data_dir/nlu/*.yml and data_dir/dict/userdict.txt."""
    data = TrainingData(fingerprint=fingerprint(data_dir))
    for path in data_files(data_dir):
        if path.suffix in (".yml", ".yaml"):
            _read_file(path, data)
    data.userdict = read_userdict(data_dir / "dict" / "userdict.txt")
    return data
