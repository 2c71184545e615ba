"""Direct quotes: where they are, independent of who said them.

Two families of marks delimit quotes: double (curly ``“ ”``, straight
``"``) and single (curly ``‘ ’``, straight ``'``). American style quotes
with doubles and nests singles; British style the other way round. Both
families are paired, and a quote inside a quote of the other family is part
of it, so either style yields the outer quotes.

Single marks are apostrophes far more often than quotes, so each is first
told apart from an apostrophe by its surroundings: between two letters or
digits ("we’ve", "O’Neill", "o’clock"), a right mark opening a word
("’90s", "’em", "rock ’n’ roll"), and an "s’" followed by a lowercase word
that does not report speech ("the players’ union") are apostrophes. A curly
right mark never opens a quote. (NLTK's tokenizers split quotes off but do
not pair them or tell apostrophes from closing marks, so this is done here.)

Each mark is classified by its glyph and its surroundings (a straight ``"``
after a space opens, one before a space closes), then marks are paired in one
linear pass per paragraph and family. A quote never crosses a paragraph
boundary (nor spans more than ``MAX_QUOTE_CHARS``, for texts without line
breaks), so an unbalanced mark can cost at most its own paragraph, never the
rest of the article. Guillemets and low-9 marks (« », „) are not read as
quotes: the sources this reader targets are English-language news.

Line breaks: in a text with blank lines, paragraphs are split at blank lines
only (single newlines are hard wrapping). In a text without any, every line
is a paragraph, except that a line ending inside an open quote runs on into
the following lines when the next mark after it closes that quote (one
sentence per line, hard-wrapped feeds): the quote is then one span across
the line breaks. CRLF line ends count as newlines.

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

LEFT_SINGLE = "\u2018"  # ‘
RIGHT_SINGLE = "\u2019"  # ’
APOSTROPHE = "'"

_DOUBLE_RE = re.compile('[\u201c\u201d"]')
_SINGLE_RE = re.compile("[\u2018\u2019']")
_ANY_MARK_RE = re.compile("[\u201c\u201d\"\u2018\u2019']")
_BLANK_LINE_RE = re.compile(r"\n[ \t\r\f\v]*\n")
_PARAGRAPH_BREAK_RE = re.compile(r"\n[ \t\r\f\v]*(?:\n[ \t\r\f\v]*)*")

# Characters after which a mark starts something (opens) and before which a
# mark ends something (closes).
_BEFORE_OPEN = set(" \t\n\r\xa0([{\u2014\u2013\u2015-/\u2018'\u201c\"")
_AFTER_CLOSE = set(" \t\n\r\xa0)]}.,;:!?\u2014\u2013\u2015-/\u2019'\u201d\"\u2026")

_OPEN, _CLOSE, _EITHER, _NONE = 1, 2, 3, 0
MAX_QUOTE_CHARS = 5000  # longer than any quoted passage in a news paragraph
_MAX_RUN_ON_LINES = 12  # lines one quote may run over in a text without blank lines

# Words that start with an apostrophe ("’90s", "'em", "’n’", "'tis").
_ELISION_RE = re.compile(r"(?:\d0s|\d\d\b|em\b|n[\u2019']|tis\b|twas\b|cause\b|til\b|round\b)", re.IGNORECASE)
# After "s’ " a function word means the mark closes a quote ("‘thousands of
# shootings’ in Chicago", "‘…,’ he said"); a noun means a plural possessive
# ("the players’ union").
_CLOSE_BEFORE_WORDS = frozenset(
    """he she they we i it you said says say added adds told tells asked asks wrote writes according insisted
    warned explained argued noted claimed continued replied recalled declared stated in of to for on at and or
    but nor that which who whom whose is was are were be been as from with by than then this these those when
    while if because so after before since until into about over under against during without through also
    not only just now even yet the a an his her its their our my your""".split()
)


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
    every newline (one paragraph per line, as feeds and many exports do),
    except inside a quote that runs on to a later line.
    """
    if _BLANK_LINE_RE.search(text) is not None:
        spans: list[Span] = []
        start = 0
        for m in _BLANK_LINE_RE.finditer(text):
            _append_stripped(text, start, m.start(), spans)
            start = m.end()
        _append_stripped(text, start, len(text), spans)
        return spans
    lines: list[Span] = []
    start = 0
    for m in _PARAGRAPH_BREAK_RE.finditer(text):
        _append_stripped(text, start, m.start(), lines)
        start = m.end()
    _append_stripped(text, start, len(text), lines)
    return _join_run_on_lines(text, lines)


