"""Small curated word lists whose hits become classifier features (`kdanger`, `ksymptom`, ...).

A message that says 冒烟 or 起不来 is about danger whatever else it says; the n-grams of the
training data only learn that for the words the data happens to contain. A cue feature per list
lets every word of a list share what the data taught about the others. `knone` marks a message
that hits no in-domain list at all: most chit-chat and questions about the wider world.

Matching is on normalized lower-case text, so the lists hold simplified words (traditional
input was converted before); Latin and digit words (bye, 3q, 88) match only as whole tokens.
"""

from __future__ import annotations

import re
from functools import lru_cache

CUES: dict[str, tuple[str, ...]] = {
    "danger": (
        "着火", "失火", "起火", "火灾", "冒烟", "烧起来", "烧着了", "火苗", "煤气味", "燃气味",
        "漏气", "泄漏", "泄露", "救命", "救救我", "快来人", "来人啊", "起不来", "摔倒", "摔了",
        "跌倒", "晕倒", "昏倒", "昏迷", "不省人事", "叫不醒", "抽搐", "口吐白沫", "喘不上",
        "喘不过", "上不来气", "呼吸困难", "心口疼", "胸口疼", "胸口痛", "流血", "出血",
        "止不住", "困在", "关在", "被困", "出不去", "撬", "小偷", "进贼", "有贼", "抢劫", "打人",
        "砸着", "砸到", "触电", "电着", "跳楼", "往下跳", "中风", "一动不动", "没反应", "没气了",
        "sos", "危险", "要命", "不行了", "快来", "吃错药", "淹", "冒火", "爆炸", "炸了",
    ),
    "symptom": (
        "头晕", "头疼", "头痛", "头昏", "难受", "不舒服", "不得劲", "发烧", "发热", "烧到",
        "咳嗽", "拉肚子", "腹泻", "胃疼", "胃痛", "肚子疼", "腰疼", "腿疼", "膝盖", "关节",
        "血压", "血糖", "恶心", "想吐", "没劲", "乏力", "浑身", "失眠", "睡不着", "没胃口",
        "吃不下", "感冒", "嗓子", "心慌", "胸闷", "气短", "眼花", "眼睛", "耳朵", "耳鸣",
        "牙疼", "痒", "疙瘩", "疼", "痛", "晕", "酸", "麻", "肿", "累", "虚", "病", "药",
    ),
    "broken": (
        "坏了", "坏啦", "坏掉", "弄坏", "整坏", "不亮", "不灵", "失灵", "堵", "漏水", "渗水",
        "跑水", "滴水", "返水", "反水", "漏", "不热", "不出水", "没水", "停水", "没电", "跳闸",
        "不转", "卡住", "断了", "裂", "松了", "掉了", "破了", "不好使", "不管用", "不工作",
        "打不开", "关不上", "关不严", "一闪一闪", "闪", "报修", "维修", "修一下", "修修",
        "来修", "修好", "修理", "师傅", "坏", "黑黢黢", "黑咕隆咚",
        # as letters put a fault: 故障, 破损, 年久失修, 闹罢工, 趴窝, 成了摆设, 没亮过
        "故障", "破损", "失修", "塌陷", "塌了", "脱落", "老化", "生锈", "锈蚀", "爆裂", "爆管",
        "倒灌", "积水", "缺失", "罢工", "趴窝", "摆设", "没亮", "短路",
        # and as board letters put a utility or a road that fails
        "停运", "困人", "异响", "水压低", "水压小", "水压不足", "水压不够", "没有水", "无水",
        "停停断断", "时有时无", "黑灯瞎火", "坑洼", "大坑", "深坑", "垮塌", "坍塌", "下沉",
        "沉降", "外溢", "满溢", "冒水", "无法正常使用", "不能正常使用", "未亮", "破烂", "缺了",
        # and as a subject line names it without a verb of damage (居民的用水问题, 无人检修)
        "用水问题", "用水难", "吃水难", "吃水问题", "饮水难", "断水", "无人检修", "无人维修",
        "没人修", "陈旧",
    ),
    "facility": (
        "灯", "电梯", "水管", "下水", "马桶", "水龙头", "门禁", "单元门", "空调", "充电桩",
        "路面", "燃气", "煤气", "暖气", "屋顶", "房顶", "窗", "门锁", "插座", "电闸",
        "健身器材", "晾衣", "地砖", "楼道", "墙",
        # what board letters name: the utilities and the street's fixtures
        "供水", "自来水", "水压", "管道", "管网", "井盖", "窨井", "排水", "化粪池", "水渠",
        "水库", "河堤", "堤坝", "桥面", "桥梁", "危桥", "护栏", "人行道", "台阶", "扶手",
        "消防栓", "水泵", "垃圾站", "公厕", "消防设施", "消防器材", "灭火器", "用水",
    ),
    "meal": (
        "饭", "餐", "食堂", "菜", "吃", "伙食", "盒饭", "饺子", "面条", "馒头", "汤",
    ),
    "order": ("订", "定", "预订", "报餐", "来一份", "要一份", "留一份", "留饭", "送饭"),
    "cancel": (
        "取消", "不要了", "退订", "退掉", "退一", "不吃了", "不来吃", "不用留", "别留", "停餐",
        "撤销", "不订了", "不用给我", "别给我", "❌", "作废", "去不了", "不去了", "来不了",
        "参加不了", "不参加", "退出", "撤回", "划掉", "去不成",
    ),
    # Asking what was already done: 订了没 / 订上了吗 / 回了吗 / 有回音吗.
    "done": (
        "订了", "订上", "订没订", "订好了", "订成", "订的", "有没有订", "有没有帮我订", "有我的",
        "回了", "回没回", "回复了", "报平安了", "报没报", "有回音", "有回复", "有结果", "有下文",
        "进展", "处理了", "怎么样了", "到哪一步",
        # asking after one's own letter or report as a letter puts it
        "有没有回复", "有没有答复", "有没有收到", "收到了没有", "有没有人在跟进", "研究了没有",
        "有没有消息", "处理情况", "处理结果", "处理意见", "什么进度", "安排了没有", "交了没有",
        "办了没有",
    ),
    "thanks": (
        "谢", "感谢", "多谢", "辛苦", "麻烦你", "麻烦您", "添麻烦", "劳驾", "感恩", "好人",
        "thank", "thanks", "thx", "3q", "3x", "ty", "tks", "xiexie", "🙏", "感激", "费心",
    ),
    "bye": (
        "再见", "拜拜", "bye", "byebye", "88", "886", "see u", "cu", "白白", "回头聊", "先这样",
        "不聊了", "不说了", "走了", "睡了",
        "晚安", "告辞", "你忙", "您忙", "下次聊", "改天聊", "溜了", "不打扰", "先撤", "下线",
        "see you", "回见", "明儿见", "明天见", "后会有期", "挂了",
    ),
    "greet": (
        "你好", "您好", "你们好", "在吗", "在么", "在不在", "有人吗", "有人没", "有人不",
        "早上好", "早安", "晚上好", "下午好", "中午好", "hello", "hi", "嗨", "哈喽", "哈啰",
        "哈罗", "nihao", "zaima", "喂", "👋",
    ),
    "fine": (
        "平安", "挺好", "很好", "没事", "正常", "都好", "好着", "还行", "不错", "硬朗", "放心",
        "安好",
    ),
    "menu_help": (
        "能做什么", "能干什么", "会什么", "会干啥", "能干啥", "能做啥", "怎么用", "咋用",
        "功能", "menu", "help", "帮助", "说明书", "使用说明", "教程", "怎么弄", "选项",
    ),
    "volunteer": ("志愿", "义工", "队", "报名", "参加", "加入", "时长", "时间银行"),
    "event": ("活动", "讲座", "比赛", "联欢", "义诊", "班", "演出", "节", "培训", "开课", "体检"),
    "world": (
        "天气", "下雨", "下雪", "气温", "雾霾", "股票", "基金", "大盘", "理财", "汇率", "利息",
        "彩票", "双色球", "笑话", "故事", "唱", "相声", "电影", "电视剧", "新闻", "明星",
        "总统", "机票", "火车票", "高铁", "旅游", "快递", "外卖", "淘宝", "拼多多",
        "作业", "作文", "数学", "世界杯", "球赛", "足球", "篮球", "算命",
        "星座", "属相", "历史", "地球", "宇宙", "游戏", "抖音", "微博", "网红", "翻译", "英语",
        "单词", "菜谱", "做法", "怎么做", "房价", "律师",
        "对象", "结婚", "离婚", "机器人", "你多大", "你是谁", "傻", "笨", "滚", "破玩意",
    ),
    # Procedures residents ask the community about (faq), whatever else the message says.
    "procedure": (
        "低保", "医保", "社保", "养老金", "认证", "老年卡", "老年证", "敬老卡", "居住证", "暂住证",
        "退休", "残疾证", "残疾人证", "户口", "身份证", "证明", "手续", "材料", "办理", "补办",
        "申请", "审批", "盖章", "窗口", "政务", "补贴", "津贴", "救助", "报销", "参保", "缴费年限",
        "公积金", "落户", "迁户", "户籍", "失业金", "生育津贴", "养老保险", "医疗保险", "优待证",
        "申领", "领取", "流程", "备案", "年审", "政策", "如何办理", "怎么办理", "需要哪些",
        # one's own papers, schooling, licences and exams, asked about in letters (咨询…问题)
        "学籍", "转学", "幼升小", "小升初", "中考", "录取", "分数线", "学费", "档案", "报到",
        "驾驶证", "驾照", "上牌", "牌照", "车管所", "报考", "考试", "资格", "职称", "证书",
        "办证", "改名", "更名", "迁移", "出入境", "护照", "签证", "鉴定", "合作医疗", "新农合",
        "独生子女", "准生证", "生育", "网签", "合同", "抚恤", "工伤", "补偿标准", "交通卡",
        # the terms of the wider world's procedures, as real letters ask them (咨询…问题 over a
        # subsidy, a title deed, a transfer, a rule): without them a question read as feedback
        "程序", "标准", "条例", "规定", "细则", "产权", "过户", "赠与", "继承", "贷款", "发票",
        "税", "组织关系", "公租房", "廉租房", "保障房", "购房券", "购房资格", "人才", "补助",
        "补偿", "法律援助", "危房改造", "两证", "不动产登记", "入户", "就读", "学位",
        "无犯罪", "公证", "社保卡", "营业执照", "许可证", "资质", "退役士兵", "退役军人",
        "转业军人", "转业干部", "优抚",
        # correcting one's papers, cards for the elderly and the disabled, the terms of a
        # land-taking or a clearance (咨询…征地拆迁事项), advice on pests
        "更正", "出生日期", "爱心卡", "优惠卡", "敬老", "拆迁安置", "征地拆迁", "安置房",
        "拆迁政策", "征收政策", "防治",
    ),
    # Matters of the city (bus, metro, schools, planning): the red mailbox passes them on.
    "city": (
        "地铁", "公交", "车站", "学校", "学区", "幼儿园", "小学", "中学", "入学", "开发商",
        "规划", "拆迁", "房产证", "不动产", "医院", "修路", "马路", "红绿灯", "斑马线", "市政",
        "城管", "交警", "派出所", "政府", "街道办", "12345", "噪音", "扰民", "污染", "违建",
        "占道", "摆摊", "物业公司", "业委会",
        "大街", "大道", "主干道", "路段", "公路", "国道", "省道", "县道", "城区", "市区", "县城",
        "乡镇", "高架", "隧道", "天桥", "立交",
        "大桥", "铁路", "快速路", "环路", "环线", "高速", "新区", "片区", "地块", "棚改", "征地",
        "征收", "院区", "机场", "火车站", "高铁站", "汽车站", "快线", "轻轨", "城际", "枢纽",
        "交房", "楼盘", "招生", "扩招", "划片", "过江", "跨江",
    ),
    # The words of a letter to the office: a complaint, a proposal, a request.
    "letter": (
        "尊敬的", "领导", "反映", "投诉", "举报", "建议", "希望", "恳请", "诉求", "相关部门",
        "有关部门", "落实", "整改", "不合理", "解决", "关注", "重视", "呼吁", "强烈", "长期",
        "多次", "至今", "迟迟",
    ),
    # What a letter to the government complains of: a wrong done by a company, a department,
    # a developer or a school (wages owed, pollution, flats not handed over, inaction).
    "grievance": (
        "拖欠", "欠薪", "工资", "工程款", "克扣", "污染", "偷排", "直排", "排放", "废水", "废气",
        "粉尘", "扬尘", "烟尘", "异味", "恶臭", "臭气", "噪声", "烂尾", "逾期", "交房", "停工",
        "不作为", "推诿", "扯皮", "乱收费", "违规", "违法", "非法", "无证", "暗箱", "侵占", "挪用",
        "截留", "骗", "虚假", "跑路", "不退", "霸占", "隐患", "质疑", "为何", "何时", "能否",
        "查处", "整治", "监管", "公司", "厂", "企业", "局", "村委", "镇政府", "县", "ktv",
    ),
    # Neutral or negated uses of trigger words: 不退还, 报名网站, 救救候鸟, 身体还硬朗 但是.
    "but": ("但是", "可是", "就是", "不过", "然而", "只是"),
    # How a message speaks of its topic: a grievance (the benefit is late, the rule unfair, the
    # office sends you back) or a question (how, where, with what, whether). With a procedure
    # or a city matter they tell feedback from faq (see FRAMED); alone they say little.
    "complain": (
        "不合理", "不公平", "不公", "麻烦死", "太麻烦", "繁琐", "折腾", "跑了", "趟", "没到账",
        "未到账", "不到账", "没发", "未发放", "没有发放", "不发", "停发", "停了", "拖欠", "拖了",
        "推来推去", "推诿", "扯皮", "踢皮球", "凭什么", "为什么", "为何", "怎么突然", "怎么又",
        "一直没", "还没有", "还没", "迟迟", "至今", "不给", "不让", "不予", "太严", "太低", "太高",
        "太贵", "太少", "太长", "太慢", "涨价", "一降再降", "负担不起", "交不起", "截留", "克扣",
        "不兑现", "不到位", "无果", "没有结果", "没回音", "没有回音", "说不清", "没人管", "有误",
        "算错", "苛刻", "刁难", "没办法", "办不了", "领不到", "报不了", "申请不上", "没批", "不批",
        "没有保障", "流于形式", "不公开", "气愤", "投诉", "质疑", "恳请", "过问", "讨个说法",
        "给个说法", "不解决", "没解决", "太难", "难办", "被退回", "退回来", "不清楚", "冻结",
        "少了", "降了", "涨了", "只涨", "没怎么涨", "不够", "吃亏",
        "频繁", "不提前通知", "没有提前通知", "没提前通知", "不满意", "无人回应", "没人回应",
        "无人理睬", "不当回事", "互相推", "不统一", "不及时", "没有按时", "未按时", "不能享受",
        "享受不到", "报不上", "超龄",
    ),
    "ask": (
        "请问", "咨询", "想问", "问一下", "问问", "打听", "怎么办理", "如何", "怎么", "咋",
        "哪里", "哪儿", "在哪", "哪个", "需要什么", "需要哪些", "要带", "什么材料", "哪些材料",
        "什么条件", "条件是什么", "能不能", "可不可以", "可以吗", "能否", "是否", "吗", "多少",
        "多久", "什么时候", "何时", "几点", "告知", "方法",
    ),
    # How to defend one's rights (the contract: a letter whose ask is how to pursue a grievance,
    # by what channel, at law, is faq however long the grievance; which office deals with the
    # matter is a question about the matter: feedback, so 哪个部门 / 谁负责 are not here).
    "redress": (
        "维权", "维护自己的权益", "维护我们的权益", "维护合法权益", "维护权益", "什么途径",
        "哪些途径", "什么渠道", "哪些渠道", "哪个渠道", "起诉", "仲裁", "复核",
    ),
    # The writer's own hardship and a plea for relief (request_help, see the contract).
    "hardship": (
        "困难", "负担不起", "交不上", "交不起", "无处可住", "借住", "不能自理", "瘫痪", "癌症",
        "尿毒症", "白血病", "重病", "大病", "失业", "单亲", "无儿无女", "低收入", "欠债", "负债",
        "积蓄", "花光", "撑不下去", "走投无路", "无依无靠", "遭了", "烧没了", "冲垮",
        "孤寡", "五保", "贫困", "特困", "无钱", "没钱", "看不起病", "治不起", "医药费",
        "丧偶", "独自抚养", "尘肺", "职业病", "绝症", "透析", "患病",
    ),
    "plea": (
        "求助", "请求帮助", "请求救助", "给予救助", "给予帮助", "帮帮", "救救我们", "渡过难关",
        "想想办法", "伸出援手", "求求", "救助", "帮扶", "救济", "免费医疗", "免费治疗",
    ),
    # A matter already put right (修好了, 老年卡拿到了): with thanks, the thanks are the message.
    "solved": (
        "修好了", "修好啦", "换好了", "疏通好", "通好了", "弄好了", "搞好了", "解决了", "已经好了",
        "恢复正常", "一切正常了", "办好了", "拿到了", "办下来了", "已经出院", "亮了", "热了",
        "不漏了", "不堵了", "不响了", "填平了", "能用了", "通水了", "来电了", "亮堂",
    ),
    # Praise for the community to pass on (the mailbox): 表扬, 锦旗, 感谢信.
    "praise": (
        "表扬", "锦旗", "感谢信", "转达", "先进", "表彰", "点赞", "学习的榜样", "尽职尽责",
        "认真负责", "任劳任怨",
    ),
    # Something asked for that is not there yet (lights to install, a road to harden, tap water to
    # connect): a proposal for the mailbox, however broken the old state is (the contract).
    "new": (
        "安装", "增设", "加装", "新建", "新装", "新修", "硬化", "修建", "拓宽", "配建", "增加",
        "纳入", "规划", "接通", "通自来水", "安上", "装上", "建一", "修一条", "何时来装",
    ),
    # Money asked for a service or a repair, and how the work was done: a grievance, not a fault.
    "fee": (
        "收费", "交钱", "每户交", "每户再交", "分摊", "摊派", "上门费", "押金", "物业费", "暖气费",
        "停车费", "年检费", "维修费", "维修基金", "要钱", "收钱", "乱收", "态度", "马虎", "敷衍",
        "不负责", "甩脸子",
    ),
}
# A procedure or a city matter read with how it is spoken of: 社保 + 不合理 is a grievance
# (feedback), 社保 + 怎么办理 a question (faq). The pairs are features of their own, so what the
# data teaches about one wording of a grievance carries to the others.
FRAMED = (("procedure", "complain"), ("procedure", "ask"), ("city", "complain"),
          ("city", "ask"), ("done", "city"), ("hardship", "plea"), ("solved", "thanks"),
          ("broken", "fee"))
