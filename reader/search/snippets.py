"""Snippets: short extracts of a text around the words that matched.

They carry spans, never markup: the article text is untrusted, so the screens
style the spans with ``rich.text.Text`` themselves.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from reader.domain import Span
from reader.search.query import Phrase
from reader.search.text import WORD, fold, occurrences

Snippet = tuple[str, list[Span]]

WIDTH = 160
LEAD = 50  # characters of context shown before the first match
MAX_MATCHES = 100  # windows are looked for among the first matches only


def find_matches(text: str, match_terms: Iterable[str], phrases: Sequence[Phrase] = ()) -> list[tuple[int, int, str]]:
    """Every place in ``text`` where a query word or phrase occurs, as
    (start, end, key) sorted by position; ``key`` names what matched."""
    found = occurrences(text, set(match_terms))
    for phrase in phrases:
        found.extend(_phrase_matches(text, phrase))
    found.sort()
    return found


def _phrase_matches(text: str, phrase: Phrase) -> list[tuple[int, int, str]]:
    """Occurrences of the phrase: each spelling of its first word, followed
    word by word by the rest (punctuation between words is ignored, as the
    index ignores it)."""
    if not phrase.terms:
        return []
    first, rest = phrase.terms[0], phrase.terms[1:]
    out = []
    for start, end, _ in occurrences(text, {first}):
        for term in rest:
            nxt = WORD.search(text, end)
            if nxt is None or fold(nxt.group()) != term:
                break
            end = nxt.end()
        else:
            out.append((start, end, "\x00" + phrase.text))
    return out


def contains_phrase(words_in_order: Sequence[str], phrase: Phrase) -> bool:
    """Whether the folded words (see ``text.folded``) hold the phrase in order."""
    n = len(phrase.terms)
    if not n:
        return False
    first, rest = phrase.terms[0], phrase.terms[1:]
    return any(
        w == first and list(words_in_order[i + 1 : i + n]) == rest
        for i, w in enumerate(words_in_order[: len(words_in_order) - n + 1])
    )


def make_snippets(text: str, matches: Sequence[tuple[int, int, str]], count: int = 2, width: int = WIDTH) -> list[Snippet]:
    """Up to ``count`` non-overlapping extracts, each covering as many
    different matched words as possible, in text order."""
    if not text:
        return []
    if not matches:
        return [_cut(text, 0, width, [])]
    matches = matches[:MAX_MATCHES]
    chosen: list[tuple[int, int]] = []
    for _ in range(count):
        best = _best_window(matches, width, chosen)
        if best is None:
            break
        chosen.append((best, best + width))
    chosen.sort()
    return [_cut(text, lo, hi, matches) for lo, hi in chosen]


def _best_window(matches: Sequence[tuple[int, int, str]], width: int, taken: list[tuple[int, int]]) -> int | None:
    """Start of the window (opening ``LEAD`` before a match) that covers the
    most different matched words without overlapping ``taken``; earliest wins
    ties. Two pointers keep this linear in the number of matches."""
    best: tuple[int, int] | None = None  # (distinct keys, -lo)
    inside: Counter[str] = Counter()
    most = len({key for _, _, key in matches})  # a window with every key cannot be beaten later
    j = 0
    for i, (start, _, _) in enumerate(matches):
        lo = max(0, start - LEAD)
        if i and j >= i:  # the previous match was counted: it leaves the window
            key = matches[i - 1][2]
            inside[key] -= 1
            if not inside[key]:
                del inside[key]
        j = max(j, i)
        while j < len(matches) and matches[j][1] <= lo + width:
            inside[matches[j][2]] += 1
            j += 1
        if any(lo < hi and t_lo < lo + width for t_lo, hi in taken):
            continue
        candidate = (len(inside), -lo)
        if best is None or candidate > best:
            best = candidate
            if candidate[0] == most:
                break
    return None if best is None else -best[1]


def _cut(text: str, lo: int, hi: int, matches: Sequence[tuple[int, int, str]]) -> Snippet:
    hi = min(len(text), hi)
    # Widen to word boundaries so no word is cut in half.
    if lo > 0:
        space = text.rfind(" ", max(0, lo - 20), lo)
        lo = space + 1 if space != -1 else (0 if lo <= 20 else lo)
    if hi < len(text):
        space = text.find(" ", hi, hi + 20)
        hi = space if space != -1 else hi
    body = text[lo:hi]
    # Same-length substitution keeps every span valid.
    body = body.replace("\n", " ").replace("\r", " ").replace("\t", " ")
    prefix = "…" if lo > 0 else ""
    suffix = "…" if hi < len(text) else ""
    shift = len(prefix) - lo
    spans = merge_spans((s + shift, e + shift) for s, e, _ in matches if s >= lo and e <= hi)
    return prefix + body + suffix, spans


def merge_spans(spans: Iterable[Span]) -> list[Span]:
    """Sorted spans with overlapping ones joined (a phrase and its words)."""
    out: list[Span] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out
