"""Person names, found conservatively: a common surname and one or two usual given-name
characters, right after words that introduce a name (我叫 我是 姓名 老伴 网格员 业主 村民 ...)
or standing alone between separators. A name that is also an everyday word (白天 高兴) is not
taken, nor a surname with a title (胡书记, 李市长). After words that give a name whole (我叫,
本人, 住户, 业主 ...) the name is read to the next separator, whatever its characters (我叫邓玲筱,
本人刘平积); every name so given is a person (我叫周捷（户主：周根芳）: two). A name right
before a title (胡雄忠市长) or a deed a complaint charges it with (举报陈愈组织…) is read back from
that word, whatever its characters (cued_names)."""

from __future__ import annotations

import re

SURNAMES_2 = ("欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐",
              "夏侯", "长孙", "宇文", "司徒", "端木")
SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶"
    "程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾"
    "毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关"
    "兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻"
    "祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿"
    "桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝")
GIVEN = set(
    "秀英华玉兰珍芳桂淑凤琴梅霞丽红云莲敏静娟芝翠琼萍燕花荣美洁慧婷雪娜颖艳玲菊香春建国明军伟"
    "强磊勇刚平立志德福生海山庆铁柱宝林成新民永长金文武波涛宏俊杰峰辉鹏超浩亮飞龙光东晓卫忠仁"
    "义礼信智贵富全安祥瑞康健乐家振兴旺才正清洪江河秋冬阳晨佳欣怡雅琳倩欢丹宁嘉佩蓉蕾薇菲彤悦"
    "思博豪斌彬鑫楠涵帆航宇轩昊泽睿昌盛达胜利喜禄寿娥芬芹月珠贞惠媛兵军红梅素凤岩松柏青绍树根"
    "友顺发良贤书义忠孝廷堂振占仲怀景耀继承先锦绣丰茂宪斯君燕雁翔鸿彩霖露蓓琦琪璐瑶琰琛瑜珊"
    "凯旭晖昆仑炳焕烨煜钢铭锋镇钊益恒毅彦卿勤俭朴实升培基坤增坚垚鹤鸣鹃莺凰麟驹骏腾跃桃杏兆"
    "小晓大")
# Given-name characters that are never the whole given name (张小姐 is Miss Zhang, not 张小).
NOT_ALONE = {"小", "大"}  # 刘大柱 is a name, 刘大 (爷 / 妈) is not
# Words that introduce a name (a strong hint), and words a name often follows (a weak one).
NAMING = ("我的名字是", "我的名字叫", "名字是", "名字叫", "我叫", "俺叫", "我是", "俺是", "咱是",
          "本人", "姓名", "名字", "联系人", "住户", "老伴", "我妈", "我爸", "我妈妈", "我爸爸",
          "老太太", "老头", "隔壁", "邻居", "网格员", "楼长", "书记", "队长", "表扬", "表扬一下",
          "感谢", "叫", "业主", "村民", "居民", "市民", "户主", "名叫", "签名", "署名", "反映人",
          "投诉人", "举报人", "来信人", "父亲", "母亲", "丈夫", "妻子", "老公", "老婆", "儿子",
          "女儿", "职工", "员工", "主任", "医生", "护士", "民警", "社工", "志愿者", "保安", "律师")
# Between two names of a list (住户潘桂香、潘立新): the second is a name too.
AND = ("、", "和", "与", "及")
# Words that give a name whole: what follows, to the next separator, is the name (我叫邓玲筱).
GIVES_NAME = ("我的名字是", "我的名字叫", "名字是", "名字叫", "我叫", "俺叫", "名叫", "本人",
              "姓名", "户主", "签名", "署名", "联系人", "反映人", "投诉人", "举报人", "来信人",
              "代表")
