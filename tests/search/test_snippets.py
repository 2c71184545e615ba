from __future__ import annotations

from reader.search.query import parse_query
from reader.search.snippets import find_matches, make_snippets, merge_spans

TEXT = ("alpha " * 60) + "Pompeo spoke. " + ("beta " * 60) + "Syria and Pompeo again." + (" gamma" * 40)


def test_snippets_prefer_windows_with_more_distinct_terms() -> None:
    matches = find_matches(TEXT, ["pompeo", "syria"])
    snippets = make_snippets(TEXT, matches, count=1)
    text, spans = snippets[0]
    assert {text[s:e] for s, e in spans} == {"Syria", "Pompeo"}
    assert text.startswith("…") and text.endswith("…")


def test_two_snippets_do_not_overlap_and_stay_in_order() -> None:
    matches = find_matches(TEXT, ["pompeo", "syria"])
    first, second = make_snippets(TEXT, matches, count=2)
    assert TEXT.index(first[0].strip("…")[:30]) < TEXT.index(second[0].strip("…")[:30])
    assert all(text[s:e] in {"Pompeo", "Syria"} for text, spans in (first, second) for s, e in spans)


def test_no_match_gives_the_opening() -> None:
    text, spans = make_snippets("Short body.", [], count=2)[0]
    assert (text, spans) == ("Short body.", [])


def test_phrase_matches_are_one_span() -> None:
    q = parse_query('"spoke syria"')
    assert find_matches("He spoke. Syria was next; spoke of Syria", (), q.phrases) == [(3, 15, "\x00spoke syria")]


def test_merge_spans() -> None:
    assert merge_spans([(5, 8), (0, 3), (2, 4), (8, 9)]) == [(0, 4), (5, 9)]


def test_a_match_longer_than_the_window_is_still_shown() -> None:
    text = "intro " + "x" * 300 + " outro"
    matches = [(6, 306, "long"), (307, 312, "outro")]
    snippets = make_snippets(text, matches, count=2)
    assert snippets and all(spans or text for text, spans in snippets)


def test_surface_forms_are_found_with_their_folds() -> None:
    text = "U.S. troops and the US. Troop's leader; troopship."
    found = [(text[s:e], k) for s, e, k in find_matches(text, ["us", "troop"])]
    assert found == [("U.S", "us"), ("troops", "troop"), ("US", "us"), ("Troop's", "troop")]
