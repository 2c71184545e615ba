"""Name-shape repairs applied to the tagger's output, one sentence at a time.

A greedy tagger trained on 1996 Reuters sees too few names with particles,
regnal numbers or titles to learn their shape, and what it gets wrong is
regular: "Dorothea [von] Schlegel" comes out as two people with an O
between, "Joaquin [del] Olmo" too; "Queen Elizabeth I" loses its "I";
"Bishop Desmond Tutu", "Lieutenant-Colonel Max Marriner", "Instead
Joubert" take a title or a sentence word into the name (CoNLL, like every
NER convention, leaves titles out); "Jones Medical Industries Inc", "Warner
Bros" and "Marks & Spencer" are companies, whatever their first words are.
Spelling the shape out as rules fixes them without more training data; each
rule moves only the edges of a PERSON span or turns it into a company, so
it cannot invent a person where the tagger saw none. (A retrain with nouns
of occupation in the title class was tried and scored lower on testa and on
the out-of-domain dev set, so the model is unchanged.)
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from reader.nlp import lexicon as lx
from reader.nlp.ner.features import PARTICLES, TITLES
from reader.nlp.ner.gazetteer import LAST, PERSON_FIRST
from reader.nlp.ner.labels import spans

# Capitalised particles that may open a surname ("Van der Westhuizen",
# "De Gaulle", "Von der Leyen").
_CAPITAL_PARTICLES = frozenset(
    "Van Von Der Den De Del Della Di Da Das Dos Du La Le Ter Ten Bin Ibn".split()
)
_SUFFIXES = frozenset({"Jr", "Jr.", "Sr", "Sr.", "II", "III", "IV"})
# "Elizabeth I": a lone "I" is a regnal number only after a monarch's title.
_REGNAL_TITLES = frozenset("king queen pope emperor empress tsar czar tsarina sultan shah kaiser".split())
# Titles that are also common first names are never cut ("Dean Smith").
_NOT_CUT = frozenset({"dean", "chair", "forward", "father", "major"})
_AGE_RE = re.compile(r"^\d{1,3}-year-old$")
_INITIAL_RE = re.compile(r"^(?:[A-Z]\.){1,3}$")
# Capitalised particles inside Arabic names ("Mohammed bin Zayed [Al] Nahyan")
# and lowercase-prefixed surnames ("al-Baghdadi").
_ARABIC_PARTICLES = frozenset({"Al", "El", "Bin", "Ibn", "Abu", "Bint"})
_PARTICLE_PREFIX_RE = re.compile(r"^(?:al|el|ad|ar|as|at|az|ash|an|bin|ibn|abu)-[A-Z]")
_ORDINAL_RE = re.compile(r"^\d+(?:st|nd|rd|th)$")


def _is_title(word: str) -> bool:
    lower = word.lower()
    if lower in _NOT_CUT:
        return False
    if lower in TITLES or word in lx.HONORIFICS or lx.is_title_word(word) and lx.is_role_head(word):
        return True
    parts = lower.split("-")
    return len(parts) > 1 and all(p in TITLES for p in parts)  # "Lieutenant-Colonel"


def _cut_before_name(word: str) -> bool:
    """A word that opens a PERSON span but is no part of the name."""
    return _is_title(word) or word in lx.NOT_A_NAME or bool(_AGE_RE.match(word))


def repair_names(words: Sequence[str], tags: Sequence[str], gazetteer: Mapping[str, int] | None = None) -> list[str]:
    """``tags`` (well-formed IOBES) with PERSON spans reshaped; other spans
    are only dropped where a PERSON span now covers them. ``gazetteer``
    (the model's name lists) lets a name go on over a surname the tagger
    left out ("J. Robert [Oppenheimer]", "Amy Coney [Barrett]")."""
    if "S-PER" not in tags and "B-PER" not in tags:
        return list(tags)
    found = spans(tags)
    if not any(kind == "PER" and _may_change(words, start, end) for start, end, kind in found):
        return _rewritten(tags, found)
    return _repaired(words, tags, found, gazetteer)


def _repaired(
    words: Sequence[str], tags: Sequence[str], found: list[tuple[int, int, str]], gazetteer: Mapping[str, int] | None
) -> list[str]:
    """:func:`repair_names` by its rules, every span put through each one."""
    n = len(words)
    owner: list[tuple[int, int, str] | None] = [None] * n  # the span each token is in
    for span in found:
        for i in range(span[0], span[1]):
            owner[i] = span
    people: list[tuple[int, int, str]] = []
    cleared: list[tuple[int, int]] = []  # the tagger's PERSON spans, rewritten below
    for start, end, kind in found:
        if kind != "PER":
            continue
        cleared.append((start, end))
        if people and start < people[-1][1]:
            continue  # already merged into the previous name
        start, end = _grow(words, owner, start, end)
        if gazetteer is not None:
            end = _surname_left_out(words, owner, start, end, gazetteer)
        if people and start < people[-1][1]:
            previous = people[-1]
            if previous[2] == "PER" and all(_INITIAL_RE.match(w) for w in words[previous[0] : previous[1]]):
                people.pop()  # "[G.K.] [Butterfield]": initials tagged apart are the same name
            else:
                start = previous[1]  # never into the name before
        while end - start > 1 and _cut_before_name(words[start]):
            start += 1
        while end - start > 1 and _ORDINAL_RE.match(words[end - 1]):
            end -= 1
        company = _company_end(words, owner, start, end)
        if company:
            people.append((start, company, "ORG"))  # "Jones Medical Industries Inc", "Marks & Spencer"
        else:
            people.append((start, end, "PER"))
    out = list(tags)
    for start, end in cleared:
        for i in range(start, end):
            out[i] = "O"
    for start, end, kind in people:
        # Spans the new name overlaps are dropped whole, then the name written.
        for i in range(start, end):
            span = owner[i]
            if span is not None:
                for j in range(span[0], span[1]):
                    out[j] = "O"
        if end - start == 1:
            out[start] = "S-" + kind
        else:
            out[start] = "B-" + kind
            for i in range(start + 1, end - 1):
                out[i] = "I-" + kind
            out[end - 1] = "E-" + kind
    return out


def _rewritten(tags: Sequence[str], found: list[tuple[int, int, str]]) -> list[str]:
    """What the rules make of ``tags`` when they move no person's span: every
    PERSON span written again as it stands (well-formed input comes out as
    it went in)."""
    out = list(tags)
    for start, end, kind in found:
        if kind == "PER":
            if end - start == 1:
                out[start] = "S-PER"
            else:
                out[start] = "B-PER"
                out[start + 1 : end - 1] = ["I-PER"] * (end - start - 2)
                out[end - 1] = "E-PER"
    return out


# Where a word can make a rule act on a person's span (see _may_change).
_BEFORE, _AFTER, _FIRST, _LAST = 1, 2, 4, 8


def _may_change(words: Sequence[str], start: int, end: int) -> bool:
    """Whether any rule of :func:`repair_names` can move the PERSON span
    ``words[start:end]`` or make it a company's. Every rule reads the words
    at the span's edges: the one before it (initials, particles), the one
    after it (particles, suffixes, a capitalised surname or initial, a
    company word, "&"), its first (a title or sentence word to cut) and its
    last (an ordinal, a company word). Most spans have none of those, and
    what a word can do there is a function of the word, found once per word
    (``test_repair_shortcut_changes_nothing`` holds this to the rules)."""
    n = len(words)
    return bool(
        (start and _edges(words[start - 1]) & _BEFORE)
        or (end < n and _edges(words[end]) & _AFTER)
        or (end - start > 1 and _edges(words[start]) & _FIRST)
        or _edges(words[end - 1]) & _LAST
    )


def _edges(word: str) -> int:
    flags = _EDGES.get(word)
    if flags is None:
        flags = 0
        if word in PARTICLES or word in _CAPITAL_PARTICLES or _INITIAL_RE.match(word):
            flags |= _BEFORE
        if word[:1].isupper() or word in _AFTER_WORDS or _PARTICLE_PREFIX_RE.match(word):
            flags |= _AFTER
        if _cut_before_name(word):
            flags |= _FIRST
        if word in _COMPANY_WORDS or _ORDINAL_RE.match(word):
            flags |= _LAST
        if len(_EDGES) >= _EDGES_LIMIT:
            _EDGES.clear()
        _EDGES[word] = flags
    return flags


_EDGES: dict[str, int] = {}
_EDGES_LIMIT = 50_000


# Words that end a company's name, never a person's.
_COMPANY_WORDS = frozenset(
    """
    Inc Inc. Corp Corp. Co Co. Ltd Ltd. Plc PLC plc LLC Bros Bros. Industries Pharmaceuticals
    Communications Holdings Group Partners Associates Enterprises Bancorp Motors Airlines
    Technologies Laboratories Labs Securities Capital Investments
    """.split()
)
# Words after a person's span that a rule reads (capitalised ones aside).
_AFTER_WORDS = PARTICLES | _ARABIC_PARTICLES | _CAPITAL_PARTICLES | _SUFFIXES | _COMPANY_WORDS | {"&", "I"}


def _company_end(words: Sequence[str], owner: list, start: int, end: int) -> int:
    """The end of a company's name when a would-be person's name is one
    ("Jones Medical Industries Inc", "Warner Bros", "Marks & Spencer",
    "Edward D. Jones & Co"), else 0."""
    n = len(words)
    if words[end - 1] in _COMPANY_WORDS and end - start > 1:
        company = end
    elif end < n and words[end] in _COMPANY_WORDS and owner[end] is None:
        company = end + 1
    elif end + 1 < n and words[end] == "&" and words[end + 1][:1].isupper():
        company = end + 2
    else:
        return 0
    while company < n and (words[company] in _COMPANY_WORDS or words[company] == "&" and company + 1 < n):
        company += 2 if words[company] == "&" else 1
    return min(company, n)


def _surname_left_out(words: Sequence[str], owner: list, start: int, end: int, gazetteer: Mapping[str, int]) -> int:
    """The end of a name that stopped on a first name, or before a listed
    surname, with the capitalised untagged word after it taken in."""
    if end >= len(words):
        return end
    if _INITIAL_RE.match(words[end - 1]) and words[end][:1].isupper() and words[end][1:2].islower():
        # "Donald J. [Trump]": a name never ends on a middle initial
        span = owner[end]
        if span is None or span[1] - span[0] == 1:
            return end + 1
    if (
        owner[end] is None
        and lx.ONE_INITIAL_RE.match(words[end])
        and end + 1 < len(words)
        and words[end + 1][:1].isupper()
        and words[end + 1][1:2].islower()
        and (owner[end + 1] is None or owner[end + 1][1] - owner[end + 1][0] == 1)
        and gazetteer.get(words[end - 1].lower(), 0) & PERSON_FIRST
    ):
        # "Lawrence [B. Cummings]": the tagger stops on the first name, drops
        # the middle initial and tags the surname alone as something else
        return end + 2
    if owner[end] is not None:
        return end
    nxt = words[end]
    if not (nxt[:1].isupper() and nxt[1:].islower() and nxt.isalpha()):
        return end
    if nxt in lx.NOT_A_NAME or nxt in lx.NON_PERSON_WORDS or nxt in lx.NAMED_AFTER_HEADS or nxt in lx.AFFILIATION_WORDS:
        return end
    last = gazetteer.get(words[end - 1].lower(), 0)
    if (last & PERSON_FIRST and not last & LAST) or gazetteer.get(nxt.lower(), 0) & LAST:
        return end + 1
    if end - start == 2 and _INITIAL_RE.match(words[start]) and last & PERSON_FIRST:
        # "J. Robert [Oppenheimer]", "H. Ross [Perot]": an initial and a first
        # name are never a whole name
        return end + 1
    return end


def _grow(words: Sequence[str], owner: list, start: int, end: int) -> tuple[int, int]:
    n = len(words)
    while True:
        span = owner[end] if end < n else None
        if span is not None and span[0] == end and span[2] == "PER" and words[end] in _ARABIC_PARTICLES | _CAPITAL_PARTICLES:
            end = span[1]  # "Mohammed bin Zayed" + "Al Nahyan" tagged apart
            continue
        # "Dorothea [von] Schlegel", "Abdulaziz [bin] Salman", "F. W. [de] Klerk"
        j = end
        while j < n and (words[j] in PARTICLES or (words[j] in _ARABIC_PARTICLES and j + 1 < n and words[j + 1][:1].isupper())):
            j += 1
        if j < n and j == end and _PARTICLE_PREFIX_RE.match(words[j]) and owner[j] is None:
            end = j + 1  # "Abu Bakr [al-Baghdadi]"
            continue
        if j == end or j >= n or not words[j][:1].isupper():
            break
        span = owner[j]
        if span is None:
            new_end = j + 1
        elif span[0] == j and (span[2] == "PER" or span[1] - span[0] == 1):
            new_end = span[1]
        else:
            break  # "Charles de [Gaulle Airport]": another name goes on
        end = new_end
    # "[J.] K. Rowling": initials the tagger left out or took for something else
    while start > 0 and _INITIAL_RE.match(words[start - 1]) and (owner[start - 1] is None or owner[start - 1][1] - owner[start - 1][0] == 1):
        start -= 1
    # "[Van] der Westhuizen", "[de] Klerk"
    j = start
    while j > 0 and words[j - 1] in PARTICLES and owner[j - 1] is None:
        j -= 1
    if j > 0 and words[j - 1] in _CAPITAL_PARTICLES:
        span = owner[j - 1]
        if span is None or span[1] - span[0] == 1:
            j -= 1
    if j < start and (words[j][:1].isupper() or j == start - 1 or words[start][:1].isupper()):
        start = j
    # "Thomas D'Alesandro Jr.", "Henry Ford II", "Queen Elizabeth I"
    if end < n and owner[end] is None:
        if words[end] in _SUFFIXES:
            end += 1
        elif words[end] == "I" and start > 0 and words[start - 1].lower() in _REGNAL_TITLES:
            end += 1
    return start, end
