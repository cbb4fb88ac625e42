"""A CJK font for matplotlib that ships with the package's dependencies, so charts never show tofu.

The font is Noto Sans CJK (Regular, static weight) from the PyPI package
``cvttf-notosanscjk-regular``: no system font or download is needed, and every
machine renders the same glyphs. `use_cjk_font` registers it with matplotlib once
and puts it first in ``font.sans-serif``; Latin text keeps DejaVu Sans as the fallback.
"""

from __future__ import annotations

import threading
from importlib import resources
from pathlib import Path

from jxforecast.errors import JxError

FONT_PACKAGE = "cvttf_NotoSansCJK_Regular"
FONT_PIP_NAME = "cvttf-notosanscjk-regular"
_FONT_SUFFIXES = (".otf", ".ttf", ".ttc")

_lock = threading.Lock()
_family: str | None = None


def cjk_font_path() -> Path:
    """Path of the packaged CJK font file (raises `JxError` when the package is missing)."""
    try:
        root = resources.files(FONT_PACKAGE)
    except ModuleNotFoundError:
        raise JxError(
            f"The CJK font package is not installed; run: pip install {FONT_PIP_NAME}."
        ) from None
    for entry in sorted(root.iterdir(), key=lambda e: e.name):
        if entry.name.lower().endswith(_FONT_SUFFIXES):
            return Path(str(entry))
    raise JxError(f"The package {FONT_PIP_NAME} holds no font file; reinstall it.")


def use_cjk_font() -> str:
    """Register the CJK font with matplotlib (once) and make it the default sans-serif font.

    Returns the font's family name (``"Noto Sans CJK TC"``). Also sets
    ``axes.unicode_minus = False``: the CJK font has no U+2212 minus sign.
    """
    global _family
    import matplotlib
    from matplotlib import font_manager

    with _lock:
        if _family is None:
            path = cjk_font_path()
            font_manager.fontManager.addfont(str(path))
            _family = font_manager.FontProperties(fname=str(path)).get_name()
    rc = matplotlib.rcParams
    rest = [f for f in rc["font.sans-serif"] if f != _family]
    rc["font.sans-serif"] = [_family, *rest]
    rc["font.family"] = ["sans-serif"]
    rc["axes.unicode_minus"] = False
    return _family
