"""Text normalisation for matching: full-width forms, traditional characters, Chinese numerals.

Traditional characters are mapped to simplified ones with OpenCC (``t2s``) and
full-width forms folded with NFKC.  Almost every character maps to one
character; the rare ones that expand are tracked in an offset map, so quotes
always come from the original text.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from typing import Any

CN_DIGITS = "〇零一二两三四五六七八九十百千"
_YEAR_DIGITS = "〇一二三四五六七八九"


@cache
def _t2s() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


def fold(text: str) -> str:
    """Simplified, NFKC-folded form of a short string (synonyms, headings).

    Parameters
    ----------
    text
        A word or a short phrase.

    Returns
    -------
    str
        The folded text without spaces.
    """
    return str(_t2s().convert(unicodedata.normalize("NFKC", text))).replace(" ", "")


@dataclass
class Normalised:
    """Matching text plus a map back to the original offsets.

    Attributes
    ----------
    text
        The normalised text.
    breaks
        Positions in ``text`` where the offset delta changes.
    deltas
        Original minus normalised offset from the matching break on.
    """

    text: str
    breaks: list[int] = field(default_factory=list)
    deltas: list[int] = field(default_factory=list)

    def orig(self, i: int) -> int:
        """Offset in the original text of normalised offset ``i``.

        Parameters
        ----------
        i
            An offset in ``text``.

        Returns
        -------
        int
            The matching offset in the original text.
        """
        if not self.breaks:
            return i
        k = bisect.bisect_right(self.breaks, i) - 1
        return i + (self.deltas[k] if k >= 0 else 0)

    def orig_span(self, start: int, end: int) -> tuple[int, int]:
        """Original span of the normalised span ``[start, end)``.

        Parameters
        ----------
        start, end
            Offsets in ``text``.

        Returns
        -------
        tuple of int
            Start and end in the original text.
        """
        if end <= start:
            return self.orig(start), self.orig(start)
        return self.orig(start), self.orig(end - 1) + 1


def _fold_char(ch: str, converter: Any) -> str:
    new = unicodedata.normalize("NFKC", ch)
    if "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff":
        new = str(converter.convert(new))
    if ch == "\r" or ch == "\u3000":
        new = " " if ch == "\u3000" else "\n"
    return new


def _char_maps(text: str) -> tuple[dict[int, str], dict[str, str]]:
    """One-to-one replacements (a translate table) and expanding ones, per distinct character."""
    converter = _t2s()
    table: dict[int, str] = {}
    expanding: dict[str, str] = {}
    for ch in set(text):
        if ch.isascii() and ch not in "\r":
            continue
        new = _fold_char(ch, converter)
        if new == ch:
            continue
        if len(new) == 1:
            table[ord(ch)] = new
        else:
            expanding[ch] = new
    return table, expanding


def normalise(text: str) -> Normalised:
    """Fold full-width forms (NFKC) and traditional characters (OpenCC t2s), tracking offsets.

    OpenCC converts the document's distinct characters one at a time (its
    phrase tables matter for display, not for finding indicator names), which
    keeps a 5 MB document fast.

    Parameters
    ----------
    text
        The original document.

    Returns
    -------
    Normalised
        The matching text and its offset map.
    """
    table, expanding = _char_maps(text)
    if not expanding:
        return Normalised(text.translate(table))
    pieces: list[str] = []
    breaks: list[int] = []
    deltas: list[int] = []
    pattern = re.compile("|".join(re.escape(c) for c in expanding))
    pos = norm_len = 0
    for m in pattern.finditer(text):
        chunk = text[pos:m.start()].translate(table)
        pieces.append(chunk)
        norm_len += len(chunk)
        rep = expanding[m.group()]
        # every character of the expansion points back at the original character
        for j in range(len(rep)):
            breaks.append(norm_len + j)
            deltas.append(m.start() - (norm_len + j))
        pieces.append(rep)
        norm_len += len(rep)
        pos = m.end()
        breaks.append(norm_len)
        deltas.append(pos - norm_len)
    pieces.append(text[pos:].translate(table))
    return Normalised("".join(pieces), breaks, deltas)


def cn_value(word: str) -> float | None:
    """Value of a Chinese numeral (五, 十二, 三百), or None.

    Parameters
    ----------
    word
        Chinese numeral characters.

    Returns
    -------
    float or None
        The number, or None when cn2an cannot read it.
    """
    import cn2an

    try:
        return float(cn2an.cn2an(word, "smart"))
    except (ValueError, KeyError, TypeError):
        return None


def year_of(word: str) -> int | None:
    """Read a year written ``2025`` or ``二〇二五``.

    Parameters
    ----------
    word
        Four Arabic digits or Chinese digit characters.

    Returns
    -------
    int or None
        The year, or None when the word is not one.
    """
    if re.fullmatch(r"\d{4}", word):
        return int(word)
    try:
        import cn2an

        return int(cn2an.cn2an(word.replace("零", "〇"), "smart")) if len(word) == 4 else None
    except (ValueError, KeyError):
        if all(c in _YEAR_DIGITS for c in word):
            return int("".join(str(_YEAR_DIGITS.index(c)) for c in word))
        return None
