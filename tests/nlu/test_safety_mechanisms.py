"""The safety layer's general mechanisms of issue 13's sixth pass: affairs settled before
leaving are no procedure, a torment of long pain is a grumble, a nap or a distraction is not
unconsciousness, speech gone wrong with a second sign is a stroke, a stroke sign names the kind
beside signs any illness gives, a contact at the door is read like a resident, and what the
writer perceives now ends the news or fear told before it; and those of the seventh pass
(onset as a span of time, plans for tonight, cuts to oneself, 🔥 for what is popular); and
round ten's (a missing elder, a farewell to a spouse who died, dentures and years that explain
a sign)."""

from __future__ import annotations

import pytest

from nlu.safety import assess
from tests.nlu.overruled import params


@pytest.mark.parametrize(("text", "speaker", "level", "kind"), [
    ("我把房子过户给儿子了 再没什么牵挂的了", "resident", "now", "self_harm"),
    ("遗嘱公证也办了 没什么好留恋的", "resident", "now", "self_harm"),
    ("天天腰疼 活着真受罪", "resident", "urgent", "self_harm"),
    ("老伴午睡呢 叫了两声没醒 让他睡吧", "resident", "none", None),
    ("我妈叫不醒 打呼噜声音特别大", "family", "now", "unconscious"),
    ("妈妈说话慢吞吞的 一个字一个字挤 手也抬不高", "family", "now", "stroke"),
    ("我爸喝多了 说话含糊 走路晃", "family", "none", None),
    ("老伴手脚不灵活了 说话含含糊糊像喝醉了一样", "resident", "now", "stroke"),
    ("我爸头晕得站不住 吐了两回 一边手麻", "family", "now", "stroke"),
    ("进门了 老爷子靠在墙角 眼睛半睁 叫他不吭气", "contact", "now", "unconscious"),
    ("电视上刚说完防诈骗 我就听见隔壁有人喊救命", "resident", "now", None),
    ("我奶奶去世前那几天一直叫不醒", "family", "none", None),
    ("热水器有点异味 是新装的塑料味吧", "resident", "none", None),
    ("热水器打不着火 一直咔咔响 有煤气味吗 没有", "resident", "none", None),
])
def test_sixth_pass_mechanisms(text: str, speaker: str, level: str, kind: str | None) -> None:
    verdict = assess(text, speaker=speaker)  # type: ignore[arg-type]
    assert (verdict.level, verdict.kind) == (level, kind), verdict


def test_house_papers_asked_about_are_still_a_procedure() -> None:
    assert assess("房子过户要带什么材料").level == "none"
    assert assess("孩子都成家了 我也没什么牵挂 想报个老年大学").level == "none"


@pytest.mark.parametrize(("text", "speaker", "level", "kind"), [
    # onset said as a span of time: fine until half an hour ago is when it began
    ("我爸说话大舌头了 左边胳膊没劲 半个钟头前还好好的", "family", "now", "stroke"),
    # a plan for tonight beside a life that cannot go on
    ("这日子过不下去了 今晚就结束吧", "resident", "now", "self_harm"),
    ("今天工作就结束了 好累", "resident", "none", None),
    # a cut made to oneself is self-harm, not violence
    ("我用刀划了自己好几道 止不住血", "resident", "now", "self_harm"),
    # gone and nobody would notice, said by a burden
    ("感觉自己是多余的 消失了也没人会发现", "resident", "now", "self_harm"),
    # nearly climbing out of a window is an attempt, not a near miss
    ("刚才我差点从窗户翻出去", "resident", "now", "self_harm"),
    ("差点摔倒 还好扶住了", "resident", "none", None),
    # pills run out are a prescription, a bottle swallowed is not
    ("我爸的安眠药吃完了 社区医院能开吗", "family", "urgent", "medical"),
    ("我把一瓶安眠药全吃完了", "resident", "now", "self_harm"),
    # 🔥 beside what is popular; a leak of something named that is not gas
    ("🔥🔥这个活动太火了 名额还有吗", "resident", "none", None),
    ("🔥🔥 8栋", "resident", "now", "fire"),
    ("电梯里有股味道 谁家倒垃圾漏了", "resident", "none", None),
    ("厨房一股味 好像漏了", "resident", "now", "gas"),
    # a fall long ago with its aspect after the complement (摔下来过); a kick is no fall
    ("我爸年轻时候从脚手架上摔下来过 腰一直不好", "family", "none", None),
    ("疼死我了 刚才脚趾头踢到桌子腿", "resident", "none", None),
])
def test_seventh_pass_mechanisms(text: str, speaker: str, level: str, kind: str | None) -> None:
    verdict = assess(text, speaker=speaker)  # type: ignore[arg-type]
    assert (verdict.level, verdict.kind) == (level, kind), verdict


