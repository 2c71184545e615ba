"""A tiny deterministic stand-in for ``reader.nlp.annotate``.

TUI tests and snapshots must not change whenever the language model
improves, and must not pay for loading it: the library is opened with
``annotator="tests.tui.fake_nlp:annotate"``. It finds curly-quoted passages
and a fixed list of names, which is all the screens need to be exercised.
"""

from __future__ import annotations

import re

from reader.domain import Annotation, Entity, Figure, Quote

MODEL_VERSION = "fake-1"

PEOPLE = {"Mike Pompeo": ("Pompeo", "Secretary of State"), "Kevin Lamarque": ("Lamarque", None)}
PLACES = ("Syria", "Iraq", "Washington")
ORGS = ("Islamic State", "State Department", "Reuters")
QUOTE = re.compile(r"“[^“”]*”")


def _find(text: str, word: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(rf"\b{re.escape(word)}\b", text)]


def annotate(text: str) -> Annotation:
    figures = []
    entities = []
    for name, (short, role) in PEOPLE.items():
        full = _find(text, name)
        inside = {s for start, end in full for s in range(start, end)}
        mentions = sorted(full + [m for m in _find(text, short) if m[0] not in inside])
        if mentions:
            figures.append(Figure(name, role, mentions))
            entities.extend(Entity(s, e, text[s:e], "PERSON") for s, e in mentions)
    for words, label in ((PLACES, "LOCATION"), (ORGS, "ORGANIZATION")):
        for word in words:
            entities.extend(Entity(s, e, word, label) for s, e in _find(text, word))
    mentions = sorted((s, e, f.name) for f in figures for s, e in f.mentions)
    quotes = []
    last_speaker = None
    for match in QUOTE.finditer(text):
        after = [m for m in mentions if match.end() <= m[0] <= match.end() + 40]
        speaker = after[0][2] if after else last_speaker
        span = (after[0][0], after[0][1]) if after else None
        quotes.append(Quote(match.start(), match.end(), match.group(), speaker, span))
        last_speaker = speaker or last_speaker
    entities.sort(key=lambda e: e.start)
    return Annotation(entities=entities, figures=figures, quotes=quotes)
