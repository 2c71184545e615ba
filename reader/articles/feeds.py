"""RSS and Atom subscriptions: conditional fetches, new entries -> Articles.

The feed itself is downloaded here (with the same limits as pages, and with
``If-None-Match``/``If-Modified-Since`` so an unchanged feed costs one 304),
and only the bytes are handed to ``feedparser`` -- never a URL or a string it
might open itself. Each new entry's page is fetched and extracted like any
web page; when that fails (paywall, 404, not HTML) the entry's own content or
summary becomes the article (a *stub*), so a refresh never silently drops an
item. A stub's page, and an item that could not be stored at all, are tried
again on the next refreshes (``Subscription.pending``, up to
``MAX_ATTEMPTS``); when the page comes, it replaces the stub through
``replace_article``, which moves the reader's notes and bookmarks to it.
Feeds, their entries' pages, those retries and every redirect are fetched
from public addresses only, unless the user subscribed with
``allow_private`` (kept with the subscription, for all its refreshes).

Subscriptions live in the library's generic user state under ``"feeds"`` as
plain dicts; this module only talks to an object with ``user_state``,
``update_user_state`` (a locked read-modify-write, so two windows never
overwrite each other's feeds), ``add_article`` and ``replace_article`` (see
:class:`FeedLibrary`), so it stays independent of the storage layer. State is saved after every feed, so
a failure in one feed (or a crash) never loses what earlier feeds stored.
"""

from __future__ import annotations

import functools
import hashlib
import io
import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from reader.articles.decode import DEFAULT_MAX_BYTES
from reader.articles.errors import ImportRejected, unexpected
from reader.articles.fetch import DEFAULT_TIMEOUT, download, fetch_url, make_client
from reader.articles.parse import build_article, split_paragraphs
from reader.articles.sanitize import clean_line
from reader.domain import Article

if TYPE_CHECKING:
    import httpx

STATE_KEY = "feeds"
MAX_SEEN = 500  # entry keys remembered per feed (only those the feed still lists)
MAX_ENTRIES_PER_REFRESH = 50
MIN_FALLBACK_WORDS = 1
PAGE_WORKERS = 4  # concurrent entry-page downloads per feed
MAX_ATTEMPTS = 8  # tries of a page that fails, one per refresh (then a stub stays as it is)
MAX_PENDING = 100  # entries waiting for a retry, per feed
MAX_FEED_ARTICLES = 500  # article ids remembered per feed (its view lists these)


class FeedLibrary(Protocol):
    def user_state(self, key: str, default: Any = None) -> Any: ...
    def update_user_state(self, key: str, fn: Callable[[Any], Any], default: Any = None) -> Any: ...
    def add_article(self, article: Article, *, new: bool = False) -> Any: ...
    def replace_article(self, old_id: str, article: Article) -> str: ...


@dataclass(slots=True)
class Subscription:
    url: str
    title: str | None = None  # the feed's own, updated by every refresh
    name: str | None = None  # the reader's, when they renamed it
    etag: str | None = None
    modified: str | None = None
    added_at: float = 0.0
    last_checked: float | None = None
    last_error: str | None = None
    articles: int = 0  # imported through this feed so far
    seen: list[str] = field(default_factory=list)  # entry keys already handled, oldest first
    pending: list[dict[str, Any]] = field(default_factory=list)  # entries to retry: see PendingEntry
    article_ids: list[str] = field(default_factory=list)  # articles it brought, oldest first
    allow_private: bool = False  # the user allowed private/loopback addresses for this feed

    @property
    def display_name(self) -> str:
        return self.name or self.title or self.url

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Subscription:
        """A stored subscription, every field checked: a restored or hand-edited
        file may hold anything, and one wrong type must not crash ``feed list``
        or a refresh. A field of the wrong type falls back to its default (the
        next refresh fills it again); only the URL is essential."""
        known: dict[str, Any] = {}
        for name, kinds in _SUBSCRIPTION_FIELDS.items():
            value = data.get(name)
            if name in data and value is not None and _of_kind(value, kinds):
                known[name] = value
        for name in ("seen", "article_ids"):
            if name in known:
                known[name] = [item for item in known[name] if isinstance(item, str)]
        if "pending" in known:
            known["pending"] = [item for item in known["pending"] if isinstance(item, dict)]
        known["allow_private"] = data.get("allow_private") is True  # only a real yes (a restored file may say "no")
        return cls(url=str(data["url"]), **{k: v for k, v in known.items() if k != "url"})


