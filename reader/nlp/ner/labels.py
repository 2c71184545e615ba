"""The tag set (IOBES over the four CoNLL types) and how tags become spans.

IOBES (begin, inside, end, single) rather than plain BIO because telling a
one-word name ("Pompeo") from the last word of a longer one ("Mike Pompeo")
is exactly what the tagger has to learn about names.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import compress

TYPES = ("PER", "ORG", "LOC", "MISC")
LABELS: tuple[str, ...] = ("O",) + tuple(p + "-" + t for t in TYPES for p in "BIES")
START = "<S>"  # the "previous tag" before a sentence's first token

# What reader.domain.Entity calls each CoNLL type.
ENTITY_LABEL = {"PER": "PERSON", "ORG": "ORGANIZATION", "LOC": "LOCATION", "MISC": "MISC"}


def allowed_next(prev: str, last: bool, letterless: bool = False, next_letterless: bool = False) -> tuple[str, ...]:
    """Tags that may follow ``prev`` (constrained greedy decoding keeps the
    output well-formed); ``last`` is True for a sentence's last token.

    A person's name is made of words: a token without letters ("4-0-25-0",
    "1:25", ";") never starts, ends or is a name in the training data, so
    it gets no PER tag and a name must end before it ("de Silva 4-0-25-0").
    Other types keep them ("Euro 96", "1860 Munich")."""
    if prev[:2] in ("B-", "I-"):
        kind = prev[2:]
        tags: tuple[str, ...] = ("E-" + kind,) if last else ("I-" + kind, "E-" + kind)
    elif last:
        tags = tuple(t for t in LABELS if t[0] in "OS")
    else:
        tags = tuple(t for t in LABELS if t[0] in "OBS")
    if letterless:
        tags = _without(tags, ("B-PER", "S-PER", "E-PER", "I-PER"))
    if next_letterless:
        tags = _without(tags, ("B-PER", "I-PER"))
    return tags


def _without(tags: tuple[str, ...], banned: tuple[str, ...]) -> tuple[str, ...]:
    kept = tuple(t for t in tags if t not in banned)
    return kept or tags  # never leave the decoder without a choice


def spans(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """(first token, last token + 1, type) of each entity in well-formed
    IOBES ``tags``; a stray I-/E- starts an entity rather than being lost."""
    found: list[tuple[int, int, str]] = []
    n = len(tags)
    if tags.count("O") == n:  # most sentences (counted in C)
        return found
    start = -1
    # Only the tags that are not O are visited, picked out in C: a tag
    # before an O closes its entity, so nothing is open when an O is met.
    for i in compress(range(n), map(_NOT_O, tags)):
        tag = tags[i]
        p = tag[0]
        if p in "BS" or start < 0 or tags[i - 1][2:] != tag[2:]:
            start = i
        if p in "ES" or i + 1 == n or tags[i + 1][0] in "OBS" or tags[i + 1][2:] != tag[2:]:
            found.append((start, i + 1, tag[2:]))
            start = -1
    return found


_NOT_O = "O".__ne__