FRAME_REPEAT = 3
# A grievance without a question is a sentence, not a fragment (年龄不够 in a run-on is a reason).
GRIEVANCE_LEN = 8
# A fault named on a thing (电梯 + 故障, 路面 + 坑洼, 水压 + 不足) is one feature too, and a fault
# nobody has fixed is no grievance (no kcomplain-ask): a board letter's register (反映, 恳请, 县,
# 物业推诿, 至今没修) otherwise outweighed the fault, and formal fault reports read as feedback.
# The work of a repair (报修, 维修了楼梯间, 修好以后, 师傅来修) is no fault; 灯没坏 says there
# is none.
REPAIR_WORK = re.compile(r"报修|维修|修理|修一下|修修|来修|修好|师傅")
NOT_BROKEN = re.compile(r"[没不未无]有?(?:坏|漏|堵)|封堵")
FAULT = "kbroken+facility"
# In a long letter the fault feature counts once more for every 30 characters (up to 6 more): a
# cue repeated a fixed number of times fades under a long background's n-grams (tf-idf is
# normalized over the whole letter); 60 characters a step moved less, 15 no more than 30.
FAULT_STEP, FAULT_EXTRA = 30, 6


# A letter that asks for a thing to be put right (希望尽快修复, 请求整修…人行道, 恳请…把公路修好,
# 对宣传栏进行修缮) asks for a repair whatever its register: real board letters whose subject
# said so read as feedback (0.9+): the thing (公路, 水渠, 宣传栏) is no facility word and 修缮
# no fault word. Building something new (修建, 新修) is not here; nor money for repairs
# (维修基金). Like the fault feature, it counts more in a long letter.
FIX_ASK = re.compile(
    r"(?:希望|请求|恳请|请|望|尽快|尽早|早日|及时|急需|亟需|要求|呼吁|督促|能否|能不能)"
    r"[^,，。!！?？;；]{0,30}?"
    r"(?:修复|修缮|整修|维修(?!基金|费|资金|单位|公司|人员|工)|修好|重修|抢修|修理|检修|疏通|"
    r"翻修|修一修|修一下|修整|补好|填平)")
