"""Read quantitative targets straight from the text of a Chinese plan document.

``extract_targets(text)`` finds every number that a plan sets as a goal
("地区生产总值增长6%左右", "确保28亿美元、力争30亿美元", "城乡居民收入与经济增长同步",
"到二〇三五年...翻一番") and returns one row per target in the column layout of
``data/targets.csv`` plus the character offsets of the quote in the *original*
text (``text[start:end] == quote``).

The steps, one module each, pass a `Candidate` from one to the next:

1. `normaliser`: traditional characters -> simplified (OpenCC ``t2s``), full-width
   forms folded (NFKC), with an offset map back to the original text.
2. `structure`: plan year and region, review and plan sections, sentences and
   clauses, horizons ("到2025年", "二〇三五年远景目标", "“十四五”末").
3. `quantities`: numbers with units, ranges and blanked numbers.
4. `indicator`: the nearest synonym before the number -> registry indicator id;
   else ``unclassified``.
5. `qualifier`: 以上/以内/左右/确保…力争… -> operator; 与经济增长同步 -> ``sync``,
   翻一番 -> ``multiple``.
6. `assembly`: measure and basis, one row per indicator, repeats dropped.

The words the steps look for are data, in ``lexicon.toml`` (read by `lexicon`).
`score` measures the extraction against hand transcriptions.
"""

from jxforecast.targets.extract.assembly import COLUMNS
from jxforecast.targets.extract.candidate import UNCLASSIFIED, Candidate
from jxforecast.targets.extract.lexicon import Lexicon, lexicon
from jxforecast.targets.extract.pipeline import extract_targets
from jxforecast.targets.extract.reading import read_plan_text

__all__ = ["COLUMNS", "UNCLASSIFIED", "Candidate", "Lexicon", "extract_targets", "lexicon", "read_plan_text"]
