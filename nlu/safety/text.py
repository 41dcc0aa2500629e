"""Text preparation for the safety layer: one plain form for every way people type danger.

On top of the NLU's normalization (traditional -> simplified, full-width, typos, numerals) it
rewrites dialect words that carry danger (Cantonese, Shanghainese, Northeastern, Sichuanese)
into Mandarin, fixes typos of danger words that dictation makes, and turns punctuation and
emoji into spaces, which separate clauses. Run-ons without punctuation are cut before words
that start a new thought (但是, 结果, 对了).
"""

from __future__ import annotations

import re
from functools import lru_cache

from nlu.normalize import normalize
from nlu.safety.homophones import WORDS, fix_homophones, fix_slips, fix_spelled_syllables
from nlu.safety.learner import in_chinese, joined_words

# Dialect -> Mandarin, and danger-word typos (wrong -> right). Longer keys are applied first.
REWRITES = {
    # Cantonese
    "唔系": "不是", "系咪": "是不是", "唔": "不", "冇": "没", "咗": "了", "喺": "在", "佢": "他",
    "嘅": "的", "啲": "些", "点算": "怎么办", "点样": "怎么", "边个": "哪个", "屋企": "家里",
    "𨋢": "电梯", "䢂": "电梯", "升降机": "电梯", "火烛": "着火", "晕低": "晕倒",
    "跌低": "摔倒", "起唔到身": "起不来", "透唔到气": "透不过气", "爬唔起": "爬不起",
    "讲嘢": "说话", "返嚟": "回来", "未返": "没回来", "而家": "现在",
    "讲唔到嘢": "说不出话", "讲唔出嘢": "说不出话", "讲唔到话": "说不出话",
    "郁唔到": "动不了", "郁不到": "动不了", "半边面": "半边脸",
    "生存落去": "活下去", "活落去": "活下去",
    "跌亲": "摔伤", "爬唔返起身": "爬不起来", "起唔返身": "起不来", "跌落": "摔下",
    "仆倒": "摔倒", "仆亲": "摔伤", "跳落": "跳下",
    "打交": "打架", "打交道": "打交道", "出晒血": "流了好多血", "插苏": "插座", "水喉": "水管",
    "肚痛": "肚子疼",
    "攰": "累", "要系": "要是", "叫极都": "怎么叫都", "浸": "泡", "都系": "都是", "入面": "里面",
    "乜嘢": "什么", "乜": "什么", "企唔起身": "站不起来", "企唔起": "站不起", "企唔稳": "站不稳",
    "识应": "会应",
    # choking, a bottle drunk, no heart to live, home, a joke (食嘢哽亲, 饮咗成樽药水, 讲笑啫)
    "哽亲": "噎着", "哽住": "噎住", "哽到": "噎到", "哽咗": "噎住了", "食嘢": "吃东西",
    "饮咗": "喝了", "成樽": "一整瓶", "冇心机": "没心思", "返屋企": "回家", "讲笑": "开玩笑",
    "没回莱": "没回来",
    # 鬧 is to scold, 火滾 / 嬲 to be angry: no fight (佢又喺度鬧人)
    "闹人": "骂人", "闹我": "骂我", "闹完": "骂完", "闹紧": "在骂", "火滚": "生气",
    "打紧": "在打", "不打紧": "不要紧",
    "好嬲": "好生气",
    "若果": "如果", "我哋": "我们", "佢哋": "他们",
    # next door, and what is on the stove now (系隔篱烧紧腊肉: 是隔壁在烧腊肉)
    "系隔篱": "是隔壁", "隔篱": "隔壁", "烧紧": "在烧", "煮紧": "在煮", "炒紧": "在炒",
    # Cantonese time words (the past they place an event in), what explains it, a film
    "琴日": "昨天", "寻日": "昨天", "噚日": "昨天", "㖊日": "昨天", "琴晚": "昨晚", "寻晚": "昨晚",
    "噚晚": "昨晚", "㖊晚": "昨晚", "噖日": "昨天", "噖晚": "昨晚", "琴朝": "昨天早上",
    "寻朝": "昨天早上", "前日": "前天",
    # don't worry, only, luckily: 唔使担心 我只系跌咗一跤, 好彩有人帮手
    "唔使": "不用", "净系": "只是", "只系": "只是", "好彩": "幸好",
    "旧年": "去年", "前排": "前阵子", "头先": "刚才", "啱啱": "刚刚", "嗰阵": "那时候",
    "嗰": "那", "𠮶": "那", "原来系": "原来是", "后尾": "后来", "点知": "谁知", "仲": "还",
    "睇": "看", "套戏": "电影", "部戏": "电影", "出戏": "电影", "套片": "电影", "部剧": "电视剧",
    "电视据": "电视剧",
    # a body part's sharp pain is no series (腹部剧痛, 腰部剧烈疼痛)
    "部剧痛": "部剧痛", "部剧烈": "部剧烈",
    # the lift called 梯子 (坐的那部梯子停在半道, 人还在梯子内): a ladder holds no one inside
    "部梯子": "部电梯", "梯子内": "电梯内", "梯子停": "电梯停", "梯子卡": "电梯卡",
    "食咗": "吃了", "食多": "吃多", "食错": "吃错", "食药": "吃药", "食晒": "吃完",
    "跣低": "滑倒", "跣倒": "滑倒", "跣亲": "滑伤", "跣": "滑", "撞亲": "撞伤",
    "喺度": "在那里", "流紧血": "在流血", "仲裁": "仲裁",
    "呢个": "这个", "顶唔顺": "撑不住", "瞓": "睡", "揾": "找", "搵": "找", "阿嫲": "奶奶",
    "俾人": "被人", "俾佢": "被他", "唔郁": "不动", "冇咗呼吸": "没呼吸", "冇咗": "没了",
    # the pipe called 喉 (爆喉, 煤气喉甩咗: the gas hose came off), not the throat (喉咙); a fire
    # and its burnt smell (火烧屋, 燶味), hearsay and the news (听讲, 报导讲)
    "爆喉": "水管爆了", "煤气喉": "煤气管", "石油气喉": "液化气管", "石油气": "液化气",
    "气喉": "气管子", "暖气喉": "暖气管", "甩咗": "脱落了", "火烧屋": "着火", "燶": "糊",
    "㶶": "糊",
    "唞唔到气": "喘不上气", "唞唔切": "喘不过气", "碌地": "在地上打滚", "揿": "按",
    "听讲": "听说", "听讲座": "听讲座", "听讲课": "听讲课", "听讲解": "听讲解",
    "报导讲": "报道说", "报道讲": "报道说", "新闻讲": "新闻说",
    # Hokkien (Minnan)
    "跋倒": "摔倒", "跋落": "摔下", "跋一倒": "摔一跤", "跋": "摔", "阮翁": "我老公",
    "翁拍我": "老公打我",
    "伊翁": "她老公", "予人拍": "被人打", "予人": "被人", "予伊": "被他", "阮": "我",
    "伊拉": "他们", "伊": "他", "袂振动": "动不了", "袂": "不", "毋": "不", "火烧厝": "着火",
    "厝内": "家里", "厝": "家", "佇": "在", "伫": "在", "土跤": "地上", "昏去": "晕过去",
    "喙": "嘴", "无去矣": "不见了", "无去啊": "不见了", "无去了": "不见了",
    "认袂得": "不认得",
    # to kill (刣人, 欲刣: 要杀), is beating (咧拍, 咧扇), one side of the body (一爿身躯)
    "欲刣": "要杀", "刣人": "杀人", "咧拍": "在打", "咧扇": "在打", "一爿": "半边",
    "身躯": "身体",
    # a search (揣无人: found nobody) and its hours (规晡: all afternoon), night fallen (天暗)
    "揣无": "找不到", "揣袂着": "找不着", "揣袂到": "找不到", "规晡": "一下午", "规工": "一整天",
    "规日": "一整天", "规暝": "一整夜", "天暗": "天黑",
    # not back, unclear of mind, today and now (阮阿公头壳无清楚 出去拢无转来)
    "拢无转来": "都没回来", "无转来": "没回来", "未转来": "还没回来", "转来了": "回来了",
    "就转来": "就回来", "会转来": "会回来", "拢无": "都没", "无清楚": "不清楚", "头壳": "头脑",
    "今仔日": "今天", "这马": "现在", "透早": "早上", "暗时": "晚上", "阿嬷": "奶奶",
    "按怎": "怎么", "若是": "如果", "菜市仔": "菜市场",
    "歪去": "歪了", "内底": "里面", "歹去": "坏了",
    # the last week, fine now, afraid that he (顶礼拜跋倒 这马好矣, 惊伊跋倒)
    "顶礼拜": "上礼拜", "顶个月": "上个月", "顶摆": "上次", "好矣": "好了", "惊伊": "怕他",
    # Hakka: I, broken, inside, the chest (𠊎关在肚项, 电梯坏忒, 心肝头痛)
    "𠊎": "我", "毋系": "不是", "坏忒": "坏了", "肚项": "里面", "心肝头": "心口",
    # Shanghainese
    "勿": "不", "朆": "没", "侬": "你",
    "阿拉": "我们", "屋里厢": "家里", "哪能办": "怎么办", "里厢": "里面",
    "关勒": "关在", "困勒": "困在",
    # 拨 is the passive (拨电梯关牢了: 被电梯关住了), 牢 a thing held fast
    "拨电梯": "被电梯", "拨伊": "被他", "关牢": "关住", "困牢": "困住", "轧牢": "卡住",
    "卡牢": "卡住",
    # 睏 (lie) on the floor, 浪(向) (on): 外婆睏勒地浪向 is lying on the floor
    "困勒地": "躺在地", "困了地": "躺在地", "困勒床": "躺在床", "困了床": "躺在床",
    "困勒地浪": "躺在地上", "困了地浪": "躺在地上", "浪向": "上", "地浪": "地上",
    "板浪向": "板上", "板浪": "板上", "床浪向": "床上", "床浪": "床上", "沙发浪向": "沙发上",
    "沙发浪": "沙发上",
    "楼梯浪": "楼梯上", "假使": "如果", "哪能": "怎么", "跌勒": "摔在", "里向": "里面",
    "讲闲话": "说话", "清爽": "清楚", "寻勿着": "找不着", "寻勿到": "找不到",
    "寻不着": "找不着", "寻不到": "找不到", "寻勿见": "找不见",
    # Hakka and Cantonese (寻毋到, 寻唔到), and Shaanxi (额屋里: 我家里)
    "寻毋到": "找不到", "寻毋着": "找不着", "寻唔到": "找不到", "寻唔着": "找不着",
    "额屋里": "我家里",
    # Northeastern and Sichuanese
    "咋整": "怎么办", "木有": "没有", "木得": "没得",
    "俺": "我", "屋头": "家里",
    # a daughter (我姑娘 in the north), a fall from a stool (从板凳上折下来 of Shandong and the
    # northeast)
    "我姑娘": "我女儿", "俺姑娘": "我女儿", "我家姑娘": "我家女儿", "上折下来": "上摔下来",
    "折了个跟头": "摔了个跟头", "折了一跤": "摔了一跤", "咋个": "怎么", "莫得": "没有",
    "遭打": "被打", "遭人": "被人", "遭砍": "被砍", "脑壳": "头",
    "没得反应": "没反应", "没得动静": "没动静", "没得意思": "没意思", "活起": "活着", "嘞": "了",
    "整不醒": "叫不醒", "卡倒": "摔倒",
    "跶了一跤": "摔了一跤", "跶倒": "摔倒", "跶了一下": "摔了一下", "遭车": "被车",
    "遭不住": "受不了", "厥过去": "晕过去", "背过气去": "晕过去", "背过气": "晕过去",
    "不晓得": "不知道", "晓不得": "不知道", "哈喇子": "口水", "哈拉子": "口水", "㖞": "歪",
    # pinyin typed without the characters
    "jiuming": "救命", "jiu ming": "救命", "zhaohuo": "着火", "zhao huo": "着火",
    "shuaidao": "摔倒", "shuai dao": "摔倒", "meiqi": "煤气", "mei qi": "煤气",
    # typos and variants of danger words
    "著": "着", "媒气": "煤气", "煤器": "煤气", "着伙": "着火", "失伙": "失火", "漏起": "漏气",
    "晕到": "晕倒", "昏到": "昏倒", "跌到": "跌倒",
    # prices fall to, not a person (楼价跌到冇朋友, 股票跌到底)
    "价跌到": "价跌到", "票跌到": "票跌到", "基金跌到": "基金跌到", "市跌到": "市跌到",
    "跌到底": "跌到底", "滑到": "滑倒", "起步来": "起不来",
    "喘不上起": "喘不上气", "中疯": "中风", "电体": "电梯", "心口通": "心口痛",
    "胸口通": "胸口痛", "救明": "救命", "燃起味": "燃气味", "煤起": "煤气", "然起": "燃气",
    "嘴外": "嘴歪", "水管暴": "水管爆", "啦": "了", "美气": "煤气", "凶口": "胸口",
    "川不上": "喘不上", "穿不上气": "喘不上气", "不像活": "不想活", "甩倒": "摔倒", "卡主": "卡住",
    "就命": "救命", "招火": "着火", "云倒": "晕倒", "电题": "电梯", "霉气": "煤气", "梅气": "煤气",
    "媒汽": "煤气", "然汽": "燃气", "旧命": "救命", "救名": "救命", "晕道": "晕倒", "摔道": "摔倒",
    "衰倒": "摔倒", "兄口": "胸口", "船不上": "喘不上", "终风": "中风", "中峰": "中风",
    "电踢": "电梯", "不向活": "不想活", "嘴崴": "嘴歪", "婚迷": "昏迷",
    "呼吸困男": "呼吸困难", "晕迷": "昏迷", "打价了": "打架了", "在打价": "在打架",
    "不省人世": "不省人事", "不醒人世": "不省人事", "心藏": "心脏", "人打价": "人打架",
    "白末": "白沫", "窒熄": "窒息",
    # 反映 (a complaint made) typed for 反应 (a response) by pinyin input: 叫他没反映
    "没反映": "没反应", "没有反映": "没有反应", "无反映": "无反应", "毫无反映": "毫无反应",
    "没啥反映": "没啥反应", "没什么反映": "没什么反应", "点反映": "点反应", "反映都没": "反应都没",
    "反映也没": "反应也没",
}
# The harmless reading denied (这次不是误报, 别以为我说着玩): it is real, and no context rule may
# take 误报 or 说着玩 for a note that all is well
_DENIED_SAFE = re.compile(
    r"(?:这次|这回)?(?:不是|没有?|别以为[^ ]{0,3}|并不是|真不是|可不是|绝对不是)(?:在)?"
    r"(?:误报|开玩笑|玩笑|说着玩|虚惊一场|虚惊|演习|演练|闹着玩|骗你们?|假的|瞎说)")
