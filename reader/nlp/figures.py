"""Figures: the people an article names, each with every mention of them.

The tagger labels mentions one sentence at a time; a reader thinks about the
whole article. This module adds the document-level reasoning:

- a mention's name is cleaned of its title ("U.S. Secretary of State Mike
  Pompeo" → "Mike Pompeo", role "Secretary of State"; a title the tagger
  swallowed into an organisation, "Defense Secretary Jim Mattis", gives the
  person back), of its possessive ("Trump’s" → "Trump") and of stray
  sentence words ("Before Levy");
- mentions are clustered: "Pompeo" and "Hakim" join "Mike Pompeo" and
  "Mohamed al-Hakim" (a short form must be a sub-sequence of the full name
  ending in its surname, or its first name alone); a bare surname shared
  by two people goes to the one introduced first, as news style has it;
  the canonical name is the fullest form, respelled from a headline's
  capitals when the body writes it otherwise;
- single-word "persons" that the article otherwise uses as part of an
  organisation or place ("State" of "Islamic State", "Arabs") are not
  people: one sense per article, decided by vote;
- a surname the tagger missed after the full name was seen is added as a
  mention (and as a PERSON entity), and so is one it took for a place right
  next to a speech verb ("said Washington" after "MaliVai Washington");
- a name followed by an age ("Samer Ammar Soliman, 42,") is a person;
- photo credits ("REUTERS/Kevin Lamarque", "(AP Photo/Jane Doe)") name a
  person (role "Photographer") even though no tagger trained on sentences
  can read them;
- the role is the title before a mention, else an appositive ("Joseph
  Votel, head of a U.S. military command").
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from reader.domain import Entity, Figure, Span
from reader.nlp import cues
from reader.nlp import lexicon as lx
from reader.nlp.ner import is_listed_first_name, is_listed_name, is_listed_place_not_first_name, is_listed_surname

PERSON = "PERSON"
PHOTOGRAPHER = "Photographer"

_APOSTROPHES = "'\u2019"
_NAME_WORD = r"[A-Z][\w\u2019'.-]*"
_CREDIT_RE = re.compile(
    r"(?<![\w/])(?:"
    + "|".join(re.escape(a) for a in sorted(lx.PHOTO_AGENCIES, key=len, reverse=True))
    + r")[ \t]*/[ \t]*(?P<name>"
    + _NAME_WORD
    + r"(?:[ \t]+(?:(?:de|da|van|von|der|di|del|la|le|bin|al)[ \t]+)?"
    + _NAME_WORD
    + r"){0,3})"
)
_CREDIT_TRAILERS = frozenset({"File", "Photo", "Pool", "Handout", "Via", "Courtesy", "Illustration"})
_TOKEN_RE = re.compile(r"\S+")
_APPOSITIVE_RE = re.compile(
    r",\s+(?P<det>the\s+|a\s+|an\s+)?(?:\d{1,3}-year-old\s+)?(?:[A-Za-z][\w-]*(?:\u2019s|'s)\s+)?"
    r"(?:(?:former|new|then|top|longtime)[\s-]+)?(?P<rank>(?:senior|chief|acting|deputy|principal)[\s-]+)?"
    r"(?P<head>[A-Za-z][\w-]*)\b(?P<rest>[^,;\n\u201c\u201d\"]{0,120})(?P<close>[,;\n\u201c\u201d\"]|$)?"
)
# A full stop after a lone capital is an abbreviation ("head of U.S. Central Command").
_APPOSITIVE_STOP_RE = re.compile(r"\s(?:that|who|which|whose|where|when|said|says)\b|(?<!\b[A-Z])[.!?](?:\s+[A-Z]|$)")
_ROLE_STARTS_INVALID = frozenset({"of", "the", "State", "Party", "Bank", "Board", "Staff", "Affairs"})
# Words after a party's name that make it part of the title ("Labour Minister",
# "Labour Party leader"), unlike "Labour MP".
_PORTFOLIO_HEADS = frozenset({"Minister", "Secretary", "Ministry", "Department", "Commissioner", "Spokesman", "Spokeswoman", "Party"})
_MAX_APPOSITIVE_WORDS = 6
_MAX_CLOSED_APPOSITIVE_WORDS = 8  # when the appositive's own comma or stop ends it


@dataclass(frozen=True, slots=True)
class Mention:
    """One mention of a figure; ``possessive`` for "Trump’s" (the span then
    covers "Trump" only)."""

    start: int
    end: int
    figure: int
    possessive: bool = False


@dataclass(slots=True)
class FigureAnalysis:
    """What attribution needs besides the :class:`Figure` list: every
    mention with its figure, and what is known of each figure's gender."""

    entities: list[Entity]
    figures: list[Figure]
    mentions: list[Mention]  # sorted by start
    genders: list[str | None]  # "m", "f" or None, per figure


@dataclass(slots=True)
class _Candidate:
    start: int
    end: int
    tokens: list[str]
    possessive: bool
    role: str | None
    gender: str | None
    from_tagger: bool = True
    credit: bool = False


@dataclass(slots=True)
class _Cluster:
    members: list[_Candidate] = field(default_factory=list)
    canonical: _Candidate | None = None
    first: int = 0  # start of the earliest member

    def add(self, cand: _Candidate) -> None:
        self.members.append(cand)
        self.first = min(self.first, cand.start)


# --------------------------------------------------------------------------
# Cleaning one mention
# --------------------------------------------------------------------------


@lru_cache(maxsize=8192)
def _key(token: str) -> str:
    """The form names are matched by. Kept (a pure function of the string,
    asked a few hundred times a text of its names' words, mostly the same
    ones): the cache's C look-up costs a third of the three string methods
    under a Python call."""
    return token.casefold().rstrip(".").replace("\u2019", "'")


def _surname_keys(token: str) -> set[str]:
    keys = {_key(token)}
    stripped = lx.NAME_PARTICLE_RE.sub("", token)
    if stripped and stripped != token:
        keys.add(_key(stripped))
    return keys


def _strip_possessive(text: str, start: int, end: int) -> tuple[int, bool]:
    """End of the name without a possessive, and whether there was one."""
    if end - start > 2 and text[end - 1] in "sS" and text[end - 2] in _APOSTROPHES:
        return end - 2, True
    if end - start > 1 and text[end - 1] in _APOSTROPHES:
        return end - 1, True
    after = text[end : end + 2]
    if len(after) == 2 and after[0] in _APOSTROPHES and after[1] in "sS":
        if end + 2 >= len(text) or not text[end + 2].isalnum():
            return end, True
    if after[:1] and after[0] in _APOSTROPHES and text[end - 1] in "sS":
        if end + 1 >= len(text) or not text[end + 1].isalnum():
            return end, True
    return end, False


def _role_from_tokens(tokens: list[str]) -> str | None:
    """The role in a run of title words, or None if the run names no head."""
    while tokens and (
        tokens[0] in _ROLE_STARTS_INVALID
        or tokens[0] in lx.HONORIFICS
        # "Labour MP", "Republican Senator": the party is not the title
        # (but "Labour Minister" is a portfolio).
        or (tokens[0] in lx.AFFILIATION_WORDS and len(tokens) > 1 and tokens[1] not in _PORTFOLIO_HEADS)
    ):
        tokens = tokens[1:]
    while tokens and tokens[-1] in ("of", "the"):
        tokens = tokens[:-1]
    if any(t[:1].isupper() for t in tokens):
        # "NATO spokesman Lieutenant-Colonel X": the formal title wins.
        while tokens and tokens[0][:1].islower():
            tokens = tokens[1:]
    if not any(lx.is_role_head(t) for t in tokens):
        return None
    return " ".join(tokens)


def _gender(tokens: list[str]) -> str | None:
    for t in tokens:
        if t in lx.MALE_MARKERS:
            return "m"
        if t in lx.FEMALE_MARKERS:
            return "f"
    return None


def _title_before(text: str, start: int) -> list[str]:
    """Title words and honorifics right before ``start`` on the same line
    ("U.S. Secretary of State " → ["Secretary", "of", "State"]). Most
    names follow no title word: the last word alone says so, before the
    window is split."""
    line_start = text.rfind("\n", max(0, start - 120), start) + 1
    window = text[max(line_start, start - 120) : start]
    if window and not window[-1].isspace():
        return []
    last = window.rsplit(None, 1)[-1:]
    if not last or not lx.is_title_word(last[0]):
        return []
    words = window.split()
    taken: list[str] = []
    for k in range(len(words) - 1, -1, -1):
        word = words[k]
        if lx.is_title_word(word):
            taken.append(word)
            continue
        if taken and word.lower() in lx.TITLE_WORDS and _opens_sentence(words, k, line_start == max(line_start, start - 120)):
            taken.append(word)  # "Union leader Stefan Weber" at a sentence start
        elif taken and taken[-1] == "of" and word[:1].isupper():
            # "Department of Conservation operations manager", "Ministry of
            # Health spokesman": "of ..." ends an organisation's name.
            taken.pop()
            while len(taken) > 1 and taken[-1][:1].isupper():
                taken.pop()
        break
    taken.reverse()
    return taken


