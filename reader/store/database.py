"""The article library in one SQLite database: ``library.db``.

Articles (metadata, body, the annotation with the model version that made
it, feed origin), the people and quotes of each as tables, a mirror of the
user's note text (the notes themselves live in TinyDB, see
:mod:`reader.store.userdata`), and an FTS5 full-text index over title, body,
people and note text, all kept in step inside the same transactions.

Why the layout is what it is:

- ``articles`` is narrow (what the library list shows, plus ``hay``, the
  casefolded text filter-as-you-type matches), so listing, sorting and
  filtering 1,000,000 rows scans a few hundred bytes per row, never bodies.
  ``bodies`` holds the zlib-compressed text and annotation (news text
  compresses ~3x; opening an article decompresses ~10 KB in microseconds).
- The FTS5 table indexes the project's own analysed terms
  (:func:`reader.search.text.folded`: "U.S." → "us", "America's" → "america",
  plurals folded), which no built-in FTS5 tokenizer does and the stdlib
  ``sqlite3`` cannot register a tokenizer. Its external content is the view
  ``fts_source`` computing those terms with Python functions registered on
  every connection, so nothing is stored twice and ``'rebuild'`` works.
- WAL (readers never block the writer, a crash never leaves a half-written
  page), ``busy_timeout`` (two processes queue instead of failing), foreign
  keys (people, quotes and bodies go with their article).
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import threading
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader.domain import Article, ArticleSummary, InlineSpan, Paragraph
from reader.store.errors import CorruptDataError, LockedError, StoreError, from_os_error
from reader.store.urls import normalize_url

DB_FILE = "library.db"
SCHEMA = 2  # PRAGMA user_version
# What opening a database of an older schema runs after SCHEMA_SQL, by the version it had.
# 2: rows enter hay_words from Database.insert, not by a trigger (see there why).
MIGRATIONS: dict[int, tuple[str, ...]] = {
    1: ("DROP TRIGGER IF EXISTS articles_hay_insert",),
}
BUSY_TIMEOUT_MS = 15_000
PEOPLE_BREAK = "qqpersonbreakqq"  # between two names in the FTS people column: no phrase spans two names
_VALID_ID = re.compile(r"[A-Za-z0-9_-]{4,64}")

SORTS: dict[str, str] = {
    "date": "date DESC, added_at DESC, n DESC",
    "title": "title COLLATE NOCASE, n",
    "source": "source IS NULL, source COLLATE NOCASE, date DESC, added_at DESC, n DESC",
    "added": "added_at DESC, n DESC",
    "quotes": "quotes DESC, date DESC, added_at DESC, n DESC",
}
SUMMARY_COLUMNS = "n, id, title, source, place, date, words, quotes, figures, people, added_at, url"

SCHEMA_SQL = f"""
CREATE TABLE IF NOT EXISTS articles (
    n INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    source TEXT, place TEXT, date TEXT, url TEXT, url_key TEXT, author TEXT, origin TEXT,
    words INTEGER NOT NULL DEFAULT 0,
    quotes INTEGER NOT NULL DEFAULT 0,
    figures INTEGER NOT NULL DEFAULT 0,
    people TEXT NOT NULL DEFAULT '[]',
    added_at REAL NOT NULL DEFAULT 0,
    hay TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS articles_by_date ON articles(date DESC, added_at DESC, n DESC);
CREATE INDEX IF NOT EXISTS articles_by_title ON articles(title COLLATE NOCASE, n);
CREATE INDEX IF NOT EXISTS articles_by_source
    ON articles(source IS NULL, source COLLATE NOCASE, date DESC, added_at DESC, n DESC);
CREATE INDEX IF NOT EXISTS articles_by_added ON articles(added_at DESC, n DESC);
CREATE INDEX IF NOT EXISTS articles_by_quotes ON articles(quotes DESC, date DESC, added_at DESC, n DESC);
CREATE INDEX IF NOT EXISTS articles_by_url ON articles(url_key) WHERE url_key IS NOT NULL;
CREATE TABLE IF NOT EXISTS bodies (
    article INTEGER PRIMARY KEY REFERENCES articles(n) ON DELETE CASCADE,
    body BLOB NOT NULL,
    paragraphs BLOB NOT NULL,  -- zlib JSON [[start, end(, kind)], ...]
    meta TEXT NOT NULL DEFAULT '{{}}',
    inline BLOB,  -- zlib JSON [[start, end, kind, target], ...] (emphasis, links); NULL when none
    model TEXT,
    annotation BLOB
);
CREATE TABLE IF NOT EXISTS people (
    article INTEGER NOT NULL REFERENCES articles(n) ON DELETE CASCADE,
    name TEXT NOT NULL,
    role TEXT,
    mentions INTEGER NOT NULL DEFAULT 0,
    quotes INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS people_by_article ON people(article);
CREATE INDEX IF NOT EXISTS people_by_name ON people(name);
CREATE TABLE IF NOT EXISTS quotes (
    article INTEGER NOT NULL REFERENCES articles(n) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    speaker TEXT,
    kind TEXT  -- what the speaker is: person, organization, description (NULL: nobody)
);
CREATE INDEX IF NOT EXISTS quotes_by_article ON quotes(article);
CREATE INDEX IF NOT EXISTS quotes_by_speaker ON quotes(speaker) WHERE speaker IS NOT NULL;
CREATE TABLE IF NOT EXISTS notes (
    id TEXT PRIMARY KEY,
    article_id TEXT NOT NULL,
    text TEXT NOT NULL DEFAULT '',
    highlight INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS notes_by_article ON notes(article_id);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE VIEW IF NOT EXISTS fts_source AS
    SELECT a.n AS n, terms_of(a.title) AS title, terms_of(unzip(b.body)) AS body,
           people_terms(a.people) AS people,
           terms_of((SELECT group_concat(t.text, ' ') FROM
                      (SELECT text FROM notes WHERE article_id = a.id ORDER BY id) AS t)) AS notes
    FROM articles a JOIN bodies b ON b.article = a.n;
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(
    title, body, people, notes, content='fts_source', content_rowid='n',
    tokenize='unicode61 remove_diacritics 0'
);
CREATE VIRTUAL TABLE IF NOT EXISTS fts_words USING fts5vocab(fts, 'row');
CREATE VIRTUAL TABLE IF NOT EXISTS hay_words USING fts5(
    hay, content='articles', content_rowid='n', tokenize='unicode61 remove_diacritics 0',
    prefix='1 2 3 4 5 6 7 8', detail='none'
);
CREATE TRIGGER IF NOT EXISTS articles_hay_delete AFTER DELETE ON articles BEGIN
    INSERT INTO hay_words(hay_words, rowid, hay) VALUES ('delete', old.n, old.hay);
END;
CREATE TRIGGER IF NOT EXISTS articles_hay_update AFTER UPDATE OF hay ON articles BEGIN
    INSERT INTO hay_words(hay_words, rowid, hay) VALUES ('delete', old.n, old.hay);
    INSERT INTO hay_words(rowid, hay) VALUES (new.n, new.hay);
END;
"""
SORT_INDEX = {"date": "articles_by_date", "title": "articles_by_title", "source": "articles_by_source",
              "added": "articles_by_added", "quotes": "articles_by_quotes"}
SCAN_ROW_COST = 20  # relative cost of testing one row in Python while walking the sort order…
IN_ROW_COST = 1  # …and of taking one matching row from the filter index
_TOKEN = re.compile(r"[^\W_]+")


def _fts_string(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


@dataclass(frozen=True, slots=True)
class HayFilter:
    """Filter-as-you-type: every word typed must start a word of the row's text (title, source,
    place, date, people). Word starts, not substrings: an index answers them at any size
    (FTS5 prefix queries on ``hay_words``), and no index answers "contains 'e'" for a million
    rows. A word with punctuation inside ("u.s.") asks for each of its parts."""

    words: tuple[str, ...]

    @classmethod
    def of(cls, typed: Sequence[str]) -> HayFilter:
        return cls(tuple(dict.fromkeys(t for w in typed for t in _TOKEN.findall(w.casefold()))))

    @property
    def empty(self) -> bool:
        return not self.words

    def subquery(self) -> tuple[str, list[str]]:
        """The matching rowids."""
        return ("SELECT rowid FROM hay_words WHERE hay_words MATCH ?",
                [" AND ".join(_fts_string(w) + " *" for w in self.words)])

    def matcher(self) -> Callable[[str], bool]:
        """The same test in Python, row by row (for the first pages of a filter matching much)."""
        patterns = [re.compile(r"(?<![^\W_])" + re.escape(w)) for w in self.words]
        return lambda hay: all(p.search(hay) for p in patterns)


def check_id(article_id: str) -> str:
    """Ids come from content hashes; refuse anything else (they appear in paths and commands)."""
    if not isinstance(article_id, str) or not _VALID_ID.fullmatch(article_id):
        raise StoreError(f"Invalid article id {article_id!r}.")
    return article_id


# --------------------------------------------------------------------------
# encoding
# --------------------------------------------------------------------------


def pack(text: str) -> bytes:
    """Level 1: an imported article's body and annotation compress in 0.12 ms instead of
    0.18 at level 6, for 5 % more bytes of body (1,630 against 1,550 an article) and 11 %
    of annotation; the library stays well within its disk budget."""
    return zlib.compress(text.encode("utf-8"), 1)


def unpack(blob: bytes | None) -> str | None:
    return None if blob is None else zlib.decompress(blob).decode("utf-8")


def _unzip_for_sql(blob: bytes | None) -> str | None:
    """``unpack`` inside SQL (the FTS source view): a damaged body reads as empty instead of
    failing the statement, so the index can still be rebuilt around it."""
    try:
        return unpack(blob)
    except (zlib.error, UnicodeDecodeError, TypeError):
        return None


def _terms_of(text: str | None) -> str:
    from reader.search.text import folded_text

    return folded_text(text) if text else ""


def _people_terms(people_json: str | None) -> str:
    from reader.search.text import folded

    try:
        names = json.loads(people_json or "[]")
    except ValueError:
        return ""
    return f" {PEOPLE_BREAK} ".join(" ".join(folded(n)) for n in names if isinstance(n, str))


def hay_of(title: str, source: str | None, place: str | None, date: str | None, people: Sequence[str]) -> str:
    """What filter-as-you-type matches, casefolded once at write time (fields apart by a separator)."""
    return "\x1f".join((title, source or "", place or "", date or "", *people)).casefold()


@dataclass(slots=True)
class StoredFacts:
    """What the list needs beyond the Article itself (from the annotation, the clock)."""

    quotes: int = 0
    figures: int = 0
    people: list[str] = field(default_factory=list)
    added_at: float = 0.0


def slim(annotation: dict[str, Any]) -> dict[str, Any]:
    """The annotation without the texts of its spans (they are ``body[start:end]`` by contract):
    what is stored, about a third smaller."""
    out = dict(annotation)
    out["quotes"] = [{k: v for k, v in q.items() if k != "text"} for q in annotation.get("quotes", [])]
    out["entities"] = [{k: v for k, v in e.items() if k != "text"} for e in annotation.get("entities", [])]
    return out


def fatten(annotation: dict[str, Any], body: str) -> dict[str, Any]:
    """The stored annotation with its span texts cut back out of the body."""
    for key in ("quotes", "entities"):
        for item in annotation.get(key, []):
            if "text" not in item:
                item["text"] = body[item["start"]:item["end"]]
    return annotation


def _speaker_kind(quote: dict[str, Any]) -> str | None:
    """A quote's speaker kind; a speaker stored without one is a person (older annotations)."""
    return quote.get("speaker_kind") or ("person" if quote.get("speaker") else None)


def facts_of(annotation: dict[str, Any]) -> StoredFacts:
    figures = annotation.get("figures", [])
    return StoredFacts(len(annotation.get("quotes", [])), len(figures), [f["name"] for f in figures])


@dataclass(slots=True)
class StoredArticle:
    article: Article
    model: str | None  # MODEL_VERSION of ``annotation``
    annotation: dict[str, Any] | None  # Annotation.to_dict()


@dataclass(frozen=True, slots=True)
class PreparedArticle:
    """What storing an article makes of it that its annotation does not change: the
    compressed body, paragraphs and links, and the folded search terms of title and body.

    Apart from :meth:`Database.insert` so that an import can make them ahead, in time it
    would otherwise only wait (while the analysis processes start): about half of what an
    article costs the importing process (compressing the body, then folding its terms,
    which its remembered pieces made cheap: see ``search.text.folded_text``)."""

    url_key: str | None
    body: bytes
    paragraphs: bytes
    meta: str
    inline: bytes | None
    title_terms: str
    body_terms: str
    words: int  # Article.word_count, from the same split as the body's terms


def prepare(article: Article) -> PreparedArticle:
    from reader.search.text import folded_pieces

    pieces = article.body.split()
    return PreparedArticle(
        normalize_url(article.url),
        pack(article.body),
        pack(json.dumps([[p.start, p.end] if p.kind == "body" else [p.start, p.end, p.kind]
                         for p in article.paragraphs], separators=(",", ":"))),
        json.dumps(article.meta, ensure_ascii=False),
        pack(json.dumps([[i.start, i.end, i.kind, i.target] for i in article.inline], ensure_ascii=False))
        if article.inline else None,
        _terms_of(article.title),
        folded_pieces(pieces),
        len(pieces),
    )


def summary_of_row(row: Sequence[Any]) -> ArticleSummary:
    _, id_, title, source, place, date, words, quotes, figures, people, added_at, url = row
    return ArticleSummary(id_, title, source, place, date, words, quotes, figures, json.loads(people),
                          added_at, url=url)


# --------------------------------------------------------------------------
# the database
# --------------------------------------------------------------------------


def connect(path: Path, *, read_only: bool = False) -> sqlite3.Connection:
    """A connection with the pragmas and SQL functions every one of ours needs."""
    if read_only:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False,
                               isolation_level=None)
    else:
        conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
    conn.create_function("terms_of", 1, _terms_of, deterministic=True)
    conn.create_function("people_terms", 1, _people_terms, deterministic=True)
    conn.create_function("unzip", 1, _unzip_for_sql, deterministic=True)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    if not read_only:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")  # every commit fsynced: an acknowledged import stays
    conn.execute("PRAGMA cache_size = -16000")  # 16 MB page cache
    return conn


def translate(error: sqlite3.Error, path: Path, action: str = "use") -> StoreError:
    """A user-facing StoreError for an sqlite3 error."""
    text = str(error)
    if isinstance(error, sqlite3.OperationalError) and ("locked" in text or "busy" in text):
        return LockedError(f"Another copy of reader kept the library busy ({path}). Close it or try again.")
    if "disk is full" in text or "database or disk is full" in text:
        return from_os_error(OSError(28, "No space left on device"), path, action)
    if "readonly" in text or "read-only" in text:
        return from_os_error(OSError(30, "Read-only file system"), path, action)
    if isinstance(error, sqlite3.DatabaseError) and not isinstance(error, sqlite3.OperationalError):
        return CorruptDataError(f"The article database {path} is damaged ({text}). "
                                "Run `reader doctor` to repair it.")
    return StoreError(f"Could not {action} the article database {path}: {text}.")


class ArticleDB:
    """The database file and its one connection (shared by the library's threads under a lock)."""

    def __init__(self, path: Path, *, read_only: bool = False) -> None:
        self.path = path
        self.read_only = read_only
        self._conn: sqlite3.Connection | None = None
        self._mutex = threading.RLock()
        self._data_version: int | None = None
        self.generation = 0  # how many times another connection's commits were noticed

    # -- opening ---------------------------------------------------------------

    def open(self) -> None:
        """Open (creating the schema); CorruptDataError if the file is not a usable database."""
        existed = self.path.exists()
        if existed and self.path.stat().st_size == 0:  # SQLite would take it for a new database
            raise CorruptDataError(f"The article database {self.path} is empty (truncated).")
        if self.read_only and not existed:
            self._conn = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
            for name, fn in (("terms_of", _terms_of), ("people_terms", _people_terms), ("unzip", _unzip_for_sql)):
                self._conn.create_function(name, 1, fn, deterministic=True)
            self._conn.executescript(SCHEMA_SQL)
            return
        if not existed:
            try:  # created 0600 before SQLite opens it (its WAL and SHM files copy the mode)
                os.close(os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
            except FileExistsError:
                pass
            except OSError as error:
                raise from_os_error(error, self.path, "create") from error
        try:
            conn = connect(self.path, read_only=self.read_only)
        except sqlite3.DatabaseError as error:
            raise translate(error, self.path, "open") from error
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA:
                conn.close()
                raise CorruptDataError(
                    f"The article database {self.path} was written by a newer version of reader "
                    f"(schema {version}, this one reads up to {SCHEMA}).")
            if not self.read_only and version < SCHEMA:
                with _transaction(conn):
                    for statement in _statements(SCHEMA_SQL):
                        conn.execute(statement)
                    for older in range(max(version, 1), SCHEMA):
                        for statement in MIGRATIONS.get(older, ()):
                            conn.execute(statement)
                    conn.execute(f"PRAGMA user_version = {SCHEMA}")
            conn.execute("SELECT n FROM articles LIMIT 1").fetchall()  # a damaged header fails here
        except sqlite3.DatabaseError as error:
            conn.close()
            raise translate(error, self.path, "open") from error
        self._conn = conn
        if not existed:
            _private(self.path)

    def close(self) -> None:
        with self._mutex:
            if self._conn is not None:
                try:
                    if not self.read_only:
                        self._conn.execute("PRAGMA optimize")
                except sqlite3.Error:
                    pass
                self._conn.close()
                self._conn = None

    @property
    def conn(self) -> sqlite3.Connection:
        """The connection; reopened after :meth:`close` (rows listed before a close stay usable)."""
        if self._conn is None:
            with self._mutex:
                if self._conn is None:
                    self.open()
        return self._conn  # type: ignore[return-value]

    def changed(self) -> bool:
        """Whether another connection (process) committed since the last call: ``PRAGMA
        data_version``, answered from memory without touching the disk."""
        with self._mutex:
            version = self.conn.execute("PRAGMA data_version").fetchone()[0]
            moved = self._data_version is not None and version != self._data_version
            self._data_version = version
            self.generation += moved
            return moved

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (BEGIN IMMEDIATE: other processes wait on the busy timeout)."""
        with self._mutex:
            conn = self.conn
            try:
                with _transaction(conn):
                    yield conn
            except sqlite3.Error as error:
                raise translate(error, self.path, "save") from error

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        with self._mutex:
            try:
                return self.conn.execute(sql, params).fetchall()
            except sqlite3.Error as error:
                raise translate(error, self.path, "read") from error

    def one(self, sql: str, params: Sequence[Any] = ()) -> Any:
        rows = self.query(sql, params)
        return rows[0] if rows else None

    # -- checks ----------------------------------------------------------------

    def quick_check(self, *, search: bool = True) -> list[str]:
        """Problems ``PRAGMA quick_check`` and (``search``) the FTS indexes' own checks find
        ([] when sound); the index problems are worded "search index (…)"."""
        with self._mutex:
            try:
                rows = [r[0] for r in self.conn.execute("PRAGMA quick_check").fetchall()]
            except sqlite3.DatabaseError as error:
                return [str(error)]
            problems = [] if rows == ["ok"] else rows
            for table in ("fts", "hay_words") if search else ():
                try:
                    self.conn.execute(f"INSERT INTO {table}({table}, rank) VALUES('integrity-check', 1)")
                except sqlite3.DatabaseError as error:
                    problems.append(f"search index ({table}): {error}")
            return problems

    def rebuild_search(self) -> None:
        """Re-read every article into the FTS index (repairs a damaged or stale one)."""
        with self.write() as conn:
            for table in ("fts", "hay_words"):
                conn.execute(f"INSERT INTO {table}({table}) VALUES('rebuild')")

    # -- articles --------------------------------------------------------------

    def count(self) -> int:
        return self.one("SELECT count(*) FROM articles")[0]

    def has(self, article_id: str) -> bool:
        return self.one("SELECT 1 FROM articles WHERE id = ?", (article_id,)) is not None

    def id_for_url(self, url: str | None) -> str | None:
        key = normalize_url(url)
        if key is None:
            return None
        row = self.one("SELECT id FROM articles WHERE url_key = ? ORDER BY n LIMIT 1", (key,))
        return None if row is None else row[0]

    def summary(self, article_id: str) -> ArticleSummary | None:
        row = self.one(f"SELECT {SUMMARY_COLUMNS} FROM articles WHERE id = ?", (article_id,))
        return None if row is None else summary_of_row(row)

    def summaries_of(self, article_ids: list[str]) -> list[ArticleSummary]:
        rows = self.query(f"SELECT {SUMMARY_COLUMNS} FROM articles WHERE id IN (SELECT value FROM json_each(?))",
                          (json.dumps(article_ids),))
        return [summary_of_row(r) for r in rows]

    def within(self, article_ids: list[str], hay: HayFilter, sort: str) -> list[ArticleSummary]:
        """These articles (those stored), filtered and in ``sort`` order."""
        where, params = "id IN (SELECT value FROM json_each(?))", [json.dumps(article_ids)]
        if not hay.empty:
            sql, hay_params = hay.subquery()
            where += f" AND n IN ({sql})"
            params += hay_params
        rows = self.query(f"SELECT {SUMMARY_COLUMNS} FROM articles WHERE {where} ORDER BY {SORTS[sort]}", params)
        return [summary_of_row(r) for r in rows]

    def words_starting(self, prefix: str, most: int) -> list[str] | None:
        """The indexed words (folded terms) starting with ``prefix``; None when more than ``most``."""
        rows = self.query("SELECT term FROM fts_words WHERE term >= ? AND term < ? LIMIT ?",
                          (prefix, prefix + "\U0010ffff", most + 1))
        return None if len(rows) > most else [r[0] for r in rows]

    def ids_with_prefix(self, prefix: str, limit: int = 2) -> list[str]:
        rows = self.query("SELECT id FROM articles WHERE id >= ? AND id < ? ORDER BY id LIMIT ?",
                          (prefix, prefix + "\U0010ffff", limit))
        return [r[0] for r in rows]

    def position(self, hay: HayFilter, sort: str, article_id: str) -> int | None:
        """Where the article stands in the filtered list (None: not in it): the rows before it,
        counted by SQLite, instead of paging through the list looking for it."""
        row = self.one("SELECT n, title, source, date, added_at, quotes FROM articles WHERE id = ?", (article_id,))
        if row is None:
            return None
        n, title, source, date, added, quotes = row
        where, params = [], []
        if not hay.empty:
            sql, hay_params = hay.subquery()
            where.append(f"n IN ({sql})")
            params += hay_params
            if not self.one(f"SELECT 1 FROM ({sql}) WHERE rowid = ?", (*hay_params, n)):
                return None
        date_key = "(coalesce(date, ''), added_at, n) > (?, ?, ?)"  # NULL dates sort last, as in SORTS
        if sort == "date":
            before, extra = date_key, (date or "", added, n)
        elif sort == "added":
            before, extra = "(added_at, n) > (?, ?)", (added, n)
        elif sort == "quotes":
            before, extra = ("(quotes > ? OR (quotes = ? AND " + date_key + "))", (quotes, quotes, date or "", added, n))
        elif sort == "title":
            before, extra = "(title COLLATE NOCASE < ? OR (title COLLATE NOCASE = ? AND n < ?))", (title, title, n)
        else:  # source: named sources A→Z first, then the rest; newest first within one
            if source is None:
                before, extra = "(source IS NOT NULL OR " + date_key + ")", (date or "", added, n)
            else:
                before, extra = ("(source IS NOT NULL AND (source COLLATE NOCASE < ? OR (source COLLATE NOCASE = ? AND "
                                 + date_key + ")))", (source, source, date or "", added, n))
        where.append(before)
        params += extra
        return self.one(f"SELECT count(*) FROM articles WHERE {' AND '.join(where)}", params)[0]

    def filter_count(self, hay: HayFilter) -> int:
        if hay.empty:
            return self.count()
        sql, params = hay.subquery()
        return self.one(f"SELECT count(*) FROM ({sql})", params)[0]

    def page(self, hay: HayFilter, sort: str, offset: int, limit: int, matching: int | None = None,
             total: int | None = None) -> list[ArticleSummary]:
        """Rows ``offset``… of the filtered list in ``sort`` order. When the filter matches a good
        share of the library, walking the sort index and testing each row stops after a few
        hundred rows; otherwise the index's answer is fetched in sort order."""
        order = f"INDEXED BY {SORT_INDEX[sort]} ORDER BY {SORTS[sort]}"
        if hay.empty:
            rows = self.query(f"SELECT {SUMMARY_COLUMNS} FROM articles {order} LIMIT ? OFFSET ?", (limit, offset))
        elif matching and total and (offset + limit) * total / matching * SCAN_ROW_COST < matching * IN_ROW_COST:
            test = hay.matcher()
            with self._mutex:
                self.conn.create_function("hay_matches", 1, test)
                rows = self.query(f"SELECT {SUMMARY_COLUMNS} FROM articles {order.replace('ORDER', 'WHERE hay_matches(hay) ORDER')} "
                                  "LIMIT ? OFFSET ?", (limit, offset))
        else:
            sql, params = hay.subquery()
            rows = self.query(f"SELECT {SUMMARY_COLUMNS} FROM articles {order.replace('ORDER', f'WHERE n IN ({sql}) ORDER')} "
                              "LIMIT ? OFFSET ?", (*params, limit, offset))
        return [summary_of_row(r) for r in rows]

    def texts(self, article_ids: Sequence[str]) -> dict[str, tuple[str, str | None, str | None, str]]:
        """id → (title, source, date, body) of these articles, in one query (search hits: no
        annotation to decode). A body that does not decode is left out."""
        out: dict[str, tuple[str, str | None, str | None, str]] = {}
        rows = self.query("SELECT a.id, a.title, a.source, a.date, b.body FROM articles a JOIN bodies b "
                          "ON b.article = a.n WHERE a.id IN (SELECT value FROM json_each(?))", (json.dumps(list(article_ids)),))
        for article_id, title, source, date, body in rows:
            try:
                out[article_id] = (title, source, date, unpack(body) or "")
            except (zlib.error, UnicodeDecodeError):
                continue
        return out

    def read(self, article_id: str) -> StoredArticle:
        """KeyError when absent, CorruptDataError when the row cannot be decoded."""
        with self._mutex:
            try:
                return read_article(self.conn, article_id)
            except sqlite3.Error as error:
                raise translate(error, self.path, "read") from error

    def insert(self, conn: sqlite3.Connection, article: Article, facts: StoredFacts, model: str | None,
               annotation: dict[str, Any] | None, prepared: PreparedArticle | None = None) -> None:
        """One article with its body, people, quotes and search entry (inside :meth:`write`);
        ``prepared`` is ``prepare(article)`` when the caller has made it already."""
        if prepared is None:
            prepared = prepare(article)
        people_json = json.dumps(facts.people, ensure_ascii=False)
        hay = hay_of(article.title, article.source, article.place, article.date, facts.people)
        cur = conn.execute(
            "INSERT INTO articles (id, title, source, place, date, url, url_key, author, origin, words, "
            "quotes, figures, people, added_at, hay) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (article.id, article.title, article.source, article.place, article.date, article.url,
             prepared.url_key, article.author, article.origin, prepared.words, facts.quotes,
             facts.figures, people_json, facts.added_at, hay))
        n = cur.lastrowid
        # Here, not in an AFTER INSERT trigger as the row's update and delete are: a statement
        # inside a trigger opens a savepoint, at which FTS5 writes its pending terms out, so
        # every article became a segment of its own for the automerge to merge back (50 rows
        # left 8 segments against 3). That was 0.10 ms an imported article against 0.015.
        conn.execute("INSERT INTO hay_words(rowid, hay) VALUES (?, ?)", (n, hay))
        conn.execute(
            "INSERT INTO bodies (article, body, paragraphs, meta, inline, model, annotation) VALUES (?,?,?,?,?,?,?)",
            (n, prepared.body, prepared.paragraphs, prepared.meta, prepared.inline, model,
             None if annotation is None else pack(json.dumps(slim(annotation), ensure_ascii=False))))
        self._annotation_rows(conn, n, annotation)
        # the values fts_source would compute, from what is at hand (no decompressing it again)
        notes = [r[0] for r in conn.execute("SELECT text FROM notes WHERE article_id = ? ORDER BY id", (article.id,))]
        conn.execute("INSERT INTO fts(rowid, title, body, people, notes) VALUES (?,?,?,?,?)",
                     (n, prepared.title_terms, prepared.body_terms, _people_terms(people_json),
                      _terms_of(" ".join(notes)) if notes else ""))

    def _annotation_rows(self, conn: sqlite3.Connection, n: int, annotation: dict[str, Any] | None) -> None:
        if not annotation:
            return
        said: dict[str, int] = {}  # quotes per person (an organisation or a description is no one)
        for q in annotation.get("quotes", []):
            if _speaker_kind(q) == "person":
                said[q["speaker"]] = said.get(q["speaker"], 0) + 1
        rows = [(n, f["name"], f.get("role"), len(f.get("mentions", [])), said.pop(f["name"], 0))
                for f in annotation.get("figures", [])]
        rows += [(n, name, None, 0, count) for name, count in said.items()]
        conn.executemany("INSERT INTO people (article, name, role, mentions, quotes) VALUES (?,?,?,?,?)", rows)
        conn.executemany('INSERT INTO quotes (article, start, "end", speaker, kind) VALUES (?,?,?,?,?)',
                         [(n, q["start"], q["end"], q.get("speaker"), _speaker_kind(q))
                          for q in annotation.get("quotes", [])])

    def replace_annotation(self, article_id: str, model: str, annotation: dict[str, Any]) -> None:
        """A newer model's annotation replaces the stored one (counts, people, quotes, index)."""
        facts = facts_of(annotation)
        with self.write() as conn:
            row = conn.execute("SELECT n, title, source, place, date FROM articles WHERE id = ?",
                               (article_id,)).fetchone()
            if row is None:
                return
            n, title, source, place, date = row
            _fts_delete(conn, [n])
            conn.execute("UPDATE articles SET quotes = ?, figures = ?, people = ?, hay = ? WHERE n = ?",
                         (facts.quotes, facts.figures, json.dumps(facts.people, ensure_ascii=False),
                          hay_of(title, source, place, date, facts.people), n))
            conn.execute("UPDATE bodies SET model = ?, annotation = ? WHERE article = ?",
                         (model, pack(json.dumps(slim(annotation), ensure_ascii=False)), n))
            conn.execute("DELETE FROM people WHERE article = ?", (n,))
            conn.execute("DELETE FROM quotes WHERE article = ?", (n,))
            self._annotation_rows(conn, n, annotation)
            _fts_insert(conn, [n])

    def delete(self, article_id: str) -> bool:
        with self.write() as conn:
            row = conn.execute("SELECT n FROM articles WHERE id = ?", (article_id,)).fetchone()
            if row is None:
                return False
            _fts_delete(conn, [row[0]])
            conn.execute("DELETE FROM articles WHERE n = ?", (row[0],))
            return True

    # -- the note text mirror --------------------------------------------------

    def sync_notes(self, notes: dict[str, tuple[str, str, bool]]) -> int:
        """Make the note mirror equal ``notes`` (id → (article id, text, highlight)), re-indexing
        the articles whose note text changed; returns how many notes changed."""
        with self._mutex:
            have = {r[0]: (r[1], r[2], bool(r[3]))
                    for r in self.query("SELECT id, article_id, text, highlight FROM notes")}
            if have == notes:
                return 0
            changed = [i for i in notes.keys() | have.keys() if notes.get(i) != have.get(i)]
            touched = {x[0] for i in changed for x in (notes.get(i), have.get(i)) if x is not None}
            with self.write() as conn:
                rows = _rows_of(conn, touched)
                _fts_delete(conn, rows)
                conn.executemany("DELETE FROM notes WHERE id = ?", [(i,) for i in changed if i not in notes])
                conn.executemany("INSERT OR REPLACE INTO notes (id, article_id, text, highlight) VALUES (?,?,?,?)",
                                 [(i, *notes[i][:2], int(notes[i][2])) for i in changed if i in notes])
                _fts_insert(conn, rows)
            return len(changed)

    # -- backups ---------------------------------------------------------------

    def backup_to(self, target: Path, progress: Callable[[int, int], None] | None = None) -> None:
        """A consistent copy made with SQLite's online backup API (other connections keep working)."""
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        try:
            dest = sqlite3.connect(tmp)
            try:
                with self._mutex:
                    self.conn.backup(dest, pages=4096,
                                     progress=(lambda _s, left, total: progress(total - left, total))
                                     if progress else None)
                dest.execute("PRAGMA journal_mode = DELETE")
            finally:
                dest.close()
            os.chmod(tmp, 0o600)
            with open(tmp, "rb") as handle:
                os.fsync(handle.fileno())
            os.replace(tmp, target)
        except (OSError, sqlite3.Error) as error:
            try:
                tmp.unlink()
            except OSError:
                pass
            if isinstance(error, sqlite3.Error):
                raise translate(error, target, "back up") from error
            raise from_os_error(error, target, "back up") from error

    def fingerprint(self) -> str:
        """Changes whenever articles are added or removed (to skip needless backups)."""
        row = self.one("SELECT count(*), max(n), max(added_at) FROM articles")
        return f"{row[0]}:{row[1]}:{row[2]}"


def read_article(conn: sqlite3.Connection, article_id: str) -> StoredArticle:
    """One stored article on ``conn`` (also a damaged file's, for salvage): KeyError when absent,
    CorruptDataError when the row cannot be decoded."""
    row = conn.execute(
        "SELECT a.id, a.title, b.body, a.source, a.place, a.date, a.url, a.author, a.origin, "
        "b.paragraphs, b.meta, b.model, b.annotation, b.inline FROM articles a JOIN bodies b ON b.article = a.n "
        "WHERE a.id = ?", (article_id,)).fetchone()
    if row is None:
        raise KeyError(f"No stored text for article {article_id}.")
    try:
        (id_, title, body, source, place, date, url, author, origin, paragraphs, meta, model, annotation,
         inline) = row
        article = Article(id_, title, unpack(body) or "", source, place, date, url, author, origin,
                          [Paragraph(int(p[0]), int(p[1]), str(p[2]) if len(p) > 2 else "body")
                           for p in json.loads(unpack(paragraphs) if isinstance(paragraphs, bytes) else paragraphs)],
                          dict(json.loads(meta)),
                          [InlineSpan(int(i[0]), int(i[1]), str(i[2]), i[3] if isinstance(i[3], str) else None)
                           for i in json.loads(unpack(inline))] if inline is not None else [])
        data = fatten(json.loads(unpack(annotation)), article.body) if annotation is not None else None
    except (ValueError, TypeError, IndexError, zlib.error, UnicodeDecodeError) as error:
        raise CorruptDataError(f"The stored article {article_id} is damaged ({type(error).__name__}).") from error
    return StoredArticle(article, model, data)


def _rows_of(conn: sqlite3.Connection, article_ids: Iterable[str]) -> list[int]:
    ids = list(article_ids)
    if not ids:
        return []
    return [r[0] for r in conn.execute("SELECT n FROM articles WHERE id IN (SELECT value FROM json_each(?))",
                                       (json.dumps(ids),))]


def _fts_delete(conn: sqlite3.Connection, rows: Sequence[int]) -> None:
    """Remove entries from the external-content index: it needs the values it indexed, which
    the view still computes (callers delete before they change the source rows)."""
    if rows:
        conn.execute(
            "INSERT INTO fts(fts, rowid, title, body, people, notes) SELECT 'delete', n, title, body, people, "
            "notes FROM fts_source WHERE n IN (SELECT value FROM json_each(?))", (json.dumps(list(rows)),))


def _fts_insert(conn: sqlite3.Connection, rows: Sequence[int]) -> None:
    if rows:
        conn.execute(
            "INSERT INTO fts(rowid, title, body, people, notes) SELECT n, title, body, people, notes "
            "FROM fts_source WHERE n IN (SELECT value FROM json_each(?))", (json.dumps(list(rows)),))


@contextmanager
def _transaction(conn: sqlite3.Connection) -> Iterator[None]:
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _private(path: Path) -> None:
    """The database and its WAL/SHM files: 0600 (they hold what the user reads)."""
    for suffix in ("", "-wal", "-shm"):
        try:
            os.chmod(f"{path}{suffix}", 0o600)
        except OSError:
            pass


def _statements(script: str) -> list[str]:
    """The schema's statements one by one (executescript would commit our transaction)."""
    out, buffer = [], ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            out.append(buffer.strip())
            buffer = ""
    return [s for s in out if s]
