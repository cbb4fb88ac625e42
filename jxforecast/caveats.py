"""Caveats: every note on a result is a named warning class, recorded and emitted on one path.

A caveat is the sentence shown to the reader (a ``str``, so pages, tables and the CLI's JSON
print it as they always did) that also knows its class::

    >>> c = caveat(ShortSeriesWarning, "Only 7 observations: read the probability as rough.")
    >>> c.category.__name__, str(c)
    ('ShortSeriesWarning', 'Only 7 observations: read the probability as rough.')

`emit` raises each caveat of a result once with `warnings.warn`, its message followed by
the class's advice (what to do about it), so that ``pytest.warns(ShortSeriesWarning,
match=...)`` and ``warnings.simplefilter("error", StaleDataWarning)`` work as users of
statsmodels and arch expect.  Batch notes select caveats by class (`of_class`), never by
words in the message.  The command line and the report notebooks show caveats beside each
result and therefore ignore the Python warnings (``warnings.simplefilter("ignore",
JxWarning)``), never all warnings.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable

from jxforecast.errors import (
    DataGapWarning,
    FallbackWarning,
    JxWarning,
    LongHorizonWarning,
    MethodNote,
    ShortSeriesWarning,
    StaleDataWarning,
)

__all__ = [
    "CATEGORIES", "Caveat", "DataGapWarning", "FallbackWarning", "JxWarning", "LongHorizonWarning", "MethodNote",
    "ShortSeriesWarning", "StaleDataWarning", "as_caveat", "caveat", "emit", "of_class",
]

CATEGORIES: dict[str, type[JxWarning]] = {
    cls.__name__: cls
    for cls in (JxWarning, StaleDataWarning, ShortSeriesWarning, FallbackWarning, LongHorizonWarning,
                DataGapWarning, MethodNote)
}


class Caveat(str):
    """A note on a result: its sentence, and its warning class in ``category``."""

    category: type[JxWarning]

    def __new__(cls, message: str, category: type[JxWarning] = MethodNote) -> Caveat:
        """The caveat ``message`` of class ``category``."""
        self = super().__new__(cls, message)
        self.category = category
        return self

    def __reduce__(self) -> tuple[type[Caveat], tuple[str, type[JxWarning]]]:
        """Pickle as the message and the class (a plain str would lose the class)."""
        return (Caveat, (str(self), self.category))

    def to_dict(self) -> dict[str, str]:
        """``{"category": class name, "message": sentence}``."""
        return {"category": self.category.__name__, "message": str(self)}


def caveat(category: type[JxWarning], message: str) -> Caveat:
    """The caveat ``message`` of class ``category`` (a subclass of `JxWarning`)."""
    return Caveat(message, category)


def as_caveat(note: str, default: type[JxWarning] = MethodNote) -> Caveat:
    """``note`` as a caveat: itself if it already is one, else of class ``default``."""
    return note if isinstance(note, Caveat) else Caveat(str(note), default)


def of_class(notes: Iterable[str], category: type[JxWarning]) -> list[Caveat]:
    """The caveats among ``notes`` of class ``category`` or a subclass of it."""
    return [n for n in notes if isinstance(n, Caveat) and issubclass(n.category, category)]


def emit(notes: Iterable[str], stacklevel: int = 3) -> None:
    """`warnings.warn` each caveat once, its message followed by its class's advice.

    A `MethodNote` (how the number was made) is recorded on the result, not raised.
    """
    for note in dict.fromkeys(notes):
        c = as_caveat(note)
        if c.category is MethodNote:
            continue
        advice = getattr(c.category, "advice", "")
        warnings.warn(f"{c} {advice}".strip(), c.category, stacklevel=stacklevel)
