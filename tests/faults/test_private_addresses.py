"""Issue 12 item 12: pages, feeds, feed entries and redirects on private,
loopback, link-local or otherwise non-public addresses are refused unless the
user allows them (``--allow-private``); the check is made on the address each
connection actually goes to.

The test servers run on 127.0.0.1 (the only address tests may use). Where a
test needs a "public" site, it declares 127.0.0.1 public for that test
(the ``loopback_one_is_public`` fixture in ``tests/conftest.py``) and puts the private target on 127.0.0.2, a
second loopback address with its own server that must never see a request.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import httpcore
import pytest
from click.testing import CliRunner, Result
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

import reader.articles.addresses as addresses
from reader.articles import ImportRejected, iter_sources
from reader.articles.addresses import PrivateAddressRefused, why_not_public
from reader.articles.feeds import add_subscription, load_subscriptions, refresh_feeds
from reader.articles.fetch import fetch_url, make_client
from reader.cli import cli
from reader.library import Library
from tests.articles.conftest import FakeLibrary
from tests.articles.test_feed_cli import data_dir  # noqa: F401 - a CLI data folder with the fake pipeline

PAGE = (
    "<html><head><title>{t}</title></head><body><article><h1>{t}</h1><p>{t}: officials said on Monday "
    "the work would take weeks, and residents were told to expect delays.</p></article></body></html>"
)
FAKE_ANNOTATOR = "tests.articles.fake_nlp:annotate"


# ---------------------------------------------------------------- which addresses


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("127.0.0.1", "loopback"),
        ("127.5.6.7", "loopback"),
        ("0.0.0.0", "unspecified"),
        ("10.1.2.3", "private"),
        ("172.16.0.1", "private"),
        ("192.168.1.1", "private"),
        ("100.64.0.1", "not a public"),  # carrier-grade NAT
        ("169.254.169.254", "link-local"),  # cloud metadata
        ("224.0.0.1", "multicast"),
        ("255.255.255.255", "private"),
        ("240.0.0.1", "private"),  # reserved
        ("198.18.0.1", "private"),  # benchmarking
        ("::1", "loopback"),
        ("::", "unspecified"),
        ("fc00::1", "private"),
        ("fd12:3456::1", "private"),
        ("fe80::1", "link-local"),
        ("ff02::1", "multicast"),
        ("::ffff:127.0.0.1", "loopback"),  # IPv4-mapped
        ("::ffff:10.0.0.1", "private"),
        ("::ffff:169.254.169.254", "link-local"),
        ("2002:7f00:1::", "loopback"),  # 6to4 around 127.0.0.1
        ("64:ff9b::7f00:1", "loopback"),  # NAT64 around 127.0.0.1
        ("::7f00:1", "loopback"),  # deprecated IPv4-compatible
        ("2001:0:4136:e378:8000:63bf:80ff:fffe", "loopback"),  # Teredo, client 127.0.0.1
        ("2001:db8::1", "private"),  # documentation
    ],
)
def test_non_public_addresses(address: str, kind: str) -> None:
    reason = why_not_public(address)
    assert reason is not None and kind in reason, reason


@pytest.mark.parametrize("address", ["8.8.8.8", "1.1.1.1", "2606:4700::1111", "::ffff:8.8.8.8", "64:ff9b::808:808"])
def test_public_addresses(address: str) -> None:
    assert why_not_public(address) is None


# ---------------------------------------------------------------- fetching


def _serve_page(server: HTTPServer, path: str = "/page", title: str = "Pier closed") -> str:
    server.expect_request(path).respond_with_data(PAGE.format(t=title), content_type="text/html")
    return server.url_for(path)


def test_loopback_page_is_refused_without_a_request(httpserver: HTTPServer) -> None:
    url = _serve_page(httpserver)
    with pytest.raises(PrivateAddressRefused, match="loopback.*--allow-private"):
        fetch_url(url)
    assert httpserver.log == [], "refused before connecting"
    assert fetch_url(url, allow_private=True).title == "Pier closed"


def test_a_name_that_resolves_to_loopback_is_refused(httpserver: HTTPServer) -> None:
    url = _serve_page(httpserver).replace("127.0.0.1", "localhost")
    with pytest.raises(PrivateAddressRefused, match=r"localhost \(127\.0\.0\.1\) is a loopback"):
        fetch_url(url)
    assert httpserver.log == []


@pytest.mark.parametrize(
    "url",
    ["http://[::1]:9/", "http://[::ffff:127.0.0.1]:9/", "http://0.0.0.0:9/", "http://169.254.169.254/latest/meta-data",
     "http://2130706433:9/", "http://0x7f.1:9/", "http://127.1:9/", "http://10.0.0.1/", "http://[fe80::1%25lo]:9/"],
)
def test_spellings_of_private_addresses(url: str) -> None:
    with pytest.raises(ImportRejected, match="refused|not a valid address"):
        fetch_url(url, timeout=2)


def test_dns_pointing_a_public_name_inward_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    def resolve(host: str, port: int, *args: object, **kwargs: object) -> list:
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]

    monkeypatch.setattr(addresses.socket, "getaddrinfo", resolve)
    with pytest.raises(PrivateAddressRefused, match=r"news\.example \(127\.0\.0\.1\)"):
        fetch_url("http://news.example/story", timeout=2)


def test_a_name_with_one_private_answer_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    def resolve(host: str, port: int, *args: object, **kwargs: object) -> list:
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("8.8.8.8", port)),
                (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.7", port))]

    monkeypatch.setattr(addresses.socket, "getaddrinfo", resolve)
    with pytest.raises(PrivateAddressRefused, match="10.0.0.7"):
        fetch_url("http://mixed.example/", timeout=2)


def test_connection_goes_to_the_checked_address_not_a_second_lookup(monkeypatch: pytest.MonkeyPatch) -> None:
    """DNS rebinding: the first answer is public, every later one is 127.0.0.1. The name is
    resolved once and the socket opened to the address that was checked."""
    lookups: list[str] = []
    connects: list[str] = []

    def resolve(host: str, port: int, *args: object, **kwargs: object) -> list:
        lookups.append(host)
        address = "8.8.8.8" if len(lookups) == 1 else "127.0.0.1"
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

    class Recorder(httpcore.NetworkBackend):  # no real connection: tests never leave the machine
        def connect_tcp(self, host: str, port: int, **kwargs: object) -> httpcore.NetworkStream:
            connects.append(host)
            raise httpcore.ConnectError("recorded")

    monkeypatch.setattr(addresses.socket, "getaddrinfo", resolve)
    backend = addresses._public_backend_class()(Recorder())
    with pytest.raises(httpcore.ConnectError):
        backend.connect_tcp("rebind.example", 80)
    assert lookups == ["rebind.example"] and connects == ["8.8.8.8"]


@pytest.fixture
def private_server() -> Iterator[HTTPServer]:
    """A server on 127.0.0.2: the 'private' target of redirects and feed entries."""
    server = HTTPServer(host="127.0.0.2", port=0)
    server.start()
    yield server
    server.clear()
    server.stop()


@pytest.mark.usefixtures("loopback_one_is_public")
@pytest.mark.parametrize("spelling", ["address", "name"])
def test_redirect_hop_to_a_private_address_is_refused(
    spelling: str, httpserver: HTTPServer, private_server: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = _serve_page(private_server, "/secret", "Internal dashboard")
    if spelling == "name":  # a name only the resolver maps to 127.0.0.2
        real_resolve = socket.getaddrinfo

        def resolve(host: str, port: int, *args: object, **kwargs: object) -> list:
            if host == "intranet.example":
                return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.2", port))]
            return real_resolve(host, port, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(addresses.socket, "getaddrinfo", resolve)
        secret = secret.replace("127.0.0.2", "intranet.example")
    httpserver.expect_request("/moved").respond_with_data("", status=302, headers={"Location": secret})
    with pytest.raises(PrivateAddressRefused, match=r"127\.0\.0\.2\)? is a loopback"):
        fetch_url(httpserver.url_for("/moved"))
    assert len(httpserver.log) == 1, "the public hop was fetched"
    assert private_server.log == [], "the private hop never was"


@pytest.mark.usefixtures("loopback_one_is_public")
def test_feed_entry_on_a_private_address_is_not_fetched(httpserver: HTTPServer, private_server: HTTPServer) -> None:
    secret = _serve_page(private_server, "/secret", "Internal dashboard")
    feed = f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour Wire</title>
<item><title>Looks harmless</title><link>{secret}</link><guid>urn:x:1</guid>
<description>The harbour reopened on Monday after repairs, officials said.</description></item>
</channel></rss>"""
    httpserver.expect_request("/feed.xml").respond_with_data(feed, content_type="application/rss+xml")
    library = FakeLibrary()
    add_subscription(library, httpserver.url_for("/feed.xml"))
    (report,) = refresh_feeds(library)
    assert private_server.log == []
    [article] = library.articles.values()
    assert "Internal dashboard" not in article.body and "harbour reopened" in article.body
    assert report.from_summary == 1


