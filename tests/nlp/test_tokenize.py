"""Sentence and word spans: offsets, CoNLL-style splitting, news abbreviations."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.nlp.tokenize import sentence_spans, sentence_words, word_spans, words


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_spans(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mike Pompeo's trip", ["Mike", "Pompeo", "'s", "trip"]),
        ("America\u2019s fight", ["America", "\u2019s", "fight"]),
        ("the U.S. Army", ["the", "U.S.", "Army"]),
        ("Mohamed al-Hakim said", ["Mohamed", "al-Hakim", "said"]),
        ("REUTERS/Kevin Lamarque", ["REUTERS", "/", "Kevin", "Lamarque"]),
        ("\u201cwatch Iran.\u201d", ["\u201c", "watch", "Iran", ".", "\u201d"]),
        ('"watch Iran."', ['"', "watch", "Iran", ".", '"']),
        ("we don\u2019t, they can't", ["we", "do", "n\u2019t", ",", "they", "ca", "n't"]),
        ("Gen. Joe Smith of Acme Inc. and AT&T", ["Gen.", "Joe", "Smith", "of", "Acme", "Inc.", "and", "AT&T"]),
        ("George W. Bush", ["George", "W.", "Bush"]),
        ("roughly 2,000 troops on 2019-02-06 at 3.5%", ["roughly", "2,000", "troops", "on", "2019-02-06", "at", "3.5", "%"]),
        ("Shaquille O'Neal", ["Shaquille", "O'Neal"]),
        ("network. ... They", ["network", ".", "...", "They"]),
    ],
)
def test_words_split_like_conll(text: str, expected: list[str]) -> None:
    assert words(text) == expected


def test_word_spans_index_into_the_text_with_curly_quotes_and_non_ascii() -> None:
    text = "\u201cÇa va,\u201d said François Hollande in Zürich \u2014 \u00abbien\u00bb. \U0001F600 ok"
    spans = word_spans(text)
    tokens = [text[s:e] for s, e in spans]
    assert "François" in tokens and "Zürich" in tokens and "\u201c" in tokens
    assert "\U0001F600" in tokens
    assert all(not t.isspace() and t for t in tokens)


def test_word_spans_of_a_slice_are_offsets_into_the_whole_text() -> None:
    text = "First sentence. Second one here."
    start = text.index("Second")
    spans = word_spans(text, start, len(text))
    assert [text[s:e] for s, e in spans] == ["Second", "one", "here", "."]
    assert spans[0][0] == start


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("abAB .,'\u2019\u201c\u201d-/&\n\t1é\u00a0Ω")), max_size=80))
def test_word_spans_round_trip(text: str) -> None:
    spans = word_spans(text)
    last_end = 0
    for s, e in spans:
        assert last_end <= s < e <= len(text)
        assert not any(ch.isspace() for ch in text[s:e])
        last_end = e
    # every non-space character is inside some token
    covered = {i for s, e in spans for i in range(s, e)}
    assert all(i in covered for i, ch in enumerate(text) if not ch.isspace())


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aA .?!\u201c\u201d\n")), max_size=80))
def test_sentence_spans_are_ordered_stripped_and_disjoint(text: str) -> None:
    last_end = 0
    for s, e in sentence_spans(text):
        assert last_end <= s < e <= len(text)
        assert not text[s].isspace() and not text[e - 1].isspace()
        last_end = e


@pytest.mark.parametrize(
    "text",
    [
        "Sen. John McCain met Lt. Gen. Joe Smith.",
        "The U.S. Army left Syria.",
        "Acme Inc. and Foo Corp. agreed on Jan. 5 to merge.",
        "He met Mr. Foreign Minister and Dr. Jones.",
        "George W. Bush spoke.",
        "\u201cMr. Foreign Minister, we\u2019re with you,\u201d he told Hakim.",
        "It was 5 p.m. in Washington, D.C. on Tuesday.",
        "\u201cWhy?\u201d he asked.",
    ],
)
def test_abbreviations_do_not_split_sentences(text: str) -> None:
    assert sentences(text) == [text]


def test_sentences_split_at_full_stops_and_blank_lines() -> None:
    text = "It rained. The U.S. Army left. Then it was over\n\nNew paragraph here."
    assert sentences(text) == ["It rained.", "The U.S. Army left.", "Then it was over", "New paragraph here."]


def test_sentence_after_abbreviation_ending_a_sentence() -> None:
    assert sentences("Troops went back to the U.S. The fight goes on.") == [
        "Troops went back to the U.S.",
        "The fight goes on.",
    ]


def test_seed_sentences(seed_text: str) -> None:
    found = sentences(seed_text)
    assert "\u201cMr. Foreign Minister, we\u2019re with you,\u201d he told Hakim." in found
    assert "The United States and Iran are Iraq\u2019s two biggest allies." in found
    assert all("\n\n" not in s for s in found)


def test_empty_and_blank_text() -> None:
    assert sentence_spans("") == []
    assert sentence_spans(" \n\n\t ") == []
    assert word_spans("") == []
    assert word_spans("   ") == []


def test_joined_initials_unknown_to_punkt_keep_the_sentence_whole() -> None:
    from reader.nlp.tokenize import sentence_spans

    def sentences(text: str) -> list[str]:
        return [text[s:e] for s, e in sentence_spans(text)]

    assert sentences("Rep. G.K. Butterfield spoke. Then he left.") == ["Rep. G.K. Butterfield spoke.", "Then he left."]
    assert sentences("He moved to the U.K. The fight went on.") == ["He moved to the U.K.", "The fight went on."]
    assert sentences("They met at the Y.M.C.A. He left.") == ["They met at the Y.M.C.A.", "He left."]


def test_an_initial_before_a_particle_keeps_its_period() -> None:
    from reader.nlp.tokenize import words

    assert words("with F. W. de Klerk, the") == ["with", "F.", "W.", "de", "Klerk", ",", "the"]


_TRICKY = st.sampled_from(
    list("aAzZ09_ .,;:!?()[]{}\"'\u2019\u2018\u201c\u201d-&@+/\n\t\u00e9\u00dc")
    + ["n't", "N'T", "'s", "U.S.", "Mr.", "Gen.", "W.", "de ", "http://x.y/z", "a@b.co", "2,000", "...", "--"]
    + ["etc.", "v.", "al", "vsx", "a.m.", "said. "]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_TRICKY, max_size=40).map("".join), st.integers(0, 5), st.integers(0, 5))
def test_fast_word_paths_change_no_token(text: str, cut_start: int, cut_end: int) -> None:
    """The plain-word shortcuts tried first give every token the rules alone
    would, also on a slice of the text (as sentences are tokenized)."""
    import re

    from reader.nlp.tokenize import WORD_RULES

    rules = re.compile(WORD_RULES, re.VERBOSE)
    start, end = min(cut_start, len(text)), max(min(cut_start, len(text)), len(text) - cut_end)
    assert word_spans(text, start, end) == [m.span() for m in rules.finditer(text, start, end)]


@settings(max_examples=300, deadline=None)
@given(st.lists(_TRICKY, max_size=60).map("".join))
def test_sentence_words_read_off_the_whole_text(text: str) -> None:
    """Tokens of each sentence taken from the whole text's tokens are the
    sentence's own, however the sentence ends (an initial before its end,
    no space after it, a lone run)."""
    cuts = sorted({0, len(text), *range(0, len(text), 7), *(i + 1 for i, ch in enumerate(text) if ch in ".\u201d")})
    spans = [(a, b) for a, b in zip(cuts, cuts[1:]) if a < b] + sentence_spans(text)
    _assert_sentence_words(text, spans)


def _assert_sentence_words(text: str, spans: list[tuple[int, int]]) -> None:
    """sentence_words gives each sentence's own tokens, and the strings
    beside them are the text's at those spans (also when the whole text's
    words were remembered before, by word_spans)."""
    for remembered in (False, True):
        word_spans("another text")
        if remembered:
            word_spans(text)
        found_spans, found_words = sentence_words(text, spans)
        assert found_spans == [word_spans(text, s, e) for s, e in spans]
        assert found_words == [[text[a:b] for a, b in sentence] for sentence in found_spans]


@settings(max_examples=400, deadline=None)
@given(st.lists(_TRICKY, max_size=60).map("".join), st.data())
def test_words_of_a_range_read_off_the_whole_text(text: str, data: st.DataObject) -> None:
    """word_spans_in gives the words word_spans gives for any range: from
    inside a run, after a word, across a word, ending anywhere."""
    from reader.nlp.tokenize import word_spans_in

    word_spans("another text")  # the whole text's words are found anew
    for _ in range(6):
        start = data.draw(st.integers(0, len(text) + 1))
        end = data.draw(st.integers(0, len(text) + 2))
        assert word_spans_in(text, start, end) == word_spans(text, start, end)


def test_words_of_ranges_after_a_closing_quote_and_at_an_initial() -> None:
    from reader.nlp.tokenize import word_spans_in

    text = "“We will,” said George W. de Bush. “No,” he said.”"
    for start in range(len(text) + 1):
        for end in range(start, len(text) + 1):
            assert word_spans_in(text, start, end) == word_spans(text, start, end), (start, end)


def test_sentence_words_when_an_initial_ends_the_sentence() -> None:
    text = "Said George W. de Bush. Then W.  Bush"
    spans = [(0, 17), (0, 14), (5, 18), (24, 31), (24, 33)]  # "W. de " ends a span: "W" "." there
    _assert_sentence_words(text, spans)
    assert sentence_words(text, [(0, 14)])[1] == [["Said", "George", "W", "."]]


@settings(max_examples=300, deadline=None)
@given(st.lists(_TRICKY, max_size=60).map("".join))
def test_words_are_the_strings_of_the_word_spans(text: str) -> None:
    """words(text) is one string per span of word_spans(text), the text's
    own, whether the whole text's words were found first by words or by
    word_spans, and it is a copy the caller may change."""
    from reader.nlp.tokenize import words

    word_spans("another text")
    strings = words(text)
    assert strings == [text[s:e] for s, e in word_spans(text)]
    strings.append("x")
    word_spans("another text")
    spans = word_spans(text)
    assert words(text) == [text[s:e] for s, e in spans]


_SENTENCE_BITS = st.sampled_from(
    list(" \n\t.?!,;:\"'()[]-\u2018\u2019\u201c\u201d\u00ab\u00bbaZ9\u00e9")
    + ["\x1c", "\x1d", "\x1e", "\x1f", "\x85", "\xa0", "\u2028", "\u3000", "\x0b", "\u200b"]
    + ["Mr.", "U.S.", "W.", "The", "he", "said", "...", "--", ". . .", "\n\n", "2.5", "Gen."]
    + ["-1,000.", ".5", "1.", "\u0663", "\uff11", "\u00b2", "No."]  # numbers, Unicode digits: Punkt's token type
    + ["harvest", "Reuters", "Inc", "etc", "ETC", "I", "ab", "x"]  # plain words and abbreviations before a mark
)


@settings(max_examples=500, deadline=None)
@given(st.lists(_SENTENCE_BITS, max_size=50).map("".join))
def test_punkt_patterns_match_as_nltk_compiles_them(text: str) -> None:
    """Punkt with its hot patterns compiled by ``re`` (and its own token
    class, whose type is found by ``re`` too) splits every text as NLTK's own
    patterns and tokens (the ``regex`` engine) split it, whitespace of every
    kind included (``re`` and ``regex`` disagree on U+001C..U+001F), and
    its remembered decisions (kept across examples) are NLTK's own."""
    from nltk.tokenize.punkt import PunktLanguageVars, PunktSentenceTokenizer

    import reader.nlp.tokenize as tokenize

    ours = tokenize._punkt()

    class NltkPatterns(PunktLanguageVars):
        _re_word_start = type(ours._lang_vars)._re_word_start

    reference = PunktSentenceTokenizer(ours._params, lang_vars=NltkPatterns())
    assert type(reference._lang_vars.period_context_re()) is not type(ours._lang_vars.period_context_re())
    assert reference._Token is not ours._Token
    fields = reference._Token.__slots__
    for word in text.split():  # each token the same as NLTK's
        mine, theirs = ours._Token(word, linestart=True), reference._Token(word, linestart=True)
        assert [getattr(mine, f) for f in fields] == [getattr(theirs, f) for f in fields]
    expected = sentence_spans(text)  # ours
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(tokenize, "_punkt", lambda: reference)
        assert sentence_spans(text) == expected
        for block in (text, text.strip()):
            assert list(reference.span_tokenize(block)) == list(ours.span_tokenize(block))


