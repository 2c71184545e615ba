"""The tag set (IOBES over the four CoNLL types) and how tags become spans.

IOBES (begin, inside, end, single) rather than plain BIO because telling a
one-word name ("Pompeo") from the last word of a longer one ("Mike Pompeo")
is exactly what the tagger has to learn about names.
"""

from __future__ import annotations

from collections.abc import Sequence

TYPES = ("PER", "ORG", "LOC", "MISC")
LABELS: tuple[str, ...] = ("O",) + tuple(p + "-" + t for t in TYPES for p in "BIES")
START = "<S>"  # the "previous tag" before a sentence's first token

# What reader.domain.Entity calls each CoNLL type.
ENTITY_LABEL = {"PER": "PERSON", "ORG": "ORGANIZATION", "LOC": "LOCATION", "MISC": "MISC"}


def allowed_next(prev: str, last: bool) -> tuple[str, ...]:
    """Tags that may follow ``prev`` (constrained greedy decoding keeps the
    output well-formed); ``last`` is True for a sentence's last token."""
    if prev[:2] in ("B-", "I-"):
        kind = prev[2:]
        return ("E-" + kind,) if last else ("I-" + kind, "E-" + kind)
    if last:
        return tuple(t for t in LABELS if t[0] in "OS")
    return tuple(t for t in LABELS if t[0] in "OBS")


def spans(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """(first token, last token + 1, type) of each entity in well-formed
    IOBES ``tags``; a stray I-/E- starts an entity rather than being lost."""
    found: list[tuple[int, int, str]] = []
    start = -1
    for i, tag in enumerate(tags):
        p = tag[0]
        if p == "O":
            start = -1
            continue
        if p in "BS" or start < 0 or tags[i - 1][2:] != tag[2:]:
            start = i
        if p in "ES" or i + 1 == len(tags) or tags[i + 1][0] in "OBS" or tags[i + 1][2:] != tag[2:]:
            found.append((start, i + 1, tag[2:]))
            start = -1
    return found
