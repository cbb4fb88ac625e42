"""The message catalogue: every sentence and word a page shows, in Chinese and in English.

The catalogue is two gettext files, ``locale/zh_CN/LC_MESSAGES/jxforecast.po`` and
``locale/en/LC_MESSAGES/jxforecast.po``, read with Babel when first needed.  A message's id
is either a word key (``probability``, ``measure_yoy_real``, ``unit_100m_yuan``; the words
of `jxforecast.labels`) or the English sentence itself, written as a `str.format` template
with named fields (``"{series}: points before {year} dropped (a gap of {gap} missing
years)."``), so the English text of a caveat is its template filled in and needs no look-up::

    >>> translate("probability", "zh"), translate("probability", "en")
    ('概率', 'Probability')
    >>> render("Only {n} observations: read the probability as rough.", {"n": 7}, "en")
    'Only 7 observations: read the probability as rough.'

`N_` marks a message id in the code without translating it, so that ``make messages``
(``pybabel extract``) finds it; ``caveat(Category, "template", **params)`` is found the
same way.  A message missing from a language's file comes back as its id:
``tests/test_i18n.py`` fails on any message of the code without a translation in both files
and on any English sentence of the catalogue left on a Chinese page.

Numbers are written per language (`percent`, `points`, `decimal`, `yuan_100m`): the same
digits in both, with the unit in the page's language (``2.4个百分点`` / ``2.4 pp``); a
missing number is a dash (`DASH`), never ``nan%``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from jxforecast.typing import LANGS, Lang

__all__ = [
    "DASH", "LANGS", "LOCALES", "Lang", "N_", "catalogue", "check_lang", "decimal", "gettext", "is_missing", "localize",
    "parse", "percent", "points", "render", "templates", "translate", "yuan_100m",
]

LOCALE_DIR = Path(__file__).with_name("locale")
DOMAIN = "jxforecast"
LOCALES: dict[Lang, str] = {"zh": "zh_CN", "en": "en"}
"""The gettext locale of each page language."""
DASH = "—"
"""What a page shows for a number that is not known."""

MIN_LITERAL = 4
_FIELD = re.compile(r"\{(\w+)(?:![rsa])?(?::[^{}]*)?\}")


def N_(msgid: str) -> str:  # noqa: N802 (the gettext convention)
    """``msgid`` unchanged: marks a message for ``make messages`` where it is not translated at once."""
    return msgid


def check_lang(lang: str) -> Lang:
    """``lang`` if it is ``zh`` or ``en``; otherwise `jxforecast.errors.ParameterError`."""
    if lang not in LANGS:
        from jxforecast.errors import ParameterError

        raise ParameterError(f"Unknown language '{lang}'; use one of: {', '.join(LANGS)}.")
    return lang


def po_path(lang: Lang) -> Path:
    """The ``.po`` file of ``lang``."""
    return LOCALE_DIR / LOCALES[lang] / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def catalogue(lang: Lang) -> Mapping[str, str]:
    """``{msgid: msgstr}`` of ``lang``'s file, the untranslated (empty) and fuzzy entries left out."""
    from babel.messages.pofile import read_po

    with po_path(check_lang(lang)).open("rb") as f:
        cat = read_po(f, locale=LOCALES[lang], domain=DOMAIN)
    return {str(m.id): str(m.string) for m in cat if m.id and m.string and not m.fuzzy}


def translate(msgid: str, lang: Lang = "zh") -> str:
    """The ``lang`` text of ``msgid``; the id itself when the catalogue lacks it."""
    return catalogue(check_lang(lang)).get(msgid, msgid)


gettext = translate


def templates() -> tuple[str, ...]:
    """The message ids with fields that `parse` tries, those with the most words of their own first.

    A template with fewer than `MIN_LITERAL` characters outside its fields (``"{name}
    {probability}"``) would match almost any text and is left out.
    """
    return _templates()


@lru_cache(maxsize=1)
def _templates() -> tuple[str, ...]:
    ids = set(catalogue("en")) | set(catalogue("zh"))
    with_fields = [m for m in ids if _FIELD.search(m) and len(_literal(m)) >= MIN_LITERAL]
    return tuple(sorted(with_fields, key=lambda m: (len(_literal(m)), m), reverse=True))


def _literal(template: str) -> str:
    """The words of ``template`` outside its fields."""
    return _FIELD.sub("", template)


