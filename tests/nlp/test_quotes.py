"""Quote finding: every form of direct quote, and bad input that must not hurt."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.nlp.quotes import QuoteSpan, find_quotes, paragraph_spans


def texts(text: str) -> list[str]:
    return [text[q.start : q.end] for q in find_quotes(text)]


def test_curly_quotes() -> None:
    text = "“We will win,” he said. “The fight goes on.”"
    assert texts(text) == ["“We will win,”", "“The fight goes on.”"]


def test_straight_quotes() -> None:
    text = 'He said "yes" and then "no, never," before leaving.'
    assert texts(text) == ['"yes"', '"no, never,"']


def test_straight_quotes_with_punctuation_after_close() -> None:
    text = 'It was "a tactical change". Then "another one"; done.'
    assert texts(text) == ['"a tactical change"', '"another one"']


def test_single_quotes_nested_inside_stay_in_the_quote() -> None:
    text = "“He told me ‘never again’ and left,” she said."
    assert texts(text) == ["“He told me ‘never again’ and left,”"]


def test_apostrophes_are_not_quote_marks() -> None:
    text = "We’ve seen Iraq’s and the countries’ leaders say “we’re ready” today."
    assert texts(text) == ["“we’re ready”"]


def test_partial_quote_in_reported_speech() -> None:
    text = "Hakim called on countries to help expose Islamic State “sleeper cells” in Iraq."
    assert texts(text) == ["“sleeper cells”"]


def test_start_and_end_include_the_marks() -> None:
    text = "x “abc” y"
    (q,) = find_quotes(text)
    assert (q.start, q.end) == (2, 7)
    assert text[q.start] == "“" and text[q.end - 1] == "”"


def test_multi_paragraph_quote_is_one_piece_per_paragraph_in_one_chain() -> None:
    text = (
        "“Our mission is unwavering,” Pompeo said. “To that end, we ask partners to help.\n\n"
        "“Those requests are likely to come very soon,” he added.\n\n"
        "Later news."
    )
    quotes = find_quotes(text)
    assert [text[q.start : q.end] for q in quotes] == [
        "“Our mission is unwavering,”",
        "“To that end, we ask partners to help.",
        "“Those requests are likely to come very soon,”",
    ]
    assert [q.closed for q in quotes] == [True, False, True]
    assert quotes[1].chain == quotes[2].chain != quotes[0].chain


def test_three_paragraph_quote_chains_all_pieces() -> None:
    text = "“One.\n\n“Two.\n\n“Three,” she said."
    quotes = find_quotes(text)
    assert len(quotes) == 3
    assert len({q.chain for q in quotes}) == 1
    assert [q.closed for q in quotes] == [False, False, True]


def test_unbalanced_opening_mark_does_not_swallow_the_article() -> None:
    text = "He said “this never closes.\n\nNext paragraph has “a real quote” in it.\n\nAnd more."
    assert texts(text) == ["“a real quote”"]


def test_unbalanced_closing_marks_are_ignored() -> None:
    text = "Stray” marks” everywhere, but “this” counts."
    assert texts(text) == ["“this”"]


def test_reopened_quote_drops_the_stray_opener() -> None:
    text = "He said “one and then “two” ended."
    assert texts(text) == ["“two”"]


def test_quote_never_crosses_a_paragraph_boundary_without_the_convention() -> None:
    text = "He said “no.\n\nShe said yes” and left."
    for q in find_quotes(text):
        assert "\n" not in text[q.start : q.end]


def test_empty_quotes_and_empty_input() -> None:
    assert find_quotes("") == []
    assert find_quotes("   \n\n ") == []
    assert texts("an empty “” quote and “ ” blank") == []


def test_one_paragraph_per_line_without_blank_lines() -> None:
    text = "First line\nSecond “line” here\nThird"
    assert paragraph_spans(text) == [(0, 10), (11, 29), (30, 35)]


def test_quote_open_at_a_line_end_runs_on_when_the_next_line_closes_it() -> None:
    text = "First “line\nSecond” line"
    assert paragraph_spans(text) == [(0, 24)]
    assert texts(text) == ["“line\nSecond”"]


def test_single_newlines_are_wrapping_when_blank_lines_exist() -> None:
    text = "He said “this is\nwrapped,” plainly.\n\nNext."
    assert texts(text) == ["“this is\nwrapped,”"]


def test_large_input_is_linear_and_complete() -> None:
    paragraph = "“We will continue,” Pompeo said. He called them “sleeper cells” today.\n\n"
    text = paragraph * (1_000_000 // len(paragraph))
    quotes = find_quotes(text)
    assert len(quotes) == 2 * (1_000_000 // len(paragraph))
    assert all(text[q.start] == "“" and text[q.end - 1] == "”" for q in quotes[-4:])


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('ab “”"\'’‘\n.,')), max_size=120))
def test_any_text_gives_ordered_quotes_inside_paragraphs(text: str) -> None:
    paragraphs = paragraph_spans(text)
    quotes = find_quotes(text, paragraphs)
    previous_end = -1
    for q in quotes:
        assert isinstance(q, QuoteSpan)
        assert q.start >= previous_end
        p_start, p_end = paragraphs[q.paragraph]
        assert p_start <= q.start < q.end <= p_end
        assert text[q.start] in '“”"‘’\''
        if q.closed:
            assert text[q.end - 1] in '“”"‘’\''
        previous_end = q.end


def test_stray_opener_in_a_text_without_line_breaks_does_not_pair_far_away() -> None:
    filler = "Words go on and on. " * 400  # 8,000 characters, one paragraph
    text = "He said “this never closes. " + filler + "Then “real” and a stray closer” here."
    assert texts(text) == ["“real”"]


# -- British style and apostrophes (issue 11) ---------------------------------


def test_british_curly_single_marks_outside_doubles_nested() -> None:
    text = "‘We told them “never again” and meant it,’ she said. ‘The fight goes on.’"
    assert texts(text) == ["‘We told them “never again” and meant it,’", "‘The fight goes on.’"]


def test_british_straight_single_marks() -> None:
    text = "'This isn't tax reform,' he said. 'It's more complexity.'"
    assert texts(text) == ["'This isn't tax reform,'", "'It's more complexity.'"]


def test_british_partial_quote_ending_in_s_before_a_preposition() -> None:
    text = "Trump claimed there had been ‘thousands of shootings’ in Chicago this year."
    assert texts(text) == ["‘thousands of shootings’"]


@pytest.mark.parametrize(
    "text",
    [
        "Trump’s plan and the voters’ mood were the talk of the ’90s revival, at five o’clock.",
        "It was rock ’n’ roll in the ’60s; the players’ union said nothing.",
        "He said we’ve seen the Joneses’ house and O’Neill’s car.",
        "It's the '90s again, rock 'n' roll for 'em all.",
    ],
)
def test_apostrophes_are_never_quotes(text: str) -> None:
    assert texts(text) == []


def test_apostrophes_inside_a_british_quote_do_not_end_it() -> None:
    text = "‘The players’ union won’t accept the ’90s rules,’ he said."
    assert texts(text) == ["‘The players’ union won’t accept the ’90s rules,’"]


# -- layouts -------------------------------------------------------------------


def test_one_sentence_per_line_quote_runs_across_lines() -> None:
    text = "Pompeo spoke.\n“We will stay.\nThe fight goes on.\nIt will be long,” he said.\nNext line."
    assert texts(text) == ["“We will stay.\nThe fight goes on.\nIt will be long,”"]


def test_one_sentence_per_line_next_line_opening_a_quote_is_a_new_piece() -> None:
    # The next line opens a quote before closing one: no run-on across the
    # line; the newspaper convention makes it the next piece of the quote.
    text = "He said “this never closes\n“A new quote,” she said."
    quotes = find_quotes(text)
    assert texts(text) == ["“this never closes", "“A new quote,”"]
    assert [q.closed for q in quotes] == [False, True]
    assert paragraph_spans(text) == [(0, 26), (27, 51)]


def test_hard_wrapped_paragraphs() -> None:
    text = "He said “this is\nwrapped over\nthree lines,” plainly.\n\nNext “one” here."
    assert texts(text) == ["“this is\nwrapped over\nthree lines,”", "“one”"]


def test_crlf_line_ends() -> None:
    text = "Pompeo spoke.\r\n“We will stay.\r\nThe fight goes on,” he said.\r\n\r\nLater “news”."
    assert texts(text) == ["“We will stay.\r\nThe fight goes on,”", "“news”"]
    text = "One line “opens\r\nand closes” here.\r\nNext."
    assert texts(text) == ["“opens\r\nand closes”"]


def test_british_quote_runs_across_lines() -> None:
    text = "Pompeo spoke.\n‘We will stay.\nThe fight goes on,’ he said."
    assert texts(text) == ["‘We will stay.\nThe fight goes on,’"]
