"""The library: the one service the CLI and the TUI call.

It ties the storage pieces together so callers never think about files
(layout under the data directory, see :mod:`reader.store`):

- ``library.db``: every article with its body, annotation (and the model
  version that made it), people, quotes and the full-text index, in one SQLite
  database (:mod:`reader.store.database`); rotating copies in ``backups/``;
- ``user.json`` + ``user.log``: what the user creates (never rebuilt), a TinyDB
  database on a journaled storage, read and written only through
  :class:`reader.store.repository.UserData`; rotating copies in ``backups/``;
  ``reader.lock``: the inter-process lock of the user data.

Every method first picks up what another running copy of reader changed
(``PRAGMA data_version`` and a few ``stat`` calls), and every change is
committed before it returns, so two copies never lose each other's work.
The library list is never loaded whole: :class:`Rows` fetches the pages the
screen shows, sorted and filtered by SQLite.
"""

from __future__ import annotations

import copy
import enum
import functools
import json
import os
import secrets
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from reader import paths
from reader.analysis_jobs import DEFAULT_ANNOTATOR, AnnotationResult, annotate_bodies, load_annotator
from reader.domain import Anchor, Annotation, Article, ArticleSummary, Bookmark, Note
from reader.drafts import Draft, Drafts
from reader.store import backups as backup_policy
from reader.store.atomic import ensure_private_dir, remove_stale_temps, write_temp
from reader.store.database import (
    DB_FILE,
    SORTS as SQL_SORTS,
    ArticleDB,
    HayFilter,
    PreparedArticle,
    StoredArticle,
    check_id,
    facts_of,
    prepare,
)
from reader.store.errors import CorruptDataError, ReadOnlyError, StoreError
from reader.store.lock import StoreLock
from reader.store.urls import normalize_url
from reader.store.userdata import RestoreOutcome, UserStore

if TYPE_CHECKING:
    from reader.search import SearchHit

_T = TypeVar("_T")
ANNOTATOR = DEFAULT_ANNOTATOR  # module:function (the module also defines MODEL_VERSION), swapped by tests
SORTS = tuple(SQL_SORTS)
POOL_THRESHOLD = 48  # fewer new articles than this are annotated in-process (no pool start-up)
JOB_SIZE = 8  # articles per process-pool job
WRITE_BATCH = 256  # articles per database transaction, at most
IDLE_WRITE = 128  # ...or as few as this, stored while the analysis processes have nothing ready
LAST_WRITE = 32  # ...or this, once the last articles are with them (less left to store at the end)
READ_AHEAD = 2048  # articles read and prepared for storing, at most, while the analysis processes start
READ_AHEAD_CHARS = 16_000_000  # ...and characters of their text (files of up to 5 MB each are accepted)
OPEN_CACHE = 32  # recently opened articles (with annotation) kept in memory
PROGRESS_EVERY = 0.1  # seconds between progress callbacks
PAGE = 128  # library rows fetched at once by Rows
SUSPECT_FILE = "library.db.suspect"  # damage was seen: check (and repair) at the next start
PAGES_KEPT = 64

Analysed = tuple[Article, str, AnnotationResult]  # an article, the model version, its annotation


class _Waiting(enum.Enum):
    """What the analysis stream yields when its next result is not ready yet."""

    WAITING = "waiting"  # with articles still to hand to the analysis processes
    LAST = "last"  # for one of the last results: every article is with them


