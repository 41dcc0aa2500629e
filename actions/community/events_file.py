"""Events from a YAML file (data/demo/events.yml, `linli events import FILE`): checked line by
line, then created; the demo's events are seeded from it."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml
from dateutil.rrule import rrulestr
from sqlalchemy.orm import Session

from actions.core.registry import seeder
from actions.db.community import Community
from actions.db.community_life import Event
from nlu.yamlfile import parse_yaml

EVENT_FIELDS = {"title": str, "place": str, "start": str, "duration": int, "repeat": str,
                "capacity": int, "min_age": int, "team": str, "helper_minutes": int, "note": str}
EVENT_LIMITS = {"title": 60, "place": 100, "repeat": 200, "team": 30, "note": 300}


def read_event_specs(path: Path, *, tz: Any) -> list[dict[str, Any]]:
    """Check an events file (see data/demo/events.yml); ValueError names the line and field."""
    with path.open(encoding="utf-8") as fh:
        try:
            root = yaml.compose(fh)
        except yaml.YAMLError as exc:
            raise ValueError(f"not valid YAML: {exc}") from None
    if root is None:
        return []
    if not isinstance(root, yaml.SequenceNode):
        raise ValueError(f"line {root.start_mark.line + 1}: expected a list of events")
    return [_event_spec(node, tz) for node in root.value]


def _event_spec(node: yaml.Node, tz: Any) -> dict[str, Any]:
    line = node.start_mark.line + 1
    spec = parse_yaml(yaml.serialize(node))
    if not isinstance(spec, dict):
        raise ValueError(f"line {line}: an event is a mapping (title:, start:, ...)")
    lines = {k.value: k.start_mark.line + 1 for k, _ in node.value}
    for field in ("title", "start"):
        if field not in spec:
            raise ValueError(f"line {line}: {field}: missing")
    for field, value in spec.items():
        at = f"line {lines.get(field, line)}: {field}"
        kind = EVENT_FIELDS.get(field)
        if kind is None:
            raise ValueError(f"{at}: unknown field (known: {', '.join(EVENT_FIELDS)})")
        if kind is int and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
            raise ValueError(f"{at}: expected a whole number, not {value!r}")
        if kind is str and len(str(value)) > EVENT_LIMITS.get(field, 200):
            raise ValueError(f"{at}: longer than {EVENT_LIMITS.get(field, 200)} characters")
    try:
        spec["start"] = datetime.strptime(str(spec["start"]), "%Y-%m-%d %H:%M").replace(tzinfo=tz)
    except ValueError:
        raise ValueError(f"line {lines['start']}: start: expected YYYY-MM-DD HH:MM, "
                         f"not {spec['start']!r}") from None
    if spec.get("repeat"):
        try:
            rrulestr(str(spec["repeat"]), dtstart=spec["start"])
        except (ValueError, TypeError):
            raise ValueError(f"line {lines['repeat']}: repeat: not an RRULE "
                             f"(e.g. FREQ=WEEKLY;BYDAY=TU)") from None
    return spec


def load_events(session: Session, *, community: Community, path: Path, now: datetime,
                tz: Any, created_by: int | None = None) -> list[Event]:
    """Create events from a YAML file (see data/demo/events.yml)."""
    made = [Event(
        community_id=community.id, title=str(spec["title"]), place=str(spec.get("place", "")),
        starts_at=spec["start"], duration_minutes=spec.get("duration", 120),
        rrule=spec.get("repeat"), capacity=spec.get("capacity"), min_age=spec.get("min_age"),
        team=spec.get("team"), helper_minutes=spec.get("helper_minutes", 0),
        note=str(spec.get("note", "")), created_by=created_by, created_at=now)
        for spec in read_event_specs(path, tz=tz)]
    session.add_all(made)
    session.flush()
    return made


@seeder("events")
def seed_events(session: Session, community: Community, data_dir: Path, now: datetime) -> None:
    """The demo's events (义剪 on the 26th, 书法班 on Tuesdays, 冬至包饺子, ...)."""
    path = data_dir / "demo" / "events.yml"
    if path.exists():
        load_events(session, community=community, path=path, now=now,
                    tz=ZoneInfo(community.timezone))