_MAX_OCCUPATION_MODIFIERS = 2
_NOT_OCCUPATION_MODIFIERS = frozenset(
    "and or but nor that who whom which whose as than then also not to he she they we i it his her their its our".split()
)


def _occupation_before(text: str, start: int) -> list[str]:
    """A lowercase noun for what a person does right before the name, with
    up to two words modifying it ("skipper Morag Stewart", "said harbour
    master Ewan MacLeod", "local fisherman Iain Campbell"): the name's role,
    shown beside it, never part of it. Title words are read by
    :func:`_title_before`; these are the everyday ones that are no title."""
    line_start = text.rfind("\n", max(0, start - 80), start) + 1
    window = text[max(line_start, start - 80) : start]
    if not window or not window[-1].isspace():
        return []
    # Most names follow no such noun: the last word alone says so, before
    # the window is split.
    last = window.rsplit(None, 1)[-1:]
    if not last or not (lx.is_person_noun(last[0]) or (last[0][:1].isupper() and lx.is_person_noun(last[0].lower()))):
        return []
    words = window.split()
    at_line_start = max(line_start, start - 80) == line_start
    k = len(words) - 1
    head = words[k]
    if not (lx.is_person_noun(head) or (head[:1].isupper() and _opens_sentence(words, k, at_line_start) and lx.is_person_noun(head.lower()))):
        return []
    taken = [head]
    k -= 1
    while k >= 0 and len(taken) <= _MAX_OCCUPATION_MODIFIERS and taken[-1][:1].islower():
        word = words[k]
        low = word.lower()
        if not word.isalpha() or low in lx.DETERMINERS_LOWER or low in lx.PREPOSITIONS_LOWER or low in _NOT_OCCUPATION_MODIFIERS:
            break
        if cues.is_cue(low) or low.endswith("ly"):
            break
        if word[:1].isupper() and not _opens_sentence(words, k, at_line_start):
            break
        taken.append(word)
        k -= 1
    taken.reverse()
    return taken


def _opens_sentence(words: list[str], k: int, window_at_line_start: bool) -> bool:
    if k == 0:
        return window_at_line_start
    return words[k - 1][-1:] in ".!?\u201d\"" and not words[k - 1][:-1].isupper()


def _title_before_comma(text: str, start: int) -> list[str]:
    """"The authority’s chief executive, Hussein Abdullahi, said", "said the
    spokesman, Luis Herrera.": a title after a determiner or a possessive,
    then a comma, then the name (closed by a comma or the sentence end, so
    "to the chairman, John Smith said" is not read as a title)."""
    if text[max(0, start - 2) : start] != ", ":
        return []
    line_start = text.rfind("\n", max(0, start - 120), start) + 1
    words = text[max(line_start, start - 120) : start - 2].split()
    taken: list[str] = []
    for word in reversed(words):
        occupation = not taken and word in lx.APPOSITIVE_HEADS_LOWER
        if not (lx.is_title_word(word) or occupation) or not word[:1].islower() or word in ("of", "the"):
            break
        taken.append(word)
    if not taken or len(taken) == len(words):
        return []
    owner = words[len(words) - len(taken) - 1]
    if not (owner.lower() in lx.DETERMINERS_LOWER or owner.endswith(("\u2019s", "'s"))):
        return []
    taken.reverse()
    return taken


def _is_name_word(word: str) -> bool:
    """Capitalised (or a digit, as in "Louis XIV 2nd"); lowercase words such
    as "he" only get into a name by a tagger slip."""
    return word[:1].isupper() or word[:1].isdigit() or lx.NAME_PARTICLE_RE.match(word) is not None


def _clean(text: str, entity: Entity) -> _Candidate | None:
    start, end = entity.start, entity.end
    end, possessive = _strip_possessive(text, start, end)
    read = _read_span(text[start:end])
    if read is None:
        return None
    first_start, words, cut, first_title, head_inside, with_title, without_title = read
    # The name is what follows the last title word inside the span; the
    # title may begin before the span ("U.S. Secretary of [State Mike Pompeo]").
    before_words = _title_before(text, start + first_start)
    title_words: list[str] = []
    if cut >= 0:
        if first_title > 0:
            before_words = []
        title_words = before_words + words[first_title : cut + 1]
        if not (head_inside or any(lx.is_role_head(w) or w in lx.HONORIFICS for w in before_words)):
            title_words, cut = [], -1
    name = with_title if cut >= 0 else without_title
    if name is None:
        return None
    last, offset, length, tokens = name
    name_start, name_end = start + offset, start + offset + length
    if last < len(words) - 1:
        possessive = False
    role_words = title_words or before_words
    role = _role_from_tokens(list(role_words)) if role_words else None
    if role is None and not role_words:
        role_words = _occupation_before(text, name_start)
        role = " ".join(role_words) or None
    if role is None and not role_words and _name_closes_clause(text, name_end):
        role_words = _title_before_comma(text, name_start)
        role = _role_from_tokens(list(role_words))
        if role is None and role_words and role_words[-1] in lx.APPOSITIVE_HEADS_LOWER:
            role = " ".join(role_words)  # "the skipper, Morag Stewart,"
    gender = _gender(role_words)
    return _Candidate(name_start, name_end, list(tokens), possessive, role, gender)


# (index of the name's last word, its offset in the span, its length, its words)
_SpanName = tuple[int, int, int, tuple[str, ...]]


@lru_cache(maxsize=4096)
def _read_span(span: str) -> tuple[int, list[str], int, int, bool, _SpanName | None, _SpanName | None] | None:
    """What :func:`_clean` reads inside a mention's span (its possessive
    off), which depends on the span's text alone: where its first word
    starts, its words, the last title word before its last word (-1: none)
    and the first title word, whether the title words inside it name a
    role head or an honorific, and the name left after the title words and
    without them (None: no name). Kept per process, bounded: an article
    names the same few people again and again, and news the same people
    day after day. (The words list is shared: not to be changed.)"""
    spans = [m.span() for m in _TOKEN_RE.finditer(span)]
    if not spans:
        return None
    words = [span[s:e] for s, e in spans]
    cut = -1
    for i, word in enumerate(words[:-1]):
        if lx.is_title_word(word):
            cut = i
    first_title, head_inside = -1, False
    if cut >= 0:
        first_title = next(i for i, w in enumerate(words) if lx.is_title_word(w))
        head_inside = any(lx.is_role_head(w) or w in lx.HONORIFICS for w in words[first_title : cut + 1])
    with_title = _span_name(span, spans, words, cut) if cut >= 0 else None
    return spans[0][0], words, cut, first_title, head_inside, with_title, _span_name(span, spans, words, -1)


def _span_name(span: str, spans: list[Span], words: list[str], cut: int) -> _SpanName | None:
    """The name in ``span`` after its word ``cut`` (a title word; -1: from
    the first word): less stray words before and after it, up to its first
    lowercase word, without a trailing comma; None if nothing capitalised
    is left."""
    first, last = cut + 1, len(words) - 1
    while first <= last and (not _is_name_word(words[first]) or (first < last and words[first] in lx.NOT_A_NAME)):
        if first < last and words[first] in lx.NAME_PARTICLES_LOWER and words[first + 1][:1].isupper():
            break  # "de Silva", "van Gogh": the surname is written with its particle
        first += 1  # "he", or "Before" of "Before Levy's arrival"
    while last >= first and not _is_name_word(words[last]):
        last -= 1
    # "G.K. Butterfield [spoke on Friday]": a greedy tagger that chose a
    # name's middle must end it somewhere; a name stops at a lowercase word.
    for k in range(first + 1, last + 1):
        if not _is_name_word(words[k]) and words[k] not in lx.NAME_PARTICLES_LOWER:
            last = k - 1
            break
    if first > last:
        return None
    name_words = words[first : last + 1]
    name_start = spans[first][0]
    name_end = spans[last][1]
    while name_end > name_start and span[name_end - 1] in ",;:":
        name_end -= 1
    if not any(w[:1].isupper() for w in name_words):
        return None
    return last, name_start, name_end - name_start, tuple(span[name_start:name_end].split())


def _name_closes_clause(text: str, end: int) -> bool:
    after = text[end : end + 3]
    return not after or after[0] in ",.;" or after.startswith(("\u2019s ", "'s "))


