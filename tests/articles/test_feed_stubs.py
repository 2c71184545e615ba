"""A feed item whose page failed is stored from the feed's text (a stub) and
tried again: when the page comes, it replaces the stub and the reader's notes,
highlights, bookmarks and read marks move with it; an item that could not be
stored at all is retried, then given up (issue 14, item 13)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from reader.anchors import make_anchor
from reader.articles import parse_text
from reader.articles.feeds import MAX_ATTEMPTS, add_subscription, load_subscriptions, refresh_feeds
from reader.library import Library
from tests.articles.test_feeds import page

FAKE_ANNOTATOR = "tests.articles.fake_nlp:annotate"
LEAD = "The harbour master said on Wednesday that dredging would start in May."


def feed(base: str) -> str:
    return f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Coast Wire</title>
<item><title>Paywalled story</title><link>{base}/a/paywall</link><guid>urn:p</guid>
  <description>&lt;p&gt;{LEAD}&lt;/p&gt;</description></item>
<item><title>Broken item</title><link>{base}/a/broken</link><guid>urn:b</guid></item>
</channel></rss>"""


@pytest.fixture
def library(tmp_path: Path) -> Library:
    lib = Library.open(tmp_path / "data", seed=False, annotator=FAKE_ANNOTATOR)
    yield lib
    lib.close()


@pytest.fixture
def site(httpserver: HTTPServer) -> dict:
    """The paywalled page answers 403 until ``open`` is set; the broken one never answers."""
    base = httpserver.url_for("").rstrip("/")
    state = {"open": False, "url": f"{base}/rss.xml"}

    def paywall(request: Request) -> Response:
        if not state["open"]:
            return Response("subscribe", status=403)
        html = page("Paywalled story", LEAD + " Boats will wait outside the harbour until June, the port said.")
        return Response(html, content_type="text/html")

    def rss(request: Request) -> Response:
        if request.headers.get("If-None-Match") == '"v1"':
            return Response(status=304, headers={"ETag": '"v1"'})
        return Response(feed(base), content_type="application/rss+xml", headers={"ETag": '"v1"'})

    httpserver.expect_request("/rss.xml").respond_with_handler(rss)
    httpserver.expect_request("/a/paywall").respond_with_handler(paywall)
    httpserver.expect_request("/a/broken").respond_with_data("", status=500)
    return state


def test_stub_is_replaced_and_the_notes_move_with_it(library: Library, site: dict) -> None:
    add_subscription(library, site["url"], allow_private=True)  # the test server is on 127.0.0.1
    (first,) = refresh_feeds(library)
    assert first.from_summary == 1 and first.waiting == 2 and not first.ok
    (stub,) = [s for s in library.summaries() if s.title == "Paywalled story"]
    stub_article = library.get(stub.id)
    assert stub_article.meta["from_feed_summary"] == "yes" and "403" in stub_article.meta["page_error"]
    at = stub_article.body.index("dredging")
    note = library.add_note(stub.id, make_anchor(stub_article.body, at, at + 8, "selection"), "when in May?")
    highlight = library.add_note(stub.id, make_anchor(stub_article.body, 0, 16, "selection"), "", highlight=True)
    bookmark = library.add_bookmark(stub.id, at, label="dredging")
    library.mark_read(stub.id, False)

    (still,) = refresh_feeds(library)  # the page still refuses: the stub stays, waiting
    assert still.replaced == 0 and still.not_modified
    assert [s.id for s in library.summaries() if s.title == "Paywalled story"] == [stub.id]

    site["open"] = True
    (report,) = refresh_feeds(library)
    assert report.replaced == 1 and report.not_modified  # retried although the feed did not change
    (full,) = [s for s in library.summaries() if s.title == "Paywalled story"]
    assert full.id != stub.id
    article = library.get(full.id)
    assert "Boats will wait" in article.body and "from_feed_summary" not in article.meta
    assert library.notes(stub.id) == [] and library.bookmarks(stub.id) == []
    moved = {n.id: n for n in library.notes(full.id)}
    assert set(moved) == {note.id, highlight.id}  # the same notes, same ids
    assert article.body[moved[note.id].anchor.start : moved[note.id].anchor.end] == "dredging"
    assert not moved[note.id].orphaned and moved[highlight.id].highlight
    (mark,) = library.bookmarks(full.id)
    assert mark.id == bookmark.id and article.body[mark.position : mark.position + 8] == "dredging"
    assert not full.read
    (sub,) = load_subscriptions(library)
    assert full.id in sub.article_ids and stub.id not in sub.article_ids
    assert [p["key"] for p in sub.pending] == ["urn:b"]  # only the broken item still waits


def test_a_failed_item_is_retried_then_given_up(library: Library, site: dict, httpserver: HTTPServer) -> None:
    add_subscription(library, site["url"], allow_private=True)  # the test server is on 127.0.0.1
    reports = [refresh_feeds(library)[0] for _ in range(MAX_ATTEMPTS + 1)]
    broken = [r.failed for r in reports]
    assert all(len(f) == 1 and "Broken item" in f[0] for f in broken[:MAX_ATTEMPTS])  # every refresh says so
    assert f"given up after {MAX_ATTEMPTS} tries" in broken[MAX_ATTEMPTS - 1][0] and "given up" not in broken[0][0]
    assert broken[MAX_ATTEMPTS] == [] and reports[MAX_ATTEMPTS].ok
    tries = sum(1 for request, _ in httpserver.log if request.path == "/a/broken")
    assert tries == MAX_ATTEMPTS
    (sub,) = load_subscriptions(library)
    assert "urn:b" not in [p["key"] for p in sub.pending]


def test_replace_article_keeps_notes_when_the_passage_is_gone(library: Library) -> None:
    old_id, _ = library.add_article(parse_text("A short summary of the story, as the feed gave it."))
    old = library.get(old_id)
    note = library.add_note(old_id, make_anchor(old.body, 0, 7, "selection"), "keep me")
    new = parse_text("The full story says something else entirely, at length, with no summary in it.")
    new_id = library.replace_article(old_id, new)
    assert new_id == new.id
    (kept,) = library.notes(new_id)
    assert kept.id == note.id and kept.text == "keep me" and kept.orphaned  # flagged, never dropped
    with pytest.raises(KeyError):
        library.get(old_id)


def test_replace_article_finishes_after_a_crash_half_way(library: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    """The notes are moved first: if storing the new article fails, a retry completes it."""
    old_id, _ = library.add_article(parse_text("A short summary of the story, as the feed gave it."))
    old = library.get(old_id)
    note = library.add_note(old_id, make_anchor(old.body, 2, 7, "selection"), "mine")
    new = parse_text("A short summary of the story, as the feed gave it. And then the rest of the page.")
    real_add = Library.add_article

    def crash(self, article, **kwargs):  # type: ignore[no-untyped-def]
        raise OSError("disk full")

    monkeypatch.setattr(Library, "add_article", crash)
    with pytest.raises(OSError):
        library.replace_article(old_id, new)
    assert [n.id for n in library.notes(new.id)] == [note.id]  # safe, waiting for the article
    monkeypatch.setattr(Library, "add_article", real_add)
    assert library.replace_article(old_id, new) == new.id
    assert [n.id for n in library.notes(new.id)] == [note.id] and not library.notes(new.id)[0].orphaned
