"""Full-text search across the library: titles, bodies, people and notes.

Entry point: :func:`search` (``reader.search.search(library, "pompeo syria")``,
or ``Library.search``). The index is the FTS5 table inside the library's
database, kept in step as articles and notes are saved: nothing to build.
"""

from reader.search.figures import FigureStat, figure_stats
from reader.search.query import Phrase, Query, QueryError, parse_query
from reader.search.service import SearchHit, search

__all__ = ["FigureStat", "Phrase", "Query", "QueryError", "SearchHit", "figure_stats", "parse_query", "search"]
