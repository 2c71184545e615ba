"""Searching a library: SQLite FTS5 ranks, this module asks and dresses the hits.

The library's database (:mod:`reader.store.database`) keeps an FTS5 index of
every article's title, body, people and the user's note text, updated in the
same transaction as the article or note, so there is nothing to build or load
here: a query is one SQL statement (bm25 ranking with field weights, phrases,
prefixes, NOT), and only the ``limit`` hits shown are read back for their
snippets. Snippets and title spans come from :mod:`reader.search.snippets`,
as spans over the original text (never markup), with the same word folding
the index uses.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from reader.domain import Span
from reader.search.query import Phrase, Query, parse_query
from reader.search.snippets import Snippet, find_matches, make_snippets, merge_spans
from reader.search.text import folded, terms

if TYPE_CHECKING:
    from reader.library import Library

NOTE_MARK = "✎ "
# bm25 weights of the FTS columns: a word in the title or a person's name says more about an
# article than one in the body; the user's own note words count like a name.
WEIGHTS = "3.0, 1.0, 2.0, 2.0"  # title, body, people, notes
# A word found in much of the library would have FTS5 score every match before the LIMIT (and its
# bm25 counts every match again for the IDF): such a query is answered from its newest this-many
# matches (found in the index's own rowid order, so cheaply; see _recent) unless that leaves fewer
# hits than asked for.
CANDIDATES = 1000
PHRASE_CANDIDATES = 250
PREFIX_WORDS = 64  # a prefix standing for more indexed words than this stays an FTS5 prefix query  # a phrase is checked position by position: fewer of its matches are ranked


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


def _quoted(words: Sequence[str]) -> str:
    """An FTS5 string (a phrase when several words): folded terms hold letters and digits only,
    so nothing a user types becomes query syntax."""
    return '"' + " ".join(w.replace('"', "") for w in words) + '"'


def match_expression(query: Query, expand: Callable[[str], list[str] | None] | None = None) -> tuple[str | None, str | None]:
    """(what must match, what must not), as FTS5 query strings; None when there is nothing.

    ``expand`` turns a prefix into the indexed words that start with it (None: too many): an OR
    of a few words is read lazily by FTS5, where a prefix query gathers every match first."""

    def word(term: str) -> str:
        if term not in query.prefixes:
            return _quoted([term])
        found = expand(term) if expand is not None else None
        if found is None:
            return _quoted([term]) + " *"
        return "(" + " OR ".join(_quoted([w]) for w in found) + ")" if found else _quoted([term])

    positive = [word(t) for t in query.terms]
    positive += [_quoted(p.terms) for p in query.phrases]
    for person in query.persons:
        words = folded(person)
        if words:
            positive.append(f"people : {_quoted(words)}")
    negative = [_quoted([t]) for t in query.excluded] + [_quoted(p.terms) for p in query.excluded_phrases]
    return (" AND ".join(positive) or None), (" OR ".join(negative) or None)


def _filters(library: Library, query: Query) -> tuple[list[str], list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    for source in query.sources:
        escaped = source.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        where.append("a.source LIKE ? ESCAPE '\\'")
        params.append(f"%{escaped}%")
    if "notes" in query.has:
        where.append("a.id IN (SELECT article_id FROM notes WHERE highlight = 0)")
    if "highlights" in query.has:
        where.append("a.id IN (SELECT article_id FROM notes WHERE highlight = 1)")
    if "bookmarks" in query.has:
        where.append("a.id IN (SELECT value FROM json_each(?))")
        params.append(json.dumps(sorted({b.article_id for b in library.bookmarks()})))
    return where, params


def ranked(library: Library, query: Query, limit: int) -> list[tuple[str, float]]:
    """The best ``limit`` (article id, score) for ``query``."""
    positive, negative = match_expression(query, lambda prefix: library.db.words_starting(prefix, PREFIX_WORDS))
    where, params = _filters(library, query)
    ranks = bool(query.terms or query.phrases)
    if negative is not None and positive is None:
        where.append("a.n NOT IN (SELECT rowid FROM fts WHERE fts MATCH ?)")
        params.append(negative)
    if positive is None:
        sql = (f"SELECT a.id, 0 FROM articles a {'WHERE ' + ' AND '.join(where) if where else ''} "
               "ORDER BY a.date DESC, a.added_at DESC LIMIT ?")
        return [(i, 0.0) for i, _ in library.db.query(sql, (*params, limit))]
    expression = positive if negative is None else f"({positive}) NOT ({negative})"
    if not ranks:  # filters only (person:): newest first, walking the date order until enough are found
        sql = ("SELECT a.id, 0 FROM articles a INDEXED BY articles_by_date WHERE a.n IN "
               f"(SELECT rowid FROM fts WHERE fts MATCH ?){''.join(' AND ' + w for w in where)} "
               "ORDER BY a.date DESC, a.added_at DESC, a.n DESC LIMIT ?")
        return [(i, 0.0) for i, _ in library.db.query(sql, (expression, *params, limit))]
    floor = library.db.one("SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET ?",
                           (expression, (PHRASE_CANDIDATES if query.phrases else CANDIDATES) - 1))
    if floor is not None:
        rows = _recent(library, query, expression, floor[0], where, params, limit)
        if len(rows) >= limit:
            return rows
    if not where:
        sql = (f"SELECT a.id, r.score FROM (SELECT rowid, bm25(fts, {WEIGHTS}) AS score FROM fts "
               "WHERE fts MATCH ? ORDER BY score LIMIT ?) AS r JOIN articles a ON a.n = r.rowid "
               "ORDER BY r.score, a.date DESC")
        rows = library.db.query(sql, (expression, limit))
    else:
        sql = (f"SELECT a.id, bm25(fts, {WEIGHTS}) AS score FROM fts JOIN articles a ON a.n = fts.rowid "
               f"WHERE fts MATCH ?{''.join(' AND ' + w for w in where)} ORDER BY score, a.date DESC LIMIT ?")
        rows = library.db.query(sql, (expression, *params, limit))
    return [(article_id, -score if score else 0.0) for article_id, score in rows]


def _recent(library: Library, query: Query, expression: str, floor: int, where: list[str],
            params: list[Any], limit: int) -> list[tuple[str, float]]:
    """A query matching much of the library: its newest matches (rowid ≥ ``floor``), those with
    the words in the title first, then in a person's name, then the rest, newest first.

    Not bm25: FTS5's bm25 counts every match of every word across the whole table for its IDF on
    each query (tens of milliseconds for a common word in a million articles), and among
    thousands of matches of common words recency says more than term frequencies."""
    words = match_expression(Query(terms=query.terms, phrases=query.phrases, prefixes=query.prefixes))[0]
    boost = ("(a.n IN (SELECT rowid FROM fts WHERE fts MATCH ? AND rowid >= ?)) * 2 + "
             "(a.n IN (SELECT rowid FROM fts WHERE fts MATCH ? AND rowid >= ?))")
    sql = (f"SELECT a.id, {boost} AS boost FROM fts JOIN articles a ON a.n = fts.rowid "
           f"WHERE fts MATCH ? AND fts.rowid >= ?{''.join(' AND ' + w for w in where)} "
           "ORDER BY boost DESC, a.date DESC, a.added_at DESC LIMIT ?")
    rows = library.db.query(sql, (f"title : ({words})", floor, f"people : ({words})", floor,
                                  expression, floor, *params, limit))
    return [(article_id, float(score)) for article_id, score in rows]


def search(library: Library, query: str | Query, limit: int = 50) -> list[SearchHit]:
    """The best ``limit`` articles for ``query``, with snippets."""
    parsed = parse_query(query) if isinstance(query, str) else query
    if parsed.is_empty:
        return []
    library.refresh()  # another process's articles and notes, and this one's latest notes
    found = ranked(library, parsed, limit)
    # the notes' text from the index's own mirror (kept in step by refresh above), latest first
    notes_by_article: dict[str, list[str]] = {}
    for article_id, text in library.db.query(
            "SELECT article_id, text FROM notes WHERE text != '' AND article_id IN "
            "(SELECT value FROM json_each(?)) ORDER BY rowid DESC", (json.dumps([i for i, _ in found]),)):
        notes_by_article.setdefault(article_id, []).append(text)
    # one query for the texts of every hit; one deleted meanwhile or damaged is left out
    texts = library.db.texts([article_id for article_id, _ in found])
    return [_build_hit(parsed, article_id, score, texts[article_id], notes_by_article.get(article_id, []))
            for article_id, score in found if article_id in texts]


def _build_hit(query: Query, article_id: str, score: float, text: tuple[str, str | None, str | None, str],
               note_texts: Sequence[str]) -> SearchHit:
    title, source, date, body = text
    # Highlight what the user asked for: the words, the phrases as wholes, and the person of a
    # person: filter.
    match_terms = [*query.terms, *terms(" ".join(query.persons))]
    body_matches = find_matches(body, match_terms, query.phrases)
    snippets = make_snippets(body, body_matches)
    for text in note_texts:
        note_matches = find_matches(text, match_terms, query.phrases)
        if note_matches:
            snippet_text, spans = make_snippets(text, note_matches, count=1)[0]
            shift = len(NOTE_MARK)
            snippets.append((NOTE_MARK + snippet_text, [(s + shift, e + shift) for s, e in spans]))
            break
    return SearchHit(
        article_id=article_id,
        title=title,
        score=score,
        snippets=snippets,
        offset=body_matches[0][0] if body_matches else None,
        source=source,
        date=date,
        title_spans=merge_spans((s, e) for s, e, _ in find_matches(title, match_terms, query.phrases)),
    )


__all__ = ["NOTE_MARK", "Phrase", "SearchHit", "match_expression", "ranked", "search"]
