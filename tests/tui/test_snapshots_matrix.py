"""Snapshots of every screen at 80×24 and 120×40 in the dark and the light
theme, of the article screen with each highlight layer off, and without colour.

Update after an intended change, then look at the report before committing:

    .venv/bin/pytest tests/tui/test_snapshots_matrix.py -n 2 --snapshot-update

The library is the first seed plus a short second article, annotated by the
fake pipeline, with a note, a highlight and a bookmark: nothing here depends
on the language model or on the clock.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest

from reader.anchors import make_anchor
from reader.articles import parse_text
from reader.config import DARK_THEME, LAYERS, LIGHT_THEME, Config
from reader.library import Library
from reader.tui.app import ReaderApp

from .conftest import SECOND_ARTICLE, settle

SIZES = {"80x24": (80, 24), "120x40": (120, 40)}
THEMES = (DARK_THEME, LIGHT_THEME)

Steps = Callable[[object], Awaitable[None]]


async def _open_article(pilot) -> None:
    await settle(pilot.app, pilot)
    await pilot.press("enter")  # newest first: the dated seed is on top
    await settle(pilot.app, pilot)


async def library_screen(pilot) -> None:
    await settle(pilot.app, pilot)


async def article_screen(pilot) -> None:
    await _open_article(pilot)
    await pilot.press("n", "n")  # the cursor on the second quote
    await pilot.pause()


async def help_screen(pilot) -> None:
    await _open_article(pilot)
    await pilot.press("question_mark")
    await pilot.pause()


async def note_editor(pilot) -> None:
    await _open_article(pilot)
    await pilot.press("n", "e")
    await pilot.pause()
    await pilot.press(*"Check the troop numbers")
    await pilot.pause()


async def selecting(pilot) -> None:
    await _open_article(pilot)
    await pilot.press("n", "n", "V", "l", "l", "l")
    await pilot.pause()


async def bookmarks_screen(pilot) -> None:
    await settle(pilot.app, pilot)
    await pilot.press("B")
    await settle(pilot.app, pilot)


async def notes_screen(pilot) -> None:
    await settle(pilot.app, pilot)
    await pilot.press("N")
    await settle(pilot.app, pilot)


async def search_screen(pilot) -> None:
    from reader.tui.screens.search import SearchScreen

    await settle(pilot.app, pilot)
    # With the query given, not typed: typing waits on a timer (not deterministic).
    await pilot.app.push_screen(SearchScreen(pilot.app.library, "troops"))
    await settle(pilot.app, pilot, rounds=6)


async def figures_screen(pilot) -> None:
    await settle(pilot.app, pilot)
    await pilot.press("F")
    await settle(pilot.app, pilot)


async def add_dialog(pilot) -> None:
    await settle(pilot.app, pilot)
    await pilot.press("a")
    await pilot.pause()


async def delete_dialog(pilot) -> None:
    await settle(pilot.app, pilot)
    await pilot.press("d")
    await pilot.pause()


SCREENS: dict[str, Steps] = {
    "library": library_screen,
    "article": article_screen,
    "help": help_screen,
    "note_editor": note_editor,
    "selecting": selecting,
    "bookmarks": bookmarks_screen,
    "notes": notes_screen,
    "search": search_screen,
    "figures": figures_screen,
    "add": add_dialog,
    "delete": delete_dialog,
}


@pytest.fixture
def populated(library: Library) -> Library:
    """Two articles, a note on the seed's first quote, a highlight on its
    first words, a bookmark in it."""
    library.add_article(parse_text(SECOND_ARTICLE, origin="second.txt"))
    seed = next(s for s in library.summaries() if "Pompeo" in s.title)
    article = library.get(seed.id)
    quote = min(library.annotation(seed.id).quotes, key=lambda q: q.start)
    library.add_note(seed.id, make_anchor(article.body, quote.start, quote.end, kind="quote"), "Is this the first time he says it?")
    library.add_note(seed.id, make_anchor(article.body, 0, 25, kind="selection"), "", highlight=True)
    library.add_bookmark(seed.id, quote.start, label="the first quote")
    return library


def steady(steps: Steps) -> Steps:
    """``steps``, then the text cursors stop blinking (shown steadily): a
    blink caught half-way made snapshots with a focused field flaky."""

    async def run(pilot) -> None:
        await steps(pilot)
        for field in pilot.app.screen.query("Input, TextArea"):
            field.cursor_blink = False
        await pilot.pause()

    return run


def _app(library: Library, theme: str = DARK_THEME) -> ReaderApp:
    return ReaderApp(library=library, config=Config(theme=theme))


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("size", SIZES, ids=str)
@pytest.mark.parametrize("screen", SCREENS)
def test_screen(snap_compare, populated: Library, screen: str, size: str, theme: str) -> None:
    assert snap_compare(_app(populated, theme), terminal_size=SIZES[size], run_before=steady(SCREENS[screen]))


@pytest.mark.parametrize("layer", [*LAYERS, "all"])
def test_article_with_a_layer_off(snap_compare, populated: Library, layer: str) -> None:
    keys = [str(LAYERS.index(layer) + 1)] if layer != "all" else ["1", "2", "3", "4"]

    async def run_before(pilot) -> None:
        await article_screen(pilot)
        await pilot.press(*keys)
        await pilot.pause()

    assert snap_compare(_app(populated), terminal_size=SIZES["120x40"], run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=str)
def test_article_without_colour(snap_compare, populated: Library, size: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """NO_COLOR: quotes italic, people bold, places underlined (look at it)."""
    monkeypatch.setenv("NO_COLOR", "1")
    app = _app(populated)
    assert app.no_color
    assert snap_compare(app, terminal_size=SIZES[size], run_before=article_screen)


# ------------------------------------------------------------ issue 14: the news reader's screens

NEWS_MARKDOWN = """---
url: https://news.example/skye/ferry
---
# Skye ferry returns after a week of storms

