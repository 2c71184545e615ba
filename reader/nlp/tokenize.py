"""Sentence and word tokenization with character spans.

Everything downstream (the tagger, quote finding, the renderer) works with
offsets into the exact text it was given, so both tokenizers return
half-open ``(start, end)`` spans, never rewritten strings.

Words are split the way CoNLL-2003 (the tagger's training data) splits them:
the tagger's features only generalise from training to real text when the two
are tokenized alike. So "'s" and "n't" are split off, "U.S." and "Mr." stay
whole, "al-Hakim" is one token, quotes of every kind stand alone and
"REUTERS/Kevin" is three tokens.

Sentences come from NLTK's Punkt with parameters built here in code (no NLTK
data package is needed): news abbreviations ("Gen.", "Sen.", "Inc.") and
initials do not end sentences, blank lines always do, and a quote followed by
a lowercase attribution (``"Why?" he asked.``) stays one sentence.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache
from operator import itemgetter
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Iterator

    from nltk.tokenize.punkt import PunktSentenceTokenizer

Span = tuple[int, int]

# Abbreviations that end in a period but rarely end a sentence in news text.
# Lowercase, without the final period, as Punkt stores them.
NEWS_ABBREVIATIONS: frozenset[str] = frozenset(
    """
    mr mrs ms dr prof rev fr sr jr st mt ft messrs mme mlle
    gen lt col maj capt cpt cmdr cdr adm sgt cpl pvt brig lieut comdr
    sen rep gov pres supt insp det atty amb sec treas
    jan feb mar apr jun jul aug sep sept oct nov dec
    inc corp co ltd plc bros llc assn dept univ
    no nos vol pp approx est vs v etc al cf
    u.s u.n u.k e.u u.s.a u.a.e d.c n.y l.a a.m p.m e.g i.e ph.d
    ariz ark calif colo conn del fla ga ill ind kan ky la md mass mich minn
    miss mo mont neb nev okla ore pa tenn tex va vt wash wis wyo
    """.split()
) | frozenset("abcdefghijklmnopqrstuvwxyz")  # initials: "George W. Bush"

# Words that, capitalised after an abbreviation, start a new sentence
# ("... in the U.S. The fight ...").
SENTENCE_STARTERS: frozenset[str] = frozenset(
    """
    the a an he she it they we i you his her its their our this that these
    those there but and however meanwhile in on at after before when while
    if as for some many most one two three other it's
    """.split()
)

# Abbreviations the word tokenizer keeps with their period ("Gen.", "Inc.");
# case-sensitive on the first letter as written in news.
_WORD_ABBREVIATIONS = sorted(
    {a for a in NEWS_ABBREVIATIONS if "." not in a and len(a) > 1}, key=len, reverse=True
)
_LOWER_ABBREV_ALT = "vs|etc|al|approx|est|cf|v"  # written in lowercase
_ABBREV_ALT = "|".join(a.capitalize() for a in _WORD_ABBREVIATIONS) + "|" + _LOWER_ABBREV_ALT

# Lowercase name particles an initial may stand before ("F. W. de Klerk").
_PARTICLE_ALT = "de|da|di|du|del|der|van|von|la|le|bin|ibn|al"
_CLITIC = r"(?:s|re|ve|ll|d|m|S|RE|VE|LL|D|M)"
_APOS = "'\u2019"

# Every repetition that can fail after a long scan is bounded ({1,64},
# {2,8}): article text is untrusted, and an unbounded one made inputs like
# ".a.a.a..." quadratic.
WORD_RULES = rf"""
    https?://[^\s<>"\u201c\u201d]+[^\s<>"\u201c\u201d.,;:!?)\]'\u2019]   # URL
  | [\w.+-]{{1,64}}@\w+(?:\.\w+)+                    # e-mail
  | (?:[^\W\d_]\.){{2,8}}(?![^\W\d_])               # U.S.  a.m.  U.S.A.
  | (?<![\w.])(?:{_ABBREV_ALT})\.(?!\w)             # Mr.  Gen.  Inc.
  | (?<![\w.])[A-Z]\.(?=\s+(?:(?:{_PARTICLE_ALT})\s+)?[A-Z])  # initial: George W. Bush, F. W. de Klerk
  | \d+(?:[.,:/]\d+)+(?:-\w+)*                      # 2,000  3.5  10:30  1/2
  | \w+?(?=[nN][{_APOS}][tT]\b)                      # do|n't
  | [nN][{_APOS}][tT]\b                              # n't
  | [{_APOS}]{_CLITIC}\b(?![{_APOS}\w])              # 's  're  'll
  | \w+(?:(?:[-&]|[{_APOS}](?!{_CLITIC}\b))\w+)*     # al-Hakim  O'Neill  AT&T
  | \.\.\.+ | --+                                   # ellipsis, dash
  | \S                                              # any other single character