@pytest.mark.parametrize(("text", "speaker", "level", "kind"), [
    ("奶奶在洗澡 浴室里半天没声音 敲门也不应 门反锁着", "family", "now", "unconscious"),
    ("孩子在厕所玩手机 半天没出来", "resident", "none", None),
    ("吹风机掉进浴缸里了 我女儿还在里面", "family", "now", "flood_electric"),
    ("手机掉进水盆里了 还能修吗", "resident", "none", None),
    ("洗衣机那里一地的水 我刚去拔插头被打了一下", "resident", "now", "flood_electric"),
    ("楼道里那根黄色的管子破了 呲呲往外喷气 味道很臭", "resident", "now", "gas"),
    ("暖气管子往外冒气 嘶嘶的", "resident", "none", None),
    ("我老婆锁在卫生间里 说我再逼她她就死给我看 里面有刀", "resident", "now", "self_harm"),
    ("我打开了煤气 就想睡一觉不醒了", "resident", "now", "self_harm"),
    ("我想打开燃气表看看读数", "resident", "none", None),
    ("我受够了 准备从二十楼跳", "resident", "now", "self_harm"),
    ("孙子从床上跳下来 玩得可开心了", "resident", "none", None),
    ("我老伴一觉醒来 右手右脚都没感觉了", "resident", "now", "stroke"),
    ("老妈手机打不通 邻居说她家门口有股臭味 已经好几天没见她了", "family", "now", "gas"),
    ("门开了 老人躺在卫生间 地上有血 不说话", "contact", "now", "unconscious"),
    ("老人躺在门口晒太阳 好舒服", "resident", "none", None),
    ("快来 三楼 有人倒了", "resident", "now", "unconscious"),
    ("我老伴在厕所蹲着起来就晕了 现在叫不醒", "resident", "now", "unconscious"),
    ("俺娘一下子没了知觉", "family", "now", "unconscious"),
])
def test_seventh_pass_harder_phrasings(text: str, speaker: str, level: str,
                                       kind: str | None) -> None:
    verdict = assess(text, speaker=speaker)  # type: ignore[arg-type]
    assert (verdict.level, verdict.kind) == (level, kind), verdict


@pytest.mark.parametrize(("text", "level", "kind"), [
    ("楼下两帮人在打群架 有人头破了", "now", "violence"),
    ("我被我女婿推下楼梯了 腿疼得站不起来", "now", "violence"),
    ("隔壁家的液化气罐爆了 玻璃都震碎了", "now", "gas"),
    ("气球爆了 吓一跳", "none", None),
    ("我老伴躺床上 嘴里吐白沫 怎么喊都没用", "now", "unconscious"),
    # breathless from a stuck lift's closeness: the lift's words; a pain in the chest: 120's
    ("我被困在电梯里快半个小时了 里面好闷 有点喘不上气", "now", "lift"),
    ("困在电梯里 胸口好疼 喘不上气", "now", "medical"),
    # a tingle from a switch asked about calmly, a spark from a switch
    ("插座开关按一下有点麻手 要不要换", "urgent", "flood_electric"),
    ("开关被打了一下火花 现在不亮了", "none", None),
    # a farewell behind a phone nobody answers, read by the learned part over the urgent cue
    ("我妈发消息说 以后你们自己保重 然后电话就打不通了", "now", "self_harm"),
])
def test_seventh_pass_kinds(text: str, level: str, kind: str | None) -> None:
    verdict = assess(text)
    assert (verdict.level, verdict.kind) == (level, kind), verdict


@pytest.mark.parametrize(("text", "level"), [
    ("等我走了 存折在柜子第二个抽屉里", "now"),
    ("我走了以后谁给我浇花啊 下周去儿子家住半个月", "none"),
    ("明天你们就不用操心我了", "now"),
    ("明天你们就不用管我了 我去女儿家住几天", "none"),
    ("这是最后一顿饭了 吃完我就走", "now"),
    ("最后一天上班了 明天我就走了 去南方", "none"),
    ("我给你们添了太多麻烦 以后不会了", "now"),
    ("孩子留了张纸条 说对不起爸妈 人不见了", "now"),
    ("我看着窗户外面 想着要是掉下去就好了", "urgent"),
])
def test_farewells_said_sideways(text: str, level: str) -> None:
    verdict = assess(text)
    assert verdict.level == level, verdict
    assert verdict.kind == ("self_harm" if level != "none" else None), verdict


