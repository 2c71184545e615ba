"""Anchoring notes and highlights to article text that may change.

A note stores offsets *and* the text it covers plus a little context on each
side (the W3C "text quote selector" idea). Offsets alone break as soon as a
stored article is re-imported with a fixed typo or an extra paragraph; the
quoted text and its context let us find the same place again, and when we
cannot, the note is kept and flagged ``orphaned`` instead of silently lost.

Everything here is pure: text in, anchors out.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, replace

from reader.domain import Anchor, Note

CONTEXT_CHARS = 32
# Below this similarity a fuzzy candidate is more likely a different passage
# than an edited version of the same one.
FUZZY_MIN_RATIO = 0.75
# Scoring every occurrence of a very common word would be quadratic on long
# texts; the few hundred nearest the old offset are plenty to choose from.
MAX_CANDIDATES = 400

ARTICLE_KINDS = frozenset({"article"})


@dataclass(frozen=True, slots=True)
class Attachment:
    """The result of re-attaching: where the anchor sits now and how it was found.

    ``method`` is one of ``"exact"`` (offsets still valid), ``"search"`` (the
    text moved), ``"fuzzy"`` (the text itself was edited a little),
    ``"article"`` (article-level anchors always attach) or ``"orphaned"``.
    """

    anchor: Anchor
    orphaned: bool
    method: str


def make_anchor(text: str, start: int, end: int, kind: str = "selection") -> Anchor:
    """An anchor for ``text[start:end]`` with its surrounding context."""
    if kind in ARTICLE_KINDS:
        return Anchor(0, 0, "", "", "", kind)
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    return Anchor(
        start=start,
        end=end,
        exact=text[start:end],
        prefix=text[max(0, start - CONTEXT_CHARS) : start],
        suffix=text[end : end + CONTEXT_CHARS],
        kind=kind,
    )


def reattach(anchor: Anchor, text: str) -> Attachment:
    """Find ``anchor`` in ``text`` again; never raises, never drops it."""
    if anchor.kind in ARTICLE_KINDS:
        return Attachment(anchor, False, "article")
    exact = anchor.exact
    if not exact:
        # Nothing to look for: trust the offsets while they are in range.
        if 0 <= anchor.start <= anchor.end <= len(text):
            return Attachment(anchor, False, "exact")
        return Attachment(anchor, True, "orphaned")
    if text[anchor.start : anchor.end] == exact and anchor.end - anchor.start == len(exact):
        return Attachment(anchor, False, "exact")
    found = _search_exact(anchor, text)
    if found is not None:
        return Attachment(_moved(anchor, text, found, found + len(exact)), False, "search")
    span = _search_fuzzy(anchor, text)
    if span is not None:
        return Attachment(_moved(anchor, text, *span), False, "fuzzy")
    return Attachment(anchor, True, "orphaned")


def reattach_note(note: Note, text: str) -> Note:
    """A copy of ``note`` re-anchored in ``text`` (``orphaned`` set when lost)."""
    result = reattach(note.anchor, text)
    return replace(note, anchor=result.anchor, orphaned=result.orphaned)


def reattach_notes(notes: list[Note], text: str) -> tuple[list[Note], list[Note]]:
    """Every note re-anchored in ``text``, and the ones whose anchor or
    orphaned flag changed (to save, e.g. with ``Library.update_note(id,
    anchor=..., orphaned=...)``, so the work is done once per text change)."""
    fresh = [reattach_note(n, text) for n in notes]
    changed = [new for old, new in zip(notes, fresh) if (old.anchor, old.orphaned) != (new.anchor, new.orphaned)]
    return fresh, changed


# --------------------------------------------------------------------------
# Exact search: the quoted text is still there, maybe elsewhere, maybe twice
# --------------------------------------------------------------------------


def _search_exact(anchor: Anchor, text: str) -> int | None:
    positions = _occurrences(text, anchor.exact)
    if not positions:
        return None
    if len(positions) > MAX_CANDIDATES:
        positions.sort(key=lambda p: abs(p - anchor.start))
        positions = positions[:MAX_CANDIDATES]
    return max(positions, key=lambda p: (_context_score(anchor, text, p, p + len(anchor.exact)), -abs(p - anchor.start)))


def _occurrences(text: str, needle: str) -> list[int]:
    found: list[int] = []
    at = text.find(needle)
    while at != -1:
        found.append(at)
        at = text.find(needle, at + 1)
    return found


def _context_score(anchor: Anchor, text: str, start: int, end: int) -> int:
    """How many context characters agree on both sides of a candidate."""
    before = text[max(0, start - len(anchor.prefix)) : start]
    after = text[end : end + len(anchor.suffix)]
    return _common_suffix(before, anchor.prefix) + _common_prefix(after, anchor.suffix)


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def _common_suffix(a: str, b: str) -> int:
    return _common_prefix(a[::-1], b[::-1])


# --------------------------------------------------------------------------
# Fuzzy search: the passage was edited a little
# --------------------------------------------------------------------------


def _search_fuzzy(anchor: Anchor, text: str) -> tuple[int, int] | None:
    bracket = _between_context(anchor, text)
    if bracket is not None:
        found = _best_candidate(anchor, text, [bracket])
        if found is not None:
            return found
    return _best_candidate(anchor, text, _aligned_regions(anchor, text))


def _best_candidate(anchor: Anchor, text: str, candidates: list[tuple[int, int]]) -> tuple[int, int] | None:
    best: tuple[float, int, int, int] | None = None  # (ratio, context, -distance, start)
    best_span: tuple[int, int] | None = None
    for start, end in candidates:
        if end <= start:
            continue
        matcher = difflib.SequenceMatcher(None, anchor.exact, text[start:end], autojunk=False)
        if matcher.real_quick_ratio() < FUZZY_MIN_RATIO or matcher.quick_ratio() < FUZZY_MIN_RATIO:
            continue
        ratio = matcher.ratio()
        if ratio < FUZZY_MIN_RATIO:
            continue
        key = (round(ratio, 3), _context_score(anchor, text, start, end), -abs(start - anchor.start), start)
        if best is None or key > best:
            best, best_span = key, (start, end)
    return best_span


def _between_context(anchor: Anchor, text: str) -> tuple[int, int] | None:
    """The text between the old prefix and suffix, when both survive nearby."""
    if not anchor.prefix or not anchor.suffix:
        return None
    best: tuple[int, int] | None = None
    for p in _occurrences(text, anchor.prefix)[:MAX_CANDIDATES]:
        start = p + len(anchor.prefix)
        limit = start + 2 * len(anchor.exact) + CONTEXT_CHARS
        end = text.find(anchor.suffix, start, limit + len(anchor.suffix))
        if end == -1:
            continue
        if best is None or abs(start - anchor.start) < abs(best[0] - anchor.start):
            best = (start, end)
    return best


def _aligned_regions(anchor: Anchor, text: str, max_guesses: int = 12) -> list[tuple[int, int]]:
    """Regions of ``text`` lined up with ``exact`` around pieces of it that
    survive verbatim. Pieces are found with ``str.find`` (fast), and only the
    few guesses nearest the old offset are aligned with difflib (slow)."""
    exact = anchor.exact
    n = len(exact)
    size = max(4, min(16, n // 3))
    starts = range(0, max(1, n - size + 1), max(1, (n - size) // 8 or 1))
    guesses: set[int] = set()
    for offset in starts:
        piece = exact[offset : offset + size]
        if len(piece) < size:
            continue
        for at in _occurrences(text, piece)[:MAX_CANDIDATES]:
            guesses.add(at - offset)
    nearest = sorted(guesses, key=lambda g: abs(g - anchor.start))[:max_guesses]
    slack = max(8, n // 2)
    regions: list[tuple[int, int]] = []
    for guess in nearest:
        region = _tighten(exact, text, max(0, guess - slack), min(len(text), guess + n + slack))
        if region is not None and region not in regions:
            regions.append(region)
    return regions


def _tighten(exact: str, text: str, lo: int, hi: int) -> tuple[int, int] | None:
    """Bounds in ``text[lo:hi]`` of the part that lines up with ``exact``."""
    blocks = [b for b in difflib.SequenceMatcher(None, exact, text[lo:hi], autojunk=False).get_matching_blocks() if b.size]
    if not blocks:
        return None
    first, last = blocks[0], blocks[-1]
    start = lo + first.b - first.a
    end = lo + last.b + last.size + (len(exact) - (last.a + last.size))
    return max(lo, start), min(hi, end)


def _moved(anchor: Anchor, text: str, start: int, end: int) -> Anchor:
    # Re-read exact and context from the new text so the next re-attach
    # starts from where the passage is now.
    return make_anchor(text, start, end, anchor.kind)
