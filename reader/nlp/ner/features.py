"""Feature templates of the entity tagger, shared by training and tagging.

The tagger is only fast because most features depend on one word alone: the
features of a word *at a given offset* from the token being tagged (itself,
one or two to the left or right) are a function of that word's string, so
the tagger sums their weights once per word type and offset and caches the
sum. The few features that combine several words (bigrams, the shape
trigram, sentence position) are built per token; the ones that depend on
earlier decisions (previous tags) are looked up in small tables.

Feature strings are short and prefixed by template ("l=", "-1s=") so the
model file stays small. Changing anything here changes what the model means:
retrain (and set ``MODEL_FILE_VERSION``; a decoding change bumps
``DECODER_REVISION``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from itertools import groupby
from operator import itemgetter
from typing import NamedTuple

from reader.nlp.ner.gazetteer import PERSON_FIRST, flag_letters

BOS = "<S>"
EOS = "</S>"
OFFSETS = (-2, -1, 1, 2)


def _shape_table() -> dict[int, str]:
    table = {}
    for c in range(128):
        ch = chr(c)
        if ch.isupper():
            table[c] = "X"
        elif ch.islower():
            table[c] = "x"
        elif ch.isdigit():
            table[c] = "d"
    return table


_SHAPE_TABLE = _shape_table()
_RUNS_RE = re.compile(r"(.)\1+")
_FIRST = itemgetter(0)

# Words that name a person's role right before the name ("Governor Lawrence
# Lindsey", "striker Keith O'Neill"): a class, so rare titles share what the
# frequent ones teach.
TITLES: frozenset[str] = frozenset(
    """
    mr mr. mrs mrs. ms ms. dr dr. sir dame lord lady madame monsieur herr
    president vice-president premier prime minister chancellor secretary
    governor senator sen sen. congressman congresswoman representative rep rep.
    mayor judge justice ambassador envoy spokesman spokeswoman spokesperson
    adviser advisor aide commissioner chairman chairwoman chair director
    chief executive ceo founder economist analyst strategist trader dealer
    king queen prince princess sheikh emir sultan pope cardinal archbishop
    bishop rev rev. reverend father imam rabbi ayatollah
    general gen gen. colonel col col. lieutenant lt lt. major maj maj. captain capt capt.
    commander admiral sergeant corporal marshal
    coach manager striker midfielder defender goalkeeper forward captain
    skipper batsman bowler pitcher outfielder quarterback champion
    leader official officer inspector detective professor prof prof. dean
    president-elect deputy acting former late veteran
    """.split()
)

# Lowercase particles inside names ("Joaquin del Olmo", "van der Westhuizen").
PARTICLES: frozenset[str] = frozenset(
    "van von der den de del della di da das dos du la le bin ibn al el ben ter ten zu".split()
)


def shape(word: str) -> str:
    """'Pompeo' -> 'Xxxxx', 'U.S.' -> 'X.X.', '1996-08-22' -> 'dddd-dd-dd',
    capped so long words share a shape."""
    head = word[:8]
    if head.isascii():
        out = head.translate(_SHAPE_TABLE)
    else:
        out = "".join(
            "X" if ch.isupper() else "x" if ch.islower() else "d" if ch.isdigit() else "a" if ch.isalpha() else ch
            for ch in head
        )
    return out + "~" if len(word) > 8 else out


def short_shape(word: str) -> str:
    """The shape with runs collapsed: 'Pompeo' -> 'Xx', 'al-Hakim' -> 'x-Xx'."""
    return _collapse_runs(shape(word).rstrip("~"))


def _collapse_runs(text: str) -> str:
    """``_RUNS_RE.sub(r"\1", text)``: each run of one character as one
    (``itertools.groupby`` does it in C; the regex expands its template in
    Python for every run, a tenth of the cost of a new word). A shape holds
    no line break; were there one, the regex would decide, as its "." leaves
    line breaks alone."""
    if "\n" in text:
        return _RUNS_RE.sub(r"\1", text)
    return "".join(map(_FIRST, groupby(text)))


def has_upper(word: str) -> bool:
    return word != word.lower()


def letterless(word: str) -> bool:
    return not any(map(str.isalpha, word))


class Word(NamedTuple):
    """What the feature templates need to know about one word string,
    computed once per word type."""

    word: str
    lower: str
    shape: str
    short: str
    gaz: int  # gazetteer flags (see reader.nlp.ner.gazetteer); 0 unless capitalised and listed


# Typographic characters CoNLL-2003 (plain ASCII) never shows the tagger,
# mapped to the ASCII it learned from: a curly quote is a quote.
_TYPOGRAPHIC = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"', "\u00bb": '"',
        "\u2013": "-", "\u2014": "--", "\u2212": "-", "\u2026": "...", "\u00a0": " ",
    }
)  # fmt: skip


def describe(word: str, gazetteer: Mapping[str, int]) -> Word:
    """A word's features see its ASCII form ("America\u2019s" -> "America's")."""
    if not word.isascii():
        word = word.translate(_TYPOGRAPHIC)
    lower = word.lower()
    full = shape(word)
    gaz = gazetteer.get(lower, 0) if word[:1].isupper() else 0
    short = _SHORT_OF.get(full)
    if short is None:
        if len(_SHORT_OF) >= 20_000:  # shapes are as many as untrusted text makes
            _SHORT_OF.clear()
        short = _SHORT_OF[full] = _collapse_runs(full.rstrip("~"))
    return Word(word, lower, full, short, gaz)