FIX = "kfix-ask"

# A follow-up on the writer's own earlier matter, as board letters head it: a second or third
# appeal (第二次反映…, 第三次请求…), a violation already confirmed that is still there
# (已认定的违建何时拆除, 定性违章何时拆除), a reply received that did not settle it. 多次反映 and
# 再次写信 are not here: they are how a grievance says it is old, and stay feedback.
_AGAIN = r"(?:第[二三四五六七八九十0-9]+|二)次"
_APPEALS = r"反映|请求|呼吁|投诉|举报|来信|写信|留言|申请|求助|恳请|反应|提出"
# an appeal made again, as a resident writes it (the mailbox files it with its matter)
APPEAL_AGAIN = re.compile(_AGAIN + r"(?:" + _APPEALS + r")")
FOLLOW_UP = re.compile(
    _AGAIN + r"(?:" + _APPEALS + r"|上访)|"
    r"(?:已|已经|早已)(?:被)?(?:认定|查实|定性|确认|核实|鉴定)(?:为|是)?[^,，。!！?？]{0,8}?"
    r"(?:违章|违建|违法|违规|危房)|定性(?:为)?违|"
    r"(?:上次|上一次|前次|之前|此前)(?:的)?(?:回复|答复)|(?:回复|答复)(?:说|称|中说)")