_AFTER_A_WORD = st.tuples(
    st.sampled_from(["harvest", "Reuters", "said", "etc", "Inc", "ab", "x", "U.S", "no", "A1", "caf\u00e9"]),
    st.sampled_from([".", "?", "!", ".."]),
    st.lists(st.sampled_from([" ", "\n", "\r", "\x1c", "\x1f", "\xa0", ")", "\u201d", "\"", "The", "he", "x", "."]), max_size=6),
).map(lambda parts: parts[0] + parts[1] + "".join(parts[2]))


@settings(max_examples=400, deadline=None)
@given(st.lists(_AFTER_A_WORD, min_size=1, max_size=6).map(" ".join))
def test_punkt_breaks_after_a_plain_word_as_nltk_does(text: str) -> None:
    """A break after a plain word is answered without asking Punkt (see
    ``_breaks_at``): the answer is Punkt's, whatever follows the mark
    (separators alone on the next line, which Punkt's line reading drops,
    included)."""
    from nltk.tokenize.punkt import PunktLanguageVars, PunktSentenceTokenizer

    import reader.nlp.tokenize as tokenize

    ours = tokenize._punkt()

    class NltkPatterns(PunktLanguageVars):
        _re_word_start = type(ours._lang_vars)._re_word_start

    reference = PunktSentenceTokenizer(ours._params, lang_vars=NltkPatterns())
    assert list(ours.span_tokenize(text)) == list(reference.span_tokenize(text))