# What each stored field may be; None is allowed wherever the default is None.
_SUBSCRIPTION_FIELDS: dict[str, tuple[type, ...]] = {
    "title": (str,), "name": (str,), "etag": (str,), "modified": (str,),
    "added_at": (int, float), "last_checked": (int, float), "last_error": (str,),
    "articles": (int,), "seen": (list,), "pending": (list,), "article_ids": (list,),
}


def _of_kind(value: Any, kinds: tuple[type, ...]) -> bool:
    if isinstance(value, bool):  # a bool is an int to Python, never a count or a time here
        return False
    if float in kinds and isinstance(value, float):
        return value == value and abs(value) != float("inf")
    return isinstance(value, kinds)


@dataclass(slots=True)
class FeedEntry:
    key: str
    link: str | None
    title: str | None
    content_html: str | None  # full content, else summary
    published: str | None
    author: str | None


@dataclass(slots=True)
class PendingEntry:
    """An entry whose page failed: retried by the next refreshes. ``stub`` is
    the id of the article stored from the feed's own text (None when nothing
    could be stored)."""

    entry: FeedEntry
    stub: str | None = None
    attempts: int = 1
    error: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self.entry), "stub": self.stub, "attempts": self.attempts, "error": self.error}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PendingEntry | None:
        if not isinstance(data, dict) or not isinstance(data.get("key"), str):
            return None
        fields = {name: data.get(name) for name in FeedEntry.__dataclass_fields__}
        stub = data.get("stub")
        attempts = data.get("attempts")
        return cls(FeedEntry(**fields), stub if isinstance(stub, str) else None,
                   attempts if isinstance(attempts, int) else 1, str(data.get("error") or ""))


@dataclass(slots=True)
class FeedFetch:
    url: str
    not_modified: bool
    title: str | None = None
    entries: list[FeedEntry] = field(default_factory=list)
    etag: str | None = None
    modified: str | None = None


@dataclass(slots=True)
class FeedReport:
    """What one feed's refresh did, for the per-feed summary."""

    url: str
    title: str | None = None
    new: int = 0  # stored now
    duplicates: int = 0  # entries whose article was already in the library
    from_summary: int = 0  # stored from the feed's own text because the page failed
    failed: list[str] = field(default_factory=list)  # one message per entry that could not be stored
    replaced: int = 0  # stubs replaced by their page, which could be read at last
    replacements: list[tuple[str, str]] = field(default_factory=list)  # (stub id, new id) of those
    waiting: int = 0  # entries whose page is still to be retried (stubs included)
    page_failures: list[str] = field(default_factory=list)  # pages that failed now; their feed text stands in
    not_modified: bool = False
    error: str | None = None  # the whole feed failed

    @property
    def ok(self) -> bool:
        """Nothing failed: the feed was read and every entry stored."""
        return self.error is None and not self.failed


@dataclass(slots=True)
class FeedProgress:
    """A progress event: ``feed_index`` of ``feed_count``; ``done`` of ``total``
    new entries of that feed (``total`` is None while the feed downloads)."""

    url: str
    feed_index: int
    feed_count: int
    done: int = 0
    total: int | None = None


# ---------------------------------------------------------------------------
# fetching and parsing one feed
# ---------------------------------------------------------------------------


def _entry_key(entry: Any) -> str:
    for name in ("id", "guid", "link"):
        value = entry.get(name)
        if isinstance(value, str) and value.strip():
            return value.strip()[:500]
    raw = f"{entry.get('title', '')}\n{entry.get('summary', '')}"
    return "sha256:" + hashlib.sha256(raw.encode("utf-8", "replace")).hexdigest()[:32]


