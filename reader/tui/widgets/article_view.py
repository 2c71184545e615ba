"""The article body on Textual's Line API, with a gutter and a cursor.

Paragraphs are styled once by :mod:`reader.render` and wrapped once per
width; a line is drawn only when it is on screen. The gutter carries what the
text cannot without changing its offsets: the cursor mark, a note mark, and
who said each quote ("Mike Pompeo ▌" beside the quote's lines).

The cursor stops on paragraphs and on the quotes inside them (in reading
order); its offset is the reading position the library saves.

Text runs at most ``reading_width`` columns wide (the config's
``reading_width``): on a wide terminal, or with the side panel hidden, long
lines are hard to follow. The matches of a search in the article (``/``) are
painted over everything but the selection; while there are matches, the
find keys (``n``/``N`` by default) move between them instead of between
quotes (``]``/``[`` always move between quotes), and ``escape`` clears them.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from rich._wrap import divide_line
from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.domain import Annotation, Article, Note, Quote
from reader.render import ROLES, Layers, RenderedParagraph, render_paragraphs, speaker_label
from reader.selection import TextUnits, extend, select_at, shrink, snap
from reader.tui.keys import bind

WIDE_GUTTER = 16  # cursor, note mark, 12-cell speaker label, quote bar, space
NARROW_GUTTER = 4
DEFAULT_READING_WIDTH = 80  # columns of text at most; the config's reading_width
MIN_TEXT_WIDTH = 10
INDENTED_KINDS = {"caption": 2, "blockquote": 4}
_ITEM_MARKER = re.compile(r"(?:• |\d{1,4}[.)] )")


@dataclass(frozen=True, slots=True)
class Item:
    """A cursor stop: a paragraph or a quote."""

    kind: str  # "paragraph" | "quote"
    start: int
    end: int
    paragraph: int
    quote: Quote | None = None


@dataclass(slots=True)
class _Line:
    paragraph: int | None  # None: blank line between paragraphs
    start: int = 0  # body offsets of the characters on this line
    end: int = 0
    text: Text | None = None
    indent: int = 0  # blank cells before the text (captions, block quotes, list items' later lines)


def build_items(paragraphs: Sequence[RenderedParagraph], quotes: Sequence[Quote]) -> list[Item]:
    """Paragraphs and quotes in reading order (a paragraph before its quotes)."""
    items: list[Item] = []
    ordered = sorted(quotes, key=lambda q: q.start)
    q = 0
    for paragraph in paragraphs:
        items.append(Item("paragraph", paragraph.start, paragraph.end, paragraph.index))
        while q < len(ordered) and ordered[q].start < paragraph.end:
            quote = ordered[q]
            if quote.start >= paragraph.start:
                items.append(Item("quote", quote.start, quote.end, paragraph.index, quote))
            q += 1
    return items


class ArticleView(ScrollView, can_focus=True):
    """Shows one article; the screen feeds it data and binds the keys that
    need the library (notes, bookmarks)."""

    help_group = "Text"

    BINDINGS = [
        # Selection keys first: they only act while selecting (check_action),
        # otherwise the same key falls through to its usual binding.
        bind("selection.grow_word", "selection_extend('word')", "Word +"),
        bind("selection.shrink_word", "selection_shrink('word')", "Word −"),
        bind("selection.grow_start", "selection_extend('word', True)", "Word + before", show=False),
        bind("selection.shrink_start", "selection_shrink('word', True)", "Word − at start", show=False),
        bind("selection.grow_sentence", "selection_extend('sentence')", "Sentence +"),
        bind("selection.shrink_sentence", "selection_shrink('sentence')", "Sentence −", show=False),
        bind("selection.grow_paragraph", "selection_extend('paragraph')", "Paragraph +", show=False),
        bind("selection.shrink_paragraph", "selection_shrink('paragraph')", "Paragraph −", show=False),
        bind("selection.confirm", "selection_confirm", "Highlight"),
        bind("selection.cancel", "selection_cancel", "Cancel"),
        # Find keys next: they act while there are matches, else the same
        # keys fall through to the quote keys below.
        bind("find.next", "next_match", "Next match"),
        bind("find.previous", "previous_match", "Prev match"),
        bind("find.clear", "clear_find", "Clear the search"),
        bind("article.select", "select", "Select to highlight", show=False),
        bind("article.next", "next_item", "Next", show=False),
        bind("article.previous", "previous_item", "Previous", show=False),
        bind("article.next_quote", "next_quote", "Next quote"),
        bind("article.previous_quote", "previous_quote", "Prev quote", show=False),
        bind("article.next_paragraph", "next_paragraph", "Next paragraph", show=False),
        bind("article.previous_paragraph", "previous_paragraph", "Prev paragraph", show=False),
        bind("article.page_down", "page_down", "Page down", show=False),
        bind("article.page_up", "page_up", "Page up", show=False),
        bind("article.top", "top", "Top", show=False),
        bind("article.bottom", "bottom", "Bottom", show=False),
    ]

    COMPONENT_CLASSES = {f"article-view--{role}" for role in ROLES} | {
        "article-view--gutter",
        "article-view--cursor-mark",
        "article-view--note-mark",
        "article-view--quote-bar",
    }

    DEFAULT_CSS = """
    ArticleView { height: 1fr; overflow-x: hidden; }
    """

    cursor: reactive[int] = reactive(0, always_update=True, init=False)

    class SelectionChanged(Message):
        """The selection started, changed or ended (``span`` None)."""

        def __init__(self, span: tuple[int, int] | None) -> None:
            super().__init__()
            self.span = span

    class SelectionConfirmed(Message):
        """Enter while selecting: highlight ``span`` (snapped to whole words)."""

        def __init__(self, span: tuple[int, int]) -> None:
            super().__init__()
            self.span = span

    class CursorMoved(Message):
        def __init__(self, item: Item | None) -> None:
            super().__init__()
            self.item = item

    class FindChanged(Message):
        """The matches of the search in the article changed, or the current one."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.article: Article | None = None
        self.annotation: Annotation | None = None
        self.notes: list[Note] = []
        self.shown_layers = Layers()
        self.items: list[Item] = []
        self._paragraphs: list[RenderedParagraph] = []
        self._lines: list[_Line] = []
        self._line_starts: list[int] = []  # body offset of each text line (for bisect)
        self._line_index: list[int] = []  # index into _lines of each text line
        self._paragraph_lines: list[tuple[int, int]] = []  # first, last line per paragraph
        self._width = 0
        self._mention: tuple[int, int] | None = None
        self._styled_with: dict[str, Style] = {}
        self.selection: tuple[int, int] | None = None
        self._units: TextUnits | None = None
        self.reading_width = DEFAULT_READING_WIDTH
        self.matches: list[tuple[int, int]] = []  # the search in the article (/)
        self.match_index: int | None = None
        self._match_ends: list[int] = []
        self.find_label = ""  # what was searched, for the status line

    def on_mount(self) -> None:
        # Styles that only make sense in colour (the stylesheet has no
        # ":not(:nocolor)"): e.g. a note's underline would hide the underline
        # that marks places when there is no colour.
        self.set_class(not self.app.no_color, "-colour")

    # ------------------------------------------------------------ loading

    def load(
        self,
        article: Article,
        annotation: Annotation | None,
        notes: Sequence[Note] = (),
        layers: Layers | None = None,
        position: int | None = None,
    ) -> None:
        self.article = article
        self._units = None
        self._set_selection(None)
        self.annotation = annotation
        self.notes = list(notes)
        if layers is not None:
            self.shown_layers = layers
        self._restyle()
        self.items = build_items(self._paragraphs, annotation.quotes if annotation else [])
        self._width = 0
        self._relayout()
        self.cursor = self.item_at(position) if position is not None else 0

    def set_layers(self, layers: Layers) -> None:
        self.shown_layers = layers
        self._restyle()
        self._width = 0
        self._relayout()
        self.refresh()

    def set_notes(self, notes: Sequence[Note]) -> None:
        self.notes = list(notes)
        self.set_layers(self.shown_layers)

    def _styles(self) -> dict[str, Style]:
        return {role: self._role_style(role) for role in ROLES}

    def _role_style(self, role: str) -> Style:
        """The CSS of one component class as a Rich style that only sets what
        the CSS sets, with translucent colours blended over our background
        (partial styles keep the alpha, which a terminal cannot show)."""
        name = f"article-view--{role}"
        style = self.get_component_rich_style(name, partial=True)
        if style.color is not None or style.bgcolor is not None:
            # Translucent colours ($text-muted, "$accent 25%") blended here.
            full = self.get_component_rich_style(name)
            style += Style(
                color=full.color if style.color is not None else None,
                bgcolor=full.bgcolor if style.bgcolor is not None else None,
            )
        return style

    def _restyle(self) -> None:
        if self.article is None:
            return
        self._styled_with = self._styles()
        self._paragraphs = render_paragraphs(self.article, self.annotation, self.notes, self.shown_layers, self._styled_with)

    def notify_style_update(self) -> None:
        # The highlight colours come from CSS (and so from the theme): when
        # they change, or were not applied yet when the article arrived,
        # style the text again.
        super().notify_style_update()
        # Component classes are updated after the widget itself: look later.
        self.call_after_refresh(self._restyle_if_changed)

    def _restyle_if_changed(self) -> None:
        if self.article is not None and self._styles() != self._styled_with:
            self.set_layers(self.shown_layers)

    def on_resize(self, event: events.Resize) -> None:
        self._relayout()

    @property
    def gutter_width(self) -> int:
        return WIDE_GUTTER if self.scrollable_content_region.width >= 60 else NARROW_GUTTER

    def set_reading_width(self, columns: int) -> None:
        self.reading_width = max(MIN_TEXT_WIDTH, columns)
        self._width = 0
        self._relayout()

    def _relayout(self) -> None:
        """Wrap every paragraph to the current width (only when it changed)."""
        width = self.scrollable_content_region.width
        if width <= 0 or width == self._width:
            return
        self._width = width
        text_width = max(MIN_TEXT_WIDTH, min(self.reading_width, width - self.gutter_width - 1))
        lines: list[_Line] = []
        self._paragraph_lines = []
        for paragraph in self._paragraphs:
            if lines:
                lines.append(_Line(None))
            indent = INDENTED_KINDS.get(paragraph.kind, 0)
            first = len(lines)
            plain = paragraph.text.plain
            # A list item's later lines start under its text, not its marker.
            marker = _ITEM_MARKER.match(plain) if paragraph.kind == "item" else None
            hang = len(marker.group()) if marker else 0
            for number, (piece_text, start, end) in enumerate(_wrap(paragraph.text, plain, text_width - indent - hang)):
                line_indent = indent + (hang if number else 0)
                lines.append(_Line(paragraph.index, paragraph.start + start, paragraph.start + end, piece_text, line_indent))
            self._paragraph_lines.append((first, len(lines) - 1))
        self._lines = lines
        self._line_index = [i for i, line in enumerate(lines) if line.paragraph is not None]
        self._line_starts = [lines[i].start for i in self._line_index]
        self.virtual_size = Size(width, len(lines))
        self._scroll_to_cursor()
        self.refresh()

    # ------------------------------------------------------------- cursor

    @property
    def current(self) -> Item | None:
        return self.items[self.cursor] if 0 <= self.cursor < len(self.items) else None

    @property
    def position(self) -> int:
        """Body offset of the cursor (what the library stores). A quote's is
        its first character after the opening mark: a paragraph that opens
        with a quote starts at the mark, and the two must restore apart."""
        item = self.current
        if item is None:
            return 0
        return item.start + 1 if item.kind == "quote" and item.end - item.start > 1 else item.start

    def item_at(self, offset: int, kind: str | None = None) -> int:
        """The cursor stop for a body offset: one starting exactly there (the
        first, so a paragraph wins over a quote opening it, unless ``kind``
        asks for the quote), else the last one starting before it."""
        starts = [item.start for item in self.items]
        exact = bisect.bisect_left(starts, offset)
        while exact < len(starts) and starts[exact] == offset:
            if kind is None or self.items[exact].kind == kind:
                return exact
            exact += 1
        return max(0, bisect.bisect_right(starts, offset) - 1)

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self.items) - 1)) if self.items else 0

    def watch_cursor(self, old: int, new: int) -> None:
        self._scroll_to_cursor()
        self.refresh()
        self.post_message(self.CursorMoved(self.current))

    def line_of(self, offset: int) -> int:
        """Index into the rendered lines of the line holding ``offset``."""
        if not self._line_starts:
            return 0
        return self._line_index[max(0, bisect.bisect_right(self._line_starts, offset) - 1)]

    def _item_lines(self, item: Item) -> tuple[int, int]:
        return self.line_of(item.start), self.line_of(max(item.start, item.end - 1))

    def _scroll_to_cursor(self) -> None:
        item = self.current
        if item is None or not self._lines:
            return
        first, last = self._item_lines(item)
        self._scroll_into_view(first, last)

    def _scroll_into_view(self, first: int, last: int) -> None:
        height = max(1, self.scrollable_content_region.height)
        top = round(self.scroll_y)
        if last - first + 1 > height or first < top:
            target = first - (1 if first < top and last - first + 2 <= height else 0)
        elif last >= top + height:
            target = last - height + 2
        else:
            return
        self.scroll_to(y=max(0, target), animate=False, immediate=True)

    def _visible_range(self) -> tuple[int, int]:
        top = round(self.scroll_y)
        return top, top + max(1, self.scrollable_content_region.height) - 1

    def _sync_cursor_to_viewport(self) -> bool:
        """After scrolling with the mouse or a page key the cursor may be off
        screen: put it on the first paragraph in view (without scrolling).
        True when it moved."""
        item = self.current
        top, bottom = self._visible_range()
        if item is None:
            return False
        first, last = self._item_lines(item)
        if last >= top and first <= bottom:
            return False
        for index, candidate in enumerate(self.items):
            if candidate.kind == "paragraph" and self._item_lines(candidate)[1] >= top:
                self.set_reactive(ArticleView.cursor, index)
                self.refresh()
                self.post_message(self.CursorMoved(self.current))
                return True
        return False

    def action_next_item(self) -> None:
        if self._sync_cursor_to_viewport():
            return
        item = self.current
        top, bottom = self._visible_range()
        if item is not None and self._item_lines(item)[1] > bottom:
            # A paragraph taller than what is visible: read on before moving.
            self.scroll_to(y=top + 3, animate=False, immediate=True)
            return
        self.cursor += 1

    def action_previous_item(self) -> None:
        if self._sync_cursor_to_viewport():
            return
        item = self.current
        top, _ = self._visible_range()
        if item is not None and self._item_lines(item)[0] < top:
            self.scroll_to(y=max(0, top - 3), animate=False, immediate=True)
            return
        self.cursor -= 1

    def _move_to_kind(self, kind: str, step: int) -> bool:
        self._sync_cursor_to_viewport()
        index = self.cursor + step
        while 0 <= index < len(self.items):
            if self.items[index].kind == kind:
                self.cursor = index
                return True
            index += step
        return False

    def action_next_quote(self) -> None:
        if not self._move_to_kind("quote", 1):
            self.notify("No more quotes below.", timeout=2)

    def action_previous_quote(self) -> None:
        if not self._move_to_kind("quote", -1):
            self.notify("No more quotes above.", timeout=2)

    def action_next_paragraph(self) -> None:
        self._move_to_kind("paragraph", 1)

    def action_previous_paragraph(self) -> None:
        self._move_to_kind("paragraph", -1)

    def action_page_down(self) -> None:
        self._page(1)

    def action_page_up(self) -> None:
        self._page(-1)

    def _page(self, direction: int) -> None:
        height = max(1, self.scrollable_content_region.height)
        self.scroll_to(y=max(0, round(self.scroll_y) + direction * (height - 1)), animate=False, immediate=True)
        self._sync_cursor_to_viewport()

    def action_top(self) -> None:
        self.cursor = 0
        self.scroll_to(y=0, animate=False, immediate=True)

    def action_bottom(self) -> None:
        self.cursor = len(self.items) - 1
        self.scroll_to(y=self.max_scroll_y, animate=False, immediate=True)

    def goto(self, offset: int, kind: str | None = None) -> None:
        """Put the cursor on the stop for ``offset``: ``kind`` "quote" or
        "paragraph" asks for that stop starting there (a note's anchor says
        which it is on); "inner" for the innermost stop holding the offset
        (the quote a match or highlight is in, else its paragraph); None for
        a saved reading position (see :attr:`position`)."""
        if kind == "inner":
            self.cursor = self.item_holding(offset)
        else:
            self.cursor = self.item_at(offset, kind if kind in ("quote", "paragraph") else None)

    def item_holding(self, offset: int) -> int:
        """The innermost stop whose text holds ``offset``: a quote inside a
        paragraph wins over the paragraph."""
        index = self.item_at(offset)
        while index > 0 and not (self.items[index].start <= offset < self.items[index].end):
            if self.items[index].kind == "paragraph":
                break
            index -= 1
        return index

    def show_mention(self, span: tuple[int, int] | None) -> None:
        """Mark one mention (a figure's, cycled from the side panel) and
        bring it to the middle of the screen."""
        self._mention = span
        if span is not None:
            self.set_reactive(ArticleView.cursor, self.item_at(span[0]))
            while self.cursor > 0 and self.items[self.cursor].kind != "paragraph":
                self.set_reactive(ArticleView.cursor, self.cursor - 1)
            line = self.line_of(span[0])
            height = max(1, self.scrollable_content_region.height)
            top, bottom = self._visible_range()
            if not top <= line <= bottom:
                self.scroll_to(y=max(0, line - height // 3), animate=False, immediate=True)
            self.post_message(self.CursorMoved(self.current))
        self.refresh()

    def _placed_notes(self) -> list[Note]:
        """Notes with a place in the text (not orphaned, not on the whole article)."""
        return [n for n in self.notes if not n.orphaned and n.anchor.kind != "article"]

    def notes_at(self, item: Item | None = None) -> list[Note]:
        """Notes starting inside the item (default: the cursor's); a
        paragraph's include those on its quotes."""
        item = item or self.current
        if item is None:
            return []
        return [n for n in self._placed_notes() if item.start <= n.anchor.start < item.end]

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = round(self.scroll_y) + offset.y
        if not 0 <= index < len(self._lines) or self._lines[index].paragraph is None:
            return
        line = self._lines[index]
        column = offset.x - self.gutter_width - line.indent
        body_offset = line.start
        if line.text is not None and column > 0:
            body_offset += min(len(line.text.plain), _index_at_cell(line.text.plain, column))
        target = self.item_at(body_offset)
        # Clicking inside a quote selects the quote; elsewhere the paragraph.
        item = self.items[target] if self.items else None
        if item is not None and not (item.start <= body_offset < item.end):
            while target > 0 and self.items[target].kind != "paragraph":
                target -= 1
        self.focus()
        self._mention = None
        self.cursor = target

    # ---------------------------------------------------------------- find

    def set_matches(self, matches: list[tuple[int, int]], label: str = "", *, near: int | None = None) -> None:
        """Show these matches (``label``: what was searched); the current one is
        the first at or after ``near`` (default: the cursor), and the cursor
        goes to it. Empty ``matches`` clear the search."""
        from reader.find import match_after

        self.matches = list(matches)
        self._match_ends = [end for _, end in self.matches]
        self.find_label = label if matches else ""
        self.match_index = match_after(self.matches, self.position if near is None else near)
        if self.match_index is not None:
            self._show_match()
        self.refresh()
        if self.is_attached:
            self.refresh_bindings()
        self.post_message(self.FindChanged())

    def _show_match(self) -> None:
        assert self.match_index is not None
        start, end = self.matches[self.match_index]
        self._mention = None
        self.goto(start, "inner")
        if self._lines:
            self._scroll_into_view(self.line_of(start), self.line_of(max(start, end - 1)))

    def _step_match(self, step: int) -> None:
        if not self.matches:
            return
        if self.match_index is None:
            self.match_index = 0
        else:
            wrapped = not 0 <= self.match_index + step < len(self.matches)
            self.match_index = (self.match_index + step) % len(self.matches)
            if wrapped:
                self.notify("Search wrapped to the " + ("top." if step > 0 else "bottom."), timeout=2)
        self._show_match()
        self.refresh()
        self.post_message(self.FindChanged())

    def action_next_match(self) -> None:
        self._step_match(1)

    def action_previous_match(self) -> None:
        self._step_match(-1)

    def action_clear_find(self) -> None:
        self.set_matches([])

    # ----------------------------------------------------------- selection

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action.startswith("selection_"):
            return self.selection is not None
        if action in ("next_match", "previous_match", "clear_find"):
            return bool(self.matches) and self.selection is None
        if action == "select":
            return self.article is not None and self.selection is None
        return True

    def _text_units(self) -> TextUnits:
        if self._units is None:
            assert self.article is not None
            self._units = TextUnits.of(self.article.body, self.article.paragraphs)
        return self._units

    def _set_selection(self, span: tuple[int, int] | None) -> None:
        self.selection = span
        if span is not None and self._lines:
            self._scroll_into_view(self.line_of(span[0]), self.line_of(max(span[0], span[1] - 1)))
        self.refresh()
        if self.is_attached:
            self.refresh_bindings()
        self.post_message(self.SelectionChanged(span))

    def action_select(self) -> None:
        """Start selecting at the cursor: one word, grown with the keys above."""
        if self.article is None:
            return
        self._set_selection(select_at(self._text_units(), self.position, "word"))

    def action_selection_extend(self, unit: str, backward: bool = False) -> None:
        if self.selection is not None:
            self._set_selection(extend(self._text_units(), self.selection, unit, backward=backward))  # type: ignore[arg-type]

    def action_selection_shrink(self, unit: str, from_start: bool = False) -> None:
        if self.selection is not None:
            self._set_selection(shrink(self._text_units(), self.selection, unit, from_start=from_start))  # type: ignore[arg-type]

    def action_selection_confirm(self) -> None:
        if self.selection is None:
            return
        span = snap(self._text_units(), self.selection)
        self._set_selection(None)
        self.post_message(self.SelectionConfirmed(span))

    def action_selection_cancel(self) -> None:
        self._set_selection(None)

    # ------------------------------------------------------------- drawing

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        index = round(self.scroll_y) + y
        if index >= len(self._lines):
            return Strip.blank(width, base)
        line = self._lines[index]
        if line.paragraph is None or line.text is None:
            return Strip.blank(width, base)
        gutter = self._gutter(line, base)
        text = line.text
        extra = self._extra_spans(line)
        if extra:
            text = text.copy()
            for start, end, role in extra:
                text.stylize(self._role_style(role), start, end)
        segments = [*gutter]
        if line.indent:
            segments.append(Segment(" " * line.indent, base))
        segments.extend(Segment.apply_style(text.render(self.app.console), base))
        return Strip(segments).adjust_cell_length(width, base)

    def _extra_spans(self, line: _Line) -> list[tuple[int, int, str]]:
        spans = []
        item = self.current
        if item is not None and item.kind == "quote":
            lo, hi = max(item.start, line.start), min(item.end, line.end)
            if lo < hi:
                spans.append((lo - line.start, hi - line.start, "cursor"))
        if self._mention is not None:
            lo, hi = max(self._mention[0], line.start), min(self._mention[1], line.end)
            if lo < hi:
                spans.append((lo - line.start, hi - line.start, "mention"))
        if self.matches:
            first = bisect.bisect_right(self._match_ends, line.start)  # matches never overlap: ends are sorted
            for index in range(first, len(self.matches)):
                start, end = self.matches[index]
                if start >= line.end:
                    break
                lo, hi = max(start, line.start), min(end, line.end)
                if lo < hi:
                    role = "match-current" if index == self.match_index else "match"
                    spans.append((lo - line.start, hi - line.start, role))
        if self.selection is not None:  # last: painted over the cursor
            lo, hi = max(self.selection[0], line.start), min(self.selection[1], line.end)
            if lo < hi:
                spans.append((lo - line.start, hi - line.start, "selection"))
        return spans

    def _gutter(self, line: _Line, base: Style) -> list[Segment]:
        width = self.gutter_width
        gutter = base + self._role_style("gutter")
        item = self.current
        in_cursor = item is not None and item.start < line.end and line.start < item.end
        cursor_mark = Segment("▌" if in_cursor else " ", gutter + self._role_style("cursor-mark"))
        has_note = self.shown_layers.notes and any(
            n.anchor.start < line.end and line.start < max(n.anchor.end, n.anchor.start + 1)
            for n in self._placed_notes()
        )
        note_mark = Segment("✎" if has_note else " ", gutter + self._role_style("note-mark"))
        label, bar = "", " "
        if self.shown_layers.quotes and self.annotation is not None:
            for quote in self.annotation.quotes:
                if quote.start < line.end and line.start < quote.end:
                    bar = "▌"
                    if line.start <= quote.start:
                        # "unattributed" does not fit the gutter's 11 cells; the side panel spells it out
                        label = speaker_label(quote.speaker) if quote.speaker else "?"
                        break
        bar_style = gutter + self._role_style("quote-bar")
        label_style = gutter + self._role_style("speaker")
        if width == NARROW_GUTTER:
            return [cursor_mark, note_mark, Segment(bar, bar_style), Segment(" ", gutter)]
        label_width = width - 4
        if cell_len(label) > label_width - 1 and " " in label:
            label = label.rsplit(" ", 1)[1]  # "Rebecca Alvarez" -> "Alvarez"
        label_text = Text(label, end="")
        label_text.truncate(label_width - 1, overflow="ellipsis")
        pad = " " * (label_width - cell_len(label_text.plain))
        return [
            cursor_mark,
            note_mark,
            Segment(pad + label_text.plain, label_style),
            Segment(bar, bar_style),
            Segment(" ", gutter),
        ]


def _wrap(text: Text, plain: str, width: int) -> list[tuple[Text, int, int]]:
    """(line text, start, end) per wrapped line; offsets into ``plain``.

    Newlines inside a paragraph are soft breaks of the source file: they are
    reflowed like spaces (same length, so offsets hold)."""
    if "\n" in plain:
        plain = plain.replace("\n", " ")
        text = text.copy()
        text.plain = plain
    cuts = divide_line(plain, max(1, width), fold=True)
    bounds = [0, *cuts, len(plain)]
    # One divide for the whole paragraph: slicing each line (``text[lo:hi]``)
    # walks every span once per line.
    pieces = text.divide(bounds[1:])
    result: list[tuple[Text, int, int]] = []
    for piece, lo, hi in zip(pieces, bounds, bounds[1:]):
        if hi > lo:
            piece.rstrip()
            result.append((piece, lo, hi))
    return result


def _index_at_cell(plain: str, column: int) -> int:
    total = 0
    for index, char in enumerate(plain):
        total += cell_len(char)
        if total > column:
            return index
    return len(plain)
