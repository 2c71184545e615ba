"""Add articles from a path (file or folder) or a URL, imported in a worker.

While it works the field is locked (a key pressed then would land in it) and
``escape`` or Cancel stops the import: what was stored stays, nothing after
it is read. Dismisses with the id of the first article added (so the library
list can select it), or None when nothing was added.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, ProgressBar, Static

from reader.render import safe_text

if TYPE_CHECKING:
    from reader.tui.app import ReaderApp


class AddScreen(ModalScreen[str | None]):
    app: ReaderApp

    BINDINGS = [Binding("escape", "cancel", "Close")]

    def __init__(self) -> None:
        super().__init__()
        self._first_id: str | None = None
        self._importing = False
        self._cancelled = False  # read by the worker thread between articles

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="add-dialog"):
            yield Static(Text("Add articles", style="bold"))
            yield Static(Text("A file, a folder (read recursively) or an http(s) URL.", style="dim"))
            yield Input(placeholder="~/news/story.txt or https://…", id="add-source")
            yield ProgressBar(id="add-progress", show_eta=False)
            yield Static("", id="add-status")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Add", variant="primary", id="add-go")
                yield Button("Close", id="add-close")

    def on_mount(self) -> None:
        self.query_one("#add-progress", ProgressBar).display = False
        self.query_one("#add-source", Input).focus()

    @on(Input.Submitted, "#add-source")
    @on(Button.Pressed, "#add-go")
    def _start(self, event: Input.Submitted | Button.Pressed) -> None:
        event.stop()
        source = self.query_one("#add-source", Input).value.strip()
        if not source:
            self._status("Type a path or a URL first.", "warning")
            return
        if self._importing:
            return
        self._set_working(True)
        bar = self.query_one("#add-progress", ProgressBar)
        bar.display = True
        bar.update(total=None, progress=0)
        self._status("Reading…")
        self._import(source)

    @on(Button.Pressed, "#add-close")
    def _close(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_cancel()

    def _set_working(self, working: bool) -> None:
        self._importing = working
        self.query_one("#add-source", Input).disabled = working
        self.query_one("#add-go", Button).disabled = working
        self.query_one("#add-close", Button).label = "Cancel" if working else "Close"
        if not working:
            self.query_one("#add-source", Input).focus()

    def action_cancel(self) -> None:
        """Close; during an import, stop it first (after the article being read)."""
        if self._importing:
            self._cancelled = True
            self.notify("Import cancelled.", timeout=3, markup=False)
        self.dismiss(self._first_id)

    def _status(self, message: str, severity: str = "information") -> None:
        style = {"warning": "yellow", "error": "red"}.get(severity, "")
        self.query_one("#add-status", Static).update(Text(safe_text(message), style=style))

    # ---------------------------------------------------------------- work

    @work(thread=True, exclusive=True, group="add", exit_on_error=False)
    def _import(self, source: str) -> None:
        library = self.app.library

        def progress(done: int) -> None:
            self.app.call_from_thread(self._progress, done)

        try:
            report = library.add_sources([source], progress=progress, stop=lambda: self._cancelled)
        except Exception as error:  # noqa: BLE001 - shown in the dialog
            self.app.call_from_thread(self._finished, None, False, f"Import failed: {error}")
            return
        parts = [f"Added {_articles(len(report.added))}"]
        if report.duplicates:
            parts.append(f"{_articles(len(report.duplicates))} already in the library")
        problems = [*report.rejected, *report.skipped]
        if problems:
            what, why = problems[0]
            parts.append(f"{len(problems)} not imported ({what}: {why})")
        first_id = report.ids[0] if report.ids else None
        self.app.call_from_thread(self._finished, first_id, bool(problems), "; ".join(parts))

    def _progress(self, done: int) -> None:
        if self._cancelled:
            return
        bar = self.query_one("#add-progress", ProgressBar)
        bar.update(total=max(done, 1), progress=done)
        self._status(f"Imported {done}…")

    def _finished(self, first_id: str | None, problems: bool, message: str) -> None:
        if self._cancelled:  # the dialog is gone; say what was kept
            if first_id is not None:
                self.app.notify(f"Import stopped. {message}", timeout=5, markup=False)
                for screen in self.app.screen_stack:
                    reload = getattr(screen, "reload", None)
                    if callable(reload):
                        reload()
            return
        self._set_working(False)
        bar = self.query_one("#add-progress", ProgressBar)
        bar.display = first_id is not None
        if first_id is not None:
            bar.update(total=1, progress=1)
            self._first_id = self._first_id or first_id
            self.notify(message, timeout=5, markup=False)
            if not problems:
                self.dismiss(self._first_id)
                return
        self._status(message, "warning" if first_id else "error")


def _articles(count: int) -> str:
    return f"{count} article" if count == 1 else f"{count} articles"
