"""Who said it, end to end (tagger, figures, speaker model): each form of
issue 11 — the cues, sources that are not people, pronouns, the subject
over the object — and the typical misses the issue quotes."""

from __future__ import annotations

import json

import pytest

from reader.nlp import annotate, speakers
from reader.nlp.gender import gender_of, spelling_gender


def said(text: str) -> list[tuple[str | None, str | None]]:
    return [(q.speaker, q.speaker_kind) for q in annotate(text).quotes]


# -- cues -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # The typical misses.
        ("Hillary Clinton praised the plan.\n\n“It is a wonderful day for all of us,” Clinton gushed.", "Hillary Clinton"),
        ("Michael Henry covers the campaign.\n\n“The candidate looked tired and angry tonight,” Henry reports.", "Michael Henry"),
        ("Mary Smith wrote home on Monday.\n\n“I will be home for the holidays this year,” she emailed her daughter.", "Mary Smith"),
        # The range of speech and writing verbs.
        ("Donald Trump was awake early.\n\n“The debate was rigged from the start,” Trump tweeted.", "Donald Trump"),
        ("Senator Elizabeth Warren wrote an op-ed.\n\n“Wall Street must be held to account,” Warren wrote.", "Elizabeth Warren"),
        ("“We will not back down from this fight,” Mayor Bill de Blasio insisted.", "Bill de Blasio"),
        ("“Get out of here right now,” John Miller shouted at the crowd.", "John Miller"),
        ("“This could lead to a wider war in the region,” General James Mattis warned.", "James Mattis"),
    ],
)
def test_speech_and_writing_verbs(text: str, speaker: str) -> None:
    assert said(text) == [(speaker, "person")]


def test_according_to() -> None:
    text = "Growth will slow next year, according to Janet Yellen, who said “the recovery is solid.”"
    assert said(text) == [("Janet Yellen", "person")]


def test_in_a_statement_with_a_colon() -> None:
    text = "In a statement, Senator Ted Cruz said: “We will fight this bill with everything we have.”"
    assert said(text) == [("Ted Cruz", "person")]


def test_colon_introduced_quote() -> None:
    text = "Paul Ryan told reporters: “The House will vote on the measure next week.”"
    assert said(text) == [("Paul Ryan", "person")]


def test_told_x_the_speaker_is_the_subject_not_the_listener() -> None:
    text = "“We need more money for the schools,” Mayor Rahm Emanuel told Barack Obama."
    assert said(text) == [("Rahm Emanuel", "person")]


def test_speaker_named_in_the_sentence_before_without_a_verb() -> None:
    text = (
        "Coach Dan Olsen spoke after the game.\n\n“We played badly and we deserved to lose.” Olsen was blunt. "
        "“Nobody on this team played well tonight.”"
    )
    assert said(text) == [("Dan Olsen", "person"), ("Dan Olsen", "person")]


# -- the subject over the object ----------------------------------------------


def test_subject_wins_over_object() -> None:
    # Issue 11: attributed to Clinton by the landed code.
    text = (
        "Barack Obama went on to praise Hillary Clinton. “She is so much better qualified than anyone "
        "who has run for the office,” he said."
    )
    assert said(text) == [("Barack Obama", "person")]


def test_subject_sends_an_email_then_gushes() -> None:
    text = (
        "Secretary of State Hillary Clinton sent a flattering email to Barack Obama on Tuesday. "
        "“I thought your press conference was terrific and so did everyone else,” Clinton gushed."
    )
    assert said(text) == [("Hillary Clinton", "person")]


# -- sources that are not people ------------------------------------------------


@pytest.mark.parametrize(
    ("text", "speaker", "kind"),
    [
        ("“The decision was made without consulting the allies,” The Washington Post reported.", "Washington Post", "organization"),
        ("“The operation will go on until all targets are destroyed,” the Kremlin said in a statement.", "Kremlin", "organization"),
        ("“There is no evidence of any wrongdoing by the minister,” a senior official said.", "a senior official", "description"),
        ("“The numbers do not add up for the campaign,” the newspaper said.", "the newspaper", "description"),
        ("“We will not allow this to happen again,” officials said on Monday.", "officials", "description"),
        # A court filing of a named person is not that person.
        (
            "However, Ivana Trump’s brief said that was not her view and dismissed those reports as "
            "“previous misinterpreted statements and allegations.”",
            "Ivana Trump’s brief",
            "description",
        ),
    ],
)
def test_non_person_source_is_shown_as_written(text: str, speaker: str, kind: str) -> None:
    assert said(text) == [(speaker, kind)]


