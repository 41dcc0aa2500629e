"""The safety layer (nlu.safety): the issue's examples, the ways people hide danger in their
typing, every harmless context, notes from contacts and staff, the whole own danger set, and
the first words it sends (data/responses/safety.yml)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, get_args

import pytest
import yaml

from nlu.safety import Kind, Verdict, assess, learned, training
from nlu.safety.homophones import READINGS, build_readings, fix_homophones, readings
from nlu.safety.text import prepare

ROOT = Path(__file__).resolve().parents[2]
DANGER_SET = Path(__file__).parent / "danger" / "danger.yml"
PROBES = Path(__file__).parent / "danger" / "probes.yml"
RESPONSES = ROOT / "data" / "responses"
KINDS: tuple[str, ...] = get_args(Kind)


def _set(path: Path = DANGER_SET) -> list[dict[str, Any]]:
    return list(yaml.safe_load(path.read_text(encoding="utf-8"))["messages"])


# --- the issue's examples ------------------------------------------------------------------

@pytest.mark.parametrize(("text", "speaker", "level", "kind", "subject"), [
    ("家里漏煤气了😱 咋办", "resident", "now", "gas", "self"),
    ("燃气灶的管子掉了 火苗窜得老高", "resident", "now", "gas", "self"),
    ("水管爆了 水哗哗往外喷 阀门关不上 楼下都淹了", "resident", "urgent", "burst_pipe", "self"),
    ("我不想活了", "resident", "now", "self_harm", "self"),
    ("我想死", "resident", "now", "self_harm", "self"),
    ("电梯卡住了里面有人", "resident", "now", "lift", "other"),
    ("胸口疼", "resident", "now", "medical", "self"),
    ("我爸心口疼得厉害 脸色煞白", "family", "now", "medical", "other"),
    ("我爸嘴歪了 说话也不清楚", "family", "now", "stroke", "other"),
    ("我半边身子麻 动不了", "resident", "now", "stroke", "self"),
    ("我摔倒了起不来", "resident", "now", "fall", "self"),
    ("我爸叫不醒了", "family", "now", "unconscious", "other"),
    ("家里进水了 插座泡在水里", "resident", "now", "flood_electric", "self"),
    ("有人在砸我家门 说要弄死我", "resident", "now", "violence", "self"),
    ("上次着火那栋 现在又冒烟了 好大一股烧焦味", "resident", "now", "fire", "self"),
])
def test_the_issues_dangers_are_decided_with_kind_and_subject(
        text: str, speaker: str, level: str, kind: str, subject: str) -> None:
    verdict = assess(text, speaker=speaker)  # type: ignore[arg-type]
    assert (verdict.level, verdict.kind, verdict.subject) == (level, kind, subject), verdict
    assert verdict.cues


@pytest.mark.parametrize(("text", "speaker"), [
    ("敲门了 老太太耳背没听见 人好好的", "contact"),
    ("打火机打不着火了", "resident"),
    ("我摔了个碗", "resident"),
    ("笑得我喘不上气", "resident"),
    ("煤气费怎么交", "resident"),
    ("燃气灶打不着火", "resident"),
    ("急死我了 快递还没到", "resident"),
    ("上次着火那栋楼的消防通道又堆满了杂物", "resident"),
])
def test_the_issues_false_alarms_are_not_danger(text: str, speaker: str) -> None:
    verdict = assess(text, speaker=speaker)  # type: ignore[arg-type]
    assert (verdict.level, verdict.kind) == ("none", None), verdict


# --- what must not hide danger: traditional, dialect, typos, emoji, run-ons -----------------

@pytest.mark.parametrize(("text", "kind"), [
    ("家裡漏煤氣了 怎麼辦", "gas"),
    ("樓下著火了 好多煙", "fire"),
    ("我媽跌倒了 起不來", "fall"),
    ("電梯故障 我們被困在裡面了", "lift"),
    ("我不想活了 別救我", "self_harm"),
    ("困咗喺𨋢入面", "lift"),
    ("跌低咗 起唔到身", "fall"),
    ("阿嫲晕低咗 叫极都唔醒", "unconscious"),
    ("阿爸把口歪咗 講嘢唔清楚", "stroke"),
    ("胸口痛到唔得 透唔到氣", "medical"),
    ("屋企浸咗水 啲插蘇浸住", "flood_electric"),
    ("阿拉屋里厢煤气味道老重额 哪能办", "gas"),
    ("侬快点来 阿拉隔壁火着了 烟老大额", "fire"),
    ("哎呀妈呀 屋里一股子煤气味 咋整啊", "gas"),
    ("我老伴儿半边脸麻了 嘴也瓢了 咋整", "stroke"),
    ("屋头燃气味道好大哦 咋个办嘛", "gas"),
    ("师傅 现在厨房有很重的煤汽味了", "gas"),
    ("然气管道那里有味道 很冲 是不是泄露了", "gas"),
    ("电悌停了我在里面 救命", "lift"),
    ("厨房锅着火了🔥🔥 扑不灭", "fire"),
    ("你好我想问下明天的饭还能订吗对了我家厨房好大一股煤气味我头好晕现在怎么办", "gas"),
    ("师傅上次说周三来修灯结果一直没来今天我爸在卫生间摔倒了爬不起来你们能不能先派个人来",
     "fall"),
    ("我透不过气来了 胸好闷", "medical"),
])
def test_dialect_traditional_typos_emoji_and_run_ons_do_not_hide_danger(
        text: str, kind: str) -> None:
    verdict = assess(text)
    assert (verdict.level, verdict.kind) == ("now", kind), verdict


# --- every harmless context, each with the reason recorded --------------------------------

@pytest.mark.parametrize(("text", "reason"), [
    ("去年冬天我家煤气漏过一次 现在装了报警器", "past"),
    ("昨天楼下着火的事 物业给个说法吧", "past"),
    ("我爸前年中风过 现在恢复得挺好", "past"),
    ("煤气泄漏报警器多少钱一个 社区有补贴吗", "procedure"),
    ("老年人防跌倒讲座在哪报名", "procedure"),
    ("万一煤气泄漏了怎么办 要打什么电话", "hypothetical"),
    ("要是着火了 我们这栋楼从哪个门跑", "hypothetical"),
    ("如果有人说不想活了 该怎么劝", "hypothetical"),
    ("楼道堆的纸箱子太多了 着火了可不得了", "hypothetical"),
    ("这菜辣得我喘不过气来 哈哈", "idiom"),
    ("看球赛看得我心脏病都要犯了", "idiom"),
    ("烟雾报警器响个不停 原来是没电了", "fault"),
    ("楼下烧烤店天天冒烟 熏得屋里都是味", "fault"),
    ("新闻说外地有个小区煤气爆炸了 好吓人", "news"),
    ("做梦梦见家里着火了 吓醒了", "news"),
    ("没有煤气味 就是灶打不着", "negated"),
    ("不是着火 是楼下在烧烤", "negated"),
    ("老爷子摔了一下 自己爬起来了 没伤着", "safe"),
    ("厨房有煤气味 燃气公司的人来修好了 没味了", "safe"),
])
def test_each_harmless_context_dismisses_the_cue_and_says_why(text: str, reason: str) -> None:
    verdict = assess(text)
    assert verdict.level == "none", verdict
    assert any(item.startswith(reason + ":") for item in verdict.ignored), verdict


def test_the_past_does_not_dismiss_what_still_goes_on() -> None:
    assert assess("昨天开始就有煤气味 现在还有").level == "now"
    assert assess("上次说的那个漏水 现在变成喷水了").level == "urgent"


def test_a_self_report_of_being_fine_does_not_dismiss_self_harm() -> None:
    assert assess("我不想活了 你们别管我 我没事").kind == "self_harm"
    assert assess("我不想活了 开玩笑的").level == "none"


# --- contacts and staff: notes about an elder ---------------------------------------------

@pytest.mark.parametrize("text", [
    "已经上门看过了 大爷睡着了 没事",
    "老人已经送医院了 家属陪着",
    "电梯里的人已经救出来了 都没事",
    "叫醒了 她就是睡得太死",
    "上门了 大爷说中午喝了点酒睡得沉 叫了几声就醒了",
    "老太太摔的那下不重 已经扶起来了 在沙发上坐着",
])
@pytest.mark.parametrize("speaker", ["contact", "staff"])
def test_safe_notes_from_contacts_and_staff_are_not_danger(text: str, speaker: str) -> None:
    assert assess(text, speaker=speaker).level == "none"  # type: ignore[arg-type]


def test_a_note_about_an_elder_in_danger_is_about_someone_else() -> None:
    verdict = assess("上门发现老人摔在地上 自己起不来", speaker="staff")
    assert (verdict.level, verdict.kind, verdict.subject) == ("now", "fall", "other")
    verdict = assess("到了 她躺在床上 拍她也没反应 呼吸很弱", speaker="contact")
    assert (verdict.level, verdict.kind, verdict.subject) == ("now", "unconscious", "other")


def test_a_place_in_danger_stays_danger_when_the_person_is_fine() -> None:
    verdict = assess("老人家里水管爆了 水淹到客厅 人没事 在门口等", speaker="contact")
    assert (verdict.level, verdict.kind) == ("urgent", "burst_pipe")


# --- the whole own set ---------------------------------------------------------------------

def _decide(message: dict[str, Any]) -> Verdict:
    return assess(message["text"], speaker=message["speaker"])


def test_the_own_set_is_well_formed() -> None:
    messages = _set()
    assert len(messages) >= 320
    danger = [m for m in messages if m["level"] != "none"]
    assert abs(len(danger) - (len(messages) - len(danger))) <= len(messages) // 10
    for kind in KINDS:
        assert sum(m["kind"] == kind for m in danger) >= 12, kind
    assert len({m["text"] for m in messages}) == len(messages)


@pytest.mark.parametrize("path", [DANGER_SET, PROBES], ids=["own_set", "probe_rounds"])
def test_recall_is_at_least_99_percent_with_at_most_3_percent_false_alarms(path: Path) -> None:
    messages = _set(path)
    now = [m for m in messages if m["level"] == "now"]
    urgent = [m for m in messages if m["level"] == "urgent"]
    none = [m for m in messages if m["level"] == "none"]
    missed = [m["text"] for m in now if _decide(m).level != "now"]
    missed += [m["text"] for m in urgent if _decide(m).level == "none"]
    alarms = [m["text"] for m in none if _decide(m).level == "now"]
    assert len(missed) <= 0.01 * (len(now) + len(urgent)), missed
    assert len(alarms) <= 0.03 * len(none), alarms


# --- the first words -----------------------------------------------------------------------

def test_every_kind_has_first_words_of_three_to_five_short_lines() -> None:
    texts = yaml.safe_load((RESPONSES / "safety.yml").read_text(encoding="utf-8"))
    for key in [f"safety_{kind}" for kind in KINDS] + ["safety_unknown"]:
        lines = texts[key].strip().splitlines()
        assert 2 <= len(lines) <= 5, key
        assert all(len(line) <= 50 for line in lines), key


def test_safety_response_keys_are_unique_across_all_response_files() -> None:
    seen: dict[str, str] = {}
    for path in sorted(RESPONSES.glob("*.yml")):
        for key in yaml.safe_load(path.read_text(encoding="utf-8")) or {}:
            assert key not in seen, f"{key} in {seen.get(key)} and {path.name}"
            seen[key] = path.name


@pytest.mark.parametrize(("key", "number"), [
    ("safety_fire", "119"), ("safety_medical", "120"), ("safety_stroke", "120"),
    ("safety_unconscious", "120"), ("safety_lift", "96333"), ("safety_self_harm", "12356"),
    ("safety_self_harm", "010-82951332"), ("safety_violence", "110"), ("safety_gas", "119"),
    ("safety_missing", "110"),
])
def test_the_first_words_give_the_right_numbers(key: str, number: str) -> None:
    texts = yaml.safe_load((RESPONSES / "safety.yml").read_text(encoding="utf-8"))
    assert number in texts[key]


# --- what is still urgent, and why a cue was dismissed ------------------------------------

def test_self_harm_and_violence_that_are_not_now_stay_urgent() -> None:
    note = "老太太说她不想活了是随口说的 情绪还好 我陪她聊了一会"
    assert (assess(note, speaker="contact").level, assess(note, speaker="contact").kind) == (
        "urgent", "self_harm")
    assert assess("有时候觉得活着挺没劲的 不过孙子来了就好了").level == "urgent"
    assert assess("投诉 楼上夫妻天天打架 吵得不行").level == "urgent"


def test_a_thought_of_ones_own_death_as_a_relief_is_urgent_even_as_a_supposition() -> None:
    verdict = assess("我最近经常想 我要是死了 孩子们是不是就轻松了")
    assert (verdict.level, verdict.kind) == ("urgent", "self_harm")
    assert assess("要是他死了 这房子归谁").level == "none"


def test_a_hurt_after_a_note_that_all_was_well_keeps_the_danger() -> None:
    assert assess("奶奶早上摔了一下 现在能走 但膝盖肿了").level != "none"
    assert assess("我妈下午摔了一下 当时没事 现在说头疼 有点想吐").level == "now"
    assert assess("奶奶早上摔了一下 现在能走 没事了").level == "none"


def test_fine_until_just_now_is_when_it_began_not_a_safe_note() -> None:
    verdict = assess("老爷子左边手脚都不得劲了 刚吃饭还好好的")
    assert (verdict.level, verdict.kind) == ("now", "stroke")
    assert assess("我爸刚才摔了一跤 人好好的").level == "none"


def test_a_past_time_in_the_clause_before_makes_the_event_past() -> None:
    assert assess("昨天晚上停电 电梯困了一会儿 今天好了吗").level == "none"
    assert assess("昨天晚上停电 现在电梯困住了 我在里面").level == "now"


def test_self_harm_laughed_off_is_not_danger_unless_it_is_said_to_be_true() -> None:
    assert assess("这个月又胖了五斤 我不活了 哈哈").level == "none"
    assert assess("我不想活了 哈哈 真的").level == "now"


def test_a_burst_pipe_stays_urgent_after_the_valve_is_closed() -> None:
    verdict = assess("楼上装修 电钻打穿了水管 现在已经关了总阀 什么时候能修")
    assert (verdict.level, verdict.kind) == ("urgent", "burst_pipe")


@pytest.mark.parametrize("text", ["水管爆了 水哗哗的 快来人啊",
                                  "暖气片漏水了 滋滋往外冒水 快来人啊",
                                  "暖气片漏水了 滋滋往外冒水"])
def test_a_cry_for_help_over_a_burst_pipe_stays_urgent(text: str) -> None:
    """快来人 over water pouring out: still no one's life at risk (the repair follows), and
    滋滋 of water hissing out is no spark."""
    verdict = assess(text)
    assert (verdict.level, verdict.kind) == ("urgent", "burst_pipe")


@pytest.mark.parametrize("text", ["插座进水了 滋滋冒火花", "水漫到插座那儿了 滋滋响",
                                  "水管爆了 我滑倒了起不来 快来人"])
def test_water_with_sparks_or_a_fall_is_still_danger_now(text: str) -> None:
    assert assess(text).level == "now"


def test_a_bare_call_for_help_is_danger_of_no_known_kind() -> None:
    verdict = assess("救命啊 快来人")
    assert (verdict.level, verdict.kind) == ("now", None)
    assert assess("救命 这题太难了 笑死").level == "none"


def test_the_verdict_says_which_words_it_took_and_which_it_dismissed() -> None:
    harmless = assess("上次着火那栋楼的消防通道又堆满了杂物")
    assert (harmless.cues, harmless.ignored) == ((), ("past:着火",))
    danger = assess("家里漏煤气了😱 咋办")
    assert (danger.cues, danger.ignored) == (("漏煤气",), ())


# -- homophone typos and the learned classifier ------------------------------------------------
def test_homophone_typos_of_danger_words_become_the_words() -> None:
    for typed, meant in (("就命啊", "救命啊"), ("电提卡住了", "电梯卡住了"),
                         ("有人在咋门", "有人在砸门"), ("我不想或了", "我不想活了"),
                         ("我爸好像中封了", "我爸好像中风了"), ("云过去了", "晕过去了")):
        assert fix_homophones(typed) == meant


def test_real_words_that_sound_like_danger_words_stay() -> None:
    for text in ("咱们小区", "咋们小区", "煤气罐没气了", "五楼电梯坏了", "他还没起",
                 "我不想或者说", "快递运到了", "找活干", "孩子从床上掉下来"):
        assert fix_homophones(text) == text


def test_a_typo_of_a_danger_word_is_danger() -> None:
    assert (assess("就命 电提卡主了 我在里面").level, assess("有人在咋门").kind) == (
        "now", "violence")
    assert assess("咋们楼的电梯什么时候修").level == "none"


def test_the_classifier_speaks_only_where_the_patterns_have_no_words() -> None:
    unseen = assess("电梯里的灯灭了 门也不开 怎么办")  # no pattern says a lift is stuck here
    assert (unseen.level, unseen.kind, unseen.cues) == ("now", "lift", ("learned:lift",))
    dismissed = assess("上次着火那栋楼的消防通道又堆满了杂物")
    assert "learned" not in " ".join(dismissed.cues) and dismissed.level == "none"


def test_the_classifier_guess_passes_the_harmless_contexts() -> None:
    news = "新闻说有人在电梯里 灯灭了 门也不开"
    assert learned.guess(prepare(news)).kind == "lift"
    assert assess(news).level == "none"


def test_the_classifier_reads_notes_of_contacts_and_staff_when_surer_and_not_settled() -> None:
    seen = assess("她躺在沙发上 脸色灰灰的 眼睛闭着不睁", speaker="contact")
    assert (seen.level, seen.kind, seen.cues) == ("now", "unconscious", ("learned:unconscious",))
    settled = "电梯里的灯灭了 门也不开 后来修好了 人都出来了"
    assert assess(settled, speaker="staff").level == "none"
    assert assess("她昨天躺在沙发上 脸色发灰 今天好了", speaker="contact").level == "none"


def test_a_bare_call_for_help_keeps_no_kind_unless_the_classifier_is_sure() -> None:
    assert assess("救命啊 快来人").kind is None


def test_the_homophones_pinyin_table_is_pypinyins_cut_to_the_danger_words() -> None:
    table = json.loads(READINGS.read_text(encoding="utf-8"))
    assert table == build_readings(), "rebuild: python -m nlu.safety.training"
    assert "mei" in readings("没") and "qi" in readings("起") and readings("a") == frozenset()


def test_the_learned_weights_were_trained_on_the_danger_sets_as_they_are() -> None:
    weights = json.loads(learned.WEIGHTS.read_text(encoding="utf-8"))
    assert weights["danger_messages"] == training.danger_messages(), \
        "retrain: python -m nlu.safety.training"
    assert learned._model().weights.shape == (len(weights["grams"]), len(weights["classes"]))
    assert learned.guess("") == learned.guess("")  # deterministic, and no text is no danger
    assert learned.guess("").kind == learned.NONE
