"""The library: the one service the CLI and the TUI call.

It ties the storage pieces together so callers never think about files
(layout under the data directory, see :mod:`reader.store`):

- ``index.json`` + ``index.log``: one compact row per article (rebuildable);
- ``articles/<id>.json``: each article with its annotation and the model
  version that made it (the id is a hash of the body);
- ``cache/annotations/<model>/<id>.json``: annotations by a newer model;
- ``user.json`` + ``user.log``: what the user creates (never rebuilt), a TinyDB
  database on a journaled storage, read and written only through
  :class:`reader.store.repository.UserData`; rotating copies in ``backups/``;
  ``reader.lock``: the inter-process lock.

Every method first picks up what another running copy of reader changed (a
few ``stat`` calls), and every change is locked and journalled before it
returns, so two copies never lose each other's work. Methods may be called
from several threads; a long ``add_many`` only holds the library briefly per
batch, so the list stays usable during an import.
"""

from __future__ import annotations

import copy
import functools
import importlib
import os
import secrets
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import compress
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from reader import paths
from reader.domain import Anchor, Annotation, Article, ArticleSummary, Bookmark, Note
from reader.drafts import Draft, Drafts
from reader.store.annotations import AnnotationCache
from reader.store.articles import ArticleFiles, StoredArticle, StoredFacts, check_id, encode_article, summary_of
from reader.store.atomic import ensure_private_dir, remove_stale_temps, write_temp
from reader.store.errors import CorruptDataError, ReadOnlyError, StoreError
from reader.store.index import ArticleIndex, date_order, gc_paused
from reader.store.lock import StoreLock
from reader.store.urls import normalize_url
from reader.store.userdata import UserStore

if TYPE_CHECKING:
    from reader.search import SearchHit

_T = TypeVar("_T")
ANNOTATOR = "reader.nlp:annotate"  # module:function; the module also defines MODEL_VERSION
SORTS = ("date", "title", "source", "added", "quotes")
POOL_THRESHOLD = 48  # fewer new articles than this are annotated in-process (no pool start-up)
JOB_SIZE = 8  # articles per process-pool job
WRITE_BATCH = 256  # articles per article-file batch and index append
OPEN_CACHE = 32  # recently opened articles (with annotation) kept in memory
PROGRESS_EVERY = 0.1  # seconds between progress callbacks
STALE_ARTICLE_TEMP = 600.0  # seconds: an article temp file this old is a crash's leftover


