"""The learned speaker model: a ranker over the candidate sources of a quote.

For every direct quote the candidates are what a reader would consider:
the people named around it (figure mentions), "he"/"she", other pronouns,
organisations the tagger found, descriptions of unnamed speakers ("a senior
official", "the newspaper", "officials"), the speaker of the quote before,
and nobody. Each candidate is described by sparse string features (where it
stands relative to the quote, in which sentence and paragraph, how far, the
cue word next to it and its form, whether it is a sentence's subject or an
object, the punctuation that ends the quote, what the hand-written rules of
:mod:`reader.nlp.attribution` picked) and the highest-scoring one is the
source.

The weights are learned by ``tools/train_speaker.py`` on PolNeAR train (an
averaged perceptron, trained as a ranker: NLTK's classifiers choose among a
fixed set of labels, and a quote's candidates are a different set every
time, so the ranking update is written here; it is a few lines). They ship
in ``reader/nlp/data/speaker_model.json`` with the gender model of
:mod:`reader.nlp.gender`: plain JSON, read lazily on the first quote, so
loading can never run code.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache, partial
from itertools import compress, count, repeat
from operator import itemgetter
from pathlib import Path
from typing import Any, NamedTuple

from reader.domain import Span
from reader.nlp import cues
from reader.nlp import lexicon as lx
from reader.nlp.quotes import QuoteSpan

MODEL_FILE = Path(__file__).resolve().parent / "data" / "speaker_model.json"
FORMAT = 1

PERSON, PRONOUN, OTHER_PRONOUN, ORGANIZATION, DESCRIPTION, PREVIOUS, NOBODY = (
    "person",
    "pronoun",
    "other_pronoun",
    "organization",
    "description",
    "previous",
    "nobody",
)

_MAX_BEFORE = 700  # characters of context read before a quote (about a paragraph)
_MAX_AFTER = 350
_MIN_BEFORE = 350  # read at least this far back, whatever the paragraphs
_HE_SHE = frozenset({"he", "she"})
_OTHER_PRONOUNS = frozenset({"i", "we", "they"})
_PERSONAL_PRONOUNS = _HE_SHE | _OTHER_PRONOUNS
_STOP_DESCRIPTION = frozenset(
    {",", ".", ";", ":", "(", ")", "\u201c", "\u201d", '"', "\u2018", "\u2019", "'", "\u2014", "\u2013", "-", "--"}
)
_DESCRIPTION_DETERMINERS = frozenset(
    "the a an one another two three several some many other his her their its this that these those".split()
)
_SENTENCE_END = frozenset({".", "?", "!"})
_TITLE_RUN = 7  # tokens of a title and its organisation before a name
_SENTENCE_END_RE = re.compile(r"[.?!](?=\s|[\u201d\u2019\"')]|$)")
_CALENDAR = frozenset(
    """Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July
    August September October November December Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Today
    Yesterday Tonight Thursday's""".split()
)


class Candidate(NamedTuple):
    """A possible source of a quote. A named tuple: a text has hundreds,
    built in one pass, and a tuple is built in a third of the time of a
    frozen dataclass."""

    start: int
    end: int
    kind: str
    figure: int | None = None
    subject: bool = False  # a noun phrase found as a clause's subject
    name: str | None = None  # a person the tagger took for an organisation, as written in full


_FIRST = itemgetter(0)

# Candidate(start, end, kind, …) with every field given, built without the
# named tuple's Python-level __new__ (in a third of the time): build_context
# makes a text's hundred candidates so.
_new_candidate = partial(tuple.__new__, Candidate)


@dataclass
class Context:
    """Everything about one text that ranking its quotes reads, computed
    once: tokens, sentences, paragraphs, quotes and candidates, each sorted
    so a quote's neighbourhood is found by bisection."""

    text: str
    quotes: list[QuoteSpan]
    paragraphs: list[Span]
    sentences: list[Span]
    tokens: list[Span]
    candidates: list[Candidate]
    mention_counts: dict[int, int]
    modifiers: frozenset[int] = frozenset()  # starts of names inside a description ("one Obama insider")
    lows: list[str] = field(default_factory=list)  # each token's lowercase form (build_context's, else made here)

    def __post_init__(self) -> None:
        if len(self.lows) != len(self.tokens):
            self.lows = [self.text[s:e].lower() for s, e in self.tokens]
        self.token_starts = list(map(_FIRST, self.tokens))  # (a C loop over the text's thousand words)
        self.sentence_starts = [s for s, _ in self.sentences]
        self.paragraph_starts = [s for s, _ in self.paragraphs] or [0]
        self.quote_starts = [q.start for q in self.quotes]
        self.candidate_starts = [c.start for c in self.candidates]
        self.own: list[tuple[int, int, int, int, _Shared] | None] = [None] * len(self.candidates)  # by _own_features
        self.places: list[tuple[int, int, int, int] | None] = [None] * len(self.candidates)  # by _place
        self.quote_places: list[tuple[QuoteSpan, int, int, int, int] | None] = [None] * len(self.quotes)  # by _quote_place

    def token_index(self, pos: int) -> int:
        return bisect_right(self.token_starts, pos) - 1

    def sentence_of(self, pos: int) -> int:
        return bisect_right(self.sentence_starts, pos) - 1

    def paragraph_of(self, pos: int) -> int:
        return max(0, bisect_right(self.paragraph_starts, pos) - 1)

    def word(self, index: int) -> str:
        if 0 <= index < len(self.tokens):
            s, e = self.tokens[index]
            return self.text[s:e]
        return ""


def in_quotes(quotes: list[QuoteSpan], starts: list[int], pos: int) -> bool:
    i = bisect_right(starts, pos) - 1
    return i >= 0 and quotes[i].end > pos


