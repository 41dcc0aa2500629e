"""Hostile and random input never crashes a turn: every command and button of every capability,
with forged arguments, and random words, from residents and staff (hypothesis).

A crashed turn leaves its error on the inbox item (it would be retried, then parked); the test
fails on the first one and hypothesis shrinks it to the smallest input that does it.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from actions.core.pipeline import Incoming
from actions.core.registry import HANDLERS, load_capabilities
from actions.db import session_scope
from actions.db.conversation import InboxItem
from bot.wiring import Linli

PEOPLE = (10001, 10003, 20001, 20010, 20020, 20030, 20052, 31002, 712_000_001)
FORGED = ("²", "٣", "9999-12-31", "0000-00-00", "2026-02-30", "99999999999999999999", "-1",
          "1e9", "1:2:3", ":", "::", "", " ", "BX-20261118-001", "%s", "{0}", "'; drop table",
          "\x00", "😀" * 30)
ARGS = st.one_of(
    st.sampled_from(FORGED),
    st.integers(min_value=-10**25, max_value=10**25).map(str),
    st.text(max_size=30),
    st.lists(st.sampled_from(FORGED + ("1", "2", "10001")), max_size=4).map(":".join),
)


def _crashed(linli: Linli) -> list[str]:
    with session_scope(linli.sessions) as session:
        return [f"{i.payload.get('button') or i.payload.get('text')!r}: {i.error}"
                for i in session.scalars(select(InboxItem).where(InboxItem.error.is_not(None)))]


def test_no_command_or_button_crashes_a_turn(linli: Linli) -> None:
    load_capabilities()
    names = sorted(HANDLERS)

    @settings(max_examples=400, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow])
    @given(st.sampled_from(names), ARGS, st.sampled_from(PEOPLE), st.booleans())
    def turn(name: str, arg: str, who: int, as_button: bool) -> None:
        incoming = Incoming("console", who, who, "某人", button=f"/{name}:{arg}") if as_button \
            else Incoming("console", who, who, "某人", text=f"/{name} {arg}")
        linli.conversation.handle(incoming)
        assert _crashed(linli) == []

    turn()


def test_no_words_crash_a_turn(linli: Linli) -> None:
    @settings(max_examples=200, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow])
    @given(st.text(min_size=1, max_size=80), st.sampled_from(PEOPLE))
    def turn(text: str, who: int) -> None:
        linli.conversation.handle(Incoming("console", who, who, "某人", text=text))
        assert _crashed(linli) == []

    turn()


def test_a_nul_in_words_or_a_name_is_dropped_and_the_turn_done(linli: Linli) -> None:
    # PostgreSQL's text refuses NUL; a repair's read-back quotes the words, /tickets takes them
    for who, name, text in ((10001, "王\x00秀英", "楼道灯\x00不亮了"),
                            (20001, "刘芳", "/tickets 楼道\x00灯"),
                            (10003, "\x00", "\x00")):
        linli.conversation.handle(Incoming("console", who, who, name, text=text))
    assert _crashed(linli) == []
    with session_scope(linli.sessions) as session:
        texts = [i.payload.get("text") for i in session.scalars(select(InboxItem))]
    assert "楼道灯不亮了" in texts and not any("\x00" in (t or "") for t in texts)
