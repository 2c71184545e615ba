from __future__ import annotations

from pathlib import Path

import pytest
from rich.text import Text
from textual.widgets import Input, OptionList

from reader.search import SearchHit
from reader.tui.screens.search import MATCH_STYLE, SearchScreen, hit_prompt
from tests.search.real import ARTICLES, IDS, make_library
from tests.tui.host import Host


@pytest.fixture
def lib(tmp_path: Path):
    library = make_library(tmp_path / "data")
    yield library
    library.close()


def test_hit_prompt_styles_spans_without_markup() -> None:
    hit = SearchHit("x", "[bold]Not markup[/bold] talks", 1.0, [("…trade talks on [red]…", [(7, 12)])],
                    0, "Reuters", "2019-02-14", [(24, 29)])
    prompt = hit_prompt(hit)
    assert isinstance(prompt, Text)
    assert prompt.plain.startswith("[bold]Not markup[/bold] talks  Reuters · 2019-02-14\n  …trade talks on [red]…")
    styled = {prompt.plain[s.start : s.end] for s in prompt.spans if s.style == MATCH_STYLE}
    assert styled == {"talks"}
    assert len([s for s in prompt.spans if s.style == MATCH_STYLE]) == 2


async def wait_for_results(pilot, screen: SearchScreen, count: int | None = None) -> None:
    for _ in range(100):
        await pilot.pause(0.05)
        if screen.hits and (count is None or len(screen.hits) == count):
            return


@pytest.mark.asyncio
async def test_type_query_see_results_and_open_at_match(lib) -> None:
    app = Host(lib, SearchScreen)
    async with app.run_test() as pilot:
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        await pilot.press(*"talks")
        await pilot.press("enter")
        await wait_for_results(pilot, screen)
        assert [h.article_id for h in screen.hits] == [IDS[1]]
        results = screen.query_one(OptionList)
        assert results.has_focus and results.option_count == 1
        prompt = results.get_option_at_index(0).prompt
        assert isinstance(prompt, Text) and prompt.plain.startswith(ARTICLES[1].title)
        await pilot.press("enter")
        assert app.opened == [(IDS[1], ARTICLES[1].body.index("talks"))]


@pytest.mark.asyncio
async def test_typing_searches_after_a_pause(lib) -> None:
    app = Host(lib, SearchScreen)
    async with app.run_test() as pilot:
        screen = app.screen
        for _ in range(100):  # the index is synced in a worker first
            await pilot.pause(0.05)
            if screen.index_ready:
                break
        await pilot.press(*"pompeo -brexit")
        await wait_for_results(pilot, screen)
        assert [h.article_id for h in screen.hits] == [IDS[0]]


@pytest.mark.asyncio
async def test_bad_query_is_shown_and_escape_clears_then_leaves(lib) -> None:
    app = Host(lib, SearchScreen)
    async with app.run_test() as pilot:
        screen = app.screen
        await pilot.press(*"has:colour", "enter")
        for _ in range(100):
            await pilot.pause(0.05)
            if "has:notes" in str(screen.query_one("#search-status").render()) and "colour" in str(
                screen.query_one("#search-status").render()
            ):
                break
        assert "has:colour is not a filter" in str(screen.query_one("#search-status").render())
        screen.query_one(Input).focus()
        await pilot.press("escape")
        assert screen.query_one(Input).value == "" and app.screen is screen
        await pilot.press("escape")
        assert not isinstance(app.screen, SearchScreen)


@pytest.mark.asyncio
async def test_reader_app_wiring_S_then_enter_opens_the_article(lib) -> None:
    """The contract with the app: ``S`` pushes SearchScreen(library) and
    Enter goes through ``ReaderApp.open_article``."""
    from reader.tui.app import ReaderApp

    app = ReaderApp(library=lib)
    async with app.run_test() as pilot:
        await pilot.pause(0.2)
        await pilot.press("S")
        await pilot.pause(0.2)
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        await pilot.press(*"talks", "enter")
        await wait_for_results(pilot, screen)
        await pilot.press("enter")
        for _ in range(40):
            await pilot.pause(0.05)
            if type(app.screen).__name__ == "ArticleScreen":
                break
        assert type(app.screen).__name__ == "ArticleScreen"
        assert app.screen.article_id == IDS[1]