# Emoji that say danger on their own
EMOJI = {"🔥": " 火 ", "🆘": " 救命 ", "🚑": " 救护车 ", "🚒": " 着火 ", "💊": " 药 ",
         "🩸": " 血 ", "🔪": " 刀 ", "🛗": "电梯",
         # a laugh typed as a face is a laugh: 一看数学题就头大 救命啊😂
         **dict.fromkeys("😂🤣😆😹", " 哈哈 ")}
# 🔥 beside what is popular (这个活动太火了🔥) or a dish and a yum face (🍲🔥😋) says nothing of
# a fire
_POPULAR = re.compile(
    r"火爆|爆火|(?:太|好|很|超|最|真)火(?!灾|苗|光|星|势|焰|警|情)|人气|热门|抢手|火锅|好吃|好辣|"
    r"辣得|带劲|绝了|(?:太|好|很|超|真|燃)燃|燃(?:爆|炸|到|起来了)|精彩|过瘾|"
    r"[🍲🍜🍖🍗🥘🍢🍕🍔🥩🍤😋🤤👍💯]")
# a lift called by its place or use (3栋西梯, 1号客梯, 货梯) or its car (梯厢, 轿厢): not 楼梯
# (stairs), 梯子, 梯队; or by 梯 alone where a clause begins or after riding it (梯停了 出不去,
# 坐的梯半路停了)
_SHORT_LIFT = re.compile(r"(?:(?<=[东西南北中号])|(?<![^ ])|(?<=[坐乘搭])|(?<=[坐乘搭]的))"
                         r"梯(?![子田形度队级])|(?<![电楼扶])(?:客|货|消防)梯|"
                         r"(?<!电梯)(?:梯厢|轿厢)")