def _join_run_on_lines(text: str, lines: list[Span]) -> list[Span]:
    """Lines joined where a quote open at a line's end is closed by the next
    mark of its family on a following line."""
    out: list[Span] = []
    k = 0
    while k < len(lines):
        start, end = lines[k]
        k += 1
        while k < len(lines):
            family = _open_at_end(text, start, end)
            if family is None:
                break
            closer = _next_mark_closes(text, lines, k, family)
            if closer is None:
                break
            end = lines[closer][1]
            k = closer + 1
        out.append((start, end))
    return out


def _open_at_end(text: str, start: int, end: int) -> str | None:
    """"double" or "single" when a quote of that family is still open at
    ``end`` (and opened within reach), else None."""
    for family in ("double", "single"):
        _, open_at = _pair(text, start, end, _marks(text, start, end, family))
        if open_at is not None and end - open_at <= MAX_QUOTE_CHARS:
            return family  # (an opening mark may end the line: 'said Rios. "')
    return None


def _next_mark_closes(text: str, lines: list[Span], k: int, family: str) -> int | None:
    """The index of the line (from ``k``, a few lines at most) whose first
    mark of ``family`` closes the open quote, or None if the next mark opens
    a new one (the newspaper convention: the quote stopped)."""
    for index in range(k, min(len(lines), k + _MAX_RUN_ON_LINES)):
        start, end = lines[index]
        marks = _marks(text, start, end, family)
        if marks:
            return index if marks[0][1] in (_CLOSE, _EITHER) and not _opens_line(text, start, marks[0]) else None
    return None


def _opens_line(text: str, start: int, mark: tuple[int, int]) -> bool:
    return mark[0] == start and mark[1] != _CLOSE


