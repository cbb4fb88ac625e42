"""Quantities: numbers with a unit, ranges, percentages and blanked-out numbers.

A quantity is a number (Arabic, or Chinese numerals read with cn2an where a
target verb stands right before them) followed by a unit (%, 亿元, 万人, 兆瓦,
家 ...), optionally a range (6%—6.5%).  A qualifier followed directly by a unit,
or ``*`` in place of digits, is a blanked quantity.
"""

from __future__ import annotations

import re

from jxforecast.targets.extract.candidate import Candidate
from jxforecast.targets.extract.lexicon import Unit, alternation, lexicon
from jxforecast.targets.extract.normaliser import CN_DIGITS, cn_value

_LEX = lexicon()
UNITS: dict[str, Unit] = _LEX.units
UNIT_RE = alternation(sorted(UNITS, key=len, reverse=True))
_NUM = r"\d+(?:\.\d+)?"
# A quantity: number [range] unit.  Chinese numerals are accepted only where a
# qualifier or target verb stands right before them (checked afterwards).
QTY = re.compile(
    r"(?P<num>" + _NUM + r"|[" + CN_DIGITS + r"]+)"
    r"(?:(?P<pct1>%)?\s*(?P<dash>-|—|–|~|至|到)\s*(?P<num2>" + _NUM + r"))?"
    r"(?P<unit>" + UNIT_RE + r")"
)
_BLANK_UNITS = alternation(_LEX.blankable_units)
_BLANK = re.compile(
    r"(?:" + "|".join(f"(?<={re.escape(w)})" for w in _LEX.blank_after) + r")"
    r"(?P<unit>" + _BLANK_UNITS + r")"
    r"|(?P<star>[\d.]*\*+[\d.]*)(?P<unit2>" + _BLANK_UNITS + r")"
)
_CLAUSE_SPLIT = re.compile(r"[,、;:。!?\n|\t]")


def _chinese_value(norm: str, s: int, num: str) -> float | None:
    """Value of a Chinese numeral that a target verb introduces ("新增三家"), else None."""
    ok_before = _LEX.chinese_ok_before
    # only "新增3家"-like Chinese numerals; skip 一批, 两个维护, 十四五, 三大平台 ...
    clause = _CLAUSE_SPLIT.split(norm[max(0, s - 30):s])[-1]
    if not any(norm.endswith(w, max(0, s - len(w)), s) for w in ok_before) and not any(
            clause.startswith(w) for w in ok_before if len(w) >= 2):
        return None
    if num in ("一", "两", "二"):
        return None  # 一支队伍, 两个维护: wording, not quantities
    return cn_value(num)


def _quantity(norm: str, m: re.Match[str]) -> Candidate | None:
    """Make the candidate of one number-unit match, or None when it is not a quantity."""
    s = m.start()
    prev = norm[s - 1] if s else ""
    num = m.group("num")
    if prev and (prev.isascii() and (prev.isalnum() or prev in "._") or prev == "第"):
        return None
    unit_word = m.group("unit")
    value = _chinese_value(norm, s, num) if num[0] in CN_DIGITS else float(num)
    if value is None:
        return None
    if norm.startswith(("级", "元"), m.end()) and unit_word not in ("%",):
        return None  # 百亿级项目, 亿元楼宇 ranks
    unit = UNITS[unit_word]
    high = float(m.group("num2")) if m.group("num2") else None
    if high is not None and m.group("dash") in ("到", "至") and num[0] in CN_DIGITS:
        high = None
    if unit_word == "%" and m.group("dash") and not m.group("pct1") and high is None:
        return None
    c = Candidate(s, m.end(), value * unit.factor, None if high is None else high * unit.factor,
                  unit.id, unit.factor, unit.kind)
    if unit.factor != 1:
        c.notes.append(f"{unit_word} converted to {unit.id} (x{unit.factor:g})")
    return c


def _blanked(norm: str, m: re.Match[str]) -> Candidate | None:
    """Make the candidate of a unit with its number blanked out, or None."""
    unit_word = m.group("unit") or m.group("unit2")
    s = m.start("star") if m.group("star") else m.start()
    if m.group("star") is None and s and norm[s - 1].isdigit():
        return None
    if m.group("star") is None and re.match(r"[\u4e00-\u9fff]", norm[m.end():m.end() + 1]) and not \
            norm.startswith(("以上", "以内", "左右"), m.end()):
        return None  # "超亿元项目": 亿 is the number (one hundred million), a size class
    unit = UNITS[unit_word]
    c = Candidate(s, m.end(), None, None, unit.id, unit.factor, unit.kind, status="blanked")
    c.notes.append("number blanked out in the document")
    return c


def find_quantities(norm: str) -> list[Candidate]:
    """Every quantity of the text, in order of position.

    Parameters
    ----------
    norm
        Normalised text.

    Returns
    -------
    list of Candidate
        Numbers with units and blanked quantities, sorted by start (stable).
    """
    out = [c for c in (_quantity(norm, m) for m in QTY.finditer(norm)) if c is not None]
    out += [c for c in (_blanked(norm, m) for m in _BLANK.finditer(norm)) if c is not None]
    out.sort(key=lambda c: c.start)
    return out
