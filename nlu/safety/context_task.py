"""救命 said of a task one cannot do, not of danger (nlu.safety.assess drops such a call for
help when no cue of danger is found): 救命 这个表我填不明白, 救命呀 手机的健康码怎么弄出来;
and 救救我 begged of a thing or of heaven, or mimicked (nlu.safety.assess drops the call for
help itself; a pet's or a toy's 救命 is nlu.safety.context's, as for every kind)."""

from __future__ import annotations

import re

from nlu.safety.cues import ALARM

# 救命 said of a task one cannot do (a form, a phone, homework): 救命 这个表我填不明白
TASK_THING = re.compile(r"表|问卷|单子|材料|作业|题|密码|手机|微信|app|码|遥控器|电视|电脑|软件|"
                        r"程序|系统|网上|账号|账户|报销|申请|字|作文|卡")
TASK_STUCK = re.compile(
    r"(?:填|弄|用|做|操作|登录|登陆|看|搞|学|写|算|找|按|点|办)(?:[^ ]{0,2})"
    r"(?:不(?:明白|懂|会|来|对|好|出来|到)|不了)|"
    r"不会(?:弄|用|填|做|操作|写|算|搞|办)?(?= |$)|(?:还是|都|就是|也|老是|总是)不会|"
    r"看不懂|搞不懂|学不会|教教我|太难|好难|难死|谁会(?!来)|"
    r"怎么(?:填|弄|用|操作|下载|登录|登陆|交|办|搞|改|找回|设置|打开|写|做|算|点|攞|拿|弄出来)|"
    r"填了[^ ]{0,3}(?:遍|次)|(?:在|从)哪(?:里|儿)?(?:点|找|弄|填)")


def task_cry(plain: str) -> bool:
    """A call for help whose message names a task and the writer stuck at it."""
    return bool(ALARM.search(plain) and TASK_THING.search(plain) and TASK_STUCK.search(plain))


# begged of a thing or of heaven: 空调快救救我, 老天爷救救我吧
_ADDRESSEE = re.compile(r"(?:空调|风扇|电扇|冰箱|暖气|老天爷?|天哪|天呐|上帝|菩萨|佛祖|观音|"
                        r"神仙|大神|学霸)[^ ]{0,2}$")
# ... or for a thing of the writer's: 救救我的菜, 救救我的发际线
_OWN_THING = re.compile(r"^的(?:菜|花|草|头发|发际线|钱包|工资|股票|基金|作业|论文|手机|电脑|"
                        r"衣服|鞋|车|皮肤|腰包)")
# ... or a word that names a thing (救命神器, 救命稻草, 救命恩人): an advertisement, a saying
_NAMING = re.compile(r"^(?:神器|稻草|之恩|恩人|钱|宝典|产品|仪器|好物)")
# asked how one would do it: 没人在家 怎么呼救
_HOW = re.compile(r"(?:怎么|如何|怎样|咋)$")
# mimicked: 孙子学电视里喊救命 (a parrot or a mynah: context's pets)
_MIMIC = re.compile(r"学[^ ]{0,3}(?:喊|叫)[^ ]{0,2}$")


# 救命 of a game lost, of a delight, of one's looks, of children at play, or the word itself
# shown as text: 我方水晶被推了 救命, 救命 这个蛋糕也太好吃了吧, 说救命 它就打出来救命两个字
_FUN = re.compile(r"水晶|队友|挂机|团战|掉分|上分|排位|送人头|打野|开黑|副本|段位|这把|"
                  r"太(?:好吃|好看|好听|香|甜|可爱|帅|美|好笑|搞笑)|好好(?:吃|看|听)|yyds|"
                  r"发型|刘海|头发|理发|化妆|素颜|"
                  r"(?:小孩|孩子|娃)[^ ]{0,3}(?:在)?玩|闹着玩|过家家|捉迷藏|抓小偷|做游戏|"
                  r"救命(?:这|那)?[两几\d]个字|(?<![气断])绝了")


def cry_of_fun(plain: str) -> bool:
    """A call for help in a message of a game, a delight, one's looks or children's play."""
    return bool(ALARM.search(plain) and _FUN.search(plain))


def cry_of_no_danger(before: str, after: str, said_before: str = "") -> bool:
    """A call for help begged of a thing or of heaven, for a thing, or mimicked (before and
    after: the words of its clause either side of it; said_before: the words before its
    clause, which introduce a cry quoted on its own: 鹦鹉学会了喊 "救命"), or a word naming a
    thing."""
    mimicked = _MIMIC.search(before) or (not before.strip() and _MIMIC.search(said_before))
    return bool(_ADDRESSEE.search(before) or _OWN_THING.match(after) or mimicked
                or _NAMING.match(after) or _HOW.search(before))
