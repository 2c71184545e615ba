from __future__ import annotations

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from reader.articles import ImportRejected
from reader.articles.feeds import (
    FeedProgress,
    add_subscription,
    fetch_feed,
    load_subscriptions,
    parse_feed,
    refresh_feeds,
    remove_subscription,
)
from reader.articles.fetch import make_client
from tests.articles.conftest import FakeLibrary


def page(title: str, lead: str) -> str:
    return (
        f"<!doctype html><html><head><title>{title}</title></head><body><nav>Menu</nav><article><h1>{title}</h1>"
        f"<p>{lead}</p><p>“It was a long night,” said resident Maria Lopez, who lives nearby.</p>"
        "<p>Officials said repairs would take several weeks to complete.</p></article></body></html>"
    )


def rss(base: str) -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Coast Wire</title><link>{base}/</link><description>News</description>
<item><title>Bridge closed</title><link>{base}/a/bridge</link><guid>urn:a:1</guid>
  <pubDate>Mon, 06 Mar 2023 09:00:00 GMT</pubDate></item>
<item><title>Ferry delayed</title><link>{base}/a/ferry</link><guid>urn:a:2</guid>
  <pubDate>Tue, 07 Mar 2023 09:00:00 GMT</pubDate></item>
<item><title>Paywalled story</title><link>{base}/a/paywall</link><guid>urn:a:3</guid>
  <description>&lt;p&gt;The harbour master said on Wednesday that &lt;b&gt;dredging&lt;/b&gt; would start in May.&lt;/p&gt;&lt;p&gt;Second paragraph.&lt;/p&gt;</description>
  <pubDate>Wed, 08 Mar 2023 09:00:00 GMT</pubDate></item>
<item><title>Empty item</title><link>{base}/a/empty</link><guid>urn:a:4</guid></item>
</channel></rss>"""


ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Mountain Post</title><id>urn:feed</id><updated>2023-03-09T10:00:00Z</updated>
<entry><title>Avalanche warning</title><id>urn:b:1</id><updated>2023-03-09T10:00:00Z</updated>
<author><name>Lena Berg</name></author>
<content type="html">&lt;p&gt;INNSBRUCK (APA) - Authorities raised the avalanche warning to its highest level on Thursday.&lt;/p&gt;</content>
</entry></feed>"""


@pytest.fixture
def wire(httpserver: HTTPServer) -> str:
    base = httpserver.url_for("").rstrip("/")

    def feed_handler(request: Request) -> Response:
        if request.headers.get("If-None-Match") == '"v1"':
            return Response(status=304, headers={"ETag": '"v1"'})
        return Response(rss(base), content_type="application/rss+xml", headers={"ETag": '"v1"', "Last-Modified": "Mon, 06 Mar 2023 10:00:00 GMT"})

    httpserver.expect_request("/rss.xml").respond_with_handler(feed_handler)
    httpserver.expect_request("/a/bridge").respond_with_data(
        page("Bridge closed", "SANTANDER (Reuters) - The coastal bridge was closed on Monday after storm damage, engineers said."),
        content_type="text/html",
    )
    httpserver.expect_request("/a/ferry").respond_with_data(
        page("Ferry delayed", "The morning ferry was delayed by four hours because of high winds in the bay, the operator said."),
        content_type="text/html",
    )
    httpserver.expect_request("/a/paywall").respond_with_data("subscribe", status=403)
    httpserver.expect_request("/a/empty").respond_with_data("", status=404)
    return f"{base}/rss.xml"


def test_parse_rss_and_atom() -> None:
    title, entries = parse_feed(rss("http://x").encode(), url="http://x/rss.xml")
    assert title == "Coast Wire"
    assert [e.key for e in entries] == ["urn:a:1", "urn:a:2", "urn:a:3", "urn:a:4"]
    assert entries[0].published == "2023-03-06"
    title, entries = parse_feed(ATOM.encode(), url="http://x/atom")
    assert title == "Mountain Post" and entries[0].author == "Lena Berg"


@pytest.mark.parametrize("data", [b"<html><body>not a feed</body></html>", b"/etc/passwd", b"\x00\x01garbage"])
def test_not_a_feed(data: bytes) -> None:
    with pytest.raises(ImportRejected, match="not an RSS or Atom feed"):
        parse_feed(data, url="http://x/")


