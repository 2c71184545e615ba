"""Full-text search across the library: titles, bodies, people and notes.

Entry point: :func:`search` (``reader.search.search(library, "pompeo syria")``).
The index is a rebuildable cache under ``<data_dir>/cache/search/``.
"""

from reader.search.figures import FigureStat, figure_stats
from reader.search.index import DocEntry, SearchIndex, SyncReport, index_path
from reader.search.query import Phrase, Query, QueryError, parse_query
from reader.search.service import SearchHit, forget_indexes, get_index, search, sync

__all__ = [
    "DocEntry",
    "FigureStat",
    "Phrase",
    "Query",
    "QueryError",
    "SearchHit",
    "SearchIndex",
    "SyncReport",
    "figure_stats",
    "forget_indexes",
    "get_index",
    "index_path",
    "parse_query",
    "search",
    "sync",
]
