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
_base_lock = threading.Lock()
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


# ----------------------------------------------------------------------------- fonts embedded in a page
EMBEDDED_FAMILY = "jxforecast CJK"
_SANS_STACK = "system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif"
_MONO_STACK = "'DejaVu Sans Mono', 'Liberation Mono', Menlo, Consolas"
_font_bytes: bytes | None = None
_base: tuple[bytes, frozenset[str], bytes] | None = None
PAGE_FONTS_KEPT = 1000
"""Page fonts kept in the cache folder (some 40 kB each; a default report has 53 pages)."""
BASE_FONTS_KEPT = 2
"""Base fonts kept in the cache folder (2.8 MB each; a new one comes with a new font or fontTools)."""


def page_characters(page: str) -> str:
    """The characters of *page* the shipped CJK font should draw: everything beyond ASCII, sorted."""
    # set() first: a page is mostly its charts' base64 (some 500,000 characters), a few hundred distinct
    return "".join(sorted(c for c in set(page) if ord(c) > 0x7F and not c.isspace()))


def _common_characters() -> str:
    """The characters pages print: GB 2312, Big5's frequent characters, JIS X 0208's kanji, KS X 1001's Hangul.

    Simplified and traditional Chinese (plan quotes come in both), the kanji and Hangul of
    sources' Japanese and Korean titles (a Japanese edition of a Chinese release: 値, 増, 売), Latin-1 and
    Latin Extended-A letters, Greek and basic Cyrillic (sources' titles), general punctuation
    (• ¶ of the page's anchors and lists), arrows, mathematical operators (≈), circled
    numbers, shapes, dingbats (✓), CJK punctuation, kana and full-width forms.
    """
    found: set[str] = set()
    for row in range(0xB0, 0xF8):  # GB 2312 levels 1 and 2
        for cell in range(0xA1, 0xFF):
            try:
                found.add(bytes([row, cell]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    for row in range(0xA4, 0xC7):  # Big5 level 1
        for cell in (*range(0x40, 0x7F), *range(0xA1, 0xFF)):
            try:
                found.add(bytes([row, cell]).decode("big5"))
            except UnicodeDecodeError:
                pass
    for row in range(0xB0, 0xF5):  # JIS X 0208 kanji, levels 1 and 2 (EUC-JP)
        for cell in range(0xA1, 0xFF):
            try:
                found.add(bytes([row, cell]).decode("euc_jp"))
            except UnicodeDecodeError:
                pass
    for row in range(0xB0, 0xC9):  # KS X 1001's 2,350 Hangul syllables (EUC-KR)
        for cell in range(0xA1, 0xFF):
            try:
                found.add(bytes([row, cell]).decode("euc_kr"))
            except UnicodeDecodeError:
                pass
    blocks = ((0xA0, 0x180), (0x370, 0x460), (0x2000, 0x2070), (0x2150, 0x2300), (0x2460, 0x24A0),
              (0x25A0, 0x2600), (0x2700, 0x27C0), (0x3000, 0x3100), (0xFF00, 0xFFF0))
    found |= {chr(c) for lo, hi in blocks for c in range(lo, hi)}
    return "".join(sorted(found | set("–—·×±≤≥→…‘’“”℃")))


def prepare_page_fonts() -> None:
    """Make (or read back) the base font pages are cut from, before the first page needs it.

    `jxforecast.report.build_report` calls it while the targets are assessed in other
    processes, so a machine's first report does not cut the base font in the middle of
    rendering its pages.
    """
    _base_font()


def _cut_key() -> str:
    """What a cut depends on besides the characters: the font package's and fontTools' versions, the cutting code.

    The cutting code is `_subset` and the two functions that choose its options
    (`_base_font`, `subset_woff`): their source, or their compiled code where the source
    is not installed.
    """
    import hashlib
    import inspect
    import marshal
    from importlib import metadata

    import fontTools

    try:
        font = metadata.version(FONT_PIP_NAME)
    except metadata.PackageNotFoundError:  # a font package without its metadata: its file's size still tells
        font = "unknown"
    digest = hashlib.blake2b(digest_size=8)
    for function in (_subset, _base_font, subset_woff):
        try:
            digest.update(inspect.getsource(function).encode())
        except (OSError, TypeError):  # only bytecode installed
            digest.update(marshal.dumps(function.__code__))
    return f"{FONT_PIP_NAME} {font} fontTools {fontTools.version} cut {digest.hexdigest()}"


def _base_font() -> tuple[bytes, frozenset[str], bytes]:
    """The shipped font cut down once to `_common_characters` (2.8 MB of 16), the characters it holds, its key.

    A page's font is cut from it in a third of the time the whole font takes. It is made
    once (8–12 s) and kept in the cache folder (`jxforecast._diskcache`), keyed by the font
    package's version and file, the characters, fontTools' version and the cutting code
    (not the rest of the package: a new version of the package keeps it). Processes that
    need it at the same time (a report's, a test run's) wait for the first one's instead of
    each making it.
    """
    global _base
    from jxforecast._diskcache import load_entry, one_builder, store_entry

    with _base_lock:  # its own lock: use_cjk_font in another thread does not wait for the cut
        if _base is None:
            path = cjk_font_path()
            characters = _common_characters()
            key = f"cjk base font {path.name} {path.stat().st_size} {_cut_key()} {characters}".encode()
            stored = load_entry("fonts", key, release=False)
            if not isinstance(stored, bytes):
                with one_builder("fonts"):
                    stored = load_entry("fonts", key, release=False)  # made by another process meanwhile
                    if not isinstance(stored, bytes):
                        stored = _subset(path.read_bytes(), characters, flavor=None)
                        store_entry("fonts", key, stored, keep=BASE_FONTS_KEPT, release=False)
            _base = (stored, frozenset(characters), key)
    return _base


def subset_woff(characters: str, font: Path | None = None) -> bytes:
    """The shipped Noto Sans CJK cut down to *characters*, as WOFF.

    WOFF, not WOFF2: Brotli saves 8 % of a page's font but its encoder (and the bounds it
    recomputes) cost three times the subset itself.

    Layout tables are dropped (CJK text needs none to be legible); a page's few hundred
    characters make a font of some 40–50 kB.  Cut from `_base_font` when it holds every character,
    else from the whole font (0.5 s). A cut is kept in the cache folder by its characters
    (the last `PAGE_FONTS_KEPT`; keyed as the base font, so a new version of the package
    keeps it): a report built again, or a page with the characters of another, reads it
    back (the same bytes) instead of cutting it for 0.15–0.5 s.
    """
    global _font_bytes
    if font is not None:
        return _subset(font.read_bytes(), characters)
    from jxforecast._diskcache import load_entry, store_entry

    base, held, base_key = _base_font()
    from_base = set(characters) <= held
    key = b"cjk page font " + (base_key if from_base else b"whole font " + base_key) + b" " + characters.encode()
    stored = load_entry("page-fonts", key, release=False)
    if isinstance(stored, bytes):
        return stored
    if from_base:
        data = _subset(base, characters, hinted=False)
    else:
        with _lock:
            if _font_bytes is None:
                _font_bytes = cjk_font_path().read_bytes()
        data = _subset(_font_bytes, characters)
    store_entry("page-fonts", key, data, keep=PAGE_FONTS_KEPT, release=False)
    return data


def _subset(data: bytes, characters: str, flavor: str | None = "woff", hinted: bool = True) -> bytes:
    """``data`` (a font file's bytes) cut down to ``characters``; WOFF, or the plain font with ``flavor=None``.

    ``hinted=False`` says the font has no hints left to drop (the base font), which saves a
    pass over its glyphs.
    """
    import io

    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.layout_features = []
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "VORG", "vhea", "vmtx"]
    options.hinting = not hinted  # dropping hints walks every glyph: only where there are some
    options.notdef_outline = True
    options.recalc_bounds = False  # the full font's bounds hold for a subset; a third of the time saved
    options.flavor = flavor
    sub = TTFont(io.BytesIO(data), lazy=True, recalcBBoxes=False, recalcTimestamp=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=characters)
    subsetter.subset(sub)
    sub.flavor = options.flavor
    out = io.BytesIO()
    sub.save(out)
    return out.getvalue()


def embedded_font_css(characters: str) -> str:
    """A ``<style>`` with the shipped CJK font for *characters* as a data URI, first in every font list.

    The subset holds only the page's non-ASCII characters, so Latin text keeps the
    reader's own fonts and Chinese is drawn by Noto Sans CJK on any machine.
    """
    import base64

    if not characters:
        return ""
    data = subset_woff(characters)
    kind = "woff"
    uri = f"data:font/{kind};base64,{base64.b64encode(data).decode('ascii')}"
    family = f'"{EMBEDDED_FAMILY}"'
    return (
        "<style>"
        f'@font-face{{font-family:{family};src:url("{uri}") format("{kind}");font-display:block}}'
        f":root{{--jp-content-font-family:{family},{_SANS_STACK};--jp-ui-font-family:{family},{_SANS_STACK};"
        f"--jp-code-font-family:{_MONO_STACK},{family},monospace}}"
        f"body,body *{{font-family:{family},{_SANS_STACK}}}"
        f"body pre,body code,body pre *{{font-family:{_MONO_STACK},{family},monospace}}"
        "</style>"
    )


def embed_cjk_font(page: str) -> str:
    """*page* (an HTML document) with `embedded_font_css` for its characters at the end of its ``<head>``."""
    css = embedded_font_css(page_characters(page))
    if not css or "</head>" not in page:
        return page
    return page.replace("</head>", css + "</head>", 1)
