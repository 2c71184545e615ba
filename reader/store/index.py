"""The article index: one compact row per article, loaded with one ``json.load``.

Layout: ``index.json`` is a snapshot (``{"schema", "fields", "rows"}``, rows
as small lists) and ``index.log`` an append-only journal of changes since the
snapshot (one JSON line each: ``["set", row]`` or ``["del", id]``). Adding an
article appends a line (fsynced) instead of rewriting megabytes; when the log
grows long the snapshot is rewritten atomically and the log emptied. Both ops
are idempotent, so replaying a log that the snapshot already includes (crash
between the two steps) is harmless; a torn last line (crash mid-append) was
never acknowledged and is dropped.

Other processes' changes are picked up by :meth:`ArticleIndex.refresh`, which
reads only the new tail of the log when the snapshot is unchanged.
"""

from __future__ import annotations

import gc
import json
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from reader.domain import ArticleSummary
from reader.store.atomic import append_durably, atomic_write
from reader.store.errors import CorruptDataError, from_os_error
from reader.store.lock import StoreLock
from reader.store.storage import dumps, load_json_file
from reader.store.urls import normalize_url

INDEX_FILE = "index.json"
LOG_FILE = "index.log"
INDEX_SCHEMA = 1
FIELDS = ("id", "title", "source", "place", "date", "words", "quotes", "figures", "people",
          "added_at", "url")
MIN_COMPACT = 2000
FREEZE_ABOVE = 20_000  # rows; see gc_paused

Stamp = tuple[int, int, int, int]


def row_of(s: ArticleSummary) -> list[Any]:
    return [s.id, s.title, s.source, s.place, s.date, s.words, s.quotes, s.figures, s.people,
            s.added_at, s.url]


def summary_from_row(row: list[Any]) -> ArticleSummary:
    id_, title, source, place, date, words, quotes, figures, people, added_at, url = row
    return ArticleSummary(id_, title, source, place, date, words, quotes, figures, people,
                          added_at, url=url)


def haystack_of(s: ArticleSummary) -> str:
    """Everything filter-as-you-type matches, lowercased once; \\x00 stops cross-field hits."""
    return "\x00".join((s.title, s.source or "", s.place or "", s.date or "", *s.people)).casefold()


