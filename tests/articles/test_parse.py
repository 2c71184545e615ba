from __future__ import annotations

import pytest

from reader.articles import ImportRejected, article_id, parse_text
from reader.articles.parse import derive_title, find_dateline, is_caption, split_paragraphs


def test_seed_metadata_dateline_and_caption(seed_text: str) -> None:
    article = parse_text(seed_text, origin="seed")
    assert article.date == "2019-02-06"
    assert article.place == "Washington"
    assert article.source == "Reuters"
    assert article.origin == "seed"
    assert article.body.startswith("WASHINGTON (Reuters) - U.S. Secretary of State Mike Pompeo")
    assert article.meta["dateline"] == "WASHINGTON (Reuters) - "
    captions = [p for p in article.paragraphs if p.kind == "caption"]
    assert len(captions) == 1
    assert article.body[captions[0].start : captions[0].end].endswith("REUTERS/Kevin Lamarque")
    assert article.title.startswith("U.S. Secretary of State Mike Pompeo")
    assert 40 <= len(article.title) <= 101
    assert article.title.endswith("…")
    assert article.id == article_id(article.body)


def test_paragraphs_cover_body_with_blank_line_separators(seed_text: str) -> None:
    article = parse_text(seed_text)
    assert article.paragraphs[0].start == 0
    assert article.paragraphs[-1].end == len(article.body)
    for before, after in zip(article.paragraphs, article.paragraphs[1:]):
        assert article.body[before.end : after.start] == "\n\n"
    assert len(article.paragraphs) == seed_text.count("\n\n") + 1


def test_one_per_line_headers() -> None:
    text = "title Storm hits coast\ndate 2021-07-04\nauthor Jane Doe\nurl https://example.com/a\n\nMIAMI (AP) — A storm hit.\n\nSecond paragraph."
    article = parse_text(text)
    assert article.title == "Storm hits coast"
    assert article.date == "2021-07-04"
    assert article.author == "Jane Doe"
    assert article.url == "https://example.com/a"
    assert article.place == "Miami"
    assert article.source == "AP"
    assert article.body.startswith("MIAMI (AP) — A storm hit.")


def test_colon_headers_any_case() -> None:
    article = parse_text("Title: Budget passes\nDate: March 3, 2020\n\nThe budget passed on Tuesday.")
    assert article.title == "Budget passes"
    assert article.date == "2020-03-03"
    assert article.body == "The budget passed on Tuesday."


@pytest.mark.parametrize(
    "text",
    [
        "Title deeds to the farm were lost in the flood, officials said on Monday.",
        "title deeds were lost in the flood, officials said.",
        "date night is back, restaurant owners said.\n\nMore text here.",
        "Date 2019-99-99 is not a date.",
        "source close to the talks said nothing.",
        "title deeds were lost in the flood, officials said on Monday.\n\nMore text here.",
        "author Jane Austen's house in Chawton reopened to visitors this week.\n\nMore.",
    ],
)
def test_body_starting_with_a_key_word_is_not_eaten(text: str) -> None:
    article = parse_text(text)
    assert article.body.split()[:2] == text.split()[:2]
    assert article.date is None


def test_title_metadata_overrides_derived_title() -> None:
    article = parse_text("date 2020-01-01 title Ignored here because same line\n\nBody text.")
    # "title" on the same line as more text would eat the body: it must end its own line.
    assert article.date == "2020-01-01"
    assert article.title == "Ignored here because same line"


@pytest.mark.parametrize(
    ("opening", "place", "source"),
    [
        ("WASHINGTON (Reuters) - ", "Washington", "Reuters"),
        ("LONDON/PARIS (AP) — ", "London/Paris", "AP"),
        ("NEW YORK, May 3 (Reuters) - ", "New York", "Reuters"),
        ("RIO DE JANEIRO (Reuters) - ", "Rio de Janeiro", "Reuters"),
        ("ST. LOUIS, Mo. (AP) — ", "St. Louis, Mo.", "AP"),
        ("KYIV — ", "Kyiv", None),
        ("SÃO PAULO (Reuters) - ", "São Paulo", "Reuters"),
        ("МОСКВА (ТАСС) - ", "Москва", "ТАСС"),
        ("TOKYO (Kyodo News) - ", "Tokyo", "Kyodo News"),
        ("WASHINGTON/BEIJING, Oct 5 (Reuters) - ", "Washington/Beijing", "Reuters"),
    ],
)
def test_datelines(opening: str, place: str, source: str | None) -> None:
    dateline = find_dateline(opening + "Officials said on Monday that talks would resume.")
    assert dateline is not None
    assert dateline.text == opening
    assert dateline.place == place
    assert dateline.source == source


@pytest.mark.parametrize(
    "paragraph",
    ["U.S. - China talks resumed on Monday.", "Officials (Reuters) said so.", "A - B test", "NATO said on Monday it would act."],
)
def test_not_datelines(paragraph: str) -> None:
    assert find_dateline(paragraph) is None


