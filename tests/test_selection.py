from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.domain import Paragraph
from reader.selection import TextUnits, extend, select_at, sentence_spans, shrink, snap

TEXT = (
    "U.S. Secretary of State Mike Pompeo spoke on Wednesday. He said the fight goes on.\n\n"
    "“The fight is one we will continue,” Pompeo said. Mr. Smith agreed."
)
P2 = TEXT.index("“The")


def words_of(span):
    return TEXT[span[0] : span[1]]


def units() -> TextUnits:
    return TextUnits.of(TEXT, [Paragraph(0, P2 - 2), Paragraph(P2, len(TEXT))])


def test_sentences_skip_abbreviations() -> None:
    sents = [TEXT[s:e] for s, e in sentence_spans(TEXT)]
    assert sents == [
        "U.S. Secretary of State Mike Pompeo spoke on Wednesday.",
        "He said the fight goes on.",
        "“The fight is one we will continue,” Pompeo said.",
        "Mr. Smith agreed.",
    ]


def test_paragraphs_default_to_blank_line_blocks() -> None:
    u = TextUnits.of(TEXT)
    assert u.paragraphs == ((0, P2 - 2), (P2, len(TEXT)))


def test_select_at_picks_the_unit_under_the_cursor() -> None:
    u = units()
    at = TEXT.index("Pompeo")
    assert words_of(select_at(u, at + 2, "word")) == "Pompeo"
    assert words_of(select_at(u, at, "sentence")).startswith("U.S. Secretary")
    assert select_at(u, P2 + 3, "paragraph") == (P2, len(TEXT))
    # On whitespace: the next word.
    assert words_of(select_at(u, TEXT.index(" Mike"), "word")) == "Mike"


def test_extend_by_word_sentence_paragraph() -> None:
    u = units()
    sel = select_at(u, TEXT.index("Mike"), "word")
    sel = extend(u, sel, "word")
    assert words_of(sel) == "Mike Pompeo"
    sel = extend(u, sel, "sentence")
    assert words_of(sel) == "Mike Pompeo spoke on Wednesday."
    sel = extend(u, sel, "paragraph")
    assert sel[1] == P2 - 2  # first to the end of its own paragraph
    sel = extend(u, sel, "paragraph")
    assert sel[1] == len(TEXT)
    assert extend(u, sel, "paragraph") == sel  # nothing further


def test_extend_backward() -> None:
    u = units()
    sel = select_at(u, TEXT.index("Pompeo"), "word")
    assert words_of(extend(u, sel, "word", backward=True)) == "Mike Pompeo"
    assert words_of(extend(u, sel, "sentence", backward=True)).startswith("U.S.")


def test_shrink_never_empties() -> None:
    u = units()
    sel = (TEXT.index("Mike"), TEXT.index("Wednesday") + len("Wednesday"))
    sel = shrink(u, sel, "word")
    assert words_of(sel) == "Mike Pompeo spoke on"
    sel = shrink(u, sel, "word", from_start=True)
    assert words_of(sel) == "Pompeo spoke on"
    one = select_at(u, TEXT.index("Mike"), "word")
    assert shrink(u, one, "word") == one


def test_snap_widens_to_whole_words() -> None:
    u = units()
    at = TEXT.index("Pompeo")
    assert words_of(snap(u, (at + 2, at + 9))) == "Pompeo spoke"


def test_given_sentences_are_used() -> None:
    u = TextUnits.of(TEXT, sentences=[(0, 10), (10, 40)])
    assert extend(u, (0, 10), "sentence") == (0, 40)


@settings(deadline=None)  # no timing in unit tests: the machine is shared
@given(st.integers(0, len(TEXT) - 1), st.sampled_from(["word", "sentence", "paragraph"]), st.lists(st.booleans(), max_size=12))
def test_selection_stays_inside_text_and_non_empty(offset: int, unit: str, moves: list[bool]) -> None:
    u = units()
    sel = select_at(u, offset, unit)  # type: ignore[arg-type]
    for grow in moves:
        sel = extend(u, sel, unit) if grow else shrink(u, sel, unit)  # type: ignore[arg-type]
        assert 0 <= sel[0] < sel[1] <= len(TEXT)
