"""How text becomes index terms.

The same analyser runs over article text, note text and the query, so a word
matches whatever way it is typed: case, accents, possessives and simple
plurals are folded ("America’s" → "america", "Troops" → "troop").
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Letters/digits joined by apostrophes or dots stay one word ("U.S.", "don't").
WORD = re.compile(r"[^\W_]+(?:['’.][^\W_]+)*")

# Words too common to be worth an index entry. Small on purpose: "us", "who",
# "not" and the like carry meaning in news ("U.S.", "WHO").
STOPWORDS = frozenset(
    """a an and are as at be been but by for from had has have he her his i if in into is it its
    of on or she that the their them they this to was were will with would""".split()
)


@lru_cache(maxsize=200_000)
def fold(word: str) -> str:
    """The normalised form of one word: the index term (cached: news
    vocabulary is small and folding is the hot loop of indexing)."""
    w = word.casefold()
    if not w.isascii():
        w = "".join(c for c in unicodedata.normalize("NFKD", w) if not unicodedata.combining(c))
        w = w.replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    w = w.replace("'", "").replace(".", "")
    return _stem(w)


def _stem(w: str) -> str:
    """Harman's "S" stemmer: folds the plurals that matter, breaks nothing else."""
    if len(w) <= 3 or not w.endswith("s"):
        return w
    if w.endswith("ies") and not w.endswith(("eies", "aies")):
        return w[:-3] + "y"
    if w.endswith("es") and not w.endswith(("aes", "ees", "oes")):
        return w[:-1]
    if w.endswith(("us", "ss")):
        return w
    return w[:-1]


Token = tuple[str, int, int]


def words(text: str) -> list[Token]:
    """Every word of ``text`` as (term, start, end), stopwords included."""
    return [(term, m.start(), m.end()) for m in WORD.finditer(text) if (term := fold(m.group()))]


def folded(text: str) -> list[str]:
    """The folded words of ``text`` in order, stopwords included (no offsets:
    the fast form for phrase checks)."""
    return [t for t in map(fold, WORD.findall(text)) if t]


def surface_forms(text: str, wanted: set[str]) -> set[str]:
    """The spellings in ``text`` of the words that fold to ``wanted``."""
    return {w for w in set(WORD.findall(text)) if fold(w) in wanted}


def terms(text: str) -> list[str]:
    """The index terms of ``text``: folded words without stopwords."""
    return [t for m in WORD.finditer(text) if (t := fold(m.group())) and t not in STOPWORDS]