def build_context(
    text: str,
    quotes: list[QuoteSpan],
    paragraphs: list[Span],
    sentences: list[Span],
    tokens: list[Span],
    mentions: list[Any],
    entities: list[Any],
    regions: list[Span] | None = None,
    strings: list[str] | None = None,
) -> Context:
    """The candidates of a whole text, outside quotes, in text order; with
    ``regions`` (:func:`read_regions`), only those starting in them, the
    very ones the whole text has there. ``strings`` are the words of
    ``tokens`` when the caller has them (:func:`reader.nlp.tokenize.words`,
    kept from tokenizing for the tagger): their lowercase forms are kept
    per process by the word (:data:`_LOWERED`), where cutting each token out
    of the text and lowering it cost six times as much.

    Why the shortcut is exact: the token passes below find each candidate
    from one word (a pronoun, a description's head, a cue, a subject's
    first word) within seven words of its start, and what they check it
    against (the candidates found before it: a cue's name must be free, a
    subject must not end where another phrase ends; the filters at the end:
    a title right before a name, a name owned by a description, a name
    inside a phrase) are candidates within seven words of it, or people and
    entities, which are always all found. So the passes visit only the
    words within :data:`_REGION_MARGIN` words (three such steps and more)
    of a region, and what they find there is what the whole text's passes
    find; the list is cut to the regions at the end.
    ``test_regions_give_the_whole_texts_candidates`` holds it to the whole
    text's."""
    starts = [q.start for q in quotes]
    found: list[Candidate] = []
    person_spans: list[Span] = []
    counts: dict[int, int] = {}
    for m in mentions:
        counts[m.figure] = counts.get(m.figure, 0) + 1
        person_spans.append((m.start, m.end))
        if not in_quotes(quotes, starts, m.start):
            found.append(_new_candidate((m.start, m.end, PERSON, m.figure, False, None)))
    person_spans.sort()
    person_starts = [s for s, _ in person_spans]
    taken = {(c.start, c.end) for c in found}

    def covered(s: int, e: int) -> bool:
        i = bisect_right(person_starts, e - 1) - 1
        return i >= 0 and person_spans[i][1] > s

    # A tagger's organisation that is written like a person's surname
    # ("DuVernay" tagged ORGANIZATION after "Ava DuVernay") is that person.
    surnames: dict[str, int] = {}
    for m in mentions:
        words = text[m.start : m.end].split()
        if words:
            surnames.setdefault(words[-1], m.figure)
    # An organisation written as a first name and a surname ("Ava DuVernay",
    # "Alixandria Lapp" tagged ORGANIZATION) is a person the figures missed,
    # and so is its surname alone later on.
    # The name may end a longer organisation ("Democratic National Committee
    # Chair Debbie Wasserman Schultz" tagged as one).
    # Places and other names too ("Lorella Praeli" tagged LOCATION, "Post
    # Editor-in-Chief Martin Baron" MISC).
    # A name the tagger gives in full, as no person, again and again is a
    # company's ("Wells Fargo"): a person is named in full once or twice,
    # then by surname.
    in_full = Counter(e.text for e in entities if e.label in _NOT_PERSON_LABELS)
    person_in = {
        e.start: _person_ending(e.text) for e in entities if e.label in _NOT_PERSON_LABELS and in_full[e.text] < _COMPANY_REPEATS
    }
    unnamed_people: dict[str, str] = {}
    for e in sorted(entities, key=lambda e: len(e.text)):
        person = person_in.get(e.start) if e.label in _NOT_PERSON_LABELS else None
        if person is not None:
            unnamed_people[person.split()[-1]] = person
    for e in entities:
        if e.label not in ("ORGANIZATION", "LOCATION") or in_quotes(quotes, starts, e.start) or covered(e.start, e.end):
            continue
        words = e.text.split()
        figure = surnames.get(words[-1]) if words else None
        if figure is not None and len(words) <= 3:
            found.append(_new_candidate((e.start, e.end, PERSON, figure, False, None)))
        elif words and words[-1] in unnamed_people and (
            len(words) == 1
            or person_in.get(e.start) is not None
            or (len(words) <= 3 and unnamed_people[words[-1]].split()[-len(words) :] == words)
        ):
            found.append(_new_candidate((e.start, e.end, PERSON, None, False, unnamed_people[words[-1]])))
        else:
            found.append(_new_candidate((e.start, e.end, ORGANIZATION, None, False, None)))
        taken.add((e.start, e.end))
    org_ends = {e for _, e in taken}
    # Each token's lowercase form, once for the three passes below; each pass
    # visits only the tokens whose word can start what it looks for, found
    # in one pass over all.
    lows = list(map(_LOWERED.__getitem__, strings)) if strings is not None else [text[s:e].lower() for s, e in tokens]
    hits = list(compress(count(), map(_PASS_WORDS_LOWER.__contains__, lows)))  # (in C: a sixth fewer instructions than a comprehension)
    if regions is not None:
        hits = _near(tokens, hits, regions)
    for k in [k for k in hits if lows[k] in _CONTEXT_WORDS_LOWER]:
        s, e = tokens[k]
        low = lows[k]
        if low in _PERSONAL_PRONOUNS:
            if in_quotes(quotes, starts, s):
                continue
            found.append(_new_candidate((s, e, PRONOUN if low in _HE_SHE else OTHER_PRONOUN, None, False, None)))
        elif low in cues.DESCRIPTION_HEADS_LOWER and (text[s].islower() or _proper_description(text, tokens, k)):
            if k + 1 < len(tokens) and lows[k + 1] in cues.DESCRIPTION_HEADS_LOWER:
                continue  # "campaign officials": the head is the last noun
            if e in org_ends or in_quotes(quotes, starts, s) or covered(s, e):
                continue
            start = _description_start(text, tokens, k, lows)
            # "The Security Council", "The Army": a proper name, shown as an organisation.
            kind = ORGANIZATION if text[s].isupper() else DESCRIPTION
            found.append(_new_candidate((start, e, kind, None, False, None)))
    found.extend(_named_sources(text, tokens, lows, found, quotes, starts, [k for k in hits if lows[k] in cues.SPEECH_FORMS_LOWER]))
    found.extend(_subject_phrases(text, tokens, sentences, found, quotes, starts, lows, hits))
    found.sort(key=itemgetter(0, 1))  # by start, then end
    # A description right before a name is that person's title ("talk radio
    # host Rush Limbaugh"): the name is the candidate, not the title.
    found = [
        c
        for k, c in enumerate(found)
        if not (
            c.kind == DESCRIPTION
            and k + 1 < len(found)
            and found[k + 1].kind == PERSON
            and found[k + 1].start >= c.end
            and not text[c.end : found[k + 1].start].strip()
        )
    ]
    # The owner in "Gary Johnson’s doctor", "Clinton’s campaign" is not the
    # source: the description is.
    owners = [d for d in found if d.kind == DESCRIPTION]
    found = [c for c in found if not (c.kind == PERSON and _owned_by(text, c, owners))]
    modifiers = _modifiers(found)
    if regions is not None:
        found = _starting_in(found, regions)
    return Context(text, quotes, paragraphs, sentences, tokens, found, counts, modifiers, lows)


class _Lowered(dict[str, str]):
    """Each word's lowercase form (``word.lower()``), by the word, kept per
    process: news repeats its words, and a word's form found here costs a
    look-up by the word's hash, which the tokenizer's own look-up of it
    has already worked out, where lowering it made a new string every time
    whose hash the passes' set look-ups then worked out again (together
    nine tenths of the work of the text's lowercase forms). The forms are
    the very strings ``lower`` gave, so every test on them reads the same.
    Bounded: a worker importing a large folder meets as many words as the
    texts hold."""

    def __missing__(self, word: str) -> str:
        if len(self) >= _LOWERED_LIMIT:
            self.clear()
        low = self[word] = word.lower()
        return low


_LOWERED_LIMIT = 20_000
_LOWERED = _Lowered()


# Words read around each region by build_context's token passes.
_REGION_MARGIN = 24


def _near(tokens: list[Span], hits: list[int], regions: list[Span]) -> list[int]:
    """The ``hits`` (sorted token indices) within :data:`_REGION_MARGIN`
    tokens of a token starting in one of ``regions``."""
    out: list[int] = []
    done = 0  # the tokens before this are taken
    for a, b in regions:
        lo = max(bisect_left(tokens, (a,)) - _REGION_MARGIN, done)
        hi = min(bisect_left(tokens, (b,)) + _REGION_MARGIN, len(tokens))
        if lo < hi:
            out += hits[bisect_left(hits, lo) : bisect_left(hits, hi)]
            done = hi
    return out


def _starting_in(found: list[Candidate], regions: list[Span]) -> list[Candidate]:
    region_starts = [a for a, _ in regions]
    out = []
    for c in found:
        i = bisect_right(region_starts, c.start) - 1
        if i >= 0 and c.start < regions[i][1]:
            out.append(c)
    return out


# The words the token pass of build_context acts on.
_CONTEXT_WORDS_LOWER = _HE_SHE | _OTHER_PRONOUNS | cues.DESCRIPTION_HEADS_LOWER


def _modifiers(found: list[Candidate]) -> frozenset[int]:
    """Starts of the people and organisations inside a longer description
    or organisation ("one Obama insider"): a phrase starting at or before
    the name ends after it. ``found`` is sorted by start; the running
    furthest end of the phrases so far answers each name in one bisection."""
    phrase_starts: list[int] = []
    furthest: list[int] = []  # the furthest end among the phrases up to each
    far = -1
    for d in found:
        if d.kind in (DESCRIPTION, ORGANIZATION):
            phrase_starts.append(d.start)
            if d.end > far:
                far = d.end
            furthest.append(far)
    out = set()
    for c in found:
        if c.kind in (PERSON, ORGANIZATION):
            i = bisect_right(phrase_starts, c.start) - 1
            if i >= 0 and furthest[i] > c.end:
                out.add(c.start)
    return frozenset(out)


_ORGANIZATION_WORDS_LOWER = frozenset(
    """news post times journal party committee foundation institute university center centre group bank inc
    corp co company fund campaign watch pac council association club media network house department church
    school college press magazine report tv radio agency service office board court union america american
    national international state states city county republic republicans democrats band""".split()
)


def _written_like_a_person(name: str) -> bool:
    """Two to four capitalised words, the first a first name the tagger's
    lists know, none of them a word of institutions."""
    from reader.nlp.ner import load_model
    from reader.nlp.ner.gazetteer import PERSON_FIRST

    words = name.split()
    if not 2 <= len(words) <= 4 or not all(w[:1].isupper() for w in words):
        return False
    if any(w.lower().strip(".,") in _ORGANIZATION_WORDS_LOWER for w in words):
        return False
    if len(words) >= 3 and _INITIAL_RE.match(words[1]) and words[0].isalpha() and len(words[0]) > 1:
        return True  # "Vann R. Newkirk II": a middle initial
    return bool(load_model().gazetteer.get(words[0].lower(), 0) & PERSON_FIRST)


