"""The user's data as TinyDB tables, behind a small repository.

The library asks for notes, bookmarks, reading state and settings in domain
terms; this module answers with TinyDB (``Query``, tables, ``upsert``,
``remove``) so nothing above the store layer sees TinyDB.

Tables (document id → document):

- ``notes``: note id → note (anchor, text, times, flags);
- ``bookmarks``: bookmark id → bookmark;
- ``articles``: article id → reading state (``position``, ``read``, ``new``);
- ``state`` / ``meta``: key → ``{"value": any JSON}`` (settings, feeds; the
  store's own marks such as "seeded").

Document ids are our own strings (random hex for notes and bookmarks, article
ids, state keys), never TinyDB's counter: two processes inserting at once
would otherwise pick the same next number.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any, Callable

from tinydb import Query, TinyDB
from tinydb.table import Document, Table

from reader.domain import Anchor, Bookmark, Note

if TYPE_CHECKING:
    from reader.store.journaled import JournaledAtomicStorage


class UserTable(Table):
    """String document ids, no query cache (another process may change the data between two
    calls), and documents copied before TinyDB changes them in place."""

    document_id_class = str

    def __init__(self, storage: JournaledAtomicStorage, name: str, **kwargs: Any) -> None:
        super().__init__(storage, name, cache_size=0)

    def _update_table(self, updater: Callable[[dict], None]) -> None:
        self._storage.own(self.name)  # type: ignore[attr-defined]  # raises outside a transaction
        super()._update_table(updater)

    def _get_next_id(self) -> Any:
        raise TypeError("user documents are inserted with their own id (tinydb.table.Document)")


class UserDB(TinyDB):
    table_class = UserTable


Q = Query()


class UserData:
    """Reads work anywhere (they catch up with other processes); writes only inside
    :meth:`reader.store.userdata.UserStore.transaction`, which yields this object."""

    def __init__(self, db: TinyDB) -> None:
        self.db = db
        self._notes = db.table("notes")
        self._bookmarks = db.table("bookmarks")
        self._articles = db.table("articles")
        self._state = db.table("state")
        self._meta = db.table("meta")

    # -- notes -------------------------------------------------------------------

    def notes(self, article_id: str | None = None) -> list[Note]:
        """In the order they were saved."""
        docs = self._notes.all() if article_id is None else self._notes.search(Q.article_id == article_id)
        return [note_of(doc.doc_id, doc) for doc in docs]

    def note(self, note_id: str) -> Note | None:
        doc = self._notes.get(doc_id=note_id)
        return None if doc is None else note_of(note_id, doc)

    def save_note(self, note: Note) -> None:
        _replace(self._notes, note.id, note_doc(note))

    def remove_note(self, note_id: str) -> bool:
        return bool(self._notes.remove(doc_ids=[note_id]))

    def remove_notes_of(self, article_id: str) -> int:
        return len(self._notes.remove(Q.article_id == article_id))

    def note_counts(self) -> dict[str, int]:
        """Notes per article id (for the list's counters; no Note objects built)."""
        counts: dict[str, int] = {}
        # the raw documents, as every TinyDB read gets them: all() would copy 2,000 notes
        # into Document objects for a count, on every refresh after a save
        for doc in self.db.storage.read().get("notes", {}).values():
            article_id = doc.get("article_id")
            counts[article_id] = counts.get(article_id, 0) + 1
        return counts

    def note_texts(self) -> dict[str, tuple[str, str, bool]]:
        """Note id → (article id, text, highlight) of every well-formed note: what the search
        index mirrors (raw documents, no Note objects built)."""
        out: dict[str, tuple[str, str, bool]] = {}
        for note_id, doc in self.db.storage.read().get("notes", {}).items():
            article_id, text = doc.get("article_id"), doc.get("text", "")
            if isinstance(article_id, str) and isinstance(text, str):
                out[note_id] = (article_id, text, bool(doc.get("highlight")))
        return out

    # -- bookmarks ---------------------------------------------------------------

    def bookmarks(self, article_id: str | None = None) -> list[Bookmark]:
        """In the order they were saved."""
        table = self._bookmarks
        docs = table.all() if article_id is None else table.search(Q.article_id == article_id)
        return [bookmark_of(doc.doc_id, doc) for doc in docs]

    def bookmarked_articles(self) -> set[str]:
        """Ids of articles with an article-level bookmark."""
        return {doc["article_id"] for doc in self._bookmarks.search(Q.position == None)}  # noqa: E711

    def save_bookmark(self, bookmark: Bookmark) -> None:
        _replace(self._bookmarks, bookmark.id, bookmark_doc(bookmark))

    def remove_bookmark(self, bookmark_id: str) -> bool:
        return bool(self._bookmarks.remove(doc_ids=[bookmark_id]))

    def remove_bookmarks_of(self, article_id: str, *, article_level_only: bool = False) -> int:
        cond = Q.article_id == article_id
        if article_level_only:
            cond &= Q.position == None  # noqa: E711 - a TinyDB query, not a comparison
        return len(self._bookmarks.remove(cond))

    # -- reading state -------------------------------------------------------------

    def reading(self, article_id: str) -> dict[str, Any]:
        """``position``, ``read``, ``new`` of one article (absent keys: never set)."""
        doc = self._articles.get(doc_id=article_id)
        return {} if doc is None else dict(doc)

    def all_reading(self) -> dict[str, dict[str, Any]]:
        return {doc.doc_id: dict(doc) for doc in self._articles.all()}

    def update_reading(self, article_id: str, **fields: Any) -> None:
        self._articles.upsert(Document(fields, doc_id=article_id))

    def remove_reading(self, article_id: str) -> bool:
        return bool(self._articles.remove(doc_ids=[article_id]))

    # -- key/value state -------------------------------------------------------------

    def state(self, key: str, default: Any = None) -> Any:
        """A private copy: changing it changes nothing stored."""
        return _value(self._state, key, default)

    def set_state(self, key: str, value: Any) -> None:
        _replace(self._state, key, {"value": value})

    def meta(self, key: str, default: Any = None) -> Any:
        return _value(self._meta, key, default)

    def set_meta(self, key: str, value: Any) -> None:
        _replace(self._meta, key, {"value": value})


def _value(table: Table, key: str, default: Any) -> Any:
    doc = table.get(doc_id=key)
    return default if doc is None else copy.deepcopy(doc.get("value"))


def _replace(table: Table, doc_id: str, doc: dict[str, Any]) -> None:
    """Store ``doc`` whole under ``doc_id`` (an upsert would merge it with the old fields)."""

    def swap(old: dict[str, Any]) -> None:
        old.clear()
        old.update(doc)

    if table.contains(doc_id=doc_id):  # a lookup, so only one pass rewrites the table
        table.update(swap, doc_ids=[doc_id])
    else:
        table.insert(Document(doc, doc_id=doc_id))


# --------------------------------------------------------------------------
# documents <-> domain objects
# --------------------------------------------------------------------------


def anchor_doc(anchor: Anchor) -> dict[str, Any]:
    return {"start": anchor.start, "end": anchor.end, "exact": anchor.exact, "prefix": anchor.prefix,
            "suffix": anchor.suffix, "kind": anchor.kind}


def note_doc(note: Note) -> dict[str, Any]:
    return {"article_id": note.article_id, "anchor": anchor_doc(note.anchor), "text": note.text,
            "created_at": note.created_at, "updated_at": note.updated_at,
            "highlight": note.highlight, "orphaned": note.orphaned}


def note_of(note_id: str, doc: dict[str, Any]) -> Note:
    a = doc.get("anchor", {})
    anchor = Anchor(a.get("start", 0), a.get("end", 0), a.get("exact", ""), a.get("prefix", ""),
                    a.get("suffix", ""), a.get("kind", "paragraph"))
    return Note(note_id, doc["article_id"], anchor, doc.get("text", ""), doc.get("created_at", 0.0),
                doc.get("updated_at", 0.0), bool(doc.get("highlight")), bool(doc.get("orphaned")))


def bookmark_doc(bookmark: Bookmark) -> dict[str, Any]:
    return {"article_id": bookmark.article_id, "position": bookmark.position, "label": bookmark.label,
            "created_at": bookmark.created_at}


def bookmark_of(bookmark_id: str, doc: dict[str, Any]) -> Bookmark:
    return Bookmark(bookmark_id, doc["article_id"], doc.get("position"), doc.get("label", ""),
                    doc.get("created_at", 0.0))