By Morag Stewart, 14 September 2024

PORTREE, Scotland — The **ferry** to Skye returned on *Tuesday*, the [operator](https://calmac.example/news) said, after a week in which the island ran short of bread.

## What happens next

- Timetables return to normal from **Monday**
- Refunds are available [online](https://calmac.example/refunds)

> The crossing is the island's lifeline.

“We are glad the boats are running again,” said Mike Pompeo, who was visiting.
"""


@pytest.fixture
def news(populated: Library) -> Library:
    """``populated`` plus a Markdown article with links, brought by a feed that
    has one page waiting for a retry."""
    import time

    from reader.articles.feeds import STATE_KEY

    article_id, _ = populated.add_article(parse_text(NEWS_MARKDOWN, origin="skye.md", fmt="md"), new=True)
    second = next(s.id for s in populated.summaries() if s.title.startswith("Zebra"))
    populated.set_user_state(STATE_KEY, [{
        "url": "https://news.example/feed.xml", "title": "Island Courier", "added_at": 0.0,
        "last_checked": time.time() - 9000,  # "2 h ago" however long the test takes
        "article_ids": [second, article_id],
        "pending": [{"key": "urn:x", "link": "https://news.example/x", "title": "X", "content_html": None,
                     "published": None, "author": None, "stub": None, "attempts": 1, "error": "HTTP 403"}],
    }, {"url": "https://example.org/atom", "title": "Mountain Post", "added_at": 0.0, "last_checked": None,
        "last_error": "not found (HTTP 404)"}])
    return populated


async def _open_news_article(pilot) -> None:
    await settle(pilot.app, pilot)
    article_id = next(s.id for s in pilot.app.library.summaries() if s.title.startswith("Skye"))
    pilot.app.open_article(article_id)
    await settle(pilot.app, pilot)


async def feeds_screen(pilot) -> None:
    await settle(pilot.app, pilot)
    await pilot.press("f")
    await settle(pilot.app, pilot)


async def feed_articles(pilot) -> None:
    await feeds_screen(pilot)
    await pilot.press("enter")
    await settle(pilot.app, pilot)


async def add_feed(pilot) -> None:
    await feeds_screen(pilot)
    await pilot.press("a")
    await pilot.press(*"https://example.org/feed")
    await pilot.pause()


async def markdown_article(pilot) -> None:
    await _open_news_article(pilot)
    await pilot.press("n")
    await pilot.pause()


async def links_list(pilot) -> None:
    await _open_news_article(pilot)
    await pilot.press("L")
    await pilot.pause()


async def find_in_article(pilot) -> None:
    await _open_news_article(pilot)
    await pilot.press("slash", *"the", "enter", "n")
    await pilot.pause()


NEWS_SCREENS: dict[str, Steps] = {
    "feeds": feeds_screen,
    "feed_articles": feed_articles,
    "add_feed": add_feed,
    "markdown_article": markdown_article,
    "links": links_list,
    "find": find_in_article,
}


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("size", SIZES, ids=str)
@pytest.mark.parametrize("screen", NEWS_SCREENS)
def test_news_screen(snap_compare, news: Library, screen: str, size: str, theme: str) -> None:
    app = ReaderApp(library=news, config=Config(theme=theme, feed_refresh_minutes=0))
    assert snap_compare(app, terminal_size=SIZES[size], run_before=steady(NEWS_SCREENS[screen]))


def test_news_article_without_colour(snap_compare, news: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    """NO_COLOR: links underlined and leaning, headings bold, matches reversed (look at it)."""
    monkeypatch.setenv("NO_COLOR", "1")
    app = ReaderApp(library=news, config=Config(feed_refresh_minutes=0))
    assert app.no_color
    assert snap_compare(app, terminal_size=SIZES["120x40"], run_before=steady(find_in_article))