@lru_cache(maxsize=1)
def _patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    out = []
    for t in _templates():
        parts, names, pos = [], [], 0
        for m in _FIELD.finditer(t):
            parts.append(re.escape(t[pos:m.start()].replace("{{", "{").replace("}}", "}")))
            name = m.group(1)
            parts.append(f"(?P={name})" if name in names else f"(?P<{name}>.*?)")
            names.append(name)
            pos = m.end()
        parts.append(re.escape(t[pos:].replace("{{", "{").replace("}}", "}")))
        out.append((t, re.compile("".join(parts), re.DOTALL)))
    return tuple(out)


def parse(message: str) -> tuple[str, dict[str, str]] | None:
    """The catalogue template ``message`` was filled from and its fields (as text), or None.

    Reads back a sentence that arrives without its template (one saved as JSON, one written
    as an f-string), so that it can still be shown in the page's language.
    """
    for template, pattern in _patterns():
        m = pattern.fullmatch(message)
        if m:
            return template, m.groupdict()
    return None


def _fill(text: str, params: Mapping[str, Any]) -> str:
    try:
        return text.format(**params)
    except (ValueError, TypeError):  # fields read back as text cannot take a number's format
        return _FIELD.sub(lambda m: "{" + m.group(1) + "}", text).format(**params)


def render(template: str, params: Mapping[str, Any] | None = None, lang: Lang = "zh") -> str:
    """``template`` in ``lang`` with ``params`` filled in, each field's words in ``lang`` too.

    English is the template filled in as given (what ``template.format(**params)`` gives).
    In Chinese the fields named after a word (``measure``, ``series``, ``indicator``,
    ``region``, ...) are written in Chinese (`localize`).
    """
    params = dict(params or {})
    if check_lang(lang) == "en":
        return _fill(template, params) if params else template
    text = translate(template, lang)
    return _fill(text, {k: localize(k, v, lang) for k, v in params.items()}) if params else text


def localize(name: str, value: Any, lang: Lang) -> Any:
    """A field's value in ``lang``: a word field through the labels, a nested message translated."""
    if lang == "en" or not isinstance(value, str):
        return value
    import jxforecast.labels as labels

    return labels.field_text(name, value, lang)


# ----------------------------------------------------------------------------- numbers
def is_missing(x: Any) -> bool:
    """None, NaN or not a number."""
    if x is None:
        return True
    try:
        return math.isnan(float(x))
    except (TypeError, ValueError):
        return True


def decimal(x: Any, lang: Lang = "zh", digits: int = 1, missing: str = DASH, sign: bool = False) -> str:
    """``x`` with ``digits`` decimals and thousands separators (``4,355.2``); ``missing`` if not known.

    Both languages group digits in threes with a comma and use a decimal point (as Babel's
    ``zh_CN`` and ``en`` locales do); the digits are Python's rounding of the float, the
    same as every other number the package prints (Babel rounds the decimal text instead,
    which would move some last digits).
    """
    if is_missing(x):
        return missing
    check_lang(lang)
    v = float(x)
    text = f"{v:,.{max(digits, 0)}f}"
    return "+" + text if sign and v > 0 else text


def percent(x: Any, lang: Lang = "zh", digits: int = 0, missing: str = DASH) -> str:
    """A share (0.37) in per cent (``37%``); ``missing`` (a dash) for a share not known, never ``nan%``."""
    if is_missing(x):
        return missing
    return f"{decimal(100 * float(x), lang, digits)}%"


def points(x: Any, lang: Lang = "zh", digits: int = 1, missing: str = DASH, sign: bool = True) -> str:
    """Percentage points: ``+2.4个百分点`` / ``+2.4 pp``."""
    if is_missing(x):
        return missing
    number = decimal(x, lang, digits, missing, sign=sign)
    return f"{number}个百分点" if lang == "zh" else f"{number} pp"


def yuan_100m(x: Any, lang: Lang = "zh", digits: int = 0, missing: str = DASH) -> str:
    """An amount in 亿元: ``4,355亿元`` / ``4,355 (100 million yuan)``."""
    if is_missing(x):
        return missing
    number = decimal(x, lang, digits, missing)
    return f"{number}亿元" if lang == "zh" else f"{number} (100 million yuan)"


def join(items: Iterable[str], lang: Lang = "zh") -> str:
    """A list in running text: ``甲、乙`` / ``a, b``."""
    return ("、" if lang == "zh" else ", ").join(items)
