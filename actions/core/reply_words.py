"""The words of a reply to a form's question: a skip, a bare no, a cancel, a correction.

One owner for these lists, so that a form, the mailbox's anonymity question and the
registration's phone question read 没有 / 不用了 / 算了不报了 alike. Every function takes the
typed words (simplified or traditional) and says what they are; what a form then does with them
is actions/core/forms.py's business.
"""

from __future__ import annotations

import re

from nlu import normalize

SKIP_WORDS = ("没有", "不用", "跳过", "不需要", "无")
SKIP_BUTTON = ("跳过", "跳過")  # the skip button's word: never the answer to a needed question
# an optional question put aside: 没有照片 / 不会拍 / 电话就不留了 / 不知道 (不对 is a correction;
# 没问题 / 没错 at a read-back are a yes)
SKIPS = re.compile(r"^(?:没有|没(?!问题|错|毛病|意见|啥问题)|无|不用|不需要|跳过|算了|"
                   r"不知道|不清楚|不记得|记不清|忘了|不晓得|说不好|搞不清)|没有?照片|"
                   r"不会[拍弄发用]|拍不|没法拍|不拍|不用拍|别拍|没拍|拍不来|不发照片|暂时没|"
                   r"不用了|不需要|跳过|不留|别留|不想留|就算了|不方便")
# the whole request given up, whatever was asked: 算了不报了 / 取消 / 不办了
CANCELS = re.compile(r"不办了|不报了|不修了|不订了|不要了|不写了|不弄了|不提了|不登记了|不发了|"
                     r"取消|撤销|拉倒|别弄了|不用办了|不需要了")
CORRECTING = re.compile(r"不是|不對|不对|错了|錯了|说错|說錯|记错|記錯|改成|应该是|應該是")
# of two values in a correction, the one said not to be (不是1单元) and the one said to be
# (是2单元 / 改成7栋 / 应该是暖气), by the words just before each
DENIED_BEFORE = re.compile(r"(?:不是|不在|并非|而非|不要)\s*$")
MEANT_BEFORE = re.compile(r"(?:(?<!不)是|改成|改为|换成|應該是|应该是|(?<!不)在)\s*$")
NO_PHOTO = re.compile(r"照片|相片|拍")
GIVE_UP = re.compile(r"^(?:算了|不用了|不用|没事了|好了不用了)")

# A bare no, then nothing but a particle and thanks: 不用了 / 不要啊 / 不用了，谢谢.
_THANKS_TAIL = r"[，,。！!\s]*(?:谢谢|谢了)?[。！!]*$"
# no to a yes-or-no question (要留您的名字吗？不用了): the answer, where a form allows it
BARE_NO_ANSWER = re.compile(r"^(?:不用|不要|不必|不需要|不了|别|甭|不|唔使|唔要|唔好)了?"
                            r"(?:吧|啦|啊|呀)?" + _THANKS_TAIL)
# a bare no at a read-back that offers more (有照片的话直接发过来): the offer declined. Narrower
# than BARE_NO_ANSWER on purpose: 不要 / 不 / 别 at a read-back may refuse the whole request,
# 不用 / 用不着 only refuse what is offered.
DECLINES = re.compile(r"^(?:不用|不必|不需要|用不着|唔使)了?(?:吧|啦|呀)?" + _THANKS_TAIL)


# the request itself said again to go ahead, with nothing new: 订吧 / 那就订吧 / 行 帮我报上吧 /
# 要 订吧 / 中 报上吧 (a yes, then the request)
GO_AHEAD = re.compile(r"^(?:好的?|行|嗯|可以|对的?|要的?|是的?|没错|中|得|那|那就|就|就这样)?"
                      r"[，,。！!\s]*(?:给我|帮我|就)?"
                      r"(?:订|报修|报|登记|预约|约|报名|办|提交|发)(?:上|了|一下|一份)?"
                      r"(?:吧|啊|呀|啦|哈|嘛)?[。！!~\s]*$")


def says_go_ahead(text: str) -> bool:
    """订吧 / 那就訂吧 / 行 帮我报上吧: the request said again, as a yes to its read-back."""
    return bool(GO_AHEAD.match(normalize(text.strip())))


def says_bare_no(text: str) -> bool:
    """不用了 / 不要 / 不用了 谢谢 (唔使 too): no and nothing more."""
    return bool(text) and bool(BARE_NO_ANSWER.match(normalize(text)))


def says_skip(text: str) -> bool:
    """Words that put a question aside (没有, 跳过, 没照片, 电话就不留了; 沒有照片 too)."""
    text = normalize(text) if text else text
    return text in SKIP_WORDS or bool(SKIPS.search(text))


def skips_needed(text: str) -> bool:
    """A bare 跳过 / 没有 to a question that must be answered (not the answer itself)."""
    return len(text) <= 4 and says_skip(text) and not CANCELS.search(text)


def declines(text: str) -> bool:
    """不用 / 用不着 and nothing more: no to what a read-back offers."""
    return bool(DECLINES.match(normalize(text.strip())))


def says_cancel(text: str) -> bool:
    """Words that give the whole request up (不办了, 算了, 取消); 算了 不拍了 gives up only the
    photo."""
    text = normalize(text.strip())  # 不辦了 / 算了 in traditional characters too
    if NO_PHOTO.search(text) and not CANCELS.search(text):
        return False
    return bool(CANCELS.search(text) or GIVE_UP.search(text))


def cancel_words(text: str) -> bool:
    """The explicit cancel words (不订了, 取消) in the text, normalized."""
    return bool(CANCELS.search(normalize(text)))


def meant_value(text: str, found: list[tuple[str, int, int]]) -> str:
    """Of several values of one kind in a correction (value, start, end in the text), the one
    meant: 错了 是3单元 2单元没坏 -> 3; 不是水管 是暖气 -> 暖气; 5号楼 不对 7号楼 -> 7 (else
    the last)."""
    kept = [v for v in found if not DENIED_BEFORE.search(text[max(0, v[1] - 3):v[1]])] or found
    said = [v for v in kept if MEANT_BEFORE.search(text[max(0, v[1] - 4):v[1]])]
    return (said or kept)[-1][0]


def correcting(text: str) -> bool:
    """Words that correct what was said (不对, 记错了, 应该是)."""
    return bool(CORRECTING.search(text))