_REWRITE = re.compile("|".join(re.escape(k) for k in sorted(REWRITES, key=len, reverse=True)))
# Punctuation, symbols and emoji separate clauses; letters, digits and Chinese stay.
_SEPARATOR = re.compile(r"[^\w\u4e00-\u9fff]+")
_NEW_THOUGHT = re.compile(
    r"(?<=\S)(?=但是|可是|结果|后来|对了|顺便|另外|还有就是|还有个事|刚才|刚刚)|"
    # in a long run-on, now and today start what happens now: 我妈有心脏病现在胸口疼得厉害,
    # 以前也这样过但这次叫不醒了, 前几天就骂人今晚直接动手打我
    r"(?<=[\u4e00-\u9fff]{4})(?<![到从直])(?=现在|这次|这回|今天|今早|今晚)|"
    r"(?<=[了的啊呀吧])(?=不过)|"
    # the writer breaking off their own run-on (哎等一下等一下我闻到糊味了): what follows is new
    r"(?<=\S)(?=(?:哎|诶|唉)等(?:一下|等)|等一下等一下)|"
    r"(?:(?<=哎等一下)|(?<=诶等一下)|(?<=唉等一下)|(?<=等一下等一下)|(?<=哎等等)|(?<=诶等等))"
    r"(?=[\u4e00-\u9fff])|"
    # an errand put aside ends its clause: 预约的事先放一下我爸又不见了
    r"(?:(?<=先放一下)|(?<=先放放)|(?<=先放一放)|(?<=等会再说)|(?<=回头再说)|(?<=先不说了)|"
    r"(?<=先不办了)|(?<=先不管了))(?=[\u4e00-\u9fff])")
