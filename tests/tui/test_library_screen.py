"""Pilot tests of the library screen: list, filter, sort, bookmark, delete, add."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.library import Library
from reader.tui.app import ReaderApp
from reader.tui.screens.add import AddScreen
from reader.tui.screens.article import ArticleScreen
from reader.tui.screens.confirm import ConfirmScreen
from reader.tui.screens.help import HelpScreen
from reader.tui.screens.library import LibraryScreen
from reader.tui.widgets.library_list import LibraryList

from ..conftest import SEED
from .conftest import SECOND_ARTICLE, open_library, settle

pytestmark = pytest.mark.asyncio


def titles(app: ReaderApp) -> list[str]:
    rows = app.screen.query_one(LibraryList).rows
    return [rows[i].title for i in range(len(rows))]


async def test_fresh_home_is_seeded_with_the_samples(reader_home: Path) -> None:
    app = ReaderApp(library=open_library(reader_home, seed=True))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, LibraryScreen)
        shown = titles(app)
        assert any("Mike Pompeo" in title for title in shown)
        assert len(shown) == len(list(SEED.parent.glob("*.txt")) + list(SEED.parent.glob("*.md")))


async def test_library_row_shows_the_counts(library: Library) -> None:
    app = ReaderApp(library=library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        summary = app.screen.query_one(LibraryList).current
        assert summary is not None and "Pompeo" in summary.title
        assert summary.quotes > 0 and summary.figures == 2 and not summary.read


async def test_filter_as_you_type_and_clear(two_articles: Library) -> None:
    app = ReaderApp(library=two_articles)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert len(titles(app)) == 2
        await pilot.press("slash", *"zebra")
        await settle(app, pilot)
        assert titles(app) == ["Zebra crossing rules change"]
        await pilot.press("backspace", *"ra", "x")
        await settle(app, pilot)
        assert titles(app) == []
        await pilot.press("escape")
        await settle(app, pilot)
        assert len(titles(app)) == 2
        assert app.focused is app.screen.query_one(LibraryList)


async def test_filter_by_person_named(two_articles: Library) -> None:
    app = ReaderApp(library=two_articles)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"lamarque", "enter")
        await settle(app, pilot)
        [title] = titles(app)
        assert "Pompeo" in title  # only the seed's caption names Kevin Lamarque
        assert app.focused is app.screen.query_one(LibraryList)


async def test_sort_cycles_and_is_remembered(two_articles: Library) -> None:
    app = ReaderApp(library=two_articles)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert screen.sort == "date"
        await pilot.press("s")
        await settle(app, pilot)
        assert screen.sort == "title"
        assert titles(app) == sorted(titles(app), key=str.casefold)
        assert "sort: title" in str(screen.query_one("#library-title").render())
    assert two_articles.user_state("tui.library.sort") == "title"


async def test_bookmark_toggle(library: Library) -> None:
    app = ReaderApp(library=library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("b")
        await settle(app, pilot)
        assert app.screen.query_one(LibraryList).current.bookmarked
        assert [b.position for b in library.bookmarks()] == [None]
        await pilot.press("b")
        await settle(app, pilot)
        assert library.bookmarks() == []
        assert not app.screen.query_one(LibraryList).current.bookmarked


async def test_delete_asks_first(two_articles: Library) -> None:
    app = ReaderApp(library=two_articles)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        before = titles(app)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await settle(app, pilot)
        assert titles(app) == before
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await settle(app, pilot)
        assert titles(app) == before[1:]
        assert len(two_articles.summaries()) == 1


async def test_add_dialog_imports_a_file(library: Library, tmp_path: Path) -> None:
    source = tmp_path / "zebra.txt"
    source.write_text(SECOND_ARTICLE, encoding="utf-8")
    app = ReaderApp(library=library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, AddScreen)
        await pilot.press(*str(source), "enter")
        await settle(app, pilot, rounds=6)
        assert isinstance(app.screen, LibraryScreen)
        assert "Zebra crossing rules change" in titles(app)
        current = app.screen.query_one(LibraryList).current
        assert current is not None and current.title == "Zebra crossing rules change"


async def test_add_dialog_reports_a_bad_path(library: Library, tmp_path: Path) -> None:
    app = ReaderApp(library=library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("a", *str(tmp_path / "missing.txt"), "enter")
        await settle(app, pilot, rounds=6)
        assert isinstance(app.screen, AddScreen)
        status = str(app.screen.query_one("#add-status").render())
        assert "missing.txt" in status
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)


async def test_enter_opens_the_article_and_marks_it_read(library: Library) -> None:
    app = ReaderApp(library=library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ArticleScreen)
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, LibraryScreen)
        assert app.screen.query_one(LibraryList).current.read


async def test_help_lists_the_bindings_of_the_screen(library: Library) -> None:
    app = ReaderApp(library=library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        descriptions = {row[2] for row in app.screen.rows}
        assert {"Filter", "Sort", "Bookmark", "Delete", "Add", "Quit", "Open"} <= descriptions
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)


async def test_missing_optional_screen_is_a_notification(library: Library, monkeypatch) -> None:
    from reader.tui import app as app_module

    monkeypatch.setitem(app_module.OPTIONAL_SCREENS, "notes", ("reader.tui.screens.no_such_module", "NotesScreen"))
    app = ReaderApp(library=library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("N")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        assert any("not available" in n.message for n in app._notifications)


async def test_quit_key_exits(library: Library) -> None:
    app = ReaderApp(library=library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


@pytest.mark.parametrize(
    ("key", "module", "name"),
    [
        ("N", "reader.tui.screens.notes", "NotesScreen"),
        ("S", "reader.tui.screens.search", "SearchScreen"),
        ("ctrl+f", "reader.tui.screens.search", "SearchScreen"),
        ("F", "reader.tui.screens.figures", "FiguresScreen"),
    ],
)
async def test_keys_open_the_other_screens(library: Library, key: str, module: str, name: str) -> None:
    pytest.importorskip(module)
    app = ReaderApp(library=library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press(key)
        await settle(app, pilot)
        assert type(app.screen).__name__ == name


@pytest.mark.slow
async def test_add_dialog_imports_a_folder_big_enough_for_the_process_pool(library: Library, tmp_path: Path) -> None:
    """A folder of at least POOL_THRESHOLD new articles is annotated in worker processes.
    Under Textual, ``sys.stderr`` is a capture whose ``fileno()`` is -1, which multiprocessing
    handed to its resource tracker: every such import from the TUI failed with "bad value(s)
    in fds_to_keep" (the CLI, with a real stderr, was fine)."""
    from reader.library import POOL_THRESHOLD

    folder = tmp_path / "folder"
    folder.mkdir()
    count = POOL_THRESHOLD + 12
    for n in range(count):
        (folder / f"story-{n:03d}.txt").write_text(
            f"Title: Harbour report number {n}\n\nThe harbour master said on Monday that ship {n} had docked.\n",
            encoding="utf-8",
        )
    before = len(library.summaries())
    app = ReaderApp(library=library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*str(folder), "enter")
        for _ in range(600):  # worker processes start: up to 60 s on a loaded machine
            await pilot.pause(0.1)
            if isinstance(app.screen, LibraryScreen) or "failed" in str(app.screen.query_one("#add-status").render()):
                break
        assert isinstance(app.screen, LibraryScreen), str(app.screen.query_one("#add-status").render())
        assert len(library.summaries()) == before + count