def _moving_entry(server: HTTPServer, secret: str, *, with_text: bool) -> tuple[str, dict]:
    """A feed whose one entry's page fails (403) until ``moved``, then redirects to ``secret``."""
    state = {"moved": False}

    def page(request: Request) -> Response:
        if state["moved"]:
            return Response("", status=302, headers={"Location": secret})
        return Response("subscribe", status=403)

    text = "<description>The harbour reopened on Monday after repairs, officials said.</description>" if with_text else ""
    feed = f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour Wire</title>
<item><title>Looks harmless</title><link>{server.url_for('/a/1')}</link><guid>urn:x:1</guid>{text}</item>
</channel></rss>"""
    server.expect_request("/feed.xml").respond_with_data(feed, content_type="application/rss+xml")
    server.expect_request("/a/1").respond_with_handler(page)
    return server.url_for("/feed.xml"), state


@pytest.mark.usefixtures("loopback_one_is_public")
@pytest.mark.parametrize("allowed", [False, True], ids=["without the allowance", "with it"])
@pytest.mark.parametrize("stub", [True, False], ids=["stub's page", "failed entry"])
def test_a_retry_redirected_to_a_private_address_is_refused(
    stub: bool, allowed: bool, httpserver: HTTPServer, private_server: HTTPServer
) -> None:
    """The next refreshes retry a stub's page, or an entry that could not be stored at all
    (the tui branch's retries); they fetch through the feed's own client, so a page that now
    redirects inward is refused unless the feed was added with the allowance."""
    secret = _serve_page(private_server, "/secret", "Internal dashboard")
    url, state = _moving_entry(httpserver, secret, with_text=stub)
    library = FakeLibrary()
    add_subscription(library, url, allow_private=allowed)
    (first,) = refresh_feeds(library)
    assert first.waiting == 1 and first.from_summary == (1 if stub else 0) and len(first.failed) == (0 if stub else 1)
    state["moved"] = True
    (retry,) = refresh_feeds(library)
    titles = [a.title for a in library.articles.values()]
    if allowed:
        assert retry.waiting == 0 and len(private_server.log) == 1
        assert titles == ["Internal dashboard"]  # the stub replaced, or the failed entry stored at last
        assert retry.replaced == (1 if stub else 0) and retry.new == (0 if stub else 1)
    else:
        assert private_server.log == [], "the private page was never requested"
        assert retry.waiting == 1 and retry.replaced == 0 and retry.new == 0
        assert titles == (["Looks harmless"] if stub else [])
        (pending,) = load_subscriptions(library)[0].pending
        assert "127.0.0.2" in pending["error"] and "loopback" in pending["error"] and pending["attempts"] == 2
        if not stub:
            assert "loopback" in retry.failed[0]


def test_renaming_a_feed_keeps_its_allowance(httpserver: HTTPServer) -> None:
    from reader.articles.feeds import rename_subscription

    library = FakeLibrary()
    add_subscription(library, httpserver.url_for("/feed.xml"), check=False, allow_private=True)
    assert rename_subscription(library, httpserver.url_for("/feed.xml"), "My harbour")
    (sub,) = load_subscriptions(library)
    assert sub.name == "My harbour" and sub.allow_private is True


def test_feed_added_with_the_allowance_remembers_it(httpserver: HTTPServer) -> None:
    page = _serve_page(httpserver, "/a/1", "Quay works start")
    feed = f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Local Wire</title>
<item><title>Quay works start</title><link>{page}</link><guid>urn:y:1</guid></item></channel></rss>"""
    httpserver.expect_request("/feed.xml").respond_with_data(feed, content_type="application/rss+xml")
    library = FakeLibrary()
    with pytest.raises(PrivateAddressRefused):
        add_subscription(library, httpserver.url_for("/feed.xml"))
    assert load_subscriptions(library) == []
    add_subscription(library, httpserver.url_for("/feed.xml"), allow_private=True)
    assert [s.allow_private for s in load_subscriptions(library)] == [True]
    (report,) = refresh_feeds(library)
    assert report.error is None and report.new == 1 and report.from_summary == 0


@pytest.mark.parametrize("stored", ["yes", 1, "true", None])
def test_only_a_stored_true_allows_private_addresses(stored: object) -> None:
    from reader.articles.feeds import Subscription

    assert Subscription.from_dict({"url": "http://x/", "allow_private": stored}).allow_private is False
    assert Subscription.from_dict({"url": "http://x/", "allow_private": True}).allow_private is True


def test_feed_without_the_allowance_fails_on_refresh(httpserver: HTTPServer) -> None:
    library = FakeLibrary()
    add_subscription(library, httpserver.url_for("/feed.xml"), check=False)
    (report,) = refresh_feeds(library)
    assert report.error is not None and "loopback" in report.error
    assert httpserver.log == []


def test_iter_sources_reports_the_refusal(httpserver: HTTPServer) -> None:
    url = _serve_page(httpserver)
    [item] = list(iter_sources([url]))
    assert item.article is None and "refused" in (item.error or "")
    [item] = list(iter_sources([url], allow_private=True))
    assert item.article is not None


def test_a_client_made_without_the_allowance_refuses(httpserver: HTTPServer) -> None:
    url = _serve_page(httpserver)
    with make_client() as client, pytest.raises(PrivateAddressRefused):
        fetch_url(url, client=client)
    with make_client(allow_private=True) as client:
        assert fetch_url(url, client=client).title == "Pier closed"


# ---------------------------------------------------------------- the commands


def run(data_dir: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--data-dir", str(data_dir), *args])


def test_reader_add_refuses_then_allows(data_dir: Path, httpserver: HTTPServer) -> None:
    url = _serve_page(httpserver)
    refused = run(data_dir, "add", url)
    assert refused.exit_code == 1
    assert "refused" in refused.stderr and "--allow-private" in refused.stderr
    assert httpserver.log == []
    assert run(data_dir, "list", "--json").stdout.strip() == "[]"
    allowed = run(data_dir, "add", "--allow-private", url)
    assert allowed.exit_code == 0, allowed.output
    assert "1 added" in allowed.stderr


def test_reader_feed_add_refuses_then_allows_and_refresh_remembers(data_dir: Path, httpserver: HTTPServer) -> None:
    page = _serve_page(httpserver, "/a/1", "Quay works start")
    feed = f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Local Wire</title>
<item><title>Quay works start</title><link>{page}</link><guid>urn:y:1</guid></item></channel></rss>"""
    httpserver.expect_request("/feed.xml").respond_with_data(feed, content_type="application/rss+xml")
    refused = run(data_dir, "feed", "add", httpserver.url_for("/feed.xml"))
    assert refused.exit_code == 1 and "loopback" in refused.stderr
    assert "No feeds yet" in run(data_dir, "feed", "list").stdout
    assert run(data_dir, "feed", "add", "--allow-private", httpserver.url_for("/feed.xml")).exit_code == 0
    refreshed = run(data_dir, "feed", "refresh")
    assert refreshed.exit_code == 0, refreshed.output
    assert "1 new" in refreshed.stdout


@pytest.mark.asyncio
async def test_tui_add_dialog_refuses_with_a_clear_message(reader_home: Path, httpserver: HTTPServer) -> None:
    from textual.app import App
    from textual.widgets import Static

    from reader.tui.screens.add import AddScreen

    url = _serve_page(httpserver)
    library = Library.open(reader_home, seed=False, annotator=FAKE_ANNOTATOR)

    class Host(App[None]):
        def __init__(self) -> None:
            super().__init__()
            self.library = library

        def on_mount(self) -> None:
            self.push_screen(AddScreen())

    app = Host()
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press(*url, "enter")
        for _ in range(50):
            await app.workers.wait_for_complete()
            await pilot.pause()
            status = str(app.screen.query_one("#add-status", Static).render())
            if "refused" in status:
                break
        assert isinstance(app.screen, AddScreen), "the dialog stays open to say why"
        assert "refused" in status and "loopback" in status and "--allow-private" in status
    assert httpserver.log == [] and library.summaries() == []
    library.close()


@pytest.mark.asyncio
async def test_tui_feeds_screen_refuses_a_private_feed(reader_home: Path, httpserver: HTTPServer) -> None:
    """The feeds screen's `a` (tui branch) checks the feed like `reader feed add` does, and says
    which command takes the allowance; nothing is stored, the server sees no request."""
    from reader.config import Config
    from reader.tui.app import ReaderApp
    from reader.tui.screens.feeds import FeedsScreen
    from tests.tui.conftest import settle

    httpserver.expect_request("/feed.xml").respond_with_data("<rss version='2.0'><channel><title>Local</title>"
                                                             "</channel></rss>", content_type="application/rss+xml")
    library = Library.open(reader_home, seed=False, annotator=FAKE_ANNOTATOR)
    app = ReaderApp(library=library, config=Config(feed_refresh_minutes=0))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("f")
        await settle(app, pilot)
        assert isinstance(app.screen, FeedsScreen)
        await pilot.press("a", *httpserver.url_for("/feed.xml"), "enter")
        messages: list[str] = []
        for _ in range(50):
            await settle(app, pilot, rounds=1)
            messages = [n.message for n in app._notifications]
            if any("Not added" in m for m in messages):
                break
        refusal = next(m for m in messages if "Not added" in m)
        assert "loopback" in refusal and "reader feed add --allow-private" in refusal
        assert isinstance(app.screen, FeedsScreen) and app.screen.rows == []
    assert httpserver.log == [] and load_subscriptions(library) == []
    library.close()
