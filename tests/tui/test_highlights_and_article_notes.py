"""Keyboard highlights (V, grow/shrink, enter), notes on the whole article (A),
and notes re-attached when the article's text changed."""

from __future__ import annotations

from dataclasses import replace

import pytest

from reader.anchors import make_anchor
from reader.config import Config
from reader.library import Library
from reader.tui.app import ReaderApp
from reader.tui.screens.article import ArticleScreen

from .conftest import settle

pytestmark = pytest.mark.asyncio


async def open_seed(app: ReaderApp, pilot) -> ArticleScreen:
    await settle(app, pilot)
    await pilot.press("enter")
    await settle(app, pilot)
    assert isinstance(app.screen, ArticleScreen)
    return app.screen


async def test_select_grow_shrink_and_highlight_with_a_note(library: Library) -> None:
    app = ReaderApp(library=library, config=Config())
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_seed(app, pilot)
        view = screen.view
        body = screen.data.article.body
        await pilot.press("V")
        assert view.selection is not None
        one = body[slice(*view.selection)]
        assert one == "WASHINGTON", "the first word under the cursor"
        await pilot.press("l", "l")
        assert body[slice(*view.selection)] == "WASHINGTON (Reuters", "two words more (punctuation counts)"
        grown = view.selection
        await pilot.press("h")
        assert view.selection[1] < grown[1] and view.selection[0] == grown[0]
        await pilot.press("right_parenthesis")
        assert view.selection[1] > grown[1], "a sentence more"
        status = str(screen.query_one("#article-status").render())
        assert "Selecting" in status
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "NoteEditorScreen"
        await pilot.press(*"key claim")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is screen
        assert view.selection is None
        [note] = [n for n in library.notes(screen.article_id) if n.highlight]
        assert note.text == "key claim"
        assert note.anchor.kind == "selection"
        assert note.anchor.exact == body[note.anchor.start : note.anchor.end]
        assert note.anchor.exact.startswith("WASHINGTON")
        assert any(n.id == note.id for n in view.notes)


async def test_escape_cancels_the_selection_not_the_article(library: Library) -> None:
    app = ReaderApp(library=library, config=Config())
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_seed(app, pilot)
        await pilot.press("V", "l")
        assert screen.view.selection is not None
        await pilot.press("escape")
        await pilot.pause()
        assert screen.view.selection is None
        assert app.screen is screen, "escape ended the selection only"
        await pilot.press("l")  # not bound outside a selection
        assert screen.view.selection is None
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is not screen


async def test_an_empty_note_still_highlights_and_cancel_does_not(library: Library) -> None:
    app = ReaderApp(library=library, config=Config())
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_seed(app, pilot)
        await pilot.press("V", "enter")
        await pilot.pause()
        await pilot.press("escape")  # cancel in the editor
        await settle(app, pilot)
        assert not [n for n in library.notes(screen.article_id) if n.highlight]
        await pilot.press("V", "enter")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        [note] = [n for n in library.notes(screen.article_id) if n.highlight]
        assert note.text == ""


async def test_a_note_on_the_whole_article(library: Library) -> None:
    app = ReaderApp(library=library, config=Config())
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_seed(app, pilot)
        await pilot.press("A")
        await pilot.pause()
        await pilot.press(*"worth rereading", "ctrl+s")
        await settle(app, pilot)
        [note] = library.notes(screen.article_id)
        assert (note.text, note.anchor.kind) == ("worth rereading", "article")
        assert not screen.view.notes_at(), "not tied to a paragraph"


async def test_notes_are_reattached_when_the_article_opens(library: Library) -> None:
    seed = library.summaries()[0]
    body = library.get(seed.id).body
    start = body.index("Pompeo")
    anchor = make_anchor(body, start, start + len("Pompeo"), kind="selection")
    # As if the note had been written on an older text where the word sat 5 characters later.
    moved = replace(anchor, start=anchor.start + 5, end=anchor.end + 5)
    note = library.add_note(seed.id, moved, "who?", highlight=True)
    app = ReaderApp(library=library, config=Config())
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_seed(app, pilot)
        [shown] = screen.data.notes
        assert (shown.anchor.start, shown.orphaned) == (start, False)
    [stored] = [n for n in library.notes(seed.id) if n.id == note.id]
    assert stored.anchor.start == start, "the fix was saved"