def test_a_person_named_nearby_is_not_put_on_a_non_person_source() -> None:
    text = (
        "Donald Trump spoke in Ohio on Monday.\n\n"
        "“The plan would add trillions to the national debt,” the newspaper said."
    )
    (quote,) = annotate(text).quotes
    assert quote.person is None
    assert (quote.speaker, quote.speaker_kind) == ("the newspaper", "description")


def test_owner_of_a_spokesman_is_not_the_speaker() -> None:
    text = "“No comment on the report,” a Trump spokesman said."
    (quote,) = annotate(text).quotes
    assert quote.person is None and quote.speaker_kind == "description"


def test_a_person_the_tagger_took_for_an_organisation_is_still_a_person() -> None:
    # The tagger reads "Vann R. Newkirk II" as an organisation; a first
    # name, a middle initial and a surname say otherwise.
    text = "“The party has a problem,” wrote Vann R. Newkirk II, a writer for The Atlantic."
    assert said(text) == [("Vann R. Newkirk II", "person")]


# -- pronouns --------------------------------------------------------------------


def test_pronoun_takes_the_person_of_its_gender_from_the_first_name() -> None:
    text = "John Kerry met Angela Merkel in Berlin on Friday.\n\n“Our alliance is stronger than ever before,” she said."
    assert said(text) == [("Angela Merkel", "person")]
    text = "Angela Merkel met John Kerry in Berlin on Friday.\n\n“Our alliance is stronger than ever before,” he said."
    assert said(text) == [("John Kerry", "person")]


def test_pronoun_gender_from_titles() -> None:
    text = "Mr. Smith met Mrs. Jones in the park.\n\n“I have waited for this day for many years,” she said."
    assert said(text) == [("Jones", "person")]


def test_pronoun_prefers_the_previous_sentence_subject_to_its_object() -> None:
    text = "Bernie Sanders criticised Tim Kaine on Monday.\n\n“The plan is a gift to the big banks,” he said."
    assert said(text) == [("Bernie Sanders", "person")]


def test_pronoun_takes_the_figure_the_paragraph_is_about() -> None:
    text = (
        "Ambassador Nikki Haley arrived in New York. Haley met reporters at the United Nations, where "
        "Samantha Power had spoken the day before.\n\n"
        "“We will hold them to account for what they have done,” she said."
    )
    assert said(text) == [("Nikki Haley", "person")]


def test_a_lone_figure_takes_the_pronoun_its_first_name_was_guessed_against() -> None:
    # The spelling model guesses "Morag" (not in the names corpus) male; with
    # no other figure in reach the article's "She" settles it.
    text = "The boat came in late. “It was rough out there,” said skipper Morag Stewart. She added: “We lost two creels.”"
    assert said(text) == [("Morag Stewart", "person"), ("Morag Stewart", "person")]
    text = text.replace("Morag", "Mary")
    assert said(text) == [("Mary Stewart", "person"), ("Mary Stewart", "person")]


def test_a_figure_guessed_against_the_pronoun_loses_to_one_that_agrees() -> None:
    text = (
        "Skipper Morag Stewart met harbour master Mary MacLeod on the quay.\n\n"
        "“Nobody goes out today,” she said."
    )
    assert said(text) == [("Mary MacLeod", "person")]
    text = (
        "Skipper Ewan MacLeod met harbour master Fiona Stewart on the quay.\n\n"
        "“Nobody goes out today,” she said."
    )
    assert said(text) == [("Fiona Stewart", "person")]


