"""`Candidate`: one target in the making, passed from step to step."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

UNCLASSIFIED = "unclassified"


class SentenceContext(NamedTuple):
    """What a sentence's place in the document says about its numbers.

    Attributes
    ----------
    past
        The sentence reports the past (a review section, "同比", "比上年").
    year, base_year
        The horizon the sentence or its section sets, and its base year.
    note
        How the horizon was read (``"horizon 十四五 = 2025"``), or empty.
    """

    past: bool
    year: int | None
    base_year: int | None
    note: str


NO_CONTEXT = SentenceContext(False, None, None, "")


@dataclass
class Candidate:
    """A target in the making.

    The quantity step fills the span, value and unit; the indicator step the
    indicator ids and the quote's extent; the qualifier step the operator, the
    note and the wording flags; assembly turns it into one output row per
    indicator.

    Attributes
    ----------
    start, end
        Normalised offsets of the quantity (or of the word that triggered it).
    value, value_high
        The number(s), in ``unit``; None when blanked out or not numeric.
    unit
        Unit id (``pct``, ``100m_yuan``, ``count`` ...).
    factor
        Factor applied to the written number.
    kind
        ``pct``, ``pp``, ``level``, ``blank`` (empty quotes) or ``multiple``.
    status
        ``ok`` or ``blanked``.
    notes
        Notes of the quantity step (unit conversion, blanked number).
    operator, measure, reference, note
        Set by the qualifier step (``note`` joins every note so far).
    growth, cagr, decline, rate_word
        Wording flags: a growth rate, average annual, a fall, a price rise.
    indicators
        Indicator ids the target is about.
    quote_lo, quote_hi
        Normalised extent of the quote.
    phrase
        Words around an unclassified number, for the name-similarity match.
    context
        The sentence's `SentenceContext`.
    line
        Line number of the quantity (for table columns such as 责任单位).
    """

    start: int
    end: int
    value: float | None
    value_high: float | None
    unit: str
    factor: float
    kind: str
    status: str = "ok"
    notes: list[str] = field(default_factory=list)
    operator: str | None = None
    measure: str | None = None
    reference: str = ""
    note: str = ""
    growth: bool = False
    cagr: bool = False
    decline: bool = False
    rate_word: bool = False
    indicators: tuple[str, ...] = (UNCLASSIFIED,)
    quote_lo: int = 0
    quote_hi: int = 0
    phrase: str = ""
    context: SentenceContext = NO_CONTEXT
    line: int = 0


def join_notes(*notes: str | None) -> str:
    """Non-empty notes joined with ``"; "``.

    Parameters
    ----------
    *notes
        Notes, empty or None ones skipped.

    Returns
    -------
    str
        The joined note.
    """
    return "; ".join(n for n in notes if n)
