"""The inverted index: term → (article numbers, weighted term frequencies).

Kept as a cache, never as user data: it lives under ``cache/search/`` and is
rebuilt from the library whenever it is missing, unreadable or of an older
format. :meth:`SearchIndex.sync` compares the ids the index knows (ids are
content hashes of the body) plus a fingerprint of each summary with the
library, so the library never has to call the index when it adds or deletes.

Postings are ``array`` pairs rather than dicts so a 10,000-article index loads
in a fraction of a second and a query walks compact memory. Deleting only
tombstones a document; the postings are compacted when saving once enough
tombstones pile up.
"""

from __future__ import annotations

import json
import math
import os
import re
import sys
import threading
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from reader.domain import Annotation, Article, ArticleSummary
from reader.search.query import Query
from reader.search.text import terms

FORMAT_VERSION = 1
INDEX_FILE = f"index.v{FORMAT_VERSION}.bin"
_MAGIC = b"READER-SEARCH\n"

# Field weights (BM25F-style, folded into one term frequency): a word in the
# title or a person's name says more about an article than one in the body.
TITLE_WEIGHT = 3
PEOPLE_WEIGHT = 2
NOTE_WEIGHT = 2
K1 = 1.2
B = 0.75
_MAX_TF = 65535


class LibraryLike(Protocol):
    """What the index needs from :class:`reader.library.Library`."""

    def summaries(self) -> Sequence[ArticleSummary]: ...
    def get(self, article_id: str) -> Article: ...
    def annotation(self, article_id: str) -> Annotation: ...


@dataclass(slots=True)
class DocEntry:
    """What the index remembers of one article (enough for results and the
    Figures screen without touching the library)."""

    id: str
    fingerprint: str
    title: str
    source: str | None = None
    date: str | None = None
    length: int = 0  # weighted number of terms, for BM25 length normalisation
    figures: list[tuple[str, str | None, int]] = field(default_factory=list)  # name, role, mentions
    quote_counts: dict[str, int] = field(default_factory=dict)  # speaker -> quotes
    quotes: int = 0

    def to_json(self) -> list[Any]:
        return [self.id, self.fingerprint, self.title, self.source, self.date, self.length,
                [list(f) for f in self.figures], self.quote_counts, self.quotes]

    @classmethod
    def from_json(cls, row: list[Any]) -> DocEntry:
        return cls(row[0], row[1], row[2], row[3], row[4], int(row[5]),
                   [(f[0], f[1], int(f[2])) for f in row[6]], dict(row[7]), int(row[8]))


@dataclass(slots=True)
class SyncReport:
    added: int = 0
    updated: int = 0
    removed: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)


@dataclass(slots=True)
class UserMatches:
    """Per-query facts from the user's data, which changes too often to index:
    which articles have notes, highlights, bookmarks, and the note words."""

    note_terms: dict[str, set[str]] = field(default_factory=dict)  # article id -> terms
    with_notes: set[str] = field(default_factory=set)
    with_highlights: set[str] = field(default_factory=set)
    with_bookmarks: set[str] = field(default_factory=set)

    def having(self, what: str) -> set[str]:
        return {"notes": self.with_notes, "highlights": self.with_highlights, "bookmarks": self.with_bookmarks}[what]


def fingerprint(summary: ArticleSummary) -> str:
    """Changes when anything the index holds about an article changes.

    The id is already a hash of the body; the rest catches a new title or a
    re-annotation by a newer language model."""
    return "\x1f".join(
        [summary.title or "", summary.source or "", summary.date or "", str(summary.quotes),
         str(summary.figures), "|".join(summary.people)]
    )


