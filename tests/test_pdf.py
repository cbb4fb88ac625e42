"""`jxforecast report --pdf` without a browser: one error line, exit 2, nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

from jxforecast.errors import JxError
from jxforecast.report import pdf


def test_report_pdf_without_chromium_says_what_to_install(runner, tmp_path, monkeypatch):
    from jxforecast.cli import app

    monkeypatch.setattr(pdf, "find_chromium", lambda: None)
    out = tmp_path / "r"
    result = runner.invoke(app, ["report", "--pdf", "--doc", "000", "--out", str(out)])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "apt install chromium" in lines[0]
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_chromium_named_by_the_environment_must_exist(tmp_path, monkeypatch):
    monkeypatch.setenv(pdf.CHROMIUM_ENV, str(tmp_path / "no-browser"))
    with pytest.raises(JxError, match="JXFORECAST_CHROMIUM=.*no such file"):
        pdf.find_chromium()


def test_pdf_goes_with_the_html_report_only(runner):
    from jxforecast.cli import app

    result = runner.invoke(app, ["report", "--pdf", "--summary"])
    assert result.exit_code == 2 and result.output.startswith("error: --pdf")


def test_a_page_that_cannot_be_printed_leaves_no_file(tmp_path: Path):
    fake = tmp_path / "fake-chromium"
    fake.write_text("#!/bin/sh\necho 'cannot print' >&2\nexit 3\n")
    fake.chmod(0o755)
    page = tmp_path / "page.html"
    page.write_text("<html><head></head><body>嘉兴</body></html>", encoding="utf-8")
    with pytest.raises(pdf.PdfError, match=r"page.html: Chromium wrote no PDF \(exit 3: cannot print\)"):
        pdf.html_to_pdf(page, chromium=fake)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fake-chromium", "page.html"]


def test_a_browser_that_hangs_is_stopped(tmp_path: Path):
    fake = tmp_path / "hanging-chromium"
    fake.write_text("#!/bin/sh\nsleep 60 &\nsleep 60\n")
    fake.chmod(0o755)
    page = tmp_path / "page.html"
    page.write_text("<html><head></head><body>嘉兴</body></html>", encoding="utf-8")
    with pytest.raises(pdf.PdfError, match="Chromium took more than 1 s"):
        pdf.html_to_pdf(page, chromium=fake, timeout=1)
    assert not (tmp_path / "page.pdf").exists()
