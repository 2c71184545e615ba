"""reader's two Textual themes and the CSS variables the highlights use.

The highlight colours are theme *variables* (``$reader-quote`` …) used by
``styles/reader.tcss``, so any theme can restyle them. Themes that do not
define them (Textual's own: nord, gruvbox, textual-light, …) get the dark or
the light palette below, chosen by the theme's ``dark`` flag, so quotes stay
readable on a light background too.

Without colour (``NO_COLOR`` or ``monochrome = true``) Textual turns every
colour grey; the ``:nocolor`` rules of the stylesheet add the non-colour cues
listed in :mod:`reader.highlight_styles`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.theme import Theme

from reader.config import DARK_THEME, LIGHT_THEME

if TYPE_CHECKING:
    from textual.app import App

# Every variable the stylesheet uses for highlights. Each theme below defines
# all of them; other themes fall back to HIGHLIGHTS_DARK / HIGHLIGHTS_LIGHT.
HIGHLIGHT_VARIABLES = (
    "reader-quote",  # quote text and its gutter bar
    "reader-figure",  # a named person
    "reader-place",  # a location
    "reader-org",  # an organisation
    "reader-note",  # the gutter mark of a note
    "reader-cursor",  # background of the quote under the cursor
    "reader-mention",  # background of the figure mention picked in the side panel
    "reader-highlight",  # background of a highlight (a note with highlight=True)
    "reader-link",  # a link in the text (HTML and Markdown articles)
    "reader-match",  # background of a match of the search in the article (/)
    "reader-match-current",  # background of the match the cursor is on
)

# Foregrounds chosen for a contrast ratio of at least 4.5:1 (WCAG AA) on the
# surface and panel colours of the matching theme (tests/test_themes.py).
HIGHLIGHTS_DARK: dict[str, str] = {
    "reader-quote": "#e5c07b",
    "reader-figure": "#d7a4ea",
    "reader-place": "#5fc6d2",
    "reader-org": "#7fb4ef",
    "reader-note": "#98c379",
    "reader-cursor": "#3e4a5e",
    "reader-mention": "#4f3560",
    "reader-highlight": "#4a4220",
    "reader-link": "#61afef",
    "reader-match": "#1a2f4a",
    "reader-match-current": "#3a2a10",
}

HIGHLIGHTS_LIGHT: dict[str, str] = {
    "reader-quote": "#8a4f00",
    "reader-figure": "#8e2aa8",
    "reader-place": "#006b75",
    "reader-org": "#1f56a3",
    "reader-note": "#2c6e25",
    "reader-cursor": "#f4dca8",
    "reader-mention": "#ecc9f5",
    "reader-highlight": "#fbe9a0",
    "reader-link": "#1f5fa8",
    "reader-match": "#d4eef1",
    "reader-match-current": "#ffd699",
}

READER_DARK = Theme(
    name=DARK_THEME,
    primary="#61afef",
    secondary="#98c379",
    accent="#d19a66",
    warning="#e5c07b",
    error="#e06c75",
    success="#98c379",
    foreground="#dcdfe4",
    background="#1b1e24",
    surface="#21252b",
    panel="#2c313c",
    dark=True,
    variables={
        **HIGHLIGHTS_DARK,
        "footer-key-foreground": "#61afef",
        "block-cursor-text-style": "bold",
    },
)

READER_LIGHT = Theme(
    name=LIGHT_THEME,
    primary="#1f5fa8",
    secondary="#2c6e25",
    accent="#a8570c",
    warning="#9a6700",
    error="#b3261e",
    success="#2c6e25",
    foreground="#1f2328",
    background="#eeebe3",
    surface="#faf8f3",
    panel="#e4dfd3",
    dark=False,
    variables={
        **HIGHLIGHTS_LIGHT,
        "footer-key-foreground": "#1f5fa8",
        "block-cursor-text-style": "bold",
        "input-selection-background": "#1f5fa8 25%",
    },
)

THEMES: dict[str, Theme] = {theme.name: theme for theme in (READER_DARK, READER_LIGHT)}


def register_themes(app: App) -> None:
    """Make reader's themes selectable (``app.theme = "reader-light"``)."""
    for theme in THEMES.values():
        app.register_theme(theme)


def highlight_defaults(dark: bool) -> dict[str, str]:
    """Values of the highlight variables for a theme that does not set them
    (for ``App.get_theme_variable_defaults``)."""
    return dict(HIGHLIGHTS_DARK if dark else HIGHLIGHTS_LIGHT)


def theme_names(app: App) -> list[str]:
    """Themes offered to the user: reader's first, then Textual's, by name."""
    names = [name for name in app.available_themes if name not in THEMES and name != "textual-ansi"]
    return [*THEMES, *sorted(names)]