def _append_stripped(text: str, start: int, end: int, spans: list[Span]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        spans.append((start, end))


def _direction(text: str, i: int, start: int, end: int) -> int:
    """Whether the double mark at ``i`` (inside paragraph ``[start, end)``)
    opens, closes or could do either."""
    before = text[i - 1] if i > start else " "
    after = text[i + 1] if i + 1 < end else " "
    can_open = before in _BEFORE_OPEN and not after.isspace()
    can_close = not before.isspace() and after in _AFTER_CLOSE
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


def _single_direction(text: str, i: int, start: int, end: int) -> int:
    """Like :func:`_direction` for a single mark, or ``_NONE`` when it is an
    apostrophe."""
    before = text[i - 1] if i > start else " "
    after = text[i + 1] if i + 1 < end else " "
    mark = text[i]
    if before.isalnum() and after.isalnum():
        return _NONE  # we’ve, O’Neill, o’clock, rock’n’roll
    if mark != LEFT_SINGLE and not before.isalnum() and _ELISION_RE.match(text, i + 1, end):
        return _NONE  # ’90s, ’em, ’n’
    if mark != LEFT_SINGLE and before in "nN" and i >= 2 and text[i - 2] in "\u2019'" and after == " ":
        return _NONE  # the second mark of ’n’
    if mark != LEFT_SINGLE and before in "sS" and after == " ":
        nxt = text[i + 2 : i + 22].split(maxsplit=1)
        word = nxt[0].strip(".,;:!?").lower() if nxt else ""
        if word[:1].isalpha() and word[:1].islower() and word not in _CLOSE_BEFORE_WORDS:
            return _NONE  # the players’ union
    can_open = before in _BEFORE_OPEN and not after.isspace()
    can_close = not before.isspace() and (after in _AFTER_CLOSE)
    if mark == LEFT_SINGLE:
        return _EITHER if (can_close and not can_open) else (_OPEN if can_open else _NONE)
    if mark == RIGHT_SINGLE:
        return _CLOSE if can_close else _NONE  # a curly right mark never opens
    if can_open and not can_close:
        return _OPEN
    if can_close and not can_open:
        return _CLOSE
    return _NONE  # a lone straight mark between spaces


def _marks(text: str, start: int, end: int, family: str) -> list[tuple[int, int]]:
    """(position, direction) of every mark of ``family`` in ``[start, end)``."""
    if family == "double":
        return [(m.start(), _direction(text, m.start(), start, end)) for m in _DOUBLE_RE.finditer(text, start, end)]
    out = []
    for m in _SINGLE_RE.finditer(text, start, end):
        direction = _single_direction(text, m.start(), start, end)
        if direction != _NONE:
            out.append((m.start(), direction))
    return out


def _pair(text: str, start: int, end: int, marks: list[tuple[int, int]]) -> tuple[list[Span], int | None]:
    """Quotes paired from one family's marks in one paragraph, and where a
    quote still open at the paragraph's end opened (None if none)."""
    spans: list[Span] = []
    open_at: int | None = None
    for i, direction in marks:
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
            spans.append((open_at, i + 1))
        open_at = None
    return spans, open_at


def _outermost(spans: list[Span]) -> list[Span]:
    """Spans not inside another, in order; of two that cross, the earlier."""
    out: list[Span] = []
    for s, e in sorted(spans, key=lambda x: (x[0], -x[1])):
        if out and s < out[-1][1]:
            continue
        out.append((s, e))
    return out


def _opens_paragraph(text: str, span: Span, family: str) -> bool:
    marks = _marks(text, span[0], span[1], family)
    return bool(marks) and marks[0][0] == span[0] and marks[0][1] in (_OPEN, _EITHER)


def find_quotes(text: str, paragraphs: list[Span] | None = None) -> list[QuoteSpan]:
    """Every direct quote in ``text``, in order, never overlapping."""
    if paragraphs is None:
        paragraphs = paragraph_spans(text)
    quotes: list[QuoteSpan] = []
    chain = 0
    carried = False  # the previous paragraph ended inside a quote that runs on
    for index, (p_start, p_end) in enumerate(paragraphs):
        if _ANY_MARK_RE.search(text, p_start, p_end) is None:
            carried = False  # no mark: no quote, none running on (most paragraphs)
            continue
        found: list[Span] = []
        open_ends: list[tuple[int, str]] = []
        for family in ("double", "single"):
            spans, open_at = _pair(text, p_start, p_end, _marks(text, p_start, p_end, family))
            found.extend(spans)
            if open_at is not None:
                open_ends.append((open_at, family))
        found = _outermost(found)
        for start, end in found:
            if not (carried and start == p_start):
                chain += 1
            quotes.append(QuoteSpan(start, end, index, chain))
            carried = False
        runs_on = False
        for open_at, family in sorted(open_ends):
            if found and open_at < found[-1][1]:
                continue  # inside (or before) a closed quote of the other family
            runs_on = (
                p_end - open_at <= MAX_QUOTE_CHARS
                and index + 1 < len(paragraphs)
                and _opens_paragraph(text, paragraphs[index + 1], family)
                and bool(text[open_at + 1 : p_end].strip())
            )
            if runs_on:
                if not (carried and open_at == p_start):
                    chain += 1
                quotes.append(QuoteSpan(open_at, p_end, index, chain, closed=False))
                break
        carried = runs_on
    return quotes