# Characters that are never in a given name read whole (本人王某, 本人于今年十月).
NOT_GIVEN = set("某先女氏等们家于是在的了也都和与及年月日今明昨前后")
# A place's name is no person's (万家镇, 黄花镇): the name's last character a place word.
PLACE_END = set("镇村乡区县市城路街园苑湾庄府")
WEAK_BEFORE = ("的", "给", "帮", "找", "号楼", "栋", "单元", "室")
TITLES = ("阿姨", "师傅", "老师", "网格员", "大爷", "大妈", "老爷子", "奶奶", "爷爷", "同志",
          "楼长", "书记", "队长", "经理", "叔", "姐", "哥")
# A title right after a surname: a surname with a title, no name (彭书记, 李市长, 张主任).
OFFICE_TITLES = ("书记", "市长", "县长", "区长", "镇长", "乡长", "村长", "省长", "主任", "局长",
                 "厅长", "处长", "科长", "部长", "所长", "院长", "校长", "站长", "经理", "主席",
                 "委员", "总经理", "董事长", "干事", "组长", "秘书", "先生", "女士", "老板",
                 "医生", "大夫", "律师", "警官", "会计")
# Titles that make the name before them one on their own (第一网格刘芳同志, 钱淑珍阿姨)
NAMING_TITLES = ("同志", "阿姨", "师傅", "老师", "书记", "楼长", "网格员", "大爷", "大妈", "奶奶",
                 "爷爷")
# Everyday words that begin like a name (surname + given-name character).
NOT_NAMES = {"白天", "高兴", "安全", "方便", "明天", "马上", "周末", "时间", "文明", "和平",
             "金华", "江山", "成立", "常年", "平安", "华丽", "东方", "龙凤", "万一", "于是",
             "向前", "全家", "关心", "关键", "江河", "石头", "林子", "黄色", "石山", "毛病",
             "程序", "齐全", "严重", "任何", "孔明", "康复", "宁可", "包括", "车库", "温暖",
             "文化", "景色", "管理", "单位", "连续", "费用", "应该", "和好", "时候", "项目",
             "成功", "和谐", "谷歌", "应当", "明白", "解决", "申请", "路灯", "路面", "房顶",
             "吉祥", "冷清", "甘心", "简单", "尤其", "宫殿", "曲子", "华为", "钱包", "史上",
             "金子", "高楼", "高峰", "全国", "明亮", "明年", "平时", "常常", "向东", "林立",
             "明晚", "明早", "明儿", "明朝", "时刻", "和气", "安静", "全部", "全天", "常见",
             "高龄", "高血", "温度", "文体", "路上", "连着", "何时", "周到", "华灯", "米饭",
             "凌晨", "黎明", "傍晚", "晚上", "夜里", "午后", "早晨", "清晨", "晨练", "黄昏",
             "凌空", "夏天", "冬天", "秋天", "春天", "春节", "冬至", "元旦", "曾经", "明明",
             "余下", "江边", "路边", "高空", "程度", "安装", "华华", "时常", "时长", "时光",
             "阳光", "卫生", "兰花", "宁静", "安宁", "安康", "康乐", "和睦", "金额",
             "宫廷", "安居", "乐业", "常住", "申报", "龙头", "高铁",
             # before a title or a deed (nlu.names.cued_names): offices, roles, manners
             "应发", "严格", "明显", "车辆", "车主", "司机", "房东", "商家", "金融", "周边",
             "周围", "高速", "成为", "车间", "房管", "司法", "林业", "文旅", "应急", "安监",
             "任课", "全体", "高中", "高校", "高级", "高一", "高二", "高三", "武术", "游泳",
             "时代", "车位", "谢谢", "麻烦"}
AFTER_WORDS = ("明天", "今天", "后天", "今年", "今晚", "昨天", "昨晚", "电话", "手机", "住在")
# What follows a place's name, not a person's (我是阳光花园的 is an estate, not 阳光花).
PLACE_AFTER = ("园", "苑", "小区", "城", "村", "路", "街", "镇", "县", "区", "市", "湾", "府",
               "庄", "大厦", "广场", "公司", "医院", "学校", "中学", "小学", "社区", "公寓")
