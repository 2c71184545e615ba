"""Keyboard selection for highlights: grow or shrink a span by word,
sentence or paragraph.

Pure logic so the TUI only maps keys to calls. A selection is a half-open
``(start, end)`` span into the article body; every function returns a new
span and never an empty one, so a highlight always covers some text.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from reader.domain import Paragraph, Span

Unit = Literal["word", "sentence", "paragraph"]
UNITS: tuple[Unit, ...] = ("word", "sentence", "paragraph")

_WORD = re.compile(r"[^\W_]+(?:['’.\-][^\W_]+)*|[^\w\s]")
_BLOCK = re.compile(r"[^\n]+(?:\n(?!\s*\n)[^\n]*)*")
# A sentence ends at . ! ? (plus closing quotes/brackets) before a space and
# a capital or an opening quote, unless the "word" was an abbreviation.
_SENTENCE_END = re.compile(r"[.!?][\"”’')\]]*(?=\s+[\"“‘(\[]?[A-Z0-9])")
_ABBREVIATIONS = frozenset(
    """mr mrs ms dr st gen sen rep gov lt col sgt jr sr prof inc corp co ltd no vs
    jan feb mar apr jun jul aug sep sept oct nov dec""".split()
)


@dataclass(frozen=True, slots=True)
class TextUnits:
    """The word, sentence and paragraph spans of one text, sorted."""

    text: str
    words: tuple[Span, ...]
    sentences: tuple[Span, ...]
    paragraphs: tuple[Span, ...]

    @classmethod
    def of(
        cls,
        text: str,
        paragraphs: Sequence[Paragraph] | Sequence[Span] | None = None,
        sentences: Sequence[Span] | None = None,
    ) -> TextUnits:
        """Units of ``text``; paragraphs and sentences are computed when not
        given (the article's ``paragraphs``; sentences from the language
        pipeline when it has them)."""
        paras = [_as_span(p) for p in paragraphs] if paragraphs else [(m.start(), m.end()) for m in _BLOCK.finditer(text)]
        paras = [_trim(text, p) for p in sorted(paras)]
        paras = [p for p in paras if p[1] > p[0]]
        sents = sorted(sentences) if sentences else [s for p in paras for s in sentence_spans(text, p)]
        words = tuple((m.start(), m.end()) for m in _WORD.finditer(text))
        return cls(text, words, tuple(sents), tuple(paras))

    def spans(self, unit: Unit) -> tuple[Span, ...]:
        return {"word": self.words, "sentence": self.sentences, "paragraph": self.paragraphs}[unit]


def sentence_spans(text: str, within: Span | None = None) -> list[Span]:
    """A plain sentence splitter for when the language pipeline gives none."""
    lo, hi = within or (0, len(text))
    out: list[Span] = []
    start = lo
    for m in _SENTENCE_END.finditer(text, lo, hi):
        word = re.search(r"([\w.]+)\.$", text[max(lo, m.start() - 12) : m.start() + 1])
        if word and (word.group(1).lower() in _ABBREVIATIONS or re.fullmatch(r"(?:\w\.)+\w", word.group(1))):
            continue
        out.append(_trim(text, (start, m.end())))
        start = m.end()
    if start < hi:
        out.append(_trim(text, (start, hi)))
    return [s for s in out if s[1] > s[0]]


def select_at(units: TextUnits, offset: int, unit: Unit = "word") -> Span:
    """The unit containing ``offset`` (or the next one after it)."""
    spans = units.spans(unit) or units.words
    if not spans:
        return (offset, offset)
    i = bisect.bisect_right(spans, (offset, len(units.text) + 1)) - 1
    if i >= 0 and spans[i][0] <= offset < spans[i][1]:
        return spans[i]
    return spans[min(i + 1, len(spans) - 1)]


def extend(units: TextUnits, selection: Span, unit: Unit, *, backward: bool = False) -> Span:
    """Grow the selection by one ``unit``: its end moves to the end of the
    next unit (or its start to the start of the previous one)."""
    start, end = selection
    spans = units.spans(unit)
    if backward:
        before = [s for s, _ in spans if s < start]
        return (before[-1], end) if before else selection
    after = [e for _, e in spans if e > end]
    return (start, after[0]) if after else selection


def shrink(units: TextUnits, selection: Span, unit: Unit, *, from_start: bool = False) -> Span:
    """Take one ``unit`` off the end (or the start); never empties the
    selection."""
    start, end = selection
    spans = units.spans(unit)
    if from_start:
        later = [s for s, _ in spans if start < s < end]
        return (later[0], end) if later else selection
    earlier = [e for _, e in spans if start < e < end]
    return (start, earlier[-1]) if earlier else selection


def snap(units: TextUnits, selection: Span) -> Span:
    """Widen to whole words and drop surrounding whitespace."""
    start, end = selection
    for s, e in units.words:
        if s < start < e:
            start = s
        if s < end < e:
            end = e
    return _trim(units.text, (start, end))


def _as_span(p: Paragraph | Span) -> Span:
    return (p.start, p.end) if isinstance(p, Paragraph) else (p[0], p[1])


def _trim(text: str, span: Span) -> Span:
    s, e = span
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return (s, e)
