"""Untrusted text in the command palette is shown as typed, never as markup."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from textual.content import Content
from textual.fuzzy import Matcher

from reader.render import safe_text
from reader.tui.palette import plain_highlight, safe_help

HOSTILE = ["[bold red]x[/]", "[$accent]x[/]", "[@click=app.quit]y[/]", "[/]", "a\\[b]c\\", "[ bold]x", "\x1b[31mRED"]


def test_hostile_help_text_is_shown_verbatim() -> None:
    for text in HOSTILE:
        content = Content.from_markup(safe_help(text))
        assert content.plain == safe_text(text)
        assert not content.spans


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="[]\\/$@=#ab \x1b", max_size=24))
def test_any_help_text_round_trips(text: str) -> None:
    assert Content.from_markup(safe_help(text)).plain == safe_text(text)


def test_plain_highlight_marks_matches_without_reading_markup() -> None:
    matcher = Matcher("bold")
    content = plain_highlight(matcher, "Open article: [bold red]x[/]")
    assert content.plain == "Open article: [bold red]x[/]"
    assert content.spans, "the matched letters are highlighted"
    highlighted = {s.start for s in content.spans}
    assert highlighted == {15, 16, 17, 18}
