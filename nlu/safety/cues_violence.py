"""Cues of violence to a person now: groped or pushed against a wall, held or tied, cries heard
through a wall, things thrown in a row, the police called. Split from nlu.safety.cues_harm (same
rules: patterns on prepared text, `needs` on the whole message, `weak` only when no other kind
has a cue); nlu.safety.cues reads them right after cues_harm's, in the same order as before.
"""

from __future__ import annotations

from nlu.safety.cue import Cue
from nlu.safety.cue import cue as _cue

VIOLENCE: tuple[Cue, ...] = (
    # groped, or pushed against a wall: 动手动脚 把我推到墙上
    _cue("violence", "now", r"动手动脚|"
         r"把(?:我|她|他|人|孩子|老人)[^ ]{0,3}(?:推|按|摁|顶|压|抵)(?:到|在)[^ ]{0,4}"
         r"(?:墙|门|沙发|床|地|桌|柜|台|栏杆|暖气)"),
    # groped by a stranger: 有个男的一直摸我, 陌生人老往我身上蹭
    _cue("violence", "now", r"(?:一直|老是|总是|老|总|故意|偷偷|使劲)[^ ]{0,2}(?:摸|蹭|贴)(?:着)?"
         r"(?:我|她|孩子|闺女|女儿)|往(?:我|她)身上(?:蹭|贴|摸)",
         needs=r"男的|男人|陌生|不认识|有个人|那人|流氓|他不让|不让我|出不去|躲不开"),
    # a beating with what is at hand: 拿衣架抽孩子, 被他爸用皮带抽 (not 用鞭子抽陀螺, 拿扫把打蟑螂,
    # nor a pain likened to one: 头像被人用棍子打了一下)
    _cue("violence", "now",
         r"(?<!像被人)(?<!像被)(?<!像是被人)(?<!像让人)"
         r"(?:用|拿|抄起)[^ ]{0,3}(?:皮带|腰带|衣架|棍子?|棒子?|鸡毛掸子|掸子|扫把|笤帚|拖鞋|"
         r"藤条|竹条|竹竿|板子|尺子|绳子|鞭子|擀面杖|晾衣杆|电线|衣服架子)[^ ]{0,4}"
         r"(?:抽|打|揍|敲|砸|戳)(?!(?:枣|核桃|蚊子|苍蝇|老鼠|蟑螂|被子|灰|地毯|球|陀螺|虫))",
         r"(?:抽|揍)(?:孩子|小孩|老婆|媳妇|老人|娃|闺女|儿子|女儿)",
         # held by the hair and thrown about: 揪着头发往地上按, 拽着头发往墙上撞
         r"(?:拽|揪|扯|薅|抓)着?[^ ]{0,4}头发[^ ]{0,3}(?:往|打|撞|拖|扇|按|甩)|"
         r"(?:头|脑袋)[^ ]{0,2}往墙上(?:撞|磕)"),
    # a man's shouting or blows heard, and someone crying out in pain or for mercy
    _cue("violence", "now",
         r"(?:老人|老太太?|奶奶|爷爷|老爷子|老头|她|他|孩子|小孩|女的|女人|妈|阿姨)"
         r"[^ 吓笑乐得]{0,3}(?:惨叫|尖叫|哭喊|喊疼|叫疼|求饶|喊救命|呼救|叫(?= |$))",
         needs=r"^(?!.*(?:看球|球赛|比赛|热闹|玩|游戏|唱歌|开心|哈哈|笑|电视|电影))"
               r"(?=.*(?:吼|骂|砸(?:东西|门|碗|杯)|打(?:人|她|他|我|孩子|老人|起来)|摔东西|踹|扇))"
               r"(?=.*(?:听见|听到|里面|屋里|隔壁|门外|门口|"
               r"门锁|反锁|楼上|楼下|对面))"),
    # hair pulled, a head knocked against the wall: 揪着我头发往墙上撞
    _cue("violence", "now",
         r"(?:揪|扯|拽|薅|抓)(?:着|住)?(?:我|她|他|人|老人|孩子|[^ ]{0,3}的)?头发",
         r"(?:把|拿|揪着|抓着|拽着|按着)[^ ]{0,6}(?:往|朝)[^ ]{0,2}(?:墙|地|桌角|门框|柜子)上?"
         r"(?:撞|磕|砸)",
         needs=r"^(?=.*(?:撞|打|拖|往|按|摔|踢|骂|疼|血|不放))(?=.*(?:我|她|他|人|妈|爸|奶|爷|孩子))"),
    # someone getting in from outside: 有人在敲窗户往里爬, 扒着阳台往上爬
    _cue("violence", "now",
         r"往(?:屋|家|房间?|窗)?里(?:爬|钻|翻|闯|挤)|(?:扒|爬|翻)着?[^ ]{0,2}(?:窗户?|阳台|防盗网)"
         r"[^ ]{0,3}(?:往里|往上|进)",
         needs=r"有人|陌生|贼|小偷|坏人|男的|女的|人影|谁"),
    # someone held against their will (a lift that shuts one in is the lift's)
    _cue("violence", "now",
         r"被[^ ]{0,4}(?:绑|捆)(?:在|住|起来)|被[^ ]{0,4}(?:关|锁)在[^ ]{0,6}(?= |$)[^。]*不让",
         r"被[^ ]{0,3}(?:骗子|坏人|传销|陌生人)[^ ]{0,2}(?:关|锁|扣|带走|控制)",
         needs=r"^(?!.*(?:电梯|轿厢))(?=.*(?:人|我|他|她|妈|爸|奶奶|爷爷|老|孩子|女儿|儿子|姐|哥|弟|"
               r"妹))"),
    _cue("violence", "now", r"(?:推|搡)了?(?:我|她|他)(?![们的])(?![^ ]{0,2}(?:推不|不醒|不应|"
                            r"没反应|没醒|不动|没动))", needs=r"摔|倒|骂|打|疼|磕|破|血|伤"),
    # a fight heard through the wall: someone should come soon
    _cue("violence", "urgent", r"(?:摔|砸|扔)东西|吵得[^ ]{0,3}(?:凶|厉害)|"
         r"摔了?[^ ]{0,3}(?:碗|盘子|杯子)",
         needs=r"吵|哭|喊|骂|打"),
    # 报警 is a call to the police, not a device that sounds (烟感报警响了) or alerts (自动报警的
    # 手环, 门磁报警了), nor a call asked not to be made (邻居别报警)
    _cue("violence", "now", r"(?:快|赶紧|马上|帮我)?(?:打|叫|报)[^ ]{0,1}110",
         r"(?<!烟感)(?<!烟雾)(?<!燃气)(?<!煤气)(?<!火灾)(?<!自动)(?<!一键)(?<!别)(?<!不用)(?<!不要)"
         r"(?<!不必)(?<!门磁)(?<!红外)(?<!感应)(?<!传感器)(?<!探头)(?<!设备)(?<!系统)"
         r"报警(?!器|响|声|铃|灯|功能|装置|手环|按钮|系统)",
         # (nor a police call for someone lost: 已报110 请大家帮忙找, the kind is missing)
         # (nor how the police are reached by text, asked: 能用短信报警吗)
         needs=r"^(?!.*(?:帮忙找|帮着找|一起找|大家找|帮忙寻找|(?:短信|微信|网上|在线|文字)"
               r"[^ ]{0,2}报警|"
               r"报警[^ ]{0,4}(?:能|可以|能不能)[^ ]{0,2}(?:发|用)?(?:短信|微信|文字)))",
         weak=True),
)
