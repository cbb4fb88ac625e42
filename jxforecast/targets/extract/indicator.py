"""Indicator: the wording before (or after) a number -> registry indicator ids.

The nearest synonym before the number in the same clause wins (the registry's
names and synonyms plus the wording variants of the lexicon); compounds
("交通投资") and denominators ("占GDP比重") are skipped.  Fallbacks: the clause
before a subject-less clause, a bare 增加值 after a sector, the cell before in a
table row, the name on the previous short line, the name after a count
("2-3家省实验室"), and censored names with ``*``.  A number with no known
indicator is matched by name similarity against non-core indicators, else
kept as unclassified.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from jxforecast.targets.extract.candidate import Candidate
from jxforecast.targets.extract.lexicon import alternation, lexicon
from jxforecast.targets.extract.normaliser import fold
from jxforecast.targets.extract.quantities import QTY, UNIT_RE
from jxforecast.targets.extract.structure import Document

if TYPE_CHECKING:
    from jxforecast.registry import Indicator

_LEX = lexicon()
FILLER = re.compile(alternation(_LEX.filler))
Found = tuple[int, int, tuple[str, ...]]  # start, end, indicator ids
Hit = tuple[int, int, str]  # start, end, folded synonym


@dataclass(frozen=True)
class SynonymTable:
    """Folded synonyms of every registry indicator, with their regular expressions.

    Attributes
    ----------
    regex
        Alternation of every synonym, longest first.
    ids
        Folded synonym -> indicator ids.
    star_regex
        The same, allowing ``*`` for any one character (censored text).
    """

    regex: re.Pattern[str]
    ids: dict[str, tuple[str, ...]]
    star_regex: re.Pattern[str]


@cache
def synonym_table() -> SynonymTable:
    """Build the synonym table of the registry and the lexicon (once).

    Returns
    -------
    SynonymTable
        Lexicon variants first (they win), then registry names and synonyms, then composites.
    """
    from jxforecast.registry import indicators

    ids: dict[str, tuple[str, ...]] = {}

    def add(word: str, ind: tuple[str, ...], override: bool = False) -> None:
        w = fold(word)
        if len(w) >= 2 and (override or w not in ids):
            ids[w] = ind

    reg = indicators()
    for ind_id, variants in _LEX.synonyms.items():
        if ind_id in reg:
            for w in variants:
                add(w, (ind_id,), override=True)
    for ind in reg.values():
        for w in (ind.name_zh, *ind.synonyms):
            add(w, (ind.id,))
    for w, inds in _LEX.composite.items():
        if all(i in reg for i in inds):
            add(w, inds, override=True)
    words = sorted(ids, key=len, reverse=True)
    regex = re.compile("|".join(re.escape(w) for w in words))
    star = re.compile("|".join("".join(f"[{re.escape(c)}*]" for c in w) for w in words))
    return SynonymTable(regex, ids, star)


def indicator_meta(ind_id: str) -> Indicator | None:
    """Look up the registry entry of an indicator id.

    Parameters
    ----------
    ind_id
        Indicator id.

    Returns
    -------
    Indicator or None
        The registry entry.
    """
    from jxforecast.registry import indicators

    return indicators().get(ind_id)


def is_ratio(ind_id: str) -> bool:
    """Whether an indicator is itself a share or an intensity (its name may contain 比重, 率).

    Parameters
    ----------
    ind_id
        Indicator id.

    Returns
    -------
    bool
        True for percentage indicators and energy intensity.
    """
    meta = indicator_meta(ind_id)
    return bool(meta and meta.unit in ("pct", "pct_of_gdp") and ind_id != "energy_intensity") or ind_id in (
        "energy_intensity",)


def gap_words(mid: str) -> int:
    """CJK characters between an indicator name and its number, qualifiers and brackets removed.

    Parameters
    ----------
    mid
        The text between the name and the number.

    Returns
    -------
    int
        Number of remaining CJK characters.
    """
    mid = re.sub(r"\([^()]*\)|“[^“”]*”", "", mid)
    mid = re.sub(r"[\d.*]+(?:" + UNIT_RE + r")|以上|以内|左右|[\t|]", "", mid)
    return len(re.findall(r"[\u4e00-\u9fff]", FILLER.sub("", mid)))


def headless(clause: str) -> bool:
    """Tell whether a clause has no subject of its own: '同比增长4.3%', '力争8%'.

    Parameters
    ----------
    clause
        Text from the clause start to the number.

    Returns
    -------
    bool
        True when at most one character is left after removing qualifiers.
    """
    rest = FILLER.sub("", re.sub(r"比上年|[\s\d.%]", "", clause))
    return len(rest) <= 1


def _bigrams(s: str) -> set[str]:
    s = re.sub(r"[^\u4e00-\u9fffA-Za-z0-9]", "", s)
    return {s[i:i + 2] for i in range(len(s) - 1)}


@cache
def _fuzzy_table() -> list[tuple[str, frozenset[str]]]:
    from jxforecast.registry import indicators

    out = []
    for ind in indicators().values():
        if ind.core:
            continue  # core indicators are matched by their names only
        for name in {ind.name_zh, *ind.synonyms}:
            grams = _bigrams(fold(name))
            if len(grams) >= 2:
                out.append((ind.id, frozenset(grams)))
    return out


def fuzzy_indicator(phrase: str, threshold: float = 0.5) -> str | None:
    """Find a non-core indicator whose name shares most of its character pairs with the phrase.

    Parameters
    ----------
    phrase
        Words around an unclassified number.
    threshold
        Share of the name's character pairs that must occur in the phrase.

    Returns
    -------
    str or None
        The best indicator id above the threshold.
    """
    table = _fuzzy_table()
    if not table:
        return None
    grams = _bigrams(FILLER.sub("", phrase))
    if not grams:
        return None
    best, score = None, threshold
    for ind_id, name in table:
        sc = len(name & grams) / len(name)
        if sc > score or (sc == score and best is None and sc > threshold):
            best, score = ind_id, sc
    return best


def _generic_ok(norm: str, lo: int, s: int) -> bool:
    """Tell whether a generic word ('投资') at ``s`` stands alone rather than ending a compound."""
    before = norm[max(lo, s - 2):s]
    return (not before or not ("\u4e00" <= before[-1] <= "\u9fff")
            or any(before.endswith(w) for w in _LEX.generic_ok_before))


class Hits:
    """Every synonym occurrence of a document, searchable by position.

    Parameters
    ----------
    norm
        Normalised text.
    """

    def __init__(self, norm: str) -> None:
        self.norm = norm
        self.table = synonym_table()
        self.syn: list[Hit] = [(m.start(), m.end(), m.group()) for m in self.table.regex.finditer(norm)]
        self.ends = [e for _, e, _ in self.syn]

    def find(self, lo: int, hi: int) -> Found | None:
        """Nearest synonym ending in [lo, hi] (longest when tied), skipping compounds and denominators.

        Parameters
        ----------
        lo, hi
            Normalised offsets.

        Returns
        -------
        tuple or None
            ``(start, end, indicator ids)``, or None (also for a denominator, '占GDP比重').
        """
        norm = self.norm
        k = bisect.bisect_right(self.ends, hi)
        best: Found | None = None
        while k > 0:
            k -= 1
            s, e, word = self.syn[k]
            if s < lo or (best is not None and e < best[1]):
                break
            if word in _LEX.generic and s > lo and not _generic_ok(norm, lo, s):
                continue
            if norm[max(lo, s - 2):s].endswith(("占", "占全")) or norm[max(lo, s - 1):s] == "占":
                return None  # "…占GDP比重": the named indicator is the denominator
            if best is None or (e - s) > (best[1] - best[0]):
                best = (s, e, self.table.ids[word])
        return best

    def sector_value_added(self, lo: int, cs: int) -> Found | None:
        """'规上工业总产值1220亿元,增加值增速9%': a bare 增加值 is that of the sector named before.

        Parameters
        ----------
        lo
            Start of the sentence.
        cs
            Start of the clause holding the bare 增加值.

        Returns
        -------
        tuple or None
            The span of 增加值 and the sector's value-added indicator.
        """
        k = bisect.bisect_right(self.ends, cs)
        while k > 0:
            k -= 1
            s, _, word = self.syn[k]
            if s < lo:
                return None
            stem = re.sub(r"(?:总产值|产值|投资|增加值|营业收入|营收)$", "", word)
            if stem != word and stem + "增加值" in self.table.ids:
                at = self.norm.index("增加值", cs)
                return (at, at + 3, self.table.ids[stem + "增加值"])
        return None

    def window_star(self, lo: int, hi: int) -> Found | None:
        """Synonym search in censored text ('*' standing in for one character).

        Parameters
        ----------
        lo, hi
            Normalised offsets.

        Returns
        -------
        tuple or None
            The last censored synonym in the window.
        """
        best: Found | None = None
        for m in self.table.star_regex.finditer(self.norm, lo, hi):
            word = None
            pat = m.group()
            for w in self.table.ids:
                if len(w) == len(pat) and all(a == b or b == "*" for a, b in zip(w, pat, strict=True)):
                    word = w
                    break
            if word and (best is None or m.end() > best[1]):
                best = (m.start(), m.end(), self.table.ids[word])
        return best

    def after(self, q_end: int, hi: int) -> Hit | None:
        """Find a name right after a count ("布局建设2-3家省实验室").

        Parameters
        ----------
        q_end
            End of the quantity and its right qualifier.
        hi
            End of the sentence.

        Returns
        -------
        tuple or None
            The synonym occurrence.
        """
        a = bisect.bisect_left(self.syn, (q_end, -1, ""))
        if a < len(self.syn) and self.syn[a][0] <= q_end + 2 and self.syn[a][1] <= hi and not re.search(
                r"[,、;]", self.norm[q_end:self.syn[a][0]]):
            return self.syn[a]
        return None


def prev_line_indicator(doc: Document, hits: Hits, pos: int) -> Found | None:
    """Table layout: the indicator name stands on the previous short line.

    Parameters
    ----------
    doc
        The document.
    hits
        Its synonym occurrences.
    pos
        Offset of the number.

    Returns
    -------
    tuple or None
        The indicator found on the previous non-blank line.
    """
    norm = doc.text
    li = doc.line_index(pos)
    ls = doc.line_starts[li]
    if norm[ls:pos].strip(" \t") and not headless(norm[ls:pos]):
        return None
    if len(norm[ls:doc.line_end(li)].strip()) > 40:
        return None
    j = li - 1
    while j >= 0 and not norm[doc.line_starts[j]:doc.line_starts[j + 1]].strip():
        j -= 1
    if j < 0:
        return None
    pl, ph = doc.line_starts[j], doc.line_starts[j + 1] - 1
    if len(norm[pl:ph].strip()) > 60 or QTY.search(norm, pl, ph) and "%" in norm[pl:ph]:
        return None
    return hits.find(pl, ph) or (hits.window_star(pl, ph) if "*" in norm[pl:ph] else None)


def _named_before(doc: Document, hits: Hits, c: Candidate, lo: int, cs: int) -> tuple[Found | None, int]:
    """Find the indicator named before the number, through every fallback; with the quote start."""
    norm = doc.text
    found = hits.find(cs, c.start)
    if found is None and "*" in norm[cs:c.start]:
        found = hits.window_star(cs, c.start)
    q_lo = cs
    if found is None and headless(norm[cs:c.start]) and cs > lo:
        pcs = doc.clause_start(lo, cs - 1)
        found = hits.find(pcs, c.start)
        q_lo = pcs if found else cs
    if found is None and re.match(r"(?:其中)?增加值", FILLER.sub("", norm[cs:c.start])):
        found = hits.sector_value_added(lo, cs)
    if found is None and cs == lo and lo > 0 and norm[lo - 1] in "\t|":
        # table row: the indicator's name is in the cell before
        plo = doc.sentence_span(lo - 1)[0]
        if lo - 1 - plo <= 60 and doc.line_index(plo) == doc.line_index(lo):
            found = hits.find(plo, lo - 1)
    if found is None:
        found = prev_line_indicator(doc, hits, c.start)
        if found:
            q_lo = found[0]
    return found, q_lo


def respectively(ids: tuple[str, ...], mid: str) -> tuple[tuple[str, ...], str]:
    """Pair the numbers after 分别 with the indicators of a joint name, in order.

    "城乡居民人均可支配收入分别增长5.5%左右和6%左右": the first number is the urban
    target, the second the rural one.

    Parameters
    ----------
    ids
        The indicators the name before the number covers.
    mid
        The text between that name and the number.

    Returns
    -------
    tuple
        The indicator of this number (all of ``ids`` when there is no 分别 or too many
        numbers), and ``mid`` without the numbers before it and the joining words.
    """
    at = mid.find("分别")
    if len(ids) < 2 or at < 0:
        return ids, mid
    after = mid[at + 2:]
    k = len(QTY.findall(after))
    if k >= len(ids):
        return ids, mid
    rest = re.sub(r"(?:左右|以上|以内)?(?:和|与|及|、|,)$", "", QTY.sub("", after))
    return (ids[k],), mid[:at] + rest


@dataclass(frozen=True)
class Located:
    """Where a number's indicator was found.

    Attributes
    ----------
    ids
        Indicator ids, or None when the number is about something unnamed.
    found
        The name before the number, if any.
    after
        The name after a count, if any.
    clause
        Start of the number's clause.
    quote_lo
        Start of the quote.
    """

    ids: tuple[str, ...] | None
    found: Found | None
    after: Hit | None
    clause: int
    quote_lo: int


def locate(doc: Document, hits: Hits, c: Candidate, lo: int, hi: int, q_end: int) -> Located:
    """Find the indicator a quantity is about.

    Parameters
    ----------
    doc
        The document.
    hits
        Its synonym occurrences.
    c
        The quantity.
    lo, hi
        Its sentence.
    q_end
        End of the quantity and its right qualifier.

    Returns
    -------
    Located
        The indicator ids (None when unnamed, a share of it, or too far away) and the quote start.
    """
    cs = doc.clause_start(lo, c.start)
    found, q_lo = _named_before(doc, hits, c, lo, cs)
    after = hits.after(q_end, hi) if found is None and c.unit == "count" else None
    ids: tuple[str, ...] | None = None
    if after is not None:
        ids = hits.table.ids[after[2]]
    elif found is not None:
        q_lo = found[0]
        mid = doc.text[found[1]:c.start]
        ids = found[2]
        ids, mid = respectively(ids, mid)
        if re.search(r"比重|占比|比例|覆盖率|率", mid) and not any(is_ratio(i) for i in ids):
            ids = None  # "服务业增加值…比重": another, unnamed indicator
        elif gap_words(mid) >= 3:
            ids = None  # too many words in between: the number is about something else
    return Located(ids, found, after, cs, q_lo)
