"""Ordinary faults of a place's danger words (nlu.safety.context's "fault" reason for gas,
fire, water with power and burst pipes): a smell with another source, a stove that will not
light, a popular event called 🔥, smoke from a harmless source, a new appliance's smell."""

from __future__ import annotations

import re

from nlu.safety import context_words as pat
from nlu.safety.cues import Kind

# water, not gas, from a heating or water valve: 暖气阀门漏水 滴滴答答 (no smell, no hiss)
_WATER_VALVE = re.compile(r"(?:暖气|地暖|水管|水阀|水龙头|分水器|进水|回水|放水|放气阀|"
                         r"水表|热水管)[^ ]{0,8}(?:漏水|滴水|渗水|冒水|往下滴|滴答|跑水|淌水)|"
                         r"(?:漏水|滴水|渗水)[^ ]{0,8}(?:暖气|地暖|水管|分水器)|"
                         r"(?:地暖|分水器|暖气片|暖气管)[^ ]{0,4}漏(?=[^。]*水)")
_GAS_SIGN = re.compile(r"煤气|燃气|天然气|液化气|瓦斯|味|臭|嘶|呲|头晕|恶心|报警器")


def place_fault(kind: Kind, words: str, clause: str, whole: str) -> bool:
    before = clause.split(" ")[0]
    if kind == "gas" and pat.SMELL_ONLY.fullmatch(words) and pat.SMELL_SOURCE.search(whole):
        return True  # a smell with a source that is not gas: 家里有味道是在熬中药
    if kind == "fire" and words.strip() and set(words) <= {"火", " "} \
            and pat.POPULAR.search(whole) and not pat.SPREAD.search(whole):
        return True  # 🔥 for what is popular: 这个活动太火了
    if kind == "fire" and words == "火苗" and pat.STOVE.search(clause) and not pat.SPREAD.search(
            whole):
        return True
    said = clause.replace(" ", words, 1)  # the cue's clause as written
    if kind == "gas" and _WATER_VALVE.search(f"{said} {whole}") \
            and not _GAS_SIGN.search(f"{said} {whole}"):
        return True  # a heating valve that drips water: a repair
    if kind == "gas" and pat.LIGHTING.search(whole) and not pat.STRONG_SMELL.search(whole):
        return True  # a whiff when the stove is lit
    if kind == "gas" and pat.DEVICE.match(clause.split(" ", 1)[-1]) \
            and not pat.SOUNDS.search(clause):
        return True
    if kind == "fire" and words.startswith("火") and words.endswith("大") \
            and pat.COOKING.search(whole) and not pat.SPREAD.search(whole):
        return True
    if kind == "fire" and re.search(r"打火|火花|火星", words) \
            and (pat.USUAL.search(whole) or pat.GONE_AT_ONCE.search(whole)) \
            and not pat.SPREAD.search(whole):
        return True
    if kind == "fire" and (pat.OFTEN.search(before) or pat.NEAR_MISS.search(before)):
        return True
    if kind in ("gas", "fire") and (
            pat.IGNITION.search(clause) or pat.IGNITION.search(said)
            or (re.search(r"报警|烟感|探测", words) and pat.ALARM_FAULT.search(whole)
                and not pat.SMELLED.search(whole) and not re.search(r"焦|烧", whole))):
        return True
    if kind in ("flood_electric", "burst_pipe") and pat.NEAR_MISS.search(before):
        return True
    if kind == "flood_electric" and pat.DRIP.search(whole) \
            and not pat.SOCKET_BURNS.search(f"{said} {whole}"):
        return True  # the air conditioner's drip, unless the socket it reached smokes
    if kind in ("gas", "fire") and "味" in words and pat.NEW_THING.search(whole) \
            and not pat.STRONG_SMELL.search(whole):
        return True  # a new appliance smells of plastic: 热水器有点异味 是新装的塑料味吧
    if kind == "fire" and re.search(r"焦|糊", words) and pat.BURNT_FOOD.search(whole) \
            and not pat.SPREAD.search(whole) and not re.search(r"火|越来越|找不到", whole) \
            and not pat.NOBODY_ANSWERS.search(whole):
        return True  # the pot, not the house: 炖的肉糊了 一股焦味 开窗散散
    if kind in ("gas", "fire") and "味" in words and pat.TRACED.search(whole) \
            and not pat.SPREAD.search(whole):
        return True  # a smell traced to a neighbour's cooking: 找了半天是隔壁在炒辣椒
    if kind == "fire" and pat.BODY_BURN.search(before) and re.search(r"烧|火|烟", words):
        return True  # a mouth burning from spice: 辣得嘴都烧起来了
    if kind == "flood_electric" and (pat.FAR_FROM_POWER.search(whole)
                                     or (pat.EVERY_RAIN.search(f"{said} {whole}")
                                         and not pat.NOW_MARK.search(whole)
                                         and not pat.STILL.search(whole))):
        return True  # the power far away, or water that comes with every rain (a worry)
    smoke_only = kind == "fire" and "烟" in words and "火" not in words
    if smoke_only and pat.THROAT.search(before):
        return True  # a dry throat: 嗓子冒烟
    return smoke_only and bool(pat.HARMLESS_SMOKE.search(whole) or (
        pat.LITTLE_SMOKE.search(whole) and not pat.SMOKE_UNTRACED.search(whole)))
