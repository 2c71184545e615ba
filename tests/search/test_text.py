"""The index's word splitting: the fast pattern finds exactly what WORD finds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.search.text import WORD, folded, fold, word_pattern

# Letters of several scripts, digits of others, the joiners and the separators that matter.
_CHARS = st.sampled_from(list("aZé9٣ßΩж中_'’. ,-\u00a0\t\n“”") + ["\u0301", "ǅ", "²", "Ⅻ"])


@settings(max_examples=400, deadline=None)
@given(st.text(_CHARS, max_size=40))
def test_word_pattern_finds_what_word_finds(text: str) -> None:
    pattern = word_pattern(text)
    assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in WORD.finditer(text)]
    assert folded(text) == [t for t in map(fold, WORD.findall(text)) if t]


def test_an_underscore_keeps_words_apart() -> None:
    assert word_pattern("snake_case") is WORD
    assert folded("snake_case U.S. America’s troops") == ["snake", "case", "us", "america", "troop"]