# A shape's short form, remembered: a new word's shape is nearly always one
# met before ("Xxxxx", "xxxxxxxx~"), and collapsing it is a tenth of the
# cost of describing the word.
_SHORT_OF: dict[str, str] = {}


_LENGTHS = tuple(f"n={n}" for n in range(13))  # "n=" of a word's length, capped at 12


def word_features(w: Word, gazetteer: Mapping[str, int]) -> list[str]:
    """What the token being tagged says about itself."""
    word, lower, full, short, gaz = w
    feats = [
        "b",  # bias
        "w=" + word,
        "l=" + lower,
        "s=" + full,
        "ss=" + short,
        "x2=" + lower[-2:],
        "x3=" + lower[-3:],
        "x4=" + lower[-4:],
        "p2=" + word[:2],
        "p3=" + word[:3],
        _LENGTHS[min(len(word), 12)],
    ]
    if gaz:
        feats.append("gz=" + str(gaz))
        feats.extend("g" + letter for letter in flag_letters(gaz))
    if lower in TITLES:
        feats.append("T")
    if lower in PARTICLES:
        feats.append("prt")
    if word.isupper() and len(word) > 1:
        feats.append("AC")
    if "-" in word.strip("-"):
        parts = [p for p in word.split("-") if p]
        feats.append("h0=" + parts[0].lower())
        feats.append("hN=" + parts[-1].lower())
        feats.append("hs=" + short_shape(parts[0]) + "-" + short_shape(parts[-1]))
        last = parts[-1]
        if last[:1].isupper() and last.lower() in gazetteer:
            feats.append("hgz=" + str(gazetteer[last.lower()]))
    return feats


class _ContextPrefixes(NamedTuple):
    l: str
    ss: str
    T: str
    w: str
    s: str
    x3: str
    gz: str
    g: str


def _context_prefixes(offset: int) -> _ContextPrefixes:
    return _ContextPrefixes(*(f"{offset}{name}" for name in ("l=", "ss=", "T", "w=", "s=", "x3=", "gz=", "g")))


# The templates' prefixes at each offset, spelled once: a new word's four
# neighbour feature lists would otherwise format the offset into a dozen
# strings (for real news, new words are a quarter of the tagger's time).
_CONTEXT_PREFIXES = {k: _context_prefixes(k) for k in OFFSETS}