def test_punkt_break_before_separators_alone_on_a_line() -> None:
    from reader.nlp.tokenize import _punkt

    assert list(_punkt().span_tokenize("harvest.\n\x1c\x1c foo")) == [(0, 15)]  # NLTK sees no token after the mark
    assert list(_punkt().span_tokenize("harvest.\n\x1cx foo")) == [(0, 8), (9, 15)]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(["G.", "K.", "É.", "a.", "G", ".", "a", "é", " ", "\n", "\t", "\u00a0", "\x1c", "\u2003"]),
        max_size=12,
    ).map("".join)
)
def test_initials_end_is_the_pattern_searched(text: str) -> None:
    # _continues asks the pattern only where the piece could end in initials
    from reader.nlp.tokenize import _INITIALS_END_RE, _initials_end

    for end in range(len(text) + 1):
        for start in range(end + 1):
            found, expected = _initials_end(text, start, end), _INITIALS_END_RE.search(text, start, end)
            assert (found and found.span(1)) == (expected and expected.span(1)), (start, end)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="AZaÉ.. \t\n\u00a0\x1cx", max_size=30))
def test_initials_are_the_pattern_found(text: str) -> None:
    # sentence_words reads where an initial may stand from the periods before whitespace
    from reader.nlp.tokenize import _INITIAL_RE, _initials

    assert _initials(text) == [m.start() for m in _INITIAL_RE.finditer(text)]