def _person_ending(name: str) -> str | None:
    """The longest run of words ending ``name`` that is written like a
    person (:func:`_written_like_a_person`), if any. Words the tagger ran
    on past the name ("Sonia Sotomayor referring", "Mike Pence —") are
    not part of it."""
    words = name.split()
    while words and not words[-1][:1].isupper():
        words.pop()
    for i in range(max(0, len(words) - 4), len(words) - 1):
        tail = " ".join(words[i:])
        if words[i] not in lx.TITLE_WORDS and _written_like_a_person(tail):  # "Justice Sonia Sotomayor": a title
            return tail
    return None


_COMPANY_REPEATS = 3
_NOT_PERSON_LABELS = frozenset({"ORGANIZATION", "LOCATION", "MISC"})
_INITIAL_RE = re.compile(r"^[A-Z]\.$")


def _proper_description(text: str, tokens: list[Span], k: int) -> bool:
    """A capitalised head after "The"/"A" and capitalised words only
    ("The Security Council", "The Army")."""
    for j in range(k - 1, max(-1, k - 5), -1):
        word = text[tokens[j][0] : tokens[j][1]]
        if word in ("The", "the", "A", "a", "An", "an"):
            return True
        if not word[:1].isupper():
            return False
    return False


def _owned_by(text: str, cand: Candidate, descriptions: list[Candidate]) -> bool:
    if text[cand.end : cand.end + 2] not in ("\u2019s", "'s"):
        return False
    return any(d.start <= cand.start and cand.end < d.end for d in descriptions)


def _named_sources(
    text: str,
    tokens: list[Span],
    lows: list[str],
    found: list[Candidate],
    quotes: list[QuoteSpan],
    starts: list[int],
    cue_tokens: list[int],
) -> list[Candidate]:
    """Capitalised names right after or before a cue (the tokens
    ``cue_tokens``) that no entity covers ("said Interfax", "Politifact
    reported"): sources the tagger missed, shown as organisations (a person
    would be a figure). Most cues stand between lowercase words: whether a
    cue is inside a quote is asked only once a name is next to it."""
    spans = sorted((c.start, c.end) for c in found)
    span_starts = [s for s, _ in spans]

    def free(s: int, e: int) -> bool:
        i = bisect_right(span_starts, e - 1) - 1
        return not (i >= 0 and spans[i][1] > s)

    out: list[Candidate] = []
    n = len(tokens)
    for k in cue_tokens:
        if not (k + 1 < n and text[tokens[k + 1][0]].isupper()) and not (k > 0 and text[tokens[k - 1][0]].isupper()):
            continue  # lowercase words on both sides: no name
        quoted: bool | None = None
        for step in (1, -1):
            j = k + step
            run: list[int] = []
            while 0 <= j < n and len(run) < 4:
                ws, we = tokens[j]
                if not text[ws].isupper():  # the word's first letter
                    break
                word, low = text[ws:we], lows[j]
                if word in lx.NOT_A_NAME or low in _PERSONAL_PRONOUNS:
                    break
                if low in lx.DETERMINERS_LOWER or word.rstrip(".") in _CALENDAR:
                    break
                run.append(j)
                j += step
            if not run:
                continue
            if quoted is None:
                quoted = in_quotes(quotes, starts, tokens[k][0])
            if quoted:
                break
            a, b = min(run), max(run)
            cs, ce = tokens[a][0], tokens[b][1]
            if step == -1 and a > 0 and text[tokens[a - 1][0] : tokens[a - 1][1]] not in (".", "\u201d", '"', ",", "\u2019"):
                if not text[tokens[a - 1][0] : tokens[a - 1][1]] in (":", ";", "\u2014"):
                    continue  # "the Smith campaign said": not a name standing alone
            if free(cs, ce):
                out.append(_new_candidate((cs, ce, ORGANIZATION, None, False, None)))
    return out


_CLAUSE_OPENERS_LOWER = frozenset(
    ", ; : \u2014 \u2013 -- and but that while as when because though although after before since if so".split()
)
_SUBJECT_DETERMINERS_LOWER = lx.DETERMINERS_LOWER | frozenset("most few all".split())
_AUXILIARIES_LOWER = frozenset(
    """is was are were has had have will would could can may might should must did does do also then later now
    still again already just never often even repeatedly quickly""".split()
)
_GROUP_WORDS_LOWER = frozenset(
    """democrats republicans conservatives liberals progressives evangelicals americans mexicans muslims gopers
    others another some many several both most few""".split()
)
_SUBJECT_OPENERS_LOWER = _SUBJECT_DETERMINERS_LOWER | _GROUP_WORDS_LOWER  # the words a subject phrase opens with
# Every word a token pass of build_context starts from ("hits": a superset
# of each pass's words).
_PASS_WORDS_LOWER = _CONTEXT_WORDS_LOWER | cues.SPEECH_FORMS_LOWER | _SUBJECT_OPENERS_LOWER
_PHRASE_STOPS = frozenset({",", ".", ";", ":", "?", "!", "(", ")", "\u201c", "\u201d", '"', "\u2018", "\u2019", "'"})
_MAX_PHRASE = 6  # words in a subject noun phrase


def _verb_like(tokens: list[Span], text: str, j: int) -> bool:
    """Whether ``tokens[j]`` reads as the verb after a subject: a speech
    verb, an auxiliary, a lowercase past form, or a lowercase -s form not
    itself followed by a verb ("officials said": a noun)."""
    if j >= len(tokens):
        return False
    word = text[tokens[j][0] : tokens[j][1]]
    if not word.isalpha() or not word.islower():
        return False
    if cues.is_cue(word) or word in _AUXILIARIES_LOWER:
        return True
    if word.endswith("ed") and len(word) > 3:
        return True
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3 and word not in lx.DETERMINERS_LOWER:
        return not _verb_like(tokens, text, j + 1)
    return False


def _subject_phrases(
    text: str,
    tokens: list[Span],
    sentences: list[Span],
    found: list[Candidate],
    quotes: list[QuoteSpan],
    starts: list[int],
    lows: list[str],
    hits: list[int],
) -> list[Candidate]:
    """Noun phrases that are the subject of a clause and name no person:
    a determiner and up to five words before a verb ("several environmental
    groups granted", "The petition accuses", "one Obama insider described"),
    a group ("Republicans argue", "Another said"). Sources that are no person
    stand here far more often than in the list of description heads.
    ``hits`` are the tokens whose lowercase word (``lows``) may open one,
    among others."""
    sentence_starts = {s for s, _ in sentences}
    ends = {c.end for c in found if c.kind != PERSON}
    out: list[Candidate] = []
    n = len(tokens)
    for k in [k for k in hits if lows[k] in _SUBJECT_OPENERS_LOWER]:
        s, e = tokens[k]
        low = lows[k]
        if text[s].isupper() and s not in sentence_starts and low not in _GROUP_WORDS_LOWER:
            continue
        prev = lows[k - 1] if k > 0 else "."
        if s not in sentence_starts and prev not in _CLAUSE_OPENERS_LOWER:
            continue
        if in_quotes(quotes, starts, s):
            continue
        j = k if low in _GROUP_WORDS_LOWER and _verb_like(tokens, text, k + 1) else k + 1
        head = k if j == k else -1
        while j < n and j - k <= _MAX_PHRASE and head < 0:
            w = text[tokens[j][0] : tokens[j][1]]
            if w in _PHRASE_STOPS or lows[j] in lx.PREPOSITIONS_LOWER or lows[j] in _CLAUSE_OPENERS_LOWER:
                break
            if _verb_like(tokens, text, j + 1) and j > k:
                head = j
                break
            if _verb_like(tokens, text, j):
                break
            j += 1
        if head < 0:
            continue
        hs, he = tokens[k][0], tokens[head][1]
        head_word = text[tokens[head][0] : he]
        if he in ends or head_word.lower() in ("who", "which", "what", "it", "they", "he", "she"):
            continue
        if head_word.lower() in lx.DETERMINERS_LOWER and head != k:
            continue
        kind = ORGANIZATION if head_word[:1].isupper() and head != k and head_word.lower() not in _GROUP_WORDS_LOWER else DESCRIPTION
        out.append(_new_candidate((hs, he, kind, None, True, None)))
        ends.add(he)
    return out


def _description_start(text: str, tokens: list[Span], k: int, lows: list[str]) -> int:
    """Where the noun phrase ending in the head ``tokens[k]`` starts: back
    over modifiers ("senior", "White House", "Trump’s") to a determiner."""
    start = tokens[k][0]
    for j in range(k - 1, max(-1, k - 5), -1):
        low = lows[j]
        if low in _DESCRIPTION_DETERMINERS:
            return tokens[j][0]
        if low in _DESCRIPTION_BREAKS:
            break
        start = tokens[j][0]
    return start


