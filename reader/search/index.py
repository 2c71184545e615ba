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
import time
from array import array
from collections import Counter
from collections.abc import Callable, Sequence
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
FULL_CHECK_EVERY = 30.0  # seconds between checks for changed (not new) articles
_NAME_WORD = re.compile(r"\w+")


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
    s = summary
    return f"{s.title}\x1f{s.source}\x1f{s.date}\x1f{s.quotes}\x1f{s.figures}\x1f{'|'.join(s.people)}"


class SearchIndex:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self._docs: list[DocEntry | None] = []
        self._by_id: dict[str, int] = {}
        # term -> (doc numbers, weighted tfs); terms loaded from disk stay as
        # (byte offset, count) into ``_raw`` until a query or an add needs
        # them, which is what makes loading a big index quick.
        self._postings: dict[str, tuple[array, array] | tuple[int, int]] = {}
        self._raw: bytes = b""
        self._total_length = 0
        self._dead = 0
        # Derived tables, rebuilt lazily after any change (see _derived).
        self._norms: list[float | None] | None = None
        self._people: dict[str, set[int]] | None = None
        self._sources: dict[str, set[int]] | None = None
        self._last_full_check = -math.inf
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
                    quote_counts=dict(Counter(q.person for q in ann.quotes if q.person)),
                    quotes=len(ann.quotes),
                )
            )
            self._by_id[article.id] = docno
            self._total_length += length
            self._norms = self._people = self._sources = None
            for term, tf in counts.items():
                plist = self._plist(term)
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
            self._norms = self._people = self._sources = None
            self._dirty = True
            return True

    def sync(
        self, library: LibraryLike, progress: Callable[[int, int], None] | None = None, *, full: bool | None = None
    ) -> SyncReport:
        """Bring the index in line with the library: add new articles, drop
        deleted ones and (on a full check) re-index changed ones.

        New and deleted articles are found on every call (a set of ids is
        cheap). Changes to a stored article (a new title, a re-annotation by
        a newer model) are rare, and fingerprinting 10,000 summaries costs
        more than a query, so by default that is done at most every
        ``FULL_CHECK_EVERY`` seconds; ``full=True`` forces it."""
        report = SyncReport()
        summaries = library.summaries()
        now = time.monotonic()
        if full is None:
            full = now - self._last_full_check >= FULL_CHECK_EVERY
        with self.lock:
            if full:
                self._last_full_check = now
                wanted = {s.id: fingerprint(s) for s in summaries}
                todo = [(i, fp) for i, fp in wanted.items() if (d := self.doc(i)) is None or d.fingerprint != fp]
            else:
                known = self._by_id
                todo = [(s.id, fingerprint(s)) for s in summaries if s.id not in known]
                wanted = dict.fromkeys(s.id for s in summaries)  # type: ignore[arg-type]
            for article_id in self.ids() - wanted.keys():
                self.remove(article_id)
                report.removed += 1
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
            norms = self._norm_table()
            note_docs: dict[str, set[int]] = {}
            for article_id, note_terms in user.note_terms.items():
                docno = live.get(article_id)
                if docno is not None:
                    for t in note_terms:
                        note_docs.setdefault(t, set()).add(docno)

            scores: dict[int, float] | None = None
            for term in sorted(query.positive_terms, key=self._document_frequency):
                term_scores = self._score_term(term, n_docs, norms, note_docs.get(term, set()))
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

    def _plist(self, term: str) -> tuple[array, array] | None:
        entry = self._postings.get(term)
        if entry is None or isinstance(entry[0], array):
            return entry  # type: ignore[return-value]
        offset, count = entry
        ids, tfs = array("I"), array("H")
        ids.frombytes(self._raw[offset : offset + count * 4])
        tfs.frombytes(self._raw[offset + count * 4 : offset + count * 6])
        plist = self._postings[term] = (ids, tfs)
        return plist

    def _document_frequency(self, term: str) -> int:
        entry = self._postings.get(term)
        if entry is None:
            return 0
        return len(entry[0]) if isinstance(entry[0], array) else entry[1]  # type: ignore[arg-type]

    def _live_docnos(self, term: str) -> set[int]:
        plist = self._plist(term)
        if plist is None:
            return set()
        docs = self._docs
        return {d for d in plist[0] if docs[d] is not None}

    def _norm_table(self) -> list[float | None]:
        """Per document number, BM25's length normalisation (None: deleted)."""
        if self._norms is None:
            avgdl = (self._total_length / max(1, len(self._by_id))) or 1.0
            k, kb = K1 * (1 - B), K1 * B / avgdl
            self._norms = [None if d is None else k + kb * d.length for d in self._docs]
        return self._norms

    def _score_term(self, term: str, n_docs: int, norms: list[float | None], note_docs: set[int]) -> dict[int, float]:
        plist = self._plist(term)
        # df counts tombstoned entries too until compaction: close enough for idf.
        df = len(plist[0]) if plist is not None else len(note_docs)
        idf = math.log(1 + (n_docs - df + 0.5) / (df + 0.5))
        scale = idf * (K1 + 1)
        out: dict[int, float] = {}
        if plist is not None:
            out = {d: scale * tf / (tf + n) for d, tf in zip(*plist) if (n := norms[d]) is not None}
        for d in note_docs:
            out[d] = out.get(d, 0.0) + idf * NOTE_WEIGHT
        return out

    def _filtered(self, query: Query, user: UserMatches) -> set[int] | None:
        """Document numbers the filters allow (None: no filter)."""
        if not (query.persons or query.sources or query.has):
            return None
        allowed: set[int] | None = None

        def narrow(found: set[int]) -> None:
            nonlocal allowed
            allowed = found if allowed is None else allowed & found

        for what in query.has:
            narrow({d for i in user.having(what) if (d := self._by_id.get(i)) is not None})
        sources = self._source_table()
        for wanted in query.sources:
            narrow(set().union(*(docs for source, docs in sources.items() if wanted in source)))
        people = self._people_table()
        for person in query.persons:
            words = _NAME_WORD.findall(person)
            if not words:
                continue
            found = set.intersection(*(people.get(w, set()) for w in words))
            if len(words) > 1:  # the words must also be together, in order
                pattern = re.compile(rf"(?<!\w){re.escape(person)}(?!\w)")
                found = {d for d in found if any(pattern.search(name.casefold()) for name, _, _ in self._docs[d].figures)}  # type: ignore[union-attr]
            narrow(found)
        return allowed if allowed is not None else set(self._by_id.values())

    def _people_table(self) -> dict[str, set[int]]:
        """Casefolded word of a person's name -> documents naming them."""
        if self._people is None:
            table: dict[str, set[int]] = {}
            for d, entry in enumerate(self._docs):
                if entry is not None:
                    for name, _, _ in entry.figures:
                        for word in _NAME_WORD.findall(name.casefold()):
                            table.setdefault(word, set()).add(d)
            self._people = table
        return self._people

    def _source_table(self) -> dict[str, set[int]]:
        if self._sources is None:
            table: dict[str, set[int]] = {}
            for d, entry in enumerate(self._docs):
                if entry is not None:
                    table.setdefault((entry.source or "").casefold(), set()).add(d)
            self._sources = table
        return self._sources

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
        if header.get("byteorder") != sys.byteorder or array("I").itemsize != 4 or array("H").itemsize != 2:
            raise ValueError("index written on another kind of machine")
        docs = [None if row is None else DocEntry.from_json(row) for row in header["docs"]]
        postings: dict[str, tuple[array, array] | tuple[int, int]] = {}
        for term, count in header["vocab"]:
            postings[term] = (at, count)
            at += count * 6
        if at != len(raw):
            raise ValueError("truncated search index")
        self._raw = raw
        self._docs = docs
        self._by_id = {d.id: n for n, d in enumerate(docs) if d is not None}
        self._postings = postings
        self._total_length = sum(d.length for d in docs if d is not None)
        self._dead = len(docs) - len(self._by_id)
        self._norms = self._people = self._sources = None

    def save(self) -> None:
        """Write the index atomically (a crash leaves the old file or none)."""
        if self.path is None:
            return
        with self.lock:
            if self._dead > max(64, len(self._by_id) // 4):
                self._compact()
            vocab = [[t, self._document_frequency(t)] for t in self._postings]
            header = json.dumps(
                {"format": FORMAT_VERSION, "byteorder": sys.byteorder,
                 "docs": [None if d is None else d.to_json() for d in self._docs], "vocab": vocab},
                ensure_ascii=False, separators=(",", ":"),
            ).encode("utf-8")
            chunks: list[bytes] = [_MAGIC, len(header).to_bytes(8, "little"), header]
            for entry in self._postings.values():
                if isinstance(entry[0], array):
                    chunks.append(entry[0].tobytes())
                    chunks.append(entry[1].tobytes())  # type: ignore[union-attr]
                else:
                    offset, count = entry
                    chunks.append(self._raw[offset : offset + count * 6])
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
        for term in list(self._postings):
            ids, tfs = self._plist(term)  # type: ignore[misc]
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
        self._norms = self._people = self._sources = None


def index_path(data_dir: Path) -> Path:
    return Path(data_dir) / "cache" / "search" / INDEX_FILE

