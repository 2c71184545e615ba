"""Snippets: short extracts of a text around the words that matched.

They carry spans, never markup: the article text is untrusted, so the screens
style the spans with ``rich.text.Text`` themselves.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from reader.domain import Span
from reader.search.query import Phrase
from reader.search.text import words

Snippet = tuple[str, list[Span]]

WIDTH = 160
LEAD = 50  # characters of context shown before the first match


def find_matches(text: str, match_terms: Iterable[str], phrases: Sequence[Phrase] = ()) -> list[tuple[int, int, str]]:
    """Every place in ``text`` where a query word or phrase occurs, as
    (start, end, key) sorted by position; ``key`` names what matched."""
    wanted = set(match_terms)
    tokens = list(words(text))
    found: list[tuple[int, int, str]] = [(s, e, t) for t, s, e in tokens if t in wanted]
    for phrase in phrases:
        n = len(phrase.terms)
        if not n:
            continue
        for i in range(len(tokens) - n + 1):
            if all(tokens[i + k][0] == phrase.terms[k] for k in range(n)):
                found.append((tokens[i][1], tokens[i + n - 1][2], "\x00" + phrase.text))
    found.sort()
    return found


def contains_phrase(text: str, phrase: Phrase) -> bool:
    return bool(find_matches(text, (), [phrase]))


def make_snippets(text: str, matches: Sequence[tuple[int, int, str]], count: int = 2, width: int = WIDTH) -> list[Snippet]:
    """Up to ``count`` non-overlapping extracts, each covering as many
    different matched words as possible, in text order."""
    if not text:
        return []
    if not matches:
        return [_cut(text, 0, width, [])]
    chosen: list[tuple[int, int]] = []
    for _ in range(count):
        best: tuple[int, int, int] | None = None  # (distinct keys, -start, start)
        for i, (start, _, _) in enumerate(matches):
            lo = max(0, start - LEAD)
            if any(lo < c_hi and c_lo < lo + width for c_lo, c_hi in chosen):
                continue
            keys = set()
            for s, e, k in matches[i:]:
                if s >= lo + width:
                    break
                if e <= lo + width:
                    keys.add(k)
            key = (len(keys), -start, start)
            if best is None or key > best:
                best = key
        if best is None:
            break
        lo = max(0, best[2] - LEAD)
        chosen.append((lo, lo + width))
    chosen.sort()
    return [_cut(text, lo, hi, matches) for lo, hi in chosen]


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