class SearchIndex:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self._docs: list[DocEntry | None] = []
        self._by_id: dict[str, int] = {}
        self._postings: dict[str, tuple[array, array]] = {}
        self._total_length = 0
        self._dead = 0
        self._dirty = False
        self.lock = threading.RLock()

    # ------------------------------------------------------------------ state

    def __len__(self) -> int:
        return len(self._by_id)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._by_id

    def ids(self) -> set[str]:
        return set(self._by_id)

    def doc(self, article_id: str) -> DocEntry | None:
        n = self._by_id.get(article_id)
        return None if n is None else self._docs[n]

    def docs(self) -> list[DocEntry]:
        return [d for d in self._docs if d is not None]

    @property
    def dirty(self) -> bool:
        return self._dirty

    # ---------------------------------------------------------------- updates

    def add(self, article: Article, annotation: Annotation | None, fingerprint: str = "") -> None:
        """Index one article (replacing an older entry with the same id)."""
        with self.lock:
            if article.id in self._by_id:
                self.remove(article.id)
            ann = annotation or Annotation()
            people = [f.name for f in ann.figures]
            counts: Counter[str] = Counter(terms(article.body))
            for t in terms(article.title):
                counts[t] += TITLE_WEIGHT
            for t in terms(" ".join(people)):
                counts[t] += PEOPLE_WEIGHT
            docno = len(self._docs)
            length = sum(counts.values())
            self._docs.append(
                DocEntry(
                    id=article.id,
                    fingerprint=fingerprint,
                    title=article.title,
                    source=article.source,
                    date=article.date,
                    length=length,
                    figures=[(f.name, f.role, len(f.mentions)) for f in ann.figures],
                    quote_counts=dict(Counter(q.speaker for q in ann.quotes if q.speaker)),
                    quotes=len(ann.quotes),
                )
            )
            self._by_id[article.id] = docno
            self._total_length += length
            for term, tf in counts.items():
                plist = self._postings.get(term)
                if plist is None:
                    plist = self._postings[term] = (array("I"), array("H"))
                plist[0].append(docno)
                plist[1].append(min(tf, _MAX_TF))
            self._dirty = True

    def remove(self, article_id: str) -> bool:
        with self.lock:
            n = self._by_id.pop(article_id, None)
            if n is None:
                return False
            entry = self._docs[n]
            self._docs[n] = None
            if entry is not None:
                self._total_length -= entry.length
            self._dead += 1
            self._dirty = True
            return True

    def sync(self, library: LibraryLike, progress: Callable[[int, int], None] | None = None) -> SyncReport:
        """Bring the index in line with the library: add new and changed
        articles, drop deleted ones. Cheap when nothing changed."""
        report = SyncReport()
        summaries = library.summaries()
        wanted = {s.id: fingerprint(s) for s in summaries}
        with self.lock:
            for article_id in self.ids() - wanted.keys():
                self.remove(article_id)
                report.removed += 1
            todo = [(i, fp) for i, fp in wanted.items() if (d := self.doc(i)) is None or d.fingerprint != fp]
        for done, (article_id, fp) in enumerate(todo, 1):
            try:
                article = library.get(article_id)
            except (KeyError, LookupError):  # deleted meanwhile
                continue
            try:
                annotation: Annotation | None = library.annotation(article_id)
            except (KeyError, LookupError):
                annotation = None
            with self.lock:
                existed = article_id in self._by_id
                self.add(article, annotation, fp)
            if existed:
                report.updated += 1
            else:
                report.added += 1
            if progress is not None:
                progress(done, len(todo))
        return report

    # ------------------------------------------------------------------ query

    def rank(self, query: Query, user: UserMatches | None = None) -> list[tuple[str, float]]:
        """Every article that matches ``query`` (bar phrase checks, which need
        the text), best first, as (article id, score)."""
        user = user or UserMatches()
        with self.lock:
            live = self._by_id
            n_docs = max(1, len(live))
            avgdl = (self._total_length / n_docs) or 1.0
            note_docs: dict[str, set[int]] = {}
            for article_id, note_terms in user.note_terms.items():
                docno = live.get(article_id)
                if docno is not None:
                    for t in note_terms:
                        note_docs.setdefault(t, set()).add(docno)

            scores: dict[int, float] | None = None
            for term in sorted(query.positive_terms, key=self._document_frequency):
                term_scores = self._score_term(term, n_docs, avgdl, note_docs.get(term, set()))
                if scores is None:
                    scores = term_scores
                else:
                    scores = {d: s + term_scores[d] for d, s in scores.items() if d in term_scores}
                if not scores:
                    return []
            if scores is None:  # filters only: every article, newest first
                scores = {n: 0.0 for n in live.values()}

            for term in query.excluded:
                for d in self._live_docnos(term) | note_docs.get(term, set()):
                    scores.pop(d, None)
            allowed = self._filtered(query, user)
            docs = self._docs
            ranked = []
            for d, s in scores.items():
                entry = docs[d]
                if entry is not None and (allowed is None or d in allowed):
                    ranked.append((entry.id, s, entry.date or ""))
        ranked.sort(key=lambda r: (r[1], r[2]), reverse=True)
        return [(i, s) for i, s, _ in ranked]

    def _document_frequency(self, term: str) -> int:
        plist = self._postings.get(term)
        return 0 if plist is None else len(plist[0])

    def _live_docnos(self, term: str) -> set[int]:
        plist = self._postings.get(term)
        if plist is None:
            return set()
        docs = self._docs
        return {d for d in plist[0] if docs[d] is not None}

    def _score_term(self, term: str, n_docs: int, avgdl: float, note_docs: set[int]) -> dict[int, float]:
        docs = self._docs
        plist = self._postings.get(term)
        pairs = [] if plist is None else [(d, tf) for d, tf in zip(*plist) if docs[d] is not None]
        df = len(pairs) or len(note_docs)
        idf = math.log(1 + (n_docs - df + 0.5) / (df + 0.5))
        k = K1 * (1 - B)
        kb = K1 * B / avgdl
        out: dict[int, float] = {}
        for d, tf in pairs:
            out[d] = idf * tf * (K1 + 1) / (tf + k + kb * docs[d].length)  # type: ignore[union-attr]
        for d in note_docs:
            out[d] = out.get(d, 0.0) + idf * NOTE_WEIGHT
        return out

    def _filtered(self, query: Query, user: UserMatches) -> set[int] | None:
        if not (query.persons or query.sources or query.has):
            return None
        person_patterns = [re.compile(rf"(?<!\w){re.escape(p)}(?!\w)") for p in query.persons]
        required_ids: set[str] | None = None
        for what in query.has:
            having = user.having(what)
            required_ids = set(having) if required_ids is None else required_ids & having
        allowed: set[int] = set()
        for article_id, d in self._by_id.items():
            if required_ids is not None and article_id not in required_ids:
                continue
            entry = self._docs[d]
            assert entry is not None
            if query.sources:
                source = (entry.source or "").casefold()
                if not all(s in source for s in query.sources):
                    continue
            if person_patterns:
                names = [name.casefold() for name, _, _ in entry.figures]
                if not all(any(p.search(n) for n in names) for p in person_patterns):
                    continue
            allowed.add(d)
        return allowed

    # ------------------------------------------------------------ persistence

    @classmethod
    def load(cls, path: Path) -> SearchIndex:
        """The index stored at ``path``, or an empty one when it is missing or
        unreadable (it is only a cache: the next sync rebuilds it)."""
        index = cls(path)
        try:
            raw = path.read_bytes()
        except OSError:
            return index
        try:
            index._decode(raw)
        except (ValueError, KeyError, IndexError, TypeError):
            index = cls(path)
            index._dirty = True
        return index

    def _decode(self, raw: bytes) -> None:
        if not raw.startswith(_MAGIC):
            raise ValueError("not a search index")
        at = len(_MAGIC)
        header_len = int.from_bytes(raw[at : at + 8], "little")
        at += 8
        header = json.loads(raw[at : at + header_len].decode("utf-8"))
        at += header_len
        if header.get("format") != FORMAT_VERSION:
            raise ValueError("old index format")
        swap = header.get("byteorder") != sys.byteorder
        docs = [None if row is None else DocEntry.from_json(row) for row in header["docs"]]
        view = memoryview(raw)
        postings: dict[str, tuple[array, array]] = {}
        for term, count in header["vocab"]:
            ids, tfs = array("I"), array("H")
            ids.frombytes(view[at : at + count * ids.itemsize])
            at += count * ids.itemsize
            tfs.frombytes(view[at : at + count * tfs.itemsize])
            at += count * tfs.itemsize
            if swap:
                ids.byteswap()
                tfs.byteswap()
            postings[term] = (ids, tfs)
        if at != len(raw):
            raise ValueError("truncated search index")
        self._docs = docs
        self._by_id = {d.id: n for n, d in enumerate(docs) if d is not None}
        self._postings = postings
        self._total_length = sum(d.length for d in docs if d is not None)
        self._dead = len(docs) - len(self._by_id)

    def save(self) -> None:
        """Write the index atomically (a crash leaves the old file or none)."""
        if self.path is None:
            return
        with self.lock:
            if self._dead > max(64, len(self._by_id) // 4):
                self._compact()
            vocab = [[t, len(p[0])] for t, p in self._postings.items()]
            header = json.dumps(
                {"format": FORMAT_VERSION, "byteorder": sys.byteorder,
                 "docs": [None if d is None else d.to_json() for d in self._docs], "vocab": vocab},
                ensure_ascii=False, separators=(",", ":"),
            ).encode("utf-8")
            chunks: list[bytes] = [_MAGIC, len(header).to_bytes(8, "little"), header]
            for ids, tfs in self._postings.values():
                chunks.append(ids.tobytes())
                chunks.append(tfs.tobytes())
            self._dirty = False
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        try:
            with open(tmp, "wb") as fh:
                fh.writelines(chunks)
            os.replace(tmp, self.path)
        finally:
            tmp.unlink(missing_ok=True)

    def _compact(self) -> None:
        """Renumber live documents and drop tombstoned postings."""
        renumber: dict[int, int] = {}
        docs: list[DocEntry | None] = []
        for old, entry in enumerate(self._docs):
            if entry is not None:
                renumber[old] = len(docs)
                docs.append(entry)
        postings: dict[str, tuple[array, array]] = {}
        for term, (ids, tfs) in self._postings.items():
            new_ids, new_tfs = array("I"), array("H")
            for d, tf in zip(ids, tfs):
                n = renumber.get(d)
                if n is not None:
                    new_ids.append(n)
                    new_tfs.append(tf)
            if new_ids:
                postings[term] = (new_ids, new_tfs)
        self._docs = docs
        self._by_id = {d.id: n for n, d in enumerate(docs) if d is not None}
        self._postings = postings
        self._dead = 0


def index_path(data_dir: Path) -> Path:
    return Path(data_dir) / "cache" / "search" / INDEX_FILE


def iter_figure_rows(index: SearchIndex) -> Iterable[tuple[DocEntry, str, str | None, int]]:
    for entry in index.docs():
        for name, role, mentions in entry.figures:
            yield entry, name, role, mentions
