"""PDF copies of report pages, printed by headless Chromium with the shipped CJK font.

A page is printed from a copy of its HTML that declares the package's Noto Sans CJK font
(`jxforecast.report.fonts.cjk_font_path`) with ``@font-face`` from a ``file://`` URL and
puts it first in every font list, so Chinese text is legible on a machine without any
system CJK font. The pages' own print stylesheet (A4, no scroll boxes, tables and charts
kept whole) does the layout. The browser is the system's Chromium (Debian:
``apt install chromium``) or the one named by the environment variable
``JXFORECAST_CHROMIUM``; nothing is downloaded. Every PDF is written to a temporary file
beside its target and renamed into place, so a reader never sees half a PDF.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from jxforecast.errors import JxError
from jxforecast.report.fonts import cjk_font_path

CHROMIUM_ENV = "JXFORECAST_CHROMIUM"
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
INSTALL_HINT = "apt install chromium (Debian/Ubuntu), or set JXFORECAST_CHROMIUM to a Chromium or Chrome binary"
# headless, and quiet on a closed network: no background requests, updates or sync
CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--disable-extensions", "--mute-audio", "--hide-scrollbars",
)
FONT_FAMILY = "jxforecast CJK"
_SANS = "system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif"
_MONO = "'DejaVu Sans Mono', 'Liberation Mono', Menlo, Consolas"


class PdfError(JxError):
    """No PDF renderer, or a page that could not be printed."""


def find_chromium() -> Path | None:
    """The Chromium binary to print with, or ``None`` when there is none.

    Looks at ``$JXFORECAST_CHROMIUM`` first (which must then exist), then ``/usr/bin/chromium``
    and the usual names on ``PATH``.

    Raises
    ------
    PdfError
        When ``$JXFORECAST_CHROMIUM`` names a file that is not there.
    """
    named = os.environ.get(CHROMIUM_ENV)
    if named:
        path = Path(named).expanduser()
        if not path.is_file():
            raise PdfError(f"{CHROMIUM_ENV}={named}: no such file; unset it or point it at a Chromium binary.")
        return path
    if Path("/usr/bin/chromium").is_file():
        return Path("/usr/bin/chromium")
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return Path(found)
    return None


def require_chromium() -> Path:
    """The Chromium binary, or a `PdfError` saying what to install."""
    found = find_chromium()
    if found is None:
        raise PdfError(f"PDF export needs headless Chromium, which was not found; {INSTALL_HINT}.")
    return found


def print_css(font: Path | None = None, landscape: bool = False) -> str:
    """The stylesheet added to a page before printing: the CJK font first in every font list.

    Parameters
    ----------
    font
        The font file (default: the package's Noto Sans CJK).
    landscape
        Print on A4 turned sideways (a dashboard's wide table), with narrower margins.
    """
    url = (font or cjk_font_path()).resolve().as_uri()
    page = "@page{size:A4 landscape;margin:10mm 10mm}" if landscape else ""
    return (
        "<style>"
        f"@media print{{{page}}}"
        f'@font-face{{font-family:"{FONT_FAMILY}";src:url("{url}") format("opentype");font-display:block}}'
        f':root{{--jp-content-font-family:"{FONT_FAMILY}",{_SANS};--jp-ui-font-family:"{FONT_FAMILY}",{_SANS};'
        f'--jp-code-font-family:{_MONO},"{FONT_FAMILY}",monospace}}'
        f'html,body,body *{{font-family:"{FONT_FAMILY}",{_SANS} !important}}'
        f'body pre,body code,body kbd,body samp,body pre *{{font-family:{_MONO},"{FONT_FAMILY}",monospace !important}}'
        "</style>"
    )


def printable_html(page: str, font: Path | None = None, landscape: bool = False) -> str:
    """*page* (an HTML document) with `print_css` added at the end of its ``<head>``."""
    css = print_css(font, landscape)
    if "</head>" in page:
        return page.replace("</head>", css + "</head>", 1)
    return f"<!DOCTYPE html><html><head><meta charset=\"utf-8\">{css}</head><body>{page}</body></html>"


def html_to_pdf(source: Path | str, target: Path | str | None = None, chromium: Path | None = None,
                timeout: float = 180, landscape: bool = False) -> Path:
    """Print the HTML page *source* to an A4 PDF *target* (default: beside it, ``.pdf``).

    Parameters
    ----------
    source
        An HTML file (a report page; images embedded or beside it).
    target
        The PDF to write; replaced atomically (temporary file, then rename).
    chromium
        The browser binary (default: `require_chromium`).
    timeout
        Seconds the browser may take.
    landscape
        A4 sideways (`print_css`).

    Returns
    -------
    Path
        *target*.

    Raises
    ------
    PdfError
        No browser, or the browser failed or wrote nothing; *target* is then untouched.
    """
    source = Path(source).resolve()
    target = Path(target) if target is not None else source.with_suffix(".pdf")
    chromium = chromium or require_chromium()
    if not source.is_file():
        raise PdfError(f"{source}: no such page to print.")
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{target.stem}.pdf-", dir=target.parent))
    try:
        # the printable copy sits beside the page so relative image paths still resolve
        copy = source.with_name(f".{source.stem}.print-{work.name[-8:]}.html")
        copy.write_text(printable_html(source.read_text(encoding="utf-8"), landscape=landscape), encoding="utf-8")
        try:
            out = work / f"{target.stem}.pdf"
            command = [
                str(chromium), *CHROMIUM_FLAGS, f"--user-data-dir={work / 'profile'}",
                "--no-pdf-header-footer", "--print-to-pdf-no-header", f"--print-to-pdf={out}", copy.as_uri(),
            ]
            code, stderr = _run_browser(command, timeout, work, source.name)
        finally:
            copy.unlink(missing_ok=True)
        if not out.is_file() or out.stat().st_size == 0 or not out.read_bytes().startswith(b"%PDF"):
            last = [line for line in stderr.splitlines() if line.strip()][-1:] or ["no output"]
            raise PdfError(f"{source.name}: Chromium wrote no PDF (exit {code}: {last[0].strip()}).")
        os.replace(out, target)
        return target
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _run_browser(command: list[str], timeout: float, work: Path, name: str) -> tuple[int, str]:
    """Run Chromium in a process group of its own; give its exit code and what it wrote on stderr.

    On timeout the whole group is killed (its renderer and helper processes too).
    """
    try:
        proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, text=True, errors="replace", env=_browser_env(work),
                                start_new_session=True)
    except OSError as exc:
        raise PdfError(f"{command[0]}: cannot run it ({exc.strerror or exc}); {INSTALL_HINT}.") from None
    try:
        _, stderr = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise PdfError(f"{name}: Chromium took more than {timeout:g} s to print it.") from None
    return proc.returncode, stderr


def _browser_env(work: Path) -> dict[str, str]:
    """The environment of the browser: its own home and caches under *work*, no display."""
    env = {k: v for k, v in os.environ.items() if k != "DISPLAY"}
    env.update(HOME=str(work), XDG_CONFIG_HOME=str(work / "config"), XDG_CACHE_HOME=str(work / "cache"))
    return env


def pages_to_pdf(pages: Iterable[Path], workers: int = 2, chromium: Path | None = None,
                 landscape: bool = False) -> dict[Path, str | None]:
    """Print several HTML pages to PDFs beside them, *workers* browsers at a time (*landscape*: A4 sideways).

    Returns
    -------
    dict
        Each page and ``None`` when its PDF was written, or the one-line error otherwise.
    """
    chromium = chromium or require_chromium()
    pages = list(pages)

    def one(page: Path) -> str | None:
        try:
            html_to_pdf(page, chromium=chromium, landscape=landscape)
            return None
        except PdfError as exc:
            return str(exc)

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        return dict(zip(pages, pool.map(one, pages), strict=True))

