"""Precision and recall of `extract_targets` against hand-transcribed targets.

An extracted row matches a transcribed row of the same document with the same
``indicator`` and ``value`` (equal within 1e-6, or both blank); each transcribed
row is matched at most once.  Scores are counted for core registry indicators
(``core``) and for all rows (``all``: unclassified extractions count as false
positives).  ``bench/extract_eval.py`` prints them; ``tests/test_extract_score.py``
keeps them from falling.

Held-out documents (``tests/corpus/plans/heldout``) keep their key next to the
text: ``name.txt`` is scored against ``name.csv`` (`score_keyed`), and
`plan_year_share` tells how many extracted rows carry the key's plan year.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from jxforecast.targets.extract.pipeline import extract_targets
from jxforecast.targets.extract.reading import read_plan_text

SCOPES = ("core", "all")
Pair = tuple[int | None, int | None]


def _num(x: object) -> float | None:
    if x is None or x == "":
        return None
    try:
        v = float(x)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(v) else v


def same_value(a: object, b: object) -> bool:
    """Tell whether two values are equal within 1e-6, or both blank.

    Parameters
    ----------
    a, b
        Numbers, numeric strings, blanks or NaN.

    Returns
    -------
    bool
        True for equal numbers and for two blanks.
    """
    x, y = _num(a), _num(b)
    if x is None or y is None:
        return x is None and y is None
    return abs(x - y) < 1e-6


def match(truth: pd.DataFrame, got: pd.DataFrame) -> list[Pair]:
    """Pair extracted rows with transcribed rows.

    Parameters
    ----------
    truth
        Transcribed rows of one document (``indicator``, ``value``).
    got
        Extracted rows of the same document.

    Returns
    -------
    list of tuple
        ``(truth index, extracted index)``; None on the truth side for a false
        positive, on the extracted side for a miss (misses last).
    """
    pairs: list[Pair] = []
    free = set(truth.index)
    for gi, g in got.iterrows():
        hit = None
        for ti in sorted(free):
            t = truth.loc[ti]
            if t["indicator"] == g["indicator"] and same_value(t["value"], g["value"]):
                hit = ti
                break
        if hit is None:
            pairs.append((None, int(gi)))  # type: ignore[call-overload]
        else:
            free.discard(hit)
            pairs.append((int(hit), int(gi)))  # type: ignore[call-overload]
    pairs.extend((int(ti), None) for ti in sorted(free))
    return pairs


@dataclass(frozen=True)
class Counts:
    """True positives, false positives and false negatives.

    Attributes
    ----------
    tp, fp, fn
        The counts.
    """

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Counts) -> Counts:
        """Add two sets of counts.

        Parameters
        ----------
        other
            Further counts.

        Returns
        -------
        Counts
            The sums.
        """
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @classmethod
    def of(cls, pairs: list[Pair]) -> Counts:
        """Count matched pairs, false positives and misses.

        Parameters
        ----------
        pairs
            Output of `match`.

        Returns
        -------
        Counts
            The counts.
        """
        tp = sum(1 for a, b in pairs if a is not None and b is not None)
        fp = sum(1 for a, _ in pairs if a is None)
        fn = sum(1 for _, b in pairs if b is None)
        return cls(tp, fp, fn)

    @property
    def precision(self) -> float | None:
        """Share of extracted rows that match a transcribed row (None with no extracted rows)."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        """Share of transcribed rows that were extracted (None with no transcribed rows)."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None


@dataclass(frozen=True)
class DocumentScore:
    """The comparison of one document in one scope.

    Attributes
    ----------
    document
        File name (the ``source_doc`` of the transcription).
    scope
        ``core`` or ``all``.
    truth, got
        Transcribed and extracted rows in the scope (index reset).
    pairs
        Output of `match`.
    transcribed
        Whether the document has any transcribed row at all.
    """

    document: str
    scope: str
    truth: pd.DataFrame
    got: pd.DataFrame
    pairs: list[Pair]
    transcribed: bool

    @property
    def counts(self) -> Counts:
        """Counts of this comparison."""
        return Counts.of(self.pairs)