@pytest.mark.parametrize(
    "paragraph",
    [
        "Protesters march in Paris, France, May 1, 2019. REUTERS/Gonzalo Fuentes",
        "A man walks past a closed shop in Berlin. REUTERS/Fabrizio Bensch/File Photo",
        "President Joe Biden speaks in the East Room. (AP Photo/Evan Vucci)",
        "Firefighters battle the blaze near Athens. Photo: Jane Smith",
        "The harbour at dawn. Photograph by Tom Jones",
        "Rescue workers search the rubble. AFP/Getty Images",
    ],
)
def test_captions(paragraph: str) -> None:
    assert is_caption(paragraph)


@pytest.mark.parametrize(
    "paragraph",
    [
        "“We will continue,” Pompeo said in remarks to reporters.",
        "The photo agency said it would appeal the ruling.",
        "Photos of the event circulated widely, officials said.",
    ],
)
def test_not_captions(paragraph: str) -> None:
    assert not is_caption(paragraph)


def test_derived_title_short_sentence_is_whole() -> None:
    assert derive_title("Stocks fell sharply on Monday. Investors fled.") == "Stocks fell sharply on Monday"


def test_derived_title_is_cut_at_clause_and_balanced() -> None:
    lead = (
        "The mayor of a small coastal town, who had promised voters a new harbour wall before the winter storms, "
        "said on Friday that the work would be delayed again."
    )
    title = derive_title(lead)
    assert title == "The mayor of a small coastal town, who had promised voters a new harbour wall…"


def test_derived_title_prefers_a_clause_boundary() -> None:
    lead = (
        "Officials in three provinces said on Wednesday that flood defences had held overnight, "
        "but warned that more rain was expected before the weekend in the north."
    )
    assert derive_title(lead) == "Officials in three provinces said on Wednesday that flood defences had held overnight…"


def test_derived_title_drops_a_dangling_quote() -> None:
    lead = "The minister described the plan as “a reckless gamble with the savings of millions of ordinary families” on Monday."
    title = derive_title(lead)
    assert title.count("“") == title.count("”")
    assert title.endswith("…") and len(title) <= 101


def test_derived_title_skips_dateline() -> None:
    article = parse_text("PARIS (Reuters) - France won the match.\n\nMore.")
    assert article.title == "France won the match"


def test_markdown_heading_becomes_title() -> None:
    article = parse_text("# Rain expected\n\nBERLIN (dpa) - Rain is\nexpected on Monday.\n\n- item one\n- item two", fmt="md")
    assert article.title == "Rain expected"
    assert article.body.startswith("BERLIN (dpa) - Rain is expected on Monday.")
    assert article.place == "Berlin"
    # list items are paragraphs of their own, with a bullet instead of "-"
    assert article.body.endswith("• item one\n\n• item two")
    assert [p.kind for p in article.paragraphs] == ["body", "item", "item"]


def test_markdown_front_matter() -> None:
    article = parse_text("---\ntitle: \"Front\"\ndate: 2022-02-02\n---\nBody here.", fmt="md")
    assert article.title == "Front"
    assert article.date == "2022-02-02"
    assert article.body == "Body here."


def test_hard_wrapped_lines_join_and_single_lines_split() -> None:
    assert split_paragraphs("one\ntwo\n\nthree") == ["one two", "three"]
    assert split_paragraphs("first para\nsecond para") == ["first para", "second para"]


def test_rich_markup_stays_literal() -> None:
    article = parse_text("He typed [bold]hello[/bold] and [link=https://evil.example]click[/link] twice.")
    assert "[bold]hello[/bold]" in article.body
    assert "[link=https://evil.example]click[/link]" in article.body


def test_escape_sequences_removed_from_body_and_title() -> None:
    article = parse_text("title Evil \x1b]0;pwned\x07title\n\nText \x1b[31mred\x1b[0m and \x1b]52;c;SGVsbG8=\x07clip.")
    assert "\x1b" not in article.body and "\x07" not in article.body
    assert article.body == "Text red and clip."
    assert article.title == "Evil title"


def test_only_metadata_is_rejected() -> None:
    with pytest.raises(ImportRejected, match="empty"):
        parse_text("date 2020-01-01\n\n   \n")


def test_same_text_same_id_despite_wrapping_and_quotes() -> None:
    a = parse_text("“Yes,” he said.\n\nSecond   paragraph\ncontinues.")
    b = parse_text("\"Yes,\" he said.\n\nSecond paragraph continues.\n")
    assert a.id == b.id
    assert len(a.id) == 16 and int(a.id, 16) >= 0


def test_case_change_changes_id() -> None:
    assert article_id("Hello world") != article_id("hello world")
    assert article_id("Hello   world\n") == article_id("Hello world")
