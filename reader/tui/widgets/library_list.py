"""The library list: a virtual table on Textual's Line API.

A DataTable builds every row up front (10,000 rows take ~0.7 s); this widget
only keeps the ``Sequence`` it is given and renders the rows that are on
screen, so 100,000 articles cost the same as ten. It never iterates the whole
sequence: only ``len()`` and indexing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.domain import ArticleSummary
from reader.render import safe_text
from reader.tui.keys import bind


def _number(value: int) -> str:
    return f"{value:,}" if value else "·"


def _mark(summary: ArticleSummary) -> str:
    if summary.new:
        return "new"
    return " " if summary.read else "•"


@dataclass(frozen=True, slots=True)
class Column:
    """One column; ``width`` 0 means "takes the rest". Columns with the
    highest ``drop`` are hidden first when the terminal is narrow."""

    label: str
    width: int
    cell: Callable[[ArticleSummary], str]
    align: str = "left"
    drop: int = 0


COLUMNS: tuple[Column, ...] = (
    Column("", 3, _mark),
    Column("★", 1, lambda s: "★" if s.bookmarked else " "),
    Column("Title", 0, lambda s: s.title or "(untitled)"),
    Column("Source", 10, lambda s: s.source or "", drop=3),
    Column("Place", 12, lambda s: s.place or "", drop=4),
    Column("Date", 10, lambda s: s.date or "", drop=1),
    Column("Words", 6, lambda s: _number(s.words), "right", drop=5),
    Column("Quotes", 6, lambda s: _number(s.quotes), "right", drop=2),
    Column("People", 6, lambda s: _number(s.figures), "right", drop=6),
    Column("Notes", 5, lambda s: _number(s.notes), "right", drop=7),
)

MIN_TITLE = 24


def visible_columns(width: int) -> list[Column]:
    """Drop optional columns (highest ``drop`` first) until the title keeps
    at least MIN_TITLE cells."""
    columns = list(COLUMNS)
    while True:
        fixed = sum(c.width + 1 for c in columns if c.width)
        optional = [c for c in columns if c.drop]
        if width - fixed >= MIN_TITLE or not optional:
            return columns
        columns.remove(max(optional, key=lambda c: c.drop))


def _fit(value: str, width: int, align: str) -> str:
    value = safe_text(value).replace("\n", " ")
    if cell_len(value) > width:
        text = Text(value)
        text.truncate(width, overflow="ellipsis")
        value = text.plain
    pad = " " * (width - cell_len(value))
    return pad + value if align == "right" else value + pad


def index_of(rows: Sequence[ArticleSummary], article_id: str, limit: int = 100_000) -> int | None:
    """Position of an article: asked of the rows when they can answer (the library's ``Rows``
    count it in SQL), else by scanning at most ``limit`` rows (so a huge library never stalls
    the UI on a lookup)."""
    position = getattr(rows, "position", None)
    if callable(position):
        return position(article_id)
    for index in range(min(len(rows), limit)):
        if rows[index].id == article_id:
            return index
    return None


class LibraryList(ScrollView, can_focus=True):
    """Rows of :class:`ArticleSummary` with a cursor; posts ``Highlighted``
    when the cursor moves and ``Selected`` on Enter or a double click."""

    help_group = "List"

    BINDINGS = [
        bind("library.up", "cursor_up", "Up", show=False),
        bind("library.down", "cursor_down", "Down", show=False),
        bind("library.page_up", "page_up", "Page up", show=False),
        bind("library.page_down", "page_down", "Page down", show=False),
        bind("library.first", "first", "First", show=False),
        bind("library.last", "last", "Last", show=False),
        bind("library.open", "select", "Open"),
    ]

    COMPONENT_CLASSES = {
        "library-list--header",
        "library-list--cursor",
        "library-list--unread",
        "library-list--bookmark",
    }

    DEFAULT_CSS = """
    LibraryList { height: 1fr; overflow-x: hidden; }
    LibraryList > .library-list--header { text-style: bold; }
    LibraryList > .library-list--cursor { background: $accent 40%; }
    LibraryList:focus > .library-list--cursor { background: $accent; color: $text; }
    LibraryList > .library-list--unread { text-style: bold; }
    LibraryList > .library-list--bookmark { color: $warning; }
    """

    cursor: reactive[int] = reactive(0, always_update=True, init=False)

    class Highlighted(Message):
        def __init__(self, summary: ArticleSummary | None, index: int) -> None:
            super().__init__()
            self.summary = summary
            self.index = index

    class Selected(Message):
        def __init__(self, summary: ArticleSummary, index: int) -> None:
            super().__init__()
            self.summary = summary
            self.index = index

    def __init__(self, rows: Sequence[ArticleSummary] = (), **kwargs) -> None:
        super().__init__(**kwargs)
        self._rows: Sequence[ArticleSummary] = rows
        self._line_cache: LRUCache[tuple, Strip] = LRUCache(512)
        self.empty_message = "No articles."

    # ---------------------------------------------------------------- data

    @property
    def rows(self) -> Sequence[ArticleSummary]:
        return self._rows

    @property
    def row_count(self) -> int:
        return len(self._rows)

    @property
    def current(self) -> ArticleSummary | None:
        if 0 <= self.cursor < len(self._rows):
            return self._rows[self.cursor]
        return None

    def set_rows(self, rows: Sequence[ArticleSummary], cursor: int | None = None) -> None:
        """Replace the rows; the cursor keeps its index (clamped) unless given."""
        self._rows = rows
        self._line_cache.clear()
        self.virtual_size = Size(self.size.width, len(rows) + 1)
        target = self.cursor if cursor is None else cursor
        self.cursor = max(0, min(target, len(rows) - 1))
        self.refresh()

    # -------------------------------------------------------------- cursor

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self._rows) - 1)) if self._rows else 0

    def watch_cursor(self, old: int, new: int) -> None:
        self._scroll_cursor_into_view()
        self.refresh()
        self.post_message(self.Highlighted(self.current, new))

    def _visible_rows(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def _scroll_cursor_into_view(self) -> None:
        top = round(self.scroll_y)
        height = self._visible_rows()
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False, immediate=True)

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_page_up(self) -> None:
        self.cursor -= self._visible_rows()

    def action_page_down(self) -> None:
        self.cursor += self._visible_rows()

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = len(self._rows) - 1

    def action_select(self) -> None:
        summary = self.current
        if summary is not None:
            self.post_message(self.Selected(summary, self.cursor))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y == 0:
            return
        index = round(self.scroll_y) + offset.y - 1
        if 0 <= index < len(self._rows):
            self.focus()
            self.cursor = index
            if event.chain >= 2:
                self.action_select()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._line_cache.clear()  # cached rows carry the old colours (theme change)
        self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        self._line_cache.clear()
        self.virtual_size = Size(event.size.width, len(self._rows) + 1)

    # ------------------------------------------------------------- drawing

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        if y == 0:
            return self._header_strip(width, base)
        index = round(self.scroll_y) + y - 1
        if not self._rows:
            if y == 1:
                return Strip([Segment(_fit(self.empty_message, width, "left"), base + Style(dim=True))], width)
            return Strip.blank(width, base)
        if index >= len(self._rows):
            return Strip.blank(width, base)
        cursor = index == self.cursor
        key = (index, width, cursor, self.has_focus)
        strip = self._line_cache.get(key)
        if strip is None:
            strip = self._row_strip(self._rows[index], width, base, cursor)
            self._line_cache[key] = strip
        return strip

    def _layout(self, width: int) -> list[tuple[Column, int]]:
        columns = visible_columns(width)
        fixed = sum(c.width + 1 for c in columns if c.width)
        return [(c, c.width or max(1, width - fixed)) for c in columns]

    def _header_strip(self, width: int, base: Style) -> Strip:
        style = base + self.get_component_rich_style("library-list--header")
        cells = [_fit(c.label, w, c.align) for c, w in self._layout(width)]
        return Strip([Segment(" ".join(cells), style)]).adjust_cell_length(width, style)

    def _row_strip(self, summary: ArticleSummary, width: int, base: Style, cursor: bool) -> Strip:
        style = base
        if not summary.read:
            style += self.get_component_rich_style("library-list--unread")
        if cursor:
            style += self.get_component_rich_style("library-list--cursor")
        bookmark = style + self.get_component_rich_style("library-list--bookmark", partial=True)
        segments: list[Segment] = []
        for position, (column, cell_width) in enumerate(self._layout(width)):
            if position:
                segments.append(Segment(" ", style))
            value = _fit(column.cell(summary), cell_width, column.align)
            segments.append(Segment(value, bookmark if column.label == "★" else style))
        return Strip(segments).adjust_cell_length(width, style)
