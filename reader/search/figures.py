"""Everyone named across the library, for the Figures screen.

Each article names its people by their fullest form ("Mike Pompeo"), but
another article may only say "Pompeo": a one-word name is folded into the
one longer name across the library that ends with it, when there is exactly
one, so both articles count for the same person. The rows come from the
database's ``people`` table (one row per person per article).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reader.library import Library


@dataclass(slots=True)
class FigureStat:
    name: str
    roles: list[str] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)  # article ids, newest first
    quotes: int = 0  # quotes attributed to this person across the library
    mentions: int = 0
    aliases: list[str] = field(default_factory=list)  # other spellings folded in

    @property
    def article_count(self) -> int:
        return len(self.articles)


def figure_stats(library: Library) -> list[FigureStat]:
    """Everyone named, most widely named first."""
    library.refresh()
    rows = library.db.query(
        "SELECT p.name, p.role, p.mentions, p.quotes, a.id FROM people p JOIN articles a ON a.n = p.article "
        "ORDER BY a.date DESC, a.added_at DESC, p.rowid")
    canonical = _canonical_names({r[0] for r in rows})
    stats: dict[str, FigureStat] = {}
    seen: set[tuple[str, str]] = set()
    for name, role, mentions, quotes, article_id in rows:
        key = canonical[name]
        s = stats.get(key)
        if s is None:
            s = stats[key] = FigureStat(key)
        if name != key and name not in s.aliases:
            s.aliases.append(name)
        if (key, article_id) not in seen:
            seen.add((key, article_id))
            s.articles.append(article_id)
        s.mentions += mentions
        s.quotes += quotes
        if role and role not in s.roles:
            s.roles.append(role)
    return sorted(stats.values(), key=lambda s: (-s.article_count, -s.quotes, s.name.casefold()))


def _canonical_names(names: set[str]) -> dict[str, str]:
    by_last: dict[str, set[str]] = defaultdict(set)
    for name in names:
        parts = name.split()
        if len(parts) > 1:
            by_last[parts[-1].casefold()].add(name)
    out: dict[str, str] = {}
    for name in names:
        parts = name.split()
        longer = by_last.get(name.casefold(), set()) if len(parts) == 1 else set()
        out[name] = next(iter(longer)) if len(longer) == 1 else name
    return out
