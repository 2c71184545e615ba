"""The command palette provider: open articles by title, run screen actions."""

from __future__ import annotations

import pytest

from reader.library import Library
from reader.tui.app import ReaderApp
from reader.tui.commands import ReaderCommands
from reader.tui.screens.article import ArticleScreen

from .conftest import settle

pytestmark = pytest.mark.asyncio


async def hits(app: ReaderApp, query: str) -> list:
    provider = ReaderCommands(app.screen, None)
    return [hit async for hit in provider.search(query)]


async def test_palette_offers_articles_and_screen_actions(two_articles: Library) -> None:
    app = ReaderApp(library=two_articles)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        found = await hits(app, "zebra")
        texts = [str(hit.text) for hit in found]
        assert "Open article: Zebra crossing rules change" in texts
        actions = [str(hit.text) for hit in await hits(app, "sort")]
        assert "Sort" in actions
        target = next(hit for hit in found if str(hit.text).startswith("Open article"))
        target.command()
        await settle(app, pilot)
        assert isinstance(app.screen, ArticleScreen)
        assert app.screen.data.article.title == "Zebra crossing rules change"


async def test_palette_runs_a_screen_action(two_articles: Library) -> None:
    app = ReaderApp(library=two_articles)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        [sort] = [hit for hit in await hits(app, "sort") if str(hit.text) == "Sort"]
        sort.command()
        await settle(app, pilot)
        assert app.screen.sort == "title"


async def test_hostile_titles_are_not_markup_in_the_palette(library: Library) -> None:
    from reader.articles import parse_text

    from .conftest import HOSTILE_ARTICLE

    library.add_article(parse_text(HOSTILE_ARTICLE, origin="hostile.txt"))
    app = ReaderApp(library=library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        [hit] = [h for h in await hits(app, "hostile") if str(h.text).startswith("Open article")]
        assert str(hit.text) == "Open article: Hostile [bold red]markup[/] title"
        assert all("red" not in str(span.style) for span in hit.match_display.spans)