@pytest.mark.parametrize(("text", "speaker", "level", "kind"), [
    ("老爷子刚才还在下棋 突然手里的棋子掉了 半边身子歪在椅子上", "contact", "now", "stroke"),
    ("书架歪向一边了", "resident", "none", None),
    ("我老伴下午睡觉 到现在喊不起来 呼噜声很怪", "resident", "now", "unconscious"),
    ("老伴午睡呢 叫了两声没醒 让他睡吧", "resident", "none", None),
    ("孩子从高处掉下来 不哭也不动", "family", "now", "unconscious"),
    ("老人被保姆绑在床上", "family", "now", "violence"),
    ("我妈被骗子关在宾馆里 不让她走", "family", "now", "violence"),
    ("行李被绑在车顶上", "resident", "none", None),
])
def test_seventh_pass_which_kind(text: str, speaker: str, level: str, kind: str | None) -> None:
    verdict = assess(text, speaker=speaker)  # type: ignore[arg-type]
    assert (verdict.level, verdict.kind) == (level, kind), verdict


@pytest.mark.parametrize(("text", "level", "kind"), [
    ("我屋里头起烟了 到处都是 眼睛辣得很", "now", "fire"),
    ("烟囱不起烟了", "none", None),
    ("邻居家有烟往外冒 还有噼里啪啦的声音", "now", "fire"),
    ("有个疯子在小区里见人就咬", "now", "violence"),
    ("老人骑三轮车翻了 压在车底下", "now", "fall"),
    ("钥匙压在垫子下面", "none", None),
    ("地上都是水 插座那边也湿了", "now", "flood_electric"),
])
def test_smoke_bites_and_the_pinned(text: str, level: str, kind: str | None) -> None:
    verdict = assess(text)
    assert (verdict.level, verdict.kind) == (level, kind), verdict


def test_water_kept_from_the_power_is_no_danger_now() -> None:
    assert assess("孩子玩水 把卫生间弄得全是水 插座没碰到").level != "now"


def test_walking_only_with_help_is_no_note_that_all_is_well() -> None:
    verdict = assess("我妈突然走路一直往左边偏 扶着墙才能走", speaker="family")
    assert (verdict.level, verdict.kind) == ("now", "stroke"), verdict
    assert assess("摔了一下 能走 膝盖有点疼").level == "urgent"


def test_a_stopped_lift_said_empty_stays_a_repair() -> None:
    verdict = assess("5号楼1单元电梯停在五楼不动了 里面没人")
    assert (verdict.level, verdict.kind) == ("urgent", "lift"), verdict


# --- round 10: a missing elder, farewells to a spouse who died, what explains a sign -------

@pytest.mark.parametrize(("text", "speaker", "level", "kind"), params([
    ("我爸老年痴呆 下午出门到现在还没回来", "family", "now", "missing"),
    ("奶奶走丢了 她不认识路", "family", "now", "missing"),
    ("我爸出去买菜了还没回来 晚饭帮我订一份", "family", "none", None),
    ("我妈上次走丢了 后来派出所送回来了", "family", "none", None),
    ("小狗走丢了 谁看见了说一声", "resident", "none", None),
    ("老人有点糊涂 出门要有人陪", "family", "none", None),
    ("我爸血糖低了 手抖冒汗 人有点糊涂", "family", "now", "medical"),
    ("老伴走了以后我睡不着 今晚想跟他去", "resident", "now", "self_harm"),
    ("他一个人在天台上 喊他也不下来", "resident", "now", "self_harm"),
    ("儿子在房间里烧炭 门缝有烟", "resident", "now", "self_harm"),
    ("药都攒好了 下个月回老家带给我妈", "resident", "none", None),
    ("女儿说我说话含糊 其实是假牙松了", "resident", "none", None),
    ("我爸腿脚不好 走路有点往一边歪 十几年了", "family", "none", None),
    ("我妈走着走着就往左边倒 扶起来又往左歪", "family", "now", "stroke"),
    ("邻居在朋友圈发了遗言 打她电话不接", "resident", "now", "self_harm"),
    ("真想一头撞死 又把饭烧糊了 哈哈", "resident", "none", None),
]))
def test_round_ten_mechanisms(text: str, speaker: str, level: str, kind: str | None) -> None:
    verdict = assess(text, speaker=speaker)  # type: ignore[arg-type]
    if level == "none":
        assert verdict.level != "now", verdict
    else:
        assert (verdict.level, verdict.kind) == (level, kind), verdict


