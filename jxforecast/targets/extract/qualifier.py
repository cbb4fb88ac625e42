"""Qualifier: the comparator a plan puts on a number, and targets set by words alone.

以上/不低于/超过/突破 -> ``>=``, 以内/不超过/控制在 -> ``<=``, 左右 -> ``~``, X—Y ->
``range``, 确保X、力争Y -> ``ensure_strive``, 达到/保持/稳定在 -> ``level``; a plain
number is read as ``~``.  Growth wording (增长, 年均, 下降) sets the sign and the
flags the measure is chosen from.  Targets with no number: 与经济增长同步 ->
``sync``, 翻一番 -> ``multiple``, and empty quotes where a number was (blanked).
"""

from __future__ import annotations

import re
from dataclasses import replace

from jxforecast.targets.extract.candidate import (
    UNCLASSIFIED,
    Candidate,
    SentenceContext,
    join_notes,
)
from jxforecast.targets.extract.indicator import Hits, prev_line_indicator
from jxforecast.targets.extract.lexicon import alternation, lexicon
from jxforecast.targets.extract.structure import Document

_LEX = lexicon()
RIGHT_QUAL = re.compile(r"\s*(?P<q>" + alternation(_LEX.right_floor + _LEX.right_ceiling + _LEX.right_about) + ")")
_GROWTH = re.compile("(" + alternation(_LEX.cagr_words) + ")?(" + alternation(_LEX.growth_words) + ")")
_STRIVE = re.compile(alternation(_LEX.strive))
_STRIVE_GAP = re.compile(r"\s*[,、]?\s*(?:" + _STRIVE.pattern + r")(?:达到|实现|突破)?\s*")
_CUT_OFF = re.compile(r"\s*[,、，]?\s*(?:" + _STRIVE.pattern + r")(?:达到|实现|突破)?\s*(?=$|[。;；\n])")
_STRIVE_AT_END = re.compile(r"(?:" + _STRIVE.pattern + r")$")
_ENSURE = _LEX.ensure[0]
_SYNC = re.compile(r"(?:与|和|同)(?:地区生产总值增长|经济增长|GDP增长|经济发展)(?:基本)?(?:保持)?同步")
_DOUBLE = re.compile(r"翻(?P<n>一|两|二|三)?番|(?P<plan>倍增)")
_EMPTY_QUOTES = re.compile(r"(?<=[\u4e00-\u9fff])“\s*”(?=[\u4e00-\u9fff])")
_CELL_TAIL = "[^,、;:。!?\n|\t]"
PLAIN = "plain number with no qualifier read as ~"


def strive_partner(doc: Document, quantities: list[Candidate], ci: int, q_end: int, hi: int) -> Candidate | None:
    """Find the Y of "确保X、力争Y": the next quantity in the same unit after a strive word.

    Parameters
    ----------
    doc
        The document.
    quantities
        Every quantity of the document.
    ci
        Index of X.
    q_end
        End of X and its right qualifier.
    hi
        End of X's sentence.

    Returns
    -------
    Candidate or None
        The strive level.
    """
    c = quantities[ci]
    nxt = quantities[ci + 1] if ci + 1 < len(quantities) else None
    if nxt and nxt.unit == c.unit and nxt.start < hi and c.status == "ok" and _STRIVE_GAP.fullmatch(
            doc.text[q_end:nxt.start]):
        return nxt
    return None


def _growth(left: str) -> tuple[str, bool]:
    """Find the last growth word before the number, and whether it is an average annual rate."""
    matches = list(_GROWTH.finditer(left))
    growth_m = matches[-1] if matches else None
    growth_word = growth_m.group(2) if growth_m else ""
    cagr = bool(growth_m and growth_m.group(1)) or _LEX.cagr_words[0] in left
    return growth_word, cagr


def _left_operator(tail: str) -> str | None:
    """Operator from the words just before the number (longest word first)."""
    for word, o in _LEX.left_qualifiers:
        if tail.endswith(word) or re.search(re.escape(word) + r"(?:全年|年度)?$", tail):
            return o
    for word, o in _LEX.left_qualifiers:
        if word in tail and o in (">=", "<="):
            return o
    return None


def _operator(c: Candidate, left: str, right: str, strive: Candidate | None, high: float | None,
              sentence_before: str, notes: list[str]) -> tuple[str, float | None]:
    """Operator and upper value of a quantity; notes how an implicit reading was made."""
    if strive is not None:
        if _ENSURE not in left and _ENSURE not in sentence_before[-12:]:
            notes.append("X、力争Y read as ensure X, strive for Y")
        return "ensure_strive", strive.value
    if high is not None:
        return "range", high
    if right in _LEX.right_floor:
        return ">=", high
    if right in _LEX.right_ceiling:
        return "<=", high
    if right in _LEX.right_about:
        return "~", high
    op = _left_operator(left[-10:])
    if op is None:
        op = "~"
        if c.status == "ok":
            notes.append(PLAIN)
    return op, high