def _person_inside(text: str, entity: Entity, entities: list[Entity]) -> _Candidate | None:
    """A person at the end of a non-person entity, when a title sits before
    the name ("Defense Secretary Jim Mattis" or "State Mike Pompeo" tagged
    as an organisation): the tagger's span is then title plus name. The
    surnames of the article's people (``entities``) are gathered only in
    the rare case that needs them."""
    words = entity.text.split()
    if len(words) < 2:
        return None
    cut = max((i for i, w in enumerate(words[:-1]) if lx.is_title_word(w)), default=-1)
    tail = words[cut + 1 :]
    if cut < 0 or not 1 <= len(tail) <= 3:
        return None
    if any(not w[:1].isupper() or w in lx.NON_PERSON_WORDS or w in lx.NOT_A_NAME for w in tail):
        return None
    cand = _clean(text, Entity(entity.start, entity.end, entity.text, PERSON))
    if cand is None or len(cand.tokens) != len(tail):
        return None
    titled = any(lx.is_role_head(w) or w in lx.HONORIFICS for w in words[: cut + 1]) or cand.role is not None
    # a known surname after title words only ("State Mike Pompeo"), not
    # after other words ("Strait of Magellan")
    if titled:
        return cand
    if not all(lx.is_title_word(w) for w in words[: cut + 1]):
        return None
    person_surnames = {_key(e.text.split()[-1]) for e in entities if e.label == PERSON and e.text.split()}
    return cand if _surname_keys(tail[-1]) & person_surnames else None


def _looks_like_non_person(tokens: list[str]) -> bool:
    if tokens[-1] in lx.NON_PERSON_WORDS and not _first_name_and_surname(tokens):
        return True
    if all(t in lx.NOT_A_NAME or t in lx.NON_PERSON_WORDS or t in lx.AFFILIATION_WORDS for t in tokens):
        return True  # "Christian Democrat", "Republican": a party, not a person
    return not any(ch.isalpha() for ch in "".join(tokens))


def _first_name_and_surname(tokens: list[str]) -> bool:
    """"Michael J. Fox", "Shirley Temple": a first name, initials only, and
    a surname that is also a word for a thing. "Cal Anderson Park" and
    "Grant Park" stay places: their last word is no surname here, or a
    name stands between."""
    return (
        len(tokens) >= 2
        and tokens[-1] in lx.SURNAMES_AMONG_NON_PERSON_WORDS
        and is_listed_first_name(tokens[0])
        and all(lx.ONE_INITIAL_RE.match(t) for t in tokens[1:-1])
    )


# --------------------------------------------------------------------------
# People a sentence tagger cannot see: ages, photo credits
# --------------------------------------------------------------------------


_AGE = r", (?:aged )?\d{1,2}(?=[,.;)]| years)"
_AGE_RE = re.compile(_AGE)
_AGED_NAME_RE = re.compile(
    r"(?<![\w\u2019'.-])(?P<name>[A-Z][a-z][\w\u2019'-]*(?: (?:[A-Z][a-z][\w\u2019'-]*|al-[A-Z][\w-]*)){1,3})" + _AGE
)


def _aged_names(text: str, entities: list[Entity]) -> list[_Candidate]:
    """"Samer Ammar Soliman, 42, told Reuters": a name followed by an age is
    a person even when the tagger has never seen it or took it for an
    organisation (organisations have no age)."""
    if not _AGE_RE.search(text):
        # No age, no aged name: the age is a literal-led pattern re finds
        # fast, while the name's pattern is tried at every position.
        return []
    starts = [e.start for e in entities]
    found: list[_Candidate] = []
    for m in _AGED_NAME_RE.finditer(text):
        s, e = m.span("name")
        i = bisect_right(starts, e - 1) - 1
        if i >= 0 and entities[i].end > s and (entities[i].start, entities[i].end) != (s, e):
            continue  # the tagger read a different span here; trust it
        if i >= 0 and entities[i].label == PERSON and entities[i].end > s:
            continue  # a person already
        words = m.group("name").split()
        if any(w in lx.NOT_A_NAME or w in lx.NON_PERSON_WORDS or lx.is_title_word(w) for w in words):
            continue
        found.append(_Candidate(s, e, words, False, None, None))
    return found


def _photo_credits(text: str) -> list[_Candidate]:
    """"REUTERS/Kevin Lamarque", "(AP Photo/Jane Doe)", less trailers such
    as "/File Photo"."""
    found: list[_Candidate] = []
    if "/" not in text:
        # Every credit has its slash; without one, spare the pattern's scan
        # (its lookbehind makes re try it at every position of the text).
        return found
    for m in _CREDIT_RE.finditer(text):
        start = m.start("name")
        words = m.group("name").split()
        while words and words[-1].rstrip(".") in _CREDIT_TRAILERS:
            words.pop()
        if not words or words[0] in _CREDIT_TRAILERS:
            continue
        if len(words) < 2:
            continue  # "Reuters/Ipsos poll": a partner's name, not a photographer's
        end = start  # on the original spacing
        for w in words:
            end = text.find(w, end) + len(w)
        if text[end - 1] in ".," and len(words[-1]) > 2:
            end -= 1
        found.append(_Candidate(start, end, words, False, PHOTOGRAPHER, None, credit=True))
    return found


# --------------------------------------------------------------------------
# Clustering
# --------------------------------------------------------------------------


def _matches(short: list[str], full: list[str]) -> bool:
    """Whether ``short`` names the same person as ``full``: its words appear
    in ``full`` in order and it ends with the surname."""
    if len(short) > len(full) or not short:
        return False
    if len(short) == 1 and len(full) >= 2 and _key(short[0]) == _key(full[0]) and len(_key(short[0])) > 1:
        return True  # "Randall" for "Randall Cunningham"
    if not (_surname_keys(short[-1]) & _surname_keys(full[-1])):
        return False
    j = 0
    full_keys = [_key(t) for t in full]
    for word in short[:-1]:
        k = _key(word)
        while j < len(full) - 1 and not (
            full_keys[j] == k or (len(k) == 1 and full_keys[j].startswith(k))
        ):
            j += 1
        if j >= len(full) - 1:
            return False
        j += 1
    return True


def _shouted(tokens: list[str]) -> bool:
    """Every word with a letter written in capitals ("ROBERTO DURAN")."""
    return all(t.isupper() for t in tokens if any(ch.isalpha() for ch in t))


def _fullness(c: _Candidate, shouted: bool | None = None) -> tuple[int, int, int]:
    """How well a mention names its figure: more words, then not in
    capitals, then earlier. (``shouted`` when the caller knows it.)"""
    if shouted is None:
        shouted = _shouted(c.tokens)
    return (len(c.tokens), 0 if shouted else 1, -c.start)


def _spelling(canonical: _Candidate, members: list[_Candidate]) -> str:
    """The canonical name as written, with words the headline wrote in
    capitals ("ROBERTO DURAN") spelled as the body writes them, or
    capitalised. (Most names are not shouted: then the members' spellings
    are not even gathered.)"""
    if not _shouted(canonical.tokens):
        return " ".join(canonical.tokens)
    written = {}
    for m in members:
        for t in m.tokens:
            if not t.isupper():
                written.setdefault(_key(t), t)
    words = []
    for t in canonical.tokens:
        if len(t) > 1 and not t.endswith(".") and not _ROMAN_RE.match(t):
            t = written.get(_key(t), "-".join(part.capitalize() for part in t.split("-")))
        words.append(t)
    return " ".join(words)


_ROMAN_RE = re.compile(r"^[IVXLC]+$")


def _distance(cluster: _Cluster, pos: int) -> tuple[int, int]:
    """Rank of a cluster for an ambiguous short form at ``pos``: news style
    gives the bare surname to the person introduced first ("Boris Yeltsin
    ... Naina Yeltsin ... Yeltsin" is Boris), so the earliest cluster
    introduced before ``pos`` wins, then the nearest one after it."""
    first = cluster.first
    if first <= pos:
        return (0, first)
    return (1, first - pos)


def _cluster(candidates: list[_Candidate]) -> list[_Cluster]:
    """Longest names first, so every short form meets the full names it may
    belong to; clusters are looked up by surname (and first name), so the
    pass stays linear in the number of mentions. An article names the same
    few people again and again: what a spelling's words give (its keys,
    whether it looks like no person's, whether it matches another) is
    worked out once per spelling, not once per mention."""
    clusters: list[_Cluster] = []
    by_key: dict[str, list[_Cluster]] = defaultdict(list)
    surname_keys: dict[str, set[str]] = {}
    matches: dict[tuple[tuple[str, ...], tuple[str, ...]], bool] = {}
    non_person: dict[tuple[str, ...], bool] = {}
    shouted: dict[tuple[str, ...], bool] = {}
    names = {id(c): tuple(c.tokens) for c in candidates}

    def fullness(c: _Candidate) -> tuple[int, int, int]:
        name = names[id(c)]
        if name not in shouted:
            shouted[name] = _shouted(c.tokens)
        return _fullness(c, shouted[name])

    order = sorted(candidates, key=lambda c: (-len(c.tokens), c.start))
    for cand in order:
        name = names[id(cand)]
        last = cand.tokens[-1]
        if last not in surname_keys:
            surname_keys[last] = _surname_keys(last)
        keys = surname_keys[last]
        if len(cand.tokens) == 1:
            keys = keys | {"first:" + _key(cand.tokens[0])}
        seen: set[int] = set()
        options = []
        for key in keys:
            for cl in by_key.get(key, ()):
                if id(cl) in seen or not cl.canonical:
                    continue
                pair = (name, names[id(cl.canonical)])
                if pair not in matches:
                    matches[pair] = _matches(cand.tokens, cl.canonical.tokens)
                if matches[pair]:
                    seen.add(id(cl))
                    options.append(cl)
        if not options:
            cluster = _Cluster([cand], cand, cand.start)
            clusters.append(cluster)
            for key in surname_keys[last]:
                by_key[key].append(cluster)
            if len(cand.tokens) >= 2:
                by_key["first:" + _key(cand.tokens[0])].append(cluster)
            continue
        best = options[0]
        if len(options) > 1:
            # "Byron" (Lord Byron) goes to "John Byron" rather than "Byron Bay";
            # "Orlando" with only "Orlando City" to go to goes there.
            people_like = []
            for cl in options:
                canonical_name = names[id(cl.canonical)]
                if canonical_name not in non_person:
                    non_person[canonical_name] = _looks_like_non_person(cl.canonical.tokens)  # type: ignore[union-attr]
                if not non_person[canonical_name]:
                    people_like.append(cl)
            best = min(people_like or options, key=lambda cl: _distance(cl, cand.start))
        best.add(cand)
        if best.canonical is None:
            best.canonical = cand
            continue
        if fullness(cand) > fullness(best.canonical):
            best.canonical = cand
    return clusters