def test_refresh_imports_new_entries_with_fallback(fake_library: FakeLibrary, wire: str) -> None:
    add_subscription(fake_library, wire, allow_private=True)
    events: list[FeedProgress] = []
    (report,) = refresh_feeds(fake_library, on_progress=events.append)
    assert report.error is None and report.title == "Coast Wire"
    assert report.new == 3 and report.from_summary == 1
    assert len(report.failed) == 1 and "Empty item" in report.failed[0] and "404" in report.failed[0]
    titles = {a.title: a for a in fake_library.articles.values()}
    assert set(titles) == {"Bridge closed", "Ferry delayed", "Paywalled story"}
    assert titles["Bridge closed"].place == "Santander"
    assert titles["Ferry delayed"].date == "2023-03-07"  # from the feed, the page has none
    assert titles["Ferry delayed"].source == "Coast Wire"
    paywalled = titles["Paywalled story"]
    assert paywalled.body == "The harbour master said on Wednesday that dredging would start in May.\n\nSecond paragraph."
    assert paywalled.url and paywalled.url.endswith("/a/paywall")
    assert fake_library.new == set(fake_library.articles)
    assert events[-1].done == events[-1].total == 4
    (sub,) = load_subscriptions(fake_library)
    assert sub.etag == '"v1"' and sub.last_error is None and sub.articles == 3
    assert sub.modified == "Mon, 06 Mar 2023 10:00:00 GMT"


def test_second_refresh_is_a_304(fake_library: FakeLibrary, wire: str, httpserver: HTTPServer) -> None:
    add_subscription(fake_library, wire, allow_private=True)
    refresh_feeds(fake_library)
    before = len(httpserver.log)
    (report,) = refresh_feeds(fake_library)
    assert report.not_modified and report.new == 0
    assert httpserver.log[before][0].headers.get("If-None-Match") == '"v1"'
    # the feed, then only the two pages that failed (retried even though the feed did not change)
    assert [r.path for r, _ in httpserver.log[before:]] == ["/rss.xml", "/a/paywall", "/a/empty"]
    assert report.waiting == 2 and len(report.failed) == 1 and not report.ok


def test_seen_entries_are_not_fetched_again(fake_library: FakeLibrary, wire: str, httpserver: HTTPServer) -> None:
    add_subscription(fake_library, wire, allow_private=True)
    refresh_feeds(fake_library)
    subs = fake_library.state["feeds"]
    subs[0]["etag"] = None  # as if the server had no validators
    before = len(httpserver.log)
    (report,) = refresh_feeds(fake_library)
    assert report.new == 0 and not report.not_modified
    assert [r.path for r, _ in httpserver.log[before:]] == ["/rss.xml", "/a/paywall", "/a/empty"]  # retries only


