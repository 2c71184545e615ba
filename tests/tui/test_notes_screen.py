from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, OptionList

from reader.anchors import make_anchor
from reader.tui.screens.notes import NotesScreen, group_notes
from tests.search.real import ARTICLES, IDS, make_library
from tests.tui.host import Host


@pytest.fixture
def lib(tmp_path: Path):
    library = make_library(tmp_path / "data")
    body = ARTICLES[0].body
    at = body.index("Critics said")
    library.add_note(IDS[0], make_anchor(body, at, at + 12, "selection"), "", highlight=True)
    library.add_note(IDS[2], make_anchor(ARTICLES[2].body, 0, 0, "article"), "vote count?")
    at = body.index("withdrawal")
    library.add_note(IDS[0], make_anchor(body, at, at + 10, "selection"), "troop numbers")
    yield library
    library.close()


def prompts(screen: NotesScreen) -> list[str]:
    option_list = screen.query_one(OptionList)
    return [str(option_list.get_option_at_index(i).prompt) for i in range(option_list.option_count)]


def test_group_notes_newest_first_and_filtered(lib) -> None:
    titles = {s.id: s.title for s in lib.summaries()}
    groups = group_notes(lib.notes(), titles)
    assert [g.article_id for g in groups] == [IDS[0], IDS[2]]
    assert [n.text for n in groups[0].notes] == ["troop numbers", ""]
    assert [g.article_id for g in group_notes(lib.notes(), titles, "VOTE")] == [IDS[2]]
    assert [g.article_id for g in group_notes(lib.notes(), titles, "brexit vote")] == [IDS[2]]  # title words
    assert group_notes(lib.notes(), titles, "nothing-like-this") == []


@pytest.mark.asyncio
async def test_lists_groups_and_filters_as_you_type(lib) -> None:
    app = Host(lib, NotesScreen)
    async with app.run_test() as pilot:
        screen = app.screen
        assert isinstance(screen, NotesScreen)
        shown = prompts(screen)
        assert shown[0].startswith(ARTICLES[0].title)
        assert "troop numbers" in shown[1] and "Critics said" in shown[2]
        assert shown[3].startswith("May faces [another] *Brexit* vote")
        await pilot.press(*"vote")
        await pilot.pause()
        assert len(prompts(screen)) == 2 and "vote count?" in prompts(screen)[1]
        await pilot.press("escape")  # clears the filter first
        assert screen.query_one(Input).value == "" and app.screen is screen
        assert len(prompts(screen)) == 5


@pytest.mark.asyncio
async def test_enter_jumps_to_the_reattached_place(lib) -> None:
    app = Host(lib, NotesScreen)
    async with app.run_test() as pilot:
        await pilot.press("enter")  # from the filter to the list
        await pilot.press("enter")  # the highlighted (newest) note
        assert app.opened == [(IDS[0], ARTICLES[0].body.index("withdrawal"))]
        await pilot.press("down", "down", "enter")  # the article-level note
        assert app.opened[-1] == (IDS[2], None)


@pytest.mark.asyncio
async def test_edit_and_delete(lib) -> None:
    app = Host(lib, NotesScreen)
    async with app.run_test() as pilot:
        screen = app.screen
        await pilot.press("enter")  # to the list; "troop numbers" is highlighted
        await pilot.press("e")
        await pilot.pause()
        area = app.screen.query_one("TextArea")
        area.text = "how many troops?"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        assert "how many troops?" in [n.text for n in lib.notes()]
        before = {n.id: n for n in lib.notes()}
        await pilot.press("d")  # at once: u undoes (issue 14, item 8)
        await pilot.pause()
        assert "how many troops?" not in [n.text for n in lib.notes()]
        assert len(lib.notes()) == 2
        await pilot.press("u")
        await pilot.pause()
        assert {n.id: n for n in lib.notes()} == before  # same id, anchor, text and times
        assert any("how many troops?" in p for p in prompts(screen))
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("escape")
        assert not isinstance(app.screen, NotesScreen)
