"""Issue 14 on the list screens: the feeds screen and its refreshes (item 1),
read marks (item 1), j/k in every list and the help's headings (item 7), the
empty filter (item 9), the add dialog while it works (item 10), the cursor
after clearing a filter (item 12)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from reader.articles.feeds import add_subscription, load_subscriptions
from reader.config import Config
from reader.library import Library
from reader.tui.app import ReaderApp
from reader.tui.screens.add import AddScreen
from reader.tui.screens.article import ArticleScreen
from reader.tui.screens.bookmarks import BookmarksScreen
from reader.tui.screens.confirm import ConfirmScreen
from reader.tui.screens.feeds import FeedArticlesScreen, FeedsScreen
from reader.tui.screens.help import HelpScreen
from reader.tui.screens.library import LibraryScreen
from reader.tui.screens.prompt import PromptScreen
from reader.tui.widgets.library_list import LibraryList
from reader.tui.widgets.lists import ReaderList

from .conftest import settle

pytestmark = pytest.mark.asyncio


def page(title: str, lead: str) -> str:
    return (
        f"<!doctype html><html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
        f"<p>{lead}</p><p>“It was a long night,” said Mike Pompeo, who lives nearby.</p></article></body></html>"
    )


def rss(base: str, items: list[tuple[str, str]]) -> str:
    entries = "".join(
        f"<item><title>{title}</title><link>{base}/a/{slug}</link><guid>urn:{slug}</guid></item>" for slug, title in items
    )
    return f"<?xml version='1.0'?><rss version='2.0'><channel><title>Coast Wire</title>{entries}</channel></rss>"


@pytest.fixture
def wire(httpserver: HTTPServer) -> dict:
    """A feed whose items can grow; every page answers."""
    base = httpserver.url_for("").rstrip("/")
    state = {"items": [("bridge", "Bridge closed"), ("ferry", "Ferry delayed")], "url": f"{base}/rss.xml"}
    httpserver.expect_request("/rss.xml").respond_with_handler(
        lambda request: Response(rss(base, state["items"]), content_type="application/rss+xml")
    )

    def article(request: Request) -> Response:
        slug = request.path.rsplit("/", 1)[-1]
        title = dict(state["items"])[slug]
        return Response(page(title, f"The {slug} story happened on Monday, officials said in a statement."),
                        content_type="text/html")

    httpserver.expect_request("/a/bridge").respond_with_handler(article)
    httpserver.expect_request("/a/ferry").respond_with_handler(article)
    httpserver.expect_request("/a/tunnel").respond_with_handler(article)
    return state


def titles(screen: LibraryScreen) -> list[str]:
    rows = screen.library_list.rows
    return [rows[i].title for i in range(len(rows))]


async def wait_for(app, pilot, condition, rounds: int = 60) -> None:
    import asyncio

    for _ in range(rounds):
        await settle(app, pilot, rounds=1)
        if condition():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("condition never became true")


# ------------------------------------------------------------ item 1


@pytest.mark.usefixtures("loopback_one_is_public")  # the feed is typed in: the TUI has no --allow-private
async def test_add_a_feed_refresh_it_and_read_its_articles(library: Library, wire: dict) -> None:
    app = ReaderApp(library=library, config=Config(feed_refresh_minutes=0))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("f")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, FeedsScreen)
        assert "No feeds yet" in str(screen.query_one(ReaderList).get_option_at_index(0).prompt)
        await pilot.press("a")
        assert isinstance(app.screen, PromptScreen)
        await pilot.press(*wire["url"], "enter")
        # subscribed, then refreshed at once
        await wait_for(app, pilot, lambda: screen.rows and screen.rows[0].total == 2 and not app.feeds_refreshing)
        row = screen.rows[0]
        assert row.sub.display_name == "Coast Wire" and row.unread == 2
        prompt = str(screen.query_one(ReaderList).get_option_at_index(0).prompt)
        assert "Coast Wire" in prompt and "2 articles" in prompt and prompt.lstrip().startswith("2")
        assert "2/2" not in prompt
        # the feed's articles, with the library's keys
        await pilot.press("enter")
        await settle(app, pilot)
        view = app.screen
        assert isinstance(view, FeedArticlesScreen)
        assert sorted(titles(view)) == ["Bridge closed", "Ferry delayed"]
        assert all(r.new for r in view.library_list.rows)
        await pilot.press("r")  # read
        await settle(app, pilot)
        first = view.library_list.rows[0]
        assert first.read and not first.new
        await pilot.press("r")  # unread again
        await settle(app, pilot)
        assert not view.library_list.rows[0].read
        await pilot.press("A")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(app, pilot)
        assert all(r.read for r in view.library_list.rows)
        await pilot.press("escape")  # back to the feeds, counts updated
        await settle(app, pilot)
        assert app.screen is screen and screen.rows[0].unread == 0
        # the library lists them too, no longer unread
        await pilot.press("escape")
        await settle(app, pilot)
        library_screen = app.screen
        assert isinstance(library_screen, LibraryScreen)
        assert {"Bridge closed", "Ferry delayed"} <= set(titles(library_screen))


async def test_refresh_shows_progress_and_new_articles_arrive(library: Library, wire: dict) -> None:
    add_subscription(library, wire["url"], allow_private=True)
    app = ReaderApp(library=library, config=Config(feed_refresh_minutes=0))
    events = []
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("f")
        await settle(app, pilot)
        screen = app.screen
        original = screen.feed_progress

        def spy(event):  # type: ignore[no-untyped-def]
            events.append(event)
            original(event)

        screen.feed_progress = spy
        await pilot.press("r")
        await wait_for(app, pilot, lambda: not app.feeds_refreshing)
        assert events and events[-1].total == 2 and events[-1].done == 2
        assert screen.rows[0].total == 2
        wire["items"].append(("tunnel", "Tunnel opens"))
        await pilot.press("R")
        await wait_for(app, pilot, lambda: not app.feeds_refreshing and screen.rows[0].total == 3)
        assert screen.rows[0].unread == 3
        assert any("1 new article" in n.message for n in app._notifications)


async def test_rename_and_remove_a_feed(library: Library, wire: dict) -> None:
    add_subscription(library, wire["url"], allow_private=True)
    app = ReaderApp(library=library, config=Config(feed_refresh_minutes=0))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("f")
        await settle(app, pilot)
        screen = app.screen
        await pilot.press("e")
        assert isinstance(app.screen, PromptScreen)
        app.screen.query_one("Input").value = "My coast"
        await pilot.press("enter")
        await settle(app, pilot)
        assert screen.rows[0].sub.display_name == "My coast"
        (sub,) = load_subscriptions(library)
        assert sub.name == "My coast" and sub.title == "Coast Wire"
        await pilot.press("d")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(app, pilot)
        assert load_subscriptions(library) == [] and screen.rows == []


async def test_a_feed_that_fails_says_so(library: Library, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/gone.xml").respond_with_data("gone", status=404)
    add_subscription(library, httpserver.url_for("/gone.xml"), check=False, allow_private=True)
    app = ReaderApp(library=library, config=Config(feed_refresh_minutes=0))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("f")
        await settle(app, pilot)
        screen = app.screen
        await pilot.press("R")
        await wait_for(app, pilot, lambda: not app.feeds_refreshing and screen.rows and screen.rows[0].sub.last_error)
        await settle(app, pilot)
        assert "404" in str(screen.query_one("#feeds-status").render())
        assert "404" in str(screen.query_one(ReaderList).get_option_at_index(0).prompt)


async def test_feeds_refresh_in_the_background(library: Library, wire: dict, monkeypatch) -> None:
    """A refresh due at start runs by itself, then every feed_refresh_minutes."""
    monkeypatch.setattr("reader.tui.feed_refresh.FIRST_CHECK_DELAY", 0.05)
    add_subscription(library, wire["url"], allow_private=True)
    app = ReaderApp(library=library, config=Config(feed_refresh_minutes=15))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert app.feed_timer is not None and app.feed_timer._interval == 15 * 60
        screen = app.screen
        await wait_for(app, pilot, lambda: {"Bridge closed", "Ferry delayed"} <= set(titles(screen)))
        wire["items"].append(("tunnel", "Tunnel opens"))
        app.periodic_feed_refresh()  # what the timer calls
        await wait_for(app, pilot, lambda: "Tunnel opens" in titles(screen))


async def test_background_refresh_can_be_turned_off(library: Library, wire: dict, monkeypatch) -> None:
    monkeypatch.setattr("reader.tui.feed_refresh.FIRST_CHECK_DELAY", 0.05)
    add_subscription(library, wire["url"], allow_private=True)
    app = ReaderApp(library=library, config=Config(feed_refresh_minutes=0))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        import asyncio

        await asyncio.sleep(0.3)
        await settle(app, pilot)
        assert app.feed_timer is None and not app.feeds_refreshing
        assert library.summaries_of(load_subscriptions(library)[0].article_ids) == []


async def test_one_refresh_at_a_time(library: Library, httpserver: HTTPServer) -> None:
    gate = threading.Event()

    def slow(request: Request) -> Response:
        gate.wait(5)
        return Response("<rss version='2.0'><channel><title>Slow</title></channel></rss>", content_type="application/rss+xml")

    httpserver.expect_request("/slow.xml").respond_with_handler(slow)
    add_subscription(library, httpserver.url_for("/slow.xml"), check=False, allow_private=True)
    app = ReaderApp(library=library, config=Config(feed_refresh_minutes=0))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert app.refresh_feeds() is True
        assert app.refresh_feeds() is False  # refused while the first runs
        gate.set()
        await wait_for(app, pilot, lambda: not app.feeds_refreshing)


async def test_library_marks_read_unread_and_explains_the_marks(two_articles: Library) -> None:
    app = ReaderApp(library=two_articles, config=Config(feed_refresh_minutes=0))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        rows = screen.library_list.rows
        assert not rows[0].read
        await pilot.press("r")
        await settle(app, pilot)
        assert screen.library_list.rows[0].read
        await pilot.press("A", "y")
        await settle(app, pilot)
        assert all(r.read for r in screen.library_list.rows)
        await pilot.press("r")
        await settle(app, pilot)
        assert not screen.library_list.rows[0].read
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        marks = {keys: text for group, keys, text in app.screen.rows if group == "Marks in the list"}
        assert "feed" in marks["new"] and "not read" in marks["•"]


# ------------------------------------------------------------ item 7


@pytest.mark.parametrize("key", ["B", "N", "F"])
async def test_j_and_k_move_in_every_list(two_articles: Library, key: str) -> None:
    from reader.anchors import make_anchor

    library = two_articles
    for summary in library.summaries():
        library.toggle_bookmark(summary.id)
        article = library.get(summary.id)
        library.add_note(summary.id, make_anchor(article.body, 0, 10, "paragraph"), f"note on {summary.title}")
    app = ReaderApp(library=library, config=Config(feed_refresh_minutes=0))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press(key)
        await settle(app, pilot)
        option_list = app.screen.query_one(ReaderList)
        option_list.focus()
        start = option_list.highlighted
        await pilot.press("j")
        assert option_list.highlighted is not None and option_list.highlighted > start
        await pilot.press("k")
        assert option_list.highlighted == start


async def test_bookmarks_help_has_no_widget_names(library: Library) -> None:
    library.toggle_bookmark(library.summaries()[0].id)
    app = ReaderApp(library=library, config=Config(feed_refresh_minutes=0))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("B")
        await settle(app, pilot)
        assert isinstance(app.screen, BookmarksScreen)
        await pilot.press("question_mark")
        groups = {group for group, _, _ in app.screen.rows}
        assert "OptionList" not in groups and "List" in groups
        assert any(keys == "↓ j" or "j" in keys.split() for _, keys, _ in app.screen.rows)


# ------------------------------------------------------------ item 9 and 12


async def test_a_filter_with_no_match_says_how_to_clear_it(two_articles: Library) -> None:
    app = ReaderApp(library=two_articles, config=Config(feed_refresh_minutes=0))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"xyzzy")
        await settle(app, pilot)
        library_list = app.screen.query_one(LibraryList)
        assert library_list.row_count == 0
        line = "".join(segment.text for segment in library_list.render_line(1))
        assert "No articles match “xyzzy”" in line and "esc to clear" in line
        assert "Press a to add" not in line


async def test_clearing_the_filter_keeps_the_article_just_read(two_articles: Library) -> None:
    app = ReaderApp(library=two_articles, config=Config(feed_refresh_minutes=0))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        unfiltered = titles(screen)
        target = "Zebra crossing rules change"
        assert unfiltered.index(target) > 0  # not the top row
        await pilot.press("slash", *"zebra", "enter")
        await settle(app, pilot)
        assert titles(screen) == [target]
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ArticleScreen)
        await pilot.press("escape")
        await settle(app, pilot)
        await pilot.press("escape")  # clears the filter
        await settle(app, pilot)
        assert titles(screen) == unfiltered
        assert screen.library_list.current.title == target


# ------------------------------------------------------------ item 10


@pytest.mark.usefixtures("loopback_one_is_public")  # the address is typed in: the TUI has no --allow-private
async def test_the_add_dialog_is_locked_while_it_reads_and_can_be_cancelled(library: Library, httpserver: HTTPServer) -> None:
    gate = threading.Event()

    def slow(request: Request) -> Response:
        gate.wait(5)
        return Response(page("Slow page", "A slow page arrived on Monday, officials said in a statement."),
                        content_type="text/html")

    httpserver.expect_request("/slow").respond_with_handler(slow)
    app = ReaderApp(library=library, config=Config(feed_refresh_minutes=0))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        before = len(library.summaries())
        await pilot.press("a")
        dialog = app.screen
        assert isinstance(dialog, AddScreen)
        await pilot.press(*httpserver.url_for("/slow"), "enter")
        await pilot.pause()
        field = dialog.query_one("#add-source")
        assert field.disabled and not field.has_focus
        await pilot.press("x")  # a key pressed now does not land in the field
        assert field.value == httpserver.url_for("/slow")
        assert str(dialog.query_one("#add-close").label) == "Cancel"
        await pilot.press("escape")  # cancel
        await pilot.pause()
        assert not isinstance(app.screen, AddScreen)
        gate.set()
        await settle(app, pilot, rounds=8)
        assert len(library.summaries()) == before  # the page that came after the cancel was not stored


async def test_cancel_keeps_what_was_stored(library: Library, tmp_path: Path) -> None:
    """A folder import stops between files: those read before stay."""
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(3):
        (folder / f"{n}.txt").write_text(f"Story {n} happened on Monday in Berlin, officials said.\n", encoding="utf-8")
    seen: list[int] = []

    def stop_after_first() -> bool:
        seen.append(1)
        return len(seen) > 1

    report = library.add_sources([str(folder)], stop=stop_after_first)
    assert len(report.added) == 1


async def test_an_open_stub_is_replaced_by_its_page_on_screen(library: Library, httpserver: HTTPServer) -> None:
    """Item 13 in the app: the refresh that brings the page also shows it, with the note moved."""
    from reader.anchors import make_anchor
    from reader.tui.widgets.article_view import ArticleView

    base = httpserver.url_for("").rstrip("/")
    state = {"open": False}
    lead = "The harbour master said on Wednesday that dredging would start in May."
    httpserver.expect_request("/rss.xml").respond_with_data(
        "<rss version='2.0'><channel><title>Coast Wire</title><item><title>Dredging</title>"
        f"<link>{base}/a/paywall</link><guid>urn:p</guid><description>{lead}</description></item></channel></rss>",
        content_type="application/rss+xml",
    )
    httpserver.expect_request("/a/paywall").respond_with_handler(
        lambda request: Response(page("Dredging", lead + " Boats will wait until June, the port said."),
                                 content_type="text/html") if state["open"] else Response("no", status=403)
    )
    add_subscription(library, f"{base}/rss.xml", allow_private=True)
    app = ReaderApp(library=library, config=Config(feed_refresh_minutes=0))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert app.refresh_feeds()
        await wait_for(app, pilot, lambda: not app.feeds_refreshing)
        (stub,) = [s for s in library.summaries() if s.title == "Dredging"]
        body = library.get(stub.id).body
        at = body.index("dredging")
        note = library.add_note(stub.id, make_anchor(body, at, at + 8, "selection"), "when?")
        app.open_article(stub.id)
        await settle(app, pilot)
        state["open"] = True
        assert app.refresh_feeds()
        await wait_for(app, pilot, lambda: not app.feeds_refreshing)
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ArticleScreen) and screen.article_id != stub.id
        view = screen.query_one(ArticleView)
        assert "Boats will wait" in view.article.body
        assert [n.id for n in view.notes] == [note.id]


@pytest.mark.parametrize("how", ["note on a paragraph", "note on the article", "highlight"])
async def test_a_note_written_while_the_stub_is_replaced_is_saved_on_the_page(
    library: Library, httpserver: HTTPServer, how: str
) -> None:
    """The refresh that replaces a stub can land while the note editor is open on it (the
    editor stays open until a save succeeds): the note goes to the page that replaced the
    stub, on the same passage, and closing the editor shows the page."""
    from reader.anchors import reattach
    from reader.tui.screens.note_editor import NoteEditorScreen
    from reader.tui.widgets.article_view import ArticleView

    base = httpserver.url_for("").rstrip("/")
    state = {"open": False}
    lead = "The harbour master said on Wednesday that dredging would start in May."
    httpserver.expect_request("/rss.xml").respond_with_data(
        "<rss version='2.0'><channel><title>Coast Wire</title><item><title>Dredging</title>"
        f"<link>{base}/a/paywall</link><guid>urn:p</guid><description>{lead}</description></item></channel></rss>",
        content_type="application/rss+xml",
    )
    httpserver.expect_request("/a/paywall").respond_with_handler(
        lambda request: Response(page("Dredging", lead + " Boats will wait until June, the port said."),
                                 content_type="text/html") if state["open"] else Response("no", status=403)
    )
    add_subscription(library, f"{base}/rss.xml", allow_private=True)
    app = ReaderApp(library=library, config=Config(feed_refresh_minutes=0))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert app.refresh_feeds()
        await wait_for(app, pilot, lambda: not app.feeds_refreshing)
        (stub,) = [s for s in library.summaries() if s.title == "Dredging"]
        app.open_article(stub.id)
        await settle(app, pilot)
        article_screen = app.screen
        assert isinstance(article_screen, ArticleScreen)
        if how == "note on the article":
            await pilot.press("A")
        elif how == "note on a paragraph":
            await pilot.press("e")
        else:
            await pilot.press("V", "l", "enter")
        await settle(app, pilot)
        editor = app.screen
        assert isinstance(editor, NoteEditorScreen)
        state["open"] = True
        assert app.refresh_feeds()  # the page comes in while the editor is open
        await wait_for(app, pilot, lambda: not app.feeds_refreshing)
        assert library.summaries_of([stub.id]) == []
        await pilot.press(*"when", "ctrl+s")
        await wait_for(app, pilot, lambda: not isinstance(app.screen, NoteEditorScreen))
        (page_article,) = [s for s in library.summaries() if s.title == "Dredging"]
        assert page_article.id != stub.id
        (note,) = [n for n in library.notes(page_article.id) if n.text == "when"]
        body = library.get(page_article.id).body
        if how != "note on the article":
            assert not reattach(note.anchor, body).orphaned
            assert body[note.anchor.start:note.anchor.end] == note.anchor.exact
        await wait_for(app, pilot, lambda: isinstance(app.screen, ArticleScreen) and app.screen.article_id == page_article.id)
        view = app.screen.query_one(ArticleView)
        assert "Boats will wait" in view.article.body and note.id in [n.id for n in view.notes]
