"""Parse the wording of one target clause: "增长6%左右" → (``~``, 6.0).

This reads the *number and qualifier* of a single clause, as typed on the
command line or a notebook parameter; finding targets in a whole document is
the extractor's job.  Accepted forms include::

    6  6.5  "6%"  增长6%左右  6%以上  不低于6%  不少于6%  超过6%  控制在3.5%以内  3%以内
    确保6%以上、力争8%  6%—6.5%  6-6.5%  达到3.55%  与经济增长同步  下降4%
    >=6  <=3.5  ~6
    and the same in traditional characters or full-width forms (確保６％以上、力爭８％).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from jxforecast.errors import TargetError

_NUM = r"(-?\d+(?:\.\d+)?)"
_DASH = r"\s*(?:-|—|–|－|~|～|至|到)\s*"


@dataclass(frozen=True)
class ParsedTarget:
    """The operator and numbers read from a clause."""

    operator: str
    value: float | None
    value_high: float | None = None
    decline: bool = False
    unit_text: str = ""  # a unit written after the number (亿元, 万人, 个 …), "" for % or none


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", str(text)).strip()
    if any("\u4e00" <= ch <= "\u9fff" for ch in text):
        import opencc  # traditional wording (確保6%以上、力爭8%) reads like simplified

        text = opencc.OpenCC("t2s").convert(text)
    return text.replace("％", "%").replace(" ", "")


def parse_target_text(text: str | float | int) -> ParsedTarget:
    """Read operator and value(s) from a target's wording.

    Parameters
    ----------
    text
        The clause, e.g. ``"增长6%左右"``, ``"确保6%以上、力争8%"`` or a bare number
        (read as "around": ``~``).

    Returns
    -------
    ParsedTarget

    Raises
    ------
    TargetError
        When no operator and number can be read.
    """
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        return ParsedTarget("~", float(text))
    raw = str(text)
    if len(raw) > 200:
        raise TargetError(f"The target text is {len(raw):,} characters long; give one clause such as "
                          "'增长6%左右' (use `jxforecast targets extract` for a whole document).")
    if re.search(r"\d\s+-?\d", unicodedata.normalize("NFKC", raw)):
        raise TargetError(f"Cannot read a target from '{raw}': several numbers separated by a space; "
                          "write one number (e.g. '6') or a range (e.g. '6-7%').")
    s = _normalise(raw)
    if not s:
        raise TargetError("The target text is empty; write e.g. '增长6%左右' or '>= 6'.")
    if "同步" in s:
        return ParsedTarget("sync", None)
    if re.search(r"\d.*[,、，]\s*(?:力争|争取)(?:达到|实现|突破)?\s*$", s):
        raise TargetError(f"'{raw}' stops after {s.rstrip()[-2:]}: give the strive level too (e.g. '确保6%、力争6.5%') "
                          "or the ensured level alone (e.g. '确保6%').")
    m = re.fullmatch(r"(>=|<=|~|=)" + _NUM + "%?", s)
    if m:
        op = {"=": "~"}.get(m.group(1), m.group(1))
        return ParsedTarget(op, float(m.group(2)))
    m = re.search(r"确保" + _NUM + r"%?(?:以上)?.*?力争" + _NUM + "%?", s)
    if m:
        low, high = float(m.group(1)), float(m.group(2))
        if high < low:
            raise TargetError(f"'{raw}': the strive level {high:g} is below the ensured level {low:g}.")
        return ParsedTarget("ensure_strive", low, high)
    m = re.search(_NUM + "%?" + _DASH + _NUM + "%", s) or re.fullmatch(_NUM + _DASH + _NUM, s)
    if m:
        low, high = float(m.group(1)), float(m.group(2))
        if high < low:
            raise TargetError(f"'{raw}': the range {low:g}–{high:g} runs backwards.")
        return ParsedTarget("range", low, high)
    numbers = re.findall(_NUM, s)
    if not numbers:
        raise TargetError(f"Cannot read a target from '{raw}': no number found (write e.g. '增长6%左右' or '>= 6').")
    if len(numbers) > 1:
        raise TargetError(f"Cannot read a target from '{raw}': several numbers ({', '.join(numbers)}) and no range.")
    value = float(numbers[0])
    unit = re.search(
        _NUM + r"\s*(万亿元|亿元|万元|元|万人|人次|人|万千瓦|千瓦|兆瓦|万吨|吨|万平方米|平方米|亩|个|家|项|所|张|座)", s
    )
    unit_text = unit.group(2) if unit else ""
    decline = bool(re.search(r"下降|降低|减少|回落", s))
    if decline:
        value = -abs(value)
    if re.search(r"以上|不低于|不少于|超过|高于|至少|突破", s):
        # a decline of X% or more is a signed change of at most -X
        return ParsedTarget("<=" if decline else ">=", value, decline=decline, unit_text=unit_text)
    if re.search(r"以内|以下|不超过|不高于|控制在|低于", s):
        return ParsedTarget(">=" if decline else "<=", value, decline=decline, unit_text=unit_text)
    if re.search(r"左右|上下|约", s):
        return ParsedTarget("~", value, decline=decline, unit_text=unit_text)
    if re.search(r"达到|保持|稳定在|提高到|提升到", s):
        return ParsedTarget("level", value, decline=decline, unit_text=unit_text)
    if re.fullmatch(r"(增长|增速|增幅|涨幅|上涨)?" + _NUM + "%?", s) or decline:
        return ParsedTarget("~", value, decline=decline, unit_text=unit_text)
    raise TargetError(f"Cannot read a target from '{raw}': no qualifier such as 左右, 以上 or 以内 recognised.")
