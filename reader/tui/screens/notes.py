"""Every note and highlight across the library (``N``).

Newest first, grouped by article, filtered as you type. Enter opens the
article at the exact place (re-attached to the current text, so an edited
article still lands on the passage), ``e`` edits, ``d`` deletes (``u`` undoes).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from reader.domain import Note
from reader.render import safe_text
from reader.tui.screens.note_editor import excerpt
from reader.tui.keys import bind
from reader.tui.widgets.lists import ReaderList
from reader.tui.screens.filtered_list import FilteredListScreen

if TYPE_CHECKING:
    from reader.tui.app import ReaderApp

MISSING_TITLE = "(article no longer in the library)"


@dataclass(slots=True)
class NoteGroup:
    article_id: str
    title: str
    notes: list[Note]


def group_notes(notes: list[Note], titles: dict[str, str], query: str = "") -> list[NoteGroup]:
    """Notes matching every word of ``query`` (in text, passage or title),
    grouped by article; groups and notes newest first."""
    words = query.casefold().split()
    groups: dict[str, NoteGroup] = {}
    for note in sorted(notes, key=lambda n: max(n.created_at, n.updated_at), reverse=True):
        title = titles.get(note.article_id, MISSING_TITLE)
        if words:
            hay = f"{note.text}\n{note.anchor.exact}\n{title}".casefold()
            if not all(w in hay for w in words):
                continue
        groups.setdefault(note.article_id, NoteGroup(note.article_id, title, [])).notes.append(note)
    return list(groups.values())


def quoted(text: str) -> str:
    """``text`` in quotation marks, unless it is a quote that has its own."""
    return text if text[:1] in "“\"‘'" else f"“{text}”"


def note_line(note: Note) -> Text:
    line = Text("  ")
    if note.highlight:
        line.append("▌ ", style="bold yellow")
        line.append(excerpt(note.anchor.exact or "(whole article)", 100), style="italic")
        if note.text:
            line.append("\n    ✎ " + excerpt(note.text, 96))
    else:
        line.append("✎ ", style="bold cyan")
        line.append(excerpt(note.text, 100))
        if note.anchor.exact and note.anchor.kind != "article":
            line.append(f"\n    on {quoted(excerpt(note.anchor.exact, 90))}", style="dim")
    if note.orphaned:
        line.append("\n    (this passage is no longer in the article)", style="red")
    return line


class NotesScreen(FilteredListScreen):
    app: ReaderApp
    help_title = "Notes and highlights"

    DEFAULT_CSS = """
    NotesScreen #notes-title { height: 1; padding: 0 1; background: $panel; }
    NotesScreen #notes-filter { margin: 0 1; }
    NotesScreen #notes-list { height: 1fr; border: none; }
    """

    BINDINGS = [
        bind("notes.back", "back", "Back"),
        bind("notes.filter", "focus_filter", "Filter", show=False),
        bind("notes.edit", "edit", "Edit"),
        bind("notes.delete", "delete", "Delete"),
    ]

    def __init__(self, library: Any) -> None:
        super().__init__()
        self.library = library
        self.notes: dict[str, Note] = {}
        self.titles: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        yield Static(Text("Notes and highlights", style="bold"), id="notes-title")
        yield Input(placeholder="Filter notes…  (enter: go to the list, escape: back)", id="notes-filter")
        yield ReaderList(id="notes-list")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.reload()
        self.query_one(Input).focus()

    def on_screen_resume(self) -> None:
        self.reload()

    # ------------------------------------------------------------------ data

    def reload(self) -> None:
        try:
            notes = self.library.notes()
            self.titles = {s.id: s.title for s in self.library.summaries_of({n.article_id for n in notes})}
        except Exception as error:  # noqa: BLE001 - shown, not a traceback
            self.notify(f"Could not list the notes: {error}", severity="error", markup=False)
            return
        self.notes = {n.id: n for n in notes}
        self.fill()

    def fill(self) -> None:
        option_list = self.query_one(OptionList)
        keep = option_list.highlighted_option.id if option_list.highlighted_option else None
        option_list.clear_options()
        groups = group_notes(list(self.notes.values()), self.titles, self.query_one(Input).value)
        if not groups:
            hint = "No notes match." if self.notes else "No notes yet: in an article, e writes a note and V highlights a passage."
            option_list.add_option(Option(Text(hint, style="dim"), disabled=True))
            return
        options: list[Option] = []
        for group in groups:
            heading = Text(safe_text(group.title), style="bold")
            heading.append(f"  {len(group.notes)}", style="dim")
            options.append(Option(heading, id=f"article:{group.article_id}"))
            options.extend(Option(note_line(n), id=n.id) for n in group.notes)
        option_list.add_options(options)
        ids = [o.id for o in options]
        option_list.highlighted = ids.index(keep) if keep in ids else 1

    def selected_note(self) -> Note | None:
        option = self.query_one(OptionList).highlighted_option
        return None if option is None or option.id is None else self.notes.get(option.id)

    # --------------------------------------------------------------- events

    def on_input_changed(self, event: Input.Changed) -> None:
        self.fill()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option.id or ""
        if option_id.startswith("article:"):
            self.app.open_article(option_id.removeprefix("article:"), None)
            return
        note = self.notes.get(option_id)
        if note is not None:
            from reader.tui.screens.article import note_stop

            self.app.open_article(note.article_id, self.place_of(note), kind=note_stop(note))

    def place_of(self, note: Note) -> int | None:
        """Where the note's passage is in the article's current text."""
        if note.anchor.kind == "article":
            return None
        from reader.anchors import reattach

        try:
            body = self.library.get(note.article_id).body
        except Exception:  # noqa: BLE001 - deleted article: let the app say so
            return note.anchor.start
        found = reattach(note.anchor, body)
        return found.anchor.start

    # -------------------------------------------------------------- actions

    def action_edit(self) -> None:
        if self.query_one(Input).has_focus:
            return
        note = self.selected_note()
        if note is None:
            return
        from reader.tui.screens.note_editor import NoteEditorScreen

        def save(text: str) -> None:  # in the editor's worker; raising keeps the editor open
            if text != note.text:
                self.library.update_note(note.id, text)

        def saved(text: str | None) -> None:
            if text is None or text == note.text:
                return
            self.notify("Note saved", timeout=2)
            self.reload()

        about = note.anchor.exact or self.titles.get(note.article_id, "")
        editor = NoteEditorScreen(about, note.text, heading="Edit note", save=save, draft_key=f"edit:{note.id}")
        self.app.push_screen(editor, saved)

    def action_delete(self) -> None:
        """Delete at once; ``u`` brings it back (no question asked first)."""
        if self.query_one(Input).has_focus:
            return
        note = self.selected_note()
        if note is not None and self.app.delete_note(note):
            self.reload()

    def note_restored(self, note: Note) -> None:
        self.reload()