FOLLOW = "kfollow-up"


def fault_repeat(text: str) -> int:
    """How many times a message that names a fault carries the fault feature."""
    return FRAME_REPEAT + min(FAULT_EXTRA, len(text) // FAULT_STEP)


DOMAIN = ("danger", "symptom", "broken", "facility", "meal", "order", "cancel", "thanks", "bye",
          "greet", "fine", "menu_help", "volunteer", "event", "procedure", "city", "letter",
          "done", "grievance", "redress")
_LATIN = re.compile(r"[a-z]")
_HAN = re.compile(r"[\u4e00-\u9fff]")


def _pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    ascii_words = sorted((w for w in words if w.isascii()), key=len, reverse=True)
    other = sorted((w for w in words if not w.isascii()), key=len, reverse=True)
    parts = [re.escape(w) for w in other]
    parts.extend(_whole_word(w) for w in ascii_words)
    return re.compile("|".join(parts))


def _whole_word(word: str) -> str:
    """A Latin word not inside another (bye, not in maybe): its first letter, then the look
    behind it, so every branch starts with a letter and the search skips to those."""
    first = re.escape(word[0])
    return first + r"(?<![a-z0-9]" + first + ")" + re.escape(word[1:]) + r"(?![a-z0-9])"


_PATTERNS = {name: _pattern(words) for name, words in CUES.items()}
# A danger word said not to be there (没有煤气味, 没闻到煤气味, 不是着火) is no danger cue.
_NEGATED = re.compile(r"(?:没有|没|不是|并非|并没有|无|未)(?:闻到|闻着|看到|发现|听到|见)?$")
NEGATED_CUES = ("danger",)


def mask_negated(text: str) -> str:
    """The text with each danger word said not to be there (没有煤气味) replaced by 无险, so
    neither its cue nor its n-grams speak of danger."""
    pattern = _PATTERNS["danger"]
    parts: list[str] = []
    pos = 0
    for m in pattern.finditer(text):
        if _NEGATED.search(text[max(0, m.start() - 6):m.start()]):
            parts.append(text[pos:m.start()] + "无险")
            pos = m.end()
    return "".join(parts) + text[pos:] if parts else text


def _hits(name: str, text: str) -> bool:
    """Whether a list is hit; for the danger list, by a word not negated just before it."""
    pattern = _PATTERNS[name]
    if name not in NEGATED_CUES:
        return pattern.search(text) is not None
    return any(not _NEGATED.search(text[max(0, m.start() - 6):m.start()])
               for m in pattern.finditer(text))


def names_fault(text: str) -> bool:
    """Whether the text names a fault (坏了, 不亮, 漏水, 水压不足), not only the work of a repair
    (报修, 师傅来修) nor a fault said not to be there (灯没坏)."""
    named = REPAIR_WORK.sub(" ", text)
    return not NOT_BROKEN.search(named) and _PATTERNS["broken"].search(named) is not None


def cues(text: str) -> list[str]:
    """The cue features of a normalized lower-case message: one per list it hits, `knone`
    when no in-domain list is hit, and `klatin` / `knohan` for messages without Chinese."""
    return list(_cues(text))


@lru_cache(maxsize=256)  # a parse reads a letter's clauses more than once (nlu.clauses)
def _cues(text: str) -> tuple[str, ...]:
    found = [f"k{name}" for name in _PATTERNS if _hits(name, text)]
    hit = set(found)
    for a, b in FRAMED:
        if f"k{a}" in hit and f"k{b}" in hit:
            found.extend([f"k{a}+{b}"] * FRAME_REPEAT)
    fault = "kfacility" in hit and names_fault(text)
    if fault:
        found.extend([FAULT] * fault_repeat(text))
    fix = FIX_ASK.search(text) is not None
    if fix:
        found.extend([FIX] * fault_repeat(text))
    if FOLLOW_UP.search(text):
        found.extend([FOLLOW] * FRAME_REPEAT)
    if ("kcomplain" in hit and not _asks(text, hit) and len(text) >= GRIEVANCE_LEN and not fault
            and not fix):
        # a grievance, not a short reply; nor a fault nobody has fixed (至今没修, 多次反映)
        found.extend(["kcomplain-ask"] * FRAME_REPEAT)
    if not any(f[1:] in DOMAIN for f in found):
        found.append("knone")
    if not _HAN.search(text):
        found.append("klatin" if _LATIN.search(text) else "knohan")
    return tuple(found)


def _asks(text: str, hit: set[str]) -> bool:
    """Whether the text asks something: 咨询 alone names a letter's kind as 反映 does
    (咨询…问题 heads a grievance as often as a question), so a grievance headed by it is one."""
    if "kask" not in hit:
        return False
    return any(m.group() != "咨询" for m in _PATTERNS["ask"].finditer(text))