"""

# Most tokens are plain words and single punctuation marks. These
# alternatives, tried first, match them outright with the span the rules
# above give them (a run of word characters followed by a character that no
# rule reads on from -- not "." "-" "@" an apostrophe or, after digits, ","
# ":" "/" -- can only be the word rule's match; so can a lowercase word that
# ends a sentence, unless it is one of the lowercase abbreviations; the
# marks listed, and a period before a space, can only be "any other single
# character"), so the engine does not try twelve rules (and some eighty
# abbreviations) on every word first. ``test_fast_word_paths_change_no_token``
# holds them to WORD_RULES alone.
_FAST_WORDS = r"""
    [^\W\d_]\w*(?=[\s,;!?)\]}"\u201c\u201d]|\Z)        # a word
  | \d\w*(?=[\s;!?)\]}"\u201c\u201d]|\Z)               # a number
  | [,;:!?()\[\]{}"\u201c\u201d] | \.(?=\s|\Z)           # a mark
  | (?!(?:%s)\.)[a-z]\w*(?=\.(?:\s|\Z))            # a word ending a sentence
  |""" % _LOWER_ABBREV_ALT
# No token starts on whitespace, and the lookahead in front says so: the
# engine leaves a space at once instead of trying every rule there first (a
# fifth of the time of tokenizing a text).
_WORD_RE = re.compile(r"(?=\S)(?:" + _FAST_WORDS + WORD_RULES + ")", re.VERBOSE)


def word_spans(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Spans of the words of ``text[start:end]``, as offsets into ``text``.

    The words of a whole text are remembered for the last text seen (the
    pipeline tokenizes each article once for the tagger's sentences and the
    attribution asks again; see :func:`sentence_words`)."""
    if end is None:
        end = len(text)
    if start == 0 and end == len(text):
        return list(_whole(text)[0])
    return list(map(_SPAN, _WORD_RE.finditer(text, start, end)))


def words(text: str) -> list[str]:
    """The word strings of ``text``, one for each span of
    ``word_spans(text)`` (``text[s:e]`` for each): made with the spans, in
    the regex's one pass, and remembered with them, so a stage after the
    tagger (the attribution's lowercase forms) need not slice them again."""
    return list(_whole(text)[1])


_SPAN = re.Match.span
_START = itemgetter(0)  # a span's start: bisecting by it compares ints, not tuples


def _whole(text: str) -> tuple[list[Span], list[str]]:
    """The spans and strings of the words of the whole text, kept for the
    last text seen (not copies: not to be changed)."""
    global _last_whole
    last = _last_whole
    if last is not None and last[0] is text:
        return last[1], last[2]
    spans, strings = _text_tokens(text)
    _last_whole = (text, spans, strings)
    return spans, strings


_last_whole: tuple[str, list[Span], list[str]] | None = None

# The words of a piece of text between spaces or line breaks, relative to its start, as
# (start, end, string), or _ONE_WORD when the piece is one word: see _text_tokens.
_ONE_WORD: Any = object()
_PIECES: dict[str, Any] = {}
_PIECES_LIMIT = 50_000  # pieces remembered (~180 bytes each: under 10 MB), as many as untrusted text makes
# Where an initial's lookahead may read past its piece (a superset of the
# word rules' "initial"): such pieces are tokenized where they stand.
_READS_ON_RE = re.compile(r"[A-Z]\.(?=\s|\Z)")


def _text_tokens(text: str) -> tuple[list[Span], list[str]]:
    """``_tokens(text, 0, len(text))``, from the words of each piece of the
    text between spaces and line breaks, remembered per piece across texts.

    Why it is fast: news repeats its pieces ("the", "said,", "Trump's"), and
    a remembered piece costs a dict lookup and its spans, where the regex
    tried its rules on every character (~4,500 instructions a word with its
    span and string, against ~2,500 a piece here; a generated article's
    pieces are nearly all remembered after a few articles, real news's ~90 %
    after fifty). The strings are the remembered ones.

    Exact: no token holds whitespace or starts on it, and every rule decides
    a token from its own run of non-space characters and the character after
    it (whitespace and the end of the text read alike), except an initial
    ("W."), which looks on over the whitespace after it. So a piece's words
    are those of the piece alone, unless an initial may stand in it
    (``_READS_ON_RE``): such a piece is tokenized where it stands and not
    remembered. ``test_text_tokens_are_the_regex_tokens`` holds this to the
    regex over the whole text."""
    spans: list[Span] = []
    strings: list[str] = []
    add_span, add_string = spans.append, strings.append
    remembered = _PIECES.get
    base = 0
    for line in text.split("\n"):
        for piece in line.split(" "):  # (the last piece's + 1 is the line break)
            found = remembered(piece)
            if found is _ONE_WORD:  # most pieces
                end = base + len(piece)
                add_span((base, end))
                add_string(piece)
                base = end + 1
                continue
            if found is None:
                found = _piece_words(text, piece, base)
                if found is _ONE_WORD:
                    found = ((0, len(piece), piece),)
            for start, end, word in found:
                add_span((base + start, base + end))
                add_string(word)
            base += len(piece) + 1
    return spans, strings


def _piece_words(text: str, piece: str, base: int) -> Any:
    """The words of ``piece``, which stands at ``base`` in ``text`` between
    spaces or line breaks (or the text's ends), as :func:`_text_tokens`
    reads them; remembered unless they depend on what is around the piece."""
    if _READS_ON_RE.search(piece):
        stop = base + len(piece)
        out: list[tuple[int, int, str]] = []
        for match in _WORD_RE.finditer(text, base):
            start, end = match.span()
            if start >= stop:
                break
            out.append((start - base, end - base, match.group()))
        return out
    first = _WORD_RE.match(piece)
    if first is not None and first.end() == len(piece):  # most pieces: one word, found at once
        words: Any = _ONE_WORD
    else:
        words = tuple((m.start(), m.end(), m.group()) for m in _WORD_RE.finditer(piece))
    if len(_PIECES) >= _PIECES_LIMIT:
        _PIECES.clear()
    _PIECES[piece] = words
    return words


def _tokens(text: str, start: int, end: int) -> tuple[list[Span], list[str]]:
    """The spans and strings of the words of ``text[start:end]``.

    One loop over the matches, each freed at once: a list of them (to map
    ``span`` and ``group`` over in C) cost more, as the collector then walks
    a thousand live match objects of a long text; the strings cost less
    made here by the match than sliced from the text by their spans."""
    spans: list[Span] = []
    strings: list[str] = []
    add_span, add_string = spans.append, strings.append
    for match in _WORD_RE.finditer(text, start, end):
        add_span(match.span())
        add_string(match.group())
    return spans, strings


def sentence_words(text: str, sentences: list[Span]) -> tuple[list[list[Span]], list[list[str]]]:
    """The spans of the words of each sentence (``word_spans(text, s, e)``)
    and their strings, read off the words of the whole text.

    Exact, not an approximation: no token holds whitespace or starts on it,
    and every rule decides a token from its own run of non-space characters
    and the character after it, except an initial ("W."), which looks on over
    the next run to the first letter of the one after. So a sentence between
    whitespace (or the text's ends) has the whole text's tokens unless an
    initial stands in it (then its last two runs are tokenized again, where
    the initial may look past the sentence's end), and a sentence that only
    follows whitespace has them up to its last two runs.

    Why it is fast: a sentence's words are slices of the whole text's lists
    (one regex pass, each string made by its match with its span), not a
    regex pass per sentence and a string sliced out of the text per word."""
    whole, strings = _whole(text)
    size = len(text)
    initials: list[int] | None = None
    out_spans: list[list[Span]] = []
    out_words: list[list[str]] = []
    for s, e in sentences:
        if s and not text[s - 1].isspace():
            spans, found = _tokens(text, s, e)
            out_spans.append(spans)
            out_words.append(found)
            continue
        first = bisect_left(whole, s, key=_START)
        if e == size or text[e].isspace():
            if initials is None:
                initials = _initials(text)
            k = bisect_left(initials, s)
            if k == len(initials) or initials[k] >= e:
                stop = bisect_left(whole, e, first, key=_START)
                out_spans.append(whole[first:stop])
                out_words.append(strings[first:stop])
                continue
        tail = _tail_start(text, s, e)
        stop = bisect_left(whole, tail, first, key=_START)
        spans, found = _tokens(text, tail, e)
        out_spans.append(whole[first:stop] + spans)
        out_words.append(strings[first:stop] + found)
    return out_spans, out_words


def word_spans_in(text: str, start: int, end: int) -> list[Span]:
    """``word_spans(text, start, end)``, read off the words of the whole
    text (the attribution reads the words after and before each quote).

    Exact for the reasons :func:`sentence_words` gives, and at a start
    inside a run too: the regex finds each word from where the last one
    ended, seeing the text before it, so from a ``start`` that no word of
    the whole text runs across (after the closing quote of ``“…,” he
    said``) it finds the whole text's words; from any other start the range
    is tokenized anew. The list returned is not to be changed."""
    end = min(end, len(text))
    whole = _whole(text)[0]
    first = bisect_left(whole, start, key=_START)
    if first and whole[first - 1][1] > start:
        return list(map(_SPAN, _WORD_RE.finditer(text, start, end)))
    if end == len(text) or (end >= start and text[end].isspace()):
        if _INITIAL_RE.search(text, start, end + 1) is None:  # (its lookahead reads the character at end)
            return whole[first : bisect_left(whole, end, first, key=_START)]
    tail = _tail_start(text, start, end)
    stop = bisect_left(whole, tail, first, key=_START)
    return whole[first:stop] + list(map(_SPAN, _WORD_RE.finditer(text, tail, end)))


# Where an initial may stand (a superset of the word rules' "initial").
_INITIAL_RE = re.compile(r"[A-Z]\.(?=\s)")
_PERIOD_BEFORE_SPACE_RE = re.compile(r"\.(?=\s)")


def _initials(text: str) -> list[int]:
    """``[m.start() for m in _INITIAL_RE.finditer(text)]``, found from the
    periods before whitespace and the capital before each.

    Why: a pattern that opens with ``[A-Z]`` makes the engine test that set
    at every position of the text (a tenth of reading an article's words),
    where a pattern that opens with a literal period is scanned for in a
    tight loop; an article has a few dozen periods. Two initials never
    overlap (neither starts on a period), so these are all of them."""
    return [m.start() - 1 for m in _PERIOD_BEFORE_SPACE_RE.finditer(text, 1) if "A" <= text[m.start() - 1] <= "Z"]


def _tail_start(text: str, start: int, end: int) -> int:
    """Where the last two runs of non-space characters of ``text[start:end]``
    begin (``start`` when there are fewer): a range's words from there on are
    tokenized anew, as an initial there may look past ``end`` (see
    :func:`sentence_words`)."""
    i = end
    for _ in range(2):
        while i > start and text[i - 1].isspace():
            i -= 1
        while i > start and not text[i - 1].isspace():
            i -= 1
    return i


# --------------------------------------------------------------------------
# Sentences
# --------------------------------------------------------------------------

_BLOCK_BREAK_RE = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_LINE_RE = re.compile(r"[^\n]*\n?")
_SHORT_LINE = 40  # a line this short with no final punctuation is a heading, dateline or byline
_LOWER_START_RE = re.compile(r"[\"'\u2018\u2019\u201c\u201d(\[]*[a-z]")
_MERGE_AFTER_RE = re.compile(r"[?!][\"'\u2019\u201d]+\s*$")
_HAS_WORD_RE = re.compile(r"\w")
_INITIALS_END_RE = re.compile(r"(?<![\w.])((?:[A-Z]\.){2,3})\s+$")
_FIRST_WORD_RE = re.compile(r"[A-Z][a-z]+\b")


def _stdlib_pattern(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """One of Punkt's patterns compiled by ``re``, matching exactly what NLTK's
    ``regex`` engine matches with it.

    NLTK (3.10) runs every pattern through ``nltk.redos``: the ``regex``
    engine under a timeout, a guard for patterns callers supply. Punkt's own
    patterns are fixed and linear (each lazy or greedy run is bounded by the
    next whitespace), and that wrapping cost a third of sentence splitting.
    The engines differ on these patterns in one thing only: ``re``'s ``\\s``
    also takes the separators U+001C..U+001F, which ``regex`` (Unicode
    White_Space) does not, so ``\\s`` and ``\\S`` are spelled out.
    ``test_punkt_patterns_match_as_nltk_compiles_them`` holds the tokenizer
    to NLTK's own."""
    spelled = {"s": r"[^\S\x1c-\x1f]", "S": r"[\S\x1c-\x1f]"}  # (none stands inside a [...] class)
    return re.compile(re.sub(r"\\(.)", lambda m: spelled.get(m.group(1), m.group()), pattern), flags)


@lru_cache(maxsize=1)
def _punkt() -> PunktSentenceTokenizer:
    from nltk.tokenize.punkt import PunktLanguageVars, PunktParameters, PunktSentenceTokenizer, PunktToken

    numeric = _stdlib_pattern(PunktToken._RE_NUMERIC.pattern)

    class NewsToken(PunktToken):
        """Punkt's token, built as NLTK builds it, but its type found with the
        stdlib engine (see _stdlib_pattern): Punkt makes a token of every
        word around every period, and the ``redos`` wrapper of its number
        pattern was a third of the cost of making one. Its ellipsis pattern
        (asked of every token annotated) is the stdlib's too."""

        __slots__ = ()
        _RE_ELLIPSIS = _stdlib_pattern(PunktToken._RE_ELLIPSIS.pattern)

        def __init__(self, tok: str, **params: object) -> None:
            self.tok = tok
            self.type = numeric.sub("##number##", tok.lower())
            self.period_final = tok.endswith(".")
            self.parastart = self.linestart = self.sentbreak = self.abbr = self.ellipsis = None
            for key, value in params.items():
                setattr(self, key, value)

    class NewsLanguageVars(PunktLanguageVars):
        # An opening curly quote is not part of the word it precedes, so
        # '“Mr.' is still seen as the abbreviation 'Mr.'.
        _re_word_start = r"[^\(\"\`{\[:;&\#\*@\)}\]\-,\u201c\u2018\u00ab]"

        # Punkt's three hot patterns, with the stdlib engine (see _stdlib_pattern).
        re_boundary_realignment = _stdlib_pattern(PunktLanguageVars.re_boundary_realignment.pattern, re.MULTILINE)

        def _word_tokenizer_re(self) -> re.Pattern[str]:
            try:
                return self._re_word_tokenizer  # type: ignore[no-any-return]
            except AttributeError:
                self._re_word_tokenizer = _stdlib_pattern(
                    self._word_tokenize_fmt
                    % {"NonWord": self._re_non_word_chars, "MultiChar": self._re_multi_char_punct,
                       "WordStart": self._re_word_start},
                    re.VERBOSE,
                )
                return self._re_word_tokenizer

        def period_context_re(self) -> re.Pattern[str]:
            try:
                return self._re_period_context  # type: ignore[no-any-return]
            except AttributeError:
                self._re_period_context = _stdlib_pattern(
                    self._period_context_fmt
                    % {"NonWord": self._re_non_word_chars, "SentEndChars": self._re_sent_end_chars},
                    re.VERBOSE,
                )
                return self._re_period_context

    class NewsSentenceTokenizer(PunktSentenceTokenizer):
        """Punkt, its answer for each candidate break remembered.

        Punkt decides a candidate break ("... said. The ...") from its
        context alone: the word before, the mark and the word after. With
        parameters fixed in code (nothing learnt from the text), the answer
        is a function of that short string, and news repeats them ("said.
        The", "Reuters.”"): half the contexts of a fresh article were
        seen before, and each decision tokenizes and annotates its context.
        (Only short contexts are kept: a text without spaces makes long ones.)
        Most contexts never get that far: after a plain word the answer is
        always a break, and ``_breaks_at`` gives it without asking Punkt."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._breaks: dict[str, bool] = {}
            self._abbreviations = frozenset(self._params.abbrev_types)

        def text_contains_sentbreak(self, text: str) -> bool:
            found = self._breaks.get(text)
            if found is None:
                found = super().text_contains_sentbreak(text)
                if len(text) <= _BREAK_CONTEXT_LIMIT:
                    if len(self._breaks) >= _BREAKS_LIMIT:
                        self._breaks.clear()
                    self._breaks[text] = found
            return found

        def span_tokenize(self, text: str, realign_boundaries: bool = True) -> Iterator[Span]:
            """NLTK's ``span_tokenize`` (its ``_match_potential_end_contexts``,
            ``_slices_from_text`` and ``_realign_boundaries``) step for step, in
            one loop instead of a chain of four generators, which cost as much
            as Punkt's decisions once those are remembered; the
            decisions are NLTK's (``text_contains_sentbreak``).
            ``test_punkt_patterns_match_as_nltk_compiles_them`` holds it to
            NLTK's own."""
            slices: list[Span] = []
            last_break = 0
            previous = None  # the last candidate break and the word before it
            word_start = word_stop = 0
            for match in self._lang_vars.period_context_re().finditer(text):
                start = match.start()
                space = self._last_whitespace(text, word_stop, start)
                space = space + 1 if space > word_stop else word_start
                if (
                    previous is not None
                    and word_stop <= space
                    and self._breaks_at(text, previous, word_start, word_stop)
                ):
                    slices.append((last_break, previous.end()))
                    last_break = previous.start("next_tok") if previous.group("next_tok") else previous.end()
                previous, word_start, word_stop = match, space, start
            if previous is not None and self._breaks_at(text, previous, word_start, word_stop):
                slices.append((last_break, previous.end()))
                last_break = previous.start("next_tok") if previous.group("next_tok") else previous.end()
            slices.append((last_break, len(text.rstrip())))
            if not realign_boundaries:
                return iter(slices)
            spans: list[Span] = []
            realignment = self._lang_vars.re_boundary_realignment.match
            realign = 0
            for (start, stop), (next_start, next_stop) in zip(slices, slices[1:]):
                start += realign
                m = realignment(text, next_start, next_stop)
                if m:
                    spans.append((start, next_start + len(m.group(0).rstrip())))
                    realign = m.end() - next_start
                else:
                    realign = 0
                    if start < stop:
                        spans.append((start, stop))
            start, stop = slices[-1]
            if start + realign < stop:
                spans.append((start + realign, stop))
            return iter(spans)

        def _last_whitespace(self, text: str, start: int, end: int) -> int:
            """Where NLTK's ``_get_last_whitespace_index(text[start:end])``
            finds the last ASCII whitespace (as an offset into ``text``, -1
            for none), without its loop over every character: the last
            space, unless what follows it holds a character that is not
            printable (a tab, a line break, ...), which is left to NLTK."""
            space = text.rfind(" ", start, end)
            if text[space + 1 if space >= 0 else start : end].isprintable():
                return space
            found = self._get_last_whitespace_index(text[start:end])
            return start + found if found else -1

        def _breaks_at(self, text: str, match: re.Match[str], word_start: int, word_stop: int) -> bool:
            word = text[word_start:word_stop]
            after = match.group("next_tok")
            if (
                len(word) > 1
                and word.isalpha()
                and word.isascii()
                and word.lower() not in self._abbreviations
                and (after is None or not after.isspace())
            ):
                # "harvest." "Reuters?": a plain word (no abbreviation, no
                # initial, no number, no ellipsis) before the mark is a
                # break in Punkt's first pass, its second pass revisits
                # only those others (and collocations, of which there are
                # none), and a token follows in the context (the mark's
                # lookahead: a mark, or a word that is not all separators
                # U+001C..U+001F, which Punkt's line reading would drop when
                # it stands on a line of its own): Punkt answers True.
                return True
            return self.text_contains_sentbreak(word + match.group() + match.group("after_tok"))

    params = PunktParameters()
    params.abbrev_types = set(NEWS_ABBREVIATIONS)
    params.sent_starters = set(SENTENCE_STARTERS)
    return NewsSentenceTokenizer(params, lang_vars=NewsLanguageVars(), token_cls=NewsToken)


_BREAKS_LIMIT = 20_000  # remembered Punkt decisions (under 2 MB) ...
_BREAK_CONTEXT_LIMIT = 64  # ... of contexts this long at most


def _blocks(text: str) -> list[Span]:
    """Paragraph-like blocks: split at blank lines and after short lines
    without final punctuation (headings), so no sentence spans them."""
    spans: list[Span] = []
    start = 0
    for m in _BLOCK_BREAK_RE.finditer(text):
        spans.extend(_heading_lines(text, start, m.start()))
        start = m.end()
    spans.extend(_heading_lines(text, start, len(text)))
    return spans


def _heading_lines(text: str, start: int, end: int) -> list[Span]:
    if text.find("\n", start, end) < 0:
        return [(start, end)]
    spans: list[Span] = []
    block_start = start
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        if nl < 0:
            break
        line = text[pos:nl].strip()
        if line and len(line) <= _SHORT_LINE and line[-1] not in ".,;:-\u2013\u2014":
            spans.append((block_start, nl))
            block_start = nl + 1
        pos = nl + 1
    spans.append((block_start, end))
    return spans


def sentence_spans(text: str) -> list[Span]:
    """Sentence spans of ``text``: stripped of surrounding whitespace, in order,
    never overlapping and never crossing a blank line."""
    if not text.strip():
        return []
    punkt = _punkt()
    spans: list[Span] = []
    for b_start, b_end in _blocks(text):
        block = text[b_start:b_end]
        if not block.strip():
            continue
        for s, e in punkt.span_tokenize(block):
            s, e = s + b_start, e + b_start
            if spans and spans[-1][1] >= b_start and _continues(text, spans[-1], s, e):
                spans[-1] = (spans[-1][0], e)
            else:
                spans.append((s, e))
    out: list[Span] = []
    for s, e in spans:
        # most pieces start at a word and end at a mark: nothing to strip
        if s >= e or text[s].isspace() or text[e - 1].isspace():
            s, e = _strip(text, s, e)
            if s == e:
                continue
        out.append((s, e))
    return out


def _continues(text: str, previous: Span, s: int, e: int) -> bool:
    """Punkt splits '"Why?" he asked.' and '... network. ... They' where a
    reader sees one sentence; such pieces join the previous sentence."""
    if not _HAS_WORD_RE.search(text, s, e):
        return True
    # only the tail before this piece matters (and scanning the whole, ever
    # growing previous sentence would make long runs of such pieces quadratic)
    tail = max(previous[0], s - 16)
    # "Rep. G.K. | Butterfield said": joined initials Punkt does not know
    # are a name going on, unless a sentence word follows ("... the U.K. | The")
    initials = _initials_end(text, tail, s)
    if initials and initials.group(1).lower().rstrip(".") not in NEWS_ABBREVIATIONS:
        first = _FIRST_WORD_RE.match(text, s)
        if first and first.group().lower() not in SENTENCE_STARTERS:
            return True
    return bool(_LOWER_START_RE.match(text, s) and _MERGE_AFTER_RE.search(text, tail, s))


def _initials_end(text: str, start: int, end: int) -> re.Match[str] | None:
    """``_INITIALS_END_RE.search(text, start, end)``, searched only when the
    piece ends in a capital and a period before its whitespace (which the
    pattern needs): most pieces follow a word's period, and the search tries
    every position of the piece."""
    before = text[start:end].rstrip()  # (strips what the pattern's \s takes)
    if before[-1:] != "." or not before[-2:-1].isupper():
        return None
    return _INITIALS_END_RE.search(text, start, end)


def _strip(text: str, s: int, e: int) -> Span:
    """``text[s:e]`` without the whitespace around it (empty if all is)."""
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e
