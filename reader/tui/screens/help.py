"""Help: every key the current screen answers to, read from the live
bindings (focused widget, screen, app) so it can never go stale, plus what
the screen adds with ``help_extra()`` (keys that only act in a mode, such as
the find keys, and what the marks in a list mean)."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

# Bindings Textual adds to every app that are noise in a reader's help.
HIDDEN_ACTIONS = {
    "help_quit",
    "app.focus_next",
    "app.focus_previous",
    "focus_next",
    "focus_previous",
    "scroll_left",
    "scroll_right",
    "page_left",
    "page_right",
    "screen.copy_text",
}


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,question_mark,q", "dismiss", "Close")]

    def __init__(self, title: str, rows: list[tuple[str, str, str]]) -> None:
        super().__init__()
        self.title_text = title
        self.rows = rows  # (group, keys, description)

    @classmethod
    def for_screen(cls, screen: Screen) -> HelpScreen:
        """Collect the bindings active on ``screen`` (keys that share an
        action are shown together)."""
        app = screen.app
        grouped: dict[tuple[str, str, str], list[str]] = {}
        for key, active in screen.active_bindings.items():
            binding: Binding = active.binding
            if binding.action in HIDDEN_ACTIONS or not binding.description:
                continue
            node = active.node
            if node is app:
                group = "Everywhere"
            elif node is screen:
                group = getattr(screen, "help_title", None) or "This screen"
            else:
                group = getattr(node, "help_group", type(node).__name__)
            display = app.get_key_display(Binding(key, binding.action, binding.description))
            # reader's own bindings (they have ids) may give a longer description
            # as the tooltip: the footer shows the short one.
            described = (binding.tooltip if binding.id else "") or binding.description
            grouped.setdefault((group, binding.action, described), []).append(display)
        rows = [(group, " ".join(dict.fromkeys(keys)), description) for (group, _, description), keys in grouped.items()]
        order = {"Everywhere": 2, getattr(screen, "help_title", None) or "This screen": 1}
        rows.sort(key=lambda row: order.get(row[0], 0))
        extra = getattr(screen, "help_extra", None)
        if callable(extra):  # after the screen's own keys, before the keys that work everywhere
            at = next((i for i, row in enumerate(rows) if row[0] == "Everywhere"), len(rows))
            rows[at:at] = extra()
        title = getattr(screen, "help_title", None) or type(screen).__name__.removesuffix("Screen") or "reader"
        return cls(title, rows)

    def compose(self) -> ComposeResult:
        table = Table(box=None, show_header=False, padding=(0, 3, 0, 0), expand=True)
        table.add_column("keys", style="bold", no_wrap=True, min_width=12)
        table.add_column("what", ratio=1)
        last_group = None
        for group, keys, description in self.rows:
            if group != last_group:
                if last_group is not None:
                    table.add_row("", "")
                table.add_row(Text(group, style="underline"), "")
                last_group = group
            table.add_row(Text(keys), Text(description))
        with Vertical(classes="dialog", id="help-dialog"):
            yield Static(Text(f"Keys: {self.title_text}", style="bold"))
            with VerticalScroll():
                yield Static(table, id="help-table")
            yield Static(Text("escape or ? to close", style="dim"))
