"""Caveats: every note on a result is a named warning class, recorded and emitted on one path.

A caveat is the sentence shown to the reader (a ``str``, so pages, tables and the CLI's JSON
print it as they always did) that also knows its class, and the catalogue template and fields
it was written from (`jxforecast.i18n`), so that a Chinese page shows it in Chinese::

    >>> c = caveat(ShortSeriesWarning, "Only {n} observations: read the probability as rough.", n=7)
    >>> c.category.__name__, str(c)
    ('ShortSeriesWarning', 'Only 7 observations: read the probability as rough.')
    >>> c.template, c.params
    ('Only {n} observations: read the probability as rough.', {'n': 7})

``str(c)`` is the English sentence, ``template.format(**params)``; ``c.text("zh")`` the
template's Chinese entry in the catalogue filled with the same fields.  Every template
needs an entry in both languages: ``tests/test_i18n.py`` fails on one that lacks it.

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
from collections.abc import Iterable, Mapping
from typing import Any

import jxforecast.i18n as i18n
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
    "ShortSeriesWarning", "StaleDataWarning", "as_caveat", "caveat", "caveat_text", "emit", "of_class",
]

CATEGORIES: dict[str, type[JxWarning]] = {
    cls.__name__: cls
    for cls in (JxWarning, StaleDataWarning, ShortSeriesWarning, FallbackWarning, LongHorizonWarning,
                DataGapWarning, MethodNote)
}


class Caveat(str):
    """A note on a result: its English sentence and its warning class in ``category``.

    ``template`` and ``params`` are the catalogue message the sentence was filled from.
    """

    category: type[JxWarning]
    template: str
    params: dict[str, Any]

    def __new__(cls, message: str, category: type[JxWarning] = MethodNote, template: str | None = None,
                params: Mapping[str, Any] | None = None) -> Caveat:
        """The caveat ``message`` of class ``category`` (written from ``template`` with ``params``)."""
        self = super().__new__(cls, message)
        self.category = category
        self.template = message if template is None else template
        self.params = dict(params or {})
        return self

    def __reduce__(self) -> tuple[type[Caveat], tuple[str, type[JxWarning], str, dict[str, Any]]]:
        """Pickle as the message, the class, the template and its fields (a plain str would lose them)."""
        return (Caveat, (str(self), self.category, self.template, self.params))

    def text(self, lang: i18n.Lang = "en") -> str:
        """The sentence in ``lang``: English as written, Chinese from the catalogue.

        A caveat that arrives without its template (read back from JSON, written in full)
        is matched against the catalogue's templates (`jxforecast.i18n.parse`); one the
        catalogue does not know stays as written.
        """
        if i18n.check_lang(lang) == "en":
            return str(self)
        if self.params:
            return i18n.render(self.template, self.params, lang)
        if self.template in i18n.catalogue(lang):
            return i18n.translate(self.template, lang)
        parsed = i18n.parse(str(self))
        return i18n.render(parsed[0], parsed[1], lang) if parsed else str(self)

    def to_dict(self) -> dict[str, str]:
        """``{"category": class name, "message": sentence}``."""
        return {"category": self.category.__name__, "message": str(self)}


def caveat(category: type[JxWarning], template: str, **params: Any) -> Caveat:
    """The caveat of class ``category`` (a subclass of `JxWarning`): ``template`` filled with ``params``.

    ``template`` is the English sentence with named fields (``"{series}: points before
    {year} dropped."``), and the message id of its Chinese entry in the catalogue; without
    ``params`` it is the sentence as written.
    """
    message = template.format(**params) if params else template
    return Caveat(message, category, template, params)


def caveat_text(note: str, lang: i18n.Lang = "en") -> str:
    """A caveat (or a plain note) as the reader of a ``lang`` page reads it."""
    return as_caveat(note).text(lang)


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
