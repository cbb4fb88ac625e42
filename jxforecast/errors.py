"""One exception family whose message is the sentence the user sees.

The CLI prints ``str(error)`` on one line and exits non-zero; nothing else
needs to be known about these classes.
"""

from __future__ import annotations


class JxError(Exception):
    """Base class of every expected jxforecast error (bad input, unknown names)."""


class DataError(JxError):
    """A data file is missing, unreadable or fails validation."""


class UnknownNameError(JxError, KeyError):
    """An indicator, region, measure or document that jxforecast does not know."""

    def __str__(self) -> str:
        """The message as is (KeyError would add quotes around it)."""
        return str(self.args[0]) if self.args else ""


class TargetError(JxError):
    """A target that cannot be parsed or makes no sense (e.g. value_high below value)."""


class ModelError(JxError):
    """A series that no model can be fitted to (too short, constant, non-finite)."""


class ParameterError(JxError, ValueError):
    """An impossible parameter value (negative number of paths, level outside (0, 1), ...)."""


class JxWarning(UserWarning):
    """Base class of jxforecast's named warnings; ``advice`` says what to do about one."""

    advice: str = ""


class StaleDataWarning(JxWarning):
    """The region's data end years before the assessment date."""

    advice = "Add the missing years' figures with --data (`jxforecast data template` writes the file)."


class ShortSeriesWarning(JxWarning):
    """The series is too short for the claim (e.g. to calibrate intervals)."""

    advice = "Earlier figures added with --data would firm it up."


class FallbackWarning(JxWarning):
    """A result rests on another region's or a documented default's dynamics."""

    advice = "Add the region's own figures with --data to replace the stand-in."


class LongHorizonWarning(JxWarning):
    """The forecast runs further ahead than its spread was checked for."""

    advice = "Read the interval as indicative; reassess as each year's figure is published."


class DataGapWarning(JxWarning):
    """Missing years were filled or older points dropped before fitting."""

    advice = "Fill the missing years with --data if they are published."


class MethodNote(JxWarning):
    """How the number was made (a combination, a deflator, a correlation): for the record."""
