"""Who said each quote.

Rules in the order a reader applies them, each a short look at a few words
next to the quote (so the whole pass is linear in the text):

1. after the quote, in its sentence: ``“…,” Pompeo said``, ``“…,” said
   Pompeo``, ``“…,” he told Hakim`` (the speaker is the subject, not the
   object), ``“…,” according to X``;
2. before the quote, in its sentence: ``Pompeo said: “…”``, and the subject
   of the reporting verb for a partial quote inside reported speech
   (``Salih said … Trump did not ask … to “watch Iran.”`` → Salih; ``Hakim,
   apparently responding to Trump’s comment, called on … “respect …”`` →
   Hakim);
3. pieces of one multi-paragraph quote share a speaker;
4. a quote with no attribution of its own takes the speaker of the quote
   before it in its paragraph (``“…,” Pompeo said. “…”``), or after it;
5. a paragraph that opens with an unattributed quote continues the speaker
   of the previous paragraph's last quote.

An attribution to somebody who is not a named figure (``a spokesman said``)
is final: the quote's speaker is then None rather than a guess from the
rules below it. Pronouns (``he added``) resolve to the most recent figure
mentioned as a subject outside quotes, of a compatible gender when known.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from reader.domain import Figure, Quote, Span
from reader.nlp import lexicon as lx
from reader.nlp.figures import FigureAnalysis, Mention
from reader.nlp.quotes import QuoteSpan
from reader.nlp.tokenize import word_spans

_NAMED, _UNKNOWN = "named", "unknown"
_MAX_AFTER = 160  # characters of trailing context read after a quote
_MAX_BEFORE = 400  # characters of leading context read before a quote
_MAX_SUBJECT_WORDS = 9
_BREAK_WORDS = frozenset({".", "?", "!", ";", "\u201c", "\u201d", '"'})
_DASHES = frozenset({",", "\u2014", "\u2013", "-", "--"})
_CONNECTIVES_LOWER = frozenset(
    "and but or nor so yet that which who whom whose while when where as if because although though "
    "since until unless than then".split()
)
_OTHER_PRONOUNS_LOWER = frozenset({"they", "we", "i", "you", "it", "one"})
_NOT_VERB_AFTER_LOWER = lx.DETERMINERS_LOWER | lx.PREPOSITIONS_LOWER | {"'s", "\u2019s"}


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
    ) -> None:
        self.text = text
        self.quotes = quotes
        self.paragraphs = paragraphs
        self.sentence_starts = [s for s, _ in sentences]
        self.sentences = sentences
        self.figures: list[Figure] = analysis.figures
        self.genders = analysis.genders
        self.mentions: list[Mention] = analysis.mentions
        self.mention_starts = [m.start for m in self.mentions]
        self.mention_at = {m.start: m for m in self.mentions}
        self.quote_starts = [q.start for q in quotes]

    # -- helpers ----------------------------------------------------------

    def _words(self, start: int, end: int) -> list[tuple[int, int, str]]:
        return [(s, e, self.text[s:e]) for s, e in word_spans(self.text, start, end)]

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
        """The figure a "he"/"she" at ``start`` refers to."""
        pronoun = self.text[start:end].lower()
        gender = "m" if pronoun == "he" else "f"
        i = bisect_left(self.mention_starts, start) - 1
        fallback: Mention | None = None
        for _ in range(60):
            if i < 0:
                break
            m = self.mentions[i]
            i -= 1
            if self._in_quote(m.start):
                continue
            known = self.genders[m.figure]
            if known is not None and known != gender:
                continue
            if self.figures[m.figure].role == "Photographer":
                continue
            before = self._previous_word(m.start)
            if m.possessive or before in lx.PREPOSITIONS_LOWER or before in lx.TRAILING_VERBS_LOWER:
                fallback = fallback or m
                continue
            return _Reading(_NAMED, m.figure, (start, end))
        if fallback is not None:
            return _Reading(_NAMED, fallback.figure, (start, end))
        return _Reading(_UNKNOWN)

    def _subject_at(self, words: list[tuple[int, int, str]], limit: int) -> _Reading | None:
        """A speaker named in ``words[:limit]`` (a verb-first tail such as
        "said Army General Joseph Votel" or "according to the ministry")."""
        determiner = False
        for s, e, w in words[:limit]:
            if w in _BREAK_WORDS or w == ",":
                break
            low = w.lower()
            if low in ("he", "she"):
                return self._resolve_pronoun(s, e)
            m = self.mention_at.get(s)
            if m is not None:
                if m.possessive:
                    return _Reading(_UNKNOWN)
                return _Reading(_NAMED, m.figure, (m.start, m.end))
            if low in lx.DETERMINERS_LOWER:
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
        q = self.quotes[index]
        if not q.closed:
            return None
        text = self.text
        inner = text[q.start + 1 : q.end - 1].rstrip()
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
        q = self.quotes[index]
        start = self._clause_start(index)
        if start >= q.start:
            return None
        words = self._words(start, q.start)
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
        ]
        for j in verbs:
            subject = self._subject_before(words[:j])
            if subject is not None:
                return subject
        if verbs:
            return self._subject_at(words[verbs[0] + 1 :], 7)
        return None

    def _subject_before(self, words: list[tuple[int, int, str]]) -> _Reading | None:
        """The first subject-like item of a clause: a pronoun or a figure
        named other than as a possessive or after a preposition."""
        fallback: _Reading | None = None
        for k, (s, e, w) in enumerate(words):
            if w.lower() in ("he", "she") and (k == 0 or words[k - 1][2].lower() not in lx.PREPOSITIONS_LOWER):
                return self._resolve_pronoun(s, e)
            m = self.mention_at.get(s)
            if m is None or m.possessive:
                continue
            reading = _Reading(_NAMED, m.figure, (m.start, m.end))
            if k > 0 and words[k - 1][2].lower() in lx.PREPOSITIONS_LOWER:
                fallback = fallback or reading
                continue
            return reading
        return fallback

    # -- all rules ---------------------------------------------------------

    def run(self) -> list[Quote]:
        readings: list[_Reading | None] = [self.after(i) or self.before(i) for i in range(len(self.quotes))]
        chains: dict[int, _Reading] = {}
        for q, r in zip(self.quotes, readings):
            if r is not None and q.chain not in chains:
                chains[q.chain] = r
        last_in_paragraph: dict[int, _Reading | None] = {}
        for i, q in enumerate(self.quotes):
            if readings[i] is None:
                readings[i] = chains.get(q.chain)
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
        return [self._quote(q, r) for q, r in zip(self.quotes, readings)]

    def _quote(self, q: QuoteSpan, r: _Reading | None) -> Quote:
        text = self.text[q.start : q.end]
        if r is None or r.status != _NAMED or r.figure is None:
            return Quote(q.start, q.end, text, None, None)
        return Quote(q.start, q.end, text, self.figures[r.figure].name, r.mention)


def attribute(
    text: str,
    quotes: list[QuoteSpan],
    paragraphs: list[Span],
    sentences: list[Span],
    analysis: FigureAnalysis,
) -> list[Quote]:
    """The :class:`Quote` of each quote span, with its speaker when the text
    says who it is."""
    return _Attributor(text, quotes, paragraphs, sentences, analysis).run()