# The words a description does not reach back past (after its determiners).
_DESCRIPTION_BREAKS = (
    _STOP_DESCRIPTION
    | lx.PREPOSITIONS_LOWER
    | cues.SPEECH_FORMS_LOWER
    | _HE_SHE
    | frozenset(("and", "or", "but", "that", "who", "which", "is", "was", "are", "were", "has", "have", "had"))
)


def quote_features(ctx: Context, index: int) -> list[str]:
    """What the quote itself says about where its source is."""
    q, _, after, si, _ = ctx.quote_places[index] or _quote_place(ctx, index)
    text = ctx.text
    inner = text[q.start + 1 : q.end - 1].rstrip(" \u2019\u201d'\"")
    last = inner[-1:] if inner else ""
    # Its words up to the twelfth (the rest in one): all its length and
    # title case are read from.
    inner_words = inner.split(maxsplit=11)
    words = len(inner_words)
    feats = [
        f"qlast={last if last in ',.?!:;' else 'w'}",
        f"qlen={'1-3' if words <= 3 else '4-10' if words <= 10 else '11+'}",
        f"qclosed={q.closed}",
    ]
    p_start = ctx.paragraphs[q.paragraph][0] if ctx.paragraphs else 0
    if q.start == p_start:
        feats.append("qopens_para")
    if si >= 0 and ctx.sentence_starts[si] == q.start:
        feats.append("qopens_sent")
    nxt = ctx.word(after)
    if nxt and ctx.tokens[after][0] >= q.end:
        feats.append(f"qnext={_shape(nxt)}")
    before = ctx.token_index(q.start - 1)
    if before >= 0 and ctx.tokens[before][1] <= q.start:
        feats.append(f"qprev={_shape(ctx.word(before))}")
        word = ctx.word(before).lower()
        if word in _NAMING_WORDS:
            feats.append(f"qprev_word={word}")
    # Who is the subject of the quote's own sentence, if it opens with one
    # ("The army calls it “…”"): a reason to look no further back.
    s_start = ctx.sentence_starts[si] if si >= 0 else 0
    j = bisect_left(ctx.candidate_starts, s_start)
    subject = "none"
    if j < len(ctx.candidates) and ctx.candidates[j].start < q.start and ctx.token_index(ctx.candidates[j].start) - ctx.token_index(s_start) <= 3:
        subject = ctx.candidates[j].kind
    feats.append(f"qsubj={subject}")
    # cues.is_cue(ctx.word(k)), read off the lowercase words
    # (the five words after it and the six up to the one before it, within
    # its paragraph: the tokens are in text order, so the first past the
    # paragraph ends the look)
    lows, tokens, p_end, forms = ctx.lows, ctx.tokens, _para_end(ctx, q), cues.SPEECH_FORMS_LOWER
    cue_after = cue_before = False
    for k in range(max(after, 0), min(after + 5, len(tokens))):
        if tokens[k][0] >= p_end:
            break
        if lows[k] in forms:
            cue_after = True
            break
    for k in range(before, max(before - 6, -1), -1):
        if tokens[k][0] < p_start:
            break
        if lows[k] in forms:
            cue_before = True
            break
    feats.append(f"qcue={'after' if cue_after else ''}{'before' if cue_before else ''}")
    if inner_words and len(inner_words) <= 6 and all(w[:1].isupper() or w.lower() in _TITLE_SMALL for w in inner_words):
        feats.append("qtitlecase")
    return feats


_NAMING_WORDS = frozenset("called dubbed named as the a an his her its their our so-called titled nicknamed term word words phrase".split())
_TITLE_SMALL = frozenset("of the a an and in on for to at".split())


def _para_end(ctx: Context, q: QuoteSpan) -> int:
    return ctx.paragraphs[q.paragraph][1] if ctx.paragraphs else len(ctx.text)


_DASHES = frozenset({"\u2014", "\u2013", "\u2015", "-", "--", "\u2012"})


def _shape(word: str) -> str:
    low = word.lower()
    if word in _DASHES:
        return "dash"
    if cues.is_cue(word):
        return "cue"
    if low in _HE_SHE:
        return "he/she"
    if low in lx.DETERMINERS_LOWER:
        return "det"
    if low in lx.PREPOSITIONS_LOWER:
        return "prep"
    if not word[:1].isalnum():
        return word[:1]
    if word[:1].isupper():
        return "Cap"
    return "w"


class _Shared:
    """The quote-independent features of a candidate (its neighbouring
    words and cues, its place in its sentence, its salience), shared by all
    the candidates of every text that have the same: a few thousand sets
    cover all texts (``tools/`` PolNeAR and generated news alike), so the
    strings each quote joins them into are built once and reused, and so
    are their hashes in the ranker's lookups. ``early`` stand before the
    rule features in a candidate's list, ``late`` after them."""

    __slots__ = ("kind", "early", "late", "blocks", "placed")

    def __init__(self, kind: str, early: tuple[str, ...], late: tuple[str, ...]) -> None:
        self.kind = kind
        self.early = early
        self.late = late
        # (position, crossing, rules) -> the two blocks of joined features
        self.blocks: dict[tuple[str, tuple[str, ...], tuple[str, ...]], tuple[tuple[str, ...], tuple[str, ...]]] = {}
        # (position, distance, words between, cue between, crossing, rules)
        # -> all of a candidate's features but the quote's and the hints', in one tuple
        self.placed: dict[tuple[str, str, str | None, str | None, tuple[str, ...], tuple[str, ...]], tuple[str, ...]] = {}


# The caches of joined feature strings, keyed by everything the strings are
# made of. Bounded: a process that annotates without end starts them afresh.
_SHARED: dict[tuple[str, tuple[str, ...], tuple[str, ...]], _Shared] = {}
_HEADS: dict[tuple[str, str, str, str | None, str | None], tuple[tuple[str, ...], tuple[str, ...]]] = {}
_RULED: dict[tuple[bool, bool, str], tuple[str, ...]] = {}
_CACHE_LIMIT = 10_000
_PLACED_LIMIT = 20_000  # the placed features kept, over all _Shared (see _keep_placed)
_placed_kept = 0
_CROSSING = {
    (False, False): (),
    (True, False): ("crosses_sentence",),
    (False, True): ("crosses_quote",),
    (True, True): ("crosses_sentence", "crosses_quote"),
}


def _place(ctx: Context, c: int) -> tuple[int, int, int, int]:
    """(paragraph, first token, last token, sentence) of candidate ``c``,
    kept in ``ctx.places``: where a quote's candidate stands is all its
    upper bound needs (:meth:`Ranker.upper_bound`), its own features only
    if the bound lets it win."""
    cand = ctx.candidates[c]
    starts = ctx.token_starts
    place = ctx.places[c] = (
        max(0, bisect_right(ctx.paragraph_starts, cand.start) - 1),  # ctx.paragraph_of
        bisect_right(starts, cand.start) - 1,  # ctx.token_index
        bisect_right(starts, cand.end - 1) - 1,
        bisect_right(ctx.sentence_starts, cand.start) - 1,  # ctx.sentence_of
    )
    return place


