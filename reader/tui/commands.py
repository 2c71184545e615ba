"""Command palette (Ctrl+P): any action the current screen binds to a key
(derived from BINDINGS, never listed twice), reader's own commands (themes,
layers, export, config, jump to a person or a quote: :mod:`reader.tui.palette`)
and "Open article: <title>"."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from reader.render import safe_text
from reader.tui.palette import PaletteCommand, palette_commands, plain_highlight, safe_help

# Titles scanned per search: a palette must answer while typing, even in a
# library of 100,000 articles.
MAX_TITLES_SCANNED = 5_000
MAX_TITLE_HITS = 30


class ReaderCommands(Provider):
    def _screen_actions(self) -> Iterator[tuple[str, str, str]]:
        """(command name, help, action) for the bindings of the screen the
        palette was opened from, its focused widget and the app."""
        seen: set[str] = set()
        nodes = [self.focused, self.screen, self.app]
        for node in nodes:
            if node is None:
                continue
            for binding in getattr(node, "BINDINGS", []):
                if not isinstance(binding, Binding) or not binding.description:
                    continue
                if binding.action in seen or binding.action in {"command_palette", "help_quit"}:
                    continue
                seen.add(binding.action)
                key = self.app.get_key_display(binding)
                yield binding.description, f"key: {key}", binding.action

    def _run(self, node: object, action: str) -> None:
        self.app.call_later(self.app.run_action, action, node)

    def _owner(self, action: str) -> object:
        for node in (self.focused, self.screen, self.app):
            if node is not None and any(
                isinstance(b, Binding) and b.action == action for b in getattr(node, "BINDINGS", [])
            ):
                return node
        return self.app

    def _reader_commands(self) -> list[PaletteCommand]:
        try:
            return list(palette_commands(self.app, self.screen))  # type: ignore[arg-type]
        except Exception:  # noqa: BLE001 - a palette without extras beats a crash
            return []

    async def discover(self) -> Hits:
        for name, help_text, action in self._screen_actions():
            yield DiscoveryHit(Content(name), partial(self._run, self._owner(action), action), help=safe_help(help_text))
        for command in self._reader_commands():
            if command.listed:
                yield DiscoveryHit(Content(command.name), command.run, help=safe_help(command.help))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, action in self._screen_actions():
            score = matcher.match(name)
            if score > 0:
                yield Hit(
                    score,
                    plain_highlight(matcher, name),
                    partial(self._run, self._owner(action), action),
                    help=safe_help(help_text),
                )
        for command in self._reader_commands():
            score = matcher.match(command.name)
            if score > 0:
                yield Hit(score, plain_highlight(matcher, command.name), command.run, help=safe_help(command.help))
        library = getattr(self.app, "library", None)
        if library is None:
            return
        summaries = library.summaries()
        hits = 0
        for index in range(min(len(summaries), MAX_TITLES_SCANNED)):
            summary = summaries[index]
            name = f"Open article: {safe_text(summary.title or '(untitled)')}"
            score = matcher.match(name)
            if score > 0:
                hits += 1
                yield Hit(
                    score,
                    plain_highlight(matcher, name),  # titles are untrusted: never markup
                    partial(self.app.open_article, summary.id),  # type: ignore[attr-defined]
                    help=safe_help(" · ".join(p for p in (summary.source, summary.date) if p)),
                )
                if hits >= MAX_TITLE_HITS:
                    return
