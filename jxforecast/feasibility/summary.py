"""`Summary`: an assessment as a statsmodels-style table, in text, HTML or Markdown.

Two columns of facts (the target and its data on the left, the answer on the right), the
components of the probability with their backtest scores, and a numbered footer of the
caveats with their warning classes::

    >>> print(assess(get_target("003-05"), as_of=2023).summary())   # doctest: +SKIP
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from jxforecast.caveats import as_caveat
from jxforecast.feasibility.quantity import (
    interval_text,
    is_gap,
    outcome_text,
    probability_text,
    quantity_name,
    required_text,
    value_text,
)
from jxforecast.i18n import DASH, check_lang, parse, render, translate
from jxforecast.labels import field_text, indicator_label, measure_word, region_label, verdict_label

if TYPE_CHECKING:  # pragma: no cover
    from jxforecast.feasibility.assessment import Assessment

WIDTH = 78


def _num(x: float | None, digits: int = 2, missing: str = "n/a") -> str:
    return missing if x is None else f"{x:,.{digits}f}"


def kind_text(kind: str, lang: str = "en") -> str:
    """A requirement's kind (``yoy_real in 2024``) in ``lang``: 2024年实际增速."""
    if lang == "en" or not kind:
        return kind
    parsed = parse(kind)
    if parsed is None:
        return str(field_text("kind", kind, check_lang(lang)))
    return render(parsed[0], parsed[1], check_lang(lang))


def component_name(name: str, lang: str = "en") -> str:
    """A component of the probability or a model of the blend in words (``target_outcome`` -> 目标–结果模型)."""
    if ":" in name:  # a model of one series of an in-step goal: "income_urban:theta"
        series, model = name.split(":", 1)
        try:
            whose = indicator_label(series, check_lang(lang))
        except Exception:  # noqa: BLE001 (a series the registry does not know keeps its id)
            whose = series.replace("_", " ")
        return f"{whose} · {component_name(model, lang)}"
    key = f"model_{name}"
    text = translate(key, check_lang(lang))
    return name.replace("_", " ") if text == key else text


