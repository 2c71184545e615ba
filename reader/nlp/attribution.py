"""Who said each quote.

Rules in the order a reader applies them, each a short look at a few words
next to the quote (so the whole pass is linear in the text):

1. after the quote, in its sentence: ``“…,” Pompeo said``, ``“…,” said
   Pompeo``, ``“…,” he told Hakim`` (the speaker is the subject, not the
   object), ``“…,” according to X``, ``“…,” Interfax quoted X as saying``;
2. before the quote, in its sentence: ``Pompeo said: “…”``, ``Pompeo: “…”``,
   and the subject of the reporting verb for a partial quote inside
   reported speech (``Salih said … Trump did not ask … to “watch Iran.”`` →
   Salih; ``Hakim, apparently responding to Trump’s comment, called on …
   “respect …”`` → Hakim);
3. pieces of one multi-paragraph quote share a speaker;
4. a quote opening a sentence continues the reported speech of the sentence
   before it (``He acknowledged that … “But for most of us …”``);
5. a quote with no attribution of its own takes the speaker of the quote
   before it in its paragraph (``“…,” Pompeo said. “…”``), or after it;
6. a paragraph that opens with an unattributed quote continues the speaker
   of the previous paragraph's last quote.

An attribution to somebody who is not a named figure (``a spokesman said``,
``the radio said``) is final: the quote's speaker is then None rather than a
guess from the rules below it; so are nicknames (``Hector “Macho”
Camacho``) and passive naming verbs (``dubbed the “Iron Lady”``). Pronouns
(``he added``) resolve to the figure most recently named as the subject of
a sentence, outside quotes, at most two paragraphs back, of a compatible
gender when known (honorifics, gendered titles); a pronoun already resolved
for an earlier quote counts as a mention. A speaker inherited by rules 3-6
keeps the ``speaker_mention`` its attribution was read from.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import NamedTuple
from itertools import compress

from reader.domain import Figure, Quote, Span
from reader.nlp import cues
from reader.nlp import lexicon as lx
from reader.nlp import speakers
from reader.nlp.figures import FigureAnalysis, Mention
from reader.nlp.quotes import QuoteSpan
from reader.nlp.tokenize import word_spans, word_spans_in
from reader.nlp.tokenize import words as words_of

_NAMED, _UNKNOWN = "named", "unknown"
_MAX_AFTER = 160  # characters of trailing context read after a quote
_MAX_BEFORE = 400  # characters of leading context read before a quote
_MAX_SUBJECT_WORDS = 14  # "Faik Nerweyi of the Kurdistan Democratic Party (KDP) told"
_PRONOUN_PARAGRAPHS = 2  # how many paragraphs back a pronoun's antecedent may be
_PRONOUN_MIN_CHARS = 500  # and at least this many characters back
# A figure of unknown gender is a weaker antecedent than one known to agree.
_UNKNOWN_GENDER_COST = 1.5
_SALIENCE_BONUS = 0.35  # per nearer mention of the same figure
_SALIENCE_CAP = 1.05
_OBJECT_COST = 3.0  # an object, a possessive, after a preposition
_SUBJECT_BONUS = 2.0  # the first figure of its sentence
_CUE_BONUS = 1.0  # next to a speech cue
_MODIFIER_COST = 2.0  # "Clinton communication director …"
_SENTENCE_COST = 1.4  # per sentence back
_NO_ANTECEDENT = -3.0  # below this the nearest compatible figure is taken instead
_BREAK_WORDS = frozenset({".", "?", "!", ";", "\u201c", "\u201d", '"'})
_DASHES = frozenset({",", "\u2014", "\u2013", "-", "--"})
_CONNECTIVES_LOWER = frozenset(
    "and but or nor so yet that which who whom whose while when where as if because although though "
    "since until unless than then".split()
)
_OTHER_PRONOUNS_LOWER = frozenset({"they", "we", "i", "you", "it", "one"})
# Words that may come before a pronoun that is still its clause's subject.
_SUBJECT_OPENERS_LOWER = _CONNECTIVES_LOWER | {"however", "still", "later", "also", "now"}
_BEFORE_OBJECT_LOWER = lx.PREPOSITIONS_LOWER | lx.OBJECT_VERBS_LOWER
# Words before a past participle that make it passive ("was threatened",
# "often called").
_PASSIVE_MARKERS = frozenset({"was", "were", "is", "are", "been", "being", "be", "often", "widely", "once", "get", "got"})
# "condemned the coup by ... Buyoya": a lowercase past tense followed by one
# of these is a verb, and names after it are in the predicate.
_AFTER_VERB_LOWER = lx.DETERMINERS_LOWER | {"to", "with", "on", "by", "for", "that", "him", "her", "them", "it"}
_NOT_VERB_AFTER_LOWER = lx.DETERMINERS_LOWER | lx.PREPOSITIONS_LOWER | {"'s", "\u2019s"}


# An unnamed speaker as a sentence's subject ("The ministry spokesman said",
# "One elderly man, who declined to give his name, said"): a later "he" is
# that speaker, not the last person named before. The determiner's first
# letter comes first, its word boundary checked behind it (the matches of
# ``\b(?:[Tt]he|[Aa]n?|[Oo]ne|[Aa]nother)…``): a pattern opening with a set
# of letters lets the engine skip to them, a third of the time of trying
# every position. Only texts with a noun followed by the tail are searched
# (:func:`_unnamed_speakers`).
_UNNAMED_NOUNS = (
    "spokesman spokeswoman spokesperson official source diplomat analyst trader dealer broker economist witness "
    "man woman resident officer aide lawyer doctor expert worker student soldier"
).split()
_UNNAMED_NOUNS_SET = frozenset(_UNNAMED_NOUNS)
# What follows the noun: an apposition, then a speech verb.
_UNNAMED_TAIL = r"(?:,[^,.\n]{1,80},)?\s+(?:said|says|told|tells|added|adds|noted|explained|stated|declared)\b"
_UNNAMED_TAIL_RE = re.compile(_UNNAMED_TAIL)
_UNNAMED_SPEAKER_RE = re.compile(
    r"[TtAaOo](?<!\w.)(?:(?<=[Tt])he|(?<=[Aa])n?|(?<=[Oo])ne|(?<=[Aa])nother)\s+(?:[\w.-]+\s+){0,4}?"
    rf"(?P<noun>{'|'.join(_UNNAMED_NOUNS)})"
    + _UNNAMED_TAIL
)
# Lowercase words after a name that still leave it the subject ("Trump also
# said", "Clinton has argued", "Haley met reporters"): auxiliaries, adverbs
# and the common irregular past forms (regular ones end in -ed).
_VERB_LIKE_AFTER = frozenset(
    "has had have is was will would could should can may might also then again later did does who which and "
    "first went met took gave came made saw left won lost ran sent held led got put kept brought thought felt "
    "found knew began became stood sat paid heard meant fought sought bought caught taught drew grew threw flew "
    "chose broke drove rose fell spent built won't".split()
)
# After a name these start its affiliation, not a phrase the name modifies.
_AFFILIATION_AFTER_LOWER = frozenset({"at"})
_FEMALE_NOUNS = frozenset({"spokeswoman", "woman"})
_MALE_NOUNS = frozenset({"spokesman", "man"})


# What _Attributor._read_antecedent says of a mention no pronoun refers to.
_NO_ANTECEDENT_HERE = (0.0, -1)

_HONORIFIC_GENDER = {"Mr.": "m", "Mr": "m", "Mrs.": "f", "Mrs": "f", "Ms.": "f", "Ms": "f", "Miss": "f"}


_MALE_WORDS = frozenset({"he", "himself"})
_FEMALE_WORDS = frozenset({"she", "herself"})
# After a name these mean somebody else as often as the name's bearer.
_OBJECT_PRONOUNS = frozenset({"him", "his", "her", "hers"})
_VOTE_WORDS = _MALE_WORDS | _FEMALE_WORDS | _OBJECT_PRONOUNS  # the words a pronoun vote reads ("his", "her" among them)
_VOTES_AGAINST_SETTLED = 3  # the article's votes that overrule a name news text settled
_PRONOUN_VOTE_WORDS = 8  # words read after a mention for the pronouns that follow it


def _genders(text: str, analysis: FigureAnalysis, sentences: list[Span]) -> tuple[list[str | None], set[int]]:
    """Each figure's gender: from its titles (figures), else an honorific
    before a mention ("Mr. Caddell"), else the pronouns the article uses
    right after its mentions ("Bobby Scott … he", and "his"/"her" in a
    relative clause: "Sandy Phillips, who lost her daughter") or to open the sentence
    after one it opens ("Hillary Clinton is describing … She says"), else
    its first name (the learned model of :mod:`reader.nlp.gender`). A first
    name news text settled (the model's table) outweighs a vote or two of the
    article's, which are as often another person's pronoun ("endorse Hillary
    Clinton, he looked"). The figures whose gender is only a guess from the
    first name come second."""
    from reader.nlp.gender import gender_of, settled_names

    settled_gender = settled_names().get  # by the name's casefold
    genders = list(analysis.genders)
    guessed: set[int] = set()
    votes: dict[int, int] = {}
    starts = [s for s, _ in sentences]
    opened: set[int] = set()
    for m in analysis.mentions:
        i = bisect_right(starts, m.start) - 1
        if i in opened or i + 1 >= len(sentences) or text[starts[i] : m.start].strip(" \t\n\u201c\"'").count(" ") > 2:
            continue
        opened.add(i)  # the sentence's first mention, near its start: its subject
        if genders[m.figure] is not None:
            continue  # (its gender is known: no vote for it is ever read)
        first = text[sentences[i + 1][0] : sentences[i + 1][1]].split(maxsplit=1)[:1]
        if first and first[0] in ("He", "She"):
            votes[m.figure] = votes.get(m.figure, 0) + (1 if first[0] == "He" else -1)
    for m in analysis.mentions:
        # A figure's gender, once known, is never unknown again, and then no
        # vote for it is read: only the mentions of those still unknown
        # read the words after them (a quarter of real news' mentions do not).
        if genders[m.figure] is not None:
            continue
        before = text[max(0, m.start - 6) : m.start].split()
        if before and before[-1] in _HONORIFIC_GENDER:
            genders[m.figure] = _HONORIFIC_GENDER[before[-1]]
            continue
        following = text[m.end : m.end + 90].split(maxsplit=_PRONOUN_VOTE_WORDS)[:_PRONOUN_VOTE_WORDS]
        relative = _opens_relative(following)  # "Sandy Phillips, who lost her"
        for w in following:
            if w[:1].isupper() or w[:1] in "\u201c\u201d\"" or w[-1:] in ".;?!":
                break  # another name, a quote or the sentence's end first
            low = w.strip(".,;:!?").lower()
            if low not in _VOTE_WORDS:
                continue  # (none of the three cases below: most words)
            if low in _MALE_WORDS or (relative and low == "his"):
                votes[m.figure] = votes.get(m.figure, 0) + 1
                break
            if low in _FEMALE_WORDS or (relative and low == "her"):
                votes[m.figure] = votes.get(m.figure, 0) - 1
                break
            if low in _OBJECT_PRONOUNS:
                break  # "Obama praised her": somebody else
    for index, figure in enumerate(analysis.figures):
        if genders[index] is not None:
            continue
        vote = votes.get(index, 0)
        words = figure.name.split()
        # A first name alone ("Melanie") is a name too.
        guess = gender_of(words[0]) if words else None
        settled = settled_gender(words[0].casefold()) if words else None
        if settled is not None and abs(vote) < _VOTES_AGAINST_SETTLED:
            # News text settled the name: a vote or two here is more often
            # a pronoun of somebody else ("endorse Hillary Clinton, he looked").
            genders[index] = settled
        elif abs(vote) >= 2 or (abs(vote) == 1 and guess is None):
            genders[index] = "m" if vote > 0 else "f"
        elif guess is not None and not (vote and (vote > 0) != (guess == "m")):
            genders[index] = guess
            guessed.add(index)
    return genders, guessed


def _opens_relative(words: list[str]) -> bool:
    """Whether the first of ``words`` that is no comma (of the first two)
    is "who": ``[w for w in words[:2] if w != ","][:1] == ["who"]``, read
    without making a list for every mention."""
    first = words[1] if len(words) > 1 and words[0] == "," else words[0] if words else ""
    return first == "who"


def _unnamed_speakers(text: str, tokens: list[Span], lows: list[str]) -> list[tuple[int, str | None]]:
    """Where each unnamed speaker (:data:`_UNNAMED_SPEAKER_RE`) stands, with
    the gender of its noun.

    The pattern is tried at every determiner of the text (a tenth of a
    millisecond an article), and most texts have no match. The noun of a
    match is a word of its own (after a space, before a space or a comma:
    a token whose lowercase form is the noun), and the pattern's tail
    follows it; so a text where no such token is followed by the tail has
    no match, and the whole pattern runs only on the others."""
    if _UNNAMED_NOUNS_SET.isdisjoint(lows):
        return []
    nouns = compress(tokens, map(_UNNAMED_NOUNS_SET.__contains__, lows))
    if not any(_UNNAMED_TAIL_RE.match(text, end) for _, end in nouns):
        return []
    return [
        (m.start(), "f" if m["noun"] in _FEMALE_NOUNS else "m" if m["noun"] in _MALE_NOUNS else None)
        for m in _UNNAMED_SPEAKER_RE.finditer(text)
    ]


def _indices(words: list[str], wanted: tuple[str, ...]) -> list[int]:
    """Where the words ``wanted`` stand in ``words``, in order. ``list.index``
    scans in C: a few times fewer instructions than a Python loop over a
    text's thousand words, for the few that are wanted."""
    found: list[int] = []
    for word in wanted:
        k = -1
        try:
            while True:
                k = words.index(word, k + 1)
                found.append(k)
        except ValueError:
            pass
    found.sort()
    return found


@dataclass(frozen=True, slots=True)
class _PronounMention:
    """A "he"/"she" already resolved: a mention of its figure for the
    pronouns after it."""

    start: int
    end: int
    figure: int
    gender: str
    subject: bool


@dataclass(frozen=True, slots=True)
class _Reading:
    status: str  # _NAMED or _UNKNOWN
    figure: int | None = None
    mention: Span | None = None


class _Attributor:
    def __init__(
        self,
        text: str,
        quotes: list[QuoteSpan],
        paragraphs: list[Span],
        sentences: list[Span],
        analysis: FigureAnalysis,
        words: tuple[list[Span], list[str]] | None = None,
    ) -> None:
        """``words``: the text's words (:func:`word_spans`) and their
        lowercase forms, if at hand (build_context's)."""
        if words is None:
            words = word_spans(text), list(map(str.lower, words_of(text)))
        self.tokens, self.lows = words
        self.text = text
        self.quotes = quotes
        self.paragraphs = paragraphs
        self.sentence_starts = [s for s, _ in sentences]
        self.sentences = sentences
        self.figures: list[Figure] = analysis.figures
        self.genders, self.guessed = _genders(text, analysis, sentences)
        self.mentions: list[Mention] = analysis.mentions
        self.mention_starts = [m.start for m in self.mentions]
        self.mention_at = {m.start: m for m in self.mentions}
        self.quote_starts = [q.start for q in quotes]
        self.paragraph_starts = [s for s, _ in paragraphs] or [0]
        # gender -> sorted (position of a resolved pronoun, its figure)
        self.resolved: dict[int, _Reading] | None = None  # pronoun start -> reading
        self.pronoun_mentions: list[_PronounMention] = []
        self.pronoun_starts: list[int] = []
        self.unnamed: list[tuple[int, str | None]] = _unnamed_speakers(text, self.tokens, self.lows)
        self.unnamed_starts = [pos for pos, _ in self.unnamed]
        self.no_person: list[bool] = []
        self._after: dict[int, _Reading | None] = {}
        self._before: dict[int, _Reading | None] = {}
        self._nickname: dict[int, bool] = {}
        self._words_in: dict[tuple[int, int], list[tuple[int, int, str]]] = {}
        # id of a figure mention (of self.mentions) or a resolved pronoun
        # (of self.pronoun_mentions, both kept as long as this) -> what
        # _read_antecedent reads of it, the same for every pronoun after it
        self._antecedent_facts: dict[int, tuple[float, int]] = {}
        self.quoted_as_saying: list[_Reading | None] = []

    def _paragraph_of(self, pos: int) -> int:
        return max(0, bisect_right(self.paragraph_starts, pos) - 1)

    # -- helpers ----------------------------------------------------------

    def _words(self, start: int, end: int) -> list[tuple[int, int, str]]:
        """The words of ``text[start:end]`` (not to be changed: rule 1 and
        "quoted … as saying" read the same words after most quotes)."""
        found = self._words_in.get((start, end))
        if found is None:
            found = self._words_in[start, end] = [(s, e, self.text[s:e]) for s, e in word_spans_in(self.text, start, end)]
        return found

    def _in_quote(self, pos: int) -> bool:
        i = bisect_right(self.quote_starts, pos) - 1
        return i >= 0 and self.quotes[i].end > pos

    def _mention_in(self, start: int, end: int) -> Mention | None:
        i = bisect_left(self.mention_starts, start)
        if i < len(self.mentions) and self.mentions[i].start < end:
            return self.mentions[i]
        return None

    def _previous_word(self, pos: int) -> str:
        window = self.text[max(0, pos - 30) : pos].split()
        return window[-1].lower() if window else ""

    def _resolve_pronoun(self, start: int, end: int) -> _Reading:
        """The figure the "he"/"she" at ``start`` refers to, as the
        document-level pass of :meth:`_resolve_all_pronouns` read it."""
        if self.resolved is None:
            self._resolve_all_pronouns()
        assert self.resolved is not None
        reading = self.resolved.get(start)
        if reading is None:
            reading = self._antecedent(start, end)
        return reading

    def _resolve_all_pronouns(self) -> None:
        """Every "he"/"she" outside quotes, in text order: each one resolved
        becomes a mention of its figure for the pronouns after it ("Clinton
        … She says … She says … She tweeted")."""
        self.resolved = {}
        for k in _indices(self.lows, ("he", "she")):
            (s, e), low = self.tokens[k], self.lows[k]
            if not self._in_quote(s):
                reading = self._antecedent(s, e)
                self.resolved[s] = reading
                if reading.status == _NAMED and reading.figure is not None:
                    self.pronoun_mentions.append(
                        _PronounMention(s, e, reading.figure, "m" if low == "he" else "f", self._pronoun_subject(s))
                    )
                    self.pronoun_starts.append(s)

    def _pronoun_subject(self, start: int) -> bool:
        """Whether a pronoun is its sentence's or clause's subject: first in
        the sentence, past a connective ("But he", "Then she")."""
        i = bisect_right(self.sentence_starts, start) - 1
        sentence_start = self.sentence_starts[i] if i >= 0 else 0
        words = self.text[sentence_start:start].split()
        return len(words) <= 1 and all(w.strip(",").lower() in _SUBJECT_OPENERS_LOWER for w in words)

    def _antecedent(self, start: int, end: int) -> _Reading:
        """The figure a "he"/"she" at ``start`` refers to.

        Each figure mentioned (outside quotes, of a compatible gender, at
        most two paragraphs back) and each pronoun already resolved is
        scored as a reader weighs it: a speaker next to a cue ("Chinni
        wrote", "noted Chinni") or the first figure of its sentence (its
        subject) before an object or a possessive ("praise Clinton", "by
        Kofi Annan", "Trump’s"), the nearer sentence before the further;
        the best wins. A figure whose gender is only guessed from the
        spelling of its first name, and guessed the other way, is taken
        only when no figure of a compatible gender is in reach ("said
        skipper Morag Stewart. She added": the spelling model errs on names
        the names corpus lacks; the article does not).
        """
        pronoun = self.text[start:end].lower()
        gender = "m" if pronoun == "he" else "f"
        # An antecedent further back than this is a guess, and a wrong one
        # whenever an unnamed speaker ("one elderly man") came in between.
        oldest = self.paragraph_starts[max(0, self._paragraph_of(start) - _PRONOUN_PARAGRAPHS)]
        oldest = min(oldest, max(0, start - _PRONOUN_MIN_CHARS))  # lines of a text without blank lines
        here = bisect_right(self.sentence_starts, start) - 1
        best: Mention | _PronounMention | None = None
        best_score = float("-inf")
        fallback: Mention | _PronounMention | None = None
        against_guess: list[tuple[float, Mention]] = []
        seen: dict[int, int] = {}  # figure -> its mentions nearer the pronoun
        facts_of = self._antecedent_facts
        for m in self._antecedents_before(start, oldest):
            facts = facts_of.get(id(m)) or self._read_antecedent(m)
            if facts is _NO_ANTECEDENT_HERE:
                continue  # a mention inside a quote, or a photographer's
            score, sentence = facts
            if isinstance(m, _PronounMention):
                if m.gender != gender:
                    continue
            else:
                known = self.genders[m.figure]
            back = here - sentence
            score -= _SENTENCE_COST * max(0, back)
            # The figure the paragraph is about: named again and again.
            score += min(_SALIENCE_CAP, _SALIENCE_BONUS * (seen.get(m.figure, 0)))
            seen[m.figure] = seen.get(m.figure, 0) + 1
            if isinstance(m, Mention) and known is not None and known != gender:
                if m.figure in self.guessed:
                    against_guess.append((score, m))
                continue
            if fallback is None:
                fallback = m
            if score > best_score:
                best, best_score = m, score
        if best is None and against_guess:
            best_score, best = max(against_guess, key=lambda sm: (sm[0], sm[1].start))
            fallback = best
        chosen = best if best is not None and best_score > _NO_ANTECEDENT else None
        unnamed = self._unnamed_before(start, gender, oldest)
        if unnamed > (chosen.start if chosen else -1) and (chosen is None or best_score < 2.0):
            return _Reading(_UNKNOWN, None, (start, end))
        chosen = chosen or fallback
        if chosen is None:
            return _Reading(_UNKNOWN, None, (start, end))
        return _Reading(_NAMED, chosen.figure, (start, end))

    def _read_antecedent(self, m: Mention | _PronounMention) -> tuple[float, int]:
        """(score before its distance and salience, sentence) of a figure
        mention or a resolved pronoun as an antecedent, or
        :data:`_NO_ANTECEDENT_HERE`: the same for every pronoun after it
        (kept in ``_antecedent_facts``; most pronouns look back at the
        same few mentions)."""
        facts: tuple[float, int]
        if isinstance(m, _PronounMention):
            score = _SUBJECT_BONUS if m.subject else 0.0
            after = self.text[m.end : m.end + 30].split(maxsplit=1)[:1]
            if after and after[0].strip(",.;:").lower() in cues.SPEECH_FORMS_LOWER:
                score += _CUE_BONUS
            facts = (score, bisect_right(self.sentence_starts, m.start) - 1)
        elif self._in_quote(m.start) or self.figures[m.figure].role == "Photographer":
            facts = _NO_ANTECEDENT_HERE
        else:
            score = self._mention_score(m, self.genders[m.figure])
            facts = (score, bisect_right(self.sentence_starts, m.start) - 1)
        self._antecedent_facts[id(m)] = facts
        return facts

    def _antecedents_before(self, start: int, oldest: int) -> list[Mention | _PronounMention]:
        """Figure mentions and resolved pronouns between ``oldest`` and
        ``start``, nearest first (at most 60)."""
        i = bisect_left(self.mention_starts, start)
        j = bisect_left(self.mention_starts, oldest)
        found: list[Mention | _PronounMention] = list(self.mentions[max(j, i - 60) : i])
        k = bisect_left(self.pronoun_starts, start)
        k0 = bisect_left(self.pronoun_starts, oldest)
        found.extend(self.pronoun_mentions[max(k0, k - 60) : k])
        found.sort(key=lambda m: -m.start)
        return found[:60]

    def _mention_score(self, m: Mention, known: str | None) -> float:
        before = self._previous_word(m.start)
        after = self.text[m.end : m.end + 30].split(maxsplit=1)[:1]
        after_word = after[0].strip(",.;:").lower() if after else ""
        score = 0.0 if known is not None else -_UNKNOWN_GENDER_COST
        if m.possessive or before in lx.PREPOSITIONS_LOWER or before in lx.OBJECT_VERBS_LOWER:
            score -= _OBJECT_COST
        elif self._first_in_sentence(m):
            score += _SUBJECT_BONUS
        if after_word in cues.SPEECH_FORMS_LOWER or self._cue_before(m.start):
            score += _CUE_BONUS
        elif (
            after_word[:1].isalpha()
            and after_word.islower()
            and after_word not in _VERB_LIKE_AFTER
            and after_word not in _AFFILIATION_AFTER_LOWER  # "Dan McLaughlin at the National Review agreed"
            and not after_word.endswith(("ed", "s"))
        ):
            score -= _MODIFIER_COST  # "Clinton communication director ...": a modifier
        return score

    def _cue_before(self, pos: int) -> bool:
        """A cue verb right before a name, past its title or owner ("said
        Pompeo", "noted NBC’s Dante Chinni")."""
        words = self.text[max(0, pos - 60) : pos].rsplit(maxsplit=4)[-4:]
        for w in reversed(words):
            if w.lower() in cues.LISTENER_CUES_LOWER:
                return False  # "praise Clinton": spoken about, not speaking
            if w.lower() in cues.SPEECH_FORMS_LOWER:
                return True
            if not (w[:1].isupper() or w.lower() in ("the", "of")) or w[-1:] in ".,;:!?":
                return False
        return False

    def _unnamed_before(self, pos: int, gender: str, oldest: int) -> int:
        """Where the latest unnamed speaker of a compatible gender was the
        subject before ``pos`` (-1 if none since ``oldest``)."""
        i = bisect_left(self.unnamed_starts, pos) - 1
        while i >= 0 and self.unnamed[i][0] >= oldest:
            if self.unnamed[i][1] in (None, gender):
                return self.unnamed[i][0]
            i -= 1
        return -1

    def _first_in_sentence(self, m: Mention) -> bool:
        """Whether no other figure is named (outside quotes) earlier in the
        sentence of ``m``: the sentence's subject, most likely."""
        i = bisect_right(self.sentence_starts, m.start) - 1
        sentence_start = self.sentence_starts[i] if i >= 0 else 0
        j = bisect_left(self.mention_starts, sentence_start)
        while j < len(self.mentions) and self.mentions[j].start < m.start:
            if not self._in_quote(self.mentions[j].start):
                return False
            j += 1
        return True

    def _subject_at(self, words: list[tuple[int, int, str]], limit: int) -> _Reading | None:
        """A speaker named in ``words[:limit]`` (a verb-first tail such as
        "said Army General Joseph Votel" or "according to the ministry")."""
        determiner = False
        commas = 0
        for s, e, w in words[: limit + 6]:
            if w in _BREAK_WORDS:
                break
            if w == ",":
                # "said the tourist, Khaled Hijazi, 37": a name may follow
                # the first comma as an apposition to a common noun.
                commas += 1
                if not determiner or commas > 1:
                    break
                continue
            low = w.lower()
            if low in ("he", "she"):
                return self._resolve_pronoun(s, e)
            m = self.mention_at.get(s)
            if m is not None:
                if m.possessive:
                    return _Reading(_UNKNOWN)
                return _Reading(_NAMED, m.figure, (m.start, m.end))
            if low in lx.PREPOSITIONS_LOWER or low in _OTHER_PRONOUNS_LOWER:
                break  # "said in a statement it ...": no speaker named here
            if low in lx.DETERMINERS_LOWER or (w[:1].isupper() and w not in lx.NOT_A_NAME):
                # "said the official", "said Reuters": somebody who is not a
                # figure; final, so no guess from the paragraph overrides it.
                determiner = True
        return _Reading(_UNKNOWN) if determiner else None

    def _subject_region(self, words: list[tuple[int, int, str]]) -> _Reading | None:
        """The speaker named by the words before a trailing verb
        ("Pompeo", "he", "Iraqi President Barham Salih", "a spokesman")."""
        if not words:
            return None
        first = words[0][2]
        low = first.lower()
        if low in ("he", "she"):
            return self._resolve_pronoun(words[0][0], words[0][1])
        if low in _OTHER_PRONOUNS_LOWER or low in _CONNECTIVES_LOWER or low in lx.PREPOSITIONS_LOWER:
            return _Reading(_UNKNOWN) if low in _OTHER_PRONOUNS_LOWER else None
        for s, _e, _w in words:
            m = self.mention_at.get(s)
            if m is not None and not m.possessive:
                return _Reading(_NAMED, m.figure, (m.start, m.end))
        if low in lx.DETERMINERS_LOWER or first[:1].isupper():
            return _Reading(_UNKNOWN)
        return None

    # -- rule 1: after the quote -------------------------------------------

    def after(self, index: int) -> _Reading | None:
        if index not in self._after:
            self._after[index] = self._read_after(index)
        return self._after[index]

    def _read_after(self, index: int) -> _Reading | None:
        q = self.quotes[index]
        if not q.closed:
            return None
        text = self.text
        inner = text[q.start + 1 : q.end - 1].rstrip(" \t\n'\u2019")  # a nested quote may close first
        inner_last = inner[-1:] if inner else ""
        p_end = self.paragraphs[q.paragraph][1]
        limit = min(p_end, q.end + _MAX_AFTER)
        if index + 1 < len(self.quotes):
            limit = min(limit, self.quotes[index + 1].start)
        words = self._words(q.end, limit)
        i = 0
        lead = False
        while i < len(words) and words[i][2] in _DASHES:
            lead = True
            i += 1
        if i >= len(words):
            return None
        first = words[i][2]
        if inner_last == ".":
            if not first[:1].islower():
                return None
        elif inner_last not in (",", "?", "!", "\u2014", "\u2013", "-") and not lead:
            return None
        low = first.lower()
        quoting = self._quoted_as_saying(words[i : i + _MAX_SUBJECT_WORDS + 4])
        if quoting is not None:
            return quoting
        if low in lx.TRAILING_VERBS_LOWER:
            return self._subject_at(words[i + 1 :], 7)
        if low == "according" and i + 1 < len(words) and words[i + 1][2].lower() == "to":
            return self._subject_at(words[i + 2 :], 7)
        for j in range(i, min(len(words), i + _MAX_SUBJECT_WORDS)):
            w = words[j][2]
            if w in _BREAK_WORDS:
                return None
            if j > i and w.lower() in lx.TRAILING_VERBS_LOWER:
                return self._subject_region(words[i:j])
        return None

    def _quoted_as_saying(self, words: list[tuple[int, int, str]]) -> _Reading | None:
        """``Interfax quoted Chernomyrdin as saying``: the speaker is the
        one quoted, not the one quoting."""
        for j, (_s, _e, w) in enumerate(words):
            if w in _BREAK_WORDS:
                return None
            if w.lower() in lx.QUOTING_VERBS_LOWER:
                for k in range(j + 1, len(words) - 1):
                    if words[k][2] in _BREAK_WORDS:
                        return None
                    if words[k][2].lower() == "as" and words[k + 1][2].lower() in lx.SPEECH_VERBS_LOWER:
                        return self._subject_at(words[j + 1 : k], k - j - 1) or _Reading(_UNKNOWN)
                return None
        return None

    # -- rule 2: before the quote ------------------------------------------

    def _clause_start(self, index: int) -> int:
        q = self.quotes[index]
        start = self.paragraphs[q.paragraph][0]
        i = bisect_right(self.sentence_starts, q.start) - 1
        if i >= 0:
            start = max(start, self.sentence_starts[i])
        if index > 0 and self.quotes[index - 1].paragraph == q.paragraph:
            start = max(start, self.quotes[index - 1].end)
        return max(start, q.start - _MAX_BEFORE)

    def before(self, index: int) -> _Reading | None:
        if index not in self._before:
            self._before[index] = self._read_before(index)
        return self._before[index]

    def _read_before(self, index: int) -> _Reading | None:
        q = self.quotes[index]
        start = self._clause_start(index)
        if start >= q.start:
            return None
        return self._clause(self._words(start, q.start))

    def previous_sentence(self, index: int) -> _Reading | None:
        """``He acknowledged that many had left. "But for most of us ..."``:
        a quote opening a sentence continues the reported speech of the
        sentence before it in the paragraph."""
        q = self.quotes[index]
        i = bisect_right(self.sentence_starts, q.start) - 1
        p_start = self.paragraphs[q.paragraph][0]
        if i < 1 or self.sentence_starts[i] != q.start or self.sentence_starts[i - 1] < p_start:
            return None
        start, end = self.sentences[i - 1]
        words = [w for w in self._words(start, min(end, q.start)) if not self._in_quote(w[0])]
        return self._clause(words)

    def _clause(self, words: list[tuple[int, int, str]]) -> _Reading | None:
        """The speaker a clause of reported speech names, if any."""
        if not words:
            return None
        for j in range(len(words) - 1):
            if words[j][2].lower() == "according" and words[j + 1][2].lower() == "to":
                found = self._subject_at(words[j + 2 :], 7)
                if found is not None:
                    return found
        if words[-1][2] == ":":
            m = self._mention_in(words[-2][0], words[-2][1]) if len(words) > 1 else None
            if m is not None and not m.possessive and m.end == words[-2][1]:
                return _Reading(_NAMED, m.figure, (m.start, m.end))
        verbs = [
            j
            for j, (_s, _e, w) in enumerate(words)
            if w.lower() in lx.SPEECH_VERBS_LOWER
            and w[:1].islower() | (j == 0)
            and (j == 0 or words[j - 1][2].lower() not in _NOT_VERB_AFTER_LOWER)
            and not self._passive(words, j)
        ]
        for j in verbs:
            subject = self._subject_before(words[:j])
            if subject is not None:
                return subject
        if verbs:
            return self._subject_at(words[verbs[0] + 1 :], 7)
        return None

    @staticmethod
    def _passive(words: list[tuple[int, int, str]], j: int) -> bool:
        """"Gust was threatened", "Thatcher, dubbed ...": the subject is
        the one spoken to or about, not a speaker."""
        if j == 0:
            return False
        before = words[j - 1][2].lower()
        if before == ",":
            return words[j][2].lower() in lx.NAMING_VERBS_LOWER
        return before in _PASSIVE_MARKERS

    def _subject_before(self, words: list[tuple[int, int, str]]) -> _Reading | None:
        """The first subject-like item of a clause: a pronoun or a figure
        named other than as a possessive or as an object."""
        for k, (s, e, w) in enumerate(words):
            low = w.lower()
            if low in ("he", "she") and (k == 0 or words[k - 1][2].lower() not in lx.PREPOSITIONS_LOWER):
                return self._resolve_pronoun(s, e)
            if (
                k + 1 < len(words)
                and low.endswith("ed")
                and w[:1].islower()
                and words[k + 1][2].lower() in _AFTER_VERB_LOWER
            ):
                return None  # a verb came first: later names are its objects
            m = self.mention_at.get(s)
            if m is None or m.possessive:
                continue
            if k > 0 and words[k - 1][2].lower() in _BEFORE_OBJECT_LOWER:
                continue  # "lost his title to Mike Tyson": not who speaks
            return _Reading(_NAMED, m.figure, (m.start, m.end))
        return None

    # -- all rules ---------------------------------------------------------

    def quoted_after(self, index: int) -> _Reading | None:
        """The person in "“…,” Interfax quoted X as saying", if that is
        what follows the quote."""
        q = self.quotes[index]
        if not q.closed:
            return None
        p_end = self.paragraphs[q.paragraph][1]
        words = self._words(q.end, min(p_end, q.end + _MAX_AFTER))
        reading = self._quoted_as_saying(words[: _MAX_SUBJECT_WORDS + 4])
        return reading if reading is not None and reading.status == _NAMED else None

    def names_no_person(self, index: int) -> bool:
        """Whether the words at the quote say for certain that no person
        spoke it: a nickname inside a name (``Hector “Macho” Camacho``), a
        source right after it that is not a figure (``“…,” said
        Interfax``, ``“…,” the magazine said``), or, with nothing after it,
        a clause before it whose source is not a figure."""
        if self.is_nickname(index):
            return True
        reading = self.after(index)
        if reading is not None and reading.status == _UNKNOWN and reading.mention is None:
            return True
        if reading is None:
            # "The Security Council condemned … Buyoya and said … “…”": the
            # clause that reports the quote has a source that is no figure.
            reading = self.before(index)
            return reading is not None and reading.status == _UNKNOWN and reading.mention is None
        return False

    def is_nickname(self, index: int) -> bool:
        """``Roberto "Hands of Stone" Duran``: a name's part, not speech
        (asked by three rules of each quote, read once)."""
        if index not in self._nickname:
            self._nickname[index] = self._read_nickname(index)
        return self._nickname[index]

    def _read_nickname(self, index: int) -> bool:
        q = self.quotes[index]
        inner = self.text[q.start + 1 : q.end - 1]
        if not q.closed or len(inner.split()) > 4 or any(c in inner for c in ",.;:!?"):
            return False
        before = self.text[max(0, q.start - 30) : q.start]
        after = self.text[q.end : q.end + 30]
        if not before.endswith(" ") or not after.startswith(" "):
            return False
        prev = before.split()[-1:] or [""]
        nxt = after.split()[:1] or [""]
        return (
            prev[0][:1].isupper()
            and prev[0] not in lx.NOT_A_NAME
            and prev[0][-1:].isalpha()
            and nxt[0][:1].isupper()
        )

    def run(self) -> list[Quote]:
        return [self._quote(q, r) for q, r in zip(self.quotes, self.readings())]

    def readings(self) -> list[_Reading | None]:
        """What the rules read for each quote (None: nothing)."""
        readings: list[_Reading | None] = [
            _Reading(_UNKNOWN) if self.is_nickname(i) else (self.after(i) or self.before(i))
            for i in range(len(self.quotes))
        ]
        chains: dict[int, _Reading] = {}
        for q, r in zip(self.quotes, readings):
            if r is not None and q.chain not in chains:
                chains[q.chain] = r
        last_in_paragraph: dict[int, _Reading | None] = {}
        for i, q in enumerate(self.quotes):
            if readings[i] is None:
                readings[i] = chains.get(q.chain)
            if readings[i] is None:
                readings[i] = self.previous_sentence(i)
            if readings[i] is None and i > 0 and self.quotes[i - 1].paragraph == q.paragraph:
                readings[i] = readings[i - 1]
            if (
                readings[i] is None
                and q.start == self.paragraphs[q.paragraph][0]
                and (i == 0 or self.quotes[i - 1].paragraph != q.paragraph)
            ):
                readings[i] = last_in_paragraph.get(q.paragraph - 1)
            last_in_paragraph[q.paragraph] = readings[i]
            if readings[i] is not None:
                chains.setdefault(q.chain, readings[i])  # type: ignore[arg-type]
        for i in range(len(self.quotes) - 2, -1, -1):
            if readings[i] is None and self.quotes[i + 1].paragraph == self.quotes[i].paragraph:
                readings[i] = readings[i + 1]
        return readings

    def _quote(self, q: QuoteSpan, r: _Reading | None) -> Quote:
        text = self.text[q.start : q.end]
        if r is None or r.status != _NAMED or r.figure is None:
            return Quote(q.start, q.end, text, None, None)
        return Quote(q.start, q.end, text, self.figures[r.figure].name, r.mention, "person")


def rule_tuple(reading: _Reading | None) -> tuple[str, Span | None, int | None]:
    """A rule reading as the ranker's features see it."""
    if reading is None:
        return ("none", None, None)
    return (reading.status, reading.mention, reading.figure)


def prepare(
    text: str,
    quotes: list[QuoteSpan],
    paragraphs: list[Span],
    sentences: list[Span],
    analysis: FigureAnalysis,
) -> tuple[_Attributor, speakers.Context, list[tuple[str, Span | None, int | None]]]:
    """The rules' readings and the ranker's context of one text (shared by
    :func:`attribute` and ``tools/train_speaker.py``)."""
    ctx = speakers.build_context(
        text,
        quotes,
        paragraphs,
        sentences,
        word_spans(text),
        analysis.mentions,
        analysis.entities,
        speakers.read_regions(text, quotes, paragraphs, sentences),
        words_of(text),
    )
    attributor = _Attributor(text, quotes, paragraphs, sentences, analysis, (ctx.tokens, ctx.lows))
    rules = [rule_tuple(r) for r in attributor.readings()]
    attributor.no_person = [attributor.names_no_person(i) for i in range(len(quotes))]
    attributor.quoted_as_saying = [attributor.quoted_after(i) for i in range(len(quotes))]
    return attributor, ctx, rules


def candidate_lists(
    ctx: speakers.Context,
    index: int,
    rule: tuple[str, Span | None, int | None],
    previous_kind: str | None,
    attributor: _Attributor,
) -> tuple[list[speakers.Candidate | None], list[list[str]]]:
    """The candidates of quote ``index`` with their features; ``None``
    stands for the previous quote's speaker, then nobody (last). What the
    rules read for certain (a non-figure source right at the quote, "X
    quoted Y as saying", a paragraph continuing the one before, a name
    signing the quote off) are features too: the ranker weighs them against
    the rest instead of obeying them blindly. (Each candidate's features
    are its :func:`candidate_segments` one after the other.)"""
    cands, segments, _ = candidate_segments(ctx, index, rule, previous_kind, attributor)
    return cands, [
        [f for segment in parts for f in (_joined_base(*segment) if type(segment) is speakers.Joined else segment)]
        for parts in segments
    ]


def candidate_segments(
    ctx: speakers.Context,
    index: int,
    rule: tuple[str, Span | None, int | None],
    previous_kind: str | None,
    attributor: _Attributor,
) -> tuple[list[speakers.Candidate | None], list[list[tuple[str, ...]]], _Hints]:
    """:func:`candidate_lists` with each candidate's features as the
    segments they are made of, in order, and what the hints read (for the
    overrides of :func:`attribute`). Most segments are tuples shared
    across quotes and texts (the caches of :mod:`reader.nlp.speakers`), so
    the ranker looks up each one's weights once
    (:meth:`speakers.Ranker.score_segments`) instead of each feature's for
    every candidate of every quote; the quote's own features joined to a
    kind and position are a :class:`speakers.Joined`, which
    :func:`candidate_lists` spells out (:func:`_joined_base`)."""
    cands, placings, segments, hints = candidate_parts(ctx, index, rule, previous_kind, attributor)
    for placing, parts in zip(placings, segments):
        if placing is not None:
            parts.insert(0, speakers.placed_features(ctx, *placing))
    return cands, segments, hints


def candidate_parts(
    ctx: speakers.Context,
    index: int,
    rule: tuple[str, Span | None, int | None],
    previous_kind: str | None,
    attributor: _Attributor,
) -> tuple[
    list[speakers.Candidate | None], list[tuple[int, speakers.Placing] | None], list[list[tuple[str, ...]]], _Hints
]:
    """:func:`candidate_segments` less each window candidate's first
    segment, its placed features (:func:`speakers.placed_features`), which
    its own features go into: instead, where it stands (its index in
    ``ctx.candidates`` and its :func:`speakers.candidate_place`; None for
    the previous speaker and nobody, whose segments are whole). The ranker
    bounds a candidate's score from these (:meth:`speakers.Ranker.upper_bound`),
    so :func:`attribute` builds the own features only of those that may win."""
    base = tuple(speakers.quote_features(ctx, index))
    cands: list[speakers.Candidate | None] = []
    placings: list[tuple[int, speakers.Placing] | None] = []
    segments: list[list[tuple[str, ...]]] = []
    # The quote's features joined to a candidate's kind and position: one
    # segment per quote for each (kind, position), its weights read by the
    # ranker without spelling it out (speakers.Joined).
    joined: dict[tuple[str, str], speakers.Joined] = {}
    for c in speakers.window(ctx, index):
        cand = ctx.candidates[c]
        placing = speakers.candidate_place(ctx, index, c, rule)
        cands.append(cand)
        placings.append((c, placing))
        with_base = joined.get((cand.kind, placing[0]))
        if with_base is None:
            with_base = joined[cand.kind, placing[0]] = speakers.new_joined((cand.kind, placing[0], base))
        segments.append([with_base])
    if index > 0:
        cands.append(None)
        placings.append(None)
        segments.append([speakers.previous_features(ctx, index, previous_kind), speakers.new_joined(("previous", None, base))])
    cands.append(_NOBODY_CANDIDATE)
    placings.append(None)
    segments.append([speakers.nobody_features(ctx, index, rule[0]), speakers.new_joined(("nobody", None, base))])
    return cands, placings, segments, _add_hints(ctx, index, attributor, cands, segments)


_NOBODY_CANDIDATE = speakers.Candidate(-1, -1, speakers.NOBODY)  # (a tuple: one serves every quote)

# The quote's features after a candidate's kind (and position), by all they
# are made of, as the feature lists of candidate_lists (the training tools')
# spell them out. Bounded.
_JOINED_BASE: dict[tuple[str, str | None, tuple[str, ...]], tuple[str, ...]] = {}
_JOINED_BASE_LIMIT = 10_000


def _joined_base(kind: str, pos: str | None, base: tuple[str, ...]) -> tuple[str, ...]:
    """``base`` after "k=KIND|", then (with a position) after
    "k=KIND|p=POSITION|"."""
    key = (kind, pos, base)
    found = _JOINED_BASE.get(key)
    if found is None:
        if len(_JOINED_BASE) >= _JOINED_BASE_LIMIT:
            _JOINED_BASE.clear()
        # (a prefix joined to each feature: what a text of new quote
        # features pays for each kind and position)
        prefix = f"k={kind}|"
        found = tuple([prefix + b for b in base])
        if pos is not None:
            prefix = f"k={kind}|p={pos}|"
            found += tuple([prefix + b for b in base])
        _JOINED_BASE[key] = found
    return found


class _Hints(NamedTuple):
    """What the hint features of a quote's candidates read: whether the
    quote continues the paragraph before, the candidate that opens its own
    sentence, those right after it (asked only when the rules saw no person
    there) and those signing it off (indices into the candidates)."""

    continues: bool
    subject: int | None
    right_after: list[int]
    signed: list[int]


def _add_hints(
    ctx: speakers.Context,
    index: int,
    attributor: _Attributor,
    cands: list[speakers.Candidate | None],
    segments: list[list[tuple[str, ...]]],
) -> _Hints:
    no_person = attributor.no_person[index]
    quoting = attributor.quoted_as_saying[index]
    continues = speakers.continues_previous(ctx, index, cands)
    subject = speakers.own_sentence_subject(ctx, index, cands)
    right_after: list[int] = []
    signed: list[int] = []
    quote_end = ctx.quotes[index].end
    # Most quotes have none of the hints that every candidate reads: then
    # only those after the quote are asked anything.
    everyone = no_person or quoting is not None or continues or subject is not None
    for k, cand in enumerate(cands):
        after = cand is not None and cand.start >= quote_end
        if not (everyone or after):
            continue
        kind = "previous" if cand is None else cand.kind
        extra: list[str] = []
        if no_person:
            extra.append(f"hint_no_person|k={kind}")
            if cand is not None and cand.kind in (speakers.ORGANIZATION, speakers.DESCRIPTION) and speakers.right_after(ctx, index, cand):
                extra.append("hint_no_person|right_after")
                right_after.append(k)
        if quoting is not None:
            extra.append("hint_quoting|this" if cand is not None and (cand.start, cand.end) == quoting.mention else f"hint_quoting|other|k={kind}")
        if continues:
            extra.append(f"hint_continues|k={kind}")
        if subject is not None:
            extra.append(f"hint_own_subject|{'this' if k == subject else 'other'}|k={kind}")
        # (Both read only candidates after the quote.)
        if after and speakers.signs_off(ctx, index, cand):  # type: ignore[arg-type]
            extra.append(f"hint_signs_off|k={kind}")
            signed.append(k)
        if after and speakers.according_to_after(ctx, index, cand):  # type: ignore[arg-type]
            # "“…,” Walker said, according to an Associated Press account":
            # PolNeAR's Source is the account that relays the words.
            extra.append(f"hint_according_after|k={kind}")
        if extra:
            segments[k].append(tuple(extra))
    return _Hints(continues, subject, right_after, signed)


def attribute(
    text: str,
    quotes: list[QuoteSpan],
    paragraphs: list[Span],
    sentences: list[Span],
    analysis: FigureAnalysis,
) -> list[Quote]:
    """The :class:`Quote` of each quote span, with its speaker when the text
    says who it is."""
    if not quotes:
        return []
    attributor, ctx, rules = prepare(text, quotes, paragraphs, sentences, analysis)
    model = speakers.ranker()
    out: list[Quote] = []
    previous: tuple[str | None, str | None, Span | None] = (None, None, None)
    previous_kind: str | None = None
    for index, q in enumerate(quotes):
        cands, placings, segments, hints = candidate_parts(ctx, index, rules[index], previous_kind, attributor)
        # What the rules read for certain overrides the ranker where its
        # hint features alone lose the case and PolNeAR dev loses nothing
        # (excluding every person whenever the rules saw a non-figure source
        # cost a point of named-person accuracy there; these narrower forms
        # cost none): only the candidates they allow may win.
        allowed = [True] * len(cands)
        if hints.continues:
            # The newspaper convention: a paragraph that opens with a quote
            # and names nobody continues the quote that ended the paragraph
            # before.
            allowed = [a and cands[k] is None for k, a in enumerate(allowed)]
        if attributor.is_nickname(index):
            # ``Hector “Macho” Camacho``: part of a name, nobody's words.
            allowed = [a and c is not None and c.kind == speakers.NOBODY for c, a in zip(cands, allowed)]
        if attributor.no_person[index]:
            # "“…,” said Interfax", "“…,” the magazine said": a source right
            # at the quote that is no figure.
            named_here = hints.right_after
            if named_here:
                allowed = [a and k in named_here for k, a in enumerate(allowed)]
            elif attributor.after(index) is None:
                # "The Security Council condemned … and said it would talk
                # with all parties “without exception”": the organisation
                # that opens the quote's own sentence.
                subject = hints.subject
                if subject is not None:
                    allowed = [a and k == subject for k, a in enumerate(allowed)]
        quoting = attributor.quoted_as_saying[index]
        if quoting is not None and any(c is not None and (c.start, c.end) == quoting.mention for c in cands):
            # "Interfax quoted Chernomyrdin as saying": the one quoted.
            allowed = [a and c is not None and (c.start, c.end) == quoting.mention for c, a in zip(cands, allowed)]
        signed = hints.signed
        if signed:
            # "“…” ― Jacklyn Ashley": a name after a dash that ends the
            # line signs the quote, whatever came before.
            allowed = [a and k in signed for k, a in enumerate(allowed)]
        best = _best(model, ctx, cands, placings, segments, allowed)
        chosen = cands[best]
        if chosen is None:
            speaker, kind, mention = previous
            chosen_kind = previous_kind
        else:
            speaker, kind, mention = _resolve(attributor, chosen)
            chosen_kind = chosen.kind
        out.append(Quote(q.start, q.end, text[q.start : q.end], speaker, mention, kind))
        previous = (speaker, kind, mention)
        previous_kind = chosen_kind
    _share_chains(quotes, out)
    return out


def _best(
    model: speakers.Ranker,
    ctx: speakers.Context,
    cands: list[speakers.Candidate | None],
    placings: list[tuple[int, speakers.Placing] | None],
    segments: list[list[tuple[str, ...]]],
    allowed: list[bool],
) -> int:
    """The index of the first of the best-scoring ``allowed`` candidates
    (0 when none is allowed): what ``scores.index(max(scores))`` gives
    with every other score at minus infinity.

    Each candidate's score is bounded first (:meth:`speakers.Ranker.upper_bound`;
    the previous speaker's and nobody's are cheap and exact); the
    candidates are then scored in full, their own features built, from the
    highest bound down, and the look stops at the first bound below the
    best score found: no candidate after it can reach that score, let alone
    pass it. The scores of those scored are the very floats scoring all
    would give, so the choice, ties to the first included, is the same."""
    bounded: list[tuple[float, int]] = []
    for k, cand in enumerate(cands):
        if not allowed[k]:
            continue
        placing = placings[k]
        if placing is None:
            bounded.append((model.score_parts(cand, segments[k]), k))  # (exact)
        else:
            bounded.append((model.upper_bound(cand, placing[1], segments[k]), k))  # type: ignore[arg-type]
    bounded.sort(reverse=True)
    best_k, best = 0, float("-inf")
    for bound, k in bounded:
        if bound < best:
            break
        placing = placings[k]
        if placing is None:
            score = bound
        else:
            score = model.score_parts(cands[k], [speakers.placed_features(ctx, *placing), *segments[k]])
        if score > best or (score == best and k < best_k):
            best_k, best = k, score
    return best_k


def _resolve(attributor: _Attributor, cand: speakers.Candidate) -> tuple[str | None, str | None, Span | None]:
    """(speaker, speaker_kind, mention) of a chosen candidate."""
    text = attributor.text
    span = (cand.start, cand.end)
    if cand.kind == speakers.PERSON and cand.figure is not None:
        return attributor.figures[cand.figure].name, "person", span
    if cand.kind == speakers.PERSON:
        return cand.name or text[cand.start : cand.end], "person", span
    if cand.kind == speakers.PRONOUN:
        reading = attributor._resolve_pronoun(cand.start, cand.end)
        if reading.status == _NAMED and reading.figure is not None:
            return attributor.figures[reading.figure].name, "person", span
        return None, None, None
    if cand.kind == speakers.ORGANIZATION:
        return text[cand.start : cand.end], "organization", span
    if cand.kind == speakers.DESCRIPTION:
        return " ".join(text[cand.start : cand.end].split()), "description", span
    return None, None, None


def _share_chains(quotes: list[QuoteSpan], out: list[Quote]) -> None:
    """Every piece of a multi-paragraph quote gets one speaker: the one the
    last piece was attributed to (its "he said" usually follows it), else
    the first piece's."""
    pieces: dict[int, list[int]] = {}
    for i, q in enumerate(quotes):
        pieces.setdefault(q.chain, []).append(i)
    for members in pieces.values():
        if len(members) < 2:
            continue
        order = [members[-1], *members[:-1]]
        source = next((out[i] for i in order if out[i].speaker is not None), None)
        if source is None:
            continue
        for i in members:
            out[i].speaker, out[i].speaker_mention, out[i].speaker_kind = (
                source.speaker,
                source.speaker_mention,
                source.speaker_kind,
            )
