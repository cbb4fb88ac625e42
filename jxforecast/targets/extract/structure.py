"""Document structure: plan year and region, sections, sentences, clauses and horizons.

Short heading lines switch between review (past outcomes, e.g. "2022年工作回顾",
"...取得决定性成就") and plan sections; sentences that report the past ("这一年",
"同比", "比上年") are skipped.  Headings and sentences also set the horizon
("到2025年", "二〇三五年远景目标", "“十四五”末").  Tables with a 责任单位 column give
each row its responsible unit.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import NamedTuple

from jxforecast.errors import JxError
from jxforecast.targets.extract.candidate import SentenceContext
from jxforecast.targets.extract.lexicon import alternation, lexicon
from jxforecast.targets.extract.normaliser import fold, year_of

_LEX = lexicon()
# Boundaries: a sentence ends at 。;!?, a line break, or a table cell; clauses at , 、 :
_SENT_BOUND = re.compile(r"[。;!?\n|\t]")
_CLAUSE_BOUND = set(",、:")
_PAST_SENT = re.compile(
    r"^(?:这一年|过去一年|过去的一年|过去五年|过去5年|一年来|五年来|回顾|上年|去年)|同比|比上年|较上年"
)
_PAST_HEAD = re.compile(alternation(_LEX.past_headings))
_FUTURE_HEAD = re.compile(alternation(_LEX.future_headings))
_SECTION_HEAD = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+[、.]|\(?[一二三四五六七八九十]+\)|第[一二三四五六七八九十]+[章节部分]|\d+[.、])")
_HORIZON = re.compile(r"(?:到|至|于|在)?(?P<y>\d{4}|[〇零一二三四五六七八九]{4})年(?:末|底|前)?")
_PLAN_TAG = re.compile(r"(?P<p>十[二三四五六]五)")
_SPAN_YEARS = re.compile(  # "通过三年时间", "五年累计": a goal over several years from the plan year
    r"(?:通过|用|经过|未来)([二两三四五2-5])年|(?<![\d〇零一二三四五六七八九])([二两三四五2-5])年(?:内)?累计")
_NUMERALS = {"二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
_RESPONSIBLE_HEAD = re.compile(r"责任单位|牵头单位|责任部门|责任主体|牵头部门")

Horizon = tuple[int | None, int | None, str]


def horizon(sentence: str) -> Horizon:
    """Read the target year a sentence or heading sets, with its base year.

    Parameters
    ----------
    sentence
        Normalised text (到2025年 / 二〇三五年 / “十四五”末 / 比2020年).

    Returns
    -------
    tuple
        ``(year, base_year, note)``; None where not stated, note empty unless
        the year was read from a five-year-plan tag.
    """
    base = None
    m_base = re.search(r"(?:比|较|在)(\d{4})年(?:的)?(?:基础上)?", sentence)
    if m_base:
        base = int(m_base.group(1))
    for m in _HORIZON.finditer(sentence):
        if m_base and m.start() <= m_base.start() < m.end() + 1:
            continue
        y = year_of(m.group("y"))
        if y and 1990 <= y <= 2100 and (m.group(0).startswith(("到", "至")) or y >= 2030 or "远景" in sentence):
            return y, base, ""
    tag = _PLAN_TAG.search(sentence)
    if tag and re.search(r"十[二三四五六]五\W?(?:末|时期|期间|规划)", sentence):
        end = _LEX.plans[tag.group("p")]
        return end, base or end - 5, f"horizon {tag.group('p')} = {end}"
    return None, base, ""


class PlanYear(NamedTuple):
    """The plan year of a document and how it was decided.

    Attributes
    ----------
    year
        The year, or None when the text does not tell it.
    how
        The evidence, in words (``"title: 2024年…政府工作报告"``), or why there is no year.
    ambiguous
        True when the years named most often tie and nothing else decides.
    """

    year: int | None
    how: str
    ambiguous: bool = False


_TITLE_PLAN = re.compile(
    r"(?<![到至])(\d{4})年(?!度?(?:工作回顾|计划执行|国民经济和社会发展计划执行))[^。;!?\n]{0,30}?"
    r"(?:计划|政府工作报告|工作报告|工作要点|工作任务|任务清单|预期目标|主要目标)")
_FIVE_YEAR_TITLE = re.compile(r"(?:十([二三四五六])五|第十([二三四五六])个五年)[^\n]{0,20}规划")
_ANNOUNCE = re.compile(
    r"(?<![到至于])(\d{4})年(?!远景|\d{1,2}月)[^。;!?\n\d%]{0,30}(?:\n[^。;!?\n\d%]{0,12})?(?:主要预期目标|预期目标|主要目标|目标)")
_ANNOUNCE_PAST = re.compile(r"^(?:任务)?(?:[^。;\n]{0,4})(?:圆满|顺利|全面|较好|超额|基本)?(?:完成|实现|达成)")
_RELATIVE = re.compile(r"(今年|明年)[^。;!?\n]{0,30}(?:主要预期目标|预期目标|主要目标)")
_REVIEWED = re.compile(r"^\s*(?:[一二三四五六七八九十]+、)?(\d{4})年(?:工作回顾|国民经济和社会发展计划执行情况)", re.M)
_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
_PLAN_END = {"二": 2015, "三": 2020, "四": 2025, "五": 2030, "六": 2035}


def _title_lines(norm: str) -> list[str]:
    """The title block: of the first three non-empty lines, those that read as headings."""
    lines = [ln.strip() for ln in norm[:2000].splitlines() if ln.strip()]
    return [ln for ln in lines[:3] if len(ln) <= 60 and not re.search(r"[。;!?]|:$", ln)]


def _announced(norm: str) -> list[tuple[int, str]]:
    """Years of the phrases that announce targets (``2024年…主要预期目标``), not of reports of them."""
    found = []
    for m in _ANNOUNCE.finditer(norm[:30000]):
        if _ANNOUNCE_PAST.match(norm, m.end()) or "回顾" in m.group(0) or "执行情况" in m.group(0):
            continue
        found.append((int(m.group(1)), " ".join(m.group(0).split())))
    return found


def detect_plan_year(norm: str) -> PlanYear:
    """Decide the plan year of a document, and say how.

    The evidence, strongest first: a year in the title (``2024年…政府工作报告``,
    ``…第十四个五年规划`` gives its last year); a phrase that announces targets
    (``2024年…主要预期目标``, the latest such year; ``今年/明年…主要预期目标``
    counted from the document's date); the document's own date (``2024年1月28日``);
    the year after a review's heading (``一、2023年工作回顾``); and only then the
    year named most often.  A tie between years named equally
    often is not broken: the year is None and ``ambiguous`` is set.

    Parameters
    ----------
    norm
        Normalised document text.

    Returns
    -------
    PlanYear
        The year and the evidence.
    """
    title = "".join(_title_lines(norm))  # a title may run over several lines
    five = _FIVE_YEAR_TITLE.search(title)
    if five:
        end = _PLAN_END[five.group(1) or five.group(2)]
        return PlanYear(end, f"title names a five-year plan ending {end}")
    named = [(int(m.group(1)), title[:m.end()]) for m in _TITLE_PLAN.finditer(title)]
    if named:
        year, words = max(named)
        return PlanYear(year, f"title: {words[-50:]}")
    announced = _announced(norm)
    if announced:
        year, phrase = max(announced)
        return PlanYear(year, f"targets announced for it: {phrase[:40]}")
    date = _DATE.search(norm[:1000])
    relative = _RELATIVE.search(norm[:30000])
    if date:
        y = int(date.group(1))
        if relative and relative.group(1) == "明年":
            return PlanYear(y + 1, f"明年 in a document dated {date.group(0)}")
        return PlanYear(y, f"document dated {date.group(0)}")
    reviewed = _REVIEWED.search(norm[:30000])
    if reviewed:
        return PlanYear(int(reviewed.group(1)) + 1, f"the year after the one reviewed ({reviewed.group(0)})")
    counts: dict[int, int] = {}
    for m in re.finditer(r"(20\d{2})年", norm[:20000]):
        counts[int(m.group(1))] = counts.get(int(m.group(1)), 0) + 1
    if not counts:
        return PlanYear(None, "the text names no year")
    top = max(counts.values())
    best = sorted(y for y, n in counts.items() if n == top)
    if len(best) > 1:
        tied = " and ".join(str(y) for y in best)
        return PlanYear(None, f"{tied} are named equally often and no title, target announcement or date "
                        "tells which is the plan year", ambiguous=True)
    return PlanYear(best[0], f"the year named most often ({top} times)")


def detect_year(norm: str) -> int | None:
    """Read the plan year of a document (see `detect_plan_year`).

    Parameters
    ----------
    norm
        Normalised document text.

    Returns
    -------
    int or None
        The year, or None when the text does not tell it.
    """
    return detect_plan_year(norm).year


def five_year_title(norm: str) -> bool:
    """Tell whether the title names a five-year plan (``第十四个五年规划``, ``“十四五”…规划``).

    Parameters
    ----------
    norm
        Normalised document text.

    Returns
    -------
    bool
        True for a five-year plan or its proposal; an annual plan that mentions one is not.
    """
    return any(_FIVE_YEAR_TITLE.search(line) for line in _title_lines(norm))


def detect_region(norm: str) -> str | None:
    """Read the region id from the title lines, else take the most often named region.

    Parameters
    ----------
    norm
        Normalised document text.

    Returns
    -------
    str or None
        A registry region id below province level, or None.
    """
    from jxforecast.registry import regions

    regs = [r for r in regions().values() if r.level not in ("country", "province")]
    names = {r.id: {fold(r.name_zh), fold(re.sub(r"(市|区|县|省)$", "", r.name_zh))} for r in regs}
    depth = {"district": 3, "county": 3, "city": 2}
    for line in norm[:600].splitlines():
        if "|" in line or "\t" in line.strip() or len(line) > 100:
            continue
        if re.search(r"政府|计划|报告|规划|建议|委员会|市委|区委|县委", line):
            found = [r for r in regs if any(n and n in line for n in names[r.id])]
            if found:
                return max(found, key=lambda r: depth.get(r.level, 1)).id
    own = self_name(norm)
    if own and not any(fold(own) in ns for ns in names.values()):
        return None  # the text names itself, a place not in the registry: other places are only mentioned
    counts = {rid: sum(norm.count(n) for n in ns if n) for rid, ns in names.items()}
    best = max(counts, key=lambda rid: counts[rid], default=None)
    return best if best and counts[best] > 0 else None


_SELF_NAME = re.compile(
    r"(?P<name>[\u4e00-\u9fff]{2,7}?(?:自治区|省|市|区|县|州|盟|旗))"
    r"(?:人民政府|第?[一二三四五六七八九十]+届(?:人民代表大会|人大)|人民代表大会|\d{4}年(?:国民经济|政府工作报告)|"
    r"政府工作报告|国民经济和社会发展)")
_NOT_A_PLACE = re.compile(r"^(?:上午|下午|会上|报告|全|本|我|各|该|中共|关于|下达)")


def self_name(norm: str) -> str | None:
    """The place a document says it is from ("济南市第十八届人民代表大会", "舟山市2022年政府工作报告").

    Parameters
    ----------
    norm
        Normalised document text.

    Returns
    -------
    str or None
        The place's name as written (济南市, 广东省), or None when the opening does not name one.
    """
    for m in _SELF_NAME.finditer(norm[:1500]):
        name = re.split(r"关于|制定|下达|印发|发布|召开|开幕|上午|下午|中共|[市区县]?委", m.group("name"))[-1]
        while _NOT_A_PLACE.match(name) and len(name) > 3:
            name = _NOT_A_PLACE.sub("", name, count=1)
        if len(name) >= 2 and not _NOT_A_PLACE.match(name):
            return name
    return None


def is_heading(line: str) -> bool:
    """Tell whether a line is a heading: short, no closing punctuation, no table cells.

    Parameters
    ----------
    line
        One line of normalised text.

    Returns
    -------
    bool
        Whether the line reads as a heading.
    """
    s = line.strip()
    return 0 < len(s) <= 60 and not re.search(r"[。;!?]$", s) and "|" not in s and "\t" not in line.strip("\t")


class LineInfo(NamedTuple):
    """Section state at one line.

    Attributes
    ----------
    past
        The line is in a review section.
    year, base_year, note
        The section's horizon (see `horizon`).
    responsible
        The line's 责任单位 cell in a task table, or empty.
    """

    past: bool
    year: int | None
    base_year: int | None
    note: str
    responsible: str


_ResponsibleColumn = tuple[str, int, bool]  # separator, column, is-last
_NO_SECTION: Horizon = (None, None, "")


def _responsible(line: str, col: _ResponsibleColumn | None) -> tuple[str, _ResponsibleColumn | None]:
    """Read the responsible-unit cell of a table line, and the column (set by a header line)."""
    if ("|" in line or "\t" in line.strip()) and _RESPONSIBLE_HEAD.search(line):
        sep = "|" if "|" in line else "\t"
        cells = [c.strip() for c in line.strip().strip(sep).split(sep)]
        idx = next(j for j, c in enumerate(cells) if re.search(r"责任|牵头", c.replace(" ", "")))
        return "", (sep, idx, idx == len([c for c in cells if c]) - 1)
    if col and col[0] in line:
        cells = [c.strip() for c in line.strip().strip(col[0]).split(col[0])]
        filled = [c for c in cells if c]
        if col[2] and len(filled) >= 2:
            return filled[-1], col
        if len(cells) > col[1]:
            return cells[col[1]], col
    return "", col


def _section(line: str, past: bool, sec: Horizon) -> tuple[bool, Horizon]:
    """Past/plan state and horizon after a line (changed only by headings)."""
    if not is_heading(line) or re.search(r"\d+(?:\.\d+)?%", line):
        return past, sec
    h = line.strip()
    if _PAST_HEAD.search(h) and not _FUTURE_HEAD.search(h):
        past = True
    elif _FUTURE_HEAD.search(h) or re.search(r"十[四五六]五|二〇三五|2035", h):
        past = False
    if _SECTION_HEAD.search(h) or _FUTURE_HEAD.search(h) or _PAST_HEAD.search(h):
        y, b, note = horizon(h)
        sec = (y, b, note) if y else _NO_SECTION
    return past, sec


_BULLET = re.compile(
    r"^\s*(?:[●◆■▲△◇○•·▪►※★☆◎]|[-—*]+(?!\d)|\(?[一二三四五六七八九十]+\)|[一二三四五六七八九十]+、)\s*")
_PAST_OPEN = re.compile(
    r"^(?:(?:刚刚)?过去(?:的)?(?:一|五|5)年|这一年|一年来|五年来|去年|上年|回顾|"
    r"预计(?:全年|全市|全省|全区|全县|全旗|\d{4}年))")
_PLAN_MARK = re.compile(r"预期目标|目标为|目标是|力争|确保|争取|今年|明年|新的一年")


def _opening_year(body: str) -> int | None:
    """The year a passage opens with as its subject (``2023年，全市…``), else None."""
    m = re.match(r"(\d{4})年(?!\d{1,2}月)", body)
    return int(m.group(1)) if m else None


def _future_after(body: str, plan_year: int | None) -> bool:
    """Whether a passage that opens with the past turns to the plan (今年, 力争, the plan year)."""
    plan = f"|{plan_year}年" if plan_year else ""
    return bool(re.search(rf"今年|明年|新的一年|力争|确保|争取{plan}", body))


def past_passage(line: str, past_list: bool, plan_year: int | None) -> tuple[bool, bool]:
    """Tell whether a line reports the past, and whether it leaves a past bullet list open.

    A line reports the past when it opens (after a bullet) with a year before the plan
    year or with 过去一年/去年/一年来/回顾/预计全年, unless it turns to the plan (今年,
    力争, the plan year).  A line that announces targets (预期目标, 目标为, 力争,
    今年) sets targets.  A bullet with neither continues its list: past after a past
    bullet ("●2023年…" then "●广州经济总量突破3万亿元"); prose does not carry the past on.

    Parameters
    ----------
    line
        One line of normalised text.
    past_list
        Whether the lines before it are a bullet list that reports the past.
    plan_year
        The document's plan year, or None.

    Returns
    -------
    tuple of bool
        ``(past, past_list)``: the line reports the past; a past bullet list goes on.
    """
    body = _BULLET.sub("", line, count=1)
    bullet = len(body) < len(line.lstrip())
    opening = _opening_year(body)
    if (opening and plan_year and opening < plan_year) or _PAST_OPEN.match(body):
        past = not _future_after(body, plan_year)
        return past, past and bullet
    if _PLAN_MARK.search(body) or (opening and plan_year and opening >= plan_year):
        return False, False
    if not body.strip():
        return False, past_list
    return past_list and bullet, past_list and bullet


def _lines(norm: str, plan_year: int | None = None) -> tuple[list[int], list[LineInfo]]:
    """Line starts and the section state of every line (a past passage counts as a review)."""
    line_starts = [0] + [m.end() for m in re.finditer("\n", norm)]
    info: list[LineInfo] = []
    past = passage = past_list = False
    sec = _NO_SECTION
    col: _ResponsibleColumn | None = None
    for i, ls in enumerate(line_starts):
        le = line_starts[i + 1] - 1 if i + 1 < len(line_starts) else len(norm)
        line = norm[ls:le]
        responsible, col = _responsible(line, col)
        past, sec = _section(line, past, sec)
        passage, past_list = (past_passage(line, past_list, plan_year) if "|" not in line and "\t" not in line
                              else (False, False))
        info.append(LineInfo(past or passage, *sec, responsible))
    return line_starts, info


def _past_sentence(sent: str, doc_year: int | None) -> bool:
    """Whether a sentence reports the past rather than set a goal."""
    body = _BULLET.sub("", sent.strip(), count=1)
    spast = bool(_PAST_SENT.search(body))
    if spast and not re.match(r"\s*(?:这一年|过去|一年来|五年来|回顾|上年|去年)", body) and re.search(
            r"确保|力争|争取|目标|左右|以上|以内|控制在", body):
        spast = False  # "确保事故起数同比下降20%左右": a goal stated against last year
    opening = _opening_year(body)
    past_year = bool(doc_year and opening and opening < doc_year and not re.search(r"到|至|力争|确保|目标", body[:12]))
    if past_year:
        spast = True
    if re.search(r"力争|确保|目标|预期|要求|计划", body) and not re.search(r"同比|比上年", body):
        # "2023年…增长5.2%，高于预期目标": a past year's result measured against its target
        spast = spast and (bool(re.match(r"\s*(?:这一年|过去)", body))
                           or (past_year and not _future_after(body, doc_year)))
    return spast


@dataclass
class Document:
    """The normalised text with its structure.

    Attributes
    ----------
    text
        Normalised text.
    year, region
        Plan year and region id (given, or read from the text).
    base_year
        Base year of a five-year plan document (2020 for 十四五), else None.
    line_starts, lines
        Offset and `LineInfo` of every line.
    bounds
        Offsets of sentence boundaries.
    year_how
        How the plan year was decided (see `detect_plan_year`).
    """

    text: str
    year: int | None
    region: str | None
    base_year: int | None
    line_starts: list[int]
    lines: list[LineInfo]
    bounds: list[int]
    year_how: str = ""
    _contexts: dict[int, SentenceContext] = field(default_factory=dict, repr=False)

    @classmethod
    def read(cls, norm: str, *, year: int | None = None, region: str | None = None) -> Document:
        """Structure of a normalised document.

        Parameters
        ----------
        norm
            Normalised text.
        year, region
            Plan year and region; read from the text when not given.

        Returns
        -------
        Document
            The document with its lines, sections and sentence boundaries.
        """
        plan_year = PlanYear(year, "given") if year else detect_plan_year(norm)
        if plan_year.ambiguous:
            raise JxError(f"The plan year cannot be read from the text: {plan_year.how}; give it with --year.")
        doc_year = plan_year.year
        doc_region = region or detect_region(norm)
        base = doc_year - 5 if doc_year and five_year_title(norm) else None
        starts, lines = _lines(norm, doc_year)
        bounds = [m.start() for m in _SENT_BOUND.finditer(norm)]
        return cls(norm, doc_year, doc_region, base, starts, lines, bounds, plan_year.how)

    @property
    def five_year(self) -> bool:
        """Whether this is a five-year plan document (its targets have a base year)."""
        return self.base_year is not None

    def sentence_span(self, pos: int) -> tuple[int, int]:
        """Start and end of the sentence holding ``pos``.

        Parameters
        ----------
        pos
            A normalised offset.

        Returns
        -------
        tuple of int
            ``(lo, hi)``, the boundary characters excluded.
        """
        k = bisect.bisect_right(self.bounds, pos - 1)
        lo = self.bounds[k - 1] + 1 if k > 0 else 0
        hi = self.bounds[k] if k < len(self.bounds) else len(self.text)
        return lo, hi

    def line_index(self, pos: int) -> int:
        """Line number of offset ``pos``.

        Parameters
        ----------
        pos
            A normalised offset.

        Returns
        -------
        int
            Zero-based line number.
        """
        return bisect.bisect_right(self.line_starts, pos) - 1

    def line_end(self, li: int) -> int:
        """Offset of the start of the line after line ``li`` (the text's end for the last line).

        Parameters
        ----------
        li
            Line number.

        Returns
        -------
        int
            The offset.
        """
        return self.line_starts[li + 1] if li + 1 < len(self.line_starts) else len(self.text)

    def clause_start(self, lo: int, pos: int) -> int:
        """Start of the clause (after , 、 :) that holds ``pos``, not before ``lo``.

        Parameters
        ----------
        lo
            Start of the sentence.
        pos
            A normalised offset.

        Returns
        -------
        int
            The clause's first offset.
        """
        j = pos - 1
        while j >= lo and self.text[j] not in _CLAUSE_BOUND:
            j -= 1
        return j + 1

    def context(self, lo: int, hi: int) -> SentenceContext:
        """Past or plan, and horizon, of the sentence ``[lo, hi)``.

        Parameters
        ----------
        lo, hi
            The sentence's span (see `sentence_span`).

        Returns
        -------
        SentenceContext
            The sentence's context (cached per sentence).
        """
        if lo in self._contexts:
            return self._contexts[lo]
        info = self.lines[self.line_index(lo)]
        sent = self.text[lo:hi]
        spast = _past_sentence(sent, self.year)
        y, b, note = horizon(sent)
        if y is None:
            y, b, note = info.year, info.base_year, info.note
        span = _SPAN_YEARS.search(sent)
        if y is None and span and self.year and not self.five_year:
            word = span.group(1) or span.group(2)
            n = _NUMERALS.get(word) or int(word)
            y, note = self.year + n - 1, f"a {n}-year goal from the plan year"
        ctx = SentenceContext(info.past or spast, y, b, note)
        self._contexts[lo] = ctx
        return ctx
