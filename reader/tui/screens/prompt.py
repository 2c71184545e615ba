"""One line of text asked for in a modal (a feed's address, a feed's new
name); dismisses with the text, or None when cancelled."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static


class PromptScreen(ModalScreen[str | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, heading: str, hint: str = "", value: str = "", *, placeholder: str = "", ok: str = "OK") -> None:
        super().__init__()
        self.heading, self.hint, self.value, self.placeholder, self.ok = heading, hint, value, placeholder, ok

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="prompt-dialog"):
            yield Static(Text(self.heading, style="bold"))
            if self.hint:
                yield Static(Text(self.hint, style="dim"))
            yield Input(self.value, placeholder=self.placeholder, id="prompt-input")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.ok, variant="primary", id="prompt-ok")
                yield Button("Cancel", id="prompt-cancel")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#prompt-ok")
    def _ok(self, event: Input.Submitted | Button.Pressed) -> None:
        event.stop()
        self.dismiss(self.query_one(Input).value.strip())

    @on(Button.Pressed, "#prompt-cancel")
    def _cancel(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_cancel()

    def action_cancel(self) -> None:
        self.dismiss(None)