_WAITING = _Waiting.WAITING
_WAITING_LAST = _Waiting.LAST


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
        self.db = ArticleDB(data_dir / DB_FILE, read_only=read_only)
        self.drafts = Drafts(data_dir / "drafts")
        # recently opened articles: the stored row, and its Annotation once built
        self._opened: OrderedDict[str, tuple[StoredArticle, Annotation | None]] = OrderedDict()
        self._facts: dict[str, _UserFacts] = {}
        self._user_version = -1
        self._notes_version = -1
        self._polled = 0
        self._checked_after_damage = False
        self._counts: dict[HayFilter, int] = {}
        self._closed = False
        self._mutex = threading.RLock()

    # -- opening -------------------------------------------------------------

    @classmethod
    def open(
        cls, data_dir: str | os.PathLike[str] | None = None, *, seed: bool = True, annotator: str | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> Library:
        """Open (creating if needed) the library; problems it recovered from go to ``warnings``.

        ``annotator`` ("module:function", the module defining MODEL_VERSION) lets
        tests and benchmarks swap the language pipeline, also in worker processes.
        ``progress(done, total)`` follows a migration from the old layout, when one runs.
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
        library.warnings.extend(library.user.open())
        library._open_db(progress)
        if seed and not read_only:
            library._seed()
        library.refresh()
        return library

    def _open_db(self, progress: Callable[[int, int], None] | None) -> None:
        from reader.store import recovery
        from reader.store.migrate import migrate, needs_migration

        if not self.read_only and needs_migration(self.data_dir):
            with self._lock.held():
                if needs_migration(self.data_dir):
                    report = migrate(self.data_dir, progress)
                    self.warnings.append(f"Your library was moved into {DB_FILE} ({report.migrated:,} articles).")
                    self.warnings.extend(report.warnings)
        suspect = self.data_dir / SUSPECT_FILE
        try:
            self.db.open()
            if suspect.exists() and not self.read_only:  # damage was seen last time: check it now
                problems = self.db.quick_check(search=False)
                if problems:
                    raise CorruptDataError(f"The article database {self.db.path} failed its check ({problems[0]}).")
                problems = self.db.quick_check()
                if problems and not all(p.startswith("search index") for p in problems):
                    raise CorruptDataError(f"The article database {self.db.path} failed its check ({problems[0]}).")
                if problems:
                    try:
                        self.db.rebuild_search()
                        self.warnings.append("The search index was damaged and has been rebuilt.")
                    except StoreError as error:
                        self.warnings.append(f"The search index could not be rebuilt ({error}); "
                                             "`reader doctor` tries again.")
                suspect.unlink()
        except CorruptDataError as error:
            if self.read_only:
                raise
            with self._lock.held():
                self.warnings.extend(recovery.recover_database(self.db, str(error)))
            suspect.unlink(missing_ok=True)

    def _repair(self, article_id: str) -> bool:
        """A stored article that does not decode is put back from the newest database backup
        holding it, at once; returns whether that worked."""
        from reader.store import recovery

        if self.read_only:
            return False
        try:
            repaired, _ = recovery.repair_rows(self.db, [article_id])
        except StoreError:
            return False
        if repaired:
            self.warnings.append(f"The stored article {article_id} was damaged; it was restored from the "
                                 "database backup.")
            self._counts.clear()
        return bool(repaired)

    def _damage_seen(self, error: StoreError) -> None:
        """A row did not decode: check the whole file (``PRAGMA quick_check``) once, and when it
        is damaged, say so and have the next start repair it (recovery needs the file to itself)."""
        if self._checked_after_damage or self.read_only:
            return
        self._checked_after_damage = True
        problems = self.db.quick_check()
        if problems:
            try:
                (self.data_dir / SUSPECT_FILE).write_text(problems[0][:200])
            except OSError:
                pass
            self.warnings.append(f"The article database is damaged ({problems[0][:120]}): it will be repaired "
                                 "when reader next starts; `reader doctor` repairs it now.")

    def check_database(self) -> list[str]:
        """``PRAGMA quick_check`` plus the search index's own check: [] when sound."""
        with self._mutex:
            return self.db.quick_check()

    def _seed(self) -> None:
        if self.user.data.meta("seeded") or self.db.count():
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
        """Everything is saved as it happens; this drops the caches and closes the database."""
        self._opened.clear()
        self._counts.clear()
        self._closed = True
        self.db.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @_synchronized
    def refresh(self) -> None:
        """Pick up changes made by another running copy of reader (called by every method)."""
        if self.db.changed():
            self._opened.clear()
            self._counts.clear()
        self.user.refresh()  # re-reads the user file if another process changed it
        if self.user.version != self._user_version:
            self._recompute_facts()
        if self.user.version != self._notes_version and not self.read_only:
            self._sync_notes()

    @_synchronized
    def changed(self) -> bool:
        """Whether another process changed the articles since the last call (cheap: ``PRAGMA
        data_version``; the TUI polls it on a timer to show articles added elsewhere)."""
        if self.db.changed():
            self._opened.clear()
            self._counts.clear()
        moved = self.db.generation != self._polled
        self._polled = self.db.generation
        return moved

    def _recompute_facts(self) -> None:
        data = self.user.data
        facts: dict[str, _UserFacts] = {}
        for article_id, state in data.all_reading().items():
            facts[article_id] = _UserFacts(read=bool(state.get("read")), new=bool(state.get("new")))
        for article_id in data.bookmarked_articles():
            facts.setdefault(article_id, _UserFacts()).bookmarked = True
        for article_id, count in data.note_counts().items():
            facts.setdefault(article_id, _UserFacts()).notes = count
        self._facts = facts
        self._user_version = self.user.version

    def _sync_notes(self) -> None:
        """Note text reaches the search index by note id, whatever changed it (this process,
        another one, a restore, a recovery)."""
        version = self.user.version
        try:
            self.db.sync_notes(self.user.data.note_texts())
        except StoreError as error:
            self.warnings.append(f"The search index could not take your latest notes: {error}")
            return
        self._notes_version = version

    def _with_facts(self, summary: ArticleSummary) -> ArticleSummary:
        facts = self._facts.get(summary.id)
        if facts is not None:
            summary.bookmarked = facts.bookmarked
            summary.notes = facts.notes
            summary.read = facts.read
            summary.new = facts.new
        return summary

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

        Articles are stored in transactions of at most ``WRITE_BATCH``, and of as few as
        ``IDLE_WRITE`` whenever the analysis processes have no result ready; ``progress``
        gets the number processed so far (at most every ``PROGRESS_EVERY`` seconds, and
        once at the end).
        """
        self._require_writable()
        self.refresh()
        report = ImportReport()
        fresh = self._new_articles(articles, report)
        first = [a for _, a in zip(range(POOL_THRESHOLD), fresh)]
        workers = workers if workers is not None else (os.cpu_count() or 1)
        if len(first) < POOL_THRESHOLD:
            workers = 1
        stream = _ReadAhead(_chain(first, fresh))
        pending: list[tuple[Article, str, dict[str, Any]]] = []
        last_progress = time.monotonic()
        for item in self._annotated(stream, workers, report, stream.read_one):
            if isinstance(item, _Waiting):
                # Store now, in time spent waiting anyway: less is left to store after the last
                # article is analysed (up to 255 articles, 0.3 s, when only full batches were
                # stored), and what is stored is kept if the import is interrupted. Not fewer
                # than IDLE_WRITE while articles are still to be handed out: each transaction
                # adds an FTS5 segment to merge later (transactions of 32 cost ~0.2 ms of CPU an
                # article more than of 256); at the end, what is left is stored on one core.
                if len(pending) >= (IDLE_WRITE if item is _WAITING else LAST_WRITE):
                    self._store_batch(pending, report, new, stream.prepared)
                    pending = []
                continue
            article, model_version, result = item
            if isinstance(result, str):
                stream.prepared.pop(article.id, None)
                report.rejected.append((article.origin or article.title or article.id, result))
            else:
                pending.append((article, model_version, result))
            if len(pending) >= WRITE_BATCH:
                self._store_batch(pending, report, new, stream.prepared)
                pending = []
            if progress and time.monotonic() - last_progress > PROGRESS_EVERY:
                progress(report.processed + len(pending))  # pending: analysed, stored with the batch
                last_progress = time.monotonic()
        if pending:
            self._store_batch(pending, report, new, stream.prepared)
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
        for article in articles:
            problem = _check_article(article)
            if problem:
                what = getattr(article, "origin", None) or getattr(article, "title", None) or "?"
                report.rejected.append((str(what), problem))
                continue
            url = normalize_url(article.url)
            with self._mutex:
                same = article.id if article.id in seen or self.db.has(article.id) else (
                    seen_urls.get(url or "") or self.db.id_for_url(url))
            if same is not None:
                report.duplicates.append(same)
                report.ids.append(same)
            else:
                seen.add(article.id)
                if url is not None:
                    seen_urls[url] = article.id
                yield article

    def _annotated(
        self, articles: Iterable[Article], workers: int, report: ImportReport, meanwhile: Callable[[], bool]
    ) -> Iterator[Analysed | _Waiting]:
        """Each article with its annotation (or why it has none), in input order; from a
        pool, also a ``_Waiting`` whenever the next result is not ready yet. ``meanwhile``
        is work of the caller's, run while the pool starts (see ``analysis_pool``)."""
        jobs = _chunks(articles, JOB_SIZE)
        if workers > 1:
            yield from self._annotated_in_pool(jobs, workers, report, meanwhile)
        for batch in jobs:  # in-process; also what is left if the pool broke
            yield from self._annotate_here(batch)

    def _annotate_here(self, batch: list[Article]) -> Iterator[Analysed]:
        model_version, results = annotate_bodies((self.annotator, [a.body for a in batch]))
        for article, result in zip(batch, results):
            yield article, model_version, result

    def _annotated_in_pool(
        self, jobs: Iterator[list[Article]], workers: int, report: ImportReport, meanwhile: Callable[[], bool]
    ) -> Iterator[Analysed | _Waiting]:
        """A bounded window of jobs in flight (a 100,000-article folder is never all in
        memory); results come back in input order, with a ``_Waiting`` before each wait for
        one. If the pool cannot start or a worker dies, the jobs in flight are redone here
        and the caller carries on in-process."""
        from concurrent.futures.process import BrokenProcessPool

        from reader.analysis_pool import analysis_pool
        from reader.worker_lifetime import stop_pool

        window: deque = deque()
        try:
            # Workers forked from a preloaded server; they die with this process, however it
            # ends (see reader.analysis_pool and reader.worker_lifetime).
            with analysis_pool(workers, self.annotator, meanwhile) as pool:
                try:
                    for batch in jobs:
                        window.append((batch, None))  # in the window before submit can fail
                        window[-1] = (batch, pool.submit(annotate_bodies, (self.annotator, [a.body for a in batch])))
                        while len(window) >= workers * 8 or (window and window[0][1].done()):
                            if not window[0][1].done():
                                yield _WAITING
                            model_version, results = window[0][1].result()
                            done_batch, _ = window.popleft()
                            yield from zip(done_batch, [model_version] * len(results), results)
                    while window:
                        if not window[0][1].done():
                            yield _WAITING_LAST
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
        self, batch: list[tuple[Article, str, dict[str, Any]]], report: ImportReport, new: bool,
        prepared: dict[str, PreparedArticle] | None = None,
    ) -> None:
        """Store ``batch`` in one transaction; ``prepared`` holds (and gives up) what was
        made ahead for storing some of its articles."""
        now = time.time()
        same_as: dict[str, str] = {}  # id -> the stored article it duplicates
        added: list[str] = []
        with self.db.write() as conn:
            # another process may have stored the same text or page meanwhile: checked inside
            for n, (article, model_version, annotation) in enumerate(batch):
                made = prepared.pop(article.id, None) if prepared else None
                same = article.id if self.db.has(article.id) else self.db.id_for_url(article.url)
                if same is not None:
                    same_as[article.id] = same
                    continue
                facts = facts_of(annotation)
                facts.added_at = now + n * 1e-6  # keeps the "added" order within a batch
                self.db.insert(conn, article, facts, model_version, annotation, made)
                added.append(article.id)
        for article, _, _ in batch:
            if article.id in same_as:
                report.duplicates.append(same_as[article.id])
            else:
                report.added.append(article.id)
            report.ids.append(same_as.get(article.id, article.id))
        self._counts.clear()
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
        """Every article, newest first: light rows fetched on demand (see :class:`Rows`)."""
        self.refresh()
        return Rows(self, HayFilter.of(()), "date")

    @_synchronized
    def filter(self, query: str, sort: str = "date") -> Sequence[ArticleSummary]:
        """Articles whose title, source, place, date or people contain every word of ``query``
        (casefolded substrings), in ``sort`` order; fetched on demand."""
        if sort not in SQL_SORTS:
            raise ValueError(f"Unknown sort {sort!r}; use one of {', '.join(SORTS)}.")
        self.refresh()
        return Rows(self, HayFilter.of(query.casefold().split()), sort)

    @_synchronized
    def count(self) -> int:
        """How many articles are stored."""
        self.refresh()
        return self._count(HayFilter.of(()))

    @_synchronized
    def _count(self, hay: HayFilter) -> int:
        found = self._counts.get(hay)
        if found is None:
            found = self._counts[hay] = self.db.filter_count(hay)
            if len(self._counts) > 64:
                self._counts.pop(next(iter(self._counts)))
        return found

    @_synchronized
    def _page(self, hay: HayFilter, sort: str, offset: int, limit: int) -> list[ArticleSummary]:
        matching = self._count(hay) if not hay.empty else None
        total = self._count(HayFilter.of(())) if not hay.empty else None
        return [self._with_facts(s) for s in self.db.page(hay, sort, offset, limit, matching, total)]

    @_synchronized
    def _position(self, hay: HayFilter, sort: str, article_id: str) -> int | None:
        return self.db.position(hay, sort, article_id)

    @_synchronized
    def summaries_of(self, article_ids: Iterable[str]) -> list[ArticleSummary]:
        """The rows of these articles that are still in the library, in the order given (one
        query: for a feed's articles, notes and exports that name a few, not the whole list)."""
        self.refresh()
        wanted = list(dict.fromkeys(article_ids))
        found = {s.id: s for s in self.db.summaries_of(wanted)}
        return [self._with_facts(found[i]) for i in wanted if i in found]

    @_synchronized
    def filter_within(self, article_ids: Iterable[str], query: str = "", sort: str = "date") -> list[ArticleSummary]:
        """:meth:`filter` among some articles only (a feed's): same matching, same order; ids
        no longer in the library are left out."""
        if sort not in SQL_SORTS:
            raise ValueError(f"Unknown sort {sort!r}; use one of {', '.join(SORTS)}.")
        self.refresh()
        rows = self.db.within(list(dict.fromkeys(article_ids)), HayFilter.of(query.split()), sort)
        return [self._with_facts(s) for s in rows]

    @_synchronized
    def has_url(self, url: str) -> bool:
        """Whether an article from this page (URL compared normalised) is stored."""
        return self.db.id_for_url(url) is not None

    @_synchronized
    def resolve(self, article_id: str) -> str:
        """The full id for ``article_id`` or a unique prefix of one; UnknownArticle otherwise."""
        self.refresh()
        if isinstance(article_id, str) and article_id and self.db.has(article_id):
            return article_id
        matches = self.db.ids_with_prefix(article_id, 2) if isinstance(article_id, str) and article_id else []
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise UnknownArticle(f"The id prefix {article_id!r} matches several articles; type more of it.")
        raise UnknownArticle(f"No article with id {article_id!r} in the library.")

    @_synchronized
    def summary(self, article_id: str) -> ArticleSummary:
        found = self.db.summary(self.resolve(article_id))
        if found is None:
            raise UnknownArticle(f"No article with id {article_id!r} in the library.")
        return self._with_facts(found)

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
            stored = self.db.read(full_id)
        except KeyError:
            raise UnknownArticle(f"The article {full_id} is no longer in the library.") from None
        except CorruptDataError as error:
            if not self._repair(full_id):
                self._damage_seen(error)
                raise
            stored = self.db.read(full_id)
        self._remember(full_id, stored, None)
        return stored, None

    @_synchronized
    def annotation(self, article_id: str) -> Annotation:
        """Quotes and figures of the article. Stored with the article at import together with
        the MODEL_VERSION; after a model change, computed once and stored in its place."""
        full = self.resolve(article_id)
        stored, annotation = self._stored(full)
        if annotation is not None:
            return annotation
        annotate, model_version = load_annotator(self.annotator)
        if stored.model == model_version and stored.annotation is not None:
            data = stored.annotation
        else:
            data = annotate(stored.article.body).to_dict()
            if not self.read_only:
                try:
                    self.db.replace_annotation(full, model_version, data)
                    stored = StoredArticle(stored.article, model_version, data)
                except StoreError:
                    pass  # best effort: computed again next time
        annotation = Annotation.from_dict(data)
        self._remember(full, stored, annotation)
        return annotation

    def _remember(self, article_id: str, stored: StoredArticle, annotation: Annotation | None) -> None:
        self._opened[article_id] = (stored, annotation)
        self._opened.move_to_end(article_id)
        while len(self._opened) > OPEN_CACHE:
            self._opened.popitem(last=False)

    @_synchronized
    def delete(self, article_id: str, *, keep_notes: bool = True) -> None:
        """Remove an article, its reading state and bookmarks; its notes stay unless told otherwise
        (they re-attach if the same text is added again). An article with notes is first copied,
        with the user data, into a pinned backup that ordinary saves never rotate out."""
        self._require_writable()
        full = self.resolve(article_id)
        if self.user.data.notes(full):
            self.pin_backup(f"delete-{full}", articles=[full])
        with self._lock.held():
            self.db.delete(full)
            with self.user.transaction() as txn:
                txn.remove_reading(full)
                txn.remove_bookmarks_of(full)
                if not keep_notes:
                    txn.remove_notes_of(full)
        self._opened.pop(full, None)
        self._counts.clear()
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

    # -- backups ---------------------------------------------------------------

    def pin_backup(self, reason: str, articles: Iterable[str] = ()) -> Path:
        """A copy of the user data (and of ``articles``, with their annotations) kept in
        ``backups/pinned/`` before a destructive operation; never rotated out by saves."""
        payload: dict[str, Any] = {"reason": reason, "made_at": time.time(), "user_data": self.user.exchange(),
                                   "articles": {}}
        for article_id in articles:
            try:
                stored = self.db.read(article_id)
            except (KeyError, StoreError):
                continue
            a = stored.article
            payload["articles"][article_id] = {
                "article": {"id": a.id, "title": a.title, "body": a.body, "source": a.source, "place": a.place,
                            "date": a.date, "url": a.url, "author": a.author, "origin": a.origin,
                            "paragraphs": [[p.start, p.end, p.kind] for p in a.paragraphs], "meta": a.meta,
                            "inline": [[i.start, i.end, i.kind, i.target] for i in a.inline]},
                "model": stored.model, "annotation": stored.annotation}
        return backup_policy.save_pinned(self.data_dir / "backups", reason,
                                         json.dumps(payload, ensure_ascii=False).encode("utf-8"))

    def backup_database_if_due(self, max_bytes: int | None = None) -> str | None:
        """The daily database backup, when due (and, with ``max_bytes``, when the database is no
        bigger: the CLI leaves big ones to the TUI's background worker and ``reader doctor``).
        Returns a warning when it failed, for the caller to show."""
        try:
            if max_bytes is not None and self.db.path.stat().st_size > max_bytes:
                return None
            self.backup_database()
        except (StoreError, OSError) as error:
            return f"The article database could not be backed up: {error}"
        return None

    def backup_database(self, *, force: bool = False,
                        progress: Callable[[int, int], None] | None = None) -> Path | None:
        """Copy ``library.db`` into ``backups/`` with SQLite's backup API when it changed since
        the newest copy (or ``force``) and that copy is older than a day; rotated by age."""
        if self.read_only:
            return None
        return backup_policy.backup_database(self.db, self.data_dir / "backups", force=force, progress=progress)

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
        wanted = list(dict.fromkeys(article_ids))
        known = {s.id for s in self.db.summaries_of(wanted)}
        changed = []
        for article_id in wanted:
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
        self._sync_notes()
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
        self._sync_notes()
        return note

    @_synchronized
    def delete_note(self, note_id: str) -> None:
        with self.user.transaction() as txn:
            if not txn.remove_note(note_id):
                raise KeyError(f"No note {note_id!r}.")
        self._sync_notes()

    @_synchronized
    def restore_note(self, note: Note) -> Note:
        """Put back a deleted note exactly as it was (same id, anchor, text and
        times): the undo of :meth:`delete_note`. Durable like every write."""
        with self.user.transaction() as txn:
            txn.save_note(note)
        self._sync_notes()
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
    def restore_user_data(self, data: dict, *, replace: bool = False) -> RestoreOutcome:
        """Restore ``data`` (the exchange layout; older schemas are migrated): merged into the
        current data by default (notes by id, the newer wins; nothing current is removed), in its
        place with ``replace=True``. A pinned backup of the current data is made first; damaged
        documents are quarantined and returned in the outcome. The search index follows."""
        self._require_writable()
        outcome = self.user.replace_all(data, merge=not replace)
        self.refresh()
        return outcome