def context_features(w: Word, offset: int) -> list[str]:
    """What a neighbour at ``offset`` says about the token being tagged."""
    word, lower, full, short, gaz = w
    if word in (BOS, EOS):
        return [f"{offset}w={word}"]
    p = _CONTEXT_PREFIXES.get(offset) or _context_prefixes(offset)
    feats = [p.l + lower, p.ss + short]
    if lower in TITLES:
        feats.append(p.T)
    if offset in (-1, 1):
        feats += (p.w + word, p.s + full, p.x3 + lower[-3:])
        if gaz:
            feats.append(p.gz + str(gaz))
            feats.extend(p.g + letter for letter in flag_letters(gaz))
    return feats


def capital_runs(words: Sequence[str]) -> list[tuple[int, int]]:
    """For each token, the (start, end) of the run of capitalised tokens it
    is in, or (i, i) when it is not capitalised. A name's run tells each of
    its words where it sits and how the run ends ("... Industries Inc")."""
    return capital_runs_of([w[:1].isupper() for w in words])


def capital_runs_of(capitals: Sequence[bool]) -> list[tuple[int, int]]:
    """:func:`capital_runs` given whether each token is capitalised."""
    n = len(capitals)
    out = [(i, i) for i in range(n)]
    i = 0
    while i < n:
        if capitals[i]:
            j = i
            while j + 1 < n and capitals[j + 1]:
                j += 1
            for k in range(i, j + 1):
                out[k] = (i, j + 1)
            i = j + 1
        else:
            i += 1
    return out


def candidates(upper: Sequence[bool], headline: bool) -> list[bool]:
    """Which tokens get scored: those with a capital letter or next to one,
    and every token of a headline. The rest are tagged O unscored (in
    training data that skips 56% of tokens and 0.08% of entity tokens)."""
    n = len(upper)
    if headline:
        return [True] * n
    return [upper[i] or (i > 0 and upper[i - 1]) or (i + 1 < n and upper[i + 1]) for i in range(n)]


def is_headline(words: Sequence[str]) -> bool:
    """A sentence in capitals ("CRICKET - LEICESTERSHIRE TAKE OVER"): word
    case says nothing there, so the tagger gets to know."""
    letters = 0
    for w in words:
        for ch in w:
            if ch.islower():
                return False
            if ch.isupper():
                letters += 1
    return letters > 1


class SentenceView(NamedTuple):
    """Per-sentence facts the multi-word features read; ``lowers`` and
    ``shapes`` (short shapes) are padded with one boundary marker each side,
    so token ``i`` is at ``i + 1``."""

    lowers: list[str]
    shapes: list[str]
    flags: list[int]  # gazetteer flags per token
    headline: bool
    runs: list[tuple[int, int]]
    run_flags: list[int]  # gazetteer flags of the whole capitalised run ("saudi arabia")


def sentence_view(
    words: Sequence[str],
    lowers: Sequence[str],
    shapes: Sequence[str],
    flags: Sequence[int],
    gazetteer: Mapping[str, int],
) -> SentenceView:
    headline = is_headline(words)
    runs = capital_runs(words)
    run_flags = [0] * len(words)
    if not headline:
        seen: dict[tuple[int, int], int] = {}
        for i, (start, end) in enumerate(runs):
            if end - start > 1:
                value = seen.get((start, end))
                if value is None:
                    value = seen[(start, end)] = gazetteer.get(" ".join(lowers[start:end]), 0)
                run_flags[i] = value
    return SentenceView([BOS, *lowers, EOS], [BOS, *shapes, EOS], list(flags), headline, runs, run_flags)