class Summary:
    """The summary of one `Assessment`; ``str()`` is the text table."""

    def __init__(self, assessment: Assessment, lang: str = "en") -> None:
        self.a = assessment
        self.lang = check_lang(lang)

    def _(self, msgid: str, **params: Any) -> str:
        """``msgid`` in the summary's language, its fields filled in."""
        return render(msgid, params, self.lang)

    @property
    def _missing(self) -> str:
        return "n/a" if self.lang == "en" else DASH

    def _pct(self, x: float | None) -> str:
        return probability_text(x, self._missing)

    # ------------------------------------------------------------------ content
    def facts(self) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
        """Left (the target and its data) and right (the answer) columns as (label, value) pairs."""
        a, t, lang = self.a, self.a.target, self.lang
        zh = lang == "zh"
        iv = a.interval
        verdict = verdict_label(a.verdict, lang) if zh else a.verdict
        target = (f"{t.target_id} {region_label(t.region, lang)} {indicator_label(t.indicator, lang)} {t.year}"
                  if zh else f"{t.target_id} {t.label()}").strip()
        basis = f"basis_{a.basis}"
        left = [
            (self._("Target"), target),
            (self._("As of"), str(a.as_of)),
            (self._("Measure / basis"),
             f"{measure_word(t.measure, lang)} / {translate(basis, lang)}" if zh else f"{t.measure} / {a.basis}"),
            (self._("Horizon"),
             self._("{n} year", n=a.horizon) if a.horizon == 1 else self._("{n} years", n=a.horizon)),
            (self._("Observations"), str(a.n_obs)),
            (self._("Level"), translate(f"level_{a.region_level}", lang) if zh else a.region_level),
        ]
        stale = [i for i, w in enumerate(a.warnings, 1) if w.category.__name__ == "StaleDataWarning"]
        if stale:
            stale_words = self._("stale data")
            verdict += f" ({stale_words}, [{stale[0]}])"
        within = ""
        if t.operator in ("~", "sync") and a.probability is not None:
            within = f" (±{t.tolerance:g})"
        m = self._missing
        right = [
            (self._("Verdict"), verdict),
            (self._("Probability"), self._pct(a.probability) + within),
            (self._("Strict"), self._pct(a.probability_strict)),
            (self._("Median"), value_text(a.median, t, lang, m)),
            (self._("{level} interval", level=f"{iv.level:.0%}"), interval_text(iv.lo, iv.hi, t, lang, m)),
        ]
        if a.probability_strive is not None:
            right.append((self._("Strive level"), self._pct(a.probability_strive)))
        if a.outcome is not None and a.met is not None:
            right.append((self._("Outcome"), outcome_text(a.outcome, a.met.tolerant, a.met.strict, t, lang)))
        return left, right

    def quantity(self) -> str:
        """What the median, interval and outcome measure; for an in-step goal the two medians beside the gap."""
        a, t = self.a, self.a.target
        text = quantity_name(t, self.lang)
        r = a.required
        if is_gap(t) and a.median is not None and r is not None and r.value is not None:
            ref = r.value  # the median growth of the reference (GDP) the indicator has to match
            own = ref + a.median
            text += self._("; medians: real income growth about {own:.1f}%, GDP growth {ref:.1f}%, gap {gap}",
                           own=own, ref=ref, gap=value_text(a.median, t, self.lang))
        return text

    def requirement(self) -> str:
        """What the target needs, in one line (empty when nothing is known)."""
        r = self.a.required
        if r is None or r.value is None:
            return ""
        text = required_text(r.value, r.kind, self.a.target, self.lang)
        if not is_gap(self.a.target):
            text += self._(" ({kind})", kind=kind_text(r.kind, self.lang))
        if r.real_equivalent is not None:
            text += self._("; ≈ {real:.1f} real", real=r.real_equivalent)
        if r.percentile is not None:
            reached = 100 - r.percentile if self.a.target.higher_is_better else r.percentile
            text += self._("; reached in {reached:.0f}% of comparable past periods", reached=reached)
        return text

    def _lines(self) -> list[tuple[str, str]]:
        """What the numbers measure, the requirement, and `extra_lines`."""
        req = self.requirement()
        return ([(self._("Numbers are"), self.quantity())]
                + ([(self._("Required"), req)] if req else []) + self.extra_lines())

    def extra_lines(self) -> list[tuple[str, str]]:
        """The combination's components and the evidence of similar targets, when there are some."""
        a, zh = self.a, self.lang == "zh"
        out = []
        if a.announced:
            from jxforecast.feasibility.announced import Announced

            words = Announced.from_dict(a.announced).describe(self.lang)
            tail = self._("; it informs the forecast, the value checked does not")
            if a.announced.get("source") in ("none", "checked"):
                tail = ""
            out.append((self._("Announced"), words + tail))
        if a.components:
            parts = [(self._("{name} {probability} (w {weight:.2f})", name=component_name(name, self.lang),
                             probability=self._pct(c.probability_strict), weight=c.weight)
                      if c.weight is not None else
                      self._("{name} {probability}", name=component_name(name, self.lang),
                             probability=self._pct(c.probability_strict)))
                     for name, c in a.components.items()]
            out.append((self._("Combined from"), ("、" if zh else ", ").join(parts)))
        if a.evidence:
            sentence = a.evidence.get("evidence_zh" if zh else "evidence")
            if sentence:
                out.append((self._("Evidence"), str(sentence)))
        return out

    def components(self) -> list[tuple[str, str, str, str, str]]:
        """Rows ``(component, weight, MAE, RMSE, folds)`` of the blend and the target components."""
        rows = []
        name = (lambda n: n) if self.lang == "en" else (lambda n: component_name(n, self.lang))
        for model, weight in sorted(self.a.models.items(), key=lambda kv: -kv[1]):
            bt = self.a.backtest.get(model, {})
            rows.append((name(model), f"{weight:.2f}", _num(bt.get("mae"), missing=self._missing),
                         _num(bt.get("rmse"), missing=self._missing),
                         "" if bt.get("n_folds") is None else f"{bt['n_folds']:.0f}"))
        return rows

    def component_headers(self) -> tuple[str, str, str, str, str]:
        """The headers of the components table."""
        return (self._("component"), self._("weight"), self._("MAE"), self._("RMSE"), self._("folds"))

    def caveats(self) -> list[tuple[str, str]]:
        """Each caveat's sentence and class, in the summary's language."""
        out = []
        for w in self.a.warnings:
            c = as_caveat(w)
            cls = c.category.__name__
            out.append((c.text(self.lang), cls if self.lang == "en" else translate(f"category_{cls}", self.lang)))
        return out

    def title(self) -> str:
        """The summary's title, with the target's wording."""
        t = self.a.target
        quote = " ".join((t.quote or "").split())
        return self._("Target assessment: {quote}", quote=quote) if quote else self._("Target assessment")

    # ------------------------------------------------------------------ renderings
    def as_text(self) -> str:
        """The fixed-width table ``print`` shows."""
        left, right = self.facts()
        lw = max(len(k) for k, _ in left) + 2
        rw = max(len(k) for k, _ in right) + 2
        half = lw + max(len(v) for _, v in left) + 2
        half = min(max(half, WIDTH // 2), WIDTH - 26)
        lines = [self.title().center(WIDTH).rstrip(), "=" * WIDTH]
        for i in range(max(len(left), len(right))):
            lc = f"{left[i][0] + ':':<{lw}}{left[i][1]}" if i < len(left) else ""
            rc = f"{right[i][0] + ':':<{rw}}{right[i][1]}" if i < len(right) else ""
            lines.append(f"{lc[:half - 1]:<{half}}{rc}".rstrip())
        import textwrap

        extra = self._lines()
        for label, value in extra:
            wrapped = textwrap.wrap(value, WIDTH - lw) or [""]
            lines.append(f"{label + ':':<{lw}}{wrapped[0]}")
            lines += [" " * lw + more for more in wrapped[1:]]
        comps = self.components()
        if comps:
            lines.append("-" * WIDTH)
            hc, hw, hm, hr, hf = self.component_headers()
            lines.append(f"{hc:<28}{hw:>8}{hm:>10}{hr:>10}{hf:>8}")
            lines += [f"{n:<28}{w:>8}{m:>10}{r:>10}{f:>8}" for n, w, m, r, f in comps]
        lines.append("=" * WIDTH)
        for i, (text, cls) in enumerate(self.caveats(), 1):
            lines.append(f"[{i}] {text} ({cls})")
        return "\n".join(lines)

    def as_markdown(self) -> str:
        """A Markdown table with the caveats as a numbered list."""
        left, right = self.facts()
        rows = ["| | | | |", "|---|---|---|---|"]
        for i in range(max(len(left), len(right))):
            lc = left[i] if i < len(left) else ("", "")
            rc = right[i] if i < len(right) else ("", "")
            rows.append(f"| {lc[0]} | {lc[1]} | {rc[0]} | {rc[1]} |")
        out = [f"**{self.title()}**", "", *rows]
        extra = self._lines()
        if extra:
            out += [""] + [f"- **{label}**: {value}" for label, value in extra]
        comps = self.components()
        if comps:
            out += ["", "| " + " | ".join(self.component_headers()) + " |", "|---|---:|---:|---:|---:|"]
            out += [f"| {n} | {w} | {m} | {r} | {f} |" for n, w, m, r, f in comps]
        caveats = self.caveats()
        if caveats:
            out += [""] + [f"{i}. {text} *({cls})*" for i, (text, cls) in enumerate(caveats, 1)]
        return "\n".join(out)

    def as_html(self) -> str:
        """An HTML table (the notebook view of an assessment) with the caveats as an ordered list."""
        esc = html.escape
        left, right = self.facts()
        body = []
        for i in range(max(len(left), len(right))):
            lc = left[i] if i < len(left) else ("", "")
            rc = right[i] if i < len(right) else ("", "")
            body.append(f"<tr><th>{esc(lc[0])}</th><td>{esc(lc[1])}</td><th>{esc(rc[0])}</th><td>{esc(rc[1])}</td></tr>")
        extra = self._lines()
        for label, value in extra:
            body.append(f"<tr><th>{esc(label)}</th><td colspan='3'>{esc(value)}</td></tr>")
        parts = [f"<div class='jx-summary'><table class='jx-summary-facts'><caption>{esc(self.title())}</caption>"
                 + "".join(body) + "</table>"]
        comps = self.components()
        if comps:
            head = "".join(f"<th>{h}</th>" for h in map(esc, self.component_headers()))
            rows = "".join("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in row) + "</tr>" for row in comps)
            parts.append(f"<table class='jx-summary-components'><tr>{head}</tr>{rows}</table>")
        caveats = self.caveats()
        if caveats:
            items = "".join(f"<li>{esc(text)} <small>({esc(cls)})</small></li>" for text, cls in caveats)
            parts.append(f"<ol class='jx-summary-caveats'>{items}</ol>")
        return "".join(parts) + "</div>"

    def __str__(self) -> str:
        """The text table (`as_text`)."""
        return self.as_text()

    def __repr__(self) -> str:
        """The text table (`as_text`)."""
        return self.as_text()

    def _repr_html_(self) -> str:
        return self.as_html()
