"""The index's word splitting: the fast pattern finds exactly what WORD finds, and the
remembered pieces of text fold to exactly what the whole text folds to."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.search import text as text_module
from reader.search.text import WORD, folded, folded_text, fold, word_pattern

# Letters of several scripts, digits of others, the joiners and the separators that matter.
_CHARS = st.sampled_from(list("aZé9٣ßΩж中_'’. ,-\u00a0\t\n“”") + ["\u0301", "ǅ", "²", "Ⅻ", "\x1c", "\u2028", "\u3000"])


@settings(max_examples=400, deadline=None)
@given(st.text(_CHARS, max_size=40))
def test_word_pattern_finds_what_word_finds(text: str) -> None:
    pattern = word_pattern(text)
    assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in WORD.finditer(text)]
    assert folded(text) == [t for t in map(fold, WORD.findall(text)) if t]


def test_an_underscore_keeps_words_apart() -> None:
    assert word_pattern("snake_case") is WORD
    assert folded("snake_case U.S. America’s troops") == ["snake", "case", "us", "america", "troop"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.text(_CHARS, max_size=40), min_size=1, max_size=4))
def test_folded_text_equals_the_whole_texts_folded_words(texts: list[str]) -> None:
    """Pieces remembered from other texts (and from this one) change nothing; nor does the
    cache starting again when full."""
    for text in texts:
        assert folded_text(text) == " ".join(folded(text))
    text_module._PIECE_TERMS.clear()
    for text in reversed(texts):
        assert folded_text(text) == " ".join(folded(text))


def test_folded_text_is_cut_at_whitespace_only_and_stays_bounded() -> None:
    pieces = text_module._PIECE_TERMS
    assert folded_text("U.S.\u00a0troops’ America’s\u2028“don’t” snake_case") == "us troop america dont snake case"
    assert folded_text("  \n ") == folded_text("") == ""
    for n in range(pieces.limit + 10):
        folded_text(f"w{n}")
    assert len(pieces) <= pieces.limit
