"""Everyone named across the library, for the Figures screen.

Each article names its people by their fullest form ("Mike Pompeo"), but
another article may only say "Pompeo": a one-word name is folded into the
one longer name across the library that ends with it, when there is exactly
one, so both articles count for the same person.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from reader.search.index import SearchIndex


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


def figure_stats(index: SearchIndex) -> list[FigureStat]:
    """Everyone named, most widely named first."""
    docs = sorted(index.docs(), key=lambda d: d.date or "", reverse=True)
    names = {name for d in docs for name, _, _ in d.figures} | {s for d in docs for s in d.quote_counts}
    canonical = _canonical_names(names)
    stats: dict[str, FigureStat] = {}

    def stat(name: str) -> FigureStat:
        key = canonical[name]
        found = stats.get(key)
        if found is None:
            found = stats[key] = FigureStat(key)
        if name != key and name not in found.aliases:
            found.aliases.append(name)
        return found

    for doc in docs:
        for name, role, mentions in doc.figures:
            s = stat(name)
            if doc.id not in s.articles:
                s.articles.append(doc.id)
            s.mentions += mentions
            if role and role not in s.roles:
                s.roles.append(role)
        for speaker, count in doc.quote_counts.items():
            s = stat(speaker)
            s.quotes += count
            if doc.id not in s.articles:
                s.articles.append(doc.id)
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
