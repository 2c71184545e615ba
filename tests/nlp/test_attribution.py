"""Attribution: each form of saying who spoke, with hand-made PERSON lists
(so these tests pin the rules, not the tagger)."""

from __future__ import annotations

from reader.domain import Entity, Quote
from reader.nlp.attribution import attribute
from reader.nlp.figures import build_figures
from reader.nlp.quotes import find_quotes, paragraph_spans
from reader.nlp.tokenize import sentence_spans


def persons(text: str, names: tuple[str, ...]) -> list[Entity]:
    out: list[Entity] = []
    for name in sorted(names, key=len, reverse=True):
        start = text.find(name)
        while start >= 0:
            end = start + len(name)
            if not any(e.start < end and start < e.end for e in out):
                out.append(Entity(start, end, name, "PERSON"))
            start = text.find(name, end)
    return sorted(out, key=lambda e: e.start)


def said(text: str, *names: str) -> list[tuple[str, str | None, str | None]]:
    """(quote text, speaker, the words the attribution was read from)."""
    analysis = build_figures(text, persons(text, names))
    paragraphs = paragraph_spans(text)
    quotes = attribute(text, find_quotes(text, paragraphs), paragraphs, sentence_spans(text), analysis)
    return [
        (q.text, q.speaker, text[q.speaker_mention[0] : q.speaker_mention[1]] if q.speaker_mention else None)
        for q in quotes
    ]


def speakers(text: str, *names: str) -> list[str | None]:
    return [speaker for _, speaker, _ in said(text, *names)]


def quotes_of(text: str, *names: str) -> list[Quote]:
    analysis = build_figures(text, persons(text, names))
    paragraphs = paragraph_spans(text)
    return attribute(text, find_quotes(text, paragraphs), paragraphs, sentence_spans(text), analysis)


def kinds(text: str, *names: str) -> list[str | None]:
    return [q.speaker_kind for q in quotes_of(text, *names)]


def persons_of(text: str, *names: str) -> list[str | None]:
    """The person each quote is given (never a non-person source's name)."""
    return [q.person for q in quotes_of(text, *names)]


def test_name_then_verb_after_the_quote() -> None:
    text = "Mike Pompeo arrived.\n\n“We will stay,” Pompeo said on Wednesday."
    assert said(text, "Mike Pompeo", "Pompeo") == [("“We will stay,”", "Mike Pompeo", "Pompeo")]


def test_verb_then_name_after_the_quote() -> None:
    text = "“We will stay,” said Pompeo, adding that the fight goes on."
    assert said(text, "Pompeo") == [("“We will stay,”", "Pompeo", "Pompeo")]


def test_verb_then_titled_name_after_the_quote() -> None:
    text = "“They can come back,” said Army General Joseph Votel."
    assert said(text, "Joseph Votel") == [("“They can come back,”", "Joseph Votel", "Joseph Votel")]


def test_told_a_hearing() -> None:
    text = "“We do have to keep pressure on this network,” Votel told a Senate hearing."
    assert speakers(text, "Votel") == ["Votel"]


def test_colon_after_the_verb_before_the_quote() -> None:
    text = "Pompeo said: “We will stay.”"
    assert said(text, "Pompeo") == [("“We will stay.”", "Pompeo", "Pompeo")]


def test_name_colon_before_the_quote() -> None:
    text = "Pompeo: “We will stay.”"
    assert speakers(text, "Pompeo") == ["Pompeo"]


def test_according_to() -> None:
    text = "The plan is “dead on arrival,” according to Senator Jane Roe."
    assert speakers(text, "Jane Roe") == ["Jane Roe"]


def test_he_added_resolves_to_the_previous_speaker() -> None:
    text = "“We need your help,” Pompeo said.\n\n“Those requests will come soon,” he added, without elaborating."
    assert said(text, "Pompeo")[1] == ("“Those requests will come soon,”", "Pompeo", "he")


def test_he_told_x_is_the_speaker_not_the_listener() -> None:
    text = "“The coalition must continue,” Pompeo said. “Mr. Foreign Minister, we’re with you,” he told Hakim."
    assert said(text, "Pompeo", "Hakim") == [
        ("“The coalition must continue,”", "Pompeo", "Pompeo"),
        ("“Mr. Foreign Minister, we’re with you,”", "Pompeo", "he"),
    ]