def core_indicators() -> set[str]:
    """Ids of the registry's core indicators.

    Returns
    -------
    set of str
        Indicator ids with ``core`` set.
    """
    from jxforecast.registry import indicators

    return {i for i, ind in indicators().items() if ind.core}


def score_document(name: str, truth: pd.DataFrame, got: pd.DataFrame, core: set[str]) -> list[DocumentScore]:
    """Compare one document's extraction with its transcription, in both scopes.

    Parameters
    ----------
    name
        The document's file name.
    truth
        Its transcribed rows.
    got
        Its extracted rows.
    core
        Core indicator ids.

    Returns
    -------
    list of DocumentScore
        One per scope (``core``, then ``all``).
    """
    out = []
    for scope in SCOPES:
        t = truth if scope == "all" else truth[truth["indicator"].isin(core)]
        g = got if scope == "all" else got[got["indicator"].isin(core)]
        t, g = t.reset_index(drop=True), g.reset_index(drop=True)
        out.append(DocumentScore(name, scope, t, g, match(t, g), len(truth) > 0))
    return out


def score_seeds(seeds: str | Path, truth: str | Path | pd.DataFrame) -> Iterator[DocumentScore]:
    """Extract every ``*.txt`` document of a folder and compare it with the transcriptions.

    Parameters
    ----------
    seeds
        Folder of plan documents (``data/seeds``).
    truth
        The transcriptions (``data/targets.csv``, column ``source_doc`` = file name), or its path.

    Yields
    ------
    DocumentScore
        Per document (sorted by name) and scope.
    """
    table = truth if isinstance(truth, pd.DataFrame) else pd.read_csv(truth, dtype=str, keep_default_na=False)
    core = core_indicators()
    for seed in sorted(Path(seeds).glob("*.txt")):
        rows = table[table["source_doc"] == seed.name].reset_index(drop=True)
        got = extract_targets(read_plan_text(seed), source=seed.name)
        yield from score_document(seed.name, rows, got, core)


def score_keyed(folder: str | Path) -> Iterator[DocumentScore]:
    """Extract every ``*.txt`` document of a folder and compare it with the key beside it.

    Parameters
    ----------
    folder
        Folder of plan documents, each ``name.txt`` with its key ``name.csv`` (columns of
        ``data/targets.csv``).

    Yields
    ------
    DocumentScore
        Per document (sorted by name) and scope.
    """
    core = core_indicators()
    for text in sorted(Path(folder).glob("*.txt")):
        key = pd.read_csv(text.with_suffix(".csv"), dtype=str, keep_default_na=False)
        got = extract_targets(read_plan_text(text), source=text.name)
        yield from score_document(text.name, key, got, core)


def plan_year_share(score: DocumentScore) -> tuple[int, int]:
    """Count the extracted rows that carry the key's plan year.

    Parameters
    ----------
    score
        One document's comparison (scope ``all`` for every row).

    Returns
    -------
    tuple of int
        ``(rows with the key's year, rows)``; the key's year is its most common ``year``
        (the smallest of the most common ones on a tie).
    """
    years = pd.to_numeric(score.truth["year"], errors="coerce").dropna().astype(int)
    if years.empty or score.got.empty:
        return 0, len(score.got)
    counts = years.value_counts()
    plan_year = int(min(counts[counts == counts.max()].index))
    got = pd.to_numeric(score.got["year"], errors="coerce")
    return int((got == plan_year).sum()), len(score.got)


def totals(scores: Iterator[DocumentScore] | list[DocumentScore]) -> dict[str, Counts]:
    """Sum the counts over documents, per scope.

    Parameters
    ----------
    scores
        Output of `score_seeds`.

    Returns
    -------
    dict
        ``{"core": Counts, "all": Counts}``.
    """
    out = {scope: Counts() for scope in SCOPES}
    for s in scores:
        out[s.scope] = out[s.scope] + s.counts
    return out
