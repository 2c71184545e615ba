"""A minimal app hosting one of the notes/search/figures screens, recording
``open_article`` calls instead of opening the article screen."""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.binding import Binding
from textual.screen import Screen

from reader.tui.undo import NoteUndo


class Host(NoteUndo, App[None]):
    BINDINGS = [Binding("u", "undo", "Undo")]

    def __init__(self, library: Any, make_screen: Any) -> None:
        super().__init__()
        self.library = library
        self.make_screen = make_screen
        self.opened: list[tuple[str, int | None]] = []
        self.opened_with: list[dict[str, Any]] = []  # the keyword arguments of each call

    def on_mount(self) -> None:
        self.push_screen(Screen())  # something to go back to
        self.push_screen(self.make_screen(self.library))

    def open_article(self, article_id: str, offset: int | None = None, **kwargs: Any) -> None:
        self.opened.append((article_id, offset))
        self.opened_with.append(kwargs)
