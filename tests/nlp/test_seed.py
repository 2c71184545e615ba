"""Acceptance: the seed article's figures and quotes, end to end with the
shipped tagger."""

from __future__ import annotations

import pytest

from reader.domain import Annotation
from reader.nlp import annotate

FIGURES = {
    "Mike Pompeo",
    "Donald Trump",
    "Jim Mattis",
    "Mohamed al-Hakim",
    "Barham Salih",
    "Joseph Votel",
    "Kevin Lamarque",
}

# (start of the quote's text, speaker) for every direct quote, in order.
QUOTES = [
    ("“the end of America’s fight”", "Mike Pompeo"),
    ("“The U.S. troops withdrawing", "Mike Pompeo"),
    ("“The drawdown in troops", "Mike Pompeo"),
    ("“Our mission is unwavering", "Mike Pompeo"),
    ("“To that end", "Mike Pompeo"),
    ("“Those requests are likely", "Mike Pompeo"),
    ("“sleeper cells”", "Mohamed al-Hakim"),
    ("“The coalition must continue", "Mike Pompeo"),
    ("“Mr. Foreign Minister, we’re with you,”", "Mike Pompeo"),
    ("“watch Iran.”", "Barham Salih"),
    ("“respect for the territorial integrity", "Mohamed al-Hakim"),
    ("“We do have to keep pressure", "Joseph Votel"),
]


@pytest.fixture(scope="module")
def seed() -> tuple[str, Annotation]:
    from tests.conftest import SEED

    text = SEED.read_text(encoding="utf-8")
    return text, annotate(text)


def test_figures_are_exactly_the_people(seed: tuple[str, Annotation]) -> None:
    _, annotation = seed
    assert {f.name for f in annotation.figures} == FIGURES


def test_roles(seed: tuple[str, Annotation]) -> None:
    _, annotation = seed
    roles = {f.name: f.role for f in annotation.figures}
    assert roles["Mike Pompeo"] == "Secretary of State"
    assert roles["Joseph Votel"] in ("Army General", "General")
    assert roles["Barham Salih"] == "President"
    assert roles["Jim Mattis"] == "Defense Secretary"
    assert roles["Donald Trump"] == "President"
    assert roles["Mohamed al-Hakim"] == "Foreign Minister"


def test_every_mention_is_clustered(seed: tuple[str, Annotation]) -> None:
    text, annotation = seed
    by_name = {f.name: [text[s:e] for s, e in f.mentions] for f in annotation.figures}
    assert by_name["Mike Pompeo"].count("Pompeo") == text.count("Pompeo") - by_name["Mike Pompeo"].count("Mike Pompeo")
    assert set(by_name["Mohamed al-Hakim"]) == {"Mohamed al-Hakim", "Hakim"}
    assert len(by_name["Mohamed al-Hakim"]) == 3
    assert set(by_name["Donald Trump"]) == {"Donald Trump", "Trump"}
    assert len(by_name["Donald Trump"]) == text.count("Trump")
    assert by_name["Joseph Votel"] == ["Joseph Votel", "Votel"]


def test_no_place_or_organisation_is_a_person(seed: tuple[str, Annotation]) -> None:
    _, annotation = seed
    persons = {e.text for e in annotation.entities if e.label == "PERSON"}
    assert not persons & {"State", "Islamic State", "State Department", "Washington", "Reuters", "REUTERS"}
    assert persons <= {part for name in FIGURES for part in (name, name.split()[-1], "Hakim")}


def test_every_quote_is_found_and_attributed(seed: tuple[str, Annotation]) -> None:
    text, annotation = seed
    found = [(q.text, q.speaker) for q in annotation.quotes]
    assert len(found) == len(QUOTES)
    for (quote, speaker), (prefix, expected) in zip(found, QUOTES):
        assert quote.startswith(prefix)
        assert speaker == expected, quote


def test_pronoun_attributions_point_at_the_pronoun(seed: tuple[str, Annotation]) -> None:
    text, annotation = seed
    told = next(q for q in annotation.quotes if q.text.startswith("“Mr. Foreign Minister"))
    assert told.speaker_mention is not None
    assert text[told.speaker_mention[0] : told.speaker_mention[1]] == "he"
    added = next(q for q in annotation.quotes if q.text.startswith("“Those requests"))
    assert added.speaker_mention is not None
    assert text[added.speaker_mention[0] : added.speaker_mention[1]] == "he"


def test_offsets_index_the_exact_text(seed: tuple[str, Annotation]) -> None:
    text, annotation = seed
    for e in annotation.entities:
        assert text[e.start : e.end] == e.text
    for q in annotation.quotes:
        assert text[q.start : q.end] == q.text
        assert q.text[0] == "“"
    for f in annotation.figures:
        for s, e in f.mentions:
            assert text[s:e] in f.name or f.name.endswith(text[s:e].split("-")[-1])
