"""Verdict bands: a probability in words."""

from __future__ import annotations

from dataclasses import dataclass

from jxforecast.errors import ParameterError
from jxforecast.labels import VERDICT_WORDS as VERDICT_WORDS
from jxforecast.typing import Verdict

# the verdicts' words, (Chinese, English), live with every other word in `jxforecast.labels`


@dataclass(frozen=True)
class VerdictBands:
    """Lower edges of the verdict bands.

    ≥ ``likely`` likely, ≥ ``attainable`` attainable, ≥ ``stretch`` stretch, below that
    unlikely (defaults 0.8 / 0.5 / 0.2).
    """

    likely: float = 0.8
    attainable: float = 0.5
    stretch: float = 0.2

    def __post_init__(self) -> None:
        """Check that the edges increase strictly between 0 and 1."""
        if not 0 < self.stretch < self.attainable < self.likely < 1:
            raise ParameterError(
                f"Verdict bands must satisfy 0 < stretch < attainable < likely < 1, got "
                f"{self.stretch}, {self.attainable}, {self.likely}."
            )

    def verdict(self, probability: float | None) -> Verdict:
        """The word for a probability (``unknown`` for ``None``)."""
        if probability is None:
            return "unknown"
        if probability >= self.likely:
            return "likely"
        if probability >= self.attainable:
            return "attainable"
        if probability >= self.stretch:
            return "stretch"
        return "unlikely"