_SIDES = "东南西北"  # 金富北城: a place's name with a side, then a place word
# A name given whole, in answer to "what shall we call you" (actions.registration): the words
# that lead it (我叫 / 叫我 / 本人), stripped, and what shows an answer is no name at all.
NAME_LEAD = re.compile(r"^(?:你|您|大家都|他们都)?(?:就)?(?:叫我|喊我|称呼我|我叫|我是|我姓|本人)")
# what is no name: a greeting, a question, a time, someone else's business
NOT_A_NAME = re.compile(r"你好|您好|在吗|早上好|晚上好|谢谢|吗|？|\?|什么|多少|哪|谁|怎么|电话|"
                        r"的|点|分|上午|下午|晚上|明天|今天|\d")
_SEPARATOR = re.compile(r"[\s,，。:：;；、!！?？()（）\d]")


def _name_at(text: str, i: int) -> str | None:
    """The name starting at i (surname + 1-2 given chars), if one plausibly does."""
    surname = text[i:i + 2] if text[i:i + 2] in SURNAMES_2 else text[i]
    if surname not in SURNAMES and surname not in SURNAMES_2:
        return None
    j = i + len(surname)
    given = ""
    while j < len(text) and len(given) < 2 and text[j] in GIVEN:
        if text.startswith(OFFICE_TITLES, j) or (
                len(given) == 1 and text.startswith(AFTER_WORDS, j)):
            break
        given += text[j]
        j += 1
    name = surname + given
    if (not given or given in NOT_ALONE or given == "家" or name[-1] in PLACE_END
            or name[:2] in NOT_NAMES or name in NOT_NAMES):
        return None  # 蔡家 / 和家属: a family, not a given name
    return name


_HAN = re.compile(r"[\u4e00-\u9fff]+")


def _whole_name_at(text: str, i: int) -> str | None:
    """After 我叫 / 本人 / 户主：…, the name read whole to the next separator (邓玲筱)."""
    surname = text[i:i + 2] if text[i:i + 2] in SURNAMES_2 else text[i]
    run = _HAN.match(text, i)
    if surname not in SURNAMES | set(SURNAMES_2) or run is None:
        return None
    name, end = run.group(0), run.end()
    given = name[len(surname):]
    if not 1 <= len(given) <= 2 or (end < len(text) and not _SEPARATOR.match(text[end])):
        return None
    if (NOT_GIVEN & set(given.removesuffix("家") if len(given) == 2 else given)  # 李展家
            or given.startswith(TITLES + OFFICE_TITLES) or given in NOT_ALONE
            or name[-1] in PLACE_END or name[:2] in NOT_NAMES or name in NOT_NAMES):
        return None
    return name


def _introduced(text: str, i: int, words: tuple[str, ...]) -> bool:
    """Whether one of the words ends right before i (a colon or a space between: 户主：周根芳)."""
    return text[:i].rstrip(" :：").endswith(words)


# Words that ask to be called by a surname and a title (叫我孙阿姨就行 -> 孙阿姨).
CALL_ME = ("叫我", "喊我", "称呼我", "就叫", "我是", "我叫")


def _titled_at(text: str, i: int) -> str | None:
    """孙阿姨 / 老孙 / 小王 at i: a surname with a title, the way neighbours name each other."""
    if text[i] in "老小" and i + 1 < len(text) and text[i + 1] in SURNAMES:
        after = text[i + 2:i + 3]
        return text[i:i + 2] if not after or after not in GIVEN else None
    if text[i] not in SURNAMES:
        return None
    for title in TITLES:
        if text.startswith(title, i + 1):
            return text[i] + title
    return None


# The characters a name or a titled surname can begin with (no other is looked at).
_STARTS = frozenset(SURNAMES | {s[0] for s in SURNAMES_2} | set("老小"))


def find_person(text: str, taken: list[tuple[int, int]], *,
                register: bool = False) -> tuple[int, int, str] | None:
    """(start, end, name) of the first name in normalized text outside the taken spans."""
    found = find_persons(text, taken, register=register)
    return found[0] if found else None


