"""Structured text (HTML, Markdown) -> paragraphs with their formatting.

Both the web-page reader (trafilatura's XML) and the Markdown reader
(markdown-it-py's tokens) walk a tree of blocks and inline elements; this
module is what they share: a :class:`Block` is one paragraph of the future
body with its kind (heading, list item, …) and its inline spans (emphasis,
links) in the block's own offsets. :func:`collapse` squeezes whitespace the
way plain text paragraphs are squeezed, moving the spans with the text, so
after :func:`reader.articles.parse.build_article` joins the blocks every span
indexes the stored body exactly.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reader.domain import InlineSpan


@dataclass(slots=True)
class Block:
    """One paragraph being built: text so far, its kind, and open/closed spans."""

    kind: str = "body"
    parts: list[str] = field(default_factory=list)
    spans: list[InlineSpan] = field(default_factory=list)
    _length: int = 0

    def add(self, text: str) -> None:
        if text:
            self.parts.append(text)
            self._length += len(text)

    @property
    def length(self) -> int:
        return self._length

    def span(self, start: int, kind: str, target: str | None = None) -> None:
        """Close a span opened at ``start`` (empty spans are dropped)."""
        if self._length > start:
            self.spans.append(InlineSpan(start, self._length, kind, target))

    @property
    def text(self) -> str:
        return "".join(self.parts)


def collapse(text: str, spans: list[InlineSpan]) -> tuple[str, list[InlineSpan]]:
    """Runs of whitespace become one space, ends are trimmed; each span is
    moved with its characters and trimmed to them (one left empty is dropped)."""
    out: list[str] = []
    new_of: list[int] = [-1] * len(text)  # new offset of each kept non-space character
    pending_space = False
    for i, ch in enumerate(text):
        if ch.isspace():
            pending_space = bool(out)
            continue
        if pending_space:
            out.append(" ")
            pending_space = False
        new_of[i] = len(out)
        out.append(ch)
    result = "".join(out)
    if not spans:
        return result, []
    # first kept character at or after each old offset; end of the last kept one before it
    first_at = [len(result)] * (len(text) + 1)
    for i in range(len(text) - 1, -1, -1):
        first_at[i] = new_of[i] if new_of[i] >= 0 else first_at[i + 1]
    end_before = [0] * (len(text) + 1)
    for i in range(1, len(text) + 1):
        end_before[i] = new_of[i - 1] + 1 if new_of[i - 1] >= 0 else end_before[i - 1]
    moved: list[InlineSpan] = []
    for span in spans:
        start, end = first_at[span.start], end_before[span.end]
        if end > start:
            moved.append(InlineSpan(start, end, span.kind, span.target))
    return result, moved


def finished(blocks: list[Block]) -> list[tuple[str, str, list[InlineSpan]]]:
    """(kind, collapsed text, spans) of every block with text."""
    result = []
    for block in blocks:
        text, spans = collapse(block.text, block.spans)
        if text:
            result.append((block.kind, text, spans))
    return result
