"""How far a figure's source can be cited: ``official``, ``press`` or ``secondary``.

- ``official``: a statistics bureau or a government site (``*.gov.cn``, ``stats.gov.cn``,
  an embassy) or the verbatim government documents shipped in ``data/seeds``;
- ``press``: a state or major news outlet reporting the official figure;
- ``secondary``: anything else (mirrors, aggregators, question-and-answer sites): cite the
  official publication it quotes, not the page.

The shipped observations carry their rating in the ``source_quality`` column; a user's
figure without one is rated from its address by `rate_source`.  A sources table names each
source by its `publisher` (from the address) and its title (from the row's note, ``document: …``),
official sources first, with the shares of the three ratings under it (`shares_sentence`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlparse

import pandas as pd

from jxforecast.typing import SOURCE_QUALITIES
from jxforecast.typing import SourceQuality as SourceQuality

QUALITIES: tuple[SourceQuality, ...] = SOURCE_QUALITIES

# verbatim government documents shipped in data/seeds (plan notices, task lists)
OFFICIAL_SEEDS = ("seed:000_", "seed:001_", "seed:003_")
OFFICIAL_SUFFIXES = (".gov.cn", "china-embassy.org")
PRESS_SUFFIXES = (
    "people.com.cn", "people.cn", "xinhuanet.com", "news.cn", "xinhua08.com", "chinadaily.com.cn",
    "china.org.cn", "china.com.cn", "chinagate.cn", "cctv.com", "cgtn.com", "cri.cn", "ce.cn", "ecns.cn",
    "chinanews.com.cn", "zjol.com.cn", "cnnb.com.cn", "hljnews.cn", "jschina.com.cn", "beijingreview.com.cn",
    "wenming.cn", "cjyun.org", "guancha.cn", "cqn.com.cn", "sfccn.com", "imsilkroad.com", "dongguantoday.com",
    "nhandan.vn", "dw.com", "pts.org.tw", "chosun.com", "latimes.com", "laht.com", "businesstimes.com.sg",
    "theedgesingapore.com", "thehindubusinessline.com", "thefinancialexpress.com.bd", "brecorder.com",
    "dunyanews.tv", "reuters.com", "bloomberg.com", "ft.com", "wsj.com", "cnbc.com", "caixin.com", "scmp.com",
    "yicai.com", "thepaper.cn", "cnjxol.com",
    # state broadcasters and papers, national news agencies and major dailies
    "cnr.cn", "workercn.cn", "cs.com.cn", "pdnews.cn", "yicaiglobal.com", "hkcd.com", "hkej.com",
    "rte.ie", "rtve.es", "app.com.pk", "nation.com.pk", "cnn.com", "peopledaily.com.cn", "shine.cn",
    "shanghaidaily.com", "globaltimes.cn",
)


def rate_source(source_url: str) -> SourceQuality:
    """The quality of a source from its address (see the module docstring).

    >>> rate_source("http://zjzd.stats.gov.cn/zwgk/tjgb/202403/t20240304_110816.html")
    'official'
    >>> rate_source("http://en.people.cn/n3/2024/0117/c90000-20123409.html")
    'press'
    """
    url = (source_url or "").strip()
    if url.startswith("seed:"):
        return "official" if url.startswith(OFFICIAL_SEEDS) else "secondary"
    host = (urlparse(url).hostname or "").lower()
    if not host:
        return "secondary"
    if host.endswith(OFFICIAL_SUFFIXES) or host == "gov.cn":
        return "official"
    if any(host == s or host.endswith("." + s) for s in PRESS_SUFFIXES):
        return "press"
    return "secondary"


# ----------------------------------------------------------------------------- publisher and title
# (host suffix, publisher in Chinese, publisher in English); the first suffix that matches wins,
# so a statistics bureau's survey office comes before the bureau and the bureau before gov.cn
PUBLISHERS: tuple[tuple[str, str, str], ...] = (
    ("zjzd.stats.gov.cn", "国家统计局浙江调查总队", "NBS Survey Office in Zhejiang"),
    ("stats.gov.cn", "国家统计局", "National Bureau of Statistics"),
    ("tjj.zj.gov.cn", "浙江省统计局", "Zhejiang Provincial Bureau of Statistics"),
    ("tjj.jiaxing.gov.cn", "嘉兴市统计局", "Jiaxing Municipal Bureau of Statistics"),
    ("scio.gov.cn", "国务院新闻办公室", "State Council Information Office"),
    ("mof.gov.cn", "财政部", "Ministry of Finance"),
    ("mohrss.gov.cn", "人力资源和社会保障部", "Ministry of Human Resources and Social Security"),
    ("zjrd.gov.cn", "浙江省人大", "Zhejiang Provincial People's Congress"),
    ("zj.gov.cn", "浙江省人民政府", "Zhejiang Provincial Government"),
    ("jiaxing.gov.cn", "嘉兴市人民政府", "Jiaxing Municipal Government"),
    ("xiuzhou.gov.cn", "秀洲区人民政府", "Xiuzhou District Government"),
    ("gov.cn", "中国政府网", "Chinese Government Portal"),
    ("china-embassy.org", "中国驻外使馆", "Embassy of China"),
    ("people.com.cn", "人民网", "People's Daily Online"),
    ("people.cn", "人民网", "People's Daily Online"),
    ("peopledaily.com.cn", "人民网", "People's Daily Online"),
    ("shine.cn", "上海日报", "Shanghai Daily"),
    ("xinhuanet.com", "新华网", "Xinhua"),
    ("news.cn", "新华网", "Xinhua"),
    ("chinadaily.com.cn", "中国日报", "China Daily"),
    ("pdnews.cn", "人民日报", "People's Daily"),
    ("cgtn.com", "中国国际电视台", "CGTN"),
    ("cnr.cn", "央广网", "China National Radio"),
    ("workercn.cn", "工人日报", "Workers' Daily"),
    ("cs.com.cn", "中国证券报", "China Securities Journal"),
    ("cctv.com", "央视网", "CCTV"),
    ("cri.cn", "国际在线", "China Radio International"),
    ("china.org.cn", "中国网", "China.org.cn"),
    ("china.com.cn", "中国网", "China.org.cn"),
    ("ecns.cn", "中国新闻网", "China News Service"),
    ("chinanews.com.cn", "中国新闻网", "China News Service"),
    ("ce.cn", "中国经济网", "China Economic Net"),
    ("zjol.com.cn", "浙江在线", "Zhejiang Online"),
    ("cnjxol.com", "嘉兴在线", "Jiaxing Online"),
    ("reuters.com", "路透社", "Reuters"),
    ("bloomberg.com", "彭博社", "Bloomberg"),
)
SEED_PUBLISHER = ("规划文件", "plan document")
_DOCUMENT = re.compile(r"(?:^|;\s*)document:\s*([^;]+)")


def publisher(source_url: str, lang: str = "zh") -> str:
    """Who published a source, from its address: the bureau, the government site or the outlet.

    An address of no known publisher is named by its host.

    >>> publisher("https://www.stats.gov.cn/english/PressRelease/201701/t20170120_1455922.html")
    '国家统计局'
    >>> publisher("http://en.people.cn/n3/2020/1230/c90000-9804540.html", "en")
    "People's Daily Online"
    """
    url = (source_url or "").strip()
    zh = lang == "zh"
    if url.startswith("seed:"):
        return SEED_PUBLISHER[0 if zh else 1]
    host = (urlparse(url).hostname or "").lower()
    for suffix, name_zh, name_en in PUBLISHERS:
        if host == suffix or host.endswith("." + suffix):
            return name_zh if zh else name_en
    return host.removeprefix("www.") or url


def source_title(note: str) -> str:
    """The title of the page a figure is quoted from, where its note names it (``document: …``).

    What follows ``earlier source:`` describes the page the figure was cited to before, not this one.

    >>> source_title("document: 2023年浙江省国民经济和社会发展统计公报")
    '2023年浙江省国民经济和社会发展统计公报'
    >>> source_title("earlier source: document: a reprint")
    ''
    """
    found = _DOCUMENT.search((note or "").split("earlier source:")[0])
    return found.group(1).strip() if found else ""


def describe_sources(rows: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """*rows* (with ``source_url`` and ``note``) with a ``publisher`` and a ``title`` column added."""
    notes = rows["note"] if "note" in rows else pd.Series("", index=rows.index)
    return rows.assign(publisher=[publisher(u, lang) for u in rows["source_url"]],
                       title=[source_title(n) for n in notes.fillna("")])


def quality_shares(qualities: Iterable[str]) -> dict[str, float]:
    """The share of official, press and secondary figures among *qualities* (0 each when empty)."""
    counts = pd.Series(list(qualities), dtype=object).value_counts()
    total = float(counts.sum())
    return {q: (float(counts.get(q, 0)) / total if total else 0.0) for q in QUALITIES}


SHARES_SENTENCE = {
    "zh": "以上 {n} 个数据中，官方来源 {official:.0%}，媒体 {press:.0%}，转载 {secondary:.0%}。",
    "en": "Of these {n} figures, {official:.0%} come from official sources, {press:.0%} from the press and "
          "{secondary:.0%} from secondary sites.",
}


def shares_sentence(qualities: Iterable[str], lang: str = "zh") -> str:
    """One sentence stating the share of official, press and secondary figures, for under a sources table."""
    listed = list(qualities)
    return SHARES_SENTENCE["zh" if lang == "zh" else "en"].format(n=len(listed), **quality_shares(listed))
