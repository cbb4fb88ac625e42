"""The report and the notebooks in a real browser: Playwright driving the system's Chromium.

The default report is built once per run, by the CLI with ``--pdf`` (``default_report`` in
``conftest.py``: under pytest-xdist the first worker to need it builds it in the run's shared
temporary folder while holding a file lock, and the other worker waits and reads the same
report; the report tests read it too). The browser is never
downloaded: Playwright launches ``/usr/bin/chromium`` (Debian: ``apt install chromium``), or
the binary named by ``JXFORECAST_CHROMIUM``. Without it these tests are skipped, except in CI
(``CI`` set), where they fail.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from html import unescape
from pathlib import Path

import pandas as pd
import pytest

from jxforecast.report.pdf import find_chromium, html_to_pdf, printable_html

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
BROWSER_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync"]
LAB_START_SECONDS = 90
RUN_ALL_SECONDS = 300


def _missing(what: str) -> None:
    """Fail in CI, skip elsewhere: the browser tests are part of the CI run."""
    if os.environ.get("CI"):
        pytest.fail(f"{what} (CI must run the browser tests; .ci/run installs it).")
    pytest.skip(what)


@pytest.fixture(scope="module")
def chromium() -> Path:
    path = find_chromium()
    if path is None:
        _missing("Chromium not found: apt install chromium (or set JXFORECAST_CHROMIUM)")
    return path


def _poppler(tool: str) -> str:
    found = shutil.which(tool)
    if found is None:
        _missing(f"{tool} not found: apt install poppler-utils")
    return found


@pytest.fixture(scope="module")
def browser(chromium: Path) -> Iterator:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("playwright is not installed: pip install -e '.[test]'")
    with sync_playwright() as p:
        # the system's Chromium, never a downloaded one
        browser = p.chromium.launch(executable_path=str(chromium), args=BROWSER_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="module")
def report(default_report: Path, chromium: Path) -> Path:
    """The default report with PDFs (`conftest.default_report`, built once per run)."""
    return default_report


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:  # type: ignore[no-untyped-def]
        # a browser that has what it needs may close a connection mid-file (a PDF it only fetched)
        if not isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            super().handle_error(request, client_address)


@pytest.fixture(scope="module")
def served(report: Path) -> Iterator[str]:
    """The report served over HTTP on a free local port (port 0: the system picks one)."""
    handler = functools.partial(_QuietHandler, directory=str(report))
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)


def _index_links(index: Path) -> list[str]:
    return re.findall(r'href="([^"#]+)"', index.read_text(encoding="utf-8"))


# ----------------------------------------------------------------------------- the report
def test_index_links_all_resolve(report: Path, served: str):
    links = _index_links(report / "index.html")
    dashboards = sorted(p.name for p in report.glob("dashboard_*.html"))
    assert len(dashboards) == 5 and set(dashboards) <= set(links)
    assert len(links) > len(dashboards)  # and the target pages
    for link in links:
        assert "://" not in link, link  # the index links only within the report
        assert (report / link).is_file(), link
        with urllib.request.urlopen(f"{served}/{link}", timeout=30) as response:
            assert response.status == 200, link


def test_every_page_loads_without_errors_and_shows_its_images(report: Path, served: str, browser):
    """The index and every page it links: no console error, no page error, no failed or outside
    request, every image decoded."""
    links = ["index.html", *dict.fromkeys(_index_links(report / "index.html"))]
    context = browser.new_context()
    outside: list[str] = []

    def only_local(route) -> None:
        url = route.request.url
        if url.startswith((served, "data:", "blob:", "about:")):
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    context.route("**/*", only_local)
    page = context.new_page()
    problems: list[str] = []
    current = {"url": ""}
    page.on("console", lambda m: problems.append(f"{current['url']}: console {m.type}: {m.text}")
            if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"{current['url']}: page error: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"{current['url']}: request failed: {r.url[:120]}"))
    images = 0
    try:
        for link in links:
            current["url"] = link
            if link.endswith(".pdf"):  # the printed dashboards: fetched, not displayed
                fetched = context.request.get(f"{served}/{link}")
                assert fetched.status == 200 and fetched.body().startswith(b"%PDF"), link
                continue
            response = page.goto(f"{served}/{link}", wait_until="load", timeout=60_000)
            assert response is not None and response.status == 200, link
            broken = page.evaluate(
                "() => Array.from(document.images)"
                ".filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src.slice(0, 80))"
            )
            assert broken == [], f"{link}: images not loaded: {broken}"
            count = page.evaluate("() => document.images.length")
            if link.startswith("dashboard_"):
                assert count > 0, f"{link} shows no chart"
            images += count
            assert page.title(), link
    finally:
        context.close()
    assert problems == []
    assert outside == []  # self-contained: nothing fetched from the network
    assert images > len([link for link in links if not link.endswith(".pdf")])
    assert any(link.endswith(".pdf") for link in links)  # the index links the printed dashboards


def test_dashboard_pdfs_are_a4_with_their_chinese_text(report: Path):
    pdfinfo, pdftotext = _poppler("pdfinfo"), _poppler("pdftotext")
    dashboards = sorted(report.glob("dashboard_*.html"))
    assert dashboards
    for html in dashboards:
        pdf = html.with_suffix(".pdf")
        assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF"), pdf.name
        info = subprocess.run([pdfinfo, str(pdf)], capture_output=True, text=True, timeout=60).stdout
        assert int(re.search(r"Pages:\s+(\d+)", info).group(1)) >= 1, info
        assert re.search(r"Page size:\s+(59[45](\.\d+)? x 84[12]|84[12](\.\d+)? x 59[45])", info), info  # A4
        text = subprocess.run([pdftotext, "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                              timeout=60).stdout
        assert "计划目标总览" in text and "汇总表" in text, (pdf.name, text[:300])
        # the summary table starts under its heading, with every column there: the outcome and the
        # evidence columns are on the page where the table starts
        pages = [re.sub(r"\s+", "", p) for p in text.split("\f")]
        start = next(i for i, p in enumerate(pages) if "汇总表" in p)
        assert "实现概率" in pages[start] and "实际" in pages[start] and "同类目标经验" in pages[start], pdf.name
        assert "100%" not in re.sub(r"100\.0%", "", pages[start]), pdf.name
        # the targets' Chinese quotes, as the dashboard's table lists them (lines wrap in the PDF)
        compact = re.sub(r"\s+", "", text)
        quotes = [re.sub(r"\s+", "", str(q))[:8] for q in pd.read_csv(html.with_suffix(".csv"))["quote"].dropna()]
        shown = [q for q in quotes if q in compact]
        assert quotes and len(shown) >= len(quotes) / 2, (pdf.name, set(quotes) - set(shown))
    assert not [p for p in report.iterdir() if ".print-" in p.name or ".pdf-" in p.name]  # no scratch left


def test_no_page_carries_a_warning_a_scratch_path_or_a_certainty(report: Path):
    """Every page of the default report: no Python warning or stderr output, no build folder, no
    probability of 100% or 0%, the CJK font embedded."""
    pages = sorted(report.glob("*.html"))
    assert len(pages) > 10
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert 'data-mime-type="application/vnd.jupyter.stderr"' not in html, page.name
        assert not re.search(r"\b\w*Warning\b:", html), (page.name, re.search(r".{80}Warning\b:.{80}", html))
        assert ".tmp-" not in html and "reports.tmp" not in html, page.name
        visible = unescape(re.sub(r"<(script|style)\b.*?</\1>|<[^>]+>", " ", html, flags=re.S))
        said = re.findall(r"(?:概率|[Pp]robability)[:：]?\s*([<>]?\d+)%", visible)
        assert page.name.startswith(("dashboard", "index")) or said, page.name
        assert not {"100", "0"} & set(said), (page.name, said)
        if page.name.startswith("dashboard"):  # the summary table's probabilities (weights are on the target pages)
            cells = {unescape(c).strip() for c in re.findall(r"<td[^>]*>([^<]*)</td>", html)}
            assert not {"100%", "0%"} & cells, page.name
        assert '@font-face{font-family:"jxforecast CJK";src:url("data:font/woff;base64,' in html, page.name
    index = (report / "index.html").read_text(encoding="utf-8")
    cells = [unescape(c) for c in re.findall(r'<td class="num">([^<]*)</td>', index)]
    assert ">99%" in cells and not {"100%", "0%"} & set(cells)
    assert "✓ 实现" in index and "× 未实现" in index  # outcomes judged on the index


def _no_cjk_fontconfig(folder: Path) -> dict[str, str]:
    """An environment whose fontconfig sees only DejaVu (Latin): no CJK system font."""
    conf = folder / "fonts.conf"
    conf.write_text('<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
                    f"<dir>/usr/share/fonts/truetype/dejavu</dir><cachedir>{folder / 'cache'}</cachedir>"
                    "</fontconfig>", encoding="utf-8")
    return {"FONTCONFIG_FILE": str(conf), "HOME": str(folder)}


def test_pages_draw_chinese_without_any_system_font(tmp_path: Path, chromium: Path, browser):
    """A page's embedded font draws 嘉 and 兴 differently in a Chromium that sees no CJK font;
    the same page without it draws the two as the same box."""
    from jxforecast.report.fonts import embed_cjk_font

    page_html = ('<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><style>span{font-size:120px}'
                 '</style></head><body><span id="a">嘉</span><span id="b">兴</span></body></html>')
    env = dict(os.environ, **_no_cjk_fontconfig(tmp_path))
    # a browser of its own (the same Playwright), started with fontconfig seeing no CJK font
    bare = browser.browser_type.launch(executable_path=str(chromium), args=BROWSER_ARGS, headless=True, env=env)
    try:
        shots = {}
        for name, html in (("plain", page_html), ("embedded", embed_cjk_font(page_html))):
            page = bare.new_page()
            page.set_content(html, wait_until="load")
            page.evaluate("() => document.fonts.ready")
            shots[name] = [page.locator(f"#{i}").screenshot() for i in "ab"]
            page.close()
    finally:
        bare.close()
    assert shots["plain"][0] == shots["plain"][1]  # no system CJK font: both characters are the same box
    assert shots["embedded"][0] != shots["embedded"][1]


def test_pdf_draws_chinese_glyphs_not_boxes(tmp_path: Path, chromium: Path):
    """Two different characters must print differently: missing glyphs would be the same box."""
    pdftoppm = _poppler("pdftoppm")
    pixels = []
    for char in "嘉兴":
        page = tmp_path / f"{ord(char)}.html"
        page.write_text(f'<!DOCTYPE html><html><head><meta charset="utf-8"><style>@page{{size:A4;margin:10mm}}'
                        f"body{{font-size:160px}}</style></head><body><p>{char}</p></body></html>",
                        encoding="utf-8")
        pdf = html_to_pdf(page, chromium=chromium)
        subprocess.run([pdftoppm, "-r", "30", "-gray", "-f", "1", "-l", "1", str(pdf), str(tmp_path / page.stem)],
                       check=True, timeout=60)
        image = _pgm_pixels(next(tmp_path.glob(f"{page.stem}*.pgm")))
        assert sum(v < 128 for v in image) > 30, f"{char}: nothing drawn"
        pixels.append(image)
    assert pixels[0] != pixels[1]


def _pgm_pixels(path: Path) -> bytes:
    """The grey values of a binary PGM (what ``pdftoppm -gray`` writes)."""
    data = path.read_bytes()
    fields = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
    assert fields is not None, path
    width, height = int(fields.group(1)), int(fields.group(2))
    return data[fields.end():fields.end() + width * height]


def test_printable_copy_puts_the_shipped_font_first():
    from jxforecast.report.fonts import cjk_font_path

    page = printable_html("<html><head><title>t</title></head><body>嘉兴</body></html>")
    assert cjk_font_path().resolve().as_uri() in page
    assert page.index("@font-face") < page.index("</head>")


# ----------------------------------------------------------------------------- JupyterLab
def _get(url: str, timeout: float = 5) -> int:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status
    except (urllib.error.URLError, OSError):
        return 0


def _stop(proc: subprocess.Popen, url: str | None, token: str) -> None:
    """Shut JupyterLab and its kernels down: politely, then by signal (kernels run in sessions
    of their own, so they are found as the server's children first)."""
    try:
        import psutil

        children = psutil.Process(proc.pid).children(recursive=True)
    except Exception:  # psutil missing or the server already gone
        children = []
    if url is not None and proc.poll() is None:
        request = urllib.request.Request(f"{url}/api/shutdown", method="POST",
                                         headers={"Authorization": f"token {token}"})
        try:
            urllib.request.urlopen(request, timeout=10).close()
        except (urllib.error.URLError, OSError):
            pass
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(proc.pid, sig)
            except ProcessLookupError:
                break
            try:
                proc.wait(timeout=10)
                break
            except subprocess.TimeoutExpired:
                continue
    for child in children:
        try:
            child.kill()
        except Exception:
            pass


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """JupyterLab on a copy of notebooks/, on a free local port with a token; (url, token)."""
    try:
        import jupyterlab  # noqa: F401
    except ImportError:
        _missing("jupyterlab is not installed: pip install -e '.[test]'")
    root = tmp_path_factory.mktemp("lab")
    notebooks = root / "notebooks"
    shutil.copytree(ROOT / "notebooks", notebooks)
    runtime = root / "runtime"
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(root / "config"), JUPYTER_RUNTIME_DIR=str(runtime),
               JUPYTERLAB_SETTINGS_DIR=str(root / "settings"), JUPYTERLAB_WORKSPACES_DIR=str(root / "workspaces"),
               PYTHONUNBUFFERED="1")
    env.pop("JXFORECAST_DATA", None)
    token = secrets.token_hex(16)
    log = (root / "lab.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", "--port=0",
         f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={notebooks}",
         "--LabApp.expose_app_in_browser=True", "--LabApp.news_url=None",
         "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
         "--LabApp.extension_manager=readonly", *(["--allow-root"] if os.geteuid() == 0 else [])],
        stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, cwd=notebooks, env=env,
        start_new_session=True,
    )
    url = None
    try:
        deadline = time.monotonic() + LAB_START_SECONDS
        while url is None:
            if proc.poll() is not None or time.monotonic() > deadline:
                text = (root / "lab.log").read_text(errors="replace")[-3000:]
                pytest.fail(f"JupyterLab did not start (exit {proc.poll()}): {text}")
            for info in runtime.glob("jpserver-*.json"):  # the port the server chose
                try:
                    found = json.loads(info.read_text())
                except (ValueError, OSError):
                    continue
                candidate = f"http://127.0.0.1:{found['port']}"
                if _get(f"{candidate}/api/status?token={token}") == 200:
                    url = candidate
            time.sleep(0.5)
        yield url, token
    finally:
        _stop(proc, url, token)
        log.close()


