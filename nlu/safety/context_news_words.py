"""The words of news and of what others told (nlu.safety.context): a story from the TV, a video
or somewhere else, a post of the neighbourhood's own group passed on, and what the writer saw
for themselves. Split from nlu.safety.context_words, which keeps the words of the other frames."""

from __future__ import annotations

import re

# where a child goes every day (news words elsewhere: 学校里说..., 同学说...)
CHILD_PLACE = re.compile(r"学校|同学")
# ... or a call made from there (孙子刚从学校打来电话 说...): the place the caller is
ON_THE_WAY = re.compile(r"从(?:学校|幼儿园)"
                        r"(?=[^ ]{0,2}(?:$|一路|一直|跟|到|打[^ ]{0,2}电话|来电))")
# a detector's own push to the phone (报警器通过手机推送说燃气浓度超标): no news push
DEVICE_PUSH = re.compile(r"(?:报警器|探测器|检测仪|探头|传感器)[^ ]{0,6}推送")
NEWS = re.compile(
    # (看电视 说...: what the TV said, told in the clause after)
    r"新闻|电视上|电视里|电视剧|电视 {0,2}(?:讲|说|播)|电影|看[^ ]{0,3}视频|刷到|抖音|快手|网上|"
    r"短视频|"
    # a clip's scene (视频里那个老人), not a video call with one's own (视频里我妈说话不清)
    r"(?:视频|直播间?)(?:里|上|中)的?(?:那个|那位|这个|有个|一个|老人|路人|有人|小孩)|小红书|微博上|"
    # (not a farewell a sister posted: 发了一条遗书一样的朋友圈)
    r"(?<![发条的])朋友圈(?![^ ]{0,2}发)|"
    r"(?<!在)(?<!家族)(?<!家庭)(?<!家人)(?<!亲戚)群里[^ ]{0,4}说|群里那个|群里的|"
    r"(?:那个|这个|个|条|段)视频|有人说|谣言|传言|网传|"
    r"传闻|谣传|听说|(?:都|大家|到处)在?传(?!染)|推送|热搜|主播|直播间|看[^ ]{0,3}寻人启事|"
    # a headline forwarded (转发 震惊 老人独自在家晕倒)
    r"(?:^|转发 )(?:震惊|惊呆|紧急扩散)(?= )|"
    r"某(?:市|地|省|县|区|镇|村|小区)|"
    # (not the paper left at a door: 门口的报纸都没拿)
    r"据说|报道|书上|报纸(?![^ ]{0,3}(?:没拿|没收|没取|没人拿|还在|堆|都在))|"
    r"小说|梦见|梦到|做梦|噩梦|纪录片|节目|公众号|科普文章|"
    # an article passed round (群里转了篇文章 说...)
    r"[篇条个]?[^ ]{0,2}文章(?:里|上|说|讲)?|"
    r"(?<!我在)(?<!人在)(?<!是在)(?<!现在在)(?<!我还在)(?<!我正在)(?:老家|外地|外省|国外|南方|北京)|别的小区|别的城市|其他小区|隔壁小区|游戏|学校|"
    r"隔壁(?:市|县|镇|城)|外市|外县|别的(?:市|县|省|地方)|"
    # (我同学在教室突然倒了: the schoolmate is the one, not the source)
    r"同学(?![^ ]{0,2}(?:在|突然|刚))")
# a group post relayed (群里有人说, 转发说) that names a building of ours, or that the writer
# then saw true: danger here, not news of elsewhere
RELAY = re.compile(r"(?:业主|小区)?群里[^ ]{0,6}(?:说|发|转)|有人[^ ]{0,4}(?:转发|说|发)")
# a post of the neighbourhood's own group passed on (群里有人说, 业主群里的陈姐发了条语音, 转一下
# 群里的话): in a community's app the group is the neighbours', so what it tells is of here
# unless it names elsewhere (隔壁市, 外省, a video of another town: NEWS) or is asked about; not
# a post pointed back to (群里说的那个, 群里那个喊救命的语音): one talked over, often settled
GROUP_POST = re.compile(r"(?<!家族)(?<!家庭)(?<!亲戚)(?<!公司)(?<!同学)(?:业主|小区|楼栋?|邻居|"
                        r"微信|广场舞|舞蹈)?群里(?![^ ]{0,3}那)[^ ]{0,6}(?:说|发|转|喊|"
                        r"的(?:话|[^ ]{1,2}姐|"
                        r"[^ ]{1,2}哥|阿姨|大爷|邻居))")
OURS = re.compile(r"\d+ ?(?:栋|号楼|幢|单元)|我们小区|本小区|我们楼|楼里还有人|"
                  r"(?:一看|看了?一?下)[^ ]{0,2}(?:真的|确实|果然)|确实有")
# the danger as what a video or a post shows, said right after it: 刷到一个燃气爆炸的视频
SHOWN = re.compile(r"^[^ ]{0,6}的(?:短)?(?:视频|文章|帖子|推文|短片)")
# the writer's own home or family named in the cue's clause, or waking to it: what came before
# (新闻说今天降温, 做梦惊醒) is not where it happens
OWN = re.compile(r"我家|我们家|家里|我们楼|我们单元|发现|醒来|惊醒|醒了|"
                  r"我(?:妈|爸|老伴|老公|老婆|奶奶|爷爷|外婆|外公|孩子|儿子|女儿)")
# what the writer saw or whose it is, in a clause after the news: 我闻到, 是我妈
SEEN = re.compile(r"我[^ ]{0,2}(?:闻到|闻见|看到|看见|听到|听见)|"
                  r"我[^ ]{0,2}(?:路过|经过|下楼|出门|进门|回来)[^ ]{0,2}"
                  r"(?:看到|看见|闻到|听到|发现)|"
                  r"亲眼|是我(?:妈|爸|老伴|家)|我在窗")
TOLD = re.compile(r"说|里有|上有|里的|报道|看到|看见")
# what the writer was doing when it happened (看新闻的时候, 我在玩游戏, 从学校回来): not where
# the danger is
ACTIVITY = re.compile(r"我(?:正|还)?在(?:看|玩|刷|听)[^ ]{0,5}|(?:打|玩)着[^ ]{0,2}游戏|"
                      r"[^ ]{0,8}的时候|放学|"
                       r"看(?:报纸|报|电视|新闻)[^ ]{0,2}(?=突然|看着看着)|"
                       # someone was reading or in class when it happened (还在看报纸 忽然...,
                       # 课上一位学员突然晕倒): the paper or the lesson is not what it is about
                       r"(?:正|还|一直)在[^ ]{0,4}看(?:报纸|报|电视|新闻)(?= |$)|"
                       r"课上(?=[^ ]{0,8}突然)(?![^ ]{0,6}(?:讲|教|说|练|示范))|"
                       r"从(?:学校|老家|外地)回来")
