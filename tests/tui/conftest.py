"""Fixtures for the TUI tests: a library in the isolated READER_HOME, annotated
by the deterministic fake pipeline, and helpers to let workers finish."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.articles import load_path, parse_text
from reader.library import Library

from ..conftest import SEED

FAKE_ANNOTATOR = "tests.tui.fake_nlp:annotate"

SECOND_ARTICLE = """title Zebra crossing rules change
source Example Wire

LONDON (Example Wire) - Transport officials said on Tuesday that zebra crossings will get brighter paint.

“It is about safety,” Mike Pompeo said, in a sentence invented for this test.
"""

HOSTILE_ARTICLE = (
    "title Hostile [bold red]markup[/] title\n\n"
    "This body tries [bold red]x[/] and [link=http://x]y[/link] and an escape \x1b[31mRED\x1b[0m here.\n\n"
    "“A quote with [blink]markup[/blink] inside,” Pompeo said.\n"
)


def open_library(home: Path, *, seed: bool = False) -> Library:
    """The library as the app would open it, with the fake pipeline.

    Not seeded by default: the shipped samples grow, and the tests (and
    snapshots) must not change when they do; ``library`` adds the first seed.
    """
    return Library.open(home, seed=seed, annotator=FAKE_ANNOTATOR)


@pytest.fixture
def library(reader_home: Path) -> Iterator[Library]:
    lib = open_library(reader_home)
    lib.add_many(load_path(SEED))
    yield lib
    lib.close()


@pytest.fixture
def two_articles(library: Library) -> Library:
    library.add_article(parse_text(SECOND_ARTICLE, origin="second.txt"))
    return library


async def settle(app, pilot, rounds: int = 4) -> None:
    """Let workers (row loading, article loading) finish and their results
    reach the screen."""
    for _ in range(rounds):
        await app.workers.wait_for_complete()
        await pilot.pause()
