"""Letters residents write to the government (市长信箱, 12345): a headline-like subject about a
matter the community cannot decide is feedback (the red mailbox passes it on), a fault to fix
(in the writer's home, estate or the street by it) stays a repair, a procedure question is faq,
a joke is out of scope (sentences not in the training data)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from nlu import NluModel
from nlu.data import parse_example
from nlu.yamlfile import parse_yaml

REF = date(2026, 11, 18)
ROOT = Path(__file__).resolve().parents[2]
_NOISE = re.compile(r"[\s,，.。!！?？;；:：、“”\"]+")


def intent(model: NluModel, text: str) -> str:
    """The parse's intent name."""
    return str(model.parse(text, ref_date=REF)["intent"]["name"])


@pytest.mark.parametrize("text", [
    "举报Y县某皮革厂夜间向小清河偷排废水",  # a company's pollution
    "关于金桂苑开发商逾期三年未交房的投诉",  # a developer
    "反映Z区妇幼医院将医疗污水排入雨水管网",  # a hospital
    "某装饰公司拖欠三十多名工人工资至今未付",  # wages owed
    "我村到镇上的公路至今没有修通",  # a village road
    "某KTV常年深夜营业噪音扰民",  # noise for years
    "某局办事人员推诿扯皮不作为",  # a department's work style
    "为何我县城区公交末班车这么早",  # a bus
    "对某中学强制收取资料费的质疑",  # a school
    "关于延长城区供暖时间的建议",  # heating
    "建议在滨江路沿线增设路灯",  # a new light, not a broken one
])
def test_city_matters_are_feedback(nlu_model: NluModel, text: str) -> None:
    assert intent(nlu_model, text) == "feedback", text


@pytest.mark.parametrize("text", [
    "我们小区8号楼电梯三天两头困人请尽快维修",
    "本人所住单元楼道灯坏了二十多天无人修理",
    "我家厨房水管漏水已经泡坏了地板",
    "幸福大街路灯大面积不亮已有半年",  # a street's lights: a fault to fix
])
def test_own_estate_is_a_repair(nlu_model: NluModel, text: str) -> None:
    assert intent(nlu_model, text) == "report_repair", text


@pytest.mark.parametrize("text", [
    "咨询外地老人在本市办理老年优待证的条件",
    "城乡居民医保如何办理异地就医备案",
    "请问残疾人证到期后去哪里换领",
    "咨询低保申请需要提交哪些证明材料",
])
def test_procedure_questions_are_faq(nlu_model: NluModel, text: str) -> None:
    assert intent(nlu_model, text) == "faq", text


@pytest.mark.parametrize("text", ["来个笑话乐呵乐呵", "明天股市会涨吗"])
def test_jokes_and_the_market_stay_out_of_scope(nlu_model: NluModel, text: str) -> None:
    assert intent(nlu_model, text) == "out_of_scope", text


@pytest.mark.parametrize("text", [
    "宏远化工厂每天半夜排放刺鼻气体",  # a named factory, not 某厂
    "投诉星河湾物业擅自涨停车费",  # a named estate's management company
    "金沙旅行社承诺的行程全变了还不退钱",  # a company in the wider world's words
    "请问城北什么时候能通地铁",  # a question about a city matter
])
def test_letters_that_name_their_place_are_still_letters(nlu_model: NluModel, text: str) -> None:
    assert intent(nlu_model, text) == "feedback", text


@pytest.mark.parametrize(("text", "key"), [
    ("住房公积金销户提取去哪办", "faq/gongjijin"),
    ("刚生了孩子怎么上户口", "faq/hukou"),
    ("没单位了养老保险自己怎么交", "faq/shebao"),
    ("被辞退了失业保险金怎么申请", "faq/shiyejin"),
    ("生育津贴去哪儿申领", "faq/shengyu"),
    ("买二手房契税有没有优惠", "faq/other_policy"),
])
def test_procedures_get_their_own_answer(nlu_model: NluModel, text: str, key: str) -> None:
    parse = nlu_model.parse(text, ref_date=REF)
    assert parse["intent"]["name"] == "faq", text
    assert parse["response_selector"]["faq"]["response"]["intent_response_key"] == key, text