def test_roles_before_names_stay_out_of_the_name_and_the_attribution() -> None:
    cases = {
        "“It was rough out there,” said skipper Morag Stewart.": ("Morag Stewart", "skipper"),
        "“The harbour is closed,” said harbour master Ewan MacLeod.": ("Ewan MacLeod", "harbour master"),
        "“We will fix the NHS,” said health secretary Wes Streeting.": ("Wes Streeting", "health secretary"),
        "Harbour master Ewan MacLeod said: “The harbour is closed.”": ("Ewan MacLeod", "Harbour master"),
        "“It was rough,” the skipper, Morag Stewart, said.": ("Morag Stewart", "skipper"),
    }
    for text, (name, role) in cases.items():
        result = annotate(text)
        assert [(f.name, f.role) for f in result.figures] == [(name, role)], text
        assert [(q.speaker, q.speaker_kind) for q in result.quotes] == [(name, "person")], text


def test_a_name_the_model_is_unsure_of_gets_no_gender() -> None:
    assert gender_of("Donald") == "m"
    assert gender_of("Elizabeth") == "f"
    assert spelling_gender("Kelly") is None and gender_of("Kelly") is None  # in both lists of the names corpus
    assert gender_of("x") is None and gender_of("de") is None


def test_names_news_text_settled_get_their_gender_where_spelling_cannot_tell() -> None:
    # In both lists of the names corpus: the spelling model stays unsure.
    for name in ("Hillary", "Chris", "Bernie", "Bill"):
        assert spelling_gender(name) is None, name
    # PolNeAR train's pronouns settle them (tools/train_name_gender.py).
    assert [gender_of(n) for n in ("Hillary", "Chris", "Bernie", "Bill")] == ["f", "m", "m", "m"]
    table = speakers.load_model()["gender"]["names"]
    assert table["hillary"] == "f" and len(table) < 100
    assert all(spelling_gender(name.capitalize()) != g for name, g in table.items())  # corrections only


@pytest.fixture
def without_name_table():  # type: ignore[no-untyped-def]
    """The speaker model as it would be without the first-name table."""
    table = speakers.load_model()["gender"].pop("names")
    gender_of.cache_clear()
    yield
    speakers.load_model()["gender"]["names"] = table
    gender_of.cache_clear()


CHRIS_TEXT = (
    "John Smith said on Monday that the plan would fail. Chris Christie, asked about it, disagreed. "
    "“It will work,” he said."
)


def test_a_pronoun_finds_a_figure_whose_first_name_the_table_settled() -> None:
    # "Chris" is unknown to the spelling model; the table makes him a man,
    # as sure an antecedent for "he" as John Smith, and the nearer subject.
    assert said(CHRIS_TEXT) == [("Chris Christie", "person")]


def test_without_the_name_table_the_pronoun_goes_to_the_sure_man(without_name_table) -> None:  # type: ignore[no-untyped-def]
    assert said(CHRIS_TEXT) == [("John Smith", "person")]


HILLARY_TEXT = (
    "When I asked Bernie Sanders if he would ever endorse Hillary Clinton, he looked into my camera and laughed. "
    "He is backing Hillary Clinton -- not me -- and he says he will help her.\n\n"
    "Mary Jones, a lawyer in Ohio, spoke for the campaign on Monday.\n\n"
    "Later Hillary Clinton came to the town hall. “We will win this state,” she said."
)


def test_a_settled_first_name_outweighs_a_pronoun_or_two_that_mean_somebody_else() -> None:
    # "endorse Hillary Clinton, he looked", "backing Hillary Clinton -- … and
    # he says": two votes for "he" after her name, both Sanders's.
    assert said(HILLARY_TEXT) == [("Hillary Clinton", "person")]


def test_without_the_name_table_those_votes_make_her_a_man(without_name_table) -> None:  # type: ignore[no-untyped-def]
    assert said(HILLARY_TEXT) == [("Mary Jones", "person")]


