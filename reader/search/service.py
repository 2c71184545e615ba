"""Searching a library: the index, the user's notes and the article texts together.

One :class:`SearchIndex` per data directory is kept for the life of the
process, so only the first query pays for loading it; each query syncs it
with the library first (cheap when nothing changed) and writes it back when
the sync changed anything.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from reader.domain import Bookmark, Note, Span
from reader.search.index import LibraryLike, SearchIndex, SyncReport, UserMatches, index_path
from reader.search.query import Query, parse_query
from reader.search.snippets import Snippet, contains_phrase, find_matches, make_snippets, merge_spans
from reader.search.text import folded, terms

NOTE_MARK = "✎ "
# Phrases are checked against the article text, not the index (positions
# would triple its size). A phrase of common words can have thousands of
# candidates: after this many candidates without the phrase, stop looking.
MAX_PHRASE_MISSES = 500


class SearchableLibrary(LibraryLike, Protocol):
    data_dir: Path

    def notes(self, article_id: str | None = None) -> list[Note]: ...
    def bookmarks(self, article_id: str | None = None) -> list[Bookmark]: ...


@dataclass(slots=True)
class SearchHit:
    article_id: str
    title: str
    score: float
    snippets: list[Snippet] = field(default_factory=list)  # (text, [(start, end), ...])
    offset: int | None = None  # first match in the body, for "open at the match"
    source: str | None = None
    date: str | None = None
    title_spans: list[Span] = field(default_factory=list)


_indexes: dict[Path, SearchIndex] = {}
_indexes_lock = threading.Lock()


def get_index(library: SearchableLibrary) -> SearchIndex:
    """This process's index for ``library`` (loaded from disk on first use)."""
    path = index_path(Path(library.data_dir))
    with _indexes_lock:
        index = _indexes.get(path)
        if index is None:
            index = _indexes[path] = SearchIndex.load(path)
        return index


def forget_indexes() -> None:
    """Drop the in-process indexes (tests, or after a restore)."""
    with _indexes_lock:
        _indexes.clear()


def sync(
    library: SearchableLibrary, progress: Callable[[int, int], None] | None = None, *, full: bool | None = None
) -> SyncReport:
    """Bring the index up to date with ``library`` and save it if it changed
    (``full``: see :meth:`SearchIndex.sync`)."""
    index = get_index(library)
    report = index.sync(library, progress, full=full)
    if report.changed or index.dirty:
        try:
            index.save()
        except OSError:
            pass  # a read-only data dir: the in-memory index still serves
    return report


def user_matches(library: SearchableLibrary, notes: Sequence[Note] | None = None) -> UserMatches:
    found = UserMatches()
    for note in library.notes() if notes is None else notes:
        (found.with_highlights if note.highlight else found.with_notes).add(note.article_id)
        if note.text:
            found.note_terms.setdefault(note.article_id, set()).update(terms(note.text))
    found.with_bookmarks = {b.article_id for b in library.bookmarks()}
    return found


def search(library: SearchableLibrary, query: str | Query, limit: int = 50, *, do_sync: bool = True) -> list[SearchHit]:
    """The best ``limit`` articles for ``query``, with snippets."""
    parsed = parse_query(query) if isinstance(query, str) else query
    if parsed.is_empty:
        return []
    if do_sync:
        sync(library)
    index = get_index(library)
    notes = library.notes()
    notes_by_article: dict[str, list[Note]] = {}
    for note in notes:
        notes_by_article.setdefault(note.article_id, []).append(note)
    user = user_matches(library, notes)
    hits: list[SearchHit] = []
    misses = 0
    for article_id, score in index.rank(parsed, user):
        if len(hits) >= limit or misses >= MAX_PHRASE_MISSES:
            break
        hit = _build_hit(library, index, parsed, article_id, score, notes_by_article.get(article_id, []))
        if hit is not None:
            hits.append(hit)
        else:
            misses += 1
    return hits


def _build_hit(
    library: SearchableLibrary, index: SearchIndex, query: Query, article_id: str, score: float, notes: Sequence[Note]
) -> SearchHit | None:
    try:
        article = library.get(article_id)
    except (KeyError, LookupError):
        return None
    note_texts = [n.text for n in notes if n.text]
    texts = [article.body, article.title, *note_texts]
    if query.phrases or query.excluded_phrases:
        in_order = [folded(t) for t in texts]
        for phrase in query.phrases:
            if not any(contains_phrase(w, phrase) for w in in_order):
                return None
        for phrase in query.excluded_phrases:
            if any(contains_phrase(w, phrase) for w in in_order):
                return None
    # Highlight what the user asked for: the words, the phrases as wholes,
    # and the person of a person: filter.
    match_terms = [*query.terms, *terms(" ".join(query.persons))]
    body_matches = find_matches(article.body, match_terms, query.phrases)
    snippets = make_snippets(article.body, body_matches)
    for text in note_texts:
        note_matches = find_matches(text, match_terms, query.phrases)
        if note_matches:
            snippet_text, spans = make_snippets(text, note_matches, count=1)[0]
            shift = len(NOTE_MARK)
            snippets.append((NOTE_MARK + snippet_text, [(s + shift, e + shift) for s, e in spans]))
            break
    entry = index.doc(article_id)
    return SearchHit(
        article_id=article_id,
        title=article.title,
        score=round(score, 4),
        snippets=snippets,
        offset=body_matches[0][0] if body_matches else None,
        source=article.source if entry is None else entry.source,
        date=article.date,
        title_spans=merge_spans((s, e) for s, e, _ in find_matches(article.title, match_terms, query.phrases)),
    )
