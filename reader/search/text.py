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
# The same words in a text without an underscore: ``[^\W_]`` is ``\w`` less "_", and ``re``
# matches ``\w`` a quarter faster than the negated class (folding an imported body is the
# importing process's largest piece of work after SQLite).
_WORD_WITHOUT_UNDERSCORE = re.compile(r"\w+(?:['’.]\w+)*")


def word_pattern(text: str) -> re.Pattern[str]:
    """What finds the words of ``text``: :data:`WORD`, or its faster equal for ``text``."""
    return WORD if "_" in text else _WORD_WITHOUT_UNDERSCORE

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
    return [(term, m.start(), m.end()) for m in word_pattern(text).finditer(text) if (term := fold(m.group()))]


def folded(text: str) -> list[str]:
    """The folded words of ``text`` in order, stopwords included (no offsets:
    the fast form for phrase checks)."""
    return list(filter(None, map(fold, word_pattern(text).findall(text))))


def folded_text(text: str) -> str:
    """``" ".join(folded(text))``: what the search index stores of a title, body or note.

    Read piece by piece, a piece being a run of text between whitespace (``str.split``),
    with each piece's folded words remembered (:class:`_PieceTerms`). That is exact: no
    word holds whitespace (WORD's characters are letters, digits, apostrophes and dots,
    none of them ``str.isspace``), and WORD finds a piece's words whatever stands around
    it. Folding an imported body was the importing process's largest piece of work after
    SQLite; news repeats its pieces ("said", "Mr.", "Trump's"), so most are looked up,
    not matched and folded again: 0.26 -> 0.07 ms an article."""
    return folded_pieces(text.split())


def folded_pieces(pieces: list[str]) -> str:
    """:func:`folded_text` of a text already split at whitespace (an import splits a body
    once, for its word count too)."""
    return "".join(map(_PIECE_TERMS.__getitem__, pieces))[1:]


class _PieceTerms(dict):  # type: ignore[type-arg]
    """Piece of text -> its folded words, each after a space (so that the pieces' values
    concatenate into the text's); at most ``limit`` pieces, then it starts again
    (untrusted text makes as many pieces as it likes)."""

    __slots__ = ("limit",)

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit

    def __missing__(self, piece: str) -> str:
        terms = "".join([" " + term for term in folded(piece)])
        if len(self) >= self.limit:
            self.clear()
        self[piece] = terms
        return terms


_PIECE_TERMS = _PieceTerms(100_000)


_NON_ASCII_LETTER = re.compile(r"(?![\x00-\x7f])[^\W_]")


def occurrences(text: str, wanted: set[str]) -> list[tuple[int, int, str]]:
    """Every word of ``text`` that folds to one of ``wanted``, as (start, end, term), in order.

    This runs for every search hit shown. When no letter of ``text`` is outside ASCII
    (punctuation such as curly quotes may be), lowercasing keeps every offset, and one regex
    per query finds the few words that can fold to a wanted term -- its letters in order, with
    the dots and apostrophes folding drops -- so only those are folded."""
    if not wanted:
        return []
    if _NON_ASCII_LETTER.search(text):
        return [(m.start(), m.end(), t) for m in word_pattern(text).finditer(text) if (t := fold(m.group())) in wanted]
    low = text.lower()
    found: list[tuple[int, int, str]] = []
    for m in _candidates(tuple(sorted(wanted))).finditer(low):
        start = m.start()
        if start and (low[start - 1].isalnum() or (low[start - 1] in "'’." and start > 1 and low[start - 2].isalnum())):
            continue  # inside a word: WORD would not start a token here
        term = fold(text[start:m.end()])
        if term in wanted:
            found.append((start, m.end(), term))
    return found


def surface_forms(text: str, wanted: set[str]) -> set[str]:
    """The spellings in ``text`` of the words that fold to ``wanted``."""
    return {text[s:e] for s, e, _ in occurrences(text, wanted)}


@lru_cache(maxsize=512)
def _candidates(wanted: tuple[str, ...]) -> re.Pattern[str]:
    def letters(term: str) -> str:
        core = term[:-1] if len(term) > 2 else term[:1]  # the stem may end differently ("policies")
        return "".join(re.escape(ch) + "[.'’]?" for ch in core[:-1]) + re.escape(core[-1:])

    alternatives = "|".join(sorted({letters(t) for t in wanted if t}, key=len, reverse=True)) or "(?!)"
    return re.compile(rf"(?:{alternatives})[^\W_]*(?:['’.][^\W_]+)*")


def terms(text: str) -> list[str]:
    """The index terms of ``text``: folded words without stopwords."""
    return [t for m in word_pattern(text).finditer(text) if (t := fold(m.group())) and t not in STOPWORDS]