def _own_features(ctx: Context, c: int) -> tuple[int, int, int, int, _Shared]:
    """(paragraph, first token, last token, sentence, quote-independent
    features) of candidate ``c``, kept in ``ctx.own``. Every feature made
    here is in :data:`_OWN_GROUPS`, which the ranker's upper bound reads."""
    cand = ctx.candidates[c]
    text = ctx.text
    kind = cand.kind
    lows = ctx.lows  # each token's lowercase form: ctx.word(k).lower() where k is a token
    word = ctx.word
    speech_forms = cues.SPEECH_FORMS_LOWER
    n = len(lows)
    early: list[str] = []
    tokens = ctx.tokens
    paragraph, ti, te, si = ctx.places[c] or _place(ctx, c)
    if 0 < ti <= n:  # ctx.word(ti - 1), its lowercase form
        prev_word, prev_low = text[tokens[ti - 1][0] : tokens[ti - 1][1]], lows[ti - 1]
    else:
        prev_word = prev_low = ""
    if -1 <= te < n - 1:
        next_word, next_low = text[tokens[te + 1][0] : tokens[te + 1][1]], lows[te + 1]
    else:
        next_word = next_low = ""
    prev2 = lows[ti - 2] if 1 < ti <= n + 1 else ""
    next_is_cue = next_low in speech_forms  # cues.is_cue(next_word)
    if next_is_cue:
        early.append("next_cue")
        early.append(_NEXT_CUE_FORM[next_low])  # (cue_form lowercases the word first)
        if next_low in ("told", "tells", "tell"):
            early.append("next_told")
    elif next_word in (",", "(") and kind in (PERSON, ORGANIZATION, DESCRIPTION):
        # "Kerr Putney, the police chief, said": a cue after an appositive.
        for k in range(te + 2, min(n, te + 24)):
            w = text[tokens[k][0] : tokens[k][1]]  # ctx.word(k)
            if w in _SENTENCE_END or w in ("\u201c", "\u201d", '"'):
                break
            if lows[k] in speech_forms and text[tokens[k - 1][0] : tokens[k - 1][1]] in (",", ")"):
                early.append("next_cue_appositive")
                break
    elif next_low in ("has", "had", "have", "was", "is", "also", "then", "later", "again", "previously"):
        if 0 <= te + 2 < n and lows[te + 2] in speech_forms:
            early.append("next_cue_aux")
    if next_word == ":" or (next_is_cue and word(te + 2) == ":"):
        early.append("colon_after")
    if prev_low in cues.LISTENER_CUES_LOWER:
        early.append("prev_listener_cue")  # "told CNN", "asked Trump": the one spoken to
    elif prev_low in speech_forms:
        early.append("prev_cue")
        early.append(_PREV_CUE_FORM[prev_low])
    if prev_low == "to" and prev2 == "according":
        early.append("according_to")
    elif kind == PERSON and (prev_word[:1].isupper() or prev_word in _TITLE_JOINERS) and _according_to_before_title(ctx, ti):
        early.append("according_to")  # "according to Virginia AFL-CIO President Doris Crouse-Mays"
    if prev_low in lx.OBJECT_VERBS_LOWER:
        early.append("object_of_verb")
    elif prev_low in lx.PREPOSITIONS_LOWER:
        early.append(_AFTER_PREP.get(prev_low, "after_prep=other"))
    if next_word in ("\u2019s", "'s") or text[cand.end : cand.end + 2] in ("\u2019s", "'s"):
        early.append("possessive")
    if cand.start in ctx.modifiers:
        early.append("modifier")  # "one Obama insider": a name inside a description
    if cand.subject:
        early.append("subject_phrase")
    s_start = ctx.sentence_starts[si] if si >= 0 else 0
    first_token = bisect_right(ctx.token_starts, s_start) - 1
    if first_token == ti or (
        ti - first_token <= 3
        and all(lows[k] in lx.DETERMINERS_LOWER or word(k)[:1].isupper() for k in range(max(first_token, 0), ti))
    ):
        early.append("sentence_start")
    j = bisect_left(ctx.candidate_starts, s_start)
    earlier = 0
    candidates = ctx.candidates
    while j < len(candidates) and candidates[j].start < cand.start:
        if candidates[j].kind != OTHER_PRONOUN:
            earlier += 1
        j += 1
    early.append(_NTH_IN_SENTENCE[min(earlier, 3)])
    if kind == PERSON and cand.figure is not None:
        n = ctx.mention_counts.get(cand.figure, 1)
        early.append("salience=1" if n == 1 else "salience=2-3" if n <= 3 else "salience=4+")
    late: tuple[str, ...] = ()
    if kind == DESCRIPTION:
        words = text[cand.start : cand.end].split()
        head = words[-1].lower() if words else ""
        late = (
            _DESC_INSTITUTION[head in cues.INSTITUTION_HEADS_LOWER],
            _DESC_DET.get(words[0].lower(), "desc_det=other"),
            _DESC_PLURAL[head.endswith("s")],
        )
    elif kind == PRONOUN and text[cand.start : cand.start + 1].isupper():
        late = ("capitalised_pronoun",)
    key = (kind, tuple(early), late)
    shared = _SHARED.get(key)
    if shared is None:
        if len(_SHARED) >= _CACHE_LIMIT:
            _SHARED.clear()
        shared = _SHARED[key] = _Shared(*key)
    own = ctx.own[c] = (paragraph, ti, te, si, shared)
    return own


_NTH_IN_SENTENCE = tuple(f"nth_in_sentence={k}" for k in range(4))
# A cue's features by its lowercase form, the prepositions' by theirs (built once).
_NEXT_CUE_FORM = {w: f"next_cue_form={cues.cue_form(w)}" for w in cues.SPEECH_FORMS_LOWER}
_PREV_CUE_FORM = {w: f"prev_cue_form={cues.cue_form(w)}" for w in cues.SPEECH_FORMS_LOWER}
_AFTER_PREP = {w: f"after_prep={w}" for w in ("by", "to", "with", "of", "from")}
# A description's features, by what they say (built once).
_DESC_INSTITUTION = {flag: f"desc_institution={flag}" for flag in (False, True)}
_DESC_DET = {det: f"desc_det={det}" for det in ("the", "a", "an")}
_DESC_PLURAL = {flag: f"desc_plural={flag}" for flag in (False, True)}


def candidate_features(
    ctx: Context, index: int, c: int, rule: tuple[str, Span | None, int | None]
) -> tuple[str, tuple[str, ...]]:
    """The position (:func:`position`) and the features of candidate
    ``ctx.candidates[c]`` for quote ``index`` but the quote's own and the
    hints (one shared tuple, :func:`_placed_features`); ``rule`` is what the
    rules read: (status, mention span, figure).

    Each feature (where the candidate stands and how far, the words between,
    whether the gap crosses a sentence or a quote, the candidate's own,
    the rules') comes alone, after the kind, and but for the position's
    after the kind and the position. Only the position's are built for
    every quote (:func:`candidate_place`): the rest are read from caches
    (:class:`_Shared`) keyed by all they are made of, in the same order."""
    key = candidate_place(ctx, index, c, rule)
    return key[0], placed_features(ctx, c, key)


def placed_features(ctx: Context, c: int, key: Placing) -> tuple[str, ...]:
    """The features of candidate ``c`` placed so (:func:`candidate_place`)
    but the quote's own and the hints."""
    shared = (ctx.own[c] or _own_features(ctx, c))[4]
    features = shared.placed.get(key)
    if features is None:
        features = _placed_features(shared, *key)
        _keep_placed(shared, key, features)
    return features


# (position, distance bucket, shapes of the words between, the first cue's
# form between, crossing, the rules' reading): all a candidate's features
# for a quote but its own, the quote's and the hints are made of.
Placing = tuple[str, str, str | None, str | None, tuple[str, ...], tuple[str, ...]]


def candidate_place(ctx: Context, index: int, c: int, rule: tuple[str, Span | None, int | None]) -> Placing:
    """Where candidate ``c`` stands for quote ``index`` (position, distance,
    the words between, crossing) and what the rules read of it, without its
    own features. Where the quote stands is read once per quote
    (:func:`_quote_place`), where the candidate stands once per text
    (:func:`_place`)."""
    cand = ctx.candidates[c]
    paragraph, first_token, last_token, sentence = ctx.places[c] or _place(ctx, c)
    q, end_sentence, after_token, start_sentence, start_token = ctx.quote_places[index] or _quote_place(ctx, index)
    if cand.start >= q.end:
        pos = "after_sent" if sentence == end_sentence else "after_later"
        first, last = after_token, first_token
        gap_start, gap_end = q.end, cand.start
    else:
        if paragraph == q.paragraph:
            pos = "before_sent" if sentence == start_sentence else "prev_sent" if sentence == start_sentence - 1 else "before_para"
        else:
            pos = "prev_para" if paragraph == q.paragraph - 1 else "older"
        first, last = last_token + 1, start_token
        gap_start, gap_end = cand.end, q.start
    distance = last - first
    between: str | None = None
    cue_form: str | None = None
    if distance <= 3:
        # Only the few words right between are read one by one; farther
        # away, what lies between is checked on the raw text.
        tokens, text, n = ctx.tokens, ctx.text, len(ctx.tokens)
        words = tuple([text[tokens[i][0] : tokens[i][1]] if 0 <= i < n else "" for i in range(first, last)])  # ctx.word(i)
        read = _BETWEEN.get(words)
        if read is None:
            read = _read_between(words)
        between, cue_form = read
    dist = _BUCKETS[distance] if 0 <= distance < len(_BUCKETS) else "0" if distance < 0 else "33+"
    span_text = ctx.text[gap_start:gap_end]
    crossing = _CROSSING[
        _SENTENCE_END_RE.search(span_text) is not None, "\u201c" in span_text or "\u201d" in span_text or '"' in span_text
    ]
    rule_key = (
        cand.kind == PERSON and cand.figure is not None and rule[2] is not None and rule[2] == cand.figure,
        rule[1] is not None and rule[1] == (cand.start, cand.end),
        rule[0],
    )
    ruled = _RULED.get(rule_key)
    if ruled is None:
        ruled = _RULED[rule_key] = (
            *(("rule_figure",) if rule_key[0] else ()),
            *(("rule_pick",) if rule_key[1] else ()),
            f"rule={rule[0]}",
        )
    return (pos, dist, between, cue_form, crossing, ruled)


