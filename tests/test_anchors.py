"""Anchors survive edits to the article text, or are flagged, never lost."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.anchors import CONTEXT_CHARS, make_anchor, reattach, reattach_note, reattach_notes
from reader.domain import Anchor, Note

TEXT = (
    "Pompeo said the fight would go on. The troops are leaving Syria, he said.\n\n"
    "“The fight is one we will continue to wage alongside you,” Pompeo said. "
    "Critics said the fight was far from over."
)


def _anchor_on(text: str, needle: str, nth: int = 0, kind: str = "selection") -> Anchor:
    at = -1
    for _ in range(nth + 1):
        at = text.index(needle, at + 1)
    return make_anchor(text, at, at + len(needle), kind)


def test_make_anchor_keeps_exact_and_context() -> None:
    a = _anchor_on(TEXT, "troops are leaving")
    assert a.exact == "troops are leaving"
    assert TEXT[a.start : a.end] == a.exact
    assert TEXT.endswith(a.suffix, 0, a.end + len(a.suffix))
    assert len(a.prefix) == CONTEXT_CHARS and len(a.suffix) == CONTEXT_CHARS
    assert a.kind == "selection"


def test_make_anchor_clamps_out_of_range_offsets() -> None:
    a = make_anchor("short", 3, 99)
    assert (a.start, a.end, a.exact, a.suffix) == (3, 5, "rt", "")


def test_unchanged_text_attaches_exactly() -> None:
    a = _anchor_on(TEXT, "troops are leaving")
    result = reattach(a, TEXT)
    assert result.method == "exact" and not result.orphaned
    assert result.anchor == a


def test_inserted_text_before_moves_the_anchor() -> None:
    a = _anchor_on(TEXT, "troops are leaving")
    changed = "An editor's note.\n\n" + TEXT
    result = reattach(a, changed)
    assert result.method == "search" and not result.orphaned
    assert changed[result.anchor.start : result.anchor.end] == "troops are leaving"
    assert result.anchor.start == a.start + len("An editor's note.\n\n")


def test_repeated_text_prefers_the_occurrence_with_matching_context() -> None:
    # "the fight" occurs three times; the second one is anchored.
    a = _anchor_on(TEXT, "the fight", nth=1)
    changed = "Breaking. " + TEXT
    result = reattach(a, changed)
    assert not result.orphaned
    assert result.anchor.start == a.start + len("Breaking. ")
    assert result.anchor.prefix.endswith(a.prefix[-10:])


def test_repeated_text_prefers_nearest_when_context_is_gone() -> None:
    text = "x " * 50 + "apple " + "y " * 50 + "apple " + "z " * 50
    second = text.index("apple", text.index("apple") + 1)
    a = Anchor(second + 3, second + 8, "apple", "", "", "selection")
    result = reattach(a, text)
    assert result.anchor.start == second


def test_small_edit_inside_the_passage_attaches_fuzzily() -> None:
    a = _anchor_on(TEXT, "The fight is one we will continue to wage alongside you")
    changed = TEXT.replace("will continue to wage", "shall continue to wage")
    result = reattach(a, changed)
    assert result.method == "fuzzy" and not result.orphaned
    assert changed[result.anchor.start : result.anchor.end] == result.anchor.exact
    assert "shall continue to wage alongside you" in result.anchor.exact
    assert result.anchor.exact.startswith("The fight")


def test_fuzzy_attach_without_surviving_context() -> None:
    a = _anchor_on(TEXT, "Critics said the fight was far from over")
    changed = "Totally new opening paragraph here. " + TEXT.replace("far from over", "far from done")
    changed = changed.replace("Pompeo said.", "he said.")
    result = reattach(a, changed)
    assert not result.orphaned
    assert "Critics said the fight was far from" in result.anchor.exact


def test_removed_passage_is_orphaned_not_dropped() -> None:
    a = _anchor_on(TEXT, "troops are leaving Syria")
    changed = TEXT.replace("The troops are leaving Syria, he said.", "")
    result = reattach(a, changed)
    assert result.orphaned and result.method == "orphaned"
    assert result.anchor == a  # kept as it was, so nothing is lost


def test_article_level_anchor_always_attaches() -> None:
    a = make_anchor(TEXT, 5, 10, kind="article")
    assert (a.start, a.end, a.exact) == (0, 0, "")
    assert not reattach(a, "completely different").orphaned


def test_reattach_note_sets_orphaned_flag() -> None:
    a = _anchor_on(TEXT, "troops are leaving Syria")
    note = Note("n1", "art", a, "my note", 1.0, 1.0)
    lost = reattach_note(note, "nothing in common at all")
    assert lost.orphaned and lost.text == "my note" and lost.anchor == a
    moved = reattach_note(note, "Intro. " + TEXT)
    assert not moved.orphaned and moved.anchor.start == a.start + 7


def test_reattach_notes_reports_only_what_changed() -> None:
    stays = Note("n1", "art", _anchor_on(TEXT, "Critics said"), "", 1.0, 1.0)
    goes = Note("n2", "art", _anchor_on(TEXT, "troops are leaving Syria"), "x", 1.0, 1.0)
    changed_text = TEXT.replace("The troops are leaving Syria, he said.", "")
    fresh, changed = reattach_notes([stays, goes], changed_text)
    assert [n.id for n in fresh] == ["n1", "n2"]
    assert [n.id for n in changed] == ["n1", "n2"]  # n1 moved, n2 is orphaned
    assert changed[1].orphaned and not changed[0].orphaned
    assert changed_text[changed[0].anchor.start :].startswith("Critics said")
    assert reattach_notes(fresh, changed_text)[1] == []  # nothing more to save


@settings(max_examples=60, deadline=None)
@given(
    before=st.text(alphabet="abc .\n", max_size=80),
    after=st.text(alphabet="abc .\n", max_size=80),
    start=st.integers(0, len(TEXT) - 1),
    length=st.integers(5, 40),
)
def test_unrelated_insertions_never_lose_a_passage(before: str, after: str, start: int, length: int) -> None:
    end = min(len(TEXT), start + length)
    a = make_anchor(TEXT, start, end)
    changed = before + TEXT + after
    result = reattach(a, changed)
    assert not result.orphaned
    assert changed[result.anchor.start : result.anchor.end] == a.exact
