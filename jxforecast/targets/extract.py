"""Read quantitative targets straight from the text of a Chinese plan document.

``extract_targets(text)`` finds every number that a plan sets as a goal
("地区生产总值增长6%左右", "确保28亿美元、力争30亿美元", "城乡居民收入与经济增长同步",
"到二〇三五年...翻一番") and returns one row per target in the column layout of
``data/targets.csv`` plus the character offsets of the quote in the *original*
text (``text[start:end] == quote``).

How it works, in order:

1. *Normalise for matching only*: traditional characters are mapped to
   simplified ones with OpenCC (``t2s``) and full-width forms folded with NFKC.
   Almost every character maps to one character; the rare ones that expand
   are tracked in an offset map, so quotes always come from the original text.
2. *Sections*: short heading lines switch between review (past outcomes, e.g.
   "2022年工作回顾", "...取得决定性成就") and plan sections; sentences that report
   the past ("这一年", "同比", "比上年") are skipped.  Headings and sentences also set
   the horizon ("到2025年", "二〇三五年远景目标", "“十四五”末").
3. *Quantities*: numbers (Arabic or Chinese numerals via cn2an) followed by a
   unit (%, 亿元, 万人, 兆瓦, 家 ...), ranges, and blanked quantities (a qualifier
   followed directly by a unit, "*" in place of digits).
4. *Indicator*: the nearest synonym before the number in the same clause
   (the registry's names and synonyms plus the wording variants below); a
   number with no known indicator becomes an ``unclassified`` row.
5. *Qualifier*: 以上/不低于/超过/突破 → ``>=``, 以内/不超过/控制在 → ``<=``, 左右 →
   ``~``, X—Y → ``range``, 确保X、力争Y → ``ensure_strive``, 达到/保持/稳定在 → ``level``,
   与经济增长同步 → ``sync``, 翻一番 → ``multiple``.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pandas as pd

from jxforecast.errors import DataError

COLUMNS = [
    "target_id", "source_doc", "region", "year", "base_year", "indicator", "measure", "operator",
    "value", "value_high", "unit", "basis", "reference", "status", "responsible", "quote", "note",
    "start", "end",
]
UNCLASSIFIED = "unclassified"

# --------------------------------------------------------------------------------------
# Wording variants used in Chinese statistical reporting, beyond the registry's synonyms.
# Keys are registry ids; matching is done on simplified, NFKC-folded text.
EXTRA_SYNONYMS: dict[str, tuple[str, ...]] = {
    "gdp": ("地区生产总值", "生产总值", "GDP", "国内生产总值", "经济增速", "经济总量"),
    "gdp_per_capita": ("人均地区生产总值", "人均生产总值", "人均GDP"),
    "industry_va": ("规上工业增加值", "规模以上工业增加值", "规模以上工业企业增加值", "规上工业企业增加值"),
    "industry_va_total": ("全部工业增加值", "工业增加值"),
    "services_va": ("服务业增加值", "第三产业增加值"),
    "fai": ("固定资产投资", "全社会固定资产投资", "固投", "有效投资"),
    "manufacturing_investment": ("制造业投资",),
    "retail": ("社会消费品零售总额", "社会消费品零售额", "社零总额", "社零", "消费品零售总额"),
    "budget_revenue": ("一般公共预算收入", "地方一般公共预算收入", "地方财政收入", "公共财政预算收入",
                       "一般公共预算财政收入", "财政一般预算收入"),
    "fiscal_total_revenue": ("财政总收入",),
    "income_urban": ("城镇居民人均可支配收入", "城镇常住居民人均可支配收入", "城镇居民收入"),
    "income_rural": ("农村居民人均可支配收入", "农村常住居民人均可支配收入", "农村居民收入", "农民收入",
                     "农民人均纯收入"),
    "income_per_capita": ("全体居民人均可支配收入", "居民人均可支配收入", "居民收入"),
    "cpi": ("居民消费价格", "居民消费价格指数", "居民消费价格涨幅", "居民消费价格总水平", "CPI", "物价涨幅",
            "物价总水平"),
    "unemployment_surveyed": ("城镇调查失业率", "调查失业率"),
    "unemployment_registered": ("城镇登记失业率", "登记失业率"),
    "new_urban_jobs": ("城镇新增就业", "城镇新增就业人数", "新增城镇就业", "新增城镇就业人数", "新增就业"),
    "rd_share": ("研发投入强度", "研发经费投入强度", "R&D经费投入强度", "R&D经费支出占GDP比重",
                 "R&D经费占GDP比重", "研发经费支出占GDP比重", "研发经费占GDP比重",
                 "研究与试验发展经费支出占生产总值比重", "研究与试验发展经费支出占地区生产总值比重",
                 "研究与试验发展经费支出占GDP比重", "研究与试验发展经费投入强度",
                 "全社会研究与试验发展经费支出占生产总值比重", "全社会研发投入占GDP比重",
                 "全社会R&D经费占GDP比重", "全社会R&D经费支出占GDP比重"),
    "exports": ("出口", "出口总额", "外贸出口", "货物出口", "货物出口总额"),
    "imports_exports": ("进出口", "进出口总额", "外贸进出口", "货物进出口", "货物进出口总额", "外贸进出口总额"),
    "fdi": ("实际利用外资", "实际使用外资", "实到外资", "利用外资", "外资"),
    "population": ("常住人口",),
    "energy_intensity": ("单位GDP能耗", "能耗强度", "单位生产总值能耗", "单位地区生产总值能耗",
                         "单位地区生产总值综合能耗", "单位GDP综合能耗", "万元GDP能耗"),
    "solar_capacity": ("光伏装机", "光伏装机容量"),
    "pm25": ("PM2.5", "PM_2.5", "细颗粒物", "PM2.5浓度", "PM2.5平均浓度", "PM2.5年均浓度", "细颗粒物浓度",
             "PM2.5均值"),
    "water_quality": ("Ⅲ类及以上水体比例", "三类及以上水体比例", "Ⅲ类及以上水质比例", "三类及以上水质比例",
                      "三类以上水质比例", "Ⅲ类以上水质比例", "Ⅲ类水比例", "三类水比例", "Ⅲ类水质比例"),
    "industry_output": ("工业总产值", "规上工业总产值", "规模以上工业总产值", "工业产值"),
}
# One wording that names several indicators: one target row for each.
COMPOSITE_SYNONYMS: dict[str, tuple[str, ...]] = {
    "城乡居民收入": ("income_urban", "income_rural"),
    "城乡居民人均可支配收入": ("income_urban", "income_rural"),
    "城乡居民人均收入": ("income_urban", "income_rural"),
}
# Short, generic words that name an indicator only when they stand alone
# ("推动投资增长8%"), not as the tail of a compound ("交通投资", "工业投资").
GENERIC = {"投资", "出口", "外资", "产值", "能耗", "水质", "物价", "进出口", "经济增长", "收入", "居民收入",
           "利用外资", "新增就业", "有效投资"}
_GENERIC_OK_BEFORE = ("推动", "实现", "完成", "力争", "确保", "争取", "促进", "保持", "全年", "全市", "全区", "全县",
                      "全省", "年度", "其中", "带动", "年", "市", "区", "县", "省", "的", "和", "与", "及")
_RATE_INDICATORS = {"cpi", "unemployment_surveyed", "unemployment_registered"}

# --------------------------------------------------------------------------------------
# Units: written form (normalised) -> (unit id, factor, measure)
UNITS: dict[str, tuple[str, float, str]] = {
    "%": ("pct", 1, "pct"), "个百分点": ("pp", 1, "pp"), "倍": ("ratio", 1, "level"),
    "万亿元": ("100m_yuan", 10000, "level"), "亿元": ("100m_yuan", 1, "level"),
    "万元": ("10k_yuan", 1, "level"), "元": ("yuan", 1, "level"),
    "亿美元": ("100m_usd", 1, "level"), "万美元": ("10k_usd", 1, "level"),
    "万人次": ("10k_person_times", 1, "level"), "人次": ("person_times", 1, "level"),
    "万人": ("10k_persons", 1, "level"), "万名": ("10k_persons", 1, "level"),
    "人": ("persons", 1, "level"), "名": ("persons", 1, "level"),
    "万千瓦": ("10k_kw", 1, "level"), "千瓦": ("kw", 1, "level"), "兆瓦": ("mw", 1, "level"),
    "吉瓦": ("gw", 1, "level"), "GW": ("gw", 1, "level"), "MW": ("mw", 1, "level"),
    "万吨标准煤": ("10k_tce", 1, "level"), "万吨标煤": ("10k_tce", 1, "level"), "万吨": ("10k_t", 1, "level"),
    "吨": ("t", 1, "level"),
    "万平方米": ("10k_sqm", 1, "level"), "平方米": ("sqm", 1, "level"), "平方公里": ("km2", 1, "level"),
    "公里": ("km", 1, "level"), "千米": ("km", 1, "level"),
    "万亩": ("10k_mu", 1, "level"), "亩": ("mu", 1, "level"), "公顷": ("ha", 1, "level"),
    "微克/立方米": ("ug_m3", 1, "level"), "μg/m3": ("ug_m3", 1, "level"),
    "万吨标准箱": ("10k_teu", 1, "level"), "万标箱": ("10k_teu", 1, "level"),
    "岁": ("years", 1, "level"), "天": ("days", 1, "level"),
    "家": ("count", 1, "level"), "个": ("count", 1, "level"), "所": ("count", 1, "level"),
    "条": ("count", 1, "level"), "项": ("count", 1, "level"), "次": ("count", 1, "level"),
    "场": ("count", 1, "level"), "张": ("count", 1, "level"), "座": ("count", 1, "level"),
    "件": ("count", 1, "level"), "套": ("count", 1, "level"), "辆": ("count", 1, "level"),
    "台": ("count", 1, "level"), "户": ("count", 1, "level"), "处": ("count", 1, "level"),
    "根": ("count", 1, "level"), "批": ("count", 1, "level"), "支": ("count", 1, "level"),
}
_MONEY_UNITS = {"100m_yuan", "10k_yuan", "yuan", "100m_usd", "10k_usd"}
_UNIT_RE = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
_CN_DIGITS = "〇零一二两三四五六七八九十百千"
_NUM = r"\d+(?:\.\d+)?"
# A quantity: number [range] unit.  Chinese numerals are accepted only where a
# qualifier or target verb stands right before them (checked afterwards).
_QTY = re.compile(
    r"(?P<num>" + _NUM + r"|[" + _CN_DIGITS + r"]+)"
    r"(?:(?P<pct1>%)?\s*(?P<dash>-|—|–|~|至|到)\s*(?P<num2>" + _NUM + r"))?"
    r"(?P<unit>" + _UNIT_RE + r")"
)
# A blanked quantity: a qualifier followed directly by a unit, or '*' in place of digits.
_BLANK_UNITS = r"万亿元|亿元|万元|亿美元|万人|万千瓦|%"
_BLANK = re.compile(
    r"(?:(?<=达到)|(?<=突破)|(?<=超过)|(?<=力争)|(?<=增长)|(?<=提高到)|(?<=达)|(?<=超)|(?<=至))"
    r"(?P<unit>" + _BLANK_UNITS + r")"
    r"|(?P<star>[\d.]*\*+[\d.]*)(?P<unit2>" + _BLANK_UNITS + r")"
)
_SYNC = re.compile(r"(?:与|和|同)(?:地区生产总值增长|经济增长|GDP增长|经济发展)(?:基本)?(?:保持)?同步")
_DOUBLE = re.compile(r"翻(?P<n>一|两|二|三)?番|(?P<plan>倍增)")

_RIGHT_QUAL = re.compile(r"\s*(?P<q>及以上|以上|以内|之内|以下|左右|上下)")
# Qualifiers read from the words just before the number (longest first).
_LEFT_QUALS: tuple[tuple[str, str], ...] = (
    ("不低于", ">="), ("不少于", ">="), ("不小于", ">="), ("至少", ">="), ("超过", ">="), ("突破", ">="),
    ("高于", ">="), ("大于", ">="), ("超", ">="),
    ("不超过", "<="), ("不高于", "<="), ("不大于", "<="), ("低于", "<="), ("小于", "<="),
    ("控制在", "<="),
    ("约", "~"),
    ("达到", "level"), ("保持在", "level"), ("稳定在", "level"), ("保持", "level"), ("稳定", "level"),
    ("提高到", "level"), ("提升到", "level"), ("提高至", "level"), ("提升至", "level"), ("下降到", "level"),
    ("降低到", "level"), ("降至", "level"), ("达", "level"), ("实现", "level"), ("完成", "level"),
)
_GROWTH = re.compile(r"(年均|年平均)?(增长|增速|增幅|增加|提高|提升|涨幅|上涨|下降|降低|减少|回落)")
_STRIVE = re.compile(r"力争|争取")
_ENSURE = re.compile(r"确保")
_CN_OK_BEFORE = ("新增", "达到", "不少于", "不低于", "超过", "完成", "实现", "培育", "建设", "创建", "办好", "引进",
                 "新建", "力争", "确保", "建成", "打造", "推动", "争创", "布局", "启动", "招引", "新引进", "发放",
                 "安排", "举办", "实施", "形成", "集中力量推动", "达", "超", "约")
_PLAN_NUMBER = {"十二五": 2015, "十三五": 2020, "十四五": 2025, "十五五": 2030, "十六五": 2035}

# Boundaries: a sentence ends at 。;!?, a line break, or a table cell; clauses at , 、 :
_SENT_BOUND = re.compile(r"[。;!?\n|\t]")
_CLAUSE_BOUND = set(",、:")
_PAST_SENT = re.compile(r"^(?:这一年|过去一年|过去的一年|过去五年|过去5年|一年来|五年来|回顾|上年|去年)|同比|比上年|较上年")
_PAST_HEAD = re.compile(r"回顾|成就|成绩|总结|过去")
_FUTURE_HEAD = re.compile(r"任务|目标|安排|计划|展望|建议|思路|部署|举措|重点|要求|今后|未来|新的一年|今年")
_SECTION_HEAD = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.]|\(?[一二三四五六七八九十]+\)|第[一二三四五六七八九十]+[章节部分]|\d+[.、])")


# --------------------------------------------------------------------------------------
# Reading a file


def read_plan_text(path: str | Path) -> str:
    """Read a plan document as text: UTF-8 (with or without BOM), UTF-16 with BOM, or GBK/GB18030.

    Raises
    ------
    DataError
        When the file is missing, empty, binary, or in no encoding listed above.
    """
    p = Path(path)
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise DataError(f"The plan document {p} does not exist.") from None
    except OSError as exc:
        raise DataError(f"The plan document {p} cannot be read: {exc.strerror or exc}.") from None
    if not raw.strip():
        raise DataError(f"The plan document {p} is empty.")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError:
            raise DataError(f"The plan document {p} starts with a UTF-16 mark but is not valid UTF-16.") from None
    else:
        if b"\x00" in raw:
            raise DataError(f"The plan document {p} is a binary file, not text.")
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = raw.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:  # pragma: no cover - gb18030 decodes nearly any byte string
            raise DataError(f"The plan document {p} is neither UTF-8 nor GBK/GB18030 text.")
    controls = sum(1 for ch in text[:20000] if unicodedata.category(ch) == "Cc" and ch not in "\r\n\t\f\v")
    if controls > max(8, len(text[:20000]) // 100):
        raise DataError(f"The plan document {p} is a binary file, not text.")
    if not text.strip():
        raise DataError(f"The plan document {p} is empty.")
    return text


# --------------------------------------------------------------------------------------
# Normalisation with an offset map


@cache
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def _fold(text: str) -> str:
    """Simplified, NFKC-folded form of a short string (synonyms, headings)."""
    return _t2s().convert(unicodedata.normalize("NFKC", text)).replace(" ", "")


@dataclass
class _Normalised:
    """Matching text plus a map back to the original offsets."""

    text: str
    breaks: list[int] = field(default_factory=list)  # positions in text where the delta changes
    deltas: list[int] = field(default_factory=list)  # original - normalised offset from that position

    def orig(self, i: int) -> int:
        if not self.breaks:
            return i
        k = bisect.bisect_right(self.breaks, i) - 1
        return i + (self.deltas[k] if k >= 0 else 0)

    def orig_span(self, start: int, end: int) -> tuple[int, int]:
        if end <= start:
            return self.orig(start), self.orig(start)
        return self.orig(start), self.orig(end - 1) + 1


def _normalise(text: str) -> _Normalised:
    """Fold full-width forms (NFKC) and traditional characters (OpenCC t2s), tracking offsets.

    OpenCC converts the document's distinct characters one at a time (its
    phrase tables matter for display, not for finding indicator names), which
    keeps a 5 MB document fast.
    """
    converter = _t2s()
    table: dict[int, str] = {}
    expanding: dict[str, str] = {}
    for ch in set(text):
        if ch.isascii() and ch not in "\r":
            continue
        new = unicodedata.normalize("NFKC", ch)
        if "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff":
            new = converter.convert(new)
        if ch == "\r" or ch == "\u3000":
            new = " " if ch == "\u3000" else "\n"
        if new == ch:
            continue
        if len(new) == 1:
            table[ord(ch)] = new
        else:
            expanding[ch] = new
    if not expanding:
        return _Normalised(text.translate(table))
    pieces: list[str] = []
    breaks: list[int] = []
    deltas: list[int] = []
    pattern = re.compile("|".join(re.escape(c) for c in expanding))
    pos = norm_len = 0
    for m in pattern.finditer(text):
        chunk = text[pos:m.start()].translate(table)
        pieces.append(chunk)
        norm_len += len(chunk)
        rep = expanding[m.group()]
        # every character of the expansion points back at the original character
        for j in range(len(rep)):
            breaks.append(norm_len + j)
            deltas.append(m.start() - (norm_len + j))
        pieces.append(rep)
        norm_len += len(rep)
        pos = m.end()
        breaks.append(norm_len)
        deltas.append(pos - norm_len)
    pieces.append(text[pos:].translate(table))
    return _Normalised("".join(pieces), breaks, deltas)


# --------------------------------------------------------------------------------------
# Synonyms


@dataclass(frozen=True)
class _Lexicon:
    regex: re.Pattern
    ids: dict[str, tuple[str, ...]]  # folded synonym -> indicator ids
    star_regex: re.Pattern  # the same, allowing '*' for any one character (censored text)


@cache
def _lexicon() -> _Lexicon:
    from jxforecast.registry import indicators

    ids: dict[str, tuple[str, ...]] = {}

    def add(word: str, ind: tuple[str, ...], override: bool = False) -> None:
        w = _fold(word)
        if len(w) < 2:
            return
        if override or w not in ids:
            ids[w] = ind

    reg = indicators()
    for ind_id, words in EXTRA_SYNONYMS.items():
        if ind_id in reg:
            for w in words:
                add(w, (ind_id,), override=True)
    for ind in reg.values():
        for w in (ind.name_zh, *ind.synonyms):
            add(w, (ind.id,))
    for w, inds in COMPOSITE_SYNONYMS.items():
        if all(i in reg for i in inds):
            add(w, inds, override=True)
    words = sorted(ids, key=len, reverse=True)
    regex = re.compile("|".join(re.escape(w) for w in words))
    star = re.compile("|".join("".join(f"[{re.escape(c)}*]" for c in w) for w in words))
    return _Lexicon(regex, ids, star)


def _indicator_meta(ind_id: str):
    from jxforecast.registry import indicators

    return indicators().get(ind_id)


# --------------------------------------------------------------------------------------
# Document structure: sections, horizon, year, region


@dataclass
class _Context:
    past: bool
    year: int | None
    base_year: int | None
    horizon_note: str = ""


def _year_of(word: str) -> int | None:
    if re.fullmatch(r"\d{4}", word):
        return int(word)
    try:
        import cn2an

        return int(cn2an.cn2an(word.replace("零", "〇"), "smart")) if len(word) == 4 else None
    except (ValueError, KeyError):
        digits = "〇一二三四五六七八九"
        if all(c in digits for c in word):
            return int("".join(str(digits.index(c)) for c in word))
        return None


_HORIZON = re.compile(r"(?:到|至|于|在)?(?P<y>\d{4}|[〇零一二三四五六七八九]{4})年(?:末|底|前)?")
_PLAN_TAG = re.compile(r"(?P<p>十[二三四五六]五)")


def _horizon(sentence: str) -> tuple[int | None, int | None, str]:
    """The target year a sentence or heading sets (到2025年 / 二〇三五年 / “十四五”末), with its base year."""
    base = None
    m_base = re.search(r"(?:比|较|在)(\d{4})年(?:的)?(?:基础上)?", sentence)
    if m_base:
        base = int(m_base.group(1))
    for m in _HORIZON.finditer(sentence):
        if m_base and m.start() <= m_base.start() < m.end() + 1:
            continue
        y = _year_of(m.group("y"))
        if y and 1990 <= y <= 2100 and (m.group(0).startswith(("到", "至")) or y >= 2030 or "远景" in sentence):
            return y, base, ""
    m = _PLAN_TAG.search(sentence)
    if m and re.search(r"十[二三四五六]五\W?(?:末|时期|期间|规划)", sentence):
        end = _PLAN_NUMBER[m.group("p")]
        return end, base or end - 5, f"horizon {m.group('p')} = {end}"
    return None, base, ""


def _detect_year(norm: str) -> int | None:
    head = norm[:3000]
    m = re.search(r"(\d{4})年[^。\n]{0,30}(?:计划|工作任务|任务清单|预期目标|主要目标|工作报告|工作要点)", head)
    if m:
        return int(m.group(1))
    if re.search(r"十四五|第十四个五年", head):
        return 2025
    if re.search(r"十五五|第十五个五年", head):
        return 2030
    years = re.findall(r"(20\d{2})年", norm[:20000])
    if years:
        return int(max(set(years), key=years.count))
    return None


def _detect_region(norm: str) -> str | None:
    from jxforecast.registry import regions

    regs = [r for r in regions().values() if r.level not in ("country", "province")]
    names = {r.id: {_fold(r.name_zh), _fold(re.sub(r"(市|区|县|省)$", "", r.name_zh))} for r in regs}
    depth = {"district": 3, "county": 3, "city": 2}
    for line in norm[:600].splitlines():
        if "|" in line or "\t" in line.strip() or len(line) > 100:
            continue
        if re.search(r"政府|计划|报告|规划|建议|委员会|市委|区委|县委", line):
            found = [r for r in regs if any(n and n in line for n in names[r.id])]
            if found:
                return max(found, key=lambda r: depth.get(r.level, 1)).id
    counts = {rid: sum(norm.count(n) for n in ns if n) for rid, ns in names.items()}
    best = max(counts, key=counts.get, default=None)
    return best if best and counts[best] > 0 else None


def _is_heading(line: str) -> bool:
    s = line.strip()
    return 0 < len(s) <= 60 and not re.search(r"[。;!?]$", s) and "|" not in s and "\t" not in line.strip("\t")


# --------------------------------------------------------------------------------------
# Candidates


@dataclass
class _Cand:
    start: int  # normalised offsets of the quantity
    end: int
    value: float | None
    value_high: float | None
    unit: str
    factor: float
    kind: str  # pct | pp | level
    operator: str | None = None
    status: str = "ok"
    notes: list[str] = field(default_factory=list)
    measure: str | None = None


def _cn_value(word: str) -> float | None:
    import cn2an

    try:
        return float(cn2an.cn2an(word, "smart"))
    except (ValueError, KeyError, TypeError):
        return None


def _quantities(norm: str) -> list[_Cand]:
    out: list[_Cand] = []
    for m in _QTY.finditer(norm):
        s = m.start()
        prev = norm[s - 1] if s else ""
        num = m.group("num")
        if prev and (prev.isascii() and (prev.isalnum() or prev in "._") or prev == "第"):
            continue
        unit_word = m.group("unit")
        if num[0] in _CN_DIGITS:
            # only "新增3家"-like Chinese numerals; skip 一批, 两个维护, 十四五, 三大平台 ...
            clause = re.split(r"[,、;:。!?\n|\t]", norm[max(0, s - 30):s])[-1]
            if not any(norm.endswith(w, max(0, s - len(w)), s) for w in _CN_OK_BEFORE) and not any(
                    clause.startswith(w) for w in _CN_OK_BEFORE if len(w) >= 2):
                continue
            if num in ("一", "两", "二"):
                continue  # 一支队伍, 两个维护: wording, not quantities
            value = _cn_value(num)
            if value is None:
                continue
        else:
            value = float(num)
        if unit_word in ("元",) and norm.startswith(("以上", "级"), m.end()):
            pass
        if norm.startswith(("级", "元"), m.end()) and unit_word not in ("%",):
            continue  # 百亿级项目, 亿元楼宇 ranks
        unit, factor, kind = UNITS[unit_word]
        high = float(m.group("num2")) if m.group("num2") else None
        if high is not None and m.group("dash") in ("到", "至") and num[0] in _CN_DIGITS:
            high = None
        if unit_word == "%" and m.group("dash") and not m.group("pct1") and high is None:
            continue
        out.append(_Cand(s, m.end(), value * factor, None if high is None else high * factor, unit, factor, kind))
        if factor != 1:
            out[-1].notes.append(f"{unit_word} converted to {unit} (x{factor:g})")
    for m in _BLANK.finditer(norm):
        unit_word = m.group("unit") or m.group("unit2")
        s = m.start("star") if m.group("star") else m.start()
        if m.group("star") is None and s and norm[s - 1].isdigit():
            continue
        if m.group("star") is None and re.match(r"[\u4e00-\u9fff]", norm[m.end():m.end() + 1]) and not \
                norm.startswith(("以上", "以内", "左右"), m.end()):
            continue  # "超亿元项目": 亿 is the number (one hundred million), a size class
        unit, factor, kind = UNITS[unit_word]
        c = _Cand(s, m.end(), None, None, unit, factor, kind, status="blanked")
        c.notes.append("number blanked out in the document")
        out.append(c)
    out.sort(key=lambda c: c.start)
    return out


# --------------------------------------------------------------------------------------
# The extractor


def _find_indicator(norm: str, lex: _Lexicon, lo: int, hi: int, syn: list[tuple[int, int, str]],
                    syn_ends: list[int]) -> tuple[int, int, tuple[str, ...]] | None:
    """Nearest synonym ending in [lo, hi] (longest when tied), skipping compounds and denominators."""
    k = bisect.bisect_right(syn_ends, hi)
    best = None
    while k > 0:
        k -= 1
        s, e, word = syn[k]
        if s < lo:
            break
        if best is not None and e < best[1]:
            break
        if word in GENERIC and s > lo:
            before = norm[max(lo, s - 2):s]
            ok = (not before or not ("\u4e00" <= before[-1] <= "\u9fff")
                  or any(before.endswith(w) for w in _GENERIC_OK_BEFORE))
            if not ok:
                continue
        if norm[max(lo, s - 2):s].endswith(("占", "占全")) or norm[max(lo, s - 1):s] == "占":
            return None  # "…占GDP比重": the named indicator is the denominator
        if best is None or (e - s) > (best[1] - best[0]):
            best = (s, e, lex.ids[word])
    return best


def _sector_value_added(norm: str, lex: _Lexicon, lo: int, cs: int, syn, syn_ends):
    """'规上工业总产值1220亿元,增加值增速9%': a bare 增加值 is that of the sector named before."""
    k = bisect.bisect_right(syn_ends, cs)
    while k > 0:
        k -= 1
        s, e, word = syn[k]
        if s < lo:
            return None
        stem = re.sub(r"(?:总产值|产值|投资|增加值|营业收入|营收)$", "", word)
        if stem != word and stem + "增加值" in lex.ids:
            at = norm.index("增加值", cs)
            return (at, at + 3, lex.ids[stem + "增加值"])
    return None


def _window_star(norm: str, lex: _Lexicon, lo: int, hi: int) -> tuple[int, int, tuple[str, ...]] | None:
    """Synonym search in censored text ('*' standing in for one character)."""
    best = None
    for m in lex.star_regex.finditer(norm, lo, hi):
        word = None
        pat = m.group()
        for w in lex.ids:
            if len(w) == len(pat) and all(a == b or b == "*" for a, b in zip(w, pat)):
                word = w
                break
        if word and (best is None or m.end() > best[1]):
            best = (m.start(), m.end(), lex.ids[word])
    return best


_QUAL_WORDS = re.compile(
    r"全年|全市|全区|年度|同比|确保|力争|争取|年均|年平均|增长|增速|增幅|涨幅|达到|保持在|稳定在|控制在|提高到|提升到"
    r"|提高至|提升至|下降到|降低到|降至|不低于|不少于|不超过|不高于|超过|突破|实现|完成|下降|降低|减少|保持|稳定"
    r"|提高|提升|总额|为|在|达|超|约|再|的|和|及")


def _gap_words(mid: str) -> int:
    """CJK characters between an indicator name and its number, qualifiers and brackets removed."""
    mid = re.sub(r"\([^()]*\)|“[^“”]*”", "", mid)
    mid = re.sub(r"[\d.*]+(?:" + _UNIT_RE + r")|以上|以内|左右|[\t|]", "", mid)
    return len(re.findall(r"[\u4e00-\u9fff]", _QUAL_WORDS.sub("", mid)))


def _bigrams(s: str) -> set[str]:
    s = re.sub(r"[^\u4e00-\u9fffA-Za-z0-9]", "", s)
    return {s[i:i + 2] for i in range(len(s) - 1)}


@cache
def _fuzzy_table() -> list[tuple[str, frozenset[str]]]:
    from jxforecast.registry import indicators

    out = []
    for ind in indicators().values():
        if ind.core:
            continue  # core indicators are matched by their names only
        for name in {ind.name_zh, *ind.synonyms}:
            grams = _bigrams(_fold(name))
            if len(grams) >= 2:
                out.append((ind.id, frozenset(grams)))
    return out


def _fuzzy_indicator(phrase: str, threshold: float = 0.5) -> str | None:
    """A non-core registry indicator whose name shares most of its character pairs with the phrase."""
    table = _fuzzy_table()
    if not table:
        return None
    grams = _bigrams(_QUAL_WORDS.sub("", phrase))
    if not grams:
        return None
    best, score = None, threshold
    for ind_id, name in table:
        sc = len(name & grams) / len(name)
        if sc > score or (sc == score and best is None and sc > threshold):
            best, score = ind_id, sc
    return best


def _headless(clause: str) -> bool:
    """A clause with no subject of its own: '同比增长4.3%', '力争8%'."""
    rest = _QUAL_WORDS.sub("", re.sub(r"比上年|[\s\d.%]", "", clause))
    return len(rest) <= 1


def extract_targets(text: str, *, region: str | None = None, year: int | None = None,
                    source: str = "") -> pd.DataFrame:
    """Extract the quantitative targets of a Chinese plan document.

    Parameters
    ----------
    text
        The document text (simplified or traditional, prose, ``|``/tab tables or task lists).
    region, year
        The region id and plan year; read from the document's title when omitted.
    source
        Written to ``source_doc`` and used as prefix of ``target_id``.

    Returns
    -------
    pandas.DataFrame
        One row per target with the columns of ``COLUMNS``; ``text[start:end] == quote``.
        Numbers with no known indicator are kept as ``indicator == "unclassified"``;
        blanked numbers have ``status == "blanked"`` and no value.
    """
    text = str(text)
    nz = _normalise(text)
    norm = nz.text
    lex = _lexicon()
    doc_year = year or _detect_year(norm)
    doc_region = region or _detect_region(norm)
    doc_base = None
    if re.search(r"十四五|第十四个五年", norm[:600]) and doc_year and doc_year >= 2025:
        doc_base = 2020
    five_year_doc = doc_base is not None

    syn = [(m.start(), m.end(), m.group()) for m in lex.regex.finditer(norm)]
    syn_ends = [e for _, e, _ in syn]
    cands = _quantities(norm)
    sync_hits = list(_SYNC.finditer(norm))
    double_hits = list(_DOUBLE.finditer(norm))

    # ---- line-level structure: headings, past/future, horizons, tables
    line_starts = [0] + [m.end() for m in re.finditer("\n", norm)]
    line_info: list[tuple[bool, int | None, int | None, str, str]] = []  # past, year, base, note, responsible
    past = False
    sec_year: tuple[int | None, int | None, str] = (None, None, "")
    resp_col: tuple[str, int, bool] | None = None  # separator, column, is-last
    for i, ls in enumerate(line_starts):
        le = line_starts[i + 1] - 1 if i + 1 < len(line_starts) else len(norm)
        line = norm[ls:le]
        responsible = ""
        if ("|" in line or "\t" in line.strip()) and re.search(r"责任单位|牵头单位|责任部门|责任主体|牵头部门", line):
            sep = "|" if "|" in line else "\t"
            cells = [c.strip() for c in line.strip().strip(sep).split(sep)]
            idx = next(j for j, c in enumerate(cells) if re.search(r"责任|牵头", c.replace(" ", "")))
            resp_col = (sep, idx, idx == len([c for c in cells if c]) - 1)
        elif resp_col and resp_col[0] in line:
            cells = [c.strip() for c in line.strip().strip(resp_col[0]).split(resp_col[0])]
            filled = [c for c in cells if c]
            if resp_col[2] and len(filled) >= 2:
                responsible = filled[-1]
            elif len(cells) > resp_col[1]:
                responsible = cells[resp_col[1]]
        if _is_heading(line) and not re.search(r"\d+(?:\.\d+)?%", line):
            h = line.strip()
            if _PAST_HEAD.search(h) and not _FUTURE_HEAD.search(h):
                past = True
            elif _FUTURE_HEAD.search(h) or re.search(r"十[四五六]五|二〇三五|2035", h):
                past = False
            if _SECTION_HEAD.search(h) or _FUTURE_HEAD.search(h) or _PAST_HEAD.search(h):
                y, b, note = _horizon(h)
                if y is None and re.search(r"远景", h):
                    y = None
                sec_year = (y, b, note) if y else (None, None, "")
        line_info.append((past, *sec_year, responsible))

    bounds = [m.start() for m in _SENT_BOUND.finditer(norm)]

    def sentence_span(pos: int) -> tuple[int, int]:
        k = bisect.bisect_right(bounds, pos - 1)
        lo = bounds[k - 1] + 1 if k > 0 else 0
        hi = bounds[k] if k < len(bounds) else len(norm)
        return lo, hi

    def line_index(pos: int) -> int:
        return bisect.bisect_right(line_starts, pos) - 1

    def clause_start(lo: int, pos: int) -> int:
        j = pos - 1
        while j >= lo and norm[j] not in _CLAUSE_BOUND:
            j -= 1
        return j + 1

    rows: list[dict] = []
    sentence_cache: dict[int, tuple[bool, int | None, int | None, str]] = {}

    def sentence_context(lo: int, hi: int) -> tuple[bool, int | None, int | None, str]:
        if lo in sentence_cache:
            return sentence_cache[lo]
        li = line_index(lo)
        lpast, ly, lb, lnote, _ = line_info[li]
        sent = norm[lo:hi]
        spast = bool(_PAST_SENT.search(sent.strip()))
        if spast and not re.match(r"\s*(?:这一年|过去|一年来|五年来|回顾|上年|去年)", sent) and re.search(
                r"确保|力争|争取|目标|左右|以上|以内|控制在", sent):
            spast = False  # "确保事故起数同比下降20%左右": a goal stated against last year
        m = re.match(r"\s*(\d{4})年", sent)
        if doc_year and m and int(m.group(1)) < doc_year and not re.search(r"到|至|力争|确保|目标", sent[:12]):
            spast = True
        if re.search(r"力争|确保|目标|预期|要求|计划", sent) and not re.search(r"同比|比上年", sent):
            spast = spast and bool(re.match(r"\s*(?:这一年|过去)", sent))
        y, b, note = _horizon(sent)
        if y is None:
            y, b, note = ly, lb, lnote
        ctx = (lpast or spast, y, b, note)
        sentence_cache[lo] = ctx
        return ctx

    def prev_line_indicator(pos: int, lo: int):
        """Table layout: the indicator name stands on the previous short line."""
        li = line_index(pos)
        ls = line_starts[li]
        if norm[ls:pos].strip(" \t") and not _headless(norm[ls:pos]):
            return None
        if len(norm[ls:line_starts[li + 1] if li + 1 < len(line_starts) else len(norm)].strip()) > 40:
            return None
        j = li - 1
        while j >= 0 and not norm[line_starts[j]:line_starts[j + 1]].strip():
            j -= 1
        if j < 0:
            return None
        pl, ph = line_starts[j], line_starts[j + 1] - 1
        if len(norm[pl:ph].strip()) > 60 or _QTY.search(norm, pl, ph) and "%" in norm[pl:ph]:
            return None
        return _find_indicator(norm, lex, pl, ph, syn, syn_ends) or (
            _window_star(norm, lex, pl, ph) if "*" in norm[pl:ph] else None)

    def add_row(ind_ids, cand_like: dict, q_lo: int, q_hi: int, ctx, li: int, phrase: str = "") -> None:
        if ind_ids == (UNCLASSIFIED,) and phrase:
            guess = _fuzzy_indicator(phrase)
            if guess:
                ind_ids = (guess,)
                cand_like = dict(cand_like, note="; ".join(
                    n for n in (cand_like.get("note"), "indicator matched by name similarity") if n))
        s, e = nz.orig_span(q_lo, q_hi)
        quote = text[s:e]
        _, ty, tb, tnote = ctx
        tyear = ty or doc_year
        base = tb
        if base is None and five_year_doc and tyear and tyear > 2020:
            base = doc_base
        for ind_id in ind_ids:
            meta = _indicator_meta(ind_id) if ind_id != UNCLASSIFIED else None
            row = dict(cand_like)
            row.update(indicator=ind_id, quote=quote, start=s, end=e, region=doc_region or "",
                       year=tyear, base_year=base, responsible=line_info[li][4])
            _finish_measure(row, meta, norm[q_lo:q_hi])
            notes = [n for n in (row.get("note") or "", tnote) if n]
            row["note"] = "; ".join(notes)
            rows.append(row)

    # ---- quantities
    used = set()
    last_op: dict[int, str] = {}
    for ci, c in enumerate(cands):
        if ci in used:
            continue
        lo, hi = sentence_span(c.start)
        ctx = sentence_context(lo, hi)
        if ctx[0]:
            continue
        # right qualifier
        r = _RIGHT_QUAL.match(norm, c.end)
        q_end = r.end() if r else c.end
        right = r.group("q") if r else ""
        # ensure X, strive Y
        strive_high = None
        nxt = cands[ci + 1] if ci + 1 < len(cands) else None
        if nxt and nxt.unit == c.unit and nxt.start < hi:
            gap = norm[q_end:nxt.start]
            if c.status == "ok" and re.fullmatch(r"\s*[,、]?\s*(?:力争|争取)(?:达到|实现|突破)?\s*", gap):
                strive_high = nxt
                used.add(ci + 1)
        cs = clause_start(lo, c.start)
        found = _find_indicator(norm, lex, cs, c.start, syn, syn_ends)
        if found is None and "*" in norm[cs:c.start]:
            found = _window_star(norm, lex, cs, c.start)
        q_lo = cs
        if found is None and _headless(norm[cs:c.start]) and cs > lo:
            pcs = clause_start(lo, cs - 1)
            found = _find_indicator(norm, lex, pcs, c.start, syn, syn_ends)
            q_lo = pcs if found else cs
        if found is None and re.match(r"(?:其中)?增加值", _QUAL_WORDS.sub("", norm[cs:c.start])):
            found = _sector_value_added(norm, lex, lo, cs, syn, syn_ends)
        if found is None and cs == lo and lo > 0 and norm[lo - 1] in "\t|":
            # table row: the indicator's name is in the cell before
            plo = sentence_span(lo - 1)[0]
            if lo - 1 - plo <= 60 and line_index(plo) == line_index(lo):
                found = _find_indicator(norm, lex, plo, lo - 1, syn, syn_ends)
        if found is None:
            pf = prev_line_indicator(c.start, lo)
            if pf:
                found = pf
                q_lo = pf[0]
        after = None
        if found is None and c.unit == "count":
            # "布局建设2-3家省实验室": the name follows the count
            a = bisect.bisect_left(syn, (q_end, -1, ""))
            if a < len(syn) and syn[a][0] <= q_end + 2 and syn[a][1] <= hi and not re.search(
                    r"[,、;]", norm[q_end:syn[a][0]]):
                after = syn[a]
        if after is not None:
            ids = lex.ids[after[2]]
        elif found is not None:
            q_lo = found[0]
            mid = norm[found[1]:c.start]
            ids = found[2]
            if re.search(r"比重|占比|比例|覆盖率|率", mid) and not any(_is_ratio(i) for i in ids):
                ids = None  # "服务业增加值…比重": another, unnamed indicator
            elif _gap_words(mid) >= 3:
                ids = None  # too many words in between: the number is about something else
        else:
            ids = None
        # leading strive/ensure words belong in the quote
        lead = re.search(r"(?:全年)?(?:确保|力争|争取)(?:全年)?(?:实现|完成)?$", norm[max(lo, q_lo - 8):q_lo])
        if lead:
            q_lo = max(lo, q_lo - 8) + lead.start()
        q_hi = q_end
        if after is not None:
            q_hi = after[1]
        elif ids is None:
            tail = re.match(r"[^,、;:。!?\n|\t]{1,20}", norm[q_end:hi])
            if tail and re.match(r"[\u4e00-\u9fff“]", tail.group()):
                q_hi = q_end + len(tail.group())
        if strive_high is not None:
            r2 = _RIGHT_QUAL.match(norm, strive_high.end)
            q_hi = r2.end() if r2 else strive_high.end
        left = norm[(found[1] if found else cs):c.start]
        row = _qualify(c, left, right, strive_high, norm[max(lo, q_lo - 6):c.start])
        if row["operator"] == "~" and "plain number" in row["note"] and found is not None and re.search(
                r"(?:实现|完成|达到)(?:全年|全市|全区)?$", norm[max(lo, found[0] - 6):found[0]]):
            row["operator"] = "level"  # 实现工业投资100亿元: the verb stands before the indicator
            row["note"] = row["note"].replace("plain number with no qualifier read as ~", "实现/完成 X -> level")
        if row["operator"] == "~" and "plain number" in row["note"] and cs > lo and norm[cs - 1] == "、" and (
                ci > 0 and lo <= cands[ci - 1].start and cands[ci - 1].unit == c.unit
                and cands[ci - 1].end >= cs - 3 and last_op.get(ci - 1) == "level"):
            row["operator"] = "level"
            row["note"] = row["note"].replace("plain number with no qualifier read as ~",
                                              "verb of the list's first item applies")
        if row["operator"] == "~" and re.search(r"(?:力争|争取)$", norm[cs:c.start]) and ci > 0 and (
                cands[ci - 1].start >= lo and norm.startswith("以上", cands[ci - 1].end)):
            row["operator"] = ">="  # "达到X以上、力争Y": at least Y
            row["note"] = row["note"].replace("plain number with no qualifier read as ~", "strive, after a floor")
        cut = re.match(r"\s*[,、，]?\s*(?:力争|争取)(?:达到|实现|突破)?\s*(?=$|[。;；\n])", norm[q_end:])
        if strive_high is None and cut is not None and c.status == "ok":
            # "确保6%、力争" with nothing after: the text is cut off; the ensured level is a floor
            row["operator"] = ">="
            kept = row["note"].replace("plain number with no qualifier read as ~", "").strip("; ")
            row["note"] = "; ".join(n for n in (kept, "cut off after 力争: the strive level is missing, "
                                                        "read as the ensured floor") if n)
            q_hi = q_end + cut.end()
        last_op[ci] = row["operator"]
        add_row(ids or (UNCLASSIFIED,), row, q_lo, q_hi, ctx, line_index(c.start),
                phrase=norm[cs:c.start] + norm[c.end:q_hi] if ids is None else "")

    # ---- an empty pair of quotes where a programme's number was: 大学生“”引才计划
    for m in re.finditer(r"(?<=[\u4e00-\u9fff])“\s*”(?=[\u4e00-\u9fff])", norm):
        lo, hi = sentence_span(m.start())
        ctx = sentence_context(lo, hi)
        if ctx[0]:
            continue
        q_lo = m.start() - len(re.search(r"[\u4e00-\u9fff]{0,4}$", norm[lo:m.start()]).group())
        q_hi = m.end() + len(re.match(r"[^,、;:。!?\n|\t]{0,5}", norm[m.end():hi]).group())
        row = dict(measure="level", operator="level", value=None, value_high=None, unit="", reference="",
                   status="blanked", note="empty quotes where a number was: blanked out", kind="blank",
                   growth=False, cagr=False, decline=False)
        add_row((UNCLASSIFIED,), row, q_lo, q_hi, ctx, line_index(m.start()), phrase=norm[q_lo:q_hi])

    # ---- sync: 与经济增长同步
    for m in sync_hits:
        lo, hi = sentence_span(m.start())
        ctx = sentence_context(lo, hi)
        if ctx[0]:
            continue
        cs = clause_start(lo, m.start())
        found = _find_indicator(norm, lex, cs, m.start(), syn, syn_ends) or prev_line_indicator(m.start(), lo)
        if not found:
            continue
        row = dict(measure=None, operator="sync", value=None, value_high=None, unit="pct", reference="gdp",
                   status="ok", note="grows in step with GDP" + ("; 基本同步" if "基本" in m.group() else ""),
                   kind="pct", growth=True, cagr=False, decline=False)
        add_row(found[2], row, found[0], m.end(), ctx, line_index(m.start()))

    # ---- doubling: 翻一番
    for m in double_hits:
        lo, hi = sentence_span(m.start())
        ctx = sentence_context(lo, hi)
        if ctx[0]:
            continue
        cs = clause_start(lo, m.start())
        found = _find_indicator(norm, lex, cs, m.start(), syn, syn_ends)
        n = {"一": 1, None: 1, "两": 2, "二": 2, "三": 3}[m.group("n")]
        note = "doubling" if n == 1 else f"翻{m.group('n')}番"
        if m.group("plan"):
            note = "doubling implied by a 倍增 (doubling) programme"
            found = None
        base_m = re.search(r"(?:比|较|在)(\d{4})?年(?:的)?基础上|比(\d{4})年", norm[lo:m.start()])
        if base_m and not (base_m.group(1) or base_m.group(2)):
            note += "; base year blanked out in the document"
        op = ">=" if re.search(r"力争|确保|以上", norm[cs:m.end() + 2]) is None else ">="
        row = dict(measure="multiple", operator=op, value=float(2 ** n), value_high=None, unit="ratio",
                   reference="", status="ok", note=note + ("; strive" if "力争" in norm[cs:m.start()] else ""),
                   kind="multiple", growth=False, cagr=False, decline=False)
        q_hi = m.end()
        if m.group("plan"):
            q_hi = m.end() + len(re.match(r"[^,、;:。!?\n|\t]{0,6}", norm[m.end():hi]).group())
        add_row(found[2] if found else (UNCLASSIFIED,), row, found[0] if found else cs, q_hi, ctx,
                line_index(m.start()), phrase=norm[cs:q_hi])

    df = pd.DataFrame(rows)
    if df.empty:
        return pd.DataFrame(columns=COLUMNS)
    df = df.sort_values(["start", "end"], kind="stable").reset_index(drop=True)
    # one target stated twice (lead and body of a report): keep the first
    key = pd.Series(["|".join(str(v) for v in r) for r in
                     df[["indicator", "measure", "operator", "value", "value_high", "year"]].itertuples(index=False)])
    qkey = pd.Series([f"{q}|{v}" for q, v in zip(df["quote"], df["value"])])
    dup = (key.duplicated() & (df["indicator"] != UNCLASSIFIED) & (df["status"] == "ok")) | (
        qkey.duplicated() & (df["indicator"] == UNCLASSIFIED))
    df = df[~dup].reset_index(drop=True)
    plain = df["note"].str.contains("plain number", regex=False) & (df["indicator"] != UNCLASSIFIED)
    if plain.any():
        seen = {}
        for i, r in df.iterrows():
            seen.setdefault((r.indicator, r.measure, r.value, r.year), []).append(i)
        drop = [i for i in df.index[plain]
                if len(seen[(df.at[i, "indicator"], df.at[i, "measure"], df.at[i, "value"], df.at[i, "year"])]) > 1]
        df = df.drop(index=drop).reset_index(drop=True)
    prefix = re.match(r"(\d{3})_", source)
    pre = prefix.group(1) if prefix else (Path(source).stem if source else "doc")
    df["target_id"] = [f"{pre}-{i + 1:02d}" for i in range(len(df))]
    df["source_doc"] = source
    for col in COLUMNS:
        if col not in df:
            df[col] = None
    df = df[COLUMNS]
    for col in ("year", "base_year", "start", "end"):
        df[col] = pd.array(df[col], dtype="Int64")
    return df


def _is_ratio(ind_id: str) -> bool:
    meta = _indicator_meta(ind_id)
    return bool(meta and meta.unit in ("pct", "pct_of_gdp") and ind_id != "energy_intensity") or ind_id in (
        "energy_intensity",)


def _qualify(c: _Cand, left: str, right: str, strive: _Cand | None, sentence_before: str) -> dict:
    """Operator, values and wording flags of one quantity."""
    notes = list(c.notes)
    tail = left[-10:]
    growth_m = None
    for growth_m in _GROWTH.finditer(left):
        pass
    growth_word = growth_m.group(2) if growth_m else ""
    # "提高到55%" is a level, "提高1.2个百分点" a change
    to_level = bool(re.search(r"(提高|提升|下降|降低)(到|至)$", left))
    decline = growth_word in ("下降", "降低", "减少", "回落") and not to_level
    cagr = bool(growth_m and growth_m.group(1)) or "年均" in left
    growth = bool(growth_word) and not to_level and growth_word not in ("涨幅", "上涨")
    value, high = c.value, c.value_high
    if decline and value is not None:
        value = -abs(value)
        if high is not None:
            value, high = -abs(high), -abs(c.value)
    op = None
    if strive is not None:
        op, high = "ensure_strive", strive.value
        if "确保" not in left and "确保" not in sentence_before[-12:]:
            notes.append("X、力争Y read as ensure X, strive for Y")
    elif high is not None:
        op = "range"
    elif right in ("以上", "及以上"):
        op = ">="
    elif right in ("以内", "之内", "以下"):
        op = "<="
    elif right in ("左右", "上下"):
        op = "~"
    else:
        for word, o in sorted(_LEFT_QUALS, key=lambda w: -len(w[0])):
            if tail.endswith(word) or re.search(re.escape(word) + r"(?:全年|年度)?$", tail):
                op = o
                break
        if op is None:
            for word, o in sorted(_LEFT_QUALS, key=lambda w: -len(w[0])):
                if word in tail and o in (">=", "<="):
                    op = o
                    break
        if op is None:
            op = "~"
            if c.status == "ok":
                notes.append("plain number with no qualifier read as ~")
    if decline and op in (">=", "<="):
        op = "<=" if op == ">=" else ">="  # 下降4%以上: the change is -4 or lower
    if op != "ensure_strive" and _STRIVE.search(sentence_before[-40:]):
        notes.append("strive")
    return dict(operator=op, value=value, value_high=high, unit=c.unit, status=c.status, reference="",
                note="; ".join(notes), kind=c.kind, growth=growth, cagr=cagr, decline=decline,
                rate_word=growth_word in ("涨幅", "上涨"), measure=None)


def _finish_measure(row: dict, meta, quote_norm: str) -> None:
    """Measure, unit and basis from the quantity's kind and the indicator."""
    kind = row.pop("kind", "level")
    growth = row.pop("growth", False)
    cagr = row.pop("cagr", False)
    decline = row.pop("decline", False)
    rate_word = row.pop("rate_word", False)
    ind_basis = meta.basis if meta else None
    if kind == "blank":
        row["basis"] = meta.basis if meta else "none"
        return
    if row.get("measure") == "multiple":
        row["basis"] = ind_basis or "none"
        return
    if kind == "pct":
        if row["operator"] == "sync" or (growth and not decline):
            row["measure"] = "cagr" if cagr else ("yoy_real" if ind_basis == "real" else "yoy_nominal")
            if meta is None:
                row["measure"] = "cagr" if cagr else ("yoy_real" if "增加值" in quote_norm else "yoy_nominal")
            row["basis"] = ind_basis if ind_basis in ("real", "nominal") else (
                "real" if row["measure"] == "yoy_real" else "nominal")
            if meta is not None and ind_basis == "none" and meta.unit in ("pct", "pct_of_gdp"):
                row["measure"], row["basis"] = "change_pct", "none"
        elif decline:
            row["measure"], row["basis"] = "change_pct", "none"
        elif rate_word or (meta and meta.id in _RATE_INDICATORS):
            row["measure"], row["basis"] = "rate", "none"
        else:
            row["measure"], row["basis"] = "share", "none"
            if meta is not None and meta.unit == "pct_of_gdp":
                row["unit"] = "pct_of_gdp"
    elif kind == "pp":
        row["measure"], row["basis"] = "level", "none"
        row["note"] = "; ".join(n for n in (row.get("note"), "change in percentage points") if n)
    else:
        row["measure"] = "level"
        row["basis"] = "nominal" if row["unit"] in _MONEY_UNITS else "none"
