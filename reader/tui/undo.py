"""Deleting a note at once, and ``u`` to bring it back.

A question before every deletion slows down the common case to guard the
rare one; an undo guards it better. Every screen that deletes a note or a
highlight calls :meth:`NoteUndo.delete_note`; ``u`` (the keymap's
``app.undo``, on every screen) puts the last one back through
``Library.restore_note``: same id, anchor, text and times, written durably.
Screens showing notes get ``note_restored(note)`` to redraw.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reader.domain import Note


class NoteUndo:
    """Mixed into the app (which has ``library``, ``notify`` and ``screen_stack``)."""

    deleted_note: Note | None = None

    def delete_note(self: Any, note: Note) -> bool:
        """Delete a note or highlight now, keeping it for :meth:`action_undo`.
        False (and a notification) if it could not be deleted."""
        try:
            self.library.delete_note(note.id)
        except Exception as error:  # noqa: BLE001 - a notification, not a traceback
            self.notify(f"Could not delete: {error}", severity="error", markup=False)
            return False
        self.deleted_note = note
        what = "Highlight" if note.highlight else "Note"
        key = self.key_of("app.undo") if hasattr(self, "key_of") else "u"
        self.notify(f"{what} deleted · {key} brings it back", timeout=6, markup=False)
        return True

    def action_undo(self: Any) -> None:
        """Bring back the last deleted note, with its id and anchor."""
        note = self.deleted_note
        if note is None or self.library is None:
            self.notify("Nothing to undo.", timeout=2, markup=False)
            return
        try:
            self.library.restore_note(note)
        except Exception as error:  # noqa: BLE001 - kept for another try
            self.notify(f"Could not restore the note: {error}", severity="error", markup=False)
            return
        self.deleted_note = None
        self.notify(f"{'Highlight' if note.highlight else 'Note'} restored", timeout=3, markup=False)
        for screen in self.screen_stack:
            restored = getattr(screen, "note_restored", None)
            if callable(restored):
                restored(note)