def _keep_placed(shared: _Shared, key: tuple[Any, ...], features: tuple[str, ...]) -> None:
    """Keep ``features`` in ``shared.placed``, at most :data:`_PLACED_LIMIT`
    over all of them: their keys hold the shapes of the words between a
    candidate and its quote, as many as untrusted text makes, and a worker
    importing a large folder lives long."""
    global _placed_kept
    if _placed_kept >= _PLACED_LIMIT:
        for kept in (*_SHARED.values(), *_BARE.values()):
            kept.placed.clear()
        shared.placed.clear()  # (it may have left _SHARED already)
        _placed_kept = 0
    shared.placed[key] = features
    _placed_kept += 1


def _placed_features(
    shared: _Shared,
    pos: str,
    dist: str,
    between: str | None,
    cue_form: str | None,
    crossing: tuple[str, ...],
    ruled: tuple[str, ...],
) -> tuple[str, ...]:
    """The features of a candidate of kind ``shared.kind`` placed so
    (:func:`candidate_features`), in their order: the head (kind, position
    and distance, alone and after the kind), the body (crossing, the
    candidate's own, the rules') after the kind, the head's placed features,
    the body alone and after the kind and position. One tuple, kept in
    ``shared.placed``: the ranker then looks up and joins one segment per
    candidate instead of four, the same weights in the same order."""
    kind = shared.kind
    head_key = (kind, pos, dist, between, cue_form)
    head = _HEADS.get(head_key)
    if head is None:
        placed = [f"pos={pos}", f"pos={pos}|d={dist}"]
        if between is not None:
            placed.append(f"pos={pos}|between={between}")
        if cue_form is not None:
            placed.append(f"pos={pos}|between_cue_form={cue_form}")
        if len(_HEADS) >= _CACHE_LIMIT:
            _HEADS.clear()
        head = _HEADS[head_key] = ((f"k={kind}", *[f"k={kind}|{f}" for f in placed]), tuple(placed))
    block_key = (pos, crossing, ruled)
    blocks = shared.blocks.get(block_key)
    if blocks is None:
        body = (*crossing, *shared.early, *ruled, *shared.late)
        # The same evidence means different things before and after the
        # quote ("said" after a name before it, a name after "said" after it).
        by_kind, by_place = f"k={kind}|", f"k={kind}|p={pos}|"
        blocks = shared.blocks[block_key] = (
            tuple([by_kind + f for f in body]),
            (*body, *[by_place + f for f in body]),
        )
    return head[0] + blocks[0] + head[1] + blocks[1]


# The features _own_features may give a candidate, in groups: it gives at
# most one bundle of each group (of nth_in_sentence exactly one), and the
# late groups only to their kind. The ranker's upper bound on what a
# candidate's own features can add (Ranker._own_bound) reads them; a
# feature _own_features makes must be here
# (test_own_features_fall_in_their_groups).
_FORMS = sorted(set(_NEXT_CUE_FORM.values()))
_PREV_FORMS = sorted(set(_PREV_CUE_FORM.values()))
_OWN_GROUPS: tuple[tuple[str | None, bool, tuple[tuple[str, ...], ...]], ...] = (
    # (the kind it applies to, or None for all; whether one bundle is always given; the bundles)
    (
        None,
        False,
        (
            *[("next_cue", form) for form in _FORMS],
            *[("next_cue", form, "next_told") for form in _FORMS],
            ("next_cue_appositive",),
            ("next_cue_aux",),
        ),
    ),
    (None, False, (("colon_after",),)),
    (None, False, (("prev_listener_cue",), *[("prev_cue", form) for form in _PREV_FORMS])),
    (None, False, (("according_to",),)),
    (None, False, (("object_of_verb",), *[(f,) for f in sorted(set(_AFTER_PREP.values()))], ("after_prep=other",))),
    (None, False, (("possessive",),)),
    (None, False, (("modifier",),)),
    (None, False, (("subject_phrase",),)),
    (None, False, (("sentence_start",),)),
    (None, True, tuple((f,) for f in _NTH_IN_SENTENCE)),
    (PERSON, False, (("salience=1",), ("salience=2-3",), ("salience=4+",))),
    (DESCRIPTION, True, tuple((f,) for f in _DESC_INSTITUTION.values())),
    (DESCRIPTION, True, (*[(f,) for f in _DESC_DET.values()], ("desc_det=other",))),
    (DESCRIPTION, True, tuple((f,) for f in _DESC_PLURAL.values())),
    (PRONOUN, False, (("capitalised_pronoun",),)),
)

# A _Shared without own features, for each kind: its placed features are a
# candidate's less its own (what the upper bound knows exactly).
_BARE: dict[str, _Shared] = {}


def bare_features(kind: str, key: Placing) -> tuple[str, ...]:
    """The features of a candidate of ``kind`` placed so
    (:func:`candidate_place`) less its own features: its score is theirs
    plus what its own add, which :meth:`Ranker._own_bound` bounds."""
    shared = _BARE.get(kind)
    if shared is None:
        shared = _BARE[kind] = _Shared(kind, (), ())
    features = shared.placed.get(key)
    if features is None:
        features = _placed_features(shared, *key)
        _keep_placed(shared, key, features)
    return features


# What the words between a candidate and its quote say, by the words: a
# few hundred runs ("," "said", ", said", "told") make most of every text's.
# Bounded.
_BETWEEN: dict[tuple[str, ...], tuple[str, str | None]] = {}


def _read_between(words: tuple[str, ...]) -> tuple[str, str | None]:
    """(the words' shapes, the first cue's form or None), kept in
    :data:`_BETWEEN`."""
    cue_form = None
    for w in words:
        if cues.is_cue(w):
            cue_form = cues.cue_form(w)  # the first cue's
            break
    if len(_BETWEEN) >= _CACHE_LIMIT:
        _BETWEEN.clear()
    read = _BETWEEN[words] = (" ".join(map(_shape, words)), cue_form)
    return read


def _quote_place(ctx: Context, index: int) -> tuple[QuoteSpan, int, int, int, int]:
    """(quote, sentence of its last character, token after it, sentence of
    its start, token of its start) of quote ``index``, kept in
    ``ctx.quote_places``: every candidate of the quote reads them."""
    q = ctx.quotes[index]
    place = ctx.quote_places[index] = (
        q,
        ctx.sentence_of(q.end - 1),
        ctx.token_index(q.end - 1) + 1,
        ctx.sentence_of(q.start),
        ctx.token_index(q.start),
    )
    return place


# The distance feature's value of each distance in tokens from 0 to 32
# (below: "0", above: "33+").
_BUCKETS = ("0", "1", "2", *["3-4"] * 2, *["5-8"] * 4, *["9-16"] * 8, *["17-32"] * 16)


def position(ctx: Context, index: int, cand: Candidate) -> str:
    """Where ``cand`` stands relative to quote ``index`` (the ``pos``
    feature's value)."""
    q = ctx.quotes[index]
    if cand.start >= q.end:
        return "after_sent" if ctx.sentence_of(cand.start) == ctx.sentence_of(q.end - 1) else "after_later"
    c_para = ctx.paragraph_of(cand.start)
    if c_para == q.paragraph:
        qs = ctx.sentence_of(q.start)
        cs = ctx.sentence_of(cand.start)
        return "before_sent" if cs == qs else "prev_sent" if cs == qs - 1 else "before_para"
    return "prev_para" if c_para == q.paragraph - 1 else "older"