def test_pronoun_skips_a_figure_of_the_other_gender() -> None:
    text = "Mr. Tom Hill met Mrs. Ann Lee.\n\n“It went well,” she said."
    assert speakers(text, "Tom Hill", "Ann Lee") == ["Ann Lee"]


def test_pronoun_prefers_a_subject_over_a_prepositional_object() -> None:
    text = "“It went well,” Hill said, standing next to Lee.\n\n“We agreed,” he added."
    assert speakers(text, "Hill", "Lee") == ["Hill", "Hill"]


def test_following_quote_in_the_paragraph_takes_the_same_speaker() -> None:
    text = "“We will stay,” Pompeo said. “The fight goes on.”"
    assert speakers(text, "Pompeo") == ["Pompeo", "Pompeo"]


def test_continuation_paragraph_carries_the_previous_speaker() -> None:
    text = "“We will stay,” Pompeo said.\n\n“The fight goes on.”\n\n“And on.”\n\nLater, news."
    assert speakers(text, "Pompeo") == ["Pompeo", "Pompeo", "Pompeo"]


def test_paragraph_that_does_not_open_with_the_quote_is_no_continuation() -> None:
    text = "“We will stay,” Pompeo said.\n\nThe army calls it “a tactical change.”"
    assert persons_of(text, "Pompeo") == ["Pompeo", None]


def test_multi_paragraph_quote_pieces_share_the_speaker() -> None:
    text = "Votel spoke first.\n\n“Our mission is clear.\n\n“Those requests will come soon,” Pompeo said."
    assert speakers(text, "Votel", "Pompeo") == ["Pompeo", "Pompeo"]


def test_partial_quote_in_reported_speech_goes_to_the_subject() -> None:
    text = (
        "Iraqi Foreign Minister Mohamed al-Hakim, speaking after Pompeo, called on countries "
        "to help expose Islamic State “sleeper cells” in Iraq."
    )
    assert speakers(text, "Mohamed al-Hakim", "Pompeo") == ["Mohamed al-Hakim"]


def test_partial_quote_subject_is_not_the_possessive_in_a_parenthesis() -> None:
    text = (
        "Mohamed al-Hakim spoke.\n\nOn Wednesday, Hakim, apparently responding to Trump’s comment, "
        "called on countries to show full “respect for the territorial integrity of Iraq.”"
    )
    assert said(text, "Mohamed al-Hakim", "Hakim", "Trump")[0][1:] == ("Mohamed al-Hakim", "Hakim")


def test_partial_quote_subject_is_the_sayer_not_the_nearest_name() -> None:
    text = (
        "However, Iraqi President Barham Salih said on Monday that Trump did not ask Iraq’s "
        "permission for U.S. troops stationed there to “watch Iran.” The United States is an ally."
    )
    assert speakers(text, "Barham Salih", "Trump") == ["Barham Salih"]


def test_pronoun_subject_of_reported_speech() -> None:
    text = "Pompeo arrived.\n\nHe said the drawdown was “a tactical change.”"
    assert said(text, "Pompeo") == [("“a tactical change.”", "Pompeo", "He")]


def test_unnamed_speaker_is_final_not_guessed() -> None:
    text = "“We will stay,” Pompeo said.\n\n“That is not true,” a ministry spokesman said."
    assert speakers(text, "Pompeo") == ["Pompeo", "a ministry spokesman"]
    assert kinds(text, "Pompeo") == ["person", "description"]


def test_possessive_subject_is_not_the_speaker() -> None:
    text = "“No comment,” Trump’s spokesman said."
    assert speakers(text, "Trump") == ["Trump’s spokesman"]
    assert kinds(text, "Trump") == ["description"]


def test_scare_quote_without_a_speech_verb_has_no_speaker() -> None:
    text = "Pompeo arrived.\n\nThe “America First” policy is popular."
    assert speakers(text, "Pompeo") == [None]


def test_speaker_named_between_two_quotes_without_a_verb() -> None:
    # Issue 11's "“…” Olsen was blunt. “…”": the sentence between names him.
    text = (
        "Coach Olsen spoke after the game.\n\n“We played badly and we deserved to lose.” Olsen was blunt. "
        "“Nobody on this team played well tonight.”"
    )
    assert speakers(text, "Olsen") == ["Olsen", "Olsen"]


def test_question_mark_then_attribution() -> None:
    text = "“Why now?” Salih asked."
    assert speakers(text, "Salih") == ["Salih"]