# --------------------------------------------------------------------------
# Things named like people
# --------------------------------------------------------------------------


def _named_after(text: str, entity: Entity) -> Entity | None:
    """"Cal Anderson Park", "Dave Matthews Band", "Jackie Robinson Day": a
    person's name with a head word that makes the whole a place, group or
    event, whether the tagger's span took the head in or stopped before it."""
    words = entity.text.split()
    if words[-1] in lx.NAMED_AFTER_HEADS:
        # Inside the span only after a full name: "Michael Bay", "Arsenio
        # Hall" are people whose surname is a head word.
        if len(words) < 3:
            return None
        return Entity(entity.start, entity.end, entity.text, lx.NAMED_AFTER_HEADS[words[-1]])
    # the head may close a longer name: "Billie Jean King National Tennis Center"
    pos = entity.end
    for _ in range(3):
        m = _NEXT_WORD_RE.match(text, pos)
        if m is None:
            return None
        if m.group(1) in lx.NAMED_AFTER_HEADS:
            end = m.end(1)
            return Entity(entity.start, end, text[entity.start : end], lx.NAMED_AFTER_HEADS[m.group(1)])
        pos = m.end(1)
    return None


_NEXT_WORD_RE = re.compile(r" ([A-Z][A-Za-z.]*)(?![\w\u2019'-])")
_COPULA_RE = re.compile(r"\s+(?:is|was|are|were|has been|had been)\s+(?:an?|the)\s+")
_APPOSITION_RE = re.compile(r",\s+(?:(?P<det>an?|the|its)\s+)?")
_CLAUSE_WORDS = frozenset("who whose whom which that where when while and or but as".split())


def _word_before(text: str, start: int) -> str:
    """The word before ``start`` when only spaces or tabs stand between."""
    j = start
    while j > 0 and text[j - 1] in " \t":
        j -= 1
    if j == start:
        return ""
    i = j
    while i > 0 and j - i < 40 and (text[i - 1].isalnum() or text[i - 1] in "-_"):
        i -= 1
    word = text[i:j]
    return word if word[:1].isalpha() else ""


def _description_after(text: str, end: int) -> str | None:
    """"person" or "thing" when the name is followed by what it is ("... is
    an American company", ", a rock band from", ", maker of Wegovy")."""
    for pattern in (_COPULA_RE, _APPOSITION_RE):
        m = pattern.match(text, end)
        if m is None:
            continue
        tokens = text[m.end() : m.end() + 80].split()[:6]
        raw = [w.rstrip(".,;:") for w in tokens]
        words = [w.lower() for w in raw]
        # ", maker of Wegovy" names its head at once; ", whose film ..." does not
        reach = 5 if pattern is _COPULA_RE or m.group("det") else 1
        while reach < len(words) and words[reach - 1] in _BEFORE_HEAD:
            reach += 1  # ", former editor of", ", longtime adviser to"
        for i, word in enumerate(words[:reach]):
            if lx.is_person_noun(word):
                return "person"
            if word in lx.THING_HEADS_LOWER:
                # "a band member", "a company director"
                if i + 1 < len(words) and lx.is_person_noun(words[i + 1]):
                    return "person"
                if i + 1 < reach and tokens[i] == raw[i] and _modifies_next(raw[i + 1]):
                    continue  # "a 27-year-old West Bank labourer": the noun after is the head
                return "thing"
            if word in lx.PREPOSITIONS_LOWER or word in _CLAUSE_WORDS or not any(ch.isalpha() for ch in word):
                break
    return None


_BEFORE_HEAD = frozenset("former longtime long-time veteran retired acting senior deputy then late interim".split())
_VERBS_AFTER_HEAD = frozenset("said says is was are were has had have will would could can may might".split())


def _modifies_next(word: str) -> bool:
    """Whether a thing noun before ``word`` is a modifier of it (a
    lowercase noun follows: "bank labourer") rather than the head (a verb,
    a clause, a preposition or a name follows: "group said", "band from",
    "group Human Rights")."""
    return (
        word.isalpha()
        and word.islower()
        and word not in _VERBS_AFTER_HEAD
        and word not in lx.PREPOSITIONS_LOWER
        and word not in _CLAUSE_WORDS
        and not word.endswith("ed")
    )


def _thing_label(text: str, cand: _Candidate) -> tuple[str, bool] | None:
    """The label of a mention that the text says is no person, and whether
    that holds for the name throughout the article: a company or a thing
    described as one ("the drugmaker X", "X is an American company") is that
    everywhere; a work named after a person ("the musical Hamilton") only
    there."""
    before = _word_before(text, cand.start).lower()
    if before in lx.COMPANY_DESCRIPTORS_LOWER:
        return "ORGANIZATION", True
    if before in lx.THING_DESCRIPTORS_LOWER:
        return ("ORGANIZATION", True) if before in ("band", "magazine", "newspaper") else ("MISC", False)
    # The patterns that end right before the name are searched only where
    # the text there could end one (re tries them at every position of
    # their window): with " of " or " with " (or those and a line break,
    # which "$" allows), or a ship's prefix and a space within the window.
    if text.endswith(_OF_ENDINGS, 0, cand.start) and _PLACE_OF_RE.search(text, max(0, cand.start - 20), cand.start):
        return "LOCATION", False  # "the Colombian town of Bolívar"
    if _has_ship_prefix_ending(text, max(0, cand.start - 40), cand.start) and _SHIP_PREFIX_RE.search(
        text, max(0, cand.start - 40), cand.start
    ):
        return "MISC", False  # "USS Gerald R. Ford", "HMS Queen Elizabeth"
    if (
        text.endswith(_WITH_ENDINGS, 0, cand.start) and _MERGED_BEFORE_RE.search(text, max(0, cand.start - 20), cand.start)
    ) or _MERGED_AFTER_RE.match(text, cand.end):
        return "ORGANIZATION", False  # "Heinz merged with Kraft"
    if len(cand.tokens) == 1 and _THE_BEFORE_RE.search(text, max(0, cand.start - 4), cand.start):
        nxt = text[cand.end : cand.end + 12].split()[:1]
        if not nxt or not nxt[0][:1].isalpha() or nxt[0].lower() in lx.PREPOSITIONS_LOWER | _VERBS_AFTER_THING:
            return "MISC", False  # "commanded the Ford on its first deployment"
    after = text[cand.end : cand.end + 40]
    m = _EPONYM_RE.match(after)
    if m:
        return "MISC", False  # "Alzheimer's disease", "the Doppler effect"
    if not cand.possessive and _SAID_ITS_RE.match(text, cand.end):
        return "ORGANIZATION", False  # "Dell said on Tuesday that its profit rose"
    if not cand.possessive and _NAMED_AFTER_RE.match(after):
        # "Vancouver is named after ...", "Ferrari was founded by Enzo Ferrari"
        return ("LOCATION" if is_listed_place_not_first_name(cand.tokens[-1]) else "ORGANIZATION"), False
    if (
        not cand.possessive
        and not (cand.role or cand.gender or lx.is_person_noun(before))
        and _description_after(text, cand.end) == "thing"
    ):
        # ("veteran dissident Wang Donghai, the New York-based pressure group
        # ... said": the text said what he is before the comma)
        after = text[cand.end : cand.end + 120].lower()
        place = _PLACE_HEAD_RE.search(after[:60])
        return ("LOCATION" if place else "ORGANIZATION"), True
    return None