class Rows(Sequence[ArticleSummary]):
    """The library list, sorted and filtered by SQLite, fetched a page at a time.

    The TUI's virtual list only asks for ``len()`` and the rows on screen, so
    a million articles cost what a hundred do. A page carries the user facts
    (bookmarked, notes, read) known when it was fetched; callers take a new
    ``Rows`` (``Library.filter``) when the library changes.
    """

    def __init__(self, library: Library, hay: HayFilter, sort: str) -> None:
        self._library = library
        self._hay = hay
        self._sort = sort
        self._len: int | None = None
        self._pages: OrderedDict[int, list[ArticleSummary]] = OrderedDict()

    def __len__(self) -> int:
        if self._len is None:
            self._len = self._library._count(self._hay)
        return self._len

    def _page(self, number: int) -> list[ArticleSummary]:
        page = self._pages.get(number)
        if page is None:
            page = self._library._page(self._hay, self._sort, number * PAGE, PAGE)
            self._pages[number] = page
            while len(self._pages) > PAGES_KEPT:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(number)
        return page

    def __getitem__(self, index):  # type: ignore[no-untyped-def, override]
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if index < 0:
            raise IndexError(index)
        page = self._page(index // PAGE)
        try:
            return page[index % PAGE]
        except IndexError:
            if index < len(self):  # the library changed since it was counted: a stand-in row
                return ArticleSummary("", "(changed elsewhere: refreshing)", None, None, None, 0, 0, 0)
            raise IndexError(index) from None

    def __iter__(self) -> Iterator[ArticleSummary]:
        number = 0
        while True:
            page = self._page(number)
            yield from page
            if len(page) < PAGE:
                return
            number += 1

    def position(self, article_id: str) -> int | None:
        """The index of ``article_id`` in these rows (None when not among them), from SQLite."""
        return self._library._position(self._hay, self._sort, article_id)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence):
            return list(self) == list(other)
        return NotImplemented

    def __repr__(self) -> str:
        return f"Rows({len(self)} articles, sort={self._sort!r})"


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