def _entry_date(entry: Any) -> str | None:
    for name in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(name)
        if parsed:
            return time.strftime("%Y-%m-%d", parsed)
    return entry.get("published") or entry.get("updated")


def _entry_content(entry: Any) -> str | None:
    contents = entry.get("content") or []
    best = max((c.get("value") or "" for c in contents), key=len, default="")
    summary = entry.get("summary") or ""
    return (best if len(best) >= len(summary) else summary) or None


def parse_feed(data: bytes, *, url: str, content_type: str | None = None) -> tuple[str | None, list[FeedEntry]]:
    """Feed title and entries from the bytes of an RSS or Atom document."""
    import feedparser

    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type
    try:
        parsed = feedparser.parse(io.BytesIO(data), response_headers=headers)  # a stream: never a path or URL
    except Exception as exc:
        raise ImportRejected(f"could not read this feed ({type(exc).__name__})", source=url) from None
    version = parsed.get("version") or ""
    if not parsed.entries and not version:
        raise ImportRejected("not an RSS or Atom feed", source=url)
    entries = [
        FeedEntry(
            key=_entry_key(entry),
            link=entry.get("link") if str(entry.get("link", "")).lower().startswith(("http://", "https://")) else None,
            title=clean_line(entry.get("title")),
            content_html=_entry_content(entry),
            published=_entry_date(entry),
            author=clean_line(entry.get("author")),
        )
        for entry in parsed.entries
    ]
    return clean_line(parsed.feed.get("title")), entries


