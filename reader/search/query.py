"""The search query language.

``pompeo syria`` (all words), ``"end of America's fight"`` (a phrase),
``-iran`` (exclude), ``pomp*`` (a prefix), and filters ``person:Pompeo``, ``source:Reuters``,
``has:notes``, ``has:highlights``, ``has:bookmark``. Filter values may be
quoted (``person:"Mike Pompeo"``). Unknown ``key:value`` pairs are read as
plain words so a pasted URL or time ("10:30") still finds something.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from reader.search.text import STOPWORDS, terms, words

FILTER_KEYS = frozenset({"person", "source", "has"})
HAS_VALUES = {
    "note": "notes",
    "notes": "notes",
    "highlight": "highlights",
    "highlights": "highlights",
    "bookmark": "bookmarks",
    "bookmarks": "bookmarks",
}

_QUOTES = "\"“”„"
_PART = re.compile(
    rf"""(?P<neg>-)?
        (?:(?P<key>[A-Za-z]+):)?
        (?:[{_QUOTES}](?P<quoted>[^{_QUOTES}]*)[{_QUOTES}]?|(?P<bare>[^\s{_QUOTES}]+))""",
    re.VERBOSE,
)


class QueryError(ValueError):
    """A query that cannot mean anything (e.g. ``has:colour``)."""


@dataclass(slots=True)
class Phrase:
    text: str  # as typed, for display
    terms: list[str]  # folded words in order, stopwords included


@dataclass(slots=True)
class Query:
    terms: list[str] = field(default_factory=list)  # must all match (AND)
    phrases: list[Phrase] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)
    excluded_phrases: list[Phrase] = field(default_factory=list)
    persons: list[str] = field(default_factory=list)  # casefolded
    sources: list[str] = field(default_factory=list)  # casefolded
    has: set[str] = field(default_factory=set)  # "notes" | "highlights" | "bookmarks"
    prefixes: set[str] = field(default_factory=set)  # terms typed with a trailing "*"

    @property
    def is_empty(self) -> bool:
        return not (self.terms or self.phrases or self.persons or self.sources or self.has)

    @property
    def positive_terms(self) -> list[str]:
        """Every indexed term that ranks a result: words and phrase words."""
        seen = dict.fromkeys(self.terms)
        for p in self.phrases:
            seen.update(dict.fromkeys(t for t in p.terms if t not in STOPWORDS))
        return list(seen)


def parse_query(text: str) -> Query:
    query = Query()
    for m in _PART.finditer(text):
        neg, key, quoted, bare = m.group("neg"), m.group("key"), m.group("quoted"), m.group("bare")
        value = quoted if quoted is not None else bare or ""
        lowered_key = (key or "").lower()
        if lowered_key in FILTER_KEYS:
            _add_filter(query, lowered_key, value.strip())
            continue
        if key:  # not a filter: keep "key:value" as words
            value = f"{key} {value}"
        if quoted is not None or len(terms(value)) > 1:
            phrase = Phrase(value.strip(), [t for t, _, _ in words(value)])
            if not phrase.terms:
                continue
            if neg:
                query.excluded_phrases.append(phrase)
            elif len(phrase.terms) == 1 and quoted is None:
                _add_terms(query.terms, phrase.terms)
            else:
                query.phrases.append(phrase)
            continue
        found = terms(value)
        if bare and bare.endswith("*") and not neg and len(found) == 1:
            query.prefixes.add(found[0])
        _add_terms(query.excluded if neg else query.terms, found)
    return query


def _add_filter(query: Query, key: str, value: str) -> None:
    if not value:
        return
    if key == "person":
        query.persons.append(value.casefold())
    elif key == "source":
        query.sources.append(value.casefold())
    else:
        has = HAS_VALUES.get(value.casefold())
        if has is None:
            raise QueryError(f"has:{value} is not a filter (try has:notes, has:highlights or has:bookmark)")
        query.has.add(has)


def _add_terms(target: list[str], found: list[str]) -> None:
    for t in found:
        if t not in target:
            target.append(t)