@contextmanager
def gc_paused(*, freeze: Callable[[], bool] = lambda: False) -> Iterator[None]:
    """Building 100,000 rows makes a million objects; the cyclic GC would walk them all
    several times over (3-4x slower loads) although none of them can form a cycle.

    When ``freeze()`` says so, everything alive moves to the GC's permanent
    generation before the GC is re-enabled, so the rows are not walked by later
    collections either (reference counting still frees them when replaced).
    Frozen cyclic garbage is never collected, hence only for big loads.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze():
            gc.freeze()
        if enabled:
            gc.enable()


def date_order(s: ArticleSummary) -> tuple[str, float]:
    """The library's default order (newest first, with reverse=True); snapshots are written in
    it so that sorting after a load is nearly free."""
    return (s.date or "", s.added_at)


def _stamp(path: Path) -> Stamp | None:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


class ArticleIndex:
    def __init__(self, data_dir: Path, lock: StoreLock) -> None:
        self.path = data_dir / INDEX_FILE
        self.log_path = data_dir / LOG_FILE
        self.lock = lock
        self.summaries: dict[str, ArticleSummary] = {}
        self.haystacks: dict[str, str] = {}
        self._urls: dict[str, str] | None = None  # normalised URL -> id, built on first use
        self.version = 0
        self._replaced: set[str] | None = set()  # ids whose summary objects are new; None: all
        self._snap_stamp: Stamp | None = None
        self._log_ino: int | None = None
        self._log_offset = 0
        self._log_lines = 0

    # -- loading -------------------------------------------------------------

    def load(self) -> None:
        """Full (re)load: snapshot, then the whole log. CorruptDataError if the snapshot is bad."""
        with gc_paused(freeze=lambda: len(self.summaries) >= FREEZE_ABOVE):
            self._load()

    def _load(self) -> None:
        stamp = _stamp(self.path)
        data = load_json_file(self.path)
        summaries: dict[str, ArticleSummary] = {}
        haystacks: dict[str, str] = {}
        if data is not None:
            if not isinstance(data, dict) or data.get("schema") != INDEX_SCHEMA \
                    or data.get("fields") != list(FIELDS):
                raise CorruptDataError(f"{self.path} is not an index this version can read.")
            try:
                # summary_from_row and haystack_of, inlined: this loop runs 100,000 times at start
                make, join = ArticleSummary, "\x00".join
                for id_, title, source, place, date, words, quotes, figures, people, added, url in data["rows"]:
                    summaries[id_] = make(id_, title, source, place, date, words, quotes, figures, people,
                                          added, False, 0, False, False, url)
                    haystacks[id_] = join((title, source or "", place or "", date or "", *people)).casefold()
            except (KeyError, TypeError, ValueError) as error:
                raise CorruptDataError(f"{self.path} is damaged: {error!r}.") from error
        self.summaries = summaries
        self.haystacks = haystacks
        self._urls = None
        self._snap_stamp = stamp
        self._log_ino = None
        self._log_offset = 0
        self._log_lines = 0
        self._read_log()
        self._replaced = None
        self.version += 1

    def take_replaced(self) -> set[str] | None:
        """Ids whose summary objects were replaced since the last call (None: all of them),
        so the caller can re-apply what it layers on top (the user's flags)."""
        replaced, self._replaced = self._replaced, set()
        return replaced

    def refresh(self) -> set[str] | None:
        """Pick up other processes' changes; returns changed ids, or None after a full reload."""
        if _stamp(self.path) != self._snap_stamp:
            self.load()
            return None
        try:
            st = os.stat(self.log_path)
        except FileNotFoundError:
            if self._log_offset:
                self.load()
                return None
            return set()
        if self._log_ino is not None and st.st_ino != self._log_ino or st.st_size < self._log_offset:
            self.load()
            return None
        if st.st_size == self._log_offset:
            return set()
        with gc_paused():
            changed = self._read_log()
        if changed:
            self.version += 1
        return changed

    def _read_log(self) -> set[str]:
        changed: set[str] = set()
        try:
            with open(self.log_path, "rb") as log:
                self._log_ino = os.fstat(log.fileno()).st_ino
                log.seek(self._log_offset)
                tail = log.read()
        except FileNotFoundError:
            return changed
        except OSError as error:
            raise from_os_error(error, self.log_path, "read") from error
        end = tail.rfind(b"\n") + 1  # bytes after the last newline: a line still being written
        for line in tail[:end].splitlines():
            try:
                op, arg = json.loads(line)
                if op == "set":
                    summary = summary_from_row(arg)
                    self._forget_url(summary.id)
                    self.summaries[summary.id] = summary
                    self.haystacks[summary.id] = haystack_of(summary)
                    self._remember_url(summary)
                    changed.add(summary.id)
                elif op == "del":
                    self._forget_url(arg)
                    self.summaries.pop(arg, None)
                    self.haystacks.pop(arg, None)
                    changed.add(arg)
            except (ValueError, TypeError):
                continue  # a damaged line can only be an unacknowledged write
            self._log_lines += 1
        self._log_offset += end
        if self._replaced is not None:
            self._replaced |= changed
        return changed

    # -- URLs ----------------------------------------------------------------------

    def id_for_url(self, url: str | None) -> str | None:
        """The id of the stored article with this URL (compared normalised), if any.

        The map is built on first use, not at load: normalising 100,000 URLs
        would slow every start for a question only imports ask.
        """
        key = normalize_url(url)
        if key is None:
            return None
        if self._urls is None:
            urls: dict[str, str] = {}
            for summary in self.summaries.values():
                found = normalize_url(summary.url)
                if found is not None:
                    urls.setdefault(found, summary.id)
            self._urls = urls
        return self._urls.get(key)

    def _remember_url(self, summary: ArticleSummary) -> None:
        if self._urls is not None:
            key = normalize_url(summary.url)
            if key is not None:
                self._urls.setdefault(key, summary.id)

    def _forget_url(self, article_id: str) -> None:
        old = self.summaries.get(article_id)
        if self._urls is not None and old is not None:
            key = normalize_url(old.url)
            if key is not None and self._urls.get(key) == article_id:
                self._urls = None  # another article may share the URL: rebuilt when next asked

    # -- writing (callers hold the lock) -----------------------------------------

    def apply(self, upserts: Iterable[ArticleSummary] = (), deletes: Iterable[str] = ()) -> set[str]:
        """Journal and apply changes (the caller holds the lock and has refreshed); returns the
        changed ids."""
        lines = [dumps(["set", row_of(s)]) for s in upserts] + [dumps(["del", i]) for i in deletes]
        if not lines:
            return set()
        self._append(b"\n".join(lines) + b"\n")
        changed = self._read_log()
        self.version += 1
        if self._log_lines > max(MIN_COMPACT, len(self.summaries) // 10):
            self.compact()
        return changed

    def _append(self, data: bytes) -> None:
        append_durably(self.log_path, data, self._log_offset)

    def compact(self) -> None:
        """Rewrite the snapshot from memory and empty the log (caller holds the lock)."""
        self.write_snapshot(self.summaries.values())
        atomic_write(self.log_path, b"")
        self._snap_stamp = _stamp(self.path)
        self._log_ino = os.stat(self.log_path).st_ino
        self._log_offset = 0
        self._log_lines = 0

    def write_snapshot(self, summaries: Iterable[ArticleSummary]) -> None:
        ordered = sorted(summaries, key=date_order, reverse=True)
        data = {"schema": INDEX_SCHEMA, "fields": list(FIELDS), "rows": [row_of(s) for s in ordered]}
        atomic_write(self.path, dumps(data))

    def rebuild(self, summaries: Iterable[ArticleSummary]) -> None:
        """Replace the index by ``summaries`` (from the article files); caller holds the lock."""
        self.write_snapshot(summaries)
        atomic_write(self.log_path, b"")
        self.load()