_PIECE = st.one_of(
    st.lists(_TRICKY, max_size=10).map("".join),
    st.sampled_from(["W.", "F.", "Bush", "de", "5", "x", "said.\n\nThe", "W.\n", "\tde", "W.\tde", "U.S.\n"]),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECE, max_size=12), st.randoms(use_true_random=False))
def test_text_tokens_are_the_regex_tokens(pieces: list[str], random: Any) -> None:
    """The whole text's words, read from the words remembered per piece
    between spaces, are the regex's over the whole text: with nothing
    remembered, with every piece remembered from this text, and with them
    remembered from the same pieces in another order (an initial then
    stands before other words)."""
    from reader.nlp import tokenize

    text = " ".join(pieces)
    expected = tokenize._tokens(text, 0, len(text))
    tokenize._PIECES.clear()
    assert tokenize._text_tokens(text) == expected
    assert tokenize._text_tokens(text) == expected
    random.shuffle(pieces)
    tokenize._PIECES.clear()
    tokenize._text_tokens(" ".join(pieces))
    assert tokenize._text_tokens(text) == expected


def test_text_tokens_at_initials_and_line_breaks() -> None:
    """Pieces whose words depend on what follows them are never remembered
    with the words they had elsewhere."""
    from reader.nlp import tokenize

    for text in ("George W. Bush", "George W. 5", "F. W.\nde Klerk", "W.\tde Klerk", "W.\tde 5", "the U.S.\n\nThe end."):
        for before in ("", "W. x W.\tde 5 W.\tde x F. W.\nde 5 said.\n\nThe end.\nx"):
            tokenize._PIECES.clear()
            tokenize._text_tokens(before)
            assert tokenize._text_tokens(text) == tokenize._tokens(text, 0, len(text)), (before, text)