def test_straight_quotes_attribute_the_same() -> None:
    text = 'Mike Pompeo arrived.\n\n"We will stay," Pompeo said. "The fight goes on," he added.'
    assert speakers(text, "Mike Pompeo", "Pompeo") == ["Mike Pompeo", "Mike Pompeo"]


def test_speaker_mention_is_a_span_of_the_text() -> None:
    text = "“We will stay,” Pompeo said."
    (quote,) = said(text, "Pompeo")
    assert quote[2] == "Pompeo"


def test_agency_quoted_x_as_saying() -> None:
    text = "“Lebed is in Chechnya,” Interfax quoted Viktor Chernomyrdin as saying."
    assert said(text, "Viktor Chernomyrdin") == [
        ("“Lebed is in Chechnya,”", "Viktor Chernomyrdin", "Viktor Chernomyrdin")
    ]


def test_verb_then_common_noun_then_apposition_name() -> None:
    text = "“I feel terrible,” said the tourist, Khaled Hijazi, 37."
    assert speakers(text, "Khaled Hijazi") == ["Khaled Hijazi"]


def test_quote_opening_a_sentence_continues_the_reported_speech_before_it() -> None:
    text = (
        "Donald Tsang spoke.\n\nLater, Mike Pompeo spoke too.\n\n"
        "He acknowledged that many people had left. “But for most of us, this is home.”"
    )
    assert speakers(text, "Donald Tsang", "Mike Pompeo") == ["Mike Pompeo"]


def test_pronoun_prefers_the_sentence_subject_over_a_later_subordinate_name() -> None:
    text = (
        "Hill won the next point and said later that Jansher was honest.\n\n"
        "“I changed my strategy,” he added."
    )
    assert speakers(text, "Hill", "Jansher") == ["Hill"]


def test_pronoun_does_not_reach_back_past_two_paragraphs() -> None:
    text = (
        "“We need food,” said Rajab Adinayev.\n\nThe town was in ruins.\n\n"
        "Several people spoke.\n\nOne old man said his sons had left. “We just need to stop the war,” he said."
    )
    assert speakers(text, "Rajab Adinayev") == ["Rajab Adinayev", None]


def test_repeated_he_said_keeps_to_the_first_resolution() -> None:
    text = (
        "“It is over,” said Joseph Bernardin.\n\nIn 14 years, he built an image.\n\n"
        "“I have time left,” he said.\n\nThe church grew.\n\n“Death is natural,” he said."
    )
    assert speakers(text, "Joseph Bernardin") == ["Joseph Bernardin"] * 3


def test_nickname_in_quotes_is_not_speech() -> None:
    text = "Duran will fight Hector “Macho” Camacho, Duran said on Friday he hopes."
    assert speakers(text, "Duran", "Hector", "Camacho") == [None]


def test_passive_naming_verb_is_not_speech() -> None:
    text = "Margaret Thatcher, dubbed the “Iron Lady” for her style, left."
    assert speakers(text, "Margaret Thatcher") == [None]


def test_passive_speech_verb_subject_is_not_the_speaker() -> None:
    text = "Jens Gust was threatened, then questioned on suspicion of “promoting hostile activities”, the magazine said."
    assert speakers(text, "Jens Gust") == ["the magazine"]
    assert kinds(text, "Jens Gust") == ["description"]


def test_name_inside_the_predicate_is_not_the_subject() -> None:
    text = (
        "The Security Council condemned the coup by retired major Pierre Buyoya and said in a resolution "
        "it would talk with all parties “without exception”."
    )
    assert speakers(text, "Pierre Buyoya") == ["The Security Council"]
    assert kinds(text, "Pierre Buyoya") == ["organization"]


def test_unnamed_speaker_in_between_takes_the_pronoun() -> None:
    text = (
        "Jens Gust was entertaining guests.\n\nThe ministry spokesman said the embassy protested.\n\n"
        "The ambassador heard “disapproval of this breach”, he added."
    )
    assert speakers(text, "Jens Gust") == [None]


def test_long_subject_before_the_verb() -> None:
    text = "“They entered this morning,” Faik Nerweyi of the Kurdistan Democratic Party (KDP) told Reuters."
    assert speakers(text, "Faik Nerweyi") == ["Faik Nerweyi"]


def test_speaker_named_but_not_a_figure_is_not_replaced_by_a_guess() -> None:
    text = "“We will stay,” Pompeo said. “Not so fast,” said Interfax."
    assert speakers(text, "Pompeo") == ["Pompeo", "Interfax"]
    assert kinds(text, "Pompeo") == ["person", "organization"]
