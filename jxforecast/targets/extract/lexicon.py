"""The extractor's words, read from the data file ``lexicon.toml`` beside this module.

Indicator wording, qualifier words (以上, 左右, 力争, 确保, 不低于 ...), units and
heading words live in the data file; this module reads it once into a typed,
immutable `Lexicon`.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

LEXICON_FILE = "lexicon.toml"


@dataclass(frozen=True)
class Unit:
    """A unit as written in a plan.

    Attributes
    ----------
    id
        Unit id of the target table (``pct``, ``100m_yuan`` ...).
    factor
        Multiplier to that unit (``万亿元`` -> ``100m_yuan`` is 10000).
    kind
        ``pct``, ``pp`` (percentage points) or ``level``.
    """

    id: str
    factor: float
    kind: str


@dataclass(frozen=True)
class Lexicon:
    """Every word list of ``lexicon.toml``, typed.

    Attributes
    ----------
    synonyms
        Indicator id -> wording variants beyond the registry's synonyms.
    composite
        A wording that names several indicators -> their ids.
    generic
        Short words that name an indicator only when they stand alone.
    generic_ok_before
        Words allowed right before a generic word.
    rate_indicators
        Indicators whose percentages are rates (CPI, unemployment).
    units
        Written unit -> `Unit`, in file order.
    money_units
        Unit ids of money amounts (their basis is nominal).
    blankable_units
        Units that may stand alone where a number was blanked out.
    right_floor, right_ceiling, right_about
        Qualifiers after the number: >=, <= and ~.
    left_qualifiers
        ``(word, operator)`` read before the number, longest word first.
    strive, ensure
        Aspiration (力争) and floor (确保) words.
    blank_after
        Words after which a unit with no number is a blanked quantity.
    cagr_words, growth_words, decline_words, rate_words
        Growth wording: average annual, any change, a fall, a price rise.
    chinese_ok_before
        Words after which a Chinese numeral is read as a quantity.
    plans
        Five-year plan tag (十四五) -> its last year.
    past_headings, future_headings
        Heading words of a review of the past and of a plan.
    filler
        Words removed before counting the words between a name and its number.
    """

    synonyms: dict[str, tuple[str, ...]]
    composite: dict[str, tuple[str, ...]]
    generic: frozenset[str]
    generic_ok_before: tuple[str, ...]
    rate_indicators: frozenset[str]
    units: dict[str, Unit]
    money_units: frozenset[str]
    blankable_units: tuple[str, ...]
    right_floor: tuple[str, ...]
    right_ceiling: tuple[str, ...]
    right_about: tuple[str, ...]
    left_qualifiers: tuple[tuple[str, str], ...]
    strive: tuple[str, ...]
    ensure: tuple[str, ...]
    blank_after: tuple[str, ...]
    cagr_words: tuple[str, ...]
    growth_words: tuple[str, ...]
    decline_words: tuple[str, ...]
    rate_words: tuple[str, ...]
    chinese_ok_before: tuple[str, ...]
    plans: dict[str, int]
    past_headings: tuple[str, ...]
    future_headings: tuple[str, ...]
    filler: tuple[str, ...]


def _words(table: dict[str, Any], key: str) -> tuple[str, ...]:
    return tuple(str(w) for w in table[key])


def _groups(table: dict[str, Any]) -> dict[str, tuple[str, ...]]:
    return {str(k): tuple(str(w) for w in v) for k, v in table.items()}


def parse_lexicon(data: dict[str, Any]) -> Lexicon:
    """Build a `Lexicon` from the parsed TOML tables.

    Parameters
    ----------
    data
        The content of ``lexicon.toml`` as returned by `tomllib`.

    Returns
    -------
    Lexicon
        The typed word lists; left qualifiers sorted longest first (stable).
    """
    quals, growth = data["qualifiers"], data["growth"]
    left = tuple((str(w), str(op)) for w, op in quals["left"])
    return Lexicon(
        synonyms=_groups(data["synonyms"]),
        composite=_groups(data["composite"]),
        generic=frozenset(_words(data["generic"], "words")),
        generic_ok_before=_words(data["generic"], "ok_before"),
        rate_indicators=frozenset(_words(data["indicators"], "rate")),
        units={str(k): Unit(str(u), v, str(kind)) for k, (u, v, kind) in data["units"].items()},
        money_units=frozenset(_words(data["unit_classes"], "money")),
        blankable_units=_words(data["unit_classes"], "blankable"),
        right_floor=_words(quals, "right_floor"),
        right_ceiling=_words(quals, "right_ceiling"),
        right_about=_words(quals, "right_about"),
        left_qualifiers=tuple(sorted(left, key=lambda w: -len(w[0]))),
        strive=_words(quals, "strive"),
        ensure=_words(quals, "ensure"),
        blank_after=_words(quals, "blank_after"),
        cagr_words=_words(growth, "cagr"),
        growth_words=_words(growth, "words"),
        decline_words=_words(growth, "decline"),
        rate_words=_words(growth, "rate"),
        chinese_ok_before=_words(data["numbers"], "chinese_ok_before"),
        plans={str(k): int(v) for k, v in data["plans"].items()},
        past_headings=_words(data["sections"], "past"),
        future_headings=_words(data["sections"], "future"),
        filler=_words(data["filler"], "words"),
    )


@cache
def lexicon() -> Lexicon:
    """Read the shipped lexicon (once).

    Returns
    -------
    Lexicon
        The word lists of ``lexicon.toml`` in this package.
    """
    text = resources.files(__package__ or __name__).joinpath(LEXICON_FILE).read_text(encoding="utf-8")
    return parse_lexicon(tomllib.loads(text))


def alternation(words: tuple[str, ...] | list[str]) -> str:
    """Join literal words into a regular-expression alternation, in the given order.

    Parameters
    ----------
    words
        The words; earlier words are tried first.

    Returns
    -------
    str
        ``"w1|w2|..."`` with each word escaped.
    """
    import re

    return "|".join(re.escape(w) for w in words)