def previous_features(ctx: Context, index: int, previous_kind: str | None) -> tuple[str, ...]:
    """Features of "the speaker of the quote before" for quote ``index``."""
    q = ctx.quotes[index]
    feats = [f"prev_kind={previous_kind}"]
    if index == 0:
        return ("k=previous", "prev_none")
    p = ctx.quotes[index - 1]
    if p.chain == q.chain:
        feats.append("same_chain")
    if p.paragraph == q.paragraph:
        feats.append("same_para")
        between = ctx.text[p.end : q.start]
        sentences = sum(1 for ch in between if ch in ".?!")
        feats.append(f"sentences_between={min(sentences, 3)}")
        j = bisect_left(ctx.candidate_starts, p.end)
        others = 0
        while j < len(ctx.candidates) and ctx.candidates[j].start < q.start:
            others += 1
            j += 1
        feats.append(f"candidates_between={min(others, 3)}")
    elif p.paragraph == q.paragraph - 1:
        feats.append("prev_para")
        j = bisect_left(ctx.candidate_starts, ctx.paragraphs[q.paragraph][0])
        others = 0
        while j < len(ctx.candidates) and ctx.candidates[j].start < q.start:
            others += 1
            j += 1
        feats.append(f"prev_para|before_in_para={min(others, 2)}")
    else:
        feats.append("far")
    return ("k=previous", *[f"k=previous|{f}" for f in feats])


def nobody_features(ctx: Context, index: int, rule_status: str) -> tuple[str, ...]:
    # (one tuple per status, built once: the ranker then finds its weights by a hash it keeps)
    found = _NOBODY.get(rule_status)
    if found is None:
        found = _NOBODY[rule_status] = ("k=nobody", f"k=nobody|rule={rule_status}")
    return found


_NOBODY: dict[str, tuple[str, str]] = {}  # the statuses are the rules' few


def signs_off(ctx: Context, index: int, cand: Candidate) -> bool:
    """Whether ``cand`` signs the quote: after it, past nothing but a dash,
    and ending its line ("“…” ― Jacklyn Ashley", "“…” — Reuters")."""
    q = ctx.quotes[index]
    if cand.start < q.end or cand.kind not in (PERSON, ORGANIZATION, DESCRIPTION):
        return False
    gap = ctx.text[q.end : cand.start].strip(" \t\xa0")
    if gap not in _DASHES and gap not in ("--",):
        return False
    rest = ctx.text[cand.end : cand.end + 3]
    return not rest.strip(" \t\xa0.") or rest.lstrip(" \t\xa0.")[:1] in ("\n", "\r")


_TITLE_JOINERS = ("-", "&")


def _according_to_before_title(ctx: Context, ti: int) -> bool:
    """Whether "according to" comes right before a run of capitalised words
    (a title, its organisation) that ends at token ``ti``."""
    k = ti - 1
    while k > ti - _TITLE_RUN and k > 0 and (ctx.word(k)[:1].isupper() or ctx.word(k) in _TITLE_JOINERS):
        k -= 1
    return k < ti - 1 and k > 0 and ctx.word(k).lower() == "to" and ctx.word(k - 1).lower() == "according"


def according_to_after(ctx: Context, index: int, cand: Candidate) -> bool:
    """Whether ``cand`` follows "according to" after quote ``index`` in
    the same sentence, past a reporting clause ("“…,” Walker said,
    according to an Associated Press account")."""
    q = ctx.quotes[index]
    if cand.start < q.end or cand.kind == NOBODY or ctx.sentence_of(cand.start) != ctx.sentence_of(q.end - 1):
        return False
    ti = ctx.token_index(cand.start)
    k = ti - 1
    while k > 0 and ctx.word(k).lower() in lx.DETERMINERS_LOWER:
        k -= 1
    return ctx.word(k).lower() == "to" and ctx.word(k - 1).lower() == "according" and ctx.tokens[k - 1][0] > q.end


def continues_previous(ctx: Context, index: int, cands: list[Candidate | None]) -> bool:
    """Whether quote ``index`` opens its paragraph, the paragraph before
    ended with a quote, and nothing in its own paragraph names a source."""
    if index == 0 or not ctx.paragraphs:
        return False
    q = ctx.quotes[index]
    previous = ctx.quotes[index - 1]
    if q.start != ctx.paragraphs[q.paragraph][0] or previous.paragraph != q.paragraph - 1:
        return False
    p_end = ctx.paragraphs[previous.paragraph][1]
    if ctx.text[previous.end : p_end].strip(" .\u201d\"'\u2019"):
        return False  # the paragraph before went on after its quote
    return not any(
        c is not None and c.kind not in (NOBODY,) and ctx.paragraph_of(c.start) == q.paragraph for c in cands
    )


def right_after(ctx: Context, index: int, cand: Candidate) -> bool:
    """Whether ``cand`` stands right after the quote, alone or after its
    cue ("“…,” said Interfax", "“…,” the magazine said")."""
    q = ctx.quotes[index]
    if cand.start < q.end:
        return False
    first = ctx.token_index(q.end - 1) + 1
    between = [ctx.word(k) for k in range(first, ctx.token_index(cand.start))]
    between = [w for w in between if w not in (",", "\u2014", "\u2013", "-")]
    return not between or (len(between) == 1 and cues.is_cue(between[0]))


def own_sentence_subject(ctx: Context, index: int, cands: list[Candidate | None]) -> int | None:
    """The index in ``cands`` of the organisation or description that opens
    the sentence quote ``index`` sits inside (a partial quote: a word, not
    the sentence's start, before it), if one does ("The army calls it
    “a tactical change.”")."""
    q = ctx.quotes[index]
    si = ctx.sentence_of(q.start)
    if si < 0 or ctx.sentence_starts[si] == q.start:
        return None
    before = ctx.token_index(q.start - 1)
    if before < 0 or not ctx.word(before)[:1].isalnum():
        return None
    s_start = ctx.sentence_starts[si]
    first = None
    for k, c in enumerate(cands):
        if c is None or c.kind in (NOBODY, OTHER_PRONOUN) or c.start < s_start or c.start >= q.start:
            continue
        if first is None or c.start < cands[first].start:  # type: ignore[union-attr]
            first = k
    if first is None:
        return None
    c = cands[first]
    assert c is not None
    if c.kind not in (ORGANIZATION, DESCRIPTION) or ctx.token_index(c.start) - ctx.token_index(s_start) > 3:
        return None
    return first


def window(ctx: Context, index: int) -> list[int]:
    """The candidates worth considering for quote ``index`` (indices into
    ``ctx.candidates``): from the paragraph before to the end of the
    quote's paragraph, bounded."""
    q = ctx.quotes[index]
    lo, hi = _window_bounds(ctx.paragraphs, len(ctx.text), q)
    i = bisect_left(ctx.candidate_starts, lo)
    j = bisect_left(ctx.candidate_starts, hi)
    cands = ctx.candidates
    return [c for c in range(i, j) if cands[c].end <= q.start or cands[c].start >= q.end]


def _window_bounds(paragraphs: list[Span], size: int, q: QuoteSpan) -> Span:
    """Where the candidates of :func:`window` may start for quote ``q``."""
    p = q.paragraph
    lo = paragraphs[p - 1][0] if p > 0 else 0
    # Short "paragraphs" are lines of a text without blank lines: read as
    # far back as a paragraph would reach.
    lo = min(max(lo, q.start - _MAX_BEFORE), max(0, q.start - _MIN_BEFORE))
    hi = paragraphs[p][1] if paragraphs else size
    return lo, min(hi, q.end + _MAX_AFTER)


def read_regions(text: str, quotes: list[QuoteSpan], paragraphs: list[Span], sentences: list[Span]) -> list[Span]:
    """The stretches of ``text`` (sorted, disjoint) holding every candidate
    the ranking of ``quotes`` reads: each quote's :func:`window`, from the
    start of the sentence its window starts in (a candidate's
    ``nth_in_sentence`` counts those before it in its sentence, and the
    quote's ``qsubj`` reads the first of its own sentence), and back to
    where :func:`previous_features` counts the candidates before it (from
    the quote before, or from its paragraph's start). Nothing else reads
    ``Context.candidates``: :func:`build_context` given these finds only
    the candidates starting in them (about half of a text's, in news)."""
    starts = [s for s, _ in sentences]
    spans: list[Span] = []
    for i, q in enumerate(quotes):
        lo, hi = _window_bounds(paragraphs, len(text), q)
        si = bisect_right(starts, lo) - 1
        lo = starts[si] if si >= 0 else 0  # the sentence of every candidate from lo on starts here or later
        if i > 0:
            p = quotes[i - 1]
            if p.paragraph == q.paragraph:
                lo = min(lo, p.end)
            elif p.paragraph == q.paragraph - 1:
                lo = min(lo, paragraphs[q.paragraph][0])
        spans.append((lo, hi))
    spans.sort()
    merged: list[Span] = []
    for lo, hi in spans:
        if merged and lo <= merged[-1][1]:
            if hi > merged[-1][1]:
                merged[-1] = (merged[-1][0], hi)
        else:
            merged.append((lo, hi))
    return merged