def qualify(c: Candidate, left: str, right: str, strive: Candidate | None, sentence_before: str) -> Candidate:
    """Operator, values and wording flags of one quantity.

    Parameters
    ----------
    c
        The quantity.
    left
        Text between the indicator name (or the clause start) and the number.
    right
        The qualifier right after the number (以上, 左右 ...), or empty.
    strive
        The strive level Y of "确保X、力争Y", if any.
    sentence_before
        The sentence from a little before the quote to the number.

    Returns
    -------
    Candidate
        A copy with operator, (signed) values, note and wording flags.
    """
    notes = list(c.notes)
    growth_word, cagr = _growth(left)
    # "提高到55%" is a level, "提高1.2个百分点" a change
    to_level = bool(re.search(r"(提高|提升|下降|降低)(到|至)$", left))
    decline = growth_word in _LEX.decline_words and not to_level
    growth = bool(growth_word) and not to_level and growth_word not in _LEX.rate_words
    value, high = c.value, c.value_high
    if decline and value is not None:
        value = -abs(value)
        if high is not None:
            value, high = -abs(high), -abs(c.value) if c.value is not None else None
    op, high = _operator(c, left, right, strive, high, sentence_before, notes)
    if decline and op in (">=", "<="):
        op = "<=" if op == ">=" else ">="  # 下降4%以上: the change is -4 or lower
    if op != "ensure_strive" and _STRIVE.search(sentence_before[-40:]):
        notes.append("strive")
    return replace(c, operator=op, value=value, value_high=high, reference="", note="; ".join(notes),
                   growth=growth, cagr=cagr, decline=decline, rate_word=growth_word in _LEX.rate_words,
                   measure=None)


def _relabel(c: Candidate, op: str, why: str) -> None:
    c.operator = op
    c.note = c.note.replace(PLAIN, why)


def reread_plain(doc: Document, c: Candidate, quantities: list[Candidate], ci: int, lo: int, cs: int,
                 found_start: int | None, last_op: dict[int, str]) -> None:
    """Re-read a plain number (operator ``~``) from the words around it, in place.

    Parameters
    ----------
    doc
        The document.
    c
        The qualified candidate.
    quantities
        Every quantity of the document.
    ci
        Index of the quantity.
    lo, cs
        Start of its sentence and of its clause.
    found_start
        Start of the indicator name before it, if any.
    last_op
        Operators given to earlier quantities (by index).
    """
    norm = doc.text
    plain = c.operator == "~" and PLAIN in c.note
    prev = quantities[ci - 1] if ci > 0 else None
    if plain and found_start is not None and re.search(
            r"(?:实现|完成|达到)(?:全年|全市|全区)?$", norm[max(lo, found_start - 6):found_start]):
        _relabel(c, "level", "实现/完成 X -> level")  # 实现工业投资100亿元: the verb stands before the indicator
    plain = c.operator == "~" and PLAIN in c.note
    if plain and cs > lo and norm[cs - 1] == "、" and prev is not None and (
            lo <= prev.start and prev.unit == c.unit and prev.end >= cs - 3 and last_op.get(ci - 1) == "level"):
        _relabel(c, "level", "verb of the list's first item applies")
    if c.operator == "~" and _STRIVE_AT_END.search(norm[cs:c.start]) and prev is not None and (
            prev.start >= lo and norm.startswith("以上", prev.end)):
        _relabel(c, ">=", "strive, after a floor")  # "达到X以上、力争Y": at least Y


def cut_off_strive(doc: Document, c: Candidate, q_end: int) -> int | None:
    """'确保6%、力争' with nothing after: the text is cut off; the ensured level is a floor.

    Parameters
    ----------
    doc
        The document.
    c
        The qualified candidate (changed in place when the text is cut off).
    q_end
        End of the quantity and its right qualifier.

    Returns
    -------
    int or None
        The new end of the quote, or None when the text is not cut off.
    """
    cut = _CUT_OFF.match(doc.text, q_end)
    if cut is None or c.status != "ok":
        return None
    c.operator = ">="
    kept = c.note.replace(PLAIN, "").strip("; ")
    c.note = join_notes(kept, "cut off after 力争: the strive level is missing, read as the ensured floor")
    return cut.end()


