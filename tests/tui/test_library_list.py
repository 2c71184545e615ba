"""The virtual library list: only visible rows are touched."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from textual.app import App, ComposeResult

from reader.domain import ArticleSummary
from reader.tui.widgets.library_list import LibraryList, visible_columns

class CountingRows(Sequence):
    """100,000 summaries made on demand, counting how many were asked for."""

    def __init__(self, count: int) -> None:
        self.count = count
        self.touched: set[int] = set()

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice) or not 0 <= index < self.count:
            raise IndexError(index)
        self.touched.add(index)
        return ArticleSummary(f"id{index}", f"Title {index} [b]x[/b]", "Wire", "Paris", "2020-01-01", 100, 1, 2)


class ListApp(App):
    def __init__(self, rows) -> None:
        super().__init__()
        self.rows = rows
        self.selected: list[str] = []

    def compose(self) -> ComposeResult:
        yield LibraryList(self.rows)

    def on_library_list_selected(self, message: LibraryList.Selected) -> None:
        self.selected.append(message.summary.id)


@pytest.mark.asyncio
async def test_hundred_thousand_rows_touch_only_the_visible_ones() -> None:
    rows = CountingRows(100_000)
    app = ListApp(rows)
    async with app.run_test(size=(100, 30)) as pilot:
        widget = app.query_one(LibraryList)
        widget.focus()
        await pilot.pause()
        assert 0 < len(rows.touched) <= 40
        await pilot.press("G")
        await pilot.pause()
        assert widget.cursor == 99_999
        assert len(rows.touched) <= 100
        await pilot.press("up", "k", "enter")
        await pilot.pause()
        assert app.selected == ["id99997"]


@pytest.mark.asyncio
async def test_click_moves_the_cursor_and_double_click_opens() -> None:
    rows = CountingRows(50)
    app = ListApp(rows)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.click(LibraryList, offset=(10, 4))  # header is line 0
        await pilot.pause()
        widget = app.query_one(LibraryList)
        assert widget.cursor == 3
        await pilot.click(LibraryList, offset=(10, 4), times=2)
        await pilot.pause()
        assert app.selected == ["id3"]


@pytest.mark.asyncio
async def test_row_text_is_literal() -> None:
    app = ListApp(CountingRows(5))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        line = "".join(segment.text for segment in app.query_one(LibraryList).render_line(1))
        assert "Title 0 [b]x[/b]" in line


def test_narrow_terminals_drop_optional_columns() -> None:
    wide = [c.label for c in visible_columns(140)]
    narrow = [c.label for c in visible_columns(60)]
    assert "Place" in wide and "Notes" in wide
    assert "Title" in narrow and "Place" not in narrow
    assert len(narrow) < len(wide)


@pytest.mark.asyncio
async def test_a_theme_change_repaints_cached_rows() -> None:
    app = ListApp(CountingRows(5))
    async with app.run_test(size=(100, 30)) as pilot:
        widget = app.query_one(LibraryList)
        widget.focus()
        await pilot.pause()

        def cursor_background():
            return widget.render_line(1)._segments[0].style.bgcolor

        before = cursor_background()
        app.theme = "nord"
        await pilot.pause()
        await pilot.pause()
        assert cursor_background() != before
        assert cursor_background() == widget.get_component_rich_style("library-list--cursor").bgcolor
