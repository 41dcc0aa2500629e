"""The name in the words a person gives it with (我叫刘桂芝, 叫我孙阿姨就行, 陈小红 大小的小)."""

from __future__ import annotations

import re

from nlu.names import NAME_LEAD

NAME_TAIL = re.compile(r"(?:就行了?|就好了?|就可以了?|就成|吧|啊|呀|哈|了)?[。！!，,~～\s]*$")


def name_in(text: str) -> str:
    """The name in words that give one: 叫我孙阿姨就行 -> 孙阿姨, 我叫刘桂芝 -> 刘桂芝,
    我姓张 弓长张 叫张丽华 -> 张丽华."""
    text = _unspelled(text.strip())
    last = LAST_CALLED.search(text)
    name = last.group(1) if last else NAME_LEAD.sub("", text)
    return NAME_TAIL.sub("", name).strip()


# 陈小红 大小的小 / 张丽华 弓长张: how a character of the name is written, said after it
SPELLED = re.compile(r"[\s，,]+(?:[\u4e00-\u9fff]{1,4}的|[\u4e00-\u9fff]{2})([\u4e00-\u9fff])"
                     r"[。！!\s]*$")


def _unspelled(text: str) -> str:
    found = SPELLED.search(text)
    if found is not None and found.group(1) in text[:found.start()]:
        return text[:found.start()]
    return text


# the name said last, after other words (我姓张 弓长张 叫张丽华)
LAST_CALLED = re.compile(r"[\s，,。]+(?:我)?(?:叫我|喊我|叫)([\u4e00-\u9fff]{2,4}?)"
                         r"(?:就行了?|吧|啊|呀)?[。！!\s]*$")
