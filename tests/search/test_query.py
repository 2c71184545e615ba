from __future__ import annotations

import pytest

from reader.search.query import QueryError, parse_query
from reader.search.text import fold, terms


def test_words_are_folded_like_the_index() -> None:
    assert fold("America’s") == "america"
    assert fold("Troops") == "troop"
    assert fold("U.S.") == "us"
    assert fold("Café") == "cafe"
    assert terms("The end of the fight") == ["end", "fight"]


def test_plain_words_are_anded_terms() -> None:
    q = parse_query("Pompeo  Syria")
    assert q.terms == ["pompeo", "syria"] and not q.phrases and not q.is_empty


def test_quoted_phrase_keeps_order_and_stopwords() -> None:
    q = parse_query('"end of America’s fight" troops')
    assert [p.terms for p in q.phrases] == [["end", "of", "america", "fight"]]
    assert q.phrases[0].text == "end of America’s fight"
    assert q.terms == ["troop"]
    assert q.positive_terms == ["troop", "end", "america", "fight"]


def test_curly_quotes_make_a_phrase_too() -> None:
    assert parse_query("“old fight”").phrases[0].terms == ["old", "fight"]


def test_unclosed_quote_runs_to_the_end() -> None:
    assert parse_query('"old fight').phrases[0].terms == ["old", "fight"]


def test_filters() -> None:
    q = parse_query('person:"Mike Pompeo" source:Reuters has:notes has:bookmark has:highlight')
    assert q.persons == ["mike pompeo"]
    assert q.sources == ["reuters"]
    assert q.has == {"notes", "bookmarks", "highlights"}
    assert not q.terms and not q.is_empty


def test_exclusions() -> None:
    q = parse_query('fight -Brexit -"old fight"')
    assert q.terms == ["fight"] and q.excluded == ["brexit"]
    assert q.excluded_phrases[0].terms == ["old", "fight"]


def test_unknown_key_is_read_as_words() -> None:
    q = parse_query("title:brexit")
    assert [p.terms for p in q.phrases] == [["title", "brexit"]]


def test_bad_has_value_is_an_error() -> None:
    with pytest.raises(QueryError, match="has:colour"):
        parse_query("has:colour")


def test_stopword_only_query_is_empty() -> None:
    assert parse_query("the of").is_empty
