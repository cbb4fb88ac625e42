"""`Summary`: an assessment as a statsmodels-style table, in text, HTML or Markdown.

Two columns of facts (the target and its data on the left, the answer on the right), the
components of the probability with their backtest scores, and a numbered footer of the
caveats with their warning classes::

    >>> print(assess(get_target("003-05"), as_of=2023).summary())   # doctest: +SKIP
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from jxforecast.feasibility.quantity import (
    interval_text,
    is_gap,
    outcome_text,
    probability_text,
    quantity_name,
    required_text,
    value_text,
)
from jxforecast.feasibility.verdict import VERDICT_WORDS

if TYPE_CHECKING:  # pragma: no cover
    from jxforecast.feasibility.assessment import Assessment

WIDTH = 78


def _num(x: float | None, digits: int = 2) -> str:
    return "n/a" if x is None else f"{x:,.{digits}f}"


def _pct(x: float | None) -> str:
    return probability_text(x)


class Summary:
    """The summary of one `Assessment`; ``str()`` is the text table."""

    def __init__(self, assessment: Assessment, lang: str = "en") -> None:
        self.a = assessment
        self.lang = lang

    # ------------------------------------------------------------------ content
    def facts(self) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
        """Left (the target and its data) and right (the answer) columns as (label, value) pairs."""
        a, t = self.a, self.a.target
        zh = self.lang == "zh"
        iv = a.interval
        verdict = VERDICT_WORDS[a.verdict][0] if zh and a.verdict in VERDICT_WORDS else a.verdict
        left = [
            ("目标" if zh else "Target", f"{t.target_id} {t.label()}".strip()),
            ("评估时点" if zh else "As of", str(a.as_of)),
            ("口径" if zh else "Measure / basis", f"{t.measure} / {a.basis}"),
            ("预测期" if zh else "Horizon",
             f"{a.horizon} " + ("年" if zh else "year" + ("s" if a.horizon != 1 else ""))),
            ("观测值" if zh else "Observations", str(a.n_obs)),
            ("政府层级" if zh else "Level", a.region_level),
        ]
        stale = [i for i, w in enumerate(a.warnings, 1) if w.category.__name__ == "StaleDataWarning"]
        if stale:
            verdict += f" ({'数据陈旧' if zh else 'stale data'}, [{stale[0]}])"
        within = ""
        if t.operator in ("~", "sync") and a.probability is not None:
            within = f" (±{t.tolerance:g})"
        right = [
            ("结论" if zh else "Verdict", verdict),
            ("概率" if zh else "Probability", _pct(a.probability) + within),
            ("严格概率" if zh else "Strict", _pct(a.probability_strict)),
            ("中位数" if zh else "Median", value_text(a.median, t, self.lang, "n/a")),
            (f"{iv.level:.0%}区间" if zh else f"{iv.level:.0%} interval",
             interval_text(iv.lo, iv.hi, t, self.lang, "n/a")),
        ]
        if a.probability_strive is not None:
            right.append(("力争水平概率" if zh else "Strive level", _pct(a.probability_strive)))
        if a.outcome is not None and a.met is not None:
            right.append(("实际结果" if zh else "Outcome",
                          outcome_text(a.outcome, a.met.tolerant, a.met.strict, t, self.lang)))
        return left, right

    def quantity(self) -> str:
        """What the median, interval and outcome measure; for an in-step goal the two medians beside the gap."""
        a, t, zh = self.a, self.a.target, self.lang == "zh"
        text = quantity_name(t, self.lang)
        r = a.required
        if is_gap(t) and a.median is not None and r is not None and r.value is not None:
            ref = r.value  # the median growth of the reference (GDP) the indicator has to match
            own = ref + a.median
            text += (f"；中位数：收入实际增长约{own:.1f}%，GDP增长{ref:.1f}%，差距{value_text(a.median, t, 'zh')}"
                     if zh else f"; medians: real income growth about {own:.1f}%, GDP growth {ref:.1f}%, gap "
                     f"{value_text(a.median, t, 'en')}")
        return text

    def requirement(self) -> str:
        """What the target needs, in one line (empty when nothing is known)."""
        r = self.a.required
        if r is None or r.value is None:
            return ""
        text = required_text(r.value, r.kind, self.a.target, self.lang)
        if not is_gap(self.a.target):
            text += f" ({r.kind})"
        if r.real_equivalent is not None:
            text += f"; ≈ {r.real_equivalent:.1f} real"
        if r.percentile is not None:
            reached = 100 - r.percentile if self.a.target.higher_is_better else r.percentile
            text += (f";本地区可比时期中{reached:.0f}%达到过" if self.lang == "zh"
                     else f"; reached in {reached:.0f}% of comparable past periods")
        return text

    def _lines(self) -> list[tuple[str, str]]:
        """What the numbers measure, the requirement, and `extra_lines`."""
        req = self.requirement()
        zh = self.lang == "zh"
        return ([("数值含义" if zh else "Numbers are", self.quantity())]
                + ([("所需" if zh else "Required", req)] if req else []) + self.extra_lines())

    def extra_lines(self) -> list[tuple[str, str]]:
        """The combination's components and the evidence of similar targets, when there are some."""
        a, zh = self.a, self.lang == "zh"
        out = []
        if a.announced:
            from jxforecast.feasibility.announced import Announced

            words = Announced.from_dict(a.announced).describe(self.lang)
            tail = ("; 预测以此为据,与所检验的数值无关" if zh
                    else "; it informs the forecast, the value checked does not")
            if a.announced.get("source") in ("none", "checked"):
                tail = ""
            out.append(("公布目标" if zh else "Announced", words + tail))
        if a.components:
            parts = [f"{name.replace('_', ' ')} {_pct(c.probability_strict)}"
                     + (f" (w {c.weight:.2f})" if c.weight is not None else "") for name, c in a.components.items()]
            out.append(("组成" if zh else "Combined from", ", ".join(parts)))
        if a.evidence:
            sentence = a.evidence.get("evidence_zh" if zh else "evidence")
            if sentence:
                out.append(("依据" if zh else "Evidence", str(sentence)))
        return out

    def components(self) -> list[tuple[str, str, str, str, str]]:
        """Rows ``(component, weight, MAE, RMSE, folds)`` of the blend and the target components."""
        rows = []
        for name, weight in sorted(self.a.models.items(), key=lambda kv: -kv[1]):
            bt = self.a.backtest.get(name, {})
            rows.append((name, f"{weight:.2f}", _num(bt.get("mae")), _num(bt.get("rmse")),
                         "" if bt.get("n_folds") is None else f"{bt['n_folds']:.0f}"))
        return rows

    def caveats(self) -> list[tuple[str, str]]:
        """Each caveat's message and class name."""
        return [(str(w), w.category.__name__) for w in self.a.warnings]

    def title(self) -> str:
        """The summary's title, with the target's wording."""
        t = self.a.target
        quote = " ".join((t.quote or "").split())
        return ("目标可行性评估" if self.lang == "zh" else "Target assessment") + (f": {quote}" if quote else "")

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
            lines.append(f"{'component':<28}{'weight':>8}{'MAE':>10}{'RMSE':>10}{'folds':>8}")
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
            out += ["", "| component | weight | MAE | RMSE | folds |", "|---|---:|---:|---:|---:|"]
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
            head = "".join(f"<th>{h}</th>" for h in ("component", "weight", "MAE", "RMSE", "folds"))
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
