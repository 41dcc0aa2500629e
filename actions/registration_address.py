"""An address in the words people say it: 3号楼2单元501, 3-2-501, 幸福里小区3幢2门301,
6号搂2单元301 (a typo the NLU reads as a date), 五号楼三单元六零二 (digits after normalize)."""

from __future__ import annotations

import re

from nlu import normalize

DASHED = re.compile(r"(?<![0-9])([0-9]{1,2})\s*(?:号楼|号|栋|幢)?\s*[-－—–]\s*([0-9])\s*"
                    r"(?:单元)?\s*[-－—–]\s*([0-9]{3,4})(?![0-9])")
BUILDING = re.compile(r"(?<![0-9-])([0-9]{1,2})\s*(?:号楼|号搂|号喽|号栋|栋|幢|座|"
                      r"号(?=\s*[0-9]\s*(?:单元|门)))")
# 2单元 / 2门 (天津, 北京: the unit's door), never 门牌 / 门口 / 门禁
UNIT = re.compile(r"(?<![0-9])([0-9])\s*(?:单元|门(?!牌|口|禁|卫|前|外))")
ROOM = re.compile(r"(?:单元|门|号楼|栋|幢)\s*([0-9]{3,4})\s*(?:室|号)?(?![0-9])")


def address_in(text: str) -> dict[str, str]:
    """The parts of an address the words state: building, unit, room (each only when said)."""
    norm = normalize(text)
    dashed = DASHED.search(norm)
    if dashed:
        return {"building": dashed.group(1), "unit": dashed.group(2), "room": dashed.group(3)}
    found: dict[str, str] = {}
    for key, pattern in (("building", BUILDING), ("unit", UNIT), ("room", ROOM)):
        match = pattern.search(norm)
        if match:
            found[key] = match.group(1)
    return found