@pytest.mark.parametrize("text", [
    "尊敬的领导：我们楼的电梯从去年腊月起就隔三差五停，物业修了又坏，坏了又修，老人下不了楼，"
    "恳请彻底解决",
    "您好，小区门前那条马路上的井盖缺了一个，半个月了也没人补，晚上骑车的差点掉进去",
    "关于北苑路路灯两个多月不亮的反映",
    "入冬以来我家暖气一直冰凉，热力公司说是物业的事，物业说是热力公司的事，请社区协调",
    "领导好，菜市场门口的下水道堵了半年，一下雨污水漫到人行道上，希望尽快疏通",
])
def test_a_fault_unfixed_for_months_is_a_repair(nlu_model: NluModel, text: str) -> None:
    # however formal, late or angry at the 物业 / the utility: the ask is to fix a broken thing
    assert intent(nlu_model, text) == "report_repair", text


@pytest.mark.parametrize("text", [
    "尊敬的领导，我们小区到地铁站那条路晚上太黑了，建议多装几盏路灯",
    "物业的客服电话永远打不通，人去了也爱答不理，这样的服务还年年涨价",
    "建议给我们这几栋老楼加装电梯，老人爬楼太辛苦了",
    "修水管的师傅干活不错，就是说话太冲，希望物业培训一下",
])
def test_a_new_thing_or_a_complaint_about_people_stays_feedback(nlu_model: NluModel,
                                                                text: str) -> None:
    assert intent(nlu_model, text) == "feedback", text


@pytest.mark.parametrize("text", [
    "我们县企业退休职工的养老金十年没怎么涨，和机关的差一大截",
    "失业保险金拖了两个月还没到账，家里等着用钱",
    "办一个公积金提取跑了四趟，每次都说缺材料",
    "医保报销的比例一年比一年低，看个病负担太重",
    "低保评得不公平，村干部的亲戚开着小车也吃低保",
    "为什么外地老人在这里坐公交不能免费",
])
def test_a_complaint_about_a_benefit_is_a_letter(nlu_model: NluModel, text: str) -> None:
    # the words of a procedure (养老金, 公积金, 低保) in a grievance, not a how-to question
    assert intent(nlu_model, text) == "feedback", text


@pytest.mark.parametrize("text", [
    "我是翠湖小区的业主，住在4栋，楼下的健身房音乐开得震天响",  # a self-introduction
    "城西那条快速路什么时候能修好，都修了三年了",  # a city project, not my repair
    "社区的活动老是那几个人去，其他人都不知道",  # the community's own service
    "我父亲身体还挺好，可是单位到了六十就不让干了",  # 身体还挺好 is background
    "邻居把空调外机装在我家窗户边上，说了也不改",  # a dispute with a neighbour
])
def test_loud_words_inside_a_letter_do_not_decide(nlu_model: NluModel, text: str) -> None:
    assert intent(nlu_model, text) == "feedback", text


@pytest.mark.parametrize("text", [
    "求助：我爱人查出了癌症，手术费还差好几万，家里实在拿不出来了",
    "我家老人卧床三年，我下岗在家照顾，生活很困难，恳请社区帮帮我们",
])
def test_a_plea_in_hardship_asks_for_help(nlu_model: NluModel, text: str) -> None:
    assert intent(nlu_model, text) == "request_help", text


def test_integral_points_are_no_time_bank(nlu_model: NluModel) -> None:
    assert intent(nlu_model, "请问积分入学的分数怎么算") == "faq"


def _texts(path: Path) -> list[str]:
    """The plain texts of a data file's examples, without whitespace and punctuation."""
    texts = []
    for block in parse_yaml(path.read_text(encoding="utf-8"))["nlu"]:
        for line in str(block.get("examples", "")).splitlines():
            line = line.strip().removeprefix("- ").strip()
            if line and not line.startswith("#"):
                texts.append(_NOISE.sub("", parse_example(line)[0]))
    return texts


def test_the_real_held_out_letters_are_never_trained_on() -> None:
    """The real letters held out (tests/nlu/heldout/letters_real.yml) share no subject, nor 20
    characters in a row, with any training example: the training half came from the same
    source, and a letter in both would measure nothing."""
    held = _texts(ROOT / "tests" / "nlu" / "heldout" / "letters_real.yml")
    trained = "\n".join(t for f in sorted((ROOT / "data" / "nlu").glob("*.yml"))
                        for t in _texts(f))
    assert len(held) >= 70
    shared = [h[:30] for h in held
              if any(h[i:i + 20] in trained for i in range(0, max(1, len(h) - 19), 5))]
    assert not shared