# 煤 气 漏 了: characters typed one by one
_SPELLED = re.compile(r"(?<![^ ])[\u4e00-\u9fff](?: [\u4e00-\u9fff](?![^ ])){2,}")


def prepare(text: str) -> str:
    """Normalized, Mandarin, lower-case text whose clauses are separated by single spaces."""
    plain = in_chinese(normalize(text).lower())
    plain = _REWRITE.sub(lambda m: REWRITES[m.group()], plain)
    plain = _spelled_in_pinyin(fix_slips(plain))
    plain = _DENIED_SAFE.sub("真的", plain)
    for emoji, words in EMOJI.items():
        popular = emoji == "🔥" and _POPULAR.search(plain)
        plain = plain.replace(emoji, " " if popular else words)
    plain = fix_homophones(fix_spelled_syllables(plain))
    plain = _SHORT_LIFT.sub("电梯", plain)
    plain = _SEPARATOR.sub(" ", plain).replace("_", " ").strip()
    plain = _SPELLED.sub(lambda m: m.group().replace(" ", ""), joined_words(plain))
    return _NEW_THOUGHT.sub(" ", plain).strip()


@lru_cache(maxsize=1)
def _pinyin_words() -> tuple[re.Pattern[str], dict[str, str]]:
    """Every danger word of the homophones typed in toneless pinyin, spaced or run together."""
    spelled = {}
    for word, reading in WORDS.items():
        spelled[reading] = spelled[reading.replace(" ", "")] = word
    keys = sorted(spelled, key=len, reverse=True)
    return re.compile(r"(?<![a-z])(?:" + "|".join(re.escape(k) for k in keys) + r")(?![a-z])"), \
        spelled


def _spelled_in_pinyin(plain: str) -> str:
    """bu xiang huo le, jiuming: a danger word typed in pinyin becomes the word."""
    if not re.search(r"[a-z]{2}", plain):
        return plain
    pattern, spelled = _pinyin_words()
    return pattern.sub(lambda m: spelled[m.group()], plain)


def clause_at(text: str, start: int, end: int) -> tuple[int, int]:
    """The bounds of the clause around text[start:end], widened to hold all of it."""
    left = text.rfind(" ", 0, start) + 1
    right = text.find(" ", end)
    return left, len(text) if right < 0 else right
