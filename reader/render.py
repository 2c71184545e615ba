"""Article + Annotation → ``rich.text.Text``: one renderer for the TUI and ``reader show``.

Article text is untrusted. It only ever enters a ``Text`` as plain characters
(never through markup), and control characters are replaced one-for-one by
U+FFFD so a stray ESC can never reach the terminal while every offset of the
annotation still lines up with the rendered characters.

Styles are looked up by *role* ("quote", "figure", …) in a mapping the caller
passes: the TUI builds it from its Textual CSS (so themes restyle the
highlights), ``reader show`` uses :data:`DEFAULT_STYLES`.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from rich.style import Style
from rich.text import Text

from reader.domain import Annotation, Article, Note, Paragraph
from reader.highlight_styles import COLOR_STYLES

# Every role the renderer emits; the TUI maps each to a CSS component class.
ROLES = (
    "title",
    "meta",
    "caption",
    "place",
    "org",
    "figure",
    "quote",
    "speaker",
    "note",
    "highlight",
    "mention",
    "cursor",
    "selection",
    # formatting the source gave (HTML, Markdown): paragraph kinds and inline spans
    "heading",
    "blockquote",
    "emphasis",
    "strong",
    "code",
    "link",
    # the search in the article (/): every match, and the one the cursor is on
    "match",
    "match-current",
)

# Paragraph kinds drawn in a style of their own (the rest are plain body text).
_PARAGRAPH_ROLES = {"caption": "caption", "heading": "heading", "blockquote": "blockquote", "code": "code"}

# The colour table of :mod:`reader.highlight_styles` (which also has the
# monochrome one for NO_COLOR): one place says how a role looks in Rich.
DEFAULT_STYLES: dict[str, Style] = COLOR_STYLES

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def safe_text(text: str) -> str:
    """Replace control and bidi-override characters by U+FFFD, keeping the length.

    Same length matters: annotation offsets index the original string.
    Newlines stay (they separate lines); tabs become a space.
    """
    return _CONTROL.sub("\ufffd", text.replace("\t", " "))


@dataclass(frozen=True, slots=True)
class Layers:
    """Which highlight layers are shown (the TUI toggles them with 1–4)."""

    quotes: bool = True
    people: bool = True
    places: bool = True  # places and organisations
    notes: bool = True

    def toggled(self, name: str) -> Layers:
        values = {f: getattr(self, f) for f in ("quotes", "people", "places", "notes")}
        values[name] = not values[name]
        return Layers(**values)


@dataclass(frozen=True, slots=True)
class RenderedParagraph:
    """One paragraph as styled text; character ``i`` of ``text`` is
    ``article.body[start + i]`` (leading/trailing blanks excluded)."""

    index: int
    start: int
    end: int
    kind: str
    text: Text


def paragraphs_of(article: Article) -> list[Paragraph]:
    """The article's paragraphs, or paragraphs split on blank lines when the
    article carries none; empty/blank ones are dropped and ends trimmed."""
    body = article.body
    raw = article.paragraphs or _split_blank_lines(body)
    result: list[Paragraph] = []
    for p in raw:
        start, end = p.start, min(p.end, len(body))
        while start < end and body[start].isspace():
            start += 1
        while end > start and body[end - 1].isspace():
            end -= 1
        if end > start:
            result.append(Paragraph(start, end, p.kind))
    return result


def _split_blank_lines(body: str) -> list[Paragraph]:
    paragraphs = []
    start = 0
    for match in re.finditer(r"\n\s*\n", body):
        paragraphs.append(Paragraph(start, match.start()))
        start = match.end()
    paragraphs.append(Paragraph(start, len(body)))
    return paragraphs


def _style(styles: Mapping[str, Style | str], role: str) -> Style | str:
    style = styles.get(role)
    # An empty style is a choice (e.g. no underline for notes without colour).
    return DEFAULT_STYLES[role] if style is None else style


def highlight_spans(
    annotation: Annotation | None,
    notes: Iterable[Note] = (),
    layers: Layers = Layers(),
) -> list[tuple[int, int, str]]:
    """(start, end, role) in body offsets, in paint order (later wins)."""
    spans: list[tuple[int, int, str]] = []
    if annotation is not None:
        if layers.places:
            for entity in annotation.entities:
                if entity.label == "LOCATION":
                    spans.append((entity.start, entity.end, "place"))
                elif entity.label == "ORGANIZATION":
                    spans.append((entity.start, entity.end, "org"))
        if layers.quotes:
            for quote in annotation.quotes:
                spans.append((quote.start, quote.end, "quote"))
        if layers.people:
            for figure in annotation.figures:
                for start, end in figure.mentions:
                    spans.append((start, end, "figure"))
    if layers.notes:
        for note in notes:
            if not note.orphaned and note.anchor.end > note.anchor.start:
                spans.append((note.anchor.start, note.anchor.end, "highlight" if note.highlight else "note"))
    return spans


def render_paragraphs(
    article: Article,
    annotation: Annotation | None,
    notes: Iterable[Note] = (),
    layers: Layers = Layers(),
    styles: Mapping[str, Style | str] | None = None,
    *,
    extra: Sequence[tuple[int, int, str]] = (),
) -> list[RenderedParagraph]:
    """Each paragraph as a ``Text`` whose characters map 1:1 to the body.

    The source's own formatting (emphasis, links: ``article.inline``) is
    painted first, under the highlights; ``extra`` adds spans painted last
    (the TUI's cursor and current mention).
    """
    styles = styles or DEFAULT_STYLES
    spans = [(span.start, span.end, span.kind) for span in article.inline if span.kind in _INLINE_ROLES]
    spans += sorted(highlight_spans(annotation, notes, layers), key=lambda s: _PAINT_ORDER[s[2]])
    spans.extend(extra)
    body = article.body
    paragraphs = paragraphs_of(article)
    per_paragraph = _spans_per_paragraph(paragraphs, spans)
    rendered = []
    for index, (paragraph, own) in enumerate(zip(paragraphs, per_paragraph)):
        text = Text(safe_text(body[paragraph.start : paragraph.end]), end="")
        if paragraph.kind in _PARAGRAPH_ROLES:
            text.stylize(_style(styles, _PARAGRAPH_ROLES[paragraph.kind]))
        for start, end, role in own:
            text.stylize(_style(styles, role), start, end)
        rendered.append(RenderedParagraph(index, paragraph.start, paragraph.end, paragraph.kind, text))
    return rendered


def _spans_per_paragraph(
    paragraphs: Sequence[Paragraph], spans: Iterable[tuple[int, int, str]]
) -> list[list[tuple[int, int, str]]]:
    """Each paragraph's share of ``spans`` in paragraph offsets, paint order
    kept: a span visits only the paragraphs it overlaps (bisect), not all."""
    starts = [p.start for p in paragraphs]
    ordered = all(a.end <= b.start for a, b in zip(paragraphs, paragraphs[1:]))
    result: list[list[tuple[int, int, str]]] = [[] for _ in paragraphs]
    for start, end, role in spans:
        index = max(0, bisect.bisect_right(starts, start) - 1) if ordered else 0
        while index < len(paragraphs) and (paragraphs[index].start < end or not ordered):
            paragraph = paragraphs[index]
            lo, hi = max(start, paragraph.start), min(end, paragraph.end)
            if lo < hi:
                result[index].append((lo - paragraph.start, hi - paragraph.start, role))
            index += 1
    return result


_PAINT_ORDER = {"place": 0, "org": 0, "quote": 1, "figure": 2, "note": 3, "highlight": 3}
_INLINE_ROLES = frozenset({"emphasis", "strong", "code", "link"})


def header_text(article: Article, styles: Mapping[str, Style | str] | None = None) -> Text:
    """Title line, a "source · place · date · by author · N words" line, and
    the address of the original when there is one."""
    styles = styles or DEFAULT_STYLES
    text = Text(end="")
    text.append(safe_text(article.title or "(untitled)"), style=_style(styles, "title"))
    meta = meta_line(article)
    if meta:
        text.append("\n")
        text.append(meta, style=_style(styles, "meta"))
    if article.url:
        text.append("\n")
        text.append(safe_text(article.url), style=_style(styles, "link"))
    return text


def meta_line(article: Article) -> str:
    parts = [article.source, article.place, article.date, f"by {article.author}" if article.author else None]
    parts_text = [safe_text(p) for p in parts if p]
    parts_text.append(f"{article.word_count:,} words")
    return " · ".join(parts_text)


def ago(stamp: float | None, now: float | None = None) -> str:
    """"5 min ago", "2 h ago", "never": when a feed was last checked."""
    import time

    if not stamp:
        return "never"
    seconds = max(0.0, (time.time() if now is None else now) - stamp)
    for unit, size in (("d", 86400), ("h", 3600), ("min", 60)):
        if seconds >= size:
            return f"{int(seconds // size)} {unit} ago"
    return "just now"


def speaker_label(name: str | None) -> str:
    return safe_text(name) if name else "unattributed"


def render_article(
    article: Article,
    annotation: Annotation | None,
    notes: Iterable[Note] = (),
    layers: Layers = Layers(),
    styles: Mapping[str, Style | str] | None = None,
    *,
    speakers: bool = True,
) -> Text:
    """The whole article for printing: header, then paragraphs separated by a
    blank line, with an inline dim "— Speaker" after each quote (``speakers``).

    The labels are inserted text, so offsets of this ``Text`` do not match the
    body; the TUI uses :func:`render_paragraphs` and a gutter instead.
    """
    styles = styles or DEFAULT_STYLES
    quote_ends: dict[int, list[str | None]] = {}
    if annotation is not None and speakers and layers.quotes:
        for quote in annotation.quotes:
            quote_ends.setdefault(quote.end, []).append(quote.speaker)
    out = header_text(article, styles)
    for paragraph in render_paragraphs(article, annotation, notes, layers, styles):
        out.append("\n\n")
        cuts = sorted(end - paragraph.start for end in quote_ends if paragraph.start < end <= paragraph.end)
        pieces = paragraph.text.divide(cuts) if cuts else [paragraph.text]
        for piece, cut in zip(pieces, [*cuts, None]):
            out.append_text(piece)
            if cut is not None:
                names = ", ".join(speaker_label(s) for s in quote_ends[paragraph.start + cut])
                out.append(f" — {names}", style=_style(styles, "speaker"))
    return out


def plain_article(article: Article) -> str:
    """Title, meta line and paragraphs as plain text (for pipes)."""
    lines = [safe_text(article.title or "(untitled)"), meta_line(article)]
    if article.url:
        lines.append(safe_text(article.url))
    for paragraph in paragraphs_of(article):
        lines.append("")
        lines.append(safe_text(article.body[paragraph.start : paragraph.end]))
    return "\n".join(lines) + "\n"
