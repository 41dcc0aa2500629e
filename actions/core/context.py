"""What an action gets: the parse, the person, the database, the time, the settings, the outbox."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from actions.core.outbox import queue_message, queue_reply
from actions.core.settings import Settings
from actions.core.texts import Button, Keyboard, Texts, localize, localize_keyboard
from actions.db.community import Resident


@dataclass
class Tick:
    """What scheduled work gets: the database, the time, the settings, and a way to send."""

    session: Session
    settings: Settings
    texts: Texts
    now: datetime

    @property
    def local_now(self) -> datetime:
        """Now, in the community's time zone."""
        return self.now.astimezone(self.settings.tz)

    @property
    def today(self) -> date:
        """Today, in the community's time zone."""
        return self.local_now.date()

    def t(self, key: str, **values: Any) -> str:
        """A response template filled in (not yet localized)."""
        return self.texts.render(key, **values)

    def notify(self, chat_id: int, text: str, *, buttons: Keyboard | None = None,
               traditional: bool = False, dedupe_key: str | None = None,
               photo: str | None = None, voice: str | None = None) -> None:
        """Send ready text (with a photo or a voice message, when given) to a chat: a person,
        staff, a group."""
        queue_message(self.session, chat_id=chat_id, now=self.now, photo=photo, voice=voice,
                      buttons=localize_keyboard(buttons or [], traditional=traditional),
                      text=localize(text, traditional=traditional), dedupe_key=dedupe_key)

    def notify_person(self, person: Resident, text: str, *, buttons: Keyboard | None = None,
                      dedupe_key: str | None = None, photo: str | None = None,
                      voice: str | None = None) -> bool:
        """Send to a person's private chat; False when they never opened the bot."""
        if person.telegram_id is None:
            return False
        self.notify(person.telegram_id, text, buttons=buttons, traditional=person.traditional,
                    dedupe_key=dedupe_key, photo=photo, voice=voice)
        return True


@dataclass
class Context(Tick):
    """One turn of a conversation: a person wrote or pressed something in a chat."""

    person: Resident
    chat_id: int
    parse: dict[str, Any] = field(default_factory=dict)
    args: str = ""
    state: dict[str, Any] = field(default_factory=dict)
    traditional: bool = False
    photo: str | None = None  # a photo sent with the message (messenger file id)
    sent_buttons: Keyboard | None = None
    danger: Any = None  # what the safety layer found (actions.core.safety.Danger), or None

    @property
    def intent(self) -> str:
        """The intent of this turn."""
        return str(self.parse.get("intent", {}).get("name", ""))

    @property
    def text(self) -> str:
        """What the person wrote (empty for a button press)."""
        return str(self.parse.get("text", ""))

    def entity(self, name: str) -> str | None:
        """The first value of an entity, if the message stated it."""
        values = self.entities(name)
        return values[0] if values else None

    def entities(self, name: str) -> list[str]:
        """Every value of an entity, in order."""
        return [str(e["value"]) for e in self.parse.get("entities", []) if e["entity"] == name]

    def reply(self, key: str, *, buttons: Keyboard | None = None, variant: int = 0,
              **values: Any) -> None:
        """Answer in this chat with a template from responses.yml."""
        self.say(self.texts.render(key, variant=variant, **values), buttons=buttons)

    def say(self, text: str, *, buttons: Keyboard | None = None) -> None:
        """Answer in this chat with ready text."""
        queue_reply(self.session, chat_id=self.chat_id, now=self.now,
                    buttons=localize_keyboard(buttons or [], traditional=self.traditional),
                    text=localize(text, traditional=self.traditional))
        if buttons:  # kept as written: a typed label is matched against these
            self.sent_buttons = _with_earlier(buttons, self.sent_buttons)


def _with_earlier(buttons: Keyboard, earlier: Keyboard | None) -> Keyboard:
    """This reply's buttons, then those of the turn's earlier replies (暂停几天's 7天 under a
    pause, then a meal's buttons): a typed label still presses any of them, the latest first."""
    if not earlier:
        return buttons
    datas = {b.data for row in buttons for b in row}
    kept = [[b for b in row if b.data not in datas] for row in earlier]
    return buttons + [row for row in kept if row]


def yes_no(texts: Texts) -> Keyboard:
    """The read-back keyboard."""
    return [[Button(texts.render("button_confirm"), "/affirm"),
             Button(texts.render("button_cancel"), "/deny")]]