class UnknownArticle(KeyError):
    """No article (or no unique article) matches the id or id prefix given."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "unknown article"


@dataclass(slots=True)
class ImportReport:
    """What an import did; ``ids``: every id now stored (added or already there), each once per
    input article."""

    added: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (what, why)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (what, why): hidden, unsupported
    warnings: list[str] = field(default_factory=list)  # e.g. the process pool failed
    ids: list[str] = field(default_factory=list)

    @property
    def processed(self) -> int:
        return len(self.added) + len(self.duplicates) + len(self.rejected) + len(self.skipped)


@dataclass(slots=True)
class _UserFacts:
    bookmarked: bool = False
    notes: int = 0
    read: bool = False
    new: bool = False


_NO_FACTS = _UserFacts()


# --------------------------------------------------------------------------
# Annotation (also runs in worker processes, hence module-level functions)
# --------------------------------------------------------------------------


@functools.cache
def load_annotator(spec: str) -> tuple[Callable[[str], Annotation], str]:
    module_name, attr = spec.split(":")
    module = importlib.import_module(module_name)
    return getattr(module, attr), str(getattr(module, "MODEL_VERSION"))


def _facts_of(annotation: dict[str, Any]) -> StoredFacts:
    figures = annotation["figures"]
    return StoredFacts(len(annotation["quotes"]), len(figures), [f["name"] for f in figures])


AnnotationResult = dict[str, Any] | str  # Annotation.to_dict(), or why it failed


def annotate_bodies(job: tuple[str, list[str]]) -> tuple[str, list[AnnotationResult]]:
    """Annotate each body; returns the model version and, per body, the annotation as a
    dict (what is stored, cheap to pickle back from a worker) or a rejection reason."""
    spec, bodies = job
    try:
        annotate, model_version = load_annotator(spec)
    except (ImportError, AttributeError, ValueError) as error:
        return "", [f"the language analysis is unavailable ({error})"] * len(bodies)
    results: list[AnnotationResult] = []
    for body in bodies:
        try:
            results.append(annotate(body).to_dict())
        except Exception as error:  # one bad article must not end an import
            results.append(f"could not be analysed ({type(error).__name__}: {error})")
    return model_version, results


def _new_id() -> str:
    return secrets.token_hex(8)


def _check_article(article: Article) -> str | None:
    """Why ``article`` cannot be stored, or None."""
    if not isinstance(article, Article):
        return "not an article"
    try:
        check_id(article.id)
    except StoreError as error:
        return str(error)
    if not article.body or not article.body.strip():
        return "the article has no text"
    if not isinstance(article.title, str):
        return "the article has no title"
    return None


# --------------------------------------------------------------------------
# The service
# --------------------------------------------------------------------------


def _synchronized(method: Callable[..., _T]) -> Callable[..., _T]:
    """One thread at a time in the library's in-memory state (the TUI calls from workers).

    ``add_many`` is not wrapped as a whole: only its short store steps are, so
    the list stays responsive during a long import.
    """

    @functools.wraps(method)
    def wrapper(self: Library, *args: Any, **kwargs: Any) -> _T:
        with self._mutex:
            return method(self, *args, **kwargs)

    return wrapper


class Library:
    def __init__(self, data_dir: Path, *, read_only: bool = False) -> None:
        self.data_dir = data_dir
        self.read_only = read_only
        self.warnings: list[str] = []
        self.annotator = ANNOTATOR  # module-level lookup, so tests can swap the pipeline
        self._lock = StoreLock(data_dir)
        self.user = UserStore(data_dir, self._lock, read_only=read_only)
        self.index = ArticleIndex(data_dir, self._lock)
        self.files = ArticleFiles(data_dir / "articles")
        self.cache = AnnotationCache(data_dir / "cache" / "annotations")
        self.drafts = Drafts(data_dir / "drafts")
        # recently opened articles: the stored file, and its Annotation once built
        self._opened: OrderedDict[str, tuple[StoredArticle, Annotation | None]] = OrderedDict()
        self._facts: dict[str, _UserFacts] = {}
        self._user_version = -1
        self._index_version = -1
        self._orders: dict[str, tuple[list[ArticleSummary], list[str]]] = {}
        self._last_filter: tuple[str, int, list[str], list[ArticleSummary], list[str]] | None = None
        self._closed = False
        self._mutex = threading.RLock()

    # -- opening -------------------------------------------------------------

    @classmethod
    def open(
        cls, data_dir: str | os.PathLike[str] | None = None, *, seed: bool = True, annotator: str | None = None
    ) -> Library:
        """Open (creating if needed) the library; problems it recovered from go to ``warnings``.

        ``annotator`` ("module:function", the module defining MODEL_VERSION) lets
        tests and benchmarks swap the language pipeline, also in worker processes.
        """
        folder = paths.data_dir(data_dir)
        ensure_private_dir(folder)
        read_only = not _writable(folder)
        library = cls(folder, read_only=read_only)
        library.annotator = annotator or ANNOTATOR
        if read_only:
            library.warnings.append(
                f"The data folder {folder} is read-only: you can read, but changes will not be saved."
            )
        if not read_only:
            with library._lock.held():  # files here are only written under the lock
                remove_stale_temps(folder)
                remove_stale_temps(folder / "backups")
                # article files are written outside the lock: spare another import's fresh ones
                remove_stale_temps(folder / "articles", min_age=STALE_ARTICLE_TEMP)
        library.warnings.extend(library.user.open())
        library._load_index()
        if seed and not read_only:
            library._seed()
        library.summaries()  # sorts once, so the first screen is ready
        return library

    def _load_index(self) -> None:
        try:
            self.index.load()
        except CorruptDataError as error:
            if self.read_only:
                raise
            with self._lock.held():
                self.rebuild_index()
            self.warnings.append(f"{error} It was rebuilt from the stored articles.")

    @_synchronized
    def rebuild_index(self) -> None:
        """Recreate the index from the article files (they carry their summary facts)."""
        summaries = [s for s, _ in self.files.scan() if s is not None]
        summaries.sort(key=lambda s: s.added_at)
        with self._lock.held():
            self.index.rebuild(summaries)

    def _seed(self) -> None:
        if self.user.data.meta("seeded") or self.index.summaries:
            return
        try:
            from reader.articles import ImportRejected, load_path
        except ImportError:
            return
        articles: list[Article] = []
        folder = paths.seeds_dir()
        for path in sorted(folder.glob("*.txt")) + sorted(folder.glob("*.md")):
            try:
                articles.extend(load_path(path))
            except ImportRejected:
                continue
        try:
            report = self.add_many(articles, workers=1)
        except StoreError as error:
            self.warnings.append(f"The sample articles could not be added: {error}")
            return
        if not report.rejected:
            with self.user.transaction() as txn:
                txn.set_meta("seeded", True)

    @_synchronized
    def close(self) -> None:
        """Everything is saved as it happens; this only drops the in-memory caches."""
        self._opened.clear()
        self._orders.clear()
        self._closed = True

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @_synchronized
    def refresh(self) -> None:
        """Pick up changes made by another running copy of reader (called by every method)."""
        self.index.refresh()
        self.user.refresh()  # re-reads the user file if another process changed it
        index_moved = self.index.version != self._index_version
        user_moved = self.user.version != self._user_version
        if not index_moved and not user_moved:
            return
        touched = self._recompute_facts() if user_moved else set()
        if index_moved:
            self._orders.clear()
            self._last_filter = None
            self._index_version = self.index.version
            replaced = self.index.take_replaced()
            touched |= set(self._facts) if replaced is None else replaced
        self._apply_facts(touched)

    def _recompute_facts(self) -> set[str]:
        data = self.user.data
        facts: dict[str, _UserFacts] = {}
        for article_id, state in data.all_reading().items():
            facts[article_id] = _UserFacts(read=bool(state.get("read")), new=bool(state.get("new")))
        for article_id in data.bookmarked_articles():
            facts.setdefault(article_id, _UserFacts()).bookmarked = True
        for article_id, count in data.note_counts().items():
            facts.setdefault(article_id, _UserFacts()).notes = count
        old = self._facts
        self._facts = facts
        self._user_version = self.user.version
        return {i for i in old.keys() | facts.keys() if old.get(i) != facts.get(i)}

    def _apply_facts(self, ids: Iterable[str]) -> None:
        summaries = self.index.summaries
        for article_id in ids:
            summary = summaries.get(article_id)
            if summary is not None:
                facts = self._facts.get(article_id, _NO_FACTS)
                summary.bookmarked = facts.bookmarked
                summary.notes = facts.notes
                summary.read = facts.read
                summary.new = facts.new

    def _require_writable(self) -> None:
        if self.read_only:
            raise ReadOnlyError(
                f"The data folder {self.data_dir} is read-only: changes cannot be saved."
            )

    # -- articles: adding ----------------------------------------------------

    def add_article(self, article: Article, *, new: bool = False) -> tuple[str, bool]:
        """Store one article (annotating it); returns (id, added?) — re-adding is a no-op."""
        report = self.add_many([article], workers=1, new=new)
        if report.rejected:
            raise StoreError(f"The article was not stored: {report.rejected[0][1]}.")
        return report.ids[0], bool(report.added)

    def add_many(
        self,
        articles: Iterable[Article],
        *,
        progress: Callable[[int], None] | None = None,
        workers: int | None = None,
        new: bool = False,
    ) -> ImportReport:
        """Annotate (in a process pool when there are many) and store ``articles``.

        Article files and the index are written once per batch of
        ``WRITE_BATCH``; ``progress`` gets the number processed so far (at most
        every ``PROGRESS_EVERY`` seconds, and once at the end).
        """
        self._require_writable()
        self.refresh()
        report = ImportReport()
        fresh = self._new_articles(articles, report)
        first = [a for _, a in zip(range(POOL_THRESHOLD), fresh)]
        workers = workers if workers is not None else (os.cpu_count() or 1)
        if len(first) < POOL_THRESHOLD:
            workers = 1
        stream = _chain(first, fresh)
        pending: list[tuple[Article, str, dict[str, Any]]] = []
        last_progress = time.monotonic()
        for article, model_version, result in self._annotated(stream, workers, report):
            if isinstance(result, str):
                report.rejected.append((article.origin or article.title or article.id, result))
            else:
                pending.append((article, model_version, result))
            if len(pending) >= WRITE_BATCH:
                self._store_batch(pending, report, new)
                pending = []
            if progress and time.monotonic() - last_progress > PROGRESS_EVERY:
                progress(report.processed + len(pending))  # pending: analysed, stored with the batch
                last_progress = time.monotonic()
        if pending:
            self._store_batch(pending, report, new)
        if progress:
            progress(report.processed)
        return report

    def add_sources(
        self,
        sources: Sequence[str],
        *,
        progress: Callable[[int], None] | None = None,
        workers: int | None = None,
        new: bool = False,
        allow_private: bool = False,
        stop: Callable[[], bool] | None = None,
    ) -> ImportReport:
        """Import files, folders (recursively), URLs and ``-`` (stdin), reporting each failure.

        URLs on private, loopback or link-local addresses are refused unless
        ``allow_private``. ``stop`` is asked before each article is handed on:
        once it says True the import ends there (what was read before is
        stored; nothing after).
        """
        from reader.articles import iter_sources

        outside = ImportReport()

        def articles() -> Iterator[Article]:
            for item in iter_sources(sources, allow_private=allow_private):
                if stop is not None and stop():
                    return
                if item.article is not None:
                    yield item.article
                elif item.skipped:
                    outside.skipped.append((item.source, item.error or "skipped"))
                else:
                    outside.rejected.append((item.source, item.error or "rejected"))

        def relay(done: int) -> None:
            if progress:
                progress(done + len(outside.rejected) + len(outside.skipped))

        report = self.add_many(articles(), progress=relay, workers=workers, new=new)
        report.rejected[:0] = outside.rejected
        report.skipped.extend(outside.skipped)
        return report

    def _new_articles(self, articles: Iterable[Article], report: ImportReport) -> Iterator[Article]:
        """Articles not stored yet: same text (the id) or same page (the normalised URL) is a
        duplicate, whether already in the library or earlier in this import."""
        seen: set[str] = set()
        seen_urls: dict[str, str] = {}
        known = self.index.summaries
        for article in articles:
            problem = _check_article(article)
            if problem:
                what = getattr(article, "origin", None) or getattr(article, "title", None) or "?"
                report.rejected.append((str(what), problem))
                continue
            url = normalize_url(article.url)
            same = article.id if article.id in known or article.id in seen else (
                self.index.id_for_url(url) or seen_urls.get(url or ""))
            if same is not None:
                report.duplicates.append(same)
                report.ids.append(same)
            else:
                seen.add(article.id)
                if url is not None:
                    seen_urls[url] = article.id
                yield article

    def _annotated(
        self, articles: Iterable[Article], workers: int, report: ImportReport
    ) -> Iterator[tuple[Article, str, AnnotationResult]]:
        jobs = _chunks(articles, JOB_SIZE)
        if workers > 1:
            yield from self._annotated_in_pool(jobs, workers, report)
        for batch in jobs:  # in-process; also what is left if the pool broke
            yield from self._annotate_here(batch)

    def _annotate_here(self, batch: list[Article]) -> Iterator[tuple[Article, str, AnnotationResult]]:
        model_version, results = annotate_bodies((self.annotator, [a.body for a in batch]))
        for article, result in zip(batch, results):
            yield article, model_version, result

    def _annotated_in_pool(
        self, jobs: Iterator[list[Article]], workers: int, report: ImportReport
    ) -> Iterator[tuple[Article, str, AnnotationResult]]:
        """A bounded window of jobs in flight (a 100,000-article folder is never all in
        memory); results come back in input order. If the pool cannot start or a worker
        dies, the jobs in flight are redone here and the caller carries on in-process."""
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor
        from concurrent.futures.process import BrokenProcessPool

        from reader.worker_lifetime import start_worker, stop_pool

        window: deque = deque()
        try:
            # spawn, not fork: the TUI runs threads, and forking a threaded process is unsafe.
            # Workers die with this process, however it ends (see reader.worker_lifetime).
            with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                                     initializer=start_worker, initargs=(os.getpid(),)) as pool:
                try:
                    for batch in jobs:
                        window.append((batch, None))  # in the window before submit can fail
                        window[-1] = (batch, pool.submit(annotate_bodies, (self.annotator, [a.body for a in batch])))
                        while len(window) >= workers * 8 or (window and window[0][1].done()):
                            model_version, results = window[0][1].result()
                            done_batch, _ = window.popleft()
                            yield from zip(done_batch, [model_version] * len(results), results)
                    while window:
                        model_version, results = window[0][1].result()
                        done_batch, _ = window.popleft()
                        yield from zip(done_batch, [model_version] * len(results), results)
                except BaseException:  # Ctrl+C, SIGTERM, a storage error, the caller stopping early
                    stop_pool(pool)  # now, not after the jobs in flight
                    raise
        except (BrokenProcessPool, OSError) as error:
            report.warnings.append(f"The analysis processes failed ({error}); carried on in one process.")
            for batch, _ in window:
                yield from self._annotate_here(batch)

    @_synchronized
    def _store_batch(
        self, batch: list[tuple[Article, str, dict[str, Any]]], report: ImportReport, new: bool
    ) -> None:
        now = time.time()
        summaries: list[ArticleSummary] = []
        blobs: list[tuple[str, bytes]] = []
        for n, (article, model_version, annotation) in enumerate(batch):
            facts = _facts_of(annotation)
            facts.added_at = now + n * 1e-6  # keeps the "added" order within a batch
            summaries.append(summary_of(article, facts))
            blobs.append((article.id, encode_article(article, facts, model_version, annotation)))
        self.files.write_many(blobs)  # durable before the index points at them
        same_as: dict[str, str] = {}  # id -> the stored article it duplicates
        with self._lock.held():
            self.index.refresh()  # another process may have stored the same text or page meanwhile
            known = self.index.summaries
            for summary in summaries:
                same = summary.id if summary.id in known else self.index.id_for_url(summary.url)
                if same is not None:
                    same_as[summary.id] = same
            fresh = [s for s in summaries if s.id not in same_as]
            self.index.apply(upserts=fresh)
        added = {s.id for s in fresh}
        for summary in summaries:
            if summary.id in added:
                report.added.append(summary.id)
            else:
                # a same-page file written before this check stays unindexed: deleting it could
                # race another import of the same text
                report.duplicates.append(same_as[summary.id])
            report.ids.append(same_as.get(summary.id, summary.id))
        if new and added:
            with self.user.transaction() as txn:
                for article_id in added:
                    txn.update_reading(article_id, new=True)
        self.refresh()

    # -- search ----------------------------------------------------------------

    def search(self, query: str, limit: int = 50) -> list[SearchHit]:
        """Full-text search over titles, bodies, people and the user's notes (best first);
        raises ``reader.search.QueryError`` for a query that does not parse."""
        from reader.search import search

        return search(self, query, limit)

    # -- articles: reading ---------------------------------------------------

    @_synchronized
    def summaries(self) -> Sequence[ArticleSummary]:
        """Every article, newest first; light rows (no bodies). The list is the caller's."""
        self.refresh()
        return list(self._ordered("date")[0])

    @_synchronized
    def filter(self, query: str, sort: str = "date") -> Sequence[ArticleSummary]:
        """Articles whose title, source, place, date or people contain every word of ``query``.

        Typing one more character narrows the previous result instead of
        scanning the whole library again.
        """
        self.refresh()
        rows, hays = self._ordered(sort)
        terms = query.casefold().split()
        if not terms:
            return list(rows)
        last = self._last_filter
        if last and last[0] == sort and last[1] == self._index_version and all(
            any(old in new for new in terms) for old in last[2]
        ):
            rows, hays = last[3], last[4]
        if len(terms) == 1:
            term = terms[0]
            mask = [term in h for h in hays]  # bools and two lists: nothing for the GC to track
        else:
            mask = [all(t in h for t in terms) for h in hays]
        result = list(compress(rows, mask))
        self._last_filter = (sort, self._index_version, terms, result, list(compress(hays, mask)))
        return list(result)

    @_synchronized
    def filter_within(self, article_ids: Iterable[str], query: str = "", sort: str = "date") -> list[ArticleSummary]:
        """:meth:`filter` among some articles only (a feed's): same matching,
        same order; ids no longer in the library are left out."""
        self.refresh()
        wanted = set(article_ids)
        rows, hays = self._ordered(sort)
        terms = query.casefold().split()
        return [row for row, hay in zip(rows, hays) if row.id in wanted and all(t in hay for t in terms)]

    @_synchronized
    def summaries_of(self, article_ids: Iterable[str]) -> list[ArticleSummary]:
        """The rows of these articles that are still in the library, in the order given."""
        self.refresh()
        known = self.index.summaries
        return [known[i] for i in article_ids if i in known]

    def _ordered(self, sort: str) -> tuple[list[ArticleSummary], list[str]]:
        if sort not in SORTS:
            raise ValueError(f"Unknown sort {sort!r}; use one of {', '.join(SORTS)}.")
        cached = self._orders.get(sort)
        if cached is not None:
            return cached
        with gc_paused():
            ordered = self._sorted(sort)
        self._orders[sort] = ordered
        return ordered

    def _sorted(self, sort: str) -> tuple[list[ArticleSummary], list[str]]:
        rows = list(self.index.summaries.values())
        by_date = date_order
        if sort == "date":
            rows.sort(key=by_date, reverse=True)
        elif sort == "title":
            rows.sort(key=lambda s: s.title.casefold())
        elif sort == "source":
            rows.sort(key=by_date, reverse=True)
            rows.sort(key=lambda s: (s.source is None, (s.source or "").casefold()))
        elif sort == "added":
            rows.sort(key=lambda s: s.added_at, reverse=True)
        elif sort == "quotes":
            rows.sort(key=by_date, reverse=True)
            rows.sort(key=lambda s: s.quotes, reverse=True)
        hay = self.index.haystacks
        return rows, [hay[s.id] for s in rows]

    @_synchronized
    def resolve(self, article_id: str) -> str:
        """The full id for ``article_id`` or a unique prefix of one; UnknownArticle otherwise."""
        self.refresh()
        known = self.index.summaries
        if article_id in known:
            return article_id
        matches = [i for i in known if i.startswith(article_id)] if article_id else []
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise UnknownArticle(f"The id prefix {article_id!r} matches {len(matches)} articles; type more of it.")
        raise UnknownArticle(f"No article with id {article_id!r} in the library.")

    @_synchronized
    def summary(self, article_id: str) -> ArticleSummary:
        return self.index.summaries[self.resolve(article_id)]

    @_synchronized
    def get(self, article_id: str) -> Article:
        """The full article (by id or unique id prefix)."""
        return self._stored(self.resolve(article_id))[0].article

    def _stored(self, full_id: str) -> tuple[StoredArticle, Annotation | None]:
        cached = self._opened.get(full_id)
        if cached is not None:
            self._opened.move_to_end(full_id)
            return cached
        try:
            stored = self.files.read(full_id)
        except KeyError:
            raise UnknownArticle(f"The text of article {full_id} is missing from {self.files.folder}.") from None
        self._remember(full_id, stored, None)
        return stored, None

    @_synchronized
    def annotation(self, article_id: str) -> Annotation:
        """Quotes and figures of the article. Stored with the article at import (its file is
        named by the content hash) together with the MODEL_VERSION; after a model change,
        computed once and kept in the annotation cache under the new version."""
        full = self.resolve(article_id)
        stored, annotation = self._stored(full)
        if annotation is not None:
            return annotation
        annotate, model_version = load_annotator(self.annotator)
        if stored.model == model_version and stored.annotation is not None:
            data = stored.annotation
        else:
            data = self.cache.get(full, model_version)
            if data is None:
                data = annotate(stored.article.body).to_dict()
                if not self.read_only:
                    self.cache.put(full, model_version, data)
                self._heal_counts(stored.article, data)
        annotation = Annotation.from_dict(data)
        self._remember(full, stored, annotation)
        return annotation

    def _heal_counts(self, article: Article, data: dict[str, Any]) -> None:
        """A new model may find other quotes and people: keep the list in step (best effort)."""
        facts = _facts_of(data)
        summary = self.index.summaries.get(article.id)
        if self.read_only or summary is None or (summary.quotes, summary.figures, summary.people) == (
                facts.quotes, facts.figures, facts.people):
            return
        facts.added_at = summary.added_at
        try:
            with self._lock.held():
                self.index.refresh()
                if article.id in self.index.summaries:
                    self.index.apply(upserts=[summary_of(article, facts)])
            self.refresh()
        except StoreError:
            pass

    def _remember(self, article_id: str, stored: StoredArticle, annotation: Annotation | None) -> None:
        self._opened[article_id] = (stored, annotation)
        self._opened.move_to_end(article_id)
        while len(self._opened) > OPEN_CACHE:
            self._opened.popitem(last=False)

    @_synchronized
    def delete(self, article_id: str, *, keep_notes: bool = True) -> None:
        """Remove an article, its reading state and bookmarks; its notes stay unless told otherwise
        (they re-attach if the same text is added again)."""
        self._require_writable()
        full = self.resolve(article_id)
        with self._lock.held():
            self.index.refresh()
            if full in self.index.summaries:
                self.index.apply(deletes=[full])
            with self.user.transaction() as txn:
                txn.remove_reading(full)
                txn.remove_bookmarks_of(full)
                if not keep_notes:
                    txn.remove_notes_of(full)
        self._opened.pop(full, None)
        self.files.delete(full)
        self.cache.discard(full)
        self.refresh()

    def replace_article(self, old_id: str, article: Article) -> str:
        """Store ``article`` in place of ``old_id`` (a feed item stored from its
        summary whose page can now be read); returns the id now stored.

        The user's work moves first, in one durable write: notes and
        highlights (same ids, re-anchored in the new text; flagged, never
        dropped, when their passage is gone), bookmarks (positions carried
        over) and the read/new marks and reading position. Only then is the
        old article removed and the new one stored, so a crash at any point
        loses nothing: notes wait under the new id, and the caller retries.
        """
        from reader.anchors import make_anchor, reattach, reattach_note

        self._require_writable()
        if old_id == article.id:
            return self.add_article(article)[0]
        try:
            old_body = self.get(old_id).body
        except UnknownArticle:
            old_body = None  # removed by an earlier try that stopped half-way
        new_body = article.body

        def moved(position: int | None) -> int | None:
            if position is None or old_body is None:
                return position
            anchor = make_anchor(old_body, position, min(len(old_body), position + 40))
            found = reattach(anchor, new_body)
            return None if found.orphaned else found.anchor.start

        with self._mutex:
            with self.user.transaction() as txn:
                for note in txn.notes(old_id):
                    note.article_id = article.id
                    txn.save_note(reattach_note(note, new_body))
                for bookmark in txn.bookmarks(old_id):
                    bookmark.article_id = article.id
                    bookmark.position = moved(bookmark.position)
                    txn.save_bookmark(bookmark)
                state = txn.reading(old_id)
                if state:
                    if "position" in state:
                        state["position"] = moved(state["position"]) or 0
                    txn.update_reading(article.id, **state)
                    txn.remove_reading(old_id)
            if old_body is not None:
                self.delete(old_id, keep_notes=True)
        new = bool(self.user.data.reading(article.id).get("new"))
        return self.add_article(article, new=new)[0]

    @_synchronized
    def mark_read(self, article_id: str, read: bool = True) -> None:
        """Reading an article also clears its "new" mark."""
        full = self.resolve(article_id)
        state = self.user.data.reading(full)
        if bool(state.get("read")) == read and not (read and state.get("new")):
            return
        with self.user.transaction() as txn:
            txn.update_reading(full, **({"read": True, "new": False} if read else {"read": False}))

    @_synchronized
    def mark_many_read(self, article_ids: Iterable[str], read: bool = True) -> int:
        """:meth:`mark_read` for many articles in one durable write (a feed's,
        or every article listed); returns how many changed."""
        self.refresh()
        known = self.index.summaries
        changed = []
        for article_id in dict.fromkeys(article_ids):
            if article_id not in known:
                continue
            state = self.user.data.reading(article_id)
            if bool(state.get("read")) != read or (read and state.get("new")):
                changed.append(article_id)
        if changed:
            with self.user.transaction() as txn:
                for article_id in changed:
                    txn.update_reading(article_id, **({"read": True, "new": False} if read else {"read": False}))
        return len(changed)

    # -- reading position ----------------------------------------------------

    @_synchronized
    def position(self, article_id: str) -> int | None:
        return self.user.data.reading(article_id).get("position")

    @_synchronized
    def set_position(self, article_id: str, offset: int) -> None:
        """Durable; callers scrolling continuously should save on leave/pause, not every line."""
        offset = int(offset)
        if self.position(article_id) == offset:
            return
        full = self.resolve(article_id)
        with self.user.transaction() as txn:
            txn.update_reading(full, position=offset)

    # -- bookmarks -----------------------------------------------------------

    @_synchronized
    def toggle_bookmark(self, article_id: str) -> bool:
        """Article-level bookmark on/off; returns the new state."""
        full = self.resolve(article_id)
        with self.user.transaction() as txn:
            existing = txn.remove_bookmarks_of(full, article_level_only=True)
            if not existing:
                txn.save_bookmark(Bookmark(_new_id(), full, None, "", time.time()))
        return not existing

    @_synchronized
    def add_bookmark(self, article_id: str, position: int, label: str = "") -> Bookmark:
        full = self.resolve(article_id)
        bookmark = Bookmark(_new_id(), full, int(position), str(label), time.time())
        with self.user.transaction() as txn:
            txn.save_bookmark(bookmark)
        return bookmark

    @_synchronized
    def bookmarks(self, article_id: str | None = None) -> list[Bookmark]:
        """Newest first."""
        found = self.user.data.bookmarks(article_id)[::-1]
        found.sort(key=lambda b: b.created_at, reverse=True)
        return found

    @_synchronized
    def delete_bookmark(self, bookmark_id: str) -> None:
        with self.user.transaction() as txn:
            if not txn.remove_bookmark(bookmark_id):
                raise KeyError(f"No bookmark {bookmark_id!r}.")

    # -- notes and highlights ------------------------------------------------

    @_synchronized
    def add_note(self, article_id: str, anchor: Anchor, text: str, *, highlight: bool = False) -> Note:
        full = self.resolve(article_id)
        now = time.time()
        note = Note(_new_id(), full, anchor, str(text), now, now, highlight=highlight)
        with self.user.transaction() as txn:
            txn.save_note(note)
        return note

    @_synchronized
    def update_note(
        self, note_id: str, text: str | None = None, *, anchor: Anchor | None = None,
        orphaned: bool | None = None, highlight: bool | None = None,
    ) -> Note:
        """Change a note's text (and, for re-anchoring, its anchor/orphaned flag)."""
        with self.user.transaction() as txn:
            note = txn.note(note_id)
            if note is None:
                raise KeyError(f"No note {note_id!r}.")
            if text is not None:
                note.text = str(text)
                note.updated_at = time.time()
            if anchor is not None:
                note.anchor = anchor
            if orphaned is not None:
                note.orphaned = bool(orphaned)
            if highlight is not None:
                note.highlight = bool(highlight)
            txn.save_note(note)
        return note

    @_synchronized
    def delete_note(self, note_id: str) -> None:
        with self.user.transaction() as txn:
            if not txn.remove_note(note_id):
                raise KeyError(f"No note {note_id!r}.")

    @_synchronized
    def restore_note(self, note: Note) -> Note:
        """Put back a deleted note exactly as it was (same id, anchor, text and
        times): the undo of :meth:`delete_note`. Durable like every write."""
        with self.user.transaction() as txn:
            txn.save_note(note)
        return note

    @_synchronized
    def notes(self, article_id: str | None = None) -> list[Note]:
        """Newest first (ties: the later-saved first)."""
        found = self.user.data.notes(article_id)[::-1]
        found.sort(key=lambda n: n.created_at, reverse=True)
        return found

    # -- drafts of notes being written (see reader.drafts) ---------------------

    def draft(self, key: str) -> Draft | None:
        """The unsaved text kept for the editor target ``key``, if any."""
        return self.drafts.get(key)

    def save_draft(self, key: str, text: str) -> None:
        """Keep the editor's text for ``key`` durably (no lock taken); raises StoreError."""
        self._require_writable()
        self.drafts.save(key, text)

    def discard_draft(self, key: str) -> None:
        self.drafts.discard(key)

    # -- generic user state --------------------------------------------------

    @_synchronized
    def user_state(self, key: str, default: Any = None) -> Any:
        """A private copy of the value stored under ``key`` (``default`` when none)."""
        return self.user.data.state(key, default)

    @_synchronized
    def set_user_state(self, key: str, value: Any) -> None:
        """``value`` must be JSON data (dict, list, str, int, float, bool, None)."""
        _check_json(key, value)
        with self.user.transaction() as txn:
            txn.set_state(key, value)

    @_synchronized
    def update_user_state(self, key: str, fn: Callable[[Any], Any], default: Any = None) -> Any:
        """Atomic read-modify-write of one key: ``fn`` gets the current value (a private copy,
        or ``default``) and returns the new one, all under the inter-process lock, so two
        copies of reader changing the same key never lose each other's change. Returns the
        new value. If ``fn`` raises, nothing is saved."""
        with self.user.transaction() as txn:
            value = fn(txn.state(key, default))
            _check_json(key, value)
            txn.set_state(key, value)
        return copy.deepcopy(value)

    # -- backup / restore ----------------------------------------------------

    @_synchronized
    def dump_user_data(self) -> dict:
        """Everything the user created, as JSON data: the exchange layout (schema 1: tables of
        documents by id; ``state`` as key → value), which every version can restore."""
        return self.user.exchange()

    @_synchronized
    def restore_user_data(self, data: dict) -> None:
        """Replace the user data by ``data`` (older schemas are migrated); the current data is
        backed up first."""
        self._require_writable()
        self.user.replace_all(data)


# --------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------


def _writable(folder: Path) -> bool:
    """Probe by creating a file: os.access lies for root and for read-only mounts."""
    try:
        probe = write_temp(folder / ".probe", b"", durable=False)
    except OSError:
        return False
    try:
        os.unlink(probe)
    except OSError:
        pass
    return True


def _chunks(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    batch: list[Article] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _chain(first: list[Article], rest: Iterator[Article]) -> Iterator[Article]:
    yield from first
    yield from rest


def _check_json(key: str, value: Any) -> None:
    from reader.store.storage import dumps

    try:
        dumps(value)
    except (TypeError, ValueError) as error:
        raise ValueError(f"Cannot save {key!r}: not JSON data ({error}).") from error