def sentence_features(view: SentenceView, i: int) -> list[str]:
    """Features combining several words of the sentence around token ``i``."""
    lowers, shapes = view.lowers, view.shapes
    j = i + 1
    l0 = lowers[j]
    s0 = shapes[j]
    feats = [
        "bl=" + lowers[j - 1] + "|" + l0,
        "br=" + l0 + "|" + lowers[j + 1],
        "t3=" + shapes[j - 1] + "|" + s0 + "|" + shapes[j + 1],
    ]
    if i == 0:
        feats.append("F|l=" + l0)
        feats.append("F|s=" + s0)
    if view.headline:
        feats.append("H|l=" + l0)
        feats.append("H|t3=" + shapes[j - 1] + "|" + s0 + "|" + shapes[j + 1])
        return feats
    start, end = view.runs[i]
    length = end - start
    if length > 1:
        feats.append("R=" + str(min(length, 5)) + "|" + str(min(i - start, 4)) + "|" + str(min(end - 1 - i, 4)))
        if end - 1 > i:
            feats.append("Re=" + lowers[end])
        if start < i:
            feats.append("Rs=" + lowers[start + 1])
            if view.flags[i - 1] & PERSON_FIRST:
                # after a first name: a listed surname or an unknown word
                feats.append("FN>" + str(view.flags[i]))
        if view.run_flags[i]:
            feats.append("Rg=" + str(view.run_flags[i]))
    return feats


def history_features(prev: str, prev2: str, shape0: str) -> list[str]:
    """Features of the tags already chosen to the left."""
    return ["t1=" + prev, "t2=" + prev2 + "|" + prev, "t1s=" + prev + "|" + shape0]


# --------------------------------------------------------------------------
# Second pass: what the first pass found in the whole document
# --------------------------------------------------------------------------


def entity_type(tag: str) -> str:
    return "O" if tag == "O" else tag[2:]


class TokenFacts(NamedTuple):
    """What :class:`DocumentStats` reads of one word string (the raw word,
    not its ASCII form), computed once per word type."""

    lower: str
    capital: bool  # first character upper case
    lowercase: bool  # first character lower case
    upper: bool  # any upper case (has_upper)
    first_name: bool  # capitalised and a listed first name
    title: bool  # a person's title (TITLES)


def token_facts(word: str, gazetteer: Mapping[str, int]) -> TokenFacts:
    lower = word.lower()
    capital = word[:1].isupper()
    return TokenFacts(
        lower,
        capital,
        word[:1].islower(),
        word != lower,
        capital and bool(gazetteer.get(lower, 0) & PERSON_FIRST),
        lower in TITLES,
    )