def test_a_missing_person_is_someone_else() -> None:
    assert assess("我家老头子痴呆 趁我做饭自己开门走了 小区里找遍了").subject == "other"


@pytest.mark.parametrize(("text", "speaker", "level", "kind"), [
    ("我爸在床上抽 叫他不应", "family", "now", "medical"),
    ("老爷子手脚抽搐 叫不醒", "family", "now", "medical"),
    ("发烧到四十度 人都烧糊涂了 叫他不应", "family", "now", "medical"),
    ("我妈这会儿说话跟喝醉了似的 可她没喝酒 手也抖", "family", "now", "stroke"),
    ("爸爸在卫生间把门反锁了 一直不出来 他前几天说活着没意思", "family", "now", "self_harm"),
    ("隔壁的小伙子在阳台外面站着 手抓着栏杆", "resident", "now", "self_harm"),
    ("老人在家开着煤气灶人睡着了 锅都烧干了 满屋子味", "contact", "now", "gas"),
    ("进屋了 厨房灶上的火灭了 气还开着 老太太头晕", "contact", "now", "gas"),
    ("I want to kill myself", "resident", "now", "self_harm"),
    ("我们在学心肺复苏 老师说人晕倒了先看有没有呼吸", "resident", "none", None),
    ("我家的猫吃了老鼠药 在抽搐 附近有宠物医院吗", "resident", "none", None),
    ("楼上家里在烧香 烟有点大 味道飘过来", "resident", "none", None),
    ("水管漏水了 地上有一点水 插座离得远", "resident", "none", None),
    ("刚才好像闻到煤气味 开窗检查了一下 是楼下炒菜的味道", "resident", "none", None),
    ("老人刚睡着 叫了两声没醒 呼吸平稳 明天再问", "contact", "none", None),
    ("the movie was about suicide", "resident", "none", None),
])
def test_round_ten_harder_phrasings(text: str, speaker: str, level: str,
                                    kind: str | None) -> None:
    verdict = assess(text, speaker=speaker)  # type: ignore[arg-type]
    if level == "none":
        assert verdict.level != "now", verdict
    else:
        assert (verdict.level, verdict.kind) == (level, kind), verdict


def test_a_threat_on_a_condition_is_urgent_and_now_once_the_phone_goes_unanswered() -> None:
    threat = "我妈说如果明天我还不回去 她就不活了"
    assert (assess(threat, speaker="family").level, assess(threat, speaker="family").kind) == (
        "urgent", "self_harm")
    verdict = assess(threat + " 刚才电话挂了再打不接", speaker="family")
    assert (verdict.level, verdict.kind) == ("now", "self_harm")


def test_a_bag_caught_in_the_lift_door_is_no_emergency() -> None:
    assert assess("我家电梯门夹了一下购物袋 没夹到人").level != "now"
    assert assess("对面楼有个人坐在窗户外面 腿悬空 好吓人").kind == "self_harm"


@pytest.mark.parametrize(("text", "level", "kind"), [
    ("以后签到不用找我了 我要去一个很远的地方 不回来了", "now", "self_harm"),
    ("这个世界没有值得我留恋的了", "now", "self_harm"),
    ("电梯把我关起来了", "now", "lift"),
    ("我爸的腿肿了又冰又紫 疼得叫唤", "now", "medical"),
    ("我妈感冒了 说话含糊 半边脸麻", "now", "stroke"),
    ("说话不利索是因为感冒嗓子哑了", "none", None),
    ("我要去一个很远的地方旅游 签到暂停一周", "none", None),
    ("电梯把我关起来的噩梦 做了好几次了", "none", None),
])
def test_round_ten_farewells_and_signs(text: str, level: str, kind: str | None) -> None:
    verdict = assess(text)
    if level == "none":
        assert verdict.level != "now", verdict
    else:
        assert (verdict.level, verdict.kind) == (level, kind), verdict