def test_failing_feed_does_not_stop_the_others(fake_library: FakeLibrary, wire: str, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/atom").respond_with_data(ATOM, content_type="application/atom+xml")
    httpserver.expect_request("/dead.xml").respond_with_data("gone", status=404)
    add_subscription(fake_library, httpserver.url_for("/dead.xml"), check=False, allow_private=True)
    add_subscription(fake_library, wire, allow_private=True)
    add_subscription(fake_library, httpserver.url_for("/atom"), allow_private=True)
    reports = refresh_feeds(fake_library)
    assert [r.error for r in reports][0] == "not found (HTTP 404)"
    assert reports[1].new == 3 and reports[2].new == 1
    atom_article = next(a for a in fake_library.articles.values() if a.title == "Avalanche warning")
    assert atom_article.place == "Innsbruck" and atom_article.author == "Lena Berg"
    assert atom_article.source == "APA" and atom_article.meta["site"] == "Mountain Post"
    subs = {s.url: s for s in load_subscriptions(fake_library)}
    assert subs[httpserver.url_for("/dead.xml")].last_error == "not found (HTTP 404)"


def test_storage_error_in_one_feed_keeps_the_rest(fake_library: FakeLibrary, wire: str, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/atom").respond_with_data(ATOM, content_type="application/atom+xml")
    add_subscription(fake_library, wire, allow_private=True)
    add_subscription(fake_library, httpserver.url_for("/atom"), allow_private=True)
    fake_library.fail_on = "Ferry delayed"
    reports = refresh_feeds(fake_library)
    assert reports[0].error and "disk full" in reports[0].error
    assert reports[1].new == 1
    assert {a.title for a in fake_library.articles.values()} == {"Bridge closed", "Avalanche warning"}
    (coast, _) = load_subscriptions(fake_library)
    assert coast.etag is None  # not marked as done: the next refresh retries


def test_add_subscription_checks_and_discovers(fake_library: FakeLibrary, httpserver: HTTPServer, wire: str) -> None:
    httpserver.expect_request("/home").respond_with_data(
        '<html><head><link rel="alternate" type="application/rss+xml" href="/rss.xml"></head><body>hi</body></html>',
        content_type="text/html",
    )
    httpserver.expect_request("/plain").respond_with_data("<html><body>no feed here</body></html>", content_type="text/html")
    sub = add_subscription(fake_library, httpserver.url_for("/home"), allow_private=True)
    assert sub.url == wire and sub.title == "Coast Wire"
    with pytest.raises(ImportRejected, match="already subscribed"):
        add_subscription(fake_library, wire, allow_private=True)
    with pytest.raises(ImportRejected, match="not an RSS or Atom feed"):
        add_subscription(fake_library, httpserver.url_for("/plain"), allow_private=True)
    assert [s.url for s in load_subscriptions(fake_library)] == [wire]
    assert remove_subscription(fake_library, wire) and not remove_subscription(fake_library, wire)
    assert load_subscriptions(fake_library) == []


def test_fetch_feed_sends_validators(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/f", headers={"If-None-Match": '"abc"', "If-Modified-Since": "Mon, 06 Mar 2023 10:00:00 GMT"}).respond_with_data(
        "", status=304
    )
    with make_client(allow_private=True) as client:
        result = fetch_feed(httpserver.url_for("/f"), etag='"abc"', modified="Mon, 06 Mar 2023 10:00:00 GMT",
                            client=client)
    assert result.not_modified and result.etag == '"abc"'


def test_refresh_only_named_feeds(fake_library: FakeLibrary, wire: str) -> None:
    add_subscription(fake_library, wire, allow_private=True)
    reports = refresh_feeds(fake_library, ["https://not-subscribed.invalid/feed"])
    assert [r.error for r in reports] == ["not subscribed"]
    assert fake_library.articles == {}


def test_seen_list_follows_the_feed(fake_library: FakeLibrary, httpserver: HTTPServer) -> None:
    base = httpserver.url_for("").rstrip("/")
    items = ["<item><title>Old</title><guid>old</guid><description>Old text here.</description></item>",
             "<item><title>Mid</title><guid>mid</guid><description>Mid text here.</description></item>"]
    versions = [items, items[1:] + ["<item><title>New</title><guid>new</guid><description>New text.</description></item>"]]

    def handler(request: Request) -> Response:
        body = f"<rss version='2.0'><channel><title>T</title>{''.join(versions[0])}</channel></rss>"
        return Response(body, content_type="application/rss+xml")

    httpserver.expect_request("/f.xml").respond_with_handler(handler)
    add_subscription(fake_library, f"{base}/f.xml", allow_private=True)
    assert refresh_feeds(fake_library)[0].new == 2
    versions.pop(0)
    (report,) = refresh_feeds(fake_library)
    assert report.new == 1
    (sub,) = load_subscriptions(fake_library)
    assert [key.rsplit("/", 1)[-1] for key in sub.seen] == ["mid", "new"]


def test_pages_fetched_concurrently_are_stored_in_feed_order(fake_library: FakeLibrary, threaded_server: HTTPServer) -> None:
    import threading
    import time as clock

    base = threaded_server.url_for("").rstrip("/")
    in_flight, peak = [0], [0]
    lock = threading.Lock()

    def slow_page(request: Request) -> Response:
        n = int(request.path.rsplit("/", 1)[-1])
        with lock:
            in_flight[0] += 1
            peak[0] = max(peak[0], in_flight[0])
        clock.sleep(0.05 * (5 - n))  # later entries answer first
        with lock:
            in_flight[0] -= 1
        return Response(page(f"Story {n}", f"Story number {n} happened on Monday, officials said in a statement."),
                        content_type="text/html")

    items = "".join(f"<item><title>Story {n}</title><link>{base}/p/{n}</link><guid>s{n}</guid></item>" for n in range(5))
    threaded_server.expect_request("/feed").respond_with_data(
        f"<rss version='2.0'><channel><title>T</title>{items}</channel></rss>", content_type="application/rss+xml"
    )
    for n in range(5):
        threaded_server.expect_request(f"/p/{n}").respond_with_handler(slow_page)
    add_subscription(fake_library, f"{base}/feed", allow_private=True)
    (report,) = refresh_feeds(fake_library, workers=4)
    assert report.new == 5
    assert [a.title for a in fake_library.articles.values()] == [f"Story {n}" for n in range(5)]
    assert peak[0] > 1  # really concurrent
