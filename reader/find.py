"""Finding text inside one article: the article screen's ``/``, and the words
a library search matched when an article is opened from its results.

Pure functions over the body; matches are ``(start, end)`` offsets into it,
like every other span, so the view paints them as it paints quotes. Matching
ignores case (``re.IGNORECASE`` on the original text: case-folding first
would change lengths, "ß" → "ss", and break the offsets) and treats any run
of whitespace in the query as any run of whitespace in the text, so a phrase
still matches across a soft line break.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

MAX_MATCHES = 10_000  # a one-letter query in a book-length article stays cheap to paint


def find_all(body: str, query: str) -> list[tuple[int, int]]:
    """Every case-insensitive occurrence of ``query`` (words in order)."""
    words = query.split()
    if not words:
        return []
    pattern = r"\s+".join(re.escape(word) for word in words)
    return _spans(re.compile(pattern, re.IGNORECASE), body)


def find_words(body: str, words: Iterable[str]) -> list[tuple[int, int]]:
    """Every whole-word, case-insensitive occurrence of any of ``words``
    (the words a library search matched; longest first, so "troops" wins
    over "troop")."""
    unique = sorted({w.strip() for w in words if w and w.strip()}, key=len, reverse=True)
    if not unique:
        return []
    pattern = r"(?<!\w)(?:" + "|".join(r"\s+".join(map(re.escape, w.split())) for w in unique) + r")(?!\w)"
    return _spans(re.compile(pattern, re.IGNORECASE), body)


def _spans(pattern: re.Pattern[str], body: str) -> list[tuple[int, int]]:
    found: list[tuple[int, int]] = []
    for match in pattern.finditer(body):
        if match.end() > match.start():
            found.append(match.span())
            if len(found) >= MAX_MATCHES:
                break
    return found


def match_after(matches: list[tuple[int, int]], offset: int) -> int | None:
    """Index of the first match starting at or after ``offset`` (wrapping to
    the first), None when there are none."""
    if not matches:
        return None
    for index, (start, _) in enumerate(matches):
        if start >= offset:
            return index
    return 0
