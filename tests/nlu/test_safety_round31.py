"""The safety layer's types of issue 13's stop 31, each fixed as a type in own words (never a
dev set's): Cantonese time words of the past and 原来系 explanations, an igniter that clicks and
gives no flame, a heating valve that leaks water, a film or a show told in Cantonese, 救命 said
of a task, a safety rule asked in general, a lesson of how to fall; and the danger of the kinds
set 6 missed or misnamed: a child gone off, a forgetful elder past the usual hour with the phone
off, pills taken twice by a muddle (medical), a fall with a head wound lying still (fall), a
sudden loss of consciousness (unconscious)."""

from __future__ import annotations

import pytest

from nlu.safety import assess


@pytest.mark.parametrize("text", [
    # the Cantonese past, explained
    "琴日屋企成陣燶味 原來係個煲滾乾咗 冇事",
    "尋晚聽到隔籬好大聲嗌救命 原來係佢哋睇緊恐怖片",
    "前日部𨋢困咗人 原來係停電 十分鐘就出返嚟",
    "琴朝見到樓下好多煙 點知原來係燒烤",
    "噚日阿爸話胸口痛 睇完醫生話係肌肉拉傷 而家冇事",
    # an igniter that clicks, no flame
    "煤气灶一打就咔嚓咔嚓响 火就是不出来",
    "爐頭撳落去得啲噠噠聲 冇火出",
    "灶打火的时候一直啪啪的 就是没火苗 是不是要换脉冲器",
    "灶头咔咔响但是不出火 也没闻到啥味",
    "燃氣灶點火一直響 火苗上不來",
    # a heating valve leaking water
    "暖气阀漏水了 滴了一盆",
    "暖氣閥門一直滴水 地板都濕咗",
    "暖气片放气阀一直往外冒水 怎么拧紧",
    "地暖阀门那块渗水 把木地板泡了",
    "俺屋暖气阀门滴答滴答漏水 找谁修",
    # a film or a show
    "琴晚套戲有場火燒樓 拍得好真",
    "睇緊部劇 個阿伯中風跌低 我喊到收唔到聲",
    "啱啱睇咗套戲 主角喺𨋢入面困咗成日",
    "呢部戲入面有人煤氣中毒 好恐怖",
    "電視劇入面個女仔被人斬 嚇到我唔敢瞓",
    # 救命 said of a task
    "救命啊 这个表我填了一上午还是不会",
    "救命 微信的密码忘了 怎么找回来",
    "救命呀 孙子的作业题我一道都不会做",
    "救命 这个缴费的app到底在哪点",
    "救命啊 申请材料我看不懂",
    # a safety rule asked in general
    "火警铃响的时候 是该等通知还是直接下楼",
    "为什么着火的时候不能坐电梯",
    "遇到煤气泄漏 为啥不能开灯",
    "發生火災係咪唔可以搭𨋢",
    "烟感报警响了应该先做什么",
    "被困电梯的时候是不是不能扒门",
    # a lesson of how to fall
    "老年大学的太极课教了怎么摔倒不伤骨头",
    "康复师教了一个摔倒以后怎么起身的办法 挺实用",
    "今天讲座讲了怎么防跌倒 我都记下来了",
    "社区防跌倒操什么时候开课",
    "有没有教老人跌倒以后自救的课程",
])
def test_a_near_miss_of_the_types_is_no_alarm(text: str) -> None:
    verdict = assess(text)
    assert verdict.level != "now", verdict


