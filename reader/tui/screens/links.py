"""The links of an article (``L``), numbered as newsboat numbers them: the
original first (0), then every link in the text in reading order. ``enter``
(or ``o``) opens one in the browser, ``y`` copies it, a digit jumps to that
number. Link text and addresses are untrusted: plain ``Text`` only."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static
from textual.widgets.option_list import Option

from reader.domain import InlineSpan
from reader.render import safe_text
from reader.tui.browser import copy_url, open_url
from reader.tui.keys import bind
from reader.tui.screens.note_editor import excerpt
from reader.tui.widgets.lists import ReaderList


def link_rows(body: str, links: Sequence[InlineSpan], original: str | None) -> list[tuple[str, str]]:
    """(label, address) per numbered row: the original first, then the links."""
    rows = [("the original article", original)] if original else []
    rows += [(excerpt(body[link.start : link.end], 60) or "(no text)", link.target or "") for link in links]
    return rows


class LinksScreen(ModalScreen[None]):
    help_title = "Links"

    BINDINGS = [
        bind("links.open", "open_link", "Open in the browser"),
        bind("links.copy", "copy_link", "Copy the address"),
        Binding("escape,q,L", "close", "Close"),
        *[Binding(str(n), f"jump({n})", show=False) for n in range(10)],
    ]

    def __init__(self, body: str, links: Sequence[InlineSpan], original: str | None, *, near: int = 0) -> None:
        super().__init__()
        self.rows = link_rows(body, links, original)
        self.numbered_from = 0 if original else 1
        # the first link at or after the cursor is highlighted first
        after = next((i for i, link in enumerate(links) if link.start >= near), None)
        self.initial = (after + (1 if original else 0)) if after is not None else 0

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="links-dialog"):
            yield Static(Text("Links", style="bold"))
            yield ReaderList(id="links-list")
            yield Static(Text("enter open · y copy · 0–9 jump · escape close", style="dim"))

    def on_mount(self) -> None:
        options = []
        for number, (label, address) in enumerate(self.rows, start=self.numbered_from):
            prompt = Text(f"{number:>2}  ", style="bold")
            prompt.append(safe_text(label))
            prompt.append(f"\n    {safe_text(address)}", style="dim")
            options.append(Option(prompt))
        link_list = self.query_one(ReaderList)
        if options:
            link_list.add_options(options)
            link_list.highlighted = self.initial
        else:
            link_list.add_option(Option(Text("This article has no links.", style="dim"), disabled=True))
        link_list.focus()

    def _address(self) -> str | None:
        index = self.query_one(ReaderList).highlighted
        return self.rows[index][1] if index is not None and index < len(self.rows) else None

    def on_option_list_option_selected(self, event: ReaderList.OptionSelected) -> None:
        event.stop()
        self.action_open_link()

    def action_open_link(self) -> None:
        address = self._address()
        if address:
            open_url(self.app, address)

    def action_copy_link(self) -> None:
        address = self._address()
        if address:
            copy_url(self.app, address)

    def action_jump(self, number: int) -> None:
        index = number - self.numbered_from
        if 0 <= index < len(self.rows):
            self.query_one(ReaderList).highlighted = index

    def action_close(self) -> None:
        self.dismiss(None)