def find_persons(text: str, taken: list[tuple[int, int]], *,
                 register: bool = False) -> list[tuple[int, int, str]]:
    """(start, end, name) of every name in normalized text outside the taken spans: the first
    by any hint, the others only where words introduce them (我叫周捷（户主：周根芳）), and every
    name a title or a deed follows (胡雄忠市长, 举报陈愈组织…)."""
    cued = cued_names(text, taken)
    found = [hit for hit in _hinted(text, [*taken, *((s, e) for s, e, _ in cued)],
                                    register=register)]
    return sorted([*cued, *found])


def _hinted(text: str, taken: list[tuple[int, int]], *,
            register: bool) -> list[tuple[int, int, str]]:
    found: list[tuple[int, int, str]] = []
    i = 0
    while i < len(text):
        hit = None
        if text[i] in _STARTS and not any(s <= i < e for s, e in taken):
            listed = bool(found) and text[found[-1][1]:i] in AND
            hit = _person_at(text, i, taken, register=register, first=not found or listed,
                             listed=listed)
        if hit is None:
            i += 1
            continue
        found.append(hit)
        i = hit[1]
    return found


def _person_at(text: str, i: int, taken: list[tuple[int, int]], *, register: bool,
               first: bool, listed: bool = False) -> tuple[int, int, str] | None:
    titled = _titled_at(text, i) if text.endswith(CALL_ME, 0, i) else None
    if titled is not None:
        return i, i + len(titled), titled
    whole = _whole_name_at(text, i) if _introduced(text, i, GIVES_NAME) else None
    name = whole or _name_at(text, i)
    if name and not whole and (listed or _introduced(text, i, NAMING)):  # 业主符金屏，
        longer = _whole_name_at(text, i)
        name = longer if longer and longer.startswith(name) else name
    end = i + len(name) if name else i
    if (name is None or any(s < end and i < e for s, e in taken)
            or text.startswith(PLACE_AFTER, end)
            or (text[end:end + 1] != "" and text[end] in _SIDES
                and text.startswith(PLACE_AFTER, end + 1))):
        return None
    if whole or _introduced(text, i, NAMING) or text.startswith(NAMING_TITLES, end):
        return i, end, name
    if not first:
        return None
    right = (end == len(text) or bool(_SEPARATOR.match(text[end]))
             or text.startswith(TITLES + AFTER_WORDS, end))
    if text[:i].endswith(WEAK_BEFORE) and right:
        return i, end, name
    if (i == 0 or _SEPARATOR.match(text[i - 1])) and (right or register):
        return i, end, name
    return None


# A name read back from what follows it: an office or a title (胡雄忠市长, 市委周晖书记,
# 王建国先生) or a deed only a person is charged with in a complaint (举报陈愈组织…, 追究林果雨
# 共同犯罪, 李云巧等五人). The name is the surname and one or two characters of any kind, so
# rare given names count too; a surname with a title alone (胡书记) is never one.
TITLE_CUE = re.compile(r"副?(?:市长|县长|区长|镇长|乡长|省长|村长|书记|主任|局长|厅长|处长|科长|"
                       r"部长|所长|院长|校长|站长|组长|队长|厂长|园长|馆长|行长|会长|社长|主席|"
                       r"董事长|总经理|经理|老师|同志|同学|警官|法官|律师|会计|支书|教授|工程师|"
                       r"记者|医生|先生|女士)(?!师?事务所|办公室|信箱|热线|专线|接待日|资格)"
                       r"(?!(?<=长)(?:期|久|远|达|时间|度|短|年))")  # 小区长期 / 开会长达
DEED_CUE = re.compile(r"等(?:[一二三四五六七八九十几多\d]+)?[人位名]"
                      r"|组织(?!关系|部|生活|架构|机构|结构|形式|者)|共同|违规|违法|违章|私自|擅自|"
                      r"强行|拖欠|欠[我款钱他她]|霸占|侵占|殴打|辱骂|威胁|诈骗|非法|依法|一家|夫妇|"
                      r"夫妻")
