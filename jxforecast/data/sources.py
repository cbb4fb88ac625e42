"""How far a figure's source can be cited: ``official``, ``press`` or ``secondary``.

- ``official``: a statistics bureau or a government site (``*.gov.cn``, ``stats.gov.cn``,
  an embassy) or the verbatim government documents shipped in ``data/seeds``;
- ``press``: a state or major news outlet reporting the official figure;
- ``secondary``: anything else (mirrors, aggregators, question-and-answer sites): cite the
  official publication it quotes, not the page.

The shipped observations carry their rating in the ``source_quality`` column; a user's
figure without one is rated from its address by `rate_source`.
"""

from __future__ import annotations

from urllib.parse import urlparse

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
