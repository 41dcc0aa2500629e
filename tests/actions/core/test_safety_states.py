"""Danger wins: a message describing danger now takes the emergency path in every state of a
conversation, with the first words for its kind; notes about someone safe raise nothing."""

from __future__ import annotations

from sqlalchemy import select

from actions.db import session_scope
from actions.db.canteen import CanteenBooking
from actions.db.community import Resident
from actions.db.mailbox import MailboxItem
from actions.db.tickets import Emergency
from bot.console import ConsoleChat
from bot.wiring import Linli
from tests.helpers import play


def emergencies(linli: Linli) -> list[tuple[str, str]]:
    """(whose, kind) of every emergency raised."""
    with session_scope(linli.sessions) as session:
        return [(session.get_one(Resident, e.person_id).label(), e.kind)
                for e in session.scalars(select(Emergency).order_by(Emergency.id))]


def first_reply(out: str, said: str) -> str:
    return out.split(f"▸ {said}\n")[1].split("\n")[0]


def test_gas_inside_a_repair_form_gets_the_gas_words_then_the_form_goes_on(
        console: ConsoleChat, linli: Linli) -> None:
    out = play(console, "王秀英: 3栋2单元楼道灯不亮了\n王秀英: 家里漏煤气了😱 咋办")
    assert "有煤气味" in first_reply(out, "家里漏煤气了😱 咋办")
    assert "我们接着刚才的「报修」" in out
    assert emergencies(linli) == [("王秀英", "gas")]


def test_a_fall_typed_as_the_check_in_answer_is_an_emergency_not_a_fine(
        console: ConsoleChat, linli: Linli) -> None:
    out = play(console, "@at 2026-11-18 19:59\n@wait 1m\n张桂兰: 摔了一跤爬不起来了")
    assert "先别急着起来" in first_reply(out, "摔了一跤爬不起来了")
    assert emergencies(linli) == [("张桂兰", "fall")]


def test_a_contact_in_an_escalation_raises_it_for_the_elder(console: ConsoleChat,
                                                            linli: Linli) -> None:
    play(console, "@at 2026-11-18 19:59\n@at 2026-11-18 21:01")  # 钱淑珍 never answered
    out = play(console, "钱小燕: 敲了半天门没人应 邻居说闻到屋里有煤气味")
    assert "有煤气味" in out
    assert emergencies(linli) == [("钱淑珍", "gas")]


def test_a_building_leaders_note_that_the_elder_is_safe_raises_nothing(
        console: ConsoleChat, linli: Linli) -> None:
    play(console, "@at 2026-11-18 19:59\n@at 2026-11-18 21:01\n钱小燕: [联系不上]\n@wait 1m")
    play(console, "冯玉梅: 敲门了 老太太耳背没听见 人好好的")
    assert emergencies(linli) == []


def test_danger_in_a_staff_form_still_wins(console: ConsoleChat, linli: Linli) -> None:
    play(console, "周敏: /announce")
    out = play(console, "周敏: 我办公室着火了 烟很大")
    assert "着火了" in first_reply(out, "我办公室着火了 烟很大") or "119" in out
    assert emergencies(linli) == [("周敏", "fire")]


def test_a_wish_to_die_gets_the_help_line_and_staff_are_alerted(console: ConsoleChat,
                                                                linli: Linli) -> None:
    out = play(console, "李建国: 我不想活了")
    assert "12356" in out
    assert emergencies(linli) == [("李建国", "self_harm")]


def test_a_burst_pipe_gets_the_valve_first_and_then_the_repair(console: ConsoleChat,
                                                               linli: Linli) -> None:
    said = "水管爆了 水哗哗往外喷 阀门关不上 楼下都淹了"
    out = play(console, f"李建国: {said}")
    assert "总阀" in out.split(f"▸ {said}")[1].split("在哪儿")[0]  # before the first question
    assert emergencies(linli) == []
    assert "报修" in out or "在哪儿" in out or "几号楼" in out or "照片" in out


def test_danger_words_in_the_past_or_a_bill_raise_nothing(console: ConsoleChat,
                                                          linli: Linli) -> None:
    play(console, "赵磊: 上次着火那栋楼修好了吗\n赵磊: 煤气费怎么交\n赵磊: 笑得我喘不上气")
    assert emergencies(linli) == []


def count(linli: Linli, model: type) -> int:
    """How many rows of a table there are."""
    with session_scope(linli.sessions) as session:
        return len(session.scalars(select(model)).all())


def test_danger_typed_at_the_booking_read_back_is_not_a_yes(console: ConsoleChat,
                                                            linli: Linli) -> None:
    out = play(console, "@at 2026-11-18 10:00\n赵磊: 明天中午订一份")
    assert "确认" in out  # the booking is read back, waiting for yes
    out = play(console, "赵磊: 我老伴摔倒了 爬不起来")
    assert "先别急着起来" in first_reply(out, "我老伴摔倒了 爬不起来")
    assert emergencies(linli) == [("赵磊", "fall")]
    assert count(linli, CanteenBooking) == 0


def test_danger_written_as_a_letter_is_an_emergency_not_a_letter(console: ConsoleChat,
                                                                 linli: Linli) -> None:
    letters = count(linli, MailboxItem)
    play(console, "王秀英: 我想给社区提个建议")
    out = play(console, "王秀英: 楼道里全是烟 好像着火了")
    assert "119" in first_reply(out, "楼道里全是烟 好像着火了") or "着火了" in first_reply(
        out, "楼道里全是烟 好像着火了")
    assert emergencies(linli) == [("王秀英", "fire")]
    assert count(linli, MailboxItem) == letters
    assert "我们接着刚才的" in out  # then the letter goes on


def test_danger_at_the_letters_name_question_wins(console: ConsoleChat, linli: Linli) -> None:
    out = play(console, "王秀英: 楼上装修太吵了，我要投诉")
    assert "名字" in out  # asks whether to sign it
    out = play(console, "王秀英: 我胸口疼得厉害 喘不上气")
    assert "120" in first_reply(out, "我胸口疼得厉害 喘不上气")
    assert emergencies(linli) == [("王秀英", "medical")]


def test_a_homophone_typo_inside_a_repair_form_is_still_danger(console: ConsoleChat,
                                                               linli: Linli) -> None:
    play(console, "王秀英: 3栋2单元楼道灯不亮了")
    out = play(console, "王秀英: 电提卡住了 我在里面出不去")
    assert "96333" in out.split("▸ 电提卡住了 我在里面出不去")[1].split("▸")[0]
    assert emergencies(linli) == [("王秀英", "lift")]


def test_a_wish_to_die_said_indirectly_in_the_check_in_answer(console: ConsoleChat,
                                                              linli: Linli) -> None:
    out = play(console, "@at 2026-11-18 19:59\n@wait 1m\n张桂兰: 活着没意思 不想拖累孩子们了")
    assert "12356" in out
    assert emergencies(linli) == [("张桂兰", "self_harm")]


def test_a_harmless_note_inside_a_form_is_read_as_the_answer(console: ConsoleChat,
                                                             linli: Linli) -> None:
    play(console, "王秀英: 我想给社区提个建议")
    play(console, "王秀英: 希望社区多组织防火知识讲座 万一着火了大家都知道怎么跑")
    assert emergencies(linli) == []
