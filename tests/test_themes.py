"""Themes are readable, and highlights survive the loss of colour.

Readability is measured, not eyeballed: WCAG contrast ratio of every
highlight colour on every background it can sit on, in both themes.
"""

from __future__ import annotations

import io
from itertools import combinations

import pytest
from rich.console import Console
from rich.style import Style
from rich.text import Text
from textual.color import Color

from reader.highlight_styles import COLOR_STYLES, DISTINCT_ROLES, MONO_STYLES, no_color_requested, rich_styles
from reader.tui.themes import (
    HIGHLIGHT_VARIABLES,
    HIGHLIGHTS_DARK,
    HIGHLIGHTS_LIGHT,
    THEMES,
    highlight_defaults,
)

WCAG_AA = 4.5
TEXT_COLOURS = ("reader-quote", "reader-figure", "reader-place", "reader-org", "reader-note", "reader-link")


def luminance(colour: str) -> float:
    parsed = Color.parse(colour)

    def channel(value: int) -> float:
        v = value / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(parsed.r) + 0.7152 * channel(parsed.g) + 0.0722 * channel(parsed.b)


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("theme", THEMES.values(), ids=lambda t: t.name)
def test_theme_defines_every_highlight_variable(theme) -> None:
    assert set(HIGHLIGHT_VARIABLES) <= set(theme.variables)


@pytest.mark.parametrize("theme", THEMES.values(), ids=lambda t: t.name)
def test_highlights_and_text_are_readable_on_every_background(theme) -> None:
    for background in (theme.surface, theme.background, theme.panel):
        assert contrast(theme.foreground, background) >= 7, (theme.name, background)
        for name in TEXT_COLOURS:
            ratio = contrast(theme.variables[name], background)
            assert ratio >= WCAG_AA, f"{theme.name}: {name} on {background} is {ratio:.2f}:1"


@pytest.mark.parametrize("theme", THEMES.values(), ids=lambda t: t.name)
def test_text_under_the_cursor_and_a_picked_mention_stays_readable(theme) -> None:
    v = theme.variables
    assert contrast(v["reader-quote"], v["reader-cursor"]) >= WCAG_AA
    assert contrast(theme.foreground, v["reader-cursor"]) >= WCAG_AA
    assert contrast(v["reader-figure"], v["reader-mention"]) >= WCAG_AA
    assert contrast(theme.foreground, v["reader-mention"]) >= WCAG_AA
    for name in TEXT_COLOURS[:3]:
        assert contrast(v[name], v["reader-highlight"]) >= WCAG_AA, f"{theme.name}: {name} on a highlight"
    assert contrast(theme.foreground, v["reader-highlight"]) >= WCAG_AA
    for background in ("reader-match", "reader-match-current"):  # a search match in the article
        for name in (*TEXT_COLOURS[:3], "reader-link"):
            assert contrast(v[name], v[background]) >= WCAG_AA, f"{theme.name}: {name} on {background}"
        assert contrast(theme.foreground, v[background]) >= WCAG_AA


def test_one_dark_and_one_light_theme() -> None:
    assert sorted(t.dark for t in THEMES.values()) == [False, True]


def test_fallback_palettes_match_the_themes_of_the_same_darkness() -> None:
    for theme in THEMES.values():
        expected = highlight_defaults(theme.dark)
        assert {k: theme.variables[k] for k in HIGHLIGHT_VARIABLES} == expected
    assert highlight_defaults(True) == HIGHLIGHTS_DARK and highlight_defaults(False) == HIGHLIGHTS_LIGHT


# ------------------------------------------------------------- no colour


def _cues(style: Style) -> frozenset[str]:
    return frozenset(a for a in ("bold", "italic", "underline", "reverse", "strike") if getattr(style, a))


def test_monochrome_styles_have_no_colour() -> None:
    for role, style in MONO_STYLES.items():
        assert style.color is None and style.bgcolor is None, role


def test_quotes_people_and_places_differ_without_colour() -> None:
    cues = {role: _cues(MONO_STYLES[role]) for role in DISTINCT_ROLES}
    for role, found in cues.items():
        assert found, f"{role} has no non-colour cue"
    for a, b in combinations(DISTINCT_ROLES, 2):
        assert cues[a] != cues[b], (a, b)


def test_colour_table_covers_the_same_roles() -> None:
    assert set(COLOR_STYLES) == set(MONO_STYLES)


@pytest.mark.parametrize(("value", "expected"), [(None, False), ("", False), ("1", True), ("anything", True)])
def test_no_color_follows_the_spec(value: str | None, expected: bool) -> None:
    environ = {} if value is None else {"NO_COLOR": value}
    assert no_color_requested(environ) is expected
    assert (rich_styles(expected) == MONO_STYLES) is expected


def test_no_color_console_still_marks_quotes_and_figures() -> None:
    styles = rich_styles(no_color=True)
    text = Text("Pompeo said “we will leave” in Hanoi.")
    text.stylize(styles["figure"], 0, 6)
    text.stylize(styles["quote"], 12, 27)
    text.stylize(styles["place"], 31, 36)
    out = io.StringIO()
    Console(file=out, force_terminal=True, no_color=True, color_system="truecolor", width=80).print(text)
    ansi = out.getvalue()
    assert "\x1b[1mPompeo" in ansi
    assert "\x1b[3m“we will leave”" in ansi
    assert "\x1b[4mHanoi" in ansi
    assert "38;" not in ansi and "48;" not in ansi