# A title names a place's head after a place (长沙市长, 黄兴镇长): a two-character name before
# one is taken only after the office's own words (市政府王伟市长, 县委李明县长).
PLACE_TITLES = ("市长", "县长", "区长", "镇长", "乡长", "省长", "村长")
# What may stand right before a name a title follows: an office or a place (市委, 政府, 街道),
# a verb or a preposition (感谢, 找, 向, 给), a list (、和).
BEFORE_TITLED = set("的委府局厅院区县市镇乡村处科部所校会办室组站司社行厂馆道"
                    "谢扬找问请向给对致是叫和跟与及同被让把由系到见诉为方")
# What may stand right before a name a deed follows: the complaint's verb or preposition
# (举报, 追究, 拆除, 为, 对), a role (开办方, 嫌疑人, 开发商, 老板, 站长) or a list.
BEFORE_DEED = ("举报", "检举", "控告", "起诉", "状告", "投诉", "追究", "拘留", "逮捕", "拆除",
               "查处", "处理", "惩处", "严惩", "调查", "为", "对", "让", "被", "把", "由", "与",
               "和", "跟", "同", "向", "人", "方", "商", "老板", "长", "业主", "房主", "户主",
               "车主", "店主", "雇主", "干部", "员", "助理", "、", "及", *NAMING, *OFFICE_TITLES)
# Characters no name read back holds: an office's or a place's, a household's, a masked name's.
NOT_IN_CUED = NOT_GIVEN - {"家", "明"} | set("委副总党团支部局厅处科室所站办会院校司队组务户"
                                              "区县市镇乡村省府店铺厂场馆位员班老作这那些个每各"
                                              "该此其")
# A list word or a preposition that is also a surname: 向李市长 is no 向李 (nor 谢谢周同志
# 谢周, though 谢龙学书记 is a name).
FUNCTION_SURNAMES = set("和向于同")


def cued_names(text: str, taken: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """(start, end, name) of every name right before a title or a deed (see TITLE_CUE)."""
    found: list[tuple[int, int, str]] = []
    for cue, deed in ((TITLE_CUE, False), (DEED_CUE, True)):
        for m in cue.finditer(text):
            hit = _read_back(text, m.start(), deed=deed,
                             place=not deed and m.group(0).endswith(PLACE_TITLES))
            spans = [*taken, *((s, e) for s, e, _ in found)]
            if hit and not any(s < hit[1] and hit[0] < e for s, e in spans):
                found.append(hit)
    return sorted(found)


def _read_back(text: str, end: int, *, deed: bool, place: bool) -> tuple[int, int, str] | None:
    for size in (4, 3, 2):
        start = end - size
        name = text[max(start, 0):end]
        if start < 0 or not _could_be_name(name):
            continue
        before = text[start - 1:start] if start else ""
        if deed:  # 江北违规建筑: a place does what a person is charged with too
            fits = text.endswith(BEFORE_DEED, 0, start)
        elif place and size == 2:
            fits = before in ("委", "府")
        else:
            fits = not before or not _HAN.match(before) or before in BEFORE_TITLED
        if fits:
            return start, end, name
    return None


def _could_be_name(name: str) -> bool:
    surname = name[:2] if name[:2] in SURNAMES_2 else name[:1]
    given = name[len(surname):]
    if (surname not in SURNAMES and surname not in SURNAMES_2) or not 1 <= len(given) <= 2:
        return False
    if _HAN.fullmatch(name) is None or NOT_IN_CUED & set(given) or name[-1] in PLACE_END:
        return False
    if given == "家" or (name[1] in SURNAMES and (name[0] in FUNCTION_SURNAMES
                                                  or name == "谢" + name[1])):  # 商家, 万家
        return False
    return name not in NOT_NAMES and name[:2] not in NOT_NAMES and not (
        given[-1] in "小大老" or given.startswith(TITLES + OFFICE_TITLES))  # 谢谢小同志
