"""Issue 14 on the article screen: the way to the original and the links
(item 2), the search in the article (item 3), Markdown and HTML formatting in
the view (item 4), focus (item 6), undo of a note deletion (item 8), one
status line (item 11), the reading width (item 12)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.style import Style

from reader.anchors import make_anchor
from reader.articles import parse_text
from reader.config import Config
from reader.library import Library
from reader.tui.app import ReaderApp
from reader.tui.screens.article import ArticleScreen
from reader.tui.screens.help import HelpScreen
from reader.tui.screens.item_notes import ItemNotesScreen
from reader.tui.screens.library import LibraryScreen
from reader.tui.screens.links import LinksScreen
from reader.tui.widgets.article_view import ArticleView
from reader.tui.widgets.side_panel import SidePanel

from .conftest import settle

pytestmark = pytest.mark.asyncio

MARKDOWN = """---
url: https://news.example/skye/ferry
---
# Skye ferry returns

By Morag Stewart, 14 September 2024

PORTREE, Scotland — The **ferry** to Skye returned on *Tuesday*, the [operator](https://calmac.example/news) said.

## What next

- Timetables from **Monday**
- Refunds [online](https://calmac.example/refunds)

“The ferry is our lifeline,” said Mike Pompeo, who was not there. The ferry, he added, was late.
"""


@pytest.fixture
def markdown_library(library: Library) -> tuple[Library, str]:
    article_id, _ = library.add_article(parse_text(MARKDOWN, origin="skye.md", fmt="md"))
    return library, article_id


async def open_article(app: ReaderApp, pilot, article_id: str | None = None) -> ArticleView:
    await settle(app, pilot)
    if article_id is None:
        await pilot.press("enter")
    else:
        app.open_article(article_id)
    await settle(app, pilot)
    assert isinstance(app.screen, ArticleScreen)
    return app.screen.query_one(ArticleView)


def status(app: ReaderApp) -> str:
    return str(app.screen.query_one("#article-status").render())


# ------------------------------------------------------------ item 2


async def test_header_shows_the_address_and_O_opens_it(markdown_library, monkeypatch) -> None:
    library, article_id = markdown_library
    opened: list[str] = []

    class Browser:
        background = True

        def open(self, url: str) -> bool:
            opened.append(url)
            return True

    monkeypatch.setattr("reader.tui.browser.webbrowser.get", lambda: Browser())
    app = ReaderApp(library=library)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_article(app, pilot, article_id)
        header = str(app.screen.query_one("#article-header").render())
        assert "https://news.example/skye/ferry" in header
        assert "by Morag Stewart" in header  # the byline became the author (item 5)
        await pilot.press("O")
        await settle(app, pilot)
        assert opened == ["https://news.example/skye/ferry"]
        await pilot.press("y")  # OSC 52 through Textual
        assert app.clipboard == "https://news.example/skye/ferry"


async def test_a_terminal_browser_gets_the_terminal(markdown_library, monkeypatch) -> None:
    """No background flag (lynx, w3m, $BROWSER): opened from the UI thread, the app suspended."""
    library, article_id = markdown_library
    calls: list[str] = []

    class Lynx:
        background = False

        def open(self, url: str) -> bool:
            calls.append(url)
            return True

    monkeypatch.setattr("reader.tui.browser.webbrowser.get", lambda: Lynx())
    app = ReaderApp(library=library)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_article(app, pilot, article_id)
        await pilot.press("O")
        assert calls == ["https://news.example/skye/ferry"]  # already done: not in a worker


async def test_no_browser_copies_the_address_instead(markdown_library, monkeypatch) -> None:
    import webbrowser

    library, article_id = markdown_library

    def none():
        raise webbrowser.Error("could not locate runnable browser")

    monkeypatch.setattr("reader.tui.browser.webbrowser.get", none)
    app = ReaderApp(library=library)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_article(app, pilot, article_id)
        await pilot.press("O")
        assert app.clipboard == "https://news.example/skye/ferry"
        assert any("No browser found" in n.message for n in app._notifications)


async def test_links_list_opens_and_copies_numbered_links(markdown_library, monkeypatch) -> None:
    library, article_id = markdown_library
    opened: list[str] = []

    class Browser:
        background = True

        def open(self, url: str) -> bool:
            opened.append(url)
            return True

    monkeypatch.setattr("reader.tui.browser.webbrowser.get", lambda: Browser())
    app = ReaderApp(library=library)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_article(app, pilot, article_id)
        await pilot.press("L")
        assert isinstance(app.screen, LinksScreen)
        rows = app.screen.rows
        assert rows == [
            ("the original article", "https://news.example/skye/ferry"),
            ("operator", "https://calmac.example/news"),
            ("online", "https://calmac.example/refunds"),
        ]
        await pilot.press("2", "y")  # newsboat's numbers: 0 is the original
        assert app.clipboard == "https://calmac.example/refunds"
        await pilot.press("1", "enter")
        await settle(app, pilot)
        assert opened == ["https://calmac.example/news"]
        await pilot.press("escape")
        assert app.screen.query_one(ArticleView) is view


async def test_links_are_drawn_in_the_text(markdown_library) -> None:
    library, article_id = markdown_library
    app = ReaderApp(library=library)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_article(app, pilot, article_id)
        body = view.article.body
        start = body.index("operator")
        paragraph = next(p for p in view._paragraphs if p.start <= start < p.end)
        styles = {str(span.style) for span in paragraph.text.spans if span.start <= start - paragraph.start < span.end}
        link_style = view._styled_with["link"]
        assert link_style.underline and any(str(link_style) == s for s in styles)


# ------------------------------------------------------------ item 4 in the view


async def test_markdown_shows_headings_items_and_emphasis(markdown_library) -> None:
    library, article_id = markdown_library
    app = ReaderApp(library=library)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_article(app, pilot, article_id)
        plain = [line.text.plain for line in view._lines if line.text is not None]
        assert not any("**" in line or "](" in line or line.startswith("#") for line in plain)
        assert "What next" in plain and "• Timetables from Monday" in plain
        kinds = {p.kind for p in view._paragraphs}
        assert {"heading", "item"} <= kinds
        heading = next(p for p in view._paragraphs if p.kind == "heading")
        assert Style.parse(str(heading.text.style)).bold or view._styled_with["heading"].bold
        # quotes are still found and point at the displayed text
        quote = next(i for i in view.items if i.kind == "quote")
        assert view.article.body[quote.start : quote.end] == "“The ferry is our lifeline,”"


async def test_long_list_items_hang_under_their_text(library: Library) -> None:
    text = "- " + "a long item that wraps " * 12 + "\n\nAnother paragraph of the article body."
    article_id, _ = library.add_article(parse_text(text, fmt="md"))
    app = ReaderApp(library=library, config=Config(reading_width=40))
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_article(app, pilot, article_id)
        item_lines = [line for line in view._lines if line.paragraph == 0]
        assert item_lines[0].text.plain.startswith("• ") and item_lines[0].indent == 0
        assert all(line.indent == 2 for line in item_lines[1:]) and len(item_lines) > 2


# ------------------------------------------------------------ item 3


async def test_slash_finds_highlights_and_n_moves_between_matches(library: Library) -> None:
    app = ReaderApp(library=library)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_article(app, pilot)
        body = view.article.body
        expected = [i for i in range(len(body)) if body.lower().startswith("state", i)]
        await pilot.press("slash", *"state")
        await pilot.pause()
        assert [s for s, _ in view.matches] == expected and len(expected) > 2
        await pilot.press("enter")
        assert app.focused is view
        first = view.match_index
        assert "“state” 1/" in status(app)
        await pilot.press("n")
        assert view.match_index == first + 1
        start = view.matches[view.match_index][0]
        assert view.current.start <= start < view.current.end  # the cursor is on the match's stop
        top, bottom = view._visible_range()
        assert top <= view.line_of(start) <= bottom
        await pilot.press("N")
        assert view.match_index == first
        # every match is painted, the current one apart
        line = view._lines[view.line_of(view.matches[0][0])]
        roles = {role for _, _, role in view._extra_spans(line)}
        assert roles & {"match", "match-current"}
        # escape clears the search; n is the next quote again
        await pilot.press("escape")
        assert view.matches == [] and isinstance(app.screen, ArticleScreen)
        await pilot.press("n")
        assert view.current.kind == "quote"


async def test_find_is_case_insensitive_across_line_breaks_and_escape_cancels(library: Library) -> None:
    app = ReaderApp(library=library)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_article(app, pilot)
        position = view.position
        await pilot.press("slash", *"ISLAMIC   STATE")
        await pilot.pause()
        assert view.matches and all(view.article.body[s:e].lower().split() == ["islamic", "state"] for s, e in view.matches)
        await pilot.press("escape")  # in the field: cancel, back where / was pressed
        assert view.matches == [] and view.position == position and app.focused is view
        await pilot.press("slash", *"no such words here", "enter")
        await pilot.pause()
        assert view.matches == []
        assert any("Not found" in n.message for n in app._notifications)


async def test_help_names_the_find_keys(library: Library) -> None:
    app = ReaderApp(library=library)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_article(app, pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        rows = {(group, keys): text for group, keys, text in app.screen.rows}
        assert any(group.startswith("After /") and keys == "n N" and "next / previous match" in text
                   for (group, keys), text in rows.items())
        assert any(text == "Find" and keys == "/" for (_, keys), text in rows.items())


async def test_opening_from_the_search_screen_highlights_the_matched_words(library: Library) -> None:
    from reader.tui.screens.search import SearchScreen

    app = ReaderApp(library=library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await app.push_screen(SearchScreen(app.library, "coalition"))
        await settle(app, pilot, rounds=8)
        screen = app.screen
        assert screen.hits
        screen.query_one("#search-results").focus()
        await pilot.press("enter")
        await settle(app, pilot)
        view = app.screen.query_one(ArticleView)
        body = view.article.body
        assert view.matches and all(body[s:e].lower() == "coalition" for s, e in view.matches)
        assert len(view.matches) == body.lower().count("coalition")
        assert view.current.start <= screen.hits[0].offset < view.current.end


# ------------------------------------------------------------ item 6


async def test_reopening_after_leaving_from_the_panel_puts_focus_on_the_text(library: Library) -> None:
    app = ReaderApp(library=library)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_article(app, pilot)
        await pilot.press("tab")
        assert app.focused is app.screen.query_one(SidePanel)
        await pilot.press("escape")  # out of the panel first
        assert app.focused is view and isinstance(app.screen, ArticleScreen)
        await pilot.press("tab")
        app.screen.dismiss()  # leave while the panel has focus (as the mouse or a screen key does)
        await settle(app, pilot)
        assert isinstance(app.screen, LibraryScreen)
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.focused is view
        await pilot.press("n")
        assert view.current.kind == "quote"


# ------------------------------------------------------------ item 8


async def test_v_then_d_deletes_and_u_brings_the_note_back(library: Library) -> None:
    app = ReaderApp(library=library)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_article(app, pilot)
        await pilot.press("n", "e", *"keep this", "ctrl+s")
        await settle(app, pilot)
        [note] = library.notes()
        await pilot.press("v")
        assert isinstance(app.screen, ItemNotesScreen)
        await pilot.press("d")
        await settle(app, pilot)
        assert library.notes() == [] and isinstance(app.screen, ArticleScreen)
        assert any("u brings it back" in n.message for n in app._notifications)
        await pilot.press("u")
        await settle(app, pilot)
        [back] = library.notes()
        assert back == note  # same id, anchor, text and times
        assert [n.id for n in view.notes_at()] == [note.id]  # shown again
        await pilot.press("u")
        assert library.notes() == [note]  # nothing more to undo


async def test_the_undone_note_survives_a_restart(library: Library, reader_home: Path) -> None:
    from .conftest import open_library

    app = ReaderApp(library=library)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_article(app, pilot)
        article_id = view.article.id
        library.add_note(article_id, make_anchor(view.article.body, 0, 10, "paragraph"), "mine")
        [note] = library.notes()
        assert app.delete_note(note)
        await pilot.press("u")
        await settle(app, pilot)
    again = open_library(reader_home)
    assert again.notes() == [note]


# ------------------------------------------------------------ item 11


async def test_the_status_names_the_quote_however_it_was_reached(library: Library) -> None:
    app = ReaderApp(library=library)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_article(app, pilot)
        await pilot.press("n", "n")
        quote = view.current
        by_key = status(app).split("   ")[0]
        assert by_key.startswith("quote 2/") and "Mike Pompeo" in by_key
        body = view.article.body
        note = library.add_note(view.article.id, make_anchor(body, quote.start, quote.end, "quote"), "on the quote")
        await pilot.press("g")
        app.screen._reload_notes()
        # from the side panel's notes
        panel = app.screen.query_one(SidePanel)
        panel.focus()
        panel.highlighted = panel.get_option_index(f"note:{note.id}")
        await pilot.press("enter")
        assert view.current == quote and status(app).startswith(by_key)
        # from the notes screen
        from reader.tui.screens.notes import NotesScreen

        await pilot.press("escape", "g", "escape")  # out of the panel, to the top, to the library
        await settle(app, pilot)
        assert isinstance(app.screen, LibraryScreen)
        app.push_screen(NotesScreen(library))
        await settle(app, pilot)
        await pilot.press("enter", "enter")  # to the list, then the note
        await settle(app, pilot)
        assert isinstance(app.screen, ArticleScreen)
        assert view.current == quote and status(app).startswith(by_key)


async def test_a_quote_opening_its_paragraph_is_reached_as_the_quote(library: Library) -> None:
    """The case that showed "¶ 3/3": the note's offset is also its paragraph's start."""
    from reader.tui.screens.notes import NotesScreen

    text = "“We stay,” said Mike Pompeo on Tuesday.\n\nMore text here.\n\n“We go,” Pompeo said later."
    article_id, _ = library.add_article(parse_text(text))
    app = ReaderApp(library=library)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_article(app, pilot, article_id)
        body = view.article.body
        start = body.index("“We go")
        assert any(p.start == start for p in view._paragraphs)
        note = library.add_note(article_id, make_anchor(body, start, body.index("”", start) + 1, "quote"), "x")
        app.screen._reload_notes()
        panel = app.screen.query_one(SidePanel)
        panel.focus()
        panel.highlighted = panel.get_option_index(f"note:{note.id}")
        await pilot.press("enter")
        assert view.current.kind == "quote" and view.current.start == start
        assert status(app).startswith("quote 2/2")
        await pilot.press("escape", "g", "escape")
        await settle(app, pilot)
        app.push_screen(NotesScreen(library))
        await settle(app, pilot)
        await pilot.press("enter", "enter")
        await settle(app, pilot)
        assert view.current.kind == "quote" and view.current.start == start
        assert status(app).startswith("quote 2/2")


# ------------------------------------------------------------ item 12


@pytest.mark.parametrize("width", [60, 80])
async def test_reading_width_caps_the_text(library: Library, width: int) -> None:
    app = ReaderApp(library=library, config=Config(reading_width=width))
    async with app.run_test(size=(200, 40)) as pilot:
        view = await open_article(app, pilot)
        await pilot.press("p")  # the panel hidden: the whole width is free
        await pilot.pause()
        longest = max(len(line.text.plain) for line in view._lines if line.text is not None)
        assert width - 12 <= longest <= width


async def test_find_keys_can_be_moved_off_n(library: Library) -> None:
    """The README's example: find.next on ctrl+g leaves n to the quotes."""
    from reader.config import parse_config

    config, warnings = parse_config('[keymap]\n"find.next" = ["ctrl+g"]\n')
    assert warnings == []
    app = ReaderApp(library=library, config=config)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_article(app, pilot)
        await pilot.press("slash", *"state", "enter")
        first = view.match_index
        await pilot.press("ctrl+g")
        assert view.match_index == first + 1
        await pilot.press("n")
        assert view.current.kind == "quote" and view.match_index == first + 1