def test_his_or_her_in_a_relative_clause_after_a_name_gives_its_gender() -> None:
    # "Sandy" is in both lists of the names corpus; "who lost her daughter"
    # makes Sandy Phillips a woman, the nearer subject for "she".
    assert gender_of("Sandy") is None
    text = (
        "“It is shameful,” Erica Smith said.\n\n"
        "Sandy Phillips, who lost her daughter in the shooting, said that the senator had been rude.\n\n"
        "“He promised to meet with us,” she said."
    )
    assert said(text) == [("Erica Smith", "person"), ("Sandy Phillips", "person")]
    # Outside a relative clause "her" is as often somebody else: no vote.
    text = text.replace("Sandy Phillips, who lost her daughter", "Sandy Phillips lost her daughter")
    assert said(text) == [("Erica Smith", "person"), ("Erica Smith", "person")]


def test_according_to_reaches_a_person_past_a_title_and_its_organisation() -> None:
    # The words right after "according to" are the organisation of a title
    # ("Virginia AFL-CIO President"); the source is the person it names.
    text = (
        "Pressure is building on Terry McAuliffe, who was greeted with chants of \"Bobby!\" at a labor "
        "conference in Williamsburg last month, according to Virginia AFL-CIO President Doris Crouse-Mays."
    )
    assert said(text) == [("Doris Crouse-Mays", "person")]


def test_a_name_followed_by_its_affiliation_is_still_the_sentence_subject() -> None:
    # "Dan McLaughlin at the National Review agreed": "at" starts where he
    # works, it does not make the name a modifier ("Clinton aide …").
    text = (
        "“Pence won the night,” Chris Matthews said on MSNBC.\n\n"
        "Dan McLaughlin at the National Review agreed with Matthews about the winner. "
        "“Pence succeeded with flying colors,” he wrote."
    )
    assert said(text) == [("Chris Matthews", "person"), ("Dan McLaughlin", "person")]


# -- the shipped model -------------------------------------------------------------


def test_model_file_is_plain_json_and_checked(tmp_path) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(speakers.MODEL_FILE.read_text(encoding="utf-8"))
    assert data["format"] == speakers.FORMAT
    assert data["ranker"] and data["gender"]["weights"]
    assert speakers.MODEL_FILE.stat().st_size < 1_000_000
    wrong = tmp_path / "other.json"
    wrong.write_text(json.dumps({"format": 99}), encoding="utf-8")
    with pytest.raises(ValueError, match="not a reader speaker model"):
        speakers.load_model.__wrapped__(str(wrong))


def test_json_has_speaker_kind() -> None:
    text = "“Prices will rise,” the ministry said. “We will stay,” said Mike Pompeo."
    data = annotate(text).to_dict()
    assert [(q["speaker"], q["speaker_kind"]) for q in data["quotes"]] == [
        ("the ministry", "description"),
        ("Mike Pompeo", "person"),
    ]


def _candidates_with(text: str, tagged: list[tuple[str, str]]) -> dict[str, tuple[str, str | None]]:
    """Each tagged span's candidate (kind, person's name) when the tagger
    reads ``text`` as ``tagged`` (label, words; each at its first
    occurrence after the one before)."""
    from reader.domain import Entity
    from reader.nlp.quotes import find_quotes, paragraph_spans
    from reader.nlp.tokenize import sentence_spans, word_spans

    entities, pos = [], 0
    for label, words in tagged:
        start = text.index(words, pos)
        entities.append(Entity(start, start + len(words), words, label))
        pos = start + len(words)
    ctx = speakers.build_context(
        text, find_quotes(text), paragraph_spans(text), sentence_spans(text), word_spans(text), [], entities
    )
    return {text[c.start : c.end]: (c.kind, c.name) for c in ctx.candidates if c.start in {e.start for e in entities}}