class _ReadAhead(Iterator[Article]):
    """The articles of an import, of which some are read, and prepared for storing, ahead.

    While an import's analysis processes start, its own process has a core to itself and
    nothing to do (0.3-0.5 s of a 1,000-article import); reading articles and making what
    storing them needs of them regardless of their annotation (``prepare``, ~0.5 ms an
    article) then takes that much off the rest of the import."""

    def __init__(self, articles: Iterator[Article], limit: int = READ_AHEAD, chars: int = READ_AHEAD_CHARS) -> None:
        self._articles = articles
        self._ahead: deque[Article] = deque()
        self._limit = limit
        self._chars_limit = chars
        self._chars = 0  # of the articles ahead
        self.prepared: dict[str, PreparedArticle] = {}  # by article id, until stored

    def read_one(self) -> bool:
        """Read and prepare the next article; False when there is none, or enough are ahead."""
        if len(self._ahead) >= self._limit or self._chars >= self._chars_limit:
            return False
        article = next(self._articles, None)
        if article is None:
            return False
        self.prepared[article.id] = prepare(article)
        self._ahead.append(article)
        self._chars += len(article.body)
        return True

    def __next__(self) -> Article:
        if not self._ahead:
            return next(self._articles)
        article = self._ahead.popleft()
        self._chars -= len(article.body)
        return article


