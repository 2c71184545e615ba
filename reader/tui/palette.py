"""What the command palette (Ctrl+P) can do besides the screen's own keys.

The provider in :mod:`reader.tui.commands` asks :func:`palette_commands` for
the commands of the moment (themes, layers, export, config, and on the
article screen every figure and quote) and matches them against the query.

Textual's palette reads both the command name and its help as *markup*, and
article text is untrusted: names go through :func:`plain_highlight` (never
markup) and help through :func:`safe_help` (escaped).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual.content import Content
from textual.fuzzy import Matcher

from reader.render import safe_text, speaker_label

if TYPE_CHECKING:
    from textual.screen import Screen

    from reader.tui.app import ReaderApp

MAX_QUOTE_CHARS = 60


@dataclass(frozen=True, slots=True)
class PaletteCommand:
    name: str  # shown and matched; plain text, never markup
    help: str  # plain text, escaped before Textual sees it
    run: Callable[[], Any]
    listed: bool = True  # shown before anything is typed (jumps only match a query)


def plain_highlight(matcher: Matcher, text: str) -> Content:
    """``Matcher.highlight`` without reading ``text`` as markup."""
    content = Content(text)
    score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    if score:
        for offset in offsets:
            if not text[offset].isspace():
                content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


def safe_help(text: str) -> str:
    """Help text for a ``Hit``: Textual parses it as markup. Escaping every
    opening bracket is enough (``textual.markup.escape`` misses ``[$x]``)."""
    return safe_text(text).replace("[", "\\[")


def palette_commands(app: ReaderApp, screen: Screen) -> Iterator[PaletteCommand]:
    """Every reader command that makes sense on ``screen`` right now."""
    from reader.tui.screens.article import ArticleScreen

    if isinstance(screen, ArticleScreen):
        yield from _article_commands(screen)
        yield from _layer_commands(screen)
    yield from _theme_commands(app)
    yield from _export_commands(app, screen)
    yield PaletteCommand(
        "Write default config file",
        "A commented config.toml in the config folder (kept if one exists)",
        app.write_default_config,
    )


def _theme_commands(app: ReaderApp) -> Iterator[PaletteCommand]:
    from reader.tui.themes import theme_names

    current = app.theme
    for name in theme_names(app):
        if name == current:
            continue
        theme = app.get_theme(name)
        kind = "dark" if theme is None or theme.dark else "light"
        yield PaletteCommand(f"Switch theme: {name}", f"A {kind} theme; remembered", lambda n=name: app.choose_theme(n))


def _layer_commands(screen: Any) -> Iterator[PaletteCommand]:
    from reader.tui.screens.article import LAYER_NAMES

    layers = screen.view.shown_layers
    for number, (name, label) in enumerate(LAYER_NAMES.items(), start=1):
        state = "Hide" if getattr(layers, name) else "Show"
        yield PaletteCommand(
            f"{state} {label} highlights",
            f"key: {number}",
            lambda n=name: screen.action_toggle_layer(n),
        )


def _article_commands(screen: Any) -> Iterator[PaletteCommand]:
    data = screen.data
    if data is None or data.annotation is None:
        return
    annotation = data.annotation
    for index, figure in enumerate(annotation.figures):
        count = len(figure.mentions)
        details = [figure.role or "", f"{count} mention{'s' if count != 1 else ''}"]
        yield PaletteCommand(
            f"Jump to person: {safe_text(figure.name)}",
            " · ".join(d for d in details if d),
            lambda i=index: screen.cycle_figure(i),
            listed=False,
        )
    quotes = sorted(annotation.quotes, key=lambda q: q.start)
    for number, quote in enumerate(quotes, start=1):
        words = " ".join(quote.text.split())
        if len(words) > MAX_QUOTE_CHARS:
            words = words[: MAX_QUOTE_CHARS - 1].rstrip() + "…"
        yield PaletteCommand(
            f"Jump to quote: {speaker_label(quote.speaker)}: {safe_text(words)}",
            f"quote {number} of {len(quotes)}",
            lambda start=quote.start: screen.jump_to_quote(start),
            listed=False,
        )


def _export_commands(app: ReaderApp, screen: Any) -> Iterator[PaletteCommand]:
    article_id = getattr(screen, "article_id", None)
    if article_id is not None:
        yield PaletteCommand(
            "Export this article's notes (Markdown)",
            f"into {app.export_dir}",
            lambda: app.export_notes(article_id),
        )
    yield PaletteCommand(
        "Export all notes (Markdown)",
        f"one file per article with notes, into {app.export_dir}",
        lambda: app.export_notes(None),
    )
    yield PaletteCommand(
        "Export a backup (JSON)",
        f"notes, bookmarks and reading state, into {app.export_dir}",
        app.export_backup,
    )
