"""Direct quotes: where they are, independent of who said them.

Only double quotation marks delimit quotes: curly ``“ ”`` and straight
``"``. Single marks are never delimiters, because in news text they are
apostrophes ("we’ve", "Iraq’s", "the countries’ leaders") far more often than
quotes, and when they do quote it is nested inside a double-quoted passage,
which is kept whole.

Each mark is classified by its glyph and its surroundings (a straight ``"``
after a space opens, one before a space closes), then marks are paired in one
linear pass per paragraph. A quote never crosses a paragraph boundary (nor
spans more than ``MAX_QUOTE_CHARS``, for texts without line breaks), so an
unbalanced mark can cost at most its own paragraph, never the rest of the
article. Guillemets and low-9 marks (« », „) are not read as quotes: the
sources this reader targets are English-language news.

Multi-paragraph quotes follow the newspaper convention: a paragraph that ends
inside a quote without a closing mark, followed by a paragraph that opens
with one, continues the quote. It is returned as one :class:`QuoteSpan` per
paragraph piece (``closed=False`` on every piece but the last), because the
reader renders paragraphs apart and a highlight across the blank line
between them looks broken; attribution gives every piece of one chain the
same speaker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

Span = tuple[int, int]

OPENING = "\u201c"  # “
CLOSING = "\u201d"  # ”
STRAIGHT = '"'

_MARK_RE = re.compile('[\u201c\u201d"]')
_BLANK_LINE_RE = re.compile(r"\n[ \t\r\f\v]*\n")
_PARAGRAPH_BREAK_RE = re.compile(r"\n[ \t\r\f\v]*(?:\n[ \t\r\f\v]*)*")

# Characters after which a mark starts something (opens) and before which a
# mark ends something (closes).
_BEFORE_OPEN = set(" \t\n\r([{\u2014\u2013-/\u2018'")
_AFTER_CLOSE = set(" \t\n\r)]}.,;:!?\u2014\u2013-/\u2019'")

_OPEN, _CLOSE, _EITHER = 1, 2, 3
MAX_QUOTE_CHARS = 5000  # longer than any quoted passage in a news paragraph


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """A quote found in the text; ``start``/``end`` include the marks.

    ``closed`` is False for a piece of a multi-paragraph quote that runs on
    into the next paragraph (its ``end`` is then the end of its paragraph);
    ``chain`` numbers the pieces of one such quote alike (and is unique
    otherwise), ``paragraph`` is the index into :func:`paragraph_spans`.
    """

    start: int
    end: int
    paragraph: int
    chain: int
    closed: bool = True


def paragraph_spans(text: str) -> list[Span]:
    """Paragraphs of ``text``, stripped of surrounding whitespace.

    Text with blank lines is split at blank lines only (single newlines are
    then hard wrapping inside a paragraph); text without any is split at
    every newline (one paragraph per line, as feeds and many exports do).
    """
    breaker = _PARAGRAPH_BREAK_RE if _BLANK_LINE_RE.search(text) is None else _BLANK_LINE_RE
    spans: list[Span] = []
    start = 0
    for m in breaker.finditer(text):
        _append_stripped(text, start, m.start(), spans)
        start = m.end()
    _append_stripped(text, start, len(text), spans)
    return spans


def _append_stripped(text: str, start: int, end: int, spans: list[Span]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        spans.append((start, end))


def _direction(text: str, i: int, start: int, end: int) -> int:
    """Whether the mark at ``i`` (inside paragraph ``[start, end)``) opens,
    closes or could do either."""
    before = text[i - 1] if i > start else " "
    after = text[i + 1] if i + 1 < end else " "
    can_open = (before in _BEFORE_OPEN or before in "\u201c\u201d\"") and not after.isspace()
    can_close = not before.isspace() and (after in _AFTER_CLOSE or after in "\u201c\u201d\"")
    mark = text[i]
    if mark == OPENING:
        return _EITHER if (can_close and not can_open) else _OPEN
    if mark == CLOSING:
        return _EITHER if (can_open and not can_close) else _CLOSE
    if can_open and not can_close:
        return _OPEN
    if can_close and not can_open:
        return _CLOSE
    return _EITHER


def _opens_paragraph(text: str, span: Span) -> bool:
    start, end = span
    return _direction(text, start, start, end) in (_OPEN, _EITHER) and text[start] in (OPENING, STRAIGHT)


def find_quotes(text: str, paragraphs: list[Span] | None = None) -> list[QuoteSpan]:
    """Every direct quote in ``text``, in order, never overlapping."""
    if paragraphs is None:
        paragraphs = paragraph_spans(text)
    quotes: list[QuoteSpan] = []
    chain = 0
    carried = False  # the previous paragraph ended inside a quote that runs on
    for index, (p_start, p_end) in enumerate(paragraphs):
        open_at: int | None = None
        for m in _MARK_RE.finditer(text, p_start, p_end):
            i = m.start()
            direction = _direction(text, i, p_start, p_end)
            if open_at is None:
                if direction != _CLOSE:
                    open_at = i
                continue
            if direction == _OPEN:
                open_at = i  # the earlier mark never closed: it was stray
                continue
            if i - open_at > MAX_QUOTE_CHARS:
                # A paragraph this long is a text without line breaks; an
                # opener this far back was stray, and so is this closer.
                open_at = None
                continue
            if text[open_at + 1 : i].strip():
                if not (carried and open_at == p_start):
                    chain += 1
                quotes.append(QuoteSpan(open_at, i + 1, index, chain))
            carried = False
            open_at = None
        runs_on = (
            open_at is not None
            and p_end - open_at <= MAX_QUOTE_CHARS
            and index + 1 < len(paragraphs)
            and _opens_paragraph(text, paragraphs[index + 1])
            and bool(text[open_at + 1 : p_end].strip())
        )
        if runs_on:
            assert open_at is not None
            if not (carried and open_at == p_start):
                chain += 1
            quotes.append(QuoteSpan(open_at, p_end, index, chain, closed=False))
        carried = runs_on
    return quotes