def _check_json(key: str, value: Any) -> None:
    from reader.store.storage import dumps

    try:
        dumps(value)
    except (TypeError, ValueError) as error:
        raise ValueError(f"Cannot save {key!r}: not JSON data ({error}).") from error


def doctor(library: Library) -> list[tuple[str, str]]:
    """Check and repair everything (``reader doctor``): the user data, the article database
    and its search index, the note mirror, the backups and the files' permissions. Returns
    (what was checked, what was found or done), in order."""
    from reader.store import recovery
    from reader.store.backups import database_files
    from reader.store.validate import split_valid

    library._require_writable()
    report: list[tuple[str, str]] = []
    report.append(("user data", "; ".join(library.warnings) or "ok (opened cleanly)"))
    with library._lock.held():
        _, bad = split_valid(library.user.storage.tables)
    if bad:
        report.append(("user records", "; ".join(library.user.open())))
    else:
        report.append(("user records", f"ok ({len(library.user.data.note_texts())} notes, every field valid)"))
    with library._mutex:
        # the file first (pages), then rows that do not decode, then the indexes built from them
        problems = library.db.quick_check(search=False)
        if problems:
            with library._lock.held():
                messages = recovery.recover_database(library.db, f"The article database failed its check ({problems[0]}).")
            report.append(("article database", "repaired: " + " ".join(messages)))
        else:
            report.append(("article database", f"ok (quick_check; {library.db.count():,} articles)"))
        broken = recovery.undecodable(library.db)
        if broken:
            repaired, still = recovery.repair_rows(library.db, broken)
            report.append(("articles", f"{len(broken)} did not decode: {len(repaired)} restored from the database "
                                       f"backup" + (f", {len(still)} could not be ({', '.join(still[:5])}); "
                                                     "delete and add them again" if still else "")))
        else:
            report.append(("articles", "ok (every one decodes)"))
        index_problems = library.db.quick_check()
        if index_problems:
            library.db.rebuild_search()
            report.append(("search index", f"rebuilt ({index_problems[0]})"))
        else:
            report.append(("search index", "ok (integrity-check)"))
        library._notes_version = -1
        library._sync_notes()
        report.append(("notes in the search index", "in step"))
    path = library.backup_database(force=True)
    user_backup = library.user.backups.newest_good()
    report.append(("backups", f"database copied to {path.name if path else '-'}; {len(database_files(library.data_dir / 'backups'))} "
                              f"database and {len(library.user.backups.files())} user backups; newest usable user backup: "
                              f"{user_backup[0].name if user_backup else 'none'}"))
    (library.data_dir / SUSPECT_FILE).unlink(missing_ok=True)  # checked (and repaired) just now
    fixed = fix_permissions(library.data_dir)
    report.append(("permissions", f"{fixed} fixed (folders 0700, files 0600)" if fixed else "ok (folders 0700, files 0600)"))
    return report


def fix_permissions(folder: Path) -> int:
    """Folders 0700 and files 0600 under the data folder; returns how many were changed."""
    import stat

    changed = 0
    for root, dirs, files in os.walk(folder):
        for name, mode in [(d, 0o700) for d in dirs] + [(f, 0o600) for f in files] + ([(".", 0o700)] if root == str(folder) else []):
            path = os.path.join(root, name)
            try:
                st = os.lstat(path)
                if stat.S_ISLNK(st.st_mode) or stat.S_IMODE(st.st_mode) == mode:
                    continue
                os.chmod(path, mode)
                changed += 1
            except OSError:
                continue
    return changed
