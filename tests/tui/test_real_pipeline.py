"""The app as a user starts it: it opens (and seeds) the library itself, in
a worker, with the real language pipeline."""

from __future__ import annotations

import pytest

from reader.tui.app import ReaderApp
from reader.tui.screens.article import ArticleScreen
from reader.tui.widgets.article_view import ArticleView
from reader.tui.widgets.library_list import LibraryList

from .conftest import settle

pytestmark = pytest.mark.asyncio


async def test_fresh_home_opens_seeded_and_the_seed_has_attributed_quotes() -> None:
    app = ReaderApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot, rounds=8)
        assert app.library is not None and app.library_error is None
        rows = app.screen.query_one(LibraryList).rows
        index = next(i for i in range(len(rows)) if "Mike Pompeo" in rows[i].title)
        app.open_article(rows[index].id)
        await settle(app, pilot)
        assert isinstance(app.screen, ArticleScreen)
        view = app.screen.query_one(ArticleView)
        speakers = {item.quote.speaker for item in view.items if item.quote is not None}
        assert "Mike Pompeo" in speakers
        assert any(f.name == "Mike Pompeo" for f in view.annotation.figures)


async def test_unopenable_library_is_a_notification_not_a_crash(reader_home) -> None:
    reader_home.parent.mkdir(parents=True, exist_ok=True)
    reader_home.write_text("not a folder")  # the data dir path is a file
    app = ReaderApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert app.library is None and app.library_error
        assert any("Could not open the library" in n.message for n in app._notifications)
        message = app.screen.query_one(LibraryList).empty_message
        assert "Could not open" in message
        await pilot.press("B")  # needs the library: a notification again, no crash
        await pilot.pause()
    assert app.return_code in (0, None)
