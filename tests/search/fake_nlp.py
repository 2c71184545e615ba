"""A tiny stand-in for ``reader.nlp`` for the notes/search/export tests:
two-word capitalised names are figures, and a quote followed by "<Name> said"
(or "said <Name>") is attributed to that name. Loaded by name by the library
(``tests.search.fake_nlp:annotate``)."""

from __future__ import annotations

import re

from reader.domain import Annotation, Figure, Quote

MODEL_VERSION = "search-fake-1"

_QUOTE = re.compile(r"“[^”]{1,400}”")
_NAME = re.compile(r"(?=\b([A-Z][a-z]+ [A-Z][a-z]+)\b)")  # overlapping: "State Mike Pompeo"
_NOT_FIRST = {"Secretary", "State", "Prime", "Minister", "Trade", "Representative", "United", "Critics"}
_ROLE = re.compile(r"\b(Secretary of State|Prime Minister|Trade Representative) ([A-Z][a-z]+ [A-Z][a-z]+)")


def annotate(text: str) -> Annotation:
    figures: dict[str, Figure] = {}
    roles = {m.group(2): m.group(1) for m in _ROLE.finditer(text)}
    for m in _NAME.finditer(text):
        name = m.group(1)
        if name.split()[0] in _NOT_FIRST:
            continue
        figures.setdefault(name, Figure(name, roles.get(name))).mentions.append(m.span(1))
    quotes = []
    for m in _QUOTE.finditer(text):
        after = text[m.end() : m.end() + 60]
        speaker = next((n for n in figures if n in after or n.split()[-1] in after), None)
        quotes.append(Quote(m.start(), m.end(), m.group(0), speaker))
    return Annotation([], list(figures.values()), quotes)