class DocumentStats:
    """What one document says about each word (keyed by lowercase form):
    the entity types the first pass gave it, whether it sat inside a longer
    entity and where, and how it was capitalised elsewhere.

    News repeats names: "Mike Pompeo" early makes a later lone "Pompeo" a
    person, and a word seen in lowercase mid-sentence is probably not a name
    even when it opens a sentence or a headline. What a word was as a
    one-word entity (or nothing) is kept apart from what it was inside longer
    ones: "State" in "Islamic State" and "State Department" says nothing
    about "Secretary of State Mike Pompeo".
    """

    __slots__ = ("types", "single", "inside", "lower_mid", "cap_mid", "after_name", "after_title")

    def __init__(self) -> None:
        self.types: dict[str, dict[str, int]] = {}  # every capitalised or tagged occurrence
        self.single: dict[str, dict[str, int]] = {}  # as a one-word entity or capitalised O
        self.inside: dict[str, set[str]] = {}  # B-/I-/E- tags it had in longer entities
        self.lower_mid: set[str] = set()
        self.cap_mid: set[str] = set()
        self.after_name: set[str] = set()  # seen right after a capitalised first name
        self.after_title: set[str] = set()  # seen right after a person's title

    @classmethod
    def build(
        cls,
        sentences: Sequence[Sequence[str]],
        tags: Sequence[Sequence[str]],
        gazetteer: Mapping[str, int],
    ) -> DocumentStats:
        stats = cls()
        for words, sent_tags in zip(sentences, tags):
            facts = [token_facts(word, gazetteer) for word in words]
            headline = is_headline(words)
            if not headline:
                stats.lower_mid.update([f.lower for f in facts[1:] if f.lowercase])
            stats.add_tokens(
                [
                    (f, facts[i - 1] if i else None, tag)
                    for i, (f, tag) in enumerate(zip(facts, sent_tags))
                    if tag != "O" or f.upper
                ],
                headline,
            )
        return stats

    def add_tokens(self, tokens: Iterable[tuple[TokenFacts, TokenFacts | None, str]], headline: bool) -> None:
        """What the capitalised and tagged tokens of one sentence say, each
        given as (its facts, the facts of the token before it or None at the
        sentence's start, its tag); other tokens say nothing here. The
        lowercase words the sentence has after its first go into
        ``lower_mid`` apart, unless it is a headline (see :meth:`build`): the
        tagger adds them from its cached word facts in one sweep, and builds
        the tuples only for the tokens it scored (a capital in them or next
        to them), so a document costs no per-token work twice (see
        :mod:`reader.nlp.ner.tagger`)."""
        types = self.types
        single = self.single
        for f, previous, tag in tokens:
            lower = f.lower
            if not headline and f.capital and previous is not None:
                self.cap_mid.add(lower)
                if previous.first_name:
                    self.after_name.add(lower)
                if previous.title:
                    self.after_title.add(lower)
            kind = "O" if tag == "O" else tag[2:]  # entity_type, inlined
            counts = types.get(lower)
            if counts is None:
                counts = types[lower] = {}
            counts[kind] = counts.get(kind, 0) + 1
            if tag[0] in "BIE":
                self.inside.setdefault(lower, set()).add(tag)
            else:
                counts = single.get(lower)
                if counts is None:
                    counts = single[lower] = {}
                counts[kind] = counts.get(kind, 0) + 1

    def features(self, lower: str, offset: int = 0) -> list[str]:
        k = "D" + str(offset)
        counts = (self.single if offset == 0 else self.types).get(lower)
        feats: list[str] = []
        if counts:
            feats.append(k + "m=" + most_frequent(counts))
            if offset == 0:
                total = sum(counts.values())
                for kind, n in counts.items():
                    if kind != "O":
                        feats.append("Da=" + kind + ("+" if n * 2 > total else "-"))
        if offset == 0:
            inside = self.inside.get(lower, ())
            if len({tag[2:] for tag in inside}) > 1:
                # "State" in "Islamic State", "State Department": no lesson
                feats.append("Di=mixed")
            else:
                for tag in sorted(inside):
                    feats.append("Di=" + tag)
            if lower in self.lower_mid:
                feats.append("Dlow")
            if lower in self.cap_mid:
                feats.append("Dcap")
            if lower in self.after_name:
                feats.append("Dfn")
            if lower in self.after_title:
                feats.append("Dttl")
        return feats

    def profile(self, lower: str) -> tuple[object, ...]:
        """Everything :meth:`features` (at offset 0) and :meth:`agreement`
        read of one word, hashable: words with one profile have the same
        features (the tagger sums their weights once per profile, across
        documents). Keep it in step with them."""
        counts = self.single.get(lower)
        inside = self.inside.get(lower)
        return (
            frozenset(counts.items()) if counts else None,
            frozenset(inside) if inside else None,
            lower in self.lower_mid,
            lower in self.cap_mid,
            lower in self.after_name,
            lower in self.after_title,
        )

    def agreement(self, lower: str, tag: str) -> str | None:
        """Pass 1's type for this token against its type in the rest of the
        document, so pass 2 learns when each of them is to be believed."""
        counts = self.single.get(lower)
        if not counts:
            return None
        return "PD=" + entity_type(tag) + "|" + most_frequent(counts) + ("" if len(counts) == 1 else "~")


def most_frequent(counts: Mapping[str, int]) -> str:
    """The type seen most often (ties: the greater name, so it never
    depends on order)."""
    if len(counts) == 1:  # most words: always the same type
        for kind in counts:
            return kind
    return max(counts.items(), key=_count_then_name)[0]


def _count_then_name(item: tuple[str, int]) -> tuple[int, str]:
    return item[1], item[0]


def stacked_features(tag_left: str, tag: str, tag_right: str) -> list[str]:
    """The first pass's own tags around the token."""
    return ["P0=" + tag, "P-=" + tag_left, "P+=" + tag_right]
