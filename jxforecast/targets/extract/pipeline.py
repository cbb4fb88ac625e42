"""The extraction pipeline: normalise, structure, quantities, indicator, qualifier, assembly."""

from __future__ import annotations

import re

import pandas as pd

from jxforecast.targets.extract.assembly import build_table, rows_of
from jxforecast.targets.extract.candidate import UNCLASSIFIED, Candidate
from jxforecast.targets.extract.indicator import Hits, locate
from jxforecast.targets.extract.normaliser import normalise
from jxforecast.targets.extract.qualifier import (
    RIGHT_QUAL,
    cut_off_strive,
    doubling_candidates,
    empty_quote_candidates,
    qualify,
    reread_plain,
    strive_partner,
    sync_candidates,
)
from jxforecast.targets.extract.quantities import find_quantities
from jxforecast.targets.extract.structure import Document

_LEAD = re.compile(r"(?:全年)?(?:确保|力争|争取)(?:全年)?(?:实现|完成)?$")
_TAIL = re.compile(r"[^,、;:。!?\n|\t]{1,20}")
_CJK_OR_QUOTE = re.compile(r"[\u4e00-\u9fff“]")
_RUN_LENGTH = re.compile(r"连续(?:第)?$")  # "连续36个月保持两位数增长": how long a run lasted, not a goal


def _run_length(norm: str, c: Candidate) -> bool:
    """Whether a number counts the months or years of a run (连续N个月), not a goal."""
    return bool(_RUN_LENGTH.search(norm, max(0, c.start - 3), c.start)) and bool(
        re.match(r"(?:个)?(?:月|年|季度|次|届)", norm[c.end - 1:c.end + 2] if norm[c.end - 1:c.end] == "个"
                 else norm[c.end:c.end + 3]))


class _Quantities:
    """The quantity step's state: candidates taken as strive levels, and operators given so far."""

    def __init__(self, doc: Document, hits: Hits, quantities: list[Candidate]) -> None:
        self.doc, self.hits, self.quantities = doc, hits, quantities
        self.used: set[int] = set()
        self.last_op: dict[int, str] = {}

    def candidates(self) -> list[Candidate]:
        """Every quantity outside a review of the past, as a qualified, located candidate."""
        out = []
        for ci, c in enumerate(self.quantities):
            if ci in self.used or _run_length(self.doc.text, c):
                continue
            lo, hi = self.doc.sentence_span(c.start)
            if not self.doc.context(lo, hi).past:
                out.append(self.one(ci, lo, hi))
        return out

    def _quote_end(self, q_end: int, hi: int, ids: tuple[str, ...] | None, after_end: int | None,
                   strive: Candidate | None) -> int:
        """End of the quote: the name after a count, a few words after an unnamed number, or Y."""
        norm = self.doc.text
        q_hi = q_end
        if after_end is not None:
            q_hi = after_end
        elif ids is None:
            tail = _TAIL.match(norm, q_end, hi)
            if tail and _CJK_OR_QUOTE.match(tail.group()):
                q_hi = q_end + len(tail.group())
        if strive is not None:
            r2 = RIGHT_QUAL.match(norm, strive.end)
            q_hi = r2.end() if r2 else strive.end
        return q_hi

    def one(self, ci: int, lo: int, hi: int) -> Candidate:
        """Make the candidate of quantity ``ci`` in sentence ``[lo, hi)``."""
        doc, norm, c = self.doc, self.doc.text, self.quantities[ci]
        r = RIGHT_QUAL.match(norm, c.end)
        q_end = r.end() if r else c.end
        strive = strive_partner(doc, self.quantities, ci, q_end, hi)
        if strive is not None:
            self.used.add(ci + 1)
        where = locate(doc, self.hits, c, lo, hi, q_end)
        q_lo = where.quote_lo
        lead = _LEAD.search(norm[max(lo, q_lo - 8):q_lo])  # leading strive/ensure words belong in the quote
        if lead:
            q_lo = max(lo, q_lo - 8) + lead.start()
        q_hi = self._quote_end(q_end, hi, where.ids, where.after[1] if where.after else None, strive)
        found = where.found
        left = norm[(found[1] if found else where.clause):c.start]
        right = r.group("q") if r else ""
        q = qualify(c, left, right, strive, norm[max(lo, q_lo - 6):c.start])
        reread_plain(doc, q, self.quantities, ci, lo, where.clause, found[0] if found else None, self.last_op)
        cut = cut_off_strive(doc, q, q_end) if strive is None else None
        if cut is not None:
            q_hi = cut
        self.last_op[ci] = q.operator or ""
        q.indicators, q.quote_lo, q.quote_hi = where.ids or (UNCLASSIFIED,), q_lo, q_hi
        q.phrase = norm[where.clause:c.start] + norm[c.end:q_hi] if where.ids is None else ""
        q.context, q.line = doc.context(lo, hi), doc.line_index(c.start)
        return q


def extract_targets(text: str, *, region: str | None = None, year: int | None = None,
                    source: str = "") -> pd.DataFrame:
    """Extract the quantitative targets of a Chinese plan document.

    Parameters
    ----------
    text
        The document text (simplified or traditional, prose, ``|``/tab tables or task lists).
    region, year
        The region id and plan year; read from the document's title when omitted.
    source
        Written to ``source_doc`` and used as prefix of ``target_id``.

    Returns
    -------
    pandas.DataFrame
        One row per target with the columns of ``COLUMNS``; ``text[start:end] == quote``.
        Numbers with no known indicator are kept as ``indicator == "unclassified"``;
        blanked numbers have ``status == "blanked"`` and no value.  ``year_source`` says
        how each row's year was decided (see `structure.detect_plan_year`).

    Raises
    ------
    JxError
        When ``year`` is not given and the text names two years equally often with
        no title, target announcement or date to decide between them.
    """
    text = str(text)
    nz = normalise(text)
    doc = Document.read(nz.text, year=year, region=region)
    hits = Hits(nz.text)
    candidates = (_Quantities(doc, hits, find_quantities(nz.text)).candidates() + empty_quote_candidates(doc)
                  + sync_candidates(doc, hits) + doubling_candidates(doc, hits))
    return build_table([row for c in candidates for row in rows_of(c, doc, nz, text)], source)
