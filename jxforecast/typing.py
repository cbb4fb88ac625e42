"""The package's choice types: one `Literal` alias per closed set of words.

Every word a user can choose from the command line or a notebook parameter, and every
word the library answers with, has one alias here, from the CLI options down to the
tables.  The modules that use them import them from here (`jxforecast.targets.target`
still exports ``Operator`` and ``TargetMeasure``, `jxforecast.registry` ``Direction`` and
``Basis``, `jxforecast.labels` ``Lang``).  This module is a leaf: it imports nothing of the
package, so every layer may import it.

The tuples beside them (``OUTPUT_FORMATS`` ...) hold the words in order: ``value in
OUTPUT_FORMATS`` both checks a user's word and narrows a ``str`` to the alias.
"""

from __future__ import annotations

from typing import Literal, get_args

__all__ = [
    "AsOf",
    "Basis",
    "CheckFormat",
    "Direction",
    "Freq",
    "Lang",
    "Level",
    "Measure",
    "ModelName",
    "NotebookKind",
    "Operator",
    "OutcomeVintage",
    "OutputFormat",
    "PageKind",
    "PandasFreq",
    "Recalibration",
    "RegionLevel",
    "Scale",
    "ShortKind",
    "SourceQuality",
    "TargetMeasure",
    "TargetStatus",
    "Verdict",
    "VerdictWord",
    "VintageChoice",
    "VintageKind",
    "YtdMonth",
    "BASES",
    "CHECK_FORMATS",
    "DIRECTIONS",
    "MEASURES",
    "OPERATORS",
    "SOURCE_QUALITIES",
    "TARGET_MEASURES",
    "TARGET_STATUSES",
    "FREQS",
    "LANGS",
    "NOTEBOOK_KINDS",
    "OUTCOME_VINTAGES",
    "OUTPUT_FORMATS",
    "REGION_LEVELS",
]

# ----------------------------------------------------------------------------- languages and formats
Lang = Literal["zh", "en"]
"""The language of labels, pages and evidence sentences."""

OutputFormat = Literal["table", "csv", "json"]
"""``--format`` of the listing commands (``data list``, ``targets list`` ...)."""

CheckFormat = Literal["text", "json"]
"""``--format`` of ``jxforecast check``."""

NotebookKind = Literal["feasibility", "plan_dashboard", "explore", "track_record"]
"""The report notebooks shipped with the package (``jxforecast run KIND``)."""

PageKind = Literal["feasibility", "plan_dashboard"]
"""The notebooks the HTML report renders: one dashboard per document, one page per target."""

# ----------------------------------------------------------------------------- registry and targets
Direction = Literal["higher", "lower"]
"""Whether a higher outcome is better (``data/indicators.csv``)."""

Basis = Literal["real", "nominal", "none"]
"""An indicator's growth basis: real, nominal (current prices), or none (rates, shares)."""

Operator = Literal[">=", "<=", "~", "range", "ensure_strive", "sync", "level"]
"""How a target's number is read: a floor, a ceiling, 左右, a range, 确保/力争, in step with GDP, a level."""

TargetMeasure = Literal["yoy_real", "yoy_nominal", "level", "share", "rate", "change_pct", "cagr", "multiple"]
"""What a target's number measures."""

TargetStatus = Literal["ok", "blanked"]
"""A target with its number, or one whose number the source blanked out."""

# ----------------------------------------------------------------------------- observations
Measure = Literal[
    "level", "yoy_real", "yoy_nominal", "share", "rate", "cagr",
    "ytd_yoy_real", "ytd_yoy_nominal", "ytd_level", "change_pct",
]
"""The ``measure`` of an observation row (`jxforecast.data.schema.MEASURES`)."""

Freq = Literal["A", "Q", "M"]
"""The ``freq`` of an observation row: annual, quarterly, monthly (year to date)."""

PandasFreq = Literal["Y", "Q", "M"]
"""The pandas period frequency of each `Freq`."""

VintageKind = Literal["latest", "first"]
"""The two vintage choices that are not a label (`VintageChoice` also takes ``"2022"``...)."""

VintageChoice = VintageKind | str
"""A vintage: ``"latest"``, ``"first"`` or an exact label such as ``"2022"`` or ``"final"``."""

SourceQuality = Literal["official", "press", "secondary"]
"""The rating of a figure's source (`jxforecast.data.sources`)."""

OutcomeVintage = Literal["first", "latest"]
"""Which release an outcome is read from (``targets outcomes --vintage``)."""

RegionLevel = Literal["nation", "country", "province", "city", "district"]
"""``--region-level`` of ``jxforecast check`` (``country`` is read as ``nation``)."""

YtdMonth = Literal[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]
"""The last month of a year-to-date period (3: Q1, 6: H1, 9: Q1-3)."""

# ----------------------------------------------------------------------------- models
ModelName = Literal["mean", "naive", "rw_drift", "arima", "ets", "llt", "theta"]
"""The members of the time-series model family (`jxforecast.models.family`)."""

ShortKind = Literal["persistent", "mean"]
"""The short-series models: a level that persists, or a mean that growth returns to."""

Scale = Literal["linear", "log", "logit"]
"""The scale a series is modelled on: as it is, logs (levels, counts) or logits (shares)."""

Level = Literal["nation", "province", "city"]
"""The level of government of a target–outcome model (a district is read as a city)."""

Recalibration = Literal["none", "platt", "isotonic", "pit"]
"""How the combined probability is recalibrated on earlier years."""

# ----------------------------------------------------------------------------- assessments
AsOf = int | Literal["latest"] | None
"""A batch's real-time cut: a year, ``"latest"``, or ``None`` (when the plan was written)."""

Verdict = Literal["likely", "attainable", "stretch", "unlikely", "unknown"]
"""The verdict of an assessment (`jxforecast.feasibility.verdict.VerdictBands`)."""

VerdictWord = Literal["likely", "attainable", "stretch", "unlikely", "unknown", "refused", "failed"]
"""The ``verdict`` column of a batch table: a `Verdict`, or why there is none."""

# the words of each alias, in order: ``if value in OUTPUT_FORMATS`` narrows a str to the alias
FREQS: tuple[Freq, ...] = get_args(Freq)
LANGS: tuple[Lang, ...] = get_args(Lang)
OUTPUT_FORMATS: tuple[OutputFormat, ...] = get_args(OutputFormat)
CHECK_FORMATS: tuple[CheckFormat, ...] = get_args(CheckFormat)
NOTEBOOK_KINDS: tuple[NotebookKind, ...] = get_args(NotebookKind)
OUTCOME_VINTAGES: tuple[OutcomeVintage, ...] = get_args(OutcomeVintage)
REGION_LEVELS: tuple[RegionLevel, ...] = get_args(RegionLevel)
OPERATORS: tuple[Operator, ...] = get_args(Operator)
TARGET_MEASURES: tuple[TargetMeasure, ...] = get_args(TargetMeasure)
DIRECTIONS: tuple[Direction, ...] = get_args(Direction)
BASES: tuple[Basis, ...] = get_args(Basis)
SOURCE_QUALITIES: tuple[SourceQuality, ...] = get_args(SourceQuality)
MEASURES: tuple[Measure, ...] = get_args(Measure)
TARGET_STATUSES: tuple[TargetStatus, ...] = get_args(TargetStatus)