@pytest.mark.parametrize(("text", "kind"), [
    # the look-alikes that are real
    ("琴日開始阿媽就話頭痛 而家叫極都唔醒", "unconscious"),
    ("尋日已經有煤氣味 而家仲大陣咗 好頭暈", "gas"),
    ("灶打不着火 一股很浓的煤气味 头都晕了", "gas"),
    ("燃气阀门漏气 嘶嘶响", "gas"),
    ("我睇緊電視 阿爸突然跌低咗 起唔到身", "fall"),
    ("救命 我填表填到一半 我妈突然倒了 叫不醒", "unconscious"),
    ("火警铃响了 楼道里全是烟 我该往哪跑", "fire"),
    ("上完防跌倒课回来 我妈在楼梯上摔了 起不来", "fall"),
    # a child gone off
    ("娃娃刚刚还在这儿 转个身就不见了 找了一圈都没有", "missing"),
    ("孩子在超市走散了 广播也找了 还是没找到", "missing"),
    ("我外孙在小区玩 现在不见了 到处找不到", "missing"),
    ("細路喺公園玩 一眨眼唔見咗 搵唔到", "missing"),
    ("我孙儿跑出去耍 找不到人了", "missing"),
    ("孙女在院子里耍 现在人不晓得跑哪去了 喊也喊不应", "missing"),
    # a question asked in a real case, not a rule
    ("煤气漏了能开窗吗", "gas"),
    ("楼下着火了 能坐电梯吗", "fire"),
    ("为什么我爸摔倒了不能扶 他起不来", "fall"),
    # a forgetful elder past the usual hour, the phone off
    ("我妈有点健忘 每天六点准回家 今天九点了还没见人 手机关机", "missing"),
    ("老爷子记性差 平常遛弯一小时就回来了 今天三个钟头了还没回 电话也打不通", "missing"),
    ("我爸有阿尔茨海默 人不在家 手机关机 平时这个点早就回来了", "missing"),
    ("外婆脑子糊涂 早上出去到现在没回来 手机落在家里", "missing"),
    ("阿爺認唔到路 平時四點返 而家七點都未返 電話打唔通", "missing"),
    # pills taken twice by a muddle: medical
    ("我爸记混了 降压药又吃了一遍 现在头晕心跳好慢", "medical"),
    ("奶奶记错了 降糖药吃了两次 现在手抖出冷汗", "medical"),
    ("老伴眼花 把药吃重了 心跳很慢 人没劲", "medical"),
    ("阿嫲食錯藥 食多咗幾粒 而家心跳好慢", "medical"),
    ("我妈不记得吃过药 又吃了一次 现在心跳太慢", "medical"),
    # a fall with a head wound, lying still: fall
    ("我爸在卫生间滑倒 头撞到浴缸 躺着不动", "fall"),
    ("老人从床上摔下来 额头流血 一动不动", "fall"),
    ("婆婆跌倒头着地 人躺那儿没动静", "fall"),
    ("阿公喺樓梯跌落嚟 撞親個頭 瞓喺地下唔郁", "fall"),
    ("外公在楼道里摔了一跤 后脑勺磕破了 躺着不动弹", "fall"),
    # a sudden loss of consciousness, shaking: unconscious
    ("我妈突然失去意识 手一直抖", "unconscious"),
    ("老伴刚才突然没了意识 身子发抖", "unconscious"),
    ("我爸一下子意识没了 手还在抖", "unconscious"),
    ("爺爺突然冇咗意識 手腳震", "unconscious"),
    ("奶奶吃着饭突然丧失意识 手在发抖", "unconscious"),
])
def test_danger_of_the_types_is_now_of_its_kind(text: str, kind: str) -> None:
    verdict = assess(text)
    assert (verdict.level, verdict.kind) == ("now", kind), verdict


@pytest.mark.parametrize("text", [
    "暖气管裂了 水一直往外喷",
    "暖气片炸了 热水淌了一地",
    "暖氣喉爆咗 啲水噴到成地都係",
    "地暖管子爆了 水从地板缝里冒出来",
    "暖气管接头崩开了 呲得到处是水",
])
def test_a_burst_heating_pipe_is_urgent(text: str) -> None:
    verdict = assess(text)
    assert (verdict.level, verdict.kind) == ("urgent", "burst_pipe"), verdict
