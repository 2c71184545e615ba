from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from pytest_httpserver import HTTPServer

from reader.cli import cli
from reader.library import Library
from tests.articles.test_feeds import ATOM, rss

FAKE_ANNOTATOR = "tests.articles.fake_nlp:annotate"


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The CLI's Library.open, with a no-op annotator and no sample articles."""
    original = Library.open

    def open_(data_dir=None, *, seed=True, annotator=None, progress=None):  # type: ignore[no-untyped-def]
        return original(data_dir, seed=False, annotator=FAKE_ANNOTATOR)

    monkeypatch.setattr(Library, "open", staticmethod(open_))
    return tmp_path / "data"


def run(data_dir: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--data-dir", str(data_dir), "feed", *args])


def serve(httpserver: HTTPServer) -> tuple[str, str]:
    base = httpserver.url_for("").rstrip("/")
    httpserver.expect_request("/rss.xml").respond_with_data(rss(base), content_type="application/rss+xml", headers={"ETag": '"e1"'})
    httpserver.expect_request("/atom").respond_with_data(ATOM, content_type="application/atom+xml")
    page = (
        "<html><head><title>{t}</title></head><body><article><h1>{t}</h1><p>{t}: officials said on Monday the work "
        "would take weeks, and residents were told to expect delays.</p><p>“We are ready,” said engineer Tom Hale.</p>"
        "</article></body></html>"
    )
    for path, title in (("/a/bridge", "Bridge closed"), ("/a/ferry", "Ferry delayed")):
        httpserver.expect_request(path).respond_with_data(page.format(t=title), content_type="text/html")
    httpserver.expect_request("/a/paywall").respond_with_data("", status=403)
    httpserver.expect_request("/a/empty").respond_with_data("", status=404)
    httpserver.expect_request("/broken.xml").respond_with_data("<html>nope</html>", content_type="text/html")
    return f"{base}/rss.xml", f"{base}/atom"


def test_add_list_refresh_remove(data_dir: Path, httpserver: HTTPServer) -> None:
    rss_url, atom_url = serve(httpserver)
    added = run(data_dir, "add", "--allow-private", rss_url)
    assert added.exit_code == 0, added.output
    assert "Subscribed to Coast Wire" in added.output
    assert run(data_dir, "add", "--allow-private", atom_url).exit_code == 0
    assert run(data_dir, "add", "--allow-private", rss_url).exit_code == 1  # already subscribed

    listed = run(data_dir, "list")
    assert listed.exit_code == 0 and "Coast Wire" in listed.output and "Mountain Post" in listed.output
    assert "never" in listed.output

    refreshed = run(data_dir, "refresh")
    # an entry failed: no ✓ for its feed, and the exit status says so (issue 14, item 13)
    assert refreshed.exit_code == 1, refreshed.output
    assert "✗ Coast Wire: 3 new, 1 from the feed text, 1 failed, 2 to retry next time" in refreshed.output
    assert "✓ Coast Wire" not in refreshed.output
    assert "✓ Mountain Post: 1 new, 1 from the feed text" in refreshed.output  # no page to wait for
    assert "4 new articles from 2 feeds" in refreshed.output

    with Library.open(data_dir) as library:
        rows = {s.title: s for s in library.summaries()}
    assert {"Bridge closed", "Ferry delayed", "Paywalled story", "Avalanche warning"} <= set(rows)
    assert rows["Bridge closed"].new

    again = run(data_dir, "refresh")
    assert again.exit_code == 1 and "0 new articles" in again.output  # the empty item still fails
    assert "✗ Coast Wire: 0 new, 1 failed, 2 to retry next time" in again.output

    assert run(data_dir, "remove", atom_url).exit_code == 0
    assert "Mountain Post" not in run(data_dir, "list").output


def test_a_page_that_failed_is_no_success(data_dir: Path, httpserver: HTTPServer) -> None:
    """An entry whose page failed is stored from the feed's text (!), but the refresh did not
    fully work: the page's error is printed and the exit status is 1 until the page comes."""
    base = httpserver.url_for("").rstrip("/")
    feed = (
        "<?xml version='1.0'?><rss version='2.0'><channel><title>Pier News</title>"
        f"<link>{base}/</link><description>d</description><item><title>Pier shut</title>"
        f"<link>{base}/a/pier</link><guid>p1</guid><description>The pier is shut, the council said "
        "on Monday, and ferries will use the old slipway until repairs end.</description></item>"
        "</channel></rss>"
    )
    httpserver.expect_request("/pier.xml").respond_with_data(feed, content_type="application/rss+xml")
    httpserver.expect_oneshot_request("/a/pier").respond_with_data("", status=503)
    httpserver.expect_oneshot_request("/a/pier").respond_with_data("", status=503)
    assert run(data_dir, "add", "--allow-private", f"{base}/pier.xml").exit_code == 0

    first = run(data_dir, "refresh")
    assert first.exit_code == 1, first.output
    assert "! Pier News: 1 new, 1 from the feed text, 1 to retry next time" in first.output
    assert "Pier shut:" in first.output and "503" in first.output and "its feed text is stored" in first.output
    assert "✓" not in first.output

    second = run(data_dir, "refresh")  # the page still fails: still no success
    assert second.exit_code == 1 and "503" in second.output, second.output

    page = "<html><head><title>Pier shut</title></head><body><article><h1>Pier shut</h1><p>{}</p></article></body></html>"
    httpserver.expect_request("/a/pier").respond_with_data(
        page.format("The pier is shut until March, the council said on Monday, after divers found cracks in "
                    "three of its piles. Ferries will use the old slipway."), content_type="text/html")
    third = run(data_dir, "refresh")
    assert third.exit_code == 0, third.output
    assert "✓ Pier News" in third.output and "1 replaced by the full page" in third.output


def test_failing_feed_reports_and_exits_1(data_dir: Path, httpserver: HTTPServer) -> None:
    rss_url, _ = serve(httpserver)
    broken = httpserver.url_for("/broken.xml")
    rejected = run(data_dir, "add", "--allow-private", broken)
    assert rejected.exit_code == 1 and "not an RSS or Atom feed" in rejected.output
    assert run(data_dir, "add", "--allow-private", "--no-check", broken).exit_code == 0
    assert run(data_dir, "add", "--allow-private", rss_url).exit_code == 0
    result = run(data_dir, "refresh")
    assert result.exit_code == 1
    assert "✗" in result.output and "not an RSS or Atom feed" in result.output
    assert "Coast Wire: 3 new" in result.output
    assert "not an RSS or Atom feed" in run(data_dir, "list").output


def test_empty(data_dir: Path) -> None:
    assert "No feeds yet" in run(data_dir, "list").output
    assert "No feeds yet" in run(data_dir, "refresh").output


def test_subscriptions_of_the_wrong_shape_list_and_refresh(data_dir: Path, httpserver: HTTPServer) -> None:
    """A restored or hand-edited file can hold any type in a subscription:
    `feed list` and `feed refresh` use what is sound and never crash."""
    rss_url, _ = serve(httpserver)
    library = Library.open(data_dir, seed=False, annotator=FAKE_ANNOTATOR)
    library.set_user_state("feeds", [
        {"url": rss_url, "title": 7, "last_checked": "yesterday", "articles": "many", "seen": [1, None, "x"],
         "pending": ["not an entry", {"no": "key"}], "article_ids": {"a": 1}, "etag": ["e"], "added_at": True,
         "last_error": {"why": 1}, "allow_private": True},
        {"url": 42}, "not a subscription", {"title": "no url"},
    ])
    library.close()

    listed = run(data_dir, "list")
    assert listed.exit_code == 0, listed.output
    assert listed.exception is None
    assert rss_url in listed.output and "0 articles, checked never, ok" in listed.output
    assert listed.output.count("http") == 1  # the entries without a usable URL are left out

    refreshed = run(data_dir, "refresh")
    assert refreshed.exception is None or isinstance(refreshed.exception, SystemExit), refreshed.output
    listed = run(data_dir, "list")
    assert "Coast Wire" in listed.output and "checked just now" in listed.output
