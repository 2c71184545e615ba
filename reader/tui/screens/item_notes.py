"""The notes on one paragraph or quote (``v`` in the article): edit or delete.

``d`` deletes at once; ``u`` (anywhere) brings the note back
(:meth:`ReaderApp.delete_note`). Dismisses with True when something changed,
so the article redraws its marks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from reader.domain import Note
from reader.tui.widgets.lists import ReaderList
from reader.tui.screens.note_editor import NoteEditorScreen, excerpt

if TYPE_CHECKING:
    from reader.tui.app import ReaderApp


def note_prompt(note: Note) -> Text:
    text = Text("✎ ", style="bold")
    text.append(excerpt(note.text or "(highlight)", 70))
    text.append(f"\n  on: {excerpt(note.anchor.exact, 50)}", style="dim")
    return text


class ItemNotesScreen(ModalScreen[bool]):
    app: ReaderApp

    BINDINGS = [
        Binding("e,enter", "edit", "Edit"),
        Binding("d,delete", "delete", "Delete"),
        Binding("escape,q", "close", "Close"),
    ]

    def __init__(self, notes: list[Note], about: str) -> None:
        super().__init__()
        self.notes = list(notes)
        self.about = about
        self.changed = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="item-notes-dialog"):
            yield Static(Text(f"Notes on: {excerpt(self.about, 60)}", style="bold"))
            yield ReaderList(id="item-notes-list")
            yield Static(Text("e edit · d delete (u undoes) · escape close", style="dim"))

    def on_mount(self) -> None:
        self._fill()
        self.query_one(OptionList).focus()

    def _fill(self) -> None:
        option_list = self.query_one(OptionList)
        option_list.clear_options()
        option_list.add_options([Option(note_prompt(n), id=n.id) for n in self.notes])
        if self.notes:
            option_list.highlighted = 0

    def _selected(self) -> Note | None:
        index = self.query_one(OptionList).highlighted
        return self.notes[index] if index is not None and index < len(self.notes) else None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_edit()

    def action_edit(self) -> None:
        note = self._selected()
        if note is None:
            return

        stored: list[Any] = []

        def save(text: str) -> None:  # in the editor's worker; raising keeps the editor open
            if text != note.text:
                stored.append(self.app.library.update_note(note.id, text))

        def saved(text: str | None) -> None:
            if text is None or text == note.text:
                return
            updated = stored[-1] if stored else None
            self.notes[self.notes.index(note)] = updated if isinstance(updated, Note) else note
            if not isinstance(updated, Note):
                note.text = text
            self.changed = True
            self._fill()

        editor = NoteEditorScreen(note.anchor.exact, note.text, heading="Edit note", save=save,
                                  draft_key=f"edit:{note.id}")
        self.app.push_screen(editor, saved)

    def action_delete(self) -> None:
        note = self._selected()
        if note is None or not self.app.delete_note(note):
            return
        self.notes.remove(note)
        self.changed = True
        if not self.notes:
            self.dismiss(True)
            return
        self._fill()

    def note_restored(self, note: Note) -> None:
        """Undo while this list is open: the note comes back into it."""
        if note.id not in {n.id for n in self.notes}:
            self.notes.append(note)
            self.notes.sort(key=lambda n: n.created_at, reverse=True)
            self._fill()
    def action_close(self) -> None:
        self.dismiss(self.changed)