def _worded(doc: Document, pos: int) -> tuple[int, int, SentenceContext] | None:
    """Sentence span and context of a word-only target, or None in a review of the past."""
    lo, hi = doc.sentence_span(pos)
    ctx = doc.context(lo, hi)
    return None if ctx.past else (lo, hi, ctx)


def empty_quote_candidates(doc: Document) -> list[Candidate]:
    """Find empty pairs of quotes where a programme's number was: 大学生“”引才计划.

    Parameters
    ----------
    doc
        The document.

    Returns
    -------
    list of Candidate
        Blanked, unclassified candidates.
    """
    out = []
    norm = doc.text
    for m in _EMPTY_QUOTES.finditer(norm):
        where = _worded(doc, m.start())
        if where is None:
            continue
        lo, hi, ctx = where
        head = re.search(r"[\u4e00-\u9fff]{0,4}$", norm[lo:m.start()])
        tail = re.match(_CELL_TAIL + "{0,5}", norm[m.end():hi])
        q_lo = m.start() - (len(head.group()) if head else 0)
        q_hi = m.end() + (len(tail.group()) if tail else 0)
        out.append(Candidate(
            m.start(), m.end(), None, None, "", 1, "blank", status="blanked", operator="level", measure="level",
            note="empty quotes where a number was: blanked out", indicators=(UNCLASSIFIED,), quote_lo=q_lo,
            quote_hi=q_hi, phrase=norm[q_lo:q_hi], context=ctx, line=doc.line_index(m.start())))
    return out


def sync_candidates(doc: Document, hits: Hits) -> list[Candidate]:
    """与经济增长同步: a growth rate in step with GDP.

    Parameters
    ----------
    doc
        The document.
    hits
        Its synonym occurrences.

    Returns
    -------
    list of Candidate
        One ``sync`` candidate per named indicator.
    """
    out = []
    for m in _SYNC.finditer(doc.text):
        where = _worded(doc, m.start())
        if where is None:
            continue
        lo, _, ctx = where
        cs = doc.clause_start(lo, m.start())
        found = hits.find(cs, m.start()) or prev_line_indicator(doc, hits, m.start())
        if not found:
            continue
        out.append(Candidate(
            m.start(), m.end(), None, None, "pct", 1, "pct", operator="sync", reference="gdp",
            note="grows in step with GDP" + ("; 基本同步" if "基本" in m.group() else ""), growth=True,
            indicators=found[2], quote_lo=found[0], quote_hi=m.end(), context=ctx,
            line=doc.line_index(m.start())))
    return out


def _doubling_note(norm: str, lo: int, cs: int, m: re.Match[str]) -> str:
    n = {"一": 1, None: 1, "两": 2, "二": 2, "三": 3}[m.group("n")]
    note = "doubling" if n == 1 else f"翻{m.group('n')}番"
    if m.group("plan"):
        note = "doubling implied by a 倍增 (doubling) programme"
    base_m = re.search(r"(?:比|较|在)(\d{4})?年(?:的)?基础上|比(\d{4})年", norm[lo:m.start()])
    if base_m and not (base_m.group(1) or base_m.group(2)):
        note += "; base year blanked out in the document"
    return note + ("; strive" if "力争" in norm[cs:m.start()] else "")


def doubling_candidates(doc: Document, hits: Hits) -> list[Candidate]:
    """翻一番 (double), 翻两番, and doubling programmes (倍增).

    Parameters
    ----------
    doc
        The document.
    hits
        Its synonym occurrences.

    Returns
    -------
    list of Candidate
        ``multiple`` candidates with the factor as value.
    """
    out = []
    norm = doc.text
    for m in _DOUBLE.finditer(norm):
        where = _worded(doc, m.start())
        if where is None:
            continue
        lo, hi, ctx = where
        cs = doc.clause_start(lo, m.start())
        found = None if m.group("plan") else hits.find(cs, m.start())
        n = {"一": 1, None: 1, "两": 2, "二": 2, "三": 3}[m.group("n")]
        q_hi = m.end()
        if m.group("plan"):
            tail = re.match(_CELL_TAIL + "{0,6}", norm[m.end():hi])
            q_hi = m.end() + (len(tail.group()) if tail else 0)
        out.append(Candidate(
            m.start(), m.end(), float(2 ** n), None, "ratio", 1, "multiple", operator=">=", measure="multiple",
            note=_doubling_note(norm, lo, cs, m), indicators=found[2] if found else (UNCLASSIFIED,),
            quote_lo=found[0] if found else cs, quote_hi=q_hi, phrase=norm[cs:q_hi], context=ctx,
            line=doc.line_index(m.start())))
    return out
