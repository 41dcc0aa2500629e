"""Long letters: the asking clause decides, and the confidence reflects what the model knows."""

from __future__ import annotations

from datetime import date

from nlu import NluModel
from nlu.clauses import asking_clause, core
from nlu.normalize import normalize

REF = date(2026, 11, 18)


def top(model: NluModel, text: str) -> tuple[str, float]:
    """The parse's intent and confidence."""
    intent = model.parse(text, ref_date=REF)["intent"]
    return str(intent["name"]), float(intent["confidence"])


def test_the_salutation_and_closing_are_not_the_message() -> None:
    letter = normalize("尊敬的领导：您好！我们楼的电梯坏了三天了，住六楼的老人下不了楼，"
                       "请派人修一下。谢谢！")
    assert core(letter) == "我们楼的电梯坏了三天了,住6楼的老人下不了楼,请派人修一下"
    assert core("您好") == "您好"  # a greeting alone is the message
    assert core("你好 我要订饭") == "我要订饭"
    assert core("修好了 谢谢") == "修好了 谢谢"  # a short thanks is the message


def test_the_asking_clause_is_the_one_that_asks_about_something() -> None:
    text = "我住7号楼,前几天去食堂吃饭,听说电梯要换新的,可是我们楼的路灯坏了,希望尽快修好路灯"
    assert asking_clause(text) == "希望尽快修好路灯"
    assert asking_clause("电梯坏了,你们看,能不能快点派人") is None  # asks how, not what


def test_a_letter_in_words_the_model_never_met_is_not_sure(nlu_model: NluModel) -> None:
    # a plea to the office (恳请…为民做主) is a letter for the mailbox, but in words this far
    # from the data the model must not be 0.99 sure of it
    intent, confidence = top(nlu_model, "尊敬的领导您好，鄙人乃退役老兵，戎马半生，今寓居贵辖，"
                                        "斗胆进言，恳请诸公明察秋毫，为民做主")
    assert intent in ("feedback", "nlu_fallback")
    assert confidence < 0.9


def test_background_does_not_outvote_the_request(nlu_model: NluModel) -> None:
    intent, _ = top(nlu_model, "尊敬的领导您好，前几天食堂的饺子很好吃，书法班也很热闹，"
                               "可是我们楼的电梯坏了三天了，请派人修一下")
    assert intent == "report_repair"
