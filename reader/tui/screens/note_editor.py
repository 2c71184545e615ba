"""A multi-line note editor in a modal that saves what it shows, or stays open.

Three rules, because a note is the user's work:

* **What is shown is what is saved.** ``ctrl+s`` is an ordinary (not a
  priority) binding, so it is handled after every key typed before it: a
  priority binding ran as soon as ``ctrl+s`` reached the app, while earlier
  keys still waited in the text area's queue -- and were lost with the closed
  editor. Keys typed before the text area has focus (right after the key that
  opened the editor) reach the screen instead; they are put into the text, in
  order, rather than dropped. While a save runs the text area is read-only.
* **A failed save keeps the editor open** with the text and the reason (disk
  full, read-only folder, library locked); ``ctrl+s`` tries again. The save
  runs in a worker thread (a lock can take seconds), given as ``save``: a
  function that stores the text or raises.
* **A draft survives a crash.** With a ``draft_key``, the text is handed to
  the library's drafts (durable, atomic) shortly after each pause in typing
  and on failure; the next editor for the same key offers it back, as an edit
  that ``ctrl+z`` undoes. Saving or cancelling discards it.

Dismisses with the saved text, or None when cancelled.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Button, Static, TextArea

from reader.render import safe_text

EXCERPT_CHARS = 160
DRAFT_DELAY = 0.5  # seconds after the last change before the draft is written
HINT = "ctrl+s save · escape cancel"


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """One line of at most ``limit`` characters, for showing what a note is on."""
    flat = " ".join(safe_text(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


class NoteEditorScreen(ModalScreen[str | None]):
    BINDINGS = [
        # Not priority: it must wait behind the keys typed before it (see the module doc).
        Binding("ctrl+s", "save", "Save"),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(
        self,
        about: str,
        text: str = "",
        *,
        heading: str = "New note",
        save: Callable[[str], Any] | None = None,
        draft_key: str | None = None,
    ) -> None:
        super().__init__()
        self.about = about
        self.initial = text
        self.heading = heading
        self.save = save
        self.draft_key = draft_key
        self.saving = False
        self._draft_timer: Timer | None = None
        self._draft_lock = threading.Lock()
        self._draft_seq = 0  # the newest text handed to the draft writer
        self._draft_written = 0
        self._finished = False  # saved or cancelled: no draft may be written any more

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="note-dialog"):
            yield Static(Text(self.heading, style="bold"))
            yield Static(Text(excerpt(self.about), style="italic dim"), id="note-about")
            yield TextArea(self.initial, id="note-text", soft_wrap=True, show_line_numbers=False)
            yield Static(Text(HINT, style="dim"), id="note-hint")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", variant="primary", id="note-save")
                yield Button("Cancel", id="note-cancel")

    @property
    def area(self) -> TextArea:
        return self.query_one("#note-text", TextArea)

    def on_mount(self) -> None:
        area = self.area
        area.focus()
        self._offer_draft(area)
        area.move_cursor(area.document.end)

    def _offer_draft(self, area: TextArea) -> None:
        library = getattr(self.app, "library", None)
        if self.draft_key is None or library is None or not hasattr(library, "draft"):
            return
        draft = library.draft(self.draft_key)
        if draft is None or draft.text.strip() in ("", self.initial.strip()):
            return
        area.replace(draft.text, area.document.start, area.document.end)  # an edit: ctrl+z undoes it
        when = time.strftime("%d %b %H:%M", time.localtime(draft.saved_at)) if draft.saved_at else "earlier"
        self._hint(f"Restored your unsaved draft from {when}. ctrl+z returns to the saved text; "
                   "ctrl+s saves, escape discards it.", "bold")

    def _hint(self, message: str, style: str = "dim") -> None:
        self.query_one("#note-hint", Static).update(Text(safe_text(message), style=style))

    def on_key(self, event: events.Key) -> None:
        """A character that reaches the screen itself was typed before the text area had
        focus (the text area consumes the ones typed after): it belongs in the text."""
        if self.saving or not (event.is_printable or event.key == "enter"):
            return
        try:
            area = self.area
        except Exception:  # noqa: BLE001 - not composed yet: nothing to type into
            return
        event.stop()
        event.prevent_default()
        start, end = area.selection
        area.replace("\n" if event.key == "enter" else event.character or "", start, end,
                     maintain_selection_offset=False)

    # ------------------------------------------------------------ drafts

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if self.draft_key is None or self.saving:
            return
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self._draft_timer = self.set_timer(DRAFT_DELAY, self._keep_draft)

    def _keep_draft(self) -> None:
        if self.draft_key is None or self._finished:
            return
        self._draft_seq += 1
        self._write_draft(self.area.text, self._draft_seq)

    @work(thread=True, group="note-draft", exit_on_error=False)
    def _write_draft(self, text: str, seq: int) -> None:
        library = getattr(self.app, "library", None)
        if library is None or not hasattr(library, "save_draft") or self.draft_key is None:
            return
        with self._draft_lock:  # newest text wins; nothing after a save or a cancel
            if self._finished or seq <= self._draft_written:
                return
            try:
                if text.strip() in ("", self.initial.strip()):
                    library.discard_draft(self.draft_key)  # nothing unsaved to keep
                else:
                    library.save_draft(self.draft_key, text)
            except Exception:  # noqa: BLE001 - a draft is a courtesy; the text is still on screen
                return
            self._draft_written = seq

    def _end_drafts(self, *, discard: bool) -> None:
        """No more draft writes; forget the kept draft when the note is saved or discarded."""
        if self._draft_timer is not None:
            self._draft_timer.stop()
        library = getattr(self.app, "library", None)
        with self._draft_lock:
            self._finished = True
            if discard and self.draft_key is not None and library is not None and hasattr(library, "discard_draft"):
                library.discard_draft(self.draft_key)

    # ------------------------------------------------------------ actions

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "note-save":
            self.action_save()
        else:
            self.action_cancel()

    def action_save(self) -> None:
        if self.saving:
            return
        text = self.area.text.strip()
        if self.save is None:
            self._end_drafts(discard=True)
            self.dismiss(text)
            return
        self.saving = True
        self.area.read_only = True  # what is on screen is what gets saved
        self._hint("Saving…")
        self._run_save(text)

    @work(thread=True, group="note-save", exit_on_error=False)
    def _run_save(self, text: str) -> None:
        assert self.save is not None
        try:
            self.save(text)
        except Exception as error:  # noqa: BLE001 - shown in the editor, which stays open
            self.app.call_from_thread(self._save_failed, text, error)
            return
        self.app.call_from_thread(self._saved, text)

    def _saved(self, text: str) -> None:
        self._end_drafts(discard=True)
        self.dismiss(text)

    def _save_failed(self, text: str, error: Exception) -> None:
        self.saving = False
        area = self.area
        area.read_only = False
        area.focus()
        self._hint(f"Not saved: {error} Your text is still here (and kept as a draft): "
                   "ctrl+s tries again, escape discards it.", "bold red")
        self.notify(f"The note was not saved: {error}", severity="error", timeout=6, markup=False)
        if self.draft_key is not None:
            self._draft_seq += 1
            self._write_draft(text, self._draft_seq)

    def action_cancel(self) -> None:
        if self.saving:
            return  # the save in flight decides; escape again afterwards
        self._end_drafts(discard=True)
        self.dismiss(None)