_MERGED_BEFORE_RE = re.compile(r"\bmerged? with $")
_WITH_ENDINGS = (" with ", " with \n")
_OF_ENDINGS = (" of ", " of \n")
_MERGED_AFTER_RE = re.compile(r"\s+(?:merged|merges|will merge|agreed to merge) with\b")
_THE_BEFORE_RE = re.compile(r"\b[Tt]he $")
_VERBS_AFTER_THING = frozenset("is was has had will would can could".split())
_PLACE_OF_RE = re.compile(r"\b(?:town|city|village|state|province|county|port|district|region) of $")
_EPONYM_RE = re.compile(
    r"(?:['\u2019]s)?\s+(?:disease|syndrome|law|laws|effect|theorem|principle|constant|equation|paradox|"
    r"conjecture|hypothesis|number|scale|sign|reaction|curve|cycle|distribution|test)\b"
)
_NAMED_AFTER_RE = re.compile(
    r",?\s+(?:[a-z][^,.]{0,30},\s+)?(?:(?:is|was|are|were)\s+)?(?:named\s+(?:after|for)|founded\s+(?:by|in))\b"
)
_NAMED_AFTER_PERSON_RE = re.compile(r"\b(?:named (?:after|for)|(?:its|their|his|her) name from)(?: the| an?)?(?: [a-z][\w-]*){0,2} $")
_SHIP_PREFIX_RE = re.compile(r"\b(?:USS|HMS|RMS|HMCS|HMAS|INS|SS|MV)(?: (?:[A-Z]\.|[A-Z]\w*)){0,3} $")


