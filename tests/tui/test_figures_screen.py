from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import OptionList

from reader.tui.screens.figures import FigureScreen, FiguresScreen
from tests.search.real import ARTICLES, IDS, make_library
from tests.tui.host import Host


@pytest.fixture
def lib(tmp_path: Path):
    library = make_library(tmp_path / "data")
    yield library
    library.close()


def prompts(screen) -> list[str]:
    option_list = screen.query_one(OptionList)
    return [str(option_list.get_option_at_index(i).prompt) for i in range(option_list.option_count)]


async def wait_until(pilot, condition) -> None:
    for _ in range(100):
        await pilot.pause(0.05)
        if condition():
            return


@pytest.mark.asyncio
async def test_people_with_counts_filter_and_drill_down(lib) -> None:
    app = Host(lib, FiguresScreen)
    async with app.run_test() as pilot:
        screen = app.screen
        assert isinstance(screen, FiguresScreen)
        await wait_until(pilot, lambda: screen.stats)
        shown = prompts(screen)
        assert shown[0] == "Mike Pompeo — Secretary of State\n  2 articles · 2 quotes"
        assert "Robert Lighthizer — Trade Representative\n  1 article · 1 quote" in shown
        await pilot.press(*"minister")  # roles are searched too
        await pilot.pause()
        assert prompts(screen) == ["Theresa May — Prime Minister\n  1 article · 1 quote"]
        await pilot.press("escape")  # clears the filter
        assert len(prompts(screen)) == 3

        await pilot.press("enter", "enter")  # to the list, open Mike Pompeo
        detail = app.screen
        assert isinstance(detail, FigureScreen)
        await wait_until(pilot, lambda: detail.places)
        shown = prompts(detail)
        assert shown[0] == f"{ARTICLES[0].title}  2 quotes"
        assert shown[1].strip().startswith("“The fight is one we will continue")
        assert shown[3] == f"{ARTICLES[2].title}  0 quotes"

        await pilot.press("down", "enter")  # a quote opens the article at it
        quote = lib.annotation(IDS[0]).quotes[0]
        assert app.opened == [(IDS[0], quote.start)]
        await pilot.press("down", "down", "enter")  # an article opens at the first mention
        assert app.opened[-1] == (IDS[2], ARTICLES[2].body.index("Mike Pompeo"))
        await pilot.press("escape")
        assert app.screen is screen
        await pilot.press("escape")
        assert not isinstance(app.screen, FiguresScreen)


@pytest.mark.asyncio
async def test_long_lists_are_capped_until_filtered(lib, monkeypatch) -> None:
    from reader.tui.screens import figures

    monkeypatch.setattr(figures, "MAX_SHOWN", 2)
    app = Host(lib, FiguresScreen)
    async with app.run_test() as pilot:
        screen = app.screen
        await wait_until(pilot, lambda: screen.stats)
        shown = prompts(screen)
        assert len(shown) == 3 and shown[-1] == "… and 1 more: type to filter"
        await pilot.press(*"may")
        await pilot.pause()
        assert prompts(screen) == ["Theresa May — Prime Minister\n  1 article · 1 quote"]
