"""Pilot tests of the article screen: cursor, quotes, layers, panel, notes,
bookmarks, reading position, and untrusted text."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.articles import parse_text
from reader.library import Library
from reader.tui.app import ReaderApp
from reader.tui.screens.article import ArticleScreen
from reader.tui.screens.bookmarks import BookmarksScreen
from reader.tui.screens.item_notes import ItemNotesScreen
from reader.tui.screens.library import LibraryScreen
from reader.tui.screens.note_editor import NoteEditorScreen
from reader.tui.widgets.article_view import ArticleView
from reader.tui.widgets.side_panel import SidePanel

from .conftest import HOSTILE_ARTICLE, open_library, settle

pytestmark = pytest.mark.asyncio


def gutter(view: ArticleView, line) -> str:
    return "".join(segment.text for segment in view._gutter(line, view.rich_style))


async def open_first(app: ReaderApp, pilot) -> ArticleView:
    await settle(app, pilot)
    await pilot.press("enter")
    await settle(app, pilot)
    assert isinstance(app.screen, ArticleScreen)
    return app.screen.query_one(ArticleView)


async def test_article_shows_header_and_highlights(library: Library) -> None:
    app = ReaderApp(library=library)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_first(app, pilot)
        header = str(app.screen.query_one("#article-header").render())
        assert "Reuters" in header and "2019-02-06" in header
        assert any(item.kind == "quote" for item in view.items)
        kinds = {p.kind for p in view._paragraphs}
        assert kinds == {"body", "caption"}
        # The speaker of the first attributed quote is written in the gutter.
        gutter_text = "".join(
            "".join(s.text for s in view._gutter(line, view.rich_style)) for line in view._lines if line.text
        )
        assert "Mike Pompeo" in gutter_text
        # A quote nobody is credited with has "?" in the gutter, never a cut-off word.
        unattributed = [q for q in view.annotation.quotes if q.speaker is None]
        assert unattributed, "the fake annotator leaves the first quote unattributed"
        first_line = next(line for line in view._lines if line.start <= unattributed[0].start < line.end)
        assert gutter(view, first_line)[2:].strip() == "?▌", gutter(view, first_line)
        assert "unattribut" not in gutter_text


async def test_next_and_previous_quote(library: Library) -> None:
    app = ReaderApp(library=library)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_first(app, pilot)
        assert view.current.kind == "paragraph"
        await pilot.press("n")
        first = view.current
        assert first.kind == "quote"
        await pilot.press("n")
        second = view.current
        assert second.kind == "quote" and second.start > first.start
        await pilot.press("N")
        assert view.current == first
        await pilot.press("right_square_bracket")
        assert view.current == second
        status = str(app.screen.query_one("#article-status").render())
        assert "quote 2/" in status


async def test_paragraph_keys_and_top_bottom(library: Library) -> None:
    app = ReaderApp(library=library)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_first(app, pilot)
        await pilot.press("right_curly_bracket", "right_curly_bracket")
        assert view.current.kind == "paragraph" and view.current.paragraph == 2
        await pilot.press("left_curly_bracket")
        assert view.current.paragraph == 1
        await pilot.press("G")
        assert view.cursor == len(view.items) - 1
        assert view.scroll_y == view.max_scroll_y > 0
        await pilot.press("g")
        assert view.cursor == 0 and view.scroll_y == 0


async def test_layers_toggle_and_are_remembered(library: Library) -> None:
    app = ReaderApp(library=library)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_first(app, pilot)
        quote_style = view.get_component_rich_style("article-view--quote", partial=True)
        quote = next(i for i in view.items if i.kind == "quote")
        paragraph = view._paragraphs[quote.paragraph]

        def quote_styled() -> bool:
            paragraph = view._paragraphs[quote.paragraph]
            offset = quote.start - paragraph.start
            return any(s.start <= offset < s.end and s.style == quote_style for s in paragraph.text.spans)

        assert quote_styled()
        await pilot.press("1")
        assert not view.shown_layers.quotes and not quote_styled()
        await pilot.press("2", "3")
        assert not view.shown_layers.people and not view.shown_layers.places
        await pilot.press("1")
        assert quote_styled()
        assert paragraph is not None
    assert library.user_state("tui.article.layers") == {"quotes": True, "people": False, "places": False, "notes": True}


async def test_panel_collapses_when_narrow_and_toggles(library: Library) -> None:
    app = ReaderApp(library=library)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_first(app, pilot)
        panel = app.screen.query_one(SidePanel)
        assert not panel.display
        await pilot.press("p")
        assert panel.display
    app = ReaderApp(library=library)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first(app, pilot)
        panel = app.screen.query_one(SidePanel)
        assert panel.display
        await pilot.press("p")
        assert not panel.display


async def test_tab_to_panel_and_pick_figure_cycles_mentions(library: Library) -> None:
    app = ReaderApp(library=library)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_first(app, pilot)
        panel = app.screen.query_one(SidePanel)
        await pilot.press("tab")
        assert app.focused is panel
        # First option is the "People" heading (disabled); the first figure follows.
        panel.highlighted = 1
        assert panel.highlighted_option.id.startswith("figure:")
        figure = view.annotation.figures[int(panel.highlighted_option.id.split(":")[1])]
        mentions = sorted(figure.mentions)
        await pilot.press("enter")
        assert view._mention == mentions[0]
        await pilot.press("enter")
        assert view._mention == mentions[1]
        assert view.current.start <= mentions[1][0] < view.current.end


async def test_pick_quote_in_panel_jumps_to_it(library: Library) -> None:
    app = ReaderApp(library=library)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_first(app, pilot)
        panel = app.screen.query_one(SidePanel)
        last_quote = max(view.annotation.quotes, key=lambda q: q.start)
        panel.focus()
        panel.highlighted = panel.get_option_index(f"quote:{last_quote.start}")
        await pilot.press("enter")
        assert view.current.kind == "quote" and view.current.start == last_quote.start
        top, bottom = view._visible_range()
        assert top <= view.line_of(last_quote.start) <= bottom


async def test_add_edit_delete_note_and_it_survives_a_restart(library: Library, reader_home: Path) -> None:
    app = ReaderApp(library=library)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_first(app, pilot)
        await pilot.press("n")
        quote = view.current
        await pilot.press("e")
        assert isinstance(app.screen, NoteEditorScreen)
        await pilot.press(*"Check this", "enter", *"second line", "ctrl+s")
        await settle(app, pilot)
        [note] = library.notes(library.summaries()[0].id)
        assert note.text == "Check this\nsecond line"
        assert note.anchor.kind == "quote" and note.anchor.start == quote.start
        assert note.anchor.exact == view.article.body[quote.start : quote.end]
        assert view.notes_at() == [note] or [n.id for n in view.notes_at()] == [note.id]
        marked = [i for i, line in enumerate(view._lines) if line.text and "✎" in gutter(view, line)]
        first, last = view._item_lines(quote)
        assert marked == list(range(first, last + 1))  # the quote's lines, and only those
        # Edit it from the item's notes.
        await pilot.press("v")
        assert isinstance(app.screen, ItemNotesScreen)
        await pilot.press("e")
        assert isinstance(app.screen, NoteEditorScreen)
        await pilot.press(*" (edited)", "ctrl+s")
        await pilot.press("escape")
        await settle(app, pilot)
        [note] = library.notes()
        assert note.text == "Check this\nsecond line (edited)"
        await pilot.press("q", "q")
        await pilot.pause()

    # Restart: a new library object and app on the same READER_HOME.
    app = ReaderApp(library=open_library(reader_home))
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_first(app, pilot)
        assert [n.text for n in view.notes] == ["Check this\nsecond line (edited)"]
        assert view.current == quote  # the position came back, on the quote itself
        await pilot.press("v")
        assert isinstance(app.screen, ItemNotesScreen)
        await pilot.press("d")
        await settle(app, pilot)
        assert isinstance(app.screen, ArticleScreen)
        assert view.notes == []
    assert open_library(reader_home).notes() == []


async def test_cancelled_note_is_not_saved(library: Library) -> None:
    app = ReaderApp(library=library)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first(app, pilot)
        await pilot.press("e", *"draft", "escape")
        await settle(app, pilot)
        assert isinstance(app.screen, ArticleScreen)
    assert library.notes() == []


async def test_reading_position_is_restored(library: Library) -> None:
    app = ReaderApp(library=library)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_first(app, pilot)
        for _ in range(4):
            await pilot.press("right_curly_bracket")
        where = view.position
        assert where > 0
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, LibraryScreen)
        view = await open_first(app, pilot)
        assert view.position == where
        top, bottom = view._visible_range()
        assert top <= view.line_of(where) <= bottom
    assert library.position(library.summaries()[0].id) == where


async def test_position_is_saved_on_quit(library: Library) -> None:
    app = ReaderApp(library=library)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_first(app, pilot)
        await pilot.press("right_curly_bracket", "right_curly_bracket")
        where = view.position
        await app.action_quit()
    assert library.position(library.summaries()[0].id) == where


async def test_mark_bookmark_then_jump_from_bookmarks_screen(library: Library) -> None:
    app = ReaderApp(library=library)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_first(app, pilot)
        for _ in range(3):
            await pilot.press("n")
        where = view.position
        await pilot.press("m")
        await pilot.press("b")
        [place, whole] = sorted(library.bookmarks(), key=lambda b: b.position is None)
        assert place.position == where and place.label
        assert whole.position is None
        await pilot.press("g", "escape")
        await settle(app, pilot)
        await pilot.press("B")
        await settle(app, pilot)
        assert isinstance(app.screen, BookmarksScreen)
        screen = app.screen
        index = [b.id for b in screen.bookmarks].index(place.id)
        screen.query_one("#bookmarks-list").highlighted = index
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ArticleScreen)
        assert app.screen.query_one(ArticleView).position == where
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is screen
        await pilot.press("d")
        await settle(app, pilot)
        assert len(library.bookmarks()) == 1


async def test_open_article_api_jumps_to_an_offset(library: Library) -> None:
    app = ReaderApp(library=library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        article_id = library.summaries()[0].id
        body = library.get(article_id).body
        offset = body.index("Those requests")
        app.open_article(article_id, offset)
        await settle(app, pilot)
        view = app.screen.query_one(ArticleView)
        assert view.current.start <= offset < view.current.end
        app.open_article(article_id, 0)  # same article: just moves
        await settle(app, pilot)
        assert view.position == 0
        assert len([s for s in app.screen_stack if isinstance(s, ArticleScreen)]) == 1


async def test_hostile_text_is_never_markup_or_escapes(library: Library) -> None:
    article = parse_text(HOSTILE_ARTICLE, origin="hostile.txt")
    article_id, _ = library.add_article(article)
    app = ReaderApp(library=library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        app.open_article(article_id)
        await settle(app, pilot)
        view = app.screen.query_one(ArticleView)
        rendered = "\n".join(
            "".join(segment.text for segment in view.render_line(y)) for y in range(view.size.height)
        )
        assert "[bold red]x[/]" in rendered
        assert "[link=http://x]y[/link]" in rendered
        assert "\x1b" not in rendered
        assert all(segment.style is None or segment.style.link is None for y in range(view.size.height) for segment in view.render_line(y))
        header = app.screen.query_one("#article-header").render()
        assert "[bold red]markup[/]" in str(header)
        await pilot.press("escape")
        await settle(app, pilot)
        screenshot = app.export_screenshot()
        assert "\x1b" not in screenshot


async def test_a_quote_opening_its_paragraph_restores_as_the_quote(library: Library, reader_home: Path) -> None:
    app = ReaderApp(library=library)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_first(app, pilot)
        while not (view.current.kind == "quote" and view.current.start == view._paragraphs[view.current.paragraph].start):
            await pilot.press("n")
        quote = view.current
        await pilot.press("escape")
        await settle(app, pilot)
    app = ReaderApp(library=open_library(reader_home))
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_first(app, pilot)
        assert view.current == quote


async def test_a_theme_change_restyles_the_highlights(library: Library) -> None:
    app = ReaderApp(library=library)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_first(app, pilot)

        def figure_style():
            figure = view.annotation.figures[0]
            start, _ = figure.mentions[0]
            paragraph = next(p for p in view._paragraphs if p.start <= start < p.end)
            return [s.style for s in paragraph.text.spans if s.start <= start - paragraph.start < s.end]

        before = figure_style()
        app.theme = "textual-light" if app.theme != "textual-light" else "nord"
        await settle(app, pilot)
        after = figure_style()
        assert after != before
        assert view.get_component_rich_style("article-view--figure", partial=True) in after


async def test_click_selects_the_quote_or_paragraph_under_the_mouse(library: Library) -> None:
    app = ReaderApp(library=library)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_first(app, pilot)
        quote = next(i for i in view.items if i.kind == "quote" and i.start > view._paragraphs[i.paragraph].start)
        line_index = view.line_of(quote.start)
        line = view._lines[line_index]
        column = view.gutter_width + (quote.start - line.start) + 2
        y = line_index - round(view.scroll_y)
        await pilot.click(ArticleView, offset=(column, y + view.styles.padding.top))
        assert view.current == quote
        await pilot.click(ArticleView, offset=(view.gutter_width + 1, y + view.styles.padding.top))
        assert view.current.kind == "paragraph" and view.current.paragraph == quote.paragraph


async def test_open_article_returns_to_the_screen_already_in_the_stack(library: Library) -> None:
    from reader.tui.screens.bookmarks import BookmarksScreen

    app = ReaderApp(library=library)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_first(app, pilot)
        article_screen = app.screen
        app.push_screen(BookmarksScreen())  # any screen on top of the article
        await settle(app, pilot)
        offset = view.article.body.index("Those requests")
        app.open_article(article_screen.article_id, offset)
        await settle(app, pilot)
        assert app.screen is article_screen
        assert view.current.start <= offset < view.current.end
        assert sum(isinstance(s, ArticleScreen) for s in app.screen_stack) == 1


async def test_after_scrolling_away_keys_move_from_what_is_on_screen(library: Library) -> None:
    app = ReaderApp(library=library)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_first(app, pilot)
        assert view.cursor == 0
        view.scroll_to(y=view.max_scroll_y, animate=False, immediate=True)  # as a mouse wheel would
        await pilot.pause()
        await pilot.press("j")
        top, bottom = view._visible_range()
        first, last = view._item_lines(view.current)
        assert view.cursor > 0 and last >= top and first <= bottom
        assert round(view.scroll_y) == view.max_scroll_y  # no jump back to the old cursor
        await pilot.press("space")
        await pilot.press("pageup")
        first, last = view._item_lines(view.current)
        top, bottom = view._visible_range()
        assert last >= top and first <= bottom
