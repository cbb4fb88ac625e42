"""Numbers as people type them: full-width digits, ``%`` signs, Chinese year forms.

One place reads the numbers that come from the command line, papermill parameters and
the header of a yearbook table.  A form whose meaning is certain is read (``２０２４``,
``2024年``, ``二〇二四``, ``6%``, ``６``, ``H1``); anything else raises `ParameterError`
with one sentence that says what was expected.
"""

from __future__ import annotations

import math
import re
import unicodedata

from jxforecast.errors import ParameterError

FIRST_YEAR, LAST_YEAR = 1949, 2100
_CN_DIGITS = {"〇": "0", "零": "0", "○": "0", "Ｏ": "0", "一": "1", "二": "2", "三": "3", "四": "4", "五": "5",
              "六": "6", "七": "7", "八": "8", "九": "9"}
# year-to-date periods by the month they end in
YTD_PERIODS = {
    "q1": 3, "一季度": 3, "第一季度": 3, "1季度": 3, "1-3月": 3, "1—3月": 3,
    "h1": 6, "上半年": 6, "1-6月": 6, "1—6月": 6, "q1-2": 6,
    "q1-3": 9, "q1–3": 9, "前三季度": 9, "1-9月": 9, "1—9月": 9,
}


def _text(value: object) -> str:
    return unicodedata.normalize("NFKC", str(value)).strip()


def read_year(value: object, name: str = "year", bounded: bool = True) -> int:
    """A year from ``2024``, ``２０２４``, ``2024年`` or ``二〇二四(年)``.

    With ``bounded`` (the default) a year outside 1949–2100, the years a target file or a
    series may hold, is refused too.

    >>> read_year("二〇二四年"), read_year("２０２４")
    (2024, 2024)
    """
    text = _text(value).removesuffix("年").strip()
    if text and all(ch in _CN_DIGITS for ch in text):
        text = "".join(_CN_DIGITS[ch] for ch in text)
    if not re.fullmatch(r"\d{4}", text):
        raise ParameterError(f"{name}: '{_short(value)}' is not a year (write it as 2024).")
    if bounded and not FIRST_YEAR <= int(text) <= LAST_YEAR:
        raise ParameterError(f"{name}: {text} is outside the years a plan or a series can have "
                             f"({FIRST_YEAR}–{LAST_YEAR}).")
    return int(text)


def read_number(value: object, name: str = "value") -> float:
    """A finite number from ``6``, ``６``, ``6.5%`` or ``-4``; a unit or a range is refused.

    >>> read_number("６.５%")
    6.5
    """
    text = _text(value).replace(",", "")
    text = text[:-1].strip() if text.endswith("%") else text
    try:
        number = float(text)
    except ValueError:
        raise ParameterError(f"{name}: '{_short(value)}' is not a number (write it as 6 or 6.5).") from None
    if not math.isfinite(number):
        raise ParameterError(f"{name}: '{_short(value)}' is not a finite number.")
    return number


def read_month(value: object, name: str = "ytd-period") -> int:
    """The last month of a year-to-date period.

    ``3``/``Q1``/``一季度``, ``6``/``H1``/``上半年``, ``9``/``Q1-3``/``前三季度`` or a month 1–11.
    """
    text = _text(value).lower().replace(" ", "")
    if text in YTD_PERIODS:
        return YTD_PERIODS[text]
    if re.fullmatch(r"\d{1,2}", text) and 1 <= int(text) <= 11:
        return int(text)
    raise ParameterError(f"{name}: '{_short(value)}' is not a year-to-date period "
                         "(a month 1-11, or Q1, H1, Q1-3).")


def _short(value: object) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:37] + "…"