def test_feasibility_notebook_runs_all_cells_in_jupyterlab(lab: tuple[str, str], browser):
    url, token = lab
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.set_default_timeout(LAB_START_SECONDS * 1000)
    try:
        page.goto(f"{url}/lab/tree/feasibility.ipynb?token={token}", wait_until="domcontentloaded")
        current = "window.jupyterapp && window.jupyterapp.shell.currentWidget"
        page.wait_for_function(f"() => {current} && {current}.context && {current}.context.isReady")
        kernel = f"{current}.sessionContext.session && {current}.sessionContext.session.kernel"
        page.wait_for_function(f"() => ({kernel}) && ({kernel}).status === 'idle'")
        # Run > Run All Cells, as from the menu: the command resolves when the last cell is done
        page.evaluate(
            "() => { window.__runAll = undefined; window.jupyterapp.commands"
            ".execute('notebook:run-all-cells')"
            ".then(ok => { window.__runAll = String(ok); }, err => { window.__runAll = 'error: ' + err; }); }"
        )
        page.wait_for_function("() => window.__runAll !== undefined", timeout=RUN_ALL_SECONDS * 1000)
        page.wait_for_function(f"() => ({kernel}).status === 'idle'", timeout=RUN_ALL_SECONDS * 1000)
        outcome = page.evaluate("() => window.__runAll")
        counts = page.evaluate(
            f"() => {current}.content.widgets.filter(c => c.model.type === 'code')"
            ".map(c => c.model.executionCount)"
        )
        errors = page.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')
        error_texts = [t for t in errors.all_inner_texts() if re.search(r"Traceback|Error\b|Exception\b", t)]
        rendered_errors = page.locator('.jp-RenderedText[data-mime-type*="error"]').all_inner_texts()
        shown_images = page.evaluate(
            "() => Array.from(document.querySelectorAll('.jp-OutputArea-output img'))"
            ".filter(i => i.complete && i.naturalWidth > 0).length"
        )
    finally:
        context.close()
    assert error_texts == [] and rendered_errors == [], (error_texts + rendered_errors)[0][:2000]
    assert outcome == "true", outcome
    assert counts and all(c is not None for c in counts), counts  # every code cell ran
    assert shown_images >= 1  # the fan chart