def _has_ship_prefix_ending(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` holds an "S" or "V" and a space, as each
    of the ship prefixes above and the space after it do."""
    return text.find("S ", start, end) >= 0 or text.find("V ", start, end) >= 0
_PLACE_HEAD_RE = re.compile(
    r"\b(?:park|airport|street|road|town|city|village|river|mountain|lake|island|bridge|stadium|arena|building)\b"
)


def _person_evidence(text: str, cand: _Candidate) -> bool:
    """A mention the text itself marks as a person: a title, "the
    businessman X", "X, a novelist", "X, who"."""
    if cand.role or cand.gender or cand.credit:
        return True
    if lx.is_person_noun(_word_before(text, cand.start).lower()):
        return True
    if _NAMED_AFTER_PERSON_RE.search(text, max(0, cand.start - 40), cand.start):
        return True  # "It took its name from Jethro Tull"
    if re.match(r",\s+who\b", text[cand.end : cand.end + 8]):
        return True
    return _description_after(text, cand.end) == "person"


_PLURAL_TITLE_ABBREVIATIONS = frozenset({"Sens.", "Reps.", "Drs.", "Govs.", "Gens.", "Profs.", "Messrs.", "Mmes."})


def _is_plural_title(word: str) -> bool:
    """"Justices", "Senators", "Sens.": the title of several people."""
    return word in _PLURAL_TITLE_ABBREVIATIONS or (
        len(word) > 3 and word.endswith("s") and lx.is_title_word(word[:-1]) and word[:-1] not in lx.HONORIFICS
    )


def _people_after_plural_title(text: str, entity: Entity) -> list[_Candidate]:
    """"[Justices Elena Kagan and Ketanji Brown Jackson]", "[Sens. John
    McCain and Lindsey Graham]" tagged as one organisation: a plural title
    and names joined by "and" and commas are those people, each its own
    candidate (the title is each one's role)."""
    words = entity.text.split()
    if len(words) < 4 or not _is_plural_title(words[0]) or "and" not in words:
        return []
    found: list[_Candidate] = []
    at = entity.start + len(words[0])
    for part in re.split(r",\s*(?:and\s+)?|\s+and\s+", text[at : entity.end]):
        name = part.strip()
        if not name:
            continue
        tokens = name.split()
        if not 1 <= len(tokens) <= 4 or any(not t[:1].isupper() or t in lx.NON_PERSON_WORDS or t in lx.NOT_A_NAME for t in tokens):
            return []
        start = text.index(name, at)
        at = start + len(name)
        cand = _clean(text, Entity(start, at, name, PERSON))
        if cand is None:
            return []
        if cand.role is None:
            cand.role = words[0][:-2] + "." if words[0] in _PLURAL_TITLE_ABBREVIATIONS else words[0][:-1]
        found.append(cand)
    return found if len(found) >= 2 else []


def _person_after_noun(text: str, entity: Entity) -> _Candidate | None:
    """"the saxophonist LeRoi Moore", "his son Edsel Ford", "Alfred Nobel,
    the Swedish chemist": a name the tagger took for an organisation or
    place, right after a noun for a person or described as one."""
    words = entity.text.split()
    if not 1 <= len(words) <= 4:
        return None
    if not lx.is_person_noun(_word_before(text, entity.start).lower()) and not (
        # "Alfred Nobel, the Swedish chemist": described as a person after it
        len(words) > 1 and is_listed_name(words[0]) and _description_after(text, entity.end) == "person"
    ):
        return None
    if any(
        not w[:1].isupper() and not lx.NAME_PARTICLE_RE.match(w) and w not in lx.NAME_PARTICLES_LOWER for w in words
    ):
        return None
    if any(w in lx.NON_PERSON_WORDS or w in lx.NOT_A_NAME or w in lx.NAMED_AFTER_HEADS for w in words):
        return None
    if is_listed_place_not_first_name(words[0]):
        return None  # "the midfielder Manchester United signed"
    if _NEXT_WORD_RE.match(text, entity.end) and _named_after(text, entity):
        return None
    return _clean(text, Entity(entity.start, entity.end, entity.text, PERSON))


def _particle_name(text: str, entity: Entity) -> _Candidate | None:
    """"Vasco da Gama" taken for an organisation: a first name, a lowercase
    particle and a capitalised surname are a person's name."""
    words = entity.text.split()
    if not 3 <= len(words) <= 5 or not is_listed_name(words[0]):
        return None
    inner = words[1:-1]
    if not any(w in lx.NAME_PARTICLES_LOWER for w in inner):
        return None
    if any(not (w[:1].isupper() or w in lx.NAME_PARTICLES_LOWER) for w in words[1:]) or not words[-1][:1].isupper():
        return None
    if any(w in lx.NON_PERSON_WORDS or w in lx.NAMED_AFTER_HEADS for w in words):
        return None
    return _clean(text, Entity(entity.start, entity.end, entity.text, PERSON))


# --------------------------------------------------------------------------
# Headlines in title case
# --------------------------------------------------------------------------

_SMALL_WORDS = frozenset("a an the and or but nor of in on at to for by with from as is if vs via into over".split())
_LINE_WORD_RE = re.compile(r"[A-Za-z][\w\u2019'-]*")
_CAPITAL_RE = re.compile(r"[A-Z]")
_LONG_LOWERCASE_WORD_RE = re.compile(r" [a-z][\w\u2019'-]{4}")


def _title_case_lines(text: str, positions: Iterable[int]) -> list[Span]:
    """The lines holding ``positions`` that are written in title case
    ("Hillary Clinton Was Headed to ER"), where capitals say nothing about
    names; bylines ("By Will Dunham and Valerie Volcovici") are not among
    them. Only the lines where a mention stands are read (each line is
    judged on its own, and most lines hold no mention)."""
    found: list[Span] = []
    lowercase: set[str] | None = None
    seen: set[int] = set()
    for at in positions:
        pos = text.rfind("\n", 0, at) + 1
        if pos in seen:
            continue
        seen.add(pos)
        end = text.find("\n", at)
        if (len(text) if end < 0 else end) - pos >= 200:
            continue
        line = text[pos:end] if end >= 0 else text[pos:]
        if _capitalised_enough(line) and not line.lstrip().startswith("By "):
            words = [w for w in _LINE_WORD_RE.findall(line) if w.lower() not in _SMALL_WORDS]
            capitalised = [w for w in words if w[0].isupper()]
            if len(words) >= 4 and len(capitalised) >= 0.8 * len(words):
                # ... and capitalises words the text otherwise writes in
                # lowercase ("Was Headed"): a line of names is no headline.
                if lowercase is None:
                    lowercase = set(_LOWER_WORD_RE.findall(text))
                if sum(1 for w in capitalised if w.lower() in lowercase) >= (2 if len(words) < 6 else 1):
                    found.append((pos, pos + len(line)))
    found.sort()
    return found


_LOWER_WORD_RE = re.compile(r"(?<![\w'\u2019-])[a-z][a-z'\u2019-]*")


def _capitalised_enough(line: str) -> bool:
    """A cheap necessary condition for a title-case line: four words, 80%
    of them capitalised, need at least four capitals and four for each
    lowercase word (of which those of five letters or more after a space
    are some, and none a small word). Two counts re makes fast turn away
    most lines of prose before their words are listed (that took a tenth
    of the figures' time). An empty line cannot hold four words."""
    if len(line) < 7:
        return False
    capitals = len(_CAPITAL_RE.findall(line))
    return capitals >= 4 and capitals >= 4 * len(_LONG_LOWERCASE_WORD_RE.findall(line))


def _trusted_in_headings(text: str, candidates: list[_Candidate]) -> list[_Candidate]:
    """Mentions in a title-case headline are kept only as far as the body
    names the same person ("[Hillary Clinton] Was Headed", "[Obama] Sees");
    the rest of the headline ("Washington Post Hit Piece Exploits") is no
    one. (A mention is in a heading only if the line where it starts is
    one, so only those lines are judged.)"""
    headings = _title_case_lines(text, (c.start for c in candidates if not c.credit))
    if not headings:
        return candidates
    starts = [s for s, _ in headings]

    def in_heading(c: _Candidate) -> bool:
        i = bisect_right(starts, c.start) - 1
        return i >= 0 and c.end <= headings[i][1] and not c.credit

    body = [c for c in candidates if not in_heading(c)]
    if len(body) == len(candidates):
        return candidates
    out = list(body)
    for cand in candidates:
        if not in_heading(cand):
            continue
        for k in range(len(cand.tokens), 0, -1):
            prefix = cand.tokens[:k]
            if any(_matches(prefix, b.tokens) for b in body):
                ends = [m.end() for m in _TOKEN_RE.finditer(text, cand.start, cand.end)]
                end = ends[k - 1] if k < len(cand.tokens) else cand.end
                possessive = cand.possessive and k == len(cand.tokens)
                out.append(_Candidate(cand.start, end, prefix, possessive, cand.role, cand.gender, cand.from_tagger))
                break
    return sorted(out, key=lambda c: c.start)


# --------------------------------------------------------------------------
# Document-level consistency
# --------------------------------------------------------------------------


def _other_label_votes(entities: list[Entity]) -> tuple[Counter[str], dict[str, Counter[str]]]:
    """How often each word and each exact string is used in a non-person
    entity. (The words are counted by Counter in one go: ``+= 1`` on a
    Counter calls its ``__missing__`` in Python for every new word.)"""
    others = [e for e in entities if e.label != PERSON]
    exact: dict[str, Counter[str]] = defaultdict(Counter)
    for e in others:
        exact[_key(e.text)][e.label] += 1
    words = Counter(_key(w) for e in others for w in e.text.split())
    return words, exact


_SHARES_OF_RE = re.compile(r"\b(?:[Ss]hares|[Ss]tock|[Ss]ubsidiary|[Cc]ustomers) (?:of|in) $")
_OF_IN_ENDINGS = (" of ", " in ", " of \n", " in \n")  # where _SHARES_OF_RE can end ("$" allows a line break)
# "Dell said on Tuesday that its profit rose", "Kraft reported its sales":
# a name whose own statement speaks of "its" is a company.
_SAID_ITS_RE = re.compile(
    r"(?:\u2019s|'s)? (?:said|says|reported|reports|announced|announces)"
    r"(?: on (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))?(?: that)? its\b"
)


def _is_company(text: str, cluster: _Cluster) -> bool:
    """A name the text introduces as a company ("Chipmaker Veridian",
    "carmaker Tesla", "shares of X"). ("X said it would ..." is no sign:
    people say it too.)"""
    if any(m.role for m in cluster.members):
        return False
    for m in cluster.members:
        before = text[max(0, m.start - 30) : m.start]
        if before[-1:] == " ":
            last = before.rsplit(None, 1)[-1:]
            if last and last[0].lower() in lx.COMPANY_DESCRIPTORS_LOWER:
                return True
        # (searched only where it could end: re tries it at every position)
        if before.endswith(_OF_IN_ENDINGS) and _SHARES_OF_RE.search(before):
            return True
    return False


def _is_person_cluster(
    cluster: _Cluster, word_votes: Counter[str], exact_votes: dict[str, Counter[str]], text: str = ""
) -> bool:
    canonical = cluster.canonical
    assert canonical is not None
    if canonical.credit:
        return True
    if _looks_like_non_person(canonical.tokens):
        return False
    if text and _is_company(text, cluster):
        return False
    person_votes = sum(1 for m in cluster.members if m.from_tagger)
    if len(canonical.tokens) == 1:
        word = canonical.tokens[0]
        if word in lx.NOT_A_NAME:
            return False
        if text and all(_whole_quote(text, m) for m in cluster.members) and not is_listed_name(word):
            return False  # “Perfect,” he said.
        key = _key(word)
        if key.endswith("s") and word_votes[key[:-1]] > 0:
            return False  # "Arabs", "Israelis": a people, not a person
        if word_votes[key] < person_votes:
            return True
    else:
        votes = exact_votes.get(_key(" ".join(canonical.tokens)))
        if (sum(votes.values()) if votes else 0) <= person_votes:
            return True
    # The tagger called the name something else more often than a person,
    # but the text itself says it is one ("Hen Vipheak, former editor of
    # ...", "the dissident Wang Donghai").
    if not text:
        return False
    if any(m.from_tagger and _person_evidence(text, m) for m in cluster.members):
        return True
    # ... also where the tagger gave the same name another label ("Eyles,
    # who defeated ..." tagged ORG, "Eyles said" PERSON)
    name = " ".join(canonical.tokens)
    for m in re.finditer(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", text):
        if re.match(r",\s+who\b", text[m.end() : m.end() + 8]) or _description_after(text, m.end()) == "person":
            return True
    return False


_UTTERANCE_RE = re.compile(r", (?:said|says|added|wrote|replied|asked)\b")
_OPENING_QUOTES = "\"\u201c\u2018'"
_CLOSING_QUOTES = "\"\u201d\u2019'"


def _whole_quote(text: str, cand: _Candidate) -> bool:
    """Whether the mention is all a quotation or a sentence says
    (“Perfect,” “Great!” "Harsh? He doesn't think so."): a one-word
    exclamation, not a name."""
    before = text[cand.start - 1] if cand.start else "\n"
    if before in _OPENING_QUOTES:
        rest = text[cand.end : cand.end + 3].lstrip(",.!?\u2026")
        return rest[:1] != "" and rest[:1] in _CLOSING_QUOTES
    if before != "\n" and text[max(0, cand.start - 2) : cand.start] not in (". ", "? ", "! "):
        return False
    if _UTTERANCE_RE.match(text, cand.end):
        return True  # "Wonderful, said her publisher."
    after = text[cand.end : cand.end + 2]
    return after[:1] in ("?", "!") or (after[:1] == "." and after[1:2] in ("", " ", "\n"))


# --------------------------------------------------------------------------
# Missed surnames
# --------------------------------------------------------------------------


_WORD_RE = re.compile(r"(?<![\w\u2019'-])[A-Za-z][\w.\u2019'-]*?(?=[^\w-]|$)")


_APOSTROPHE_NAME_RE = re.compile(r"[A-Z][\w-]*[\u2019'][A-Z][\w-]*")


_PLAIN_WORD_RE = re.compile(r"[A-Za-z][\w-]*")


def _words_among(text: str, words: Iterable[str]) -> list[tuple[int, int, str]]:
    """The matches of ``_WORD_RE`` in ``text`` whose word is one of ``words``,
    as (start, end, word) in text order, found by searching for those words
    alone (most of a text's words are none of them). A ``_WORD_RE`` match is a
    whole run of word characters and hyphens starting with a letter, so only
    such ``words`` can be met, and each where it is such a whole run.
    ``str.find``, not a regex of the words: that regex is new for every text,
    and compiling it cost more than the search."""
    found: list[tuple[int, int, str]] = []
    size = len(text)
    for word in words:
        if not _PLAIN_WORD_RE.fullmatch(word):
            continue
        s = text.find(word)
        while s >= 0:
            e = s + len(word)
            before = text[s - 1] if s else " "
            after = text[e] if e < size else " "
            # not inside a longer run: re's \w is str.isalnum() or "_"
            if not (before.isalnum() or before in "_-'\u2019") and not (after.isalnum() or after in "_-"):
                found.append((s, e, word))
            s = text.find(word, s + 1)
    found.sort()
    return found


def _apostrophes_plain(word: str) -> str:
    """One apostrophe for all: "O’Connor" in one paragraph is "O'Connor" in
    the next when texts are pasted together."""
    return word.replace("\u2019", "'")


def _word_char_at(text: str, pos: int) -> bool:
    return pos < len(text) and (text[pos].isalnum() or text[pos] in "_-")


def _speech_next_to(text: str, start: int, end: int) -> bool:
    """Whether a speech verb stands right before or after ``[start, end)``
    ("said Washington", "Washington said")."""
    before = text[max(0, start - 20) : start].split()
    after = text[end : end + 20].split()
    return bool(
        (before and before[-1].lower() in lx.TRAILING_VERBS_LOWER)
        or (after and after[0].rstrip(".,;:").lower() in lx.TRAILING_VERBS_LOWER)
    )


def _family_name_first(tokens: list[str]) -> bool:
    """"Zheng Qinwen", "Xi Jinping", "Moon Jae-in": two words, neither a
    first name nor a surname of the name lists as written (so likely a
    family name first, as Chinese and Korean names are written)."""
    if len(tokens) != 2 or not tokens[0].isalpha() or not tokens[0][:1].isupper() or tokens[0].isupper():
        return False
    return not is_listed_first_name(tokens[0]) and not is_listed_surname(tokens[1])


def _missed_mentions(
    text: str, clusters: list[_Cluster], taken: list[Span], relabelable: dict[Span, str]
) -> list[tuple[int, _Candidate]]:
    """Later mentions of a known full name's surname (or the full name) that
    the tagger did not label, or labelled as a place or organisation right
    next to a speech verb ("said Washington" after "MaliVai Washington":
    people speak, places do not)."""
    forms: dict[str, list[tuple[int, int]]] = defaultdict(list)  # form -> [(cluster, allowed_from)]
    for index, cluster in enumerate(clusters):
        canonical = cluster.canonical
        assert canonical is not None
        if len(canonical.tokens) < 2 or canonical.credit:
            continue
        first_full = min(m.start for m in cluster.members if len(m.tokens) >= 2)
        forms[" ".join(canonical.tokens)].append((index, 0))
        surname = canonical.tokens[-1]
        for form in {surname, lx.NAME_PARTICLE_RE.sub("", surname)}:
            if len(form) > 1 and form[0].isupper():
                forms[form].append((index, first_full))
        if _family_name_first(canonical.tokens):
            forms[canonical.tokens[0]].append((index, first_full))  # "Zheng Qinwen" ... "Zheng"
        particled = _particle_surname(canonical.tokens)
        if particled:
            # "van Gogh", and "Van Gogh" opening a sentence
            for form in {particled, particled[0].upper() + particled[1:]}:
                forms[form].append((index, first_full))
    if not forms:
        return []
    by_first: dict[str, list[str]] = defaultdict(list)
    for form in sorted(forms, key=len, reverse=True):
        by_first[_apostrophes_plain(form.split()[0])].append(form)
    apostrophe_names = any("'" in first for first in by_first)
    starts = [s for s, _ in taken]
    relabelable_starts = {s for s, _ in relabelable}
    found: list[tuple[int, _Candidate]] = []
    last_end = 0
    every_word = ((m.start(), m.end(), m.group()) for m in _WORD_RE.finditer(text))
    for s, word_end, first in every_word if apostrophe_names else _words_among(text, by_first):
        if s < last_end:
            continue
        i = bisect_right(starts, s) - 1
        if i >= 0 and taken[i][1] > s and s not in relabelable_starts:
            # Most words found are the mentions already taken: whatever form
            # starts here, no span to relabel does, so it is passed over.
            continue
        if first not in by_first:
            # "O’Connor", "D'Souza": the name goes on past its apostrophe.
            if not apostrophe_names or text[word_end : word_end + 1] not in _APOSTROPHES:
                continue
            whole = _APOSTROPHE_NAME_RE.match(text, s)
            if whole is None or _apostrophes_plain(whole.group()) not in by_first:
                continue
            first = _apostrophes_plain(whole.group())
        form = next(
            (
                f
                for f in by_first[first]
                if _apostrophes_plain(text[s : s + len(f)]) == _apostrophes_plain(f)
                and not _word_char_at(text, s + len(f))
            ),
            None,
        )
        if form is None:
            continue
        e = s + len(form)
        relabel = (s, e) in relabelable and (
            relabelable[(s, e)] != "LOCATION" or _speech_next_to(text, s, e) or not _after_place_word(text, s)
        )
        if not relabel and i >= 0 and taken[i][1] > s:
            continue
        if not relabel and i + 1 < len(taken) and taken[i + 1][0] < e:
            continue
        if _inside_other_name(text, s, e):
            continue
        options = [(idx, frm) for idx, frm in forms[form] if s >= frm]
        if not options:
            continue
        index = options[0][0]
        if len(options) > 1:
            index = min(options, key=lambda o: _distance(clusters[o[0]], s))[0]
        e2, possessive = _strip_possessive(text, s, e)
        cand = _Candidate(s, e2, form.split(), possessive, None, None, from_tagger=False)
        if _thing_label(text, cand) is not None:
            continue  # "commanded the Ford on its first deployment"
        found.append((index, cand))
        last_end = e
    return found


def _particle_surname(tokens: list[str]) -> str | None:
    """"van Gogh" of "Vincent van Gogh", "von der Leyen" of "Ursula von der
    Leyen": the surname with its particles, as it is written alone."""
    k = len(tokens) - 1
    while k > 1 and tokens[k - 1] in lx.NAME_PARTICLES_LOWER:
        k -= 1
    return " ".join(tokens[k:]) if k < len(tokens) - 1 else None


_PLACE_PREPOSITIONS = frozenset(
    "in at to from of near into on onto toward towards across outside inside around via within throughout "
    "over through between and".split()
)


def _after_place_word(text: str, start: int) -> bool:
    """"the town of Darwin", "in Washington": a preposition of place before
    a surname the tagger took for a place leaves it a place."""
    return _word_before(text, start).lower() in _PLACE_PREPOSITIONS


def _inside_other_name(text: str, start: int, end: int) -> bool:
    """Whether a capitalised word right before or after makes this part of
    another name ("Jane Smith", "Trump Tower")."""
    before = text[max(0, start - 40) : start]
    if before and not before[-1].isspace():
        return before[-1] not in "(\u201c\"\u2014-"
    prev = before.split()[-1:] if before.strip() else []
    if prev:
        word = prev[0]
        if (
            word[:1].isupper()
            and word[-1] not in ".,;:!?"
            and not lx.is_title_word(word)
            and word not in lx.HONORIFICS
            and word not in lx.NOT_A_NAME
        ):
            return True
    after = text[end : end + 40]
    if after[:1] == " " and after[1:2].isupper():
        nxt = after.split()[0] if after.split() else ""
        if nxt.rstrip(".,;:!?") not in lx.NOT_A_NAME and nxt[:1] not in "\u201c\"":
            return True
    return False


# --------------------------------------------------------------------------
# Roles
# --------------------------------------------------------------------------


def _appositive_role(text: str, cand: _Candidate) -> str | None:
    if cand.possessive:
        return None
    m = _APPOSITIVE_RE.match(text, cand.end)
    if m is None:
        return None
    if m.group("head").lower() not in lx.APPOSITIVE_HEADS_LOWER:
        # One noun may modify the head: "a union organiser", "a wildlife biologist".
        second = m.group("rest").split()[:1]
        if not (m.group("head") not in _NOT_MODIFIERS and second and m.group("head").islower() and second[0].rstrip(".").lower() in lx.APPOSITIVE_HEADS_LOWER):
            return None
    # "a senior fellow at ...": the rank is part of the role, "former" is not.
    phrase = text[m.start("rank") if m.group("rank") else m.start("head") : m.end("rest")]
    stop = _APPOSITIVE_STOP_RE.search(phrase)
    closed = m.group("close") is not None
    if stop is not None:
        phrase = phrase[: stop.start()]
        closed = True
    words = phrase.split()
    if words and words[-1][-1:] in ".!?" and not _ABBREVIATION_RE.match(words[-1]):
        words[-1] = words[-1][:-1]  # the sentence's full stop
    limit = _MAX_CLOSED_APPOSITIVE_WORDS if closed else _MAX_APPOSITIVE_WORDS
    if len(words) > limit:
        # Too long to show whole: end before a prepositional phrase rather
        # than cut one (or a name) in two ("professor at the Hertie School
        # in" → "professor at the Hertie School").
        cuts = [
            i
            for i in range(1, min(limit, len(words) - 2) + 1)
            if words[i].lower() in _ROLE_CUT_WORDS
            and not (  # inside a name: "Institute for Fiscal Studies"
                words[i].lower() in _NAME_JOINERS and words[i - 1][:1].isupper() and words[i + 1][:1].isupper()
            )
        ]
        words = words[: cuts[-1]] if cuts else words[:_MAX_APPOSITIVE_WORDS]
    while words and words[-1].lower() in _ROLE_CUT_WORDS | lx.DETERMINERS_LOWER:
        words.pop()
    return " ".join(words) or None


# Words that cannot modify an appositive's head ("Jack Kemp, will head ...").
_NOT_MODIFIERS = frozenset(
    "will would can could may might must shall should has have had is was are were who which "
    "also then and but or not now still once".split()
)
_ROLE_CUT_WORDS = lx.PREPOSITIONS_LOWER | {"in", "and", "or"}
_NAME_JOINERS = frozenset({"of", "for", "and", "on", "in"})  # "Organisation for Security and Cooperation in Europe"
_ABBREVIATION_RE = re.compile(r"^(?:[A-Z]\.)+$")


def _role(text: str, cluster: _Cluster) -> str | None:
    members = sorted(cluster.members, key=lambda c: c.start)
    for cand in members:
        if cand.role:
            return cand.role
    for cand in members:
        if len(cand.tokens) >= 2:
            role = _appositive_role(text, cand)
            if role:
                return role
    return None


# --------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------


def _overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def build_figures(text: str, entities: list[Entity]) -> FigureAnalysis:
    """Cluster the tagger's PERSON mentions into figures and return the
    entity list made consistent with them."""
    credits = _photo_credits(text)
    credit_spans = [(c.start, c.end) for c in credits]
    entities = _drop_overlapping(sorted(entities, key=lambda e: (e.start, e.end)), credit_spans)
    entities = _with_named_after(text, entities)
    entities = _with_possessive_title_places(text, entities)
    entities = _with_organisations_by_context(text, entities)
    aged = _aged_names(text, entities)
    if aged:
        entities = _drop_overlapping(entities, [(c.start, c.end) for c in aged])
    kept_entities: list[Entity] = []
    candidates: list[_Candidate] = credits + aged
    person_entities: dict[int, Entity] = {}
    for e in entities:
        if e.label != PERSON:
            several = _people_after_plural_title(text, e)
            if several:
                candidates.extend(several)
                continue
            inside = _person_inside(text, e, entities) or _person_after_noun(text, e) or _particle_name(text, e)
            if inside is None:
                kept_entities.append(e)
            else:
                candidates.append(inside)
            continue
        cand = _clean(text, e)
        if cand is None:
            continue
        candidates.append(cand)
        person_entities[id(cand)] = e

    candidates = _trusted_in_headings(text, candidates)
    word_votes, exact_votes = _other_label_votes(kept_entities)
    clusters = [cl for cl in _cluster(candidates)]
    people: list[_Cluster] = []
    decided: set[Span] = set()  # told apart from a person by the text itself
    plain_people: set[str] = set()  # full names of people nothing in the text calls a thing
    for cl in clusters:
        if _is_person_cluster(cl, word_votes, exact_votes, text):
            local: dict[int, str] = {}
            named: dict[str, str] = {}
            full = cl.canonical
            for m in cl.members:
                found = _thing_label(text, m)
                if found is not None:
                    local[id(m)] = found[0]
                    # A short form of a full name that the text gives a
                    # person's role speaks for itself only.
                    if found[1] and not (full is not None and full is not m and full.role and len(m.tokens) < len(full.tokens)):
                        named[_key(" ".join(m.tokens))] = found[0]
            if not local:
                people.append(cl)
                plain_people.update(map(_key, {" ".join(m.tokens) for m in cl.members if len(m.tokens) > 1}))
                continue
            # "Herman Miller is an American company ... named after the
            # businessman Herman Miller": the company takes every mention of
            # its name but those the text marks as the person.
            for m in cl.members:
                if id(m) not in local and _key(" ".join(m.tokens)) in named and not _person_evidence(text, m):
                    local[id(m)] = named[_key(" ".join(m.tokens))]
            person = [m for m in cl.members if id(m) not in local]
            for cand in cl.members:
                original = person_entities.get(id(cand))
                if original is not None and id(cand) in local:
                    label = local[id(cand)]
                    kept_entities.append(Entity(cand.start, cand.end, text[cand.start : cand.end], label))
                    decided.add((cand.start, cand.end))
            if person:
                canonical = max(person, key=_fullness)
                people.append(_Cluster(person, canonical, min(m.start for m in person)))
            continue
        # Not a person: keep the tagger's span under the label the article
        # uses for it elsewhere (an organisation when it reads as a
        # company), or drop it.
        company = _is_company(text, cl)
        for cand in cl.members:
            original = person_entities.get(id(cand))
            if original is None:
                continue
            votes = exact_votes.get(_key(text[cand.start : cand.end]))
            label = votes.most_common(1)[0][0] if votes else ("ORGANIZATION" if company else None)
            if label:
                kept_entities.append(Entity(cand.start, cand.end, text[cand.start : cand.end], label))

    people.sort(key=lambda cl: cl.first)
    taken = sorted([(e.start, e.end) for e in kept_entities] + [(c.start, c.end) for cl in people for c in cl.members])
    relabelable = {
        (e.start, e.end): e.label
        for e in kept_entities
        if (" " not in e.text or e.text.split()[0].lower() in lx.NAME_PARTICLES_LOWER or _key(e.text) in plain_people)
        and (e.start, e.end) not in decided
    }
    for index, cand in _missed_mentions(text, people, taken, relabelable):
        people[index].add(cand)

    figures: list[Figure] = []
    mentions: list[Mention] = []
    genders: list[str | None] = []
    person_spans: list[Span] = []
    for index, cl in enumerate(people):
        canonical = cl.canonical
        assert canonical is not None
        members = sorted(cl.members, key=lambda c: c.start)
        name = _spelling(canonical, members)
        spans = [(c.start, c.end) for c in members]
        figures.append(Figure(name=name, role=_role(text, cl), mentions=spans))
        genders.append(next((c.gender for c in members if c.gender), None))
        mentions.extend(Mention(c.start, c.end, index, c.possessive) for c in members)
        person_spans.extend(spans)

    out = _drop_overlapping(kept_entities, person_spans)
    out.extend(Entity(s, e, text[s:e], PERSON) for s, e in person_spans)
    out.sort(key=lambda e: (e.start, e.end))
    mentions.sort(key=lambda m: m.start)
    return FigureAnalysis(entities=_without_overlaps(out), figures=figures, mentions=mentions, genders=genders)


# "King's Cross", "Earl's Court", "King's Lynn": a title in the possessive
# and one capitalised word name a place, not the titled person.
_POSSESSIVE_TITLES = ("King", "Queen", "Prince", "Princess", "Bishop", "Earl", "Duke", "Lord", "Lady")
_POSSESSIVE_TITLE_PLACE_RE = re.compile(
    r"(?<![\w-])(?:" + "|".join(_POSSESSIVE_TITLES) + r")[\u2019']s [A-Z][a-z]+(?![\w-]| [A-Z][a-z])"
)


def _has_possessive_title(text: str) -> bool:
    """Whether a title stands before "'s " anywhere: most texts have a few
    apostrophes and no such title, and finding those few is much cheaper
    than the place pattern (re tries it at every position, for its
    lookbehind). One character is what ``str.find`` finds fastest."""
    for apostrophe in _APOSTROPHES:
        at = text.find(apostrophe)
        while at >= 0:
            if text.startswith("s ", at + 1) and text.endswith(_POSSESSIVE_TITLES, 0, at):
                return True
            at = text.find(apostrophe, at + 1)
    return False


def _with_possessive_title_places(text: str, entities: list[Entity]) -> list[Entity]:
    """``entities`` with each such place that the tagger took for a person
    (or two: "[Earl]'s [Court]") replaced by the whole, as a place."""
    if not _has_possessive_title(text):
        return entities
    places = [
        m.span()
        for m in _POSSESSIVE_TITLE_PLACE_RE.finditer(text)
        if any(e.label == PERSON and e.start < m.end() and e.end > m.start() for e in entities)
    ]
    if not places:
        return entities
    out = _drop_overlapping(entities, places) + [Entity(s, e, text[s:e], "LOCATION") for s, e in places]
    return sorted(out, key=lambda e: (e.start, e.end))


def _with_organisations_by_context(text: str, entities: list[Entity]) -> list[Entity]:
    """A name right after a person's and "of" is where they work: "Mike
    Mayo of Wells Fargo", "John Casesa of Schroder Wertheim" (the tagger
    took the firm for a second person); a news agency is an organisation
    wherever it stands ("MELBOURNE (AP) -" read as a place)."""
    out: list[Entity] = []
    for e in entities:
        if e.text in lx.NEWS_AGENCIES and e.label != "ORGANIZATION":
            e = Entity(e.start, e.end, e.text, "ORGANIZATION")
        previous = out[-1] if out else None
        if (
            e.label == PERSON
            and previous is not None
            and previous.label == PERSON
            and text[previous.end : e.start] == " of "
        ):
            e = Entity(e.start, e.end, e.text, "ORGANIZATION")
        out.append(e)
    return out


def _with_named_after(text: str, entities: list[Entity]) -> list[Entity]:
    """``entities`` with each person's name that heads a place or group
    ("Cal Anderson Park") replaced by the whole, under its label."""
    replaced: list[Entity] = []
    out: list[Entity] = []
    for e in entities:
        named = _named_after(text, e) if e.label == PERSON else None
        if named is None:
            out.append(e)
        else:
            replaced.append(named)
    if not replaced:
        return entities
    out = _drop_overlapping(out, [(e.start, e.end) for e in replaced]) + replaced
    return sorted(out, key=lambda e: (e.start, e.end))


def _drop_overlapping(entities: list[Entity], spans: list[Span]) -> list[Entity]:
    """``entities`` less those overlapping any of ``spans``, in one sorted pass."""
    ordered = sorted(spans)
    starts = [s for s, _ in ordered]
    max_end: list[int] = []
    for _, end in ordered:
        max_end.append(max(end, max_end[-1]) if max_end else end)
    out: list[Entity] = []
    for e in entities:
        i = bisect_right(starts, e.end - 1) - 1  # last span starting before e ends
        if i >= 0 and max_end[i] > e.start:
            continue
        out.append(e)
    return out


def _without_overlaps(entities: list[Entity]) -> list[Entity]:
    out: list[Entity] = []
    for e in entities:
        if out and e.start < out[-1].end:
            if e.label == PERSON and out[-1].label != PERSON:
                out[-1] = e
            continue
        out.append(e)
    return out
