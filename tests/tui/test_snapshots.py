"""Snapshots of the library and article screens at 80×24 and 120×40.

Update after an intended change with ``pytest tests/tui/test_snapshots.py
--snapshot-update`` and look at the report before committing the SVGs.
"""

from __future__ import annotations

import pytest

from reader.library import Library
from reader.tui.app import ReaderApp

from .conftest import SECOND_ARTICLE, settle

SIZES = [(80, 24), (120, 40)]


@pytest.fixture
def app(library: Library) -> ReaderApp:
    from reader.articles import parse_text

    library.add_article(parse_text(SECOND_ARTICLE, origin="second.txt"))
    return ReaderApp(library=library)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_library_screen(snap_compare, app: ReaderApp, size: tuple[int, int]) -> None:
    async def run_before(pilot) -> None:
        await settle(pilot.app, pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_article_screen(snap_compare, app: ReaderApp, size: tuple[int, int]) -> None:
    async def run_before(pilot) -> None:
        await settle(pilot.app, pilot)
        # Newest first: the dated seed is above the undated test article.
        await pilot.press("enter")
        await settle(pilot.app, pilot)
        await pilot.press("n", "n")  # the cursor on the second quote
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=run_before)
