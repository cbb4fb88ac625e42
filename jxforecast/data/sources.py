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

from jxforecast.i18n import N_, check_lang, render, translate
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
    "shanghaidaily.com", "globaltimes.cn", "cctv.cn",
    # China Youth Daily (the Communist Youth League's national daily), Shaanxi Workers' Daily (the
    # Shaanxi trade unions' paper), Chengdu Radio and Television, ETtoday (a major Taiwanese outlet)
    "youth.cn", "sxworker.com", "cditv.cn", "ettoday.net",
    # CCTV's earlier network domain (China Network Television); Kenya's state broadcaster
    "cntv.cn", "kbc.co.ke",
    # BBC News; People's China (人民中国, the China International Publishing Group's magazine); the
    # Belt and Road News Network (run by People's Daily); AFP's Japanese service; JETRO (the Japanese
    # government's trade agency), which reports the bureau's quarterly releases
    "bbc.co.uk", "bbc.com", "peoplechina.com.cn", "brnn.com", "afpbb.com", "jetro.go.jp",
    # Zhejiang Workers' Daily (the Zhejiang trade unions' paper), as Shaanxi's above
    "zjgrrb.com",
    # Sina's news, finance and English pages (a national news portal carrying Xinhua's dispatches), Record China (a
    # Japanese news service on China), Beijing Review (the state's English weekly, its own domain),
    # China Tibet Online (a state-run site)
    "news.sina.com.cn", "finance.sina.com.cn", "english.sina.com", "recordchina.co.jp", "bjreview.com.cn", "tibet.cn",
    # Radio Free Asia
    "rfa.org",
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
# (host suffix, publisher): the publisher's English name is its message id in the catalogue
# (`jxforecast.i18n`), which holds its Chinese name; the first suffix that matches wins,
# so a statistics bureau's survey office comes before the bureau and the bureau before gov.cn
PUBLISHERS: tuple[tuple[str, str], ...] = (
    ("zjzd.stats.gov.cn", N_("NBS Survey Office in Zhejiang")),
    ("stats.gov.cn", N_("National Bureau of Statistics")),
    ("tjj.zj.gov.cn", N_("Zhejiang Provincial Bureau of Statistics")),
    ("tjj.jiaxing.gov.cn", N_("Jiaxing Municipal Bureau of Statistics")),
    ("scio.gov.cn", N_("State Council Information Office")),
    ("mof.gov.cn", N_("Ministry of Finance")),
    ("mohrss.gov.cn", N_("Ministry of Human Resources and Social Security")),
    ("zjrd.gov.cn", N_("Zhejiang Provincial People's Congress")),
    ("zj.gov.cn", N_("Zhejiang Provincial Government")),
    ("jiaxing.gov.cn", N_("Jiaxing Municipal Government")),
    ("xiuzhou.gov.cn", N_("Xiuzhou District Government")),
    ("gov.cn", N_("Chinese Government Portal")),
    ("china-embassy.org", N_("Embassy of China")),
    ("people.com.cn", N_("People's Daily Online")),
    ("people.cn", N_("People's Daily Online")),
    ("peopledaily.com.cn", N_("People's Daily Online")),
    ("shine.cn", N_("Shanghai Daily")),
    ("xinhuanet.com", N_("Xinhua")),
    ("news.cn", N_("Xinhua")),
    ("chinadaily.com.cn", N_("China Daily")),
    ("pdnews.cn", N_("People's Daily")),
    ("cgtn.com", N_("CGTN")),
    ("cnr.cn", N_("China National Radio")),
    ("workercn.cn", N_("Workers' Daily")),
    ("cs.com.cn", N_("China Securities Journal")),
    ("cctv.com", N_("CCTV")),
    ("cctv.cn", N_("CCTV")),
    ("cri.cn", N_("China Radio International")),
    ("china.org.cn", N_("China.org.cn")),
    ("china.com.cn", N_("China.org.cn")),
    ("ecns.cn", N_("China News Service")),
    ("chinanews.com.cn", N_("China News Service")),
    ("ce.cn", N_("China Economic Net")),
    ("zjol.com.cn", N_("Zhejiang Online")),
    ("cnjxol.com", N_("Jiaxing Online")),
    ("reuters.com", N_("Reuters")),
    ("bloomberg.com", N_("Bloomberg")),
    ("bbc.co.uk", N_("BBC News")),
    ("bbc.com", N_("BBC News")),
    ("peoplechina.com.cn", N_("People's China")),
    ("brnn.com", N_("Belt and Road News Network")),
    ("afpbb.com", N_("AFPBB News")),
    ("jetro.go.jp", N_("JETRO")),
    ("zjgrrb.com", N_("Zhejiang Workers' Daily")),
    ("sina.com.cn", N_("Sina")),
    ("sina.com", N_("Sina")),
    ("recordchina.co.jp", N_("Record China")),
    ("bjreview.com.cn", N_("Beijing Review")),
    ("tibet.cn", N_("China Tibet Online")),
    ("rfa.org", N_("Radio Free Asia")),
)
SEED_PUBLISHER = N_("plan document")
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
    language = check_lang(lang)
    if url.startswith("seed:"):
        return translate(SEED_PUBLISHER, language)
    host = (urlparse(url).hostname or "").lower()
    for suffix, name in PUBLISHERS:
        if host == suffix or host.endswith("." + suffix):
            return translate(name, language)
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


SHARES_SENTENCE = N_("Of these {n} figures, {official:.0%} come from official sources, {press:.0%} from the press "
                     "and {secondary:.0%} from secondary sites.")
"""The sentence under a sources table (a message id of the catalogue, `jxforecast.i18n`)."""


def shares_sentence(qualities: Iterable[str], lang: str = "zh") -> str:
    """One sentence stating the share of official, press and secondary figures, for under a sources table."""
    listed = list(qualities)
    return render(SHARES_SENTENCE, dict(n=len(listed), **quality_shares(listed)), check_lang(lang))