def test_a_person_ending_a_longer_name_the_tagger_took_for_no_person_is_a_person() -> None:
    # What the entity model tags in PolNeAR articles: a title run into the
    # name, a name tagged as a place or as MISC, a word the tagger ran on
    # past the name; the surname alone later on is the same person.
    text = (
        "Underdog conservative Assemblywoman Claudia Tenney won her primary.\n\n"
        "“I’m not afraid to stand up to the establishment,” Tenney said.\n\n"
        "According to Maria Praeli, the ads ran in Spanish. “There are new tactics,” Praeli said.\n\n"
        "In a statement by Post Editor-in-Chief Martin Baron, the plans were set out. “We will dig,” Baron said.\n\n"
        "Supreme Court Justice Sonia Sotomayor referring to the case spoke. “The law is clear,” Sotomayor said."
    )
    tagged = [
        ("ORGANIZATION", "Assemblywoman Claudia Tenney"),
        ("ORGANIZATION", "Tenney"),
        ("LOCATION", "Maria Praeli"),
        ("MISC", "Spanish"),
        ("ORGANIZATION", "Praeli"),
        ("MISC", "Post Editor-in-Chief Martin Baron"),
        ("ORGANIZATION", "Baron"),
        ("ORGANIZATION", "Supreme Court Justice Sonia Sotomayor referring"),
        ("LOCATION", "Sotomayor"),
    ]
    got = _candidates_with(text, tagged)
    assert got["Assemblywoman Claudia Tenney"] == ("person", "Claudia Tenney")
    assert got["Tenney"] == ("person", "Claudia Tenney")
    assert got["Maria Praeli"] == ("person", "Maria Praeli")
    assert got["Praeli"] == ("person", "Maria Praeli")
    assert got["Baron"] == ("person", "Martin Baron")
    assert got["Sotomayor"] == ("person", "Sonia Sotomayor")


def test_a_name_the_tagger_gives_in_full_again_and_again_as_no_person_is_a_company() -> None:
    # "Wells Fargo" is written like a person (Wells is a first name in the
    # tagger's lists); named in full five times, as no person each time,
    # it is a company, and "Fargo" alone is no person either.
    text = (
        "Wells Fargo fired staff. Wells Fargo paid a fine. Wells Fargo apologised.\n\n"
        "“We regret it,” Wells Fargo said. Wells Fargo shares fell. Fargo rose later."
    )
    tagged = [("ORGANIZATION", "Wells Fargo")] * 3 + [("LOCATION", "Wells Fargo"), ("ORGANIZATION", "Wells Fargo")]
    tagged += [("ORGANIZATION", "Fargo")]
    got = _candidates_with(text, tagged)
    assert got["Wells Fargo"] == ("organization", None)
    assert got["Fargo"] == ("organization", None)


def test_a_person_speaker_the_figures_missed_is_listed_as_a_figure() -> None:
    # A quote's person is always a figure's name (the side panel lists it),
    # also when the tagger took the person for an organisation.
    text = "“The party has a problem,” wrote Vann R. Newkirk II, a writer for The Atlantic."
    annotation = annotate(text)
    names = [f.name for f in annotation.figures]
    assert [q.person for q in annotation.quotes] == ["Vann R. Newkirk II"]
    assert names.count("Vann R. Newkirk II") == 1
    (figure,) = [f for f in annotation.figures if f.name == "Vann R. Newkirk II"]
    assert text[figure.mentions[0][0] : figure.mentions[0][1]] == "Vann R. Newkirk II"


def test_a_context_built_from_the_kept_words_equals_one_cut_from_the_text() -> None:
    # The attribution hands build_context the words kept from tokenizing
    # (tokenize.words); lowering those must give what cutting each token out
    # of the text gives, candidates and all (a shadowed parameter once made
    # the two lists differ in length and every article fail).
    from reader.nlp.figures import build_figures
    from reader.nlp.ner import tag_entities
    from reader.nlp.quotes import find_quotes, paragraph_spans
    from reader.nlp.tokenize import sentence_spans, word_spans, words

    text = (
        "WASHINGTON (AP) — Senator Jane Doe, a spokeswoman for the İstanbul office, said on Monday that "
        "the plan would go ahead.\n\n“We are ready,” she said. The chief executive, Mr. O’Brien, "
        "disagreed: “Not yet,” said the official, who asked not to be named. ΣΟΦΙΑ said so too."
    )
    sentences = sentence_spans(text)
    analysis = build_figures(text, tag_entities(text, sentences))
    args = (text, find_quotes(text), paragraph_spans(text), sentences, word_spans(text),
            analysis.mentions, analysis.entities)
    cut = speakers.build_context(*args)
    kept = speakers.build_context(*args, None, words(text))
    assert kept.lows == cut.lows and len(kept.lows) == len(kept.tokens)
    assert kept.candidates == cut.candidates and len(cut.candidates) > 3
