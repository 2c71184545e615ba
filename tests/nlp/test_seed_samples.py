"""The sample articles every new user sees first: their figures, roles and
speakers, end to end with the shipped tagger (annotated as the library does,
on the imported body), plus small synthetic texts showing that each rule
behind a fix is general rather than keyed to the samples' names."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from reader.domain import Annotation
from reader.nlp import annotate

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@cache
def _seed(prefix: str) -> Annotation:
    from reader.articles import load_path

    (path,) = SEEDS.glob(f"{prefix}_*")
    return annotate(load_path(path)[0].body)


def _roles(annotation: Annotation) -> dict[str, str | None]:
    return {f.name: f.role for f in annotation.figures}


def _speaker_of(annotation: Annotation, opening: str) -> str | None:
    (quote,) = [q for q in annotation.quotes if q.text.startswith(opening)]
    return quote.speaker


# -- the samples --------------------------------------------------------------


def test_party_before_a_title_is_not_a_person() -> None:
    berlin = _seed("003")
    assert "Christian Democrat" not in _roles(berlin)
    assert _roles(berlin)["Markus Lehmann"] == "transport spokesman"
    assert _speaker_of(berlin, "“a repair programme") == "Markus Lehmann"


def test_appositive_role_ends_at_a_boundary() -> None:
    role = _roles(_seed("003"))["Julia Roth"]
    assert role in ("professor at the Hertie School in Berlin", "professor at the Hertie School")


def test_company_is_not_a_figure() -> None:
    chips = _seed("004")
    assert not any("Veridian" in f.name for f in chips.figures)
    assert {"Daniel Okafor", "Priya Raman", "Rebecca Alvarez", "Kevin Marsh", "Luis Herrera"} <= set(_roles(chips))


def test_multi_word_title_is_whole() -> None:
    roles = _roles(_seed("004"))
    assert roles["Priya Raman"] == "Chief Financial Officer"
    assert roles["Daniel Okafor"] == "Chief Executive Officer"


def test_apostrophe_surname_attributes() -> None:
    kakapo = _seed("005")
    (figure,) = [f for f in kakapo.figures if f.name == "Liam O\u2019Connor"]
    assert len(figure.mentions) == 2
    assert _speaker_of(kakapo, "“We know the family tree") == "Liam O\u2019Connor"
    assert _speaker_of(kakapo, "“That lets us make matches") == "Liam O\u2019Connor"


def test_holiday_is_not_a_figure() -> None:
    assert "Easter" not in _roles(_seed("001"))


@pytest.mark.parametrize(
    ("prefix", "name", "role"),
    [
        ("001", "Marleen Visser", "chairwoman"),
        ("001", "Hendrik Smit", "chief executive"),
        ("001", "Jeroen de Boer", "spokesman"),
        ("002", "Hussein Abdullahi", "chief executive"),
        ("002", "Lauren Mbeki", "country director"),
        ("002", "Miriam Achieng", "climatologist"),
        ("003", "Stefan Weber", "Union leader"),
        ("004", "Luis Herrera", "spokesman"),
        ("005", "Aroha Tane", "operations manager"),
        ("005", "James Whitaker", "Conservation Minister"),
        ("005", "Liam O\u2019Connor", "geneticist at the University of Otago"),
    ],
)
def test_sample_roles(prefix: str, name: str, role: str) -> None:
    assert _roles(_seed(prefix))[name] == role


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004", "005"])
def test_every_sample_quote_has_a_speaker(prefix: str) -> None:
    annotation = _seed(prefix)
    assert annotation.quotes
    assert [q.text[:30] for q in annotation.quotes if q.speaker is None] == []


# -- the rules, on other names ------------------------------------------------


def _one(text: str) -> Annotation:
    return annotate(text)


@pytest.mark.parametrize(
    ("text", "name", "role"),
    [
        ("Republican Senator Thomas Grady called the bill \u201ca gift to lobbyists\u201d on Tuesday.", "Thomas Grady", "Senator"),
        ("Social Democrat finance spokeswoman Anke Vogel called it \u201ca reckless gamble\u201d on Monday.", "Anke Vogel", "finance spokeswoman"),
        ("Labour MP Rachel Dunn said: \u201cThis is a betrayal.\u201d", "Rachel Dunn", "MP"),
        ("Conservative lawmaker Tom Hale said: \u201cIt is a mess.\u201d", "Tom Hale", "lawmaker"),
    ],
)
def test_party_descriptor_then_name(text: str, name: str, role: str) -> None:
    annotation = _one(text)
    assert _roles(annotation) == {name: role}
    assert [q.speaker for q in annotation.quotes] == [name]


@pytest.mark.parametrize(
    "text",
    [
        "Carmaker Brevant Motors said on Tuesday it would recall 40,000 vehicles.",
        "Retailer Hallmond Group said its sales fell 3%.",
        "Shares of Ostrava Technologies rose 4% on Monday.",
        "Software company Nuvaro Systems said it would hire 500 people.",
    ],
)
def test_companies_are_organisations(text: str) -> None:
    annotation = _one(text)
    assert annotation.figures == []
    assert "PERSON" not in {e.label for e in annotation.entities}


@pytest.mark.parametrize(
    ("text", "name", "role"),
    [
        ("Chief Operating Officer Maria Lindqvist said the plant would reopen.", "Maria Lindqvist", "Chief Operating Officer"),
        ("Deputy Prime Minister Omar Haddad said the talks would go on.", "Omar Haddad", "Deputy Prime Minister"),
        ("Foreign Minister Pedro Alves said he was hopeful.", "Pedro Alves", "Foreign Minister"),
        ("The agency\u2019s regional director, Paolo Conti, said aid was arriving.", "Paolo Conti", "regional director"),
    ],
)
def test_whole_titles(text: str, name: str, role: str) -> None:
    assert _roles(_one(text)) == {name: role}


def test_apostrophe_names_match_either_apostrophe() -> None:
    annotation = _one(
        "Sean O'Brien, a union organiser in Dublin, said the vote was close.\n\n"
        "\u201cWe will keep going,\u201d O\u2019Brien said.\n\n"
        "Anita D\u2019Souza, a lawyer for the families, said they would appeal.\n\n"
        "\u201cThis is not over,\u201d D'Souza said."
    )
    assert [(f.name, len(f.mentions)) for f in annotation.figures] == [("Sean O'Brien", 2), ("Anita D\u2019Souza", 2)]
    assert [q.speaker for q in annotation.quotes] == ["Sean O'Brien", "Anita D\u2019Souza"]
    assert _roles(annotation)["Sean O'Brien"] == "union organiser in Dublin"


def test_holidays_are_not_people() -> None:
    annotation = _one("Prices usually rise before Christmas, traders said. Markets close for Thanksgiving and Easter.")
    assert annotation.figures == []


@pytest.mark.parametrize(
    ("text", "role"),
    [
        (
            "Helen Marsh, a researcher at the Institute for Fiscal Studies and a former adviser to the "
            "Treasury in London, said the plan was flawed.",
            "researcher at the Institute for Fiscal Studies",
        ),
        (
            "Helen Marsh, the chairman of the Organisation for Security and Cooperation in Europe (OSCE), "
            "said the plan was flawed.",
            "chairman",
        ),
    ],
)
def test_long_appositive_does_not_cut_a_name(text: str, role: str) -> None:
    assert _roles(_one(text))["Helen Marsh"] == role


def test_comma_title_needs_the_name_to_close_the_clause() -> None:
    """"to the chairman, John Smith said": the chairman is someone else."""
    annotation = _one("In a letter to the chairman, Peter Lindgren said the vote was unfair.")
    assert _roles(annotation) == {"Peter Lindgren": None}
