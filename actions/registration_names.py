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
    return NAME_TAIL.sub("", _before_address(name)).strip()


# 孟繁华住在3号楼 / 蒋春燕家在6号楼 / 邱立新电话138…: a dictated run-on, the name before
# where she lives (or her number), with no pause between them
ADDRESS_AFTER = re.compile(r"^([\u4e00-\u9fff]{2,4}?)[，,。\s]*(?:我)?"
                           r"(?:住在|住|家住|家在|家是|电话|手机|联系电话|今年)")


def _before_address(text: str) -> str:
    found = ADDRESS_AFTER.match(text)
    return found.group(1) if found else text


# a name said inside a longer message that opens registration (我是新搬来的我叫孟繁华住在…):
# the words that lead it, the strong ones only (我是 leads 新搬来的 as often as a name)
NAME_SAID = re.compile(r"(?:我叫|俺叫|我的名字(?:是|叫)|名字(?:是|叫)|姓名[:：]?"
                       r"|(?<=[的，,\s])(?:叫我|喊我|叫))\s*(?=[\u4e00-\u9fff])")


def name_said(text: str) -> str:
    """The name in a message that says more (an address, a number), "" when none is led."""
    found = NAME_SAID.search(text)
    return name_in(text[found.end():]) if found else ""


# 陈小红 大小的小 / 张丽华 弓长张: how a character of the name is written, said after it
SPELLED = re.compile(r"[\s，,]+(?:[\u4e00-\u9fff]{1,4}的|[\u4e00-\u9fff]{2})([\u4e00-\u9fff])"
                     r"[。！!\s]*$")


# 名字不对 彩虹的虹 张晓虹: a correction with no 是 before it takes only a bare name (how a
# character is written may lead it)
BARE_NAME = re.compile(r"^(?:[\u4e00-\u9fff]{1,4}的[\u4e00-\u9fff][，,。\s]+)?"
                       r"[\u4e00-\u9fff]{2,4}[。！!\s]*$")
# 东西的东 刘东梅: how a character is written, said before the name
SPELLED_FIRST = re.compile(r"^[\u4e00-\u9fff]{1,4}的([\u4e00-\u9fff])[，,。\s]+")


def _unspelled(text: str) -> str:
    first = SPELLED_FIRST.match(text)
    if first is not None and first.group(1) in text[first.end():]:
        return text[first.end():]
    found = SPELLED.search(text)
    if found is not None and found.group(1) in text[:found.start()]:
        return text[:found.start()]
    return text


# the name said last, after other words (我姓张 弓长张 叫张丽华)
LAST_CALLED = re.compile(r"[\s，,。]+(?:我)?(?:叫我|喊我|叫)([\u4e00-\u9fff]{2,4}?)"
                         r"(?:就行了?|吧|啊|呀)?[。！!\s]*$")