class Joined(NamedTuple):
    """A segment of a candidate's features: a quote's features after its
    kind (and then after its kind and position), as
    :func:`reader.nlp.attribution._joined_base` spells them out. The
    ranker reads their weights from the model's features by those prefixes
    (:meth:`Ranker.score_segments`) without making the strings: most quotes
    of real news have features of their own, whose joined strings were made,
    hashed and looked up for every kind and position of each."""

    kind: str
    pos: str | None
    base: tuple[str, ...]


# Joined((kind, pos, base)) without the named tuple's Python-level __new__
# (a few for every quote).
new_joined = partial(tuple.__new__, Joined)
_NO_WEIGHTS: dict[str, float] = {}
# Added to every upper bound (Ranker.upper_bound): far above the rounding of
# the float sums it stands for (a score adds at most a few hundred weights of
# at most ~4 each: an error of ~1e-12), so that rounding never puts a
# bound below its score; it only makes the bound looser.
_BOUND_MARGIN = 1e-6


class Ranker:
    """Scores feature lists with the shipped weights. ``person_bias`` is
    taken off every person's and pronoun's score: the threshold between
    naming a person and not, set by cross-validation (``tools/speaker_cv.py``)
    because a wrong name costs the reader more than a missing one."""

    def __init__(self, weights: dict[str, float], person_bias: float = 0.0) -> None:
        self.weights = weights  # not to be changed: score_segments keeps what it read
        self.person_bias = person_bias
        self._segment_weights: dict[tuple[str, ...], tuple[float, ...]] = {}
        self._prefixed: dict[str, dict[str, float]] | None = None  # by _by_prefix
        self._part_sums: dict[tuple[str, ...], float] = {}  # by upper_bound: a segment's weights' sum
        self._placing_bounds: dict[tuple[str, Placing], float] = {}  # by _placing_bound
        self._own_bounds: dict[tuple[str, str], float] = {}  # by _placing_bound

    def score(self, features: list[str]) -> float:
        # the same additions in the same order as summing w.get(f, 0.0) one by one
        return sum(map(self.weights.get, features, repeat(0.0)))

    def score_segments(self, cands: list[Candidate | None], segments: list[list[tuple[str, ...]]]) -> list[float]:
        """The score of each candidate (``None``: the previous quote's
        speaker) with its features in segments (:func:`reader.nlp.attribution.candidate_segments`),
        less ``person_bias`` for a person or a pronoun.

        The weights of each segment are looked up once and kept (a few
        thousand segments cover all texts): the features' weights are then
        summed from them, the same floats in the same order as
        :meth:`score` sums them, so the score is the same to the last bit."""
        return list(map(self.score_parts, cands, segments))

    def score_parts(self, cand: Candidate | None, parts: list[tuple[str, ...]]) -> float:
        """The score of one candidate from its segments (:meth:`score_segments`)."""
        cache = self._segment_weights
        weights: tuple[float, ...] = ()
        for part in parts:  # (joining the few tuples costs less than chaining them)
            weights += cache.get(part) or self._weights_of(part)
        score = sum(weights)
        if cand is not None and cand.kind in (PERSON, PRONOUN):
            score -= self.person_bias
        return score

    def upper_bound(self, cand: Candidate, key: Placing, parts: list[tuple[str, ...]]) -> float:
        """A number no less than :meth:`score_parts` of ``cand`` placed so
        (:func:`candidate_place`) with ``parts`` (the quote's and the hints'
        segments) after its placed features, found without its own
        features: those of its placing less its own
        (:func:`bare_features`), the most its own can add
        (:meth:`_own_bound`), the parts, and a margin above any rounding.

        Why: a quote's winner is one candidate of some eight, mostly far
        ahead (the median gap is 16). A candidate whose bound is below a
        score already found cannot win, and its own features (the costliest
        part of a candidate, a dozen looks at the words around it) need not
        be built: most candidates of a text are never built so.
        ``test_the_winner_is_the_best_of_all_scores`` holds the choice to
        the scores of all."""
        kind = cand.kind
        found = self._placing_bounds.get((kind, key))
        if found is None:
            found = self._placing_bound(kind, key)
        sums = self._part_sums
        for part in parts:
            part_sum = sums.get(part)
            if part_sum is None:
                if len(sums) >= _CACHE_LIMIT:
                    sums.clear()
                part_sum = sums[part] = sum(self._segment_weights.get(part) or self._weights_of(part))
            found += part_sum
        if kind in (PERSON, PRONOUN):
            found -= self.person_bias
        return found + _BOUND_MARGIN

    def _placing_bound(self, kind: str, key: Placing) -> float:
        """The weights of a placing's features less a candidate's own, and
        the most its own can add (kept)."""
        sums = self._placing_bounds
        if len(sums) >= _CACHE_LIMIT:
            sums.clear()
        pos = key[0]
        own = self._own_bounds.get((kind, pos))
        if own is None:
            own = self._own_bounds[kind, pos] = self._own_bound(kind, pos)
        found = sums[kind, key] = sum(map(self.weights.get, bare_features(kind, key), repeat(0.0))) + own
        return found

    def _own_bound(self, kind: str, pos: str) -> float:
        """The most a candidate's own features (:data:`_OWN_GROUPS`) can add
        to the score of a candidate of ``kind`` at ``pos``: each comes after
        the kind, alone, and after the kind and position
        (:func:`_placed_features`), so each group adds the weights of one
        of its bundles, or nothing when it may give none."""
        weights = self.weights
        by_kind, by_place = f"k={kind}|", f"k={kind}|p={pos}|"

        def added(feature: str) -> float:
            return weights.get(by_kind + feature, 0.0) + weights.get(feature, 0.0) + weights.get(by_place + feature, 0.0)

        total = 0.0
        for group_kind, always, bundles in _OWN_GROUPS:
            if group_kind is not None and group_kind != kind:
                continue
            best = max(sum(added(f) for f in bundle) for bundle in bundles)
            total += best if always else max(best, 0.0)
        return total

    def _weights_of(self, segment: tuple[str, ...]) -> tuple[float, ...]:
        if len(self._segment_weights) >= _CACHE_LIMIT:
            self._segment_weights.clear()
        if type(segment) is Joined:
            kind, pos, base = segment
            by_prefix = self._prefixed or self._by_prefix()
            found = tuple(map(by_prefix.get(f"k={kind}|", _NO_WEIGHTS).get, base, repeat(0.0)))
            if pos is not None:
                found += tuple(map(by_prefix.get(f"k={kind}|p={pos}|", _NO_WEIGHTS).get, base, repeat(0.0)))
        else:
            found = tuple(map(self.weights.get, segment, repeat(0.0)))
        self._segment_weights[segment] = found
        return found

    def _by_prefix(self) -> dict[str, dict[str, float]]:
        """The weights by the prefix of their feature up to its first "|"
        and up to its second, each under the rest: ``by_prefix[P][rest]`` is
        ``weights[P + rest]`` for P "k=KIND|" or "k=KIND|p=POSITION|" (no
        kind or position holds a "|"), the very float."""
        by_prefix: dict[str, dict[str, float]] = {}
        for feature, weight in self.weights.items():
            bar = feature.find("|")
            if bar < 0:
                continue
            by_prefix.setdefault(feature[: bar + 1], {})[feature[bar + 1 :]] = weight
            bar = feature.find("|", bar + 1)
            if bar >= 0:
                by_prefix.setdefault(feature[: bar + 1], {})[feature[bar + 1 :]] = weight
        self._prefixed = by_prefix
        return by_prefix


@lru_cache(maxsize=1)
def load_model(path: str | None = None) -> dict[str, Any]:
    """The shipped model file (ranker weights, gender model), read once."""
    data = json.loads(Path(path or MODEL_FILE).read_text(encoding="utf-8"))
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError(f"{path or MODEL_FILE} is not a reader speaker model (format {FORMAT})")
    return data


def ranker() -> Ranker:
    return _ranker()


@lru_cache(maxsize=1)
def _ranker() -> Ranker:
    model = load_model()
    return Ranker({k: float(v) for k, v in model["ranker"].items()}, float(model.get("person_bias", 0.0)))