def fetch_feed(
    url: str,
    *,
    etag: str | None = None,
    modified: str | None = None,
    client: httpx.Client | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> FeedFetch:
    """Download and parse a feed, conditionally when ``etag``/``modified`` are known."""
    headers = {"Accept": "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"}
    if etag:
        headers["If-None-Match"] = etag
    if modified:
        headers["If-Modified-Since"] = modified
    page = download(url, timeout=timeout, max_bytes=max_bytes, headers=headers, client=client)
    lower = {k.lower(): v for k, v in page.headers.items()}
    if page.status == 304:
        return FeedFetch(page.url, True, etag=lower.get("etag", etag), modified=lower.get("last-modified", modified))
    title, entries = parse_feed(page.content, url=page.url, content_type=lower.get("content-type"))
    return FeedFetch(page.url, False, title, entries, lower.get("etag"), lower.get("last-modified"))


_ALTERNATE = re.compile(
    rb"""<link\b[^>]*\btype\s*=\s*["']application/(?:rss|atom)\+xml["'][^>]*>""", re.I
)
_HREF = re.compile(rb"""\bhref\s*=\s*["']([^"']+)["']""", re.I)


def discover_feed(page_url: str, html: bytes) -> str | None:
    """The first RSS/Atom ``<link rel="alternate">`` of a web page, made absolute."""
    from urllib.parse import urljoin

    for tag in _ALTERNATE.findall(html[:262144]):
        href = _HREF.search(tag)
        if href and b"alternate" in tag.lower():
            return urljoin(page_url, href.group(1).decode("utf-8", "replace").strip())
    return None


# ---------------------------------------------------------------------------
# entries -> articles
# ---------------------------------------------------------------------------


def article_from_entry_text(entry: FeedEntry, *, feed_title: str | None) -> Article:
    """The article built from the feed's own content/summary of an entry."""
    from reader.articles.html import html_fragment_to_text

    text = html_fragment_to_text(entry.content_html or "")
    paragraphs = split_paragraphs(text)
    if sum(len(p.split()) for p in paragraphs) < MIN_FALLBACK_WORDS:
        raise ImportRejected("the entry has no text of its own", source=entry.link or entry.key)
    metadata = {"title": entry.title, "date": entry.published, "url": entry.link, "author": entry.author}
    article = build_article(paragraphs, metadata=metadata, origin=entry.link or entry.key)
    article.meta["from_feed_summary"] = "yes"
    if feed_title:
        article.meta["site"] = feed_title
        article.source = article.source or feed_title  # a dateline's agency is the better source
    return article


def page_article(
    entry: FeedEntry,
    *,
    feed_title: str | None = None,
    client: httpx.Client | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Article:
    """The entry's web page as an article, completed from the feed (date,
    author, title, source); raises :class:`ImportRejected`."""
    if not entry.link:
        raise ImportRejected("the entry has no web page", source=entry.key)
    article = fetch_url(entry.link, timeout=timeout, max_bytes=max_bytes, client=client)
    article.date = article.date or _iso(entry.published)
    article.author = article.author or entry.author
    if feed_title and (article.source is None or _bare_host(article.source)):
        article.source = feed_title  # the feed's name beats a host name guessed from the URL
    if entry.title and (not article.title or article.title == "Untitled"):
        article.title = entry.title
    return article


def entry_article(
    entry: FeedEntry,
    *,
    feed_title: str | None = None,
    client: httpx.Client | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Article:
    """The entry's page as an article, or its feed text when the page fails
    (``meta["from_feed_summary"]``, with why the page failed in
    ``meta["page_error"]``).

    Raises :class:`ImportRejected` only when neither works; the message then
    says why the page failed.
    """
    page_error: ImportRejected | None = None
    if entry.link:
        try:
            return page_article(entry, feed_title=feed_title, client=client, timeout=timeout, max_bytes=max_bytes)
        except ImportRejected as exc:
            page_error = exc
    try:
        article = article_from_entry_text(entry, feed_title=feed_title)
    except ImportRejected as exc:
        raise page_error or exc from None
    if page_error is not None:
        article.meta["page_error"] = page_error.reason
    return article


def _bare_host(name: str) -> bool:
    return " " not in name and ("." in name or ":" in name)


def _iso(value: str | None) -> str | None:
    from reader.articles.dates import parse_date

    return parse_date(value) if value else None


# ---------------------------------------------------------------------------
# subscriptions stored through the library
# ---------------------------------------------------------------------------


def load_subscriptions(library: FeedLibrary) -> list[Subscription]:
    return _subscriptions(library.user_state(STATE_KEY, default=[]))


def _subscriptions(raw: Any) -> list[Subscription]:
    if not isinstance(raw, list):
        return []
    return [Subscription.from_dict(item) for item in raw if isinstance(item, dict) and isinstance(item.get("url"), str) and item["url"]]


def _save(library: FeedLibrary, changed: Subscription | None = None, *, remove: str | None = None) -> None:
    """Write one subscription's change into the *current* stored list, in one locked
    read-modify-write, so a feed added or removed meanwhile (another window) is not
    overwritten."""

    def change(raw: Any) -> list[dict[str, Any]]:
        current = _subscriptions(raw)
        if remove is not None:
            current = [s for s in current if s.url != remove]
        elif changed is not None:
            # removed meanwhile: not resurrected
            current = [changed if s.url == changed.url else s for s in current]
        return [s.to_dict() for s in current]

    library.update_user_state(STATE_KEY, change, default=[])


def normalise_feed_url(url: str) -> str:
    url = url.strip()
    if url.lower().startswith("feed://"):
        url = "https://" + url[7:]
    if "://" not in url:
        url = "https://" + url
    return url


def add_subscription(
    library: FeedLibrary,
    url: str,
    *,
    check: bool = True,
    client: httpx.Client | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    allow_private: bool = False,
) -> Subscription:
    """Subscribe to ``url``. With ``check`` the feed is fetched first (a web
    page's advertised feed is found and used instead), and a URL that is not a
    feed is refused with :class:`ImportRejected`. Entries are imported by the
    next refresh. ``allow_private`` lets this feed (and its refreshes) reach
    private, loopback and link-local addresses."""
    url = normalise_feed_url(url)
    existing = {s.url for s in load_subscriptions(library)}
    if url in existing:
        raise ImportRejected("already subscribed", source=url)
    title = None
    if check:
        own = client is None
        active = make_client(timeout, allow_private=allow_private) if own else client
        try:
            try:
                title = fetch_feed(url, client=active, timeout=timeout).title
            except ImportRejected as not_feed:
                page = download(url, client=active, timeout=timeout)
                found = discover_feed(page.url, page.content)
                if not found:
                    raise not_feed from None
                url = found
                if url in existing:
                    raise ImportRejected("already subscribed", source=url) from None
                title = fetch_feed(url, client=active, timeout=timeout).title
        finally:
            if own:
                active.close()
    sub = Subscription(url=url, title=title, added_at=time.time(), allow_private=allow_private)

    def append(raw: Any) -> list[dict[str, Any]]:
        subs = _subscriptions(raw)
        if any(s.url == sub.url for s in subs):  # added meanwhile by another window
            raise ImportRejected("already subscribed", source=sub.url)
        return [s.to_dict() for s in [*subs, sub]]

    library.update_user_state(STATE_KEY, append, default=[])
    return sub


def remove_subscription(library: FeedLibrary, url: str) -> bool:
    url = normalise_feed_url(url)
    if not any(s.url == url for s in load_subscriptions(library)):
        return False
    _save(library, remove=url)
    return True


def rename_subscription(library: FeedLibrary, url: str, name: str | None) -> bool:
    """Give a feed the reader's own name (None or "" goes back to the feed's
    title); False when not subscribed."""
    url = normalise_feed_url(url)
    clean = clean_line(name, limit=120) if name else None
    found = False

    def change(raw: Any) -> list[dict[str, Any]]:
        nonlocal found
        subs = _subscriptions(raw)
        for sub in subs:
            if sub.url == url:
                sub.name, found = clean or None, True
        return [s.to_dict() for s in subs]

    library.update_user_state(STATE_KEY, change, default=[])
    return found


def _stored_new(result: Any) -> bool:
    """Whether ``add_article`` stored something new: ``Library.add_article``
    returns ``(id, added)``; a bare bool is accepted too."""
    if isinstance(result, bool):
        return result
    if isinstance(result, tuple) and len(result) == 2 and isinstance(result[1], bool):
        return result[1]
    for name in ("added", "new", "created"):
        value = getattr(result, name, None)
        if isinstance(value, bool):
            return value
    return True


def _stored_id(result: Any, article: Article) -> str:
    """The id ``add_article`` stored (or found) ``article`` under."""
    if isinstance(result, tuple) and result and isinstance(result[0], str):
        return result[0]
    return article.id


def _remember_article(sub: Subscription, article_id: str, replaces: str | None = None) -> None:
    ids = [i for i in sub.article_ids if i not in (article_id, replaces)]
    sub.article_ids = [*ids, article_id][-MAX_FEED_ARTICLES:]


def refresh_feed(
    library: FeedLibrary,
    sub: Subscription,
    *,
    client: httpx.Client,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_entries: int = MAX_ENTRIES_PER_REFRESH,
    on_entry: Callable[[int, int], None] | None = None,
    known_urls: set[str] | None = None,
    workers: int = PAGE_WORKERS,
) -> FeedReport:
    """Refresh one subscription, store its new articles, save its state.

    Entry pages are downloaded by ``workers`` threads (network-bound) but
    stored one by one, in feed order, from this thread. Entries whose link is
    in ``known_urls`` (articles already in the library) are not downloaded.
    Entries waiting for a retry (``sub.pending``) are tried first, even when
    the feed itself has not changed.
    """
    known_urls = known_urls if known_urls is not None else set()
    report = FeedReport(url=sub.url, title=sub.title)
    sub.last_checked = time.time()
    try:
        fetched = fetch_feed(sub.url, etag=sub.etag, modified=sub.modified, client=client, timeout=timeout, max_bytes=max_bytes)
    except ImportRejected as exc:
        sub.last_error = report.error = exc.reason
        _save(library, sub)
        return report
    sub.last_error = None
    sub.title = fetched.title or sub.title
    report.title = sub.title
    report.not_modified = fetched.not_modified
    retries = [p for p in (PendingEntry.from_dict(d) for d in sub.pending) if p is not None]
    seen = set(sub.seen) | {p.entry.key for p in retries}
    fresh = [] if fetched.not_modified else [e for e in fetched.entries if e.key not in seen][:max_entries]
    wanted = []
    for entry in fresh:
        if entry.link and entry.link in known_urls:
            report.duplicates += 1  # already stored (another feed, or `reader add`): no download
            sub.seen.append(entry.key)
        else:
            wanted.append(entry)
    total = len(retries) + len(fresh)
    done = len(fresh) - len(wanted)
    if on_entry:
        on_entry(done, total)
    still_pending: list[PendingEntry] = []
    for pending in retries:
        waiting = _retry(library, sub, pending, report, client=client, timeout=timeout, max_bytes=max_bytes)
        if waiting is not None:
            still_pending.append(waiting)
        done += 1
        if on_entry:
            on_entry(done, total)
    fetch = functools.partial(_entry_or_error, feed_title=sub.title, client=client, timeout=timeout, max_bytes=max_bytes)
    for entry, result in _in_order(fetch, wanted, workers):
        if isinstance(result, ImportRejected):
            report.failed.append(f"{entry.title or entry.link or entry.key}: {result.reason}")
            still_pending.append(PendingEntry(entry, None, 1, result.reason))
        else:
            waiting = _store(library, sub, entry, result, report, attempts=1)
            if waiting is not None:
                still_pending.append(waiting)
            known_urls.update(u for u in (entry.link, result.url) if u)
        sub.seen.append(entry.key)  # handled: a failure is retried through ``pending``, not as a new entry
        done += 1
        if on_entry:
            on_entry(done, total)
    sub.pending = [p.to_dict() for p in still_pending[-MAX_PENDING:]]
    report.waiting = len(sub.pending)
    if not fetched.not_modified:
        # Remember only what the feed still lists: keeps user.json small, and an
        # entry that dropped out of the feed does not come back.
        listed = {e.key for e in fetched.entries}
        sub.seen = [key for key in dict.fromkeys(sub.seen) if key in listed][-MAX_SEEN:]
    # Validators only once the entries are stored: a crash above means the
    # next refresh downloads the feed again instead of getting a 304.
    sub.etag, sub.modified = fetched.etag, fetched.modified
    _save(library, sub)
    return report


def _retry(
    library: FeedLibrary, sub: Subscription, pending: PendingEntry, report: FeedReport, **fetching: Any
) -> PendingEntry | None:
    """Try an entry that failed before; the entry if it must wait for another try."""
    entry = pending.entry
    try:
        if pending.stub is not None:  # only the page can improve on the stub
            article = page_article(entry, feed_title=sub.title, **fetching)
        else:
            article = entry_article(entry, feed_title=sub.title, **fetching)
    except ImportRejected as exc:
        pending.attempts += 1
        pending.error = exc.reason
        gave_up = f" (given up after {pending.attempts} tries)" if pending.attempts >= MAX_ATTEMPTS else ""
        message = f"{entry.title or entry.link or entry.key}: {exc.reason}{gave_up}"
        if pending.stub is None:
            report.failed.append(message)
        else:
            report.page_failures.append(message)
        return pending if pending.attempts < MAX_ATTEMPTS else None
    if pending.stub is not None:
        article_id = library.replace_article(pending.stub, article)
        report.replaced += 1
        report.replacements.append((pending.stub, article_id))
        _remember_article(sub, article_id, replaces=pending.stub)
        return None
    return _store(library, sub, entry, article, report, attempts=pending.attempts + 1)


def _store(
    library: FeedLibrary, sub: Subscription, entry: FeedEntry, article: Article, report: FeedReport, *, attempts: int
) -> PendingEntry | None:
    """Store an entry's article; a stub (the page failed, the feed's text was
    stored) comes back as the entry to try again."""
    stored = library.add_article(article, new=True)
    article_id = _stored_id(stored, article)
    if _stored_new(stored):
        report.new += 1
        sub.articles += 1
    else:
        report.duplicates += 1
    _remember_article(sub, article_id)
    if not article.meta.get("from_feed_summary"):
        return None
    report.from_summary += 1
    if not entry.link:
        return None  # no page to wait for: the feed's text is the article
    report.page_failures.append(f"{entry.title or entry.link}: {article.meta.get('page_error') or 'the page failed'}")
    return PendingEntry(entry, article_id, attempts, article.meta.get("page_error", ""))


def _entry_or_error(entry: FeedEntry, **kwargs: Any) -> Article | ImportRejected:
    try:
        return entry_article(entry, **kwargs)
    except ImportRejected as exc:
        return exc
    except Exception as exc:  # one odd page (an extractor bug) must not cost the feed
        return unexpected(exc)


def _in_order(
    fetch: Callable[[FeedEntry], Article | ImportRejected], entries: list[FeedEntry], workers: int
) -> Iterator[tuple[FeedEntry, Article | ImportRejected]]:
    """``(entry, fetch(entry))`` in the order given, fetched concurrently."""
    if workers <= 1 or len(entries) <= 1:
        for entry in entries:
            yield entry, fetch(entry)
        return
    from concurrent.futures import ThreadPoolExecutor

    pool = ThreadPoolExecutor(max_workers=min(workers, len(entries)), thread_name_prefix="feed-page")
    try:
        yield from zip(entries, pool.map(fetch, entries))
    finally:
        pool.shutdown(wait=True, cancel_futures=True)  # the caller stopped early (storage error)


class _StoredUrls(set):
    """URLs seen in this refresh, plus a lookup in the library (which answers from an index:
    listing a million articles' URLs per refresh would not do)."""

    def __init__(self, has_url: Callable[[str], bool]) -> None:
        super().__init__()
        self._has_url = has_url

    def __contains__(self, url: object) -> bool:
        if set.__contains__(self, url):
            return True
        try:
            return isinstance(url, str) and self._has_url(url)
        except Exception:  # an optimisation; refreshing must not depend on it
            return False


def _known_urls(library: FeedLibrary) -> set[str]:
    """URLs of stored articles: asked of the library (``has_url``) or listed (``summaries``)."""
    has_url = getattr(library, "has_url", None)
    if callable(has_url):
        return _StoredUrls(has_url)
    summaries = getattr(library, "summaries", None)
    if not callable(summaries):
        return set()
    try:
        return {s.url for s in summaries() if getattr(s, "url", None)}
    except Exception:  # listing is an optimisation; refreshing must not depend on it
        return set()


def refresh_feeds(
    library: FeedLibrary,
    urls: Iterable[str] | None = None,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_entries: int = MAX_ENTRIES_PER_REFRESH,
    on_progress: Callable[[FeedProgress], None] | None = None,
    client: httpx.Client | None = None,
    workers: int = PAGE_WORKERS,
) -> list[FeedReport]:
    """Refresh every subscription (or those in ``urls``); one report per feed.

    One feed's failure -- network, parse, or an unexpected bug -- is recorded
    in its report and the others continue. Without a ``client``, each feed is
    fetched with one that honours its ``allow_private``.
    """
    subs = load_subscriptions(library)
    if urls is not None:
        wanted = {normalise_feed_url(u) for u in urls}
        unknown = wanted - {s.url for s in subs}
        subs = [s for s in subs if s.url in wanted]
    else:
        unknown = set()
    reports = [FeedReport(url=u, error="not subscribed") for u in sorted(unknown)]
    known_urls = _known_urls(library)
    own: dict[bool, httpx.Client] = {}  # allow_private -> client, made when first needed
    try:
        for index, sub in enumerate(subs):
            if client is None and sub.allow_private not in own:
                own[sub.allow_private] = make_client(timeout, allow_private=sub.allow_private)
            active = client if client is not None else own[sub.allow_private]
            def entry_progress(done: int, total: int, _url: str = sub.url, _i: int = index) -> None:
                if on_progress:
                    on_progress(FeedProgress(_url, _i, len(subs), done, total))

            if on_progress:
                on_progress(FeedProgress(sub.url, index, len(subs)))
            try:
                reports.append(
                    refresh_feed(library, sub, client=active, timeout=timeout, max_bytes=max_bytes,
                                 max_entries=max_entries, on_entry=entry_progress, known_urls=known_urls,
                                 workers=workers)
                )
            except Exception as exc:  # a bug or a storage error in one feed must not stop the rest
                reports.append(FeedReport(url=sub.url, title=sub.title, error=f"{type(exc).__name__}: {exc}"))
    finally:
        for made in own.values():
            made.close()
    return reports
