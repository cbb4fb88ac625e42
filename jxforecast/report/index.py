"""The report's index page: one table per document (target, probability, verdict).

`Page` is one page of the report and what the index says about it; `index_html` writes
the index from the dashboards and the target pages (`jxforecast.report.build`).
"""

from __future__ import annotations

import html
import math
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jxforecast.i18n import check_lang
from jxforecast.typing import Lang, PageKind


@dataclass
class Page:
    """One page of the report and what the index says about it."""

    kind: PageKind
    name: str
    parameters: dict[str, Any]
    doc: str = ""
    row: dict[str, Any] = field(default_factory=dict)
    error: str | None = None




def _labels(lang: Lang) -> dict[str, str]:
    """The index's words in ``lang`` (word keys ``index_…`` of the catalogue, `jxforecast.i18n`)."""
    from jxforecast.i18n import translate

    keys = ("title", "doc", "target", "year", "as_of", "probability", "verdict", "outcome", "dashboard", "refused",
            "failed", "note", "generated", "seconds")
    return {k: translate(f"index_{k}", lang) for k in keys}


_STYLE = (
    "<style>body{font-family:system-ui,'Noto Sans CJK SC','Microsoft YaHei',sans-serif;max-width:1000px;"
    "margin:auto;padding:0 10px}table{border-collapse:collapse;width:100%;margin-bottom:1.5em}"
    "td,th{border-bottom:1px solid #ddd;padding:4px 6px;text-align:left;vertical-align:top}"
    "td.num{text-align:right}.likely{color:#1a7f37}.attainable{color:#4d7c0f}.stretch{color:#b45309}"
    ".unlikely{color:#b91c1c}.met{color:#1a7f37}.tolerance{color:#4d7c0f}.missed{color:#b91c1c}.muted{color:#777}.wrap{overflow-x:auto}"
    "@media print{@page{size:A4;margin:14mm}body{max-width:none;font-size:10pt}.wrap{overflow:visible}"
    "tr{page-break-inside:avoid}a{color:inherit;text-decoration:none}}</style>\n</head><body>"
)
_COLUMNS = ("target", "year", "as_of", "probability", "verdict", "outcome")


def doc_label(doc: str) -> str:
    """A document's short name: its 3-digit prefix (seed documents) or its file stem."""
    return doc.split("_")[0] if doc[:3].isdigit() else Path(doc).stem


def _as_int(x: Any) -> int | None:
    try:
        value = float(x)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(value) else int(value)


def _verdict_text(verdict: str, lang: Lang) -> str:
    """The verdict in the page's words: one vocabulary for every page (`jxforecast.labels`)."""
    from jxforecast.labels import verdict_label

    return str(verdict_label(verdict, lang))


def _row_html(page: Page, lang: Lang) -> str:
    """One target's row: its quote (a link to its page), year, as_of, probability, verdict, outcome."""
    labels, e, r = _labels(lang), html.escape, page.row
    quote = " ".join(str(r.get("quote") or r.get("target_id")).split())
    label = f"{e(str(r.get('target_id')))} {e(quote)}"
    verdict = str(r.get("verdict") or "")
    if page.name and page.error is None:
        label = f'<a href="{e(page.name)}.html">{label}</a>'
    from jxforecast.feasibility.quantity import (
        OUTCOME_COLOURS,
        TargetRow,
        outcome_state,
        outcome_text,
        probability_text,
    )

    prob_text = probability_text(r.get("probability"), "")
    if verdict == "refused":
        verdict_cell = f'<span class="muted" title="{e(str(r.get("note", "")))}">{e(labels["refused"])}</span>'
    elif page.error is not None:
        verdict_cell = f'<span class="unlikely" title="{e(page.error)}">{e(labels["failed"])}</span>'
    else:
        verdict_cell = f'<span class="{e(verdict)}">{e(_verdict_text(verdict, lang))}</span>'
    state = outcome_state(r.get("met_tolerant"), r.get("met_strict"))
    judged = ""
    if state is not None and r.get("indicator"):
        text = outcome_text(r.get("outcome"), r.get("met_tolerant"), r.get("met_strict"), TargetRow.from_row(r), lang)
        judged = f'<span class="{state}" style="color:{OUTCOME_COLOURS[state]}">{e(text)}</span>'
    as_of = _as_int(r.get("as_of"))
    return (
        f"<tr><td>{label}</td><td>{e(str(r.get('year', '')))}</td><td>{'' if as_of is None else as_of}</td>"
        f'<td class="num">{e(prob_text)}</td><td>{verdict_cell}</td><td>{judged}</td></tr>'
    )


def index_html(dashboards: list[Page], pages: list[Page], lang: Lang = "zh", seconds: float | None = None,
               pdfs: frozenset[str] = frozenset()) -> str:
    """The report's index page: one table per document (target, probability, verdict).

    ``pdfs``: the dashboards printed to PDF beside their HTML (linked from their heading).
    """
    labels = _labels(check_lang(lang))
    e = html.escape
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(labels['title'])}</title>",
        _STYLE,
        f"<h1>{e(labels['title'])}</h1>",
    ]
    for dash in dashboards:
        head = f"{labels['doc']} {e(doc_label(dash.doc))}"
        if dash.error is None:
            head += f' · <a href="{e(dash.name)}.html">{e(labels["dashboard"])}</a>'
            if dash.name in pdfs:
                head += f' · <a href="{e(dash.name)}.pdf">PDF</a>'
        else:
            head += f' · <span class="unlikely">{e(labels["failed"])}: {e(dash.error)}</span>'
        parts.append(f"<h2>{head}</h2>")
        rows = [p for p in pages if p.doc == dash.doc]
        if not rows:
            continue
        parts.append('<div class="wrap"><table><tr>' + "".join(f"<th>{e(labels[k])}</th>" for k in _COLUMNS)
                     + "</tr>")
        parts += [_row_html(p, lang) for p in rows]
        parts.append("</table></div>")
    footer = time.strftime("%Y-%m-%d %H:%M")
    if seconds is not None:
        footer += f" · {seconds:.0f} {labels['seconds']}"
    parts.append(f'<p class="muted">{e(labels["generated"])} {footer} · jxforecast</p></body></html>')
    from jxforecast.report.fonts import embed_cjk_font

    return embed_cjk_font("\n".join(parts))
