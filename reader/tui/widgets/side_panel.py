"""The article's side panel: figures, quotes and notes in one list.

One OptionList (not three) so ``tab`` reaches it in one step and the arrow
keys walk through everything; section headings are disabled options.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.domain import Annotation, Note
from reader.render import safe_text, speaker_label
from reader.tui.screens.note_editor import excerpt
from reader.tui.widgets.lists import ReaderList


class SidePanel(ReaderList):
    """Option ids: ``figure:<index in annotation.figures>``, ``quote:<start offset>``,
    ``note:<note id>``."""

    help_group = "Side panel"

    class Picked(Message):
        """A figure, quote or note was chosen (Enter or click)."""

        def __init__(self, kind: str, key: str) -> None:
            super().__init__()
            self.kind = kind
            self.key = key

    def show(self, annotation: Annotation | None, notes: Sequence[Note]) -> None:
        highlighted = self.highlighted_option.id if self.highlighted_option is not None else None
        options: list[Option] = []
        figures = annotation.figures if annotation else []
        quotes = sorted(annotation.quotes, key=lambda q: q.start) if annotation else []
        options.append(Option(Text(f"People ({len(figures)})", style="bold underline"), disabled=True))
        for index, figure in sorted(enumerate(figures), key=lambda pair: -len(pair[1].mentions)):
            prompt = Text(safe_text(figure.name), style="bold")
            if figure.role:
                prompt.append(f" · {safe_text(figure.role)}", style="dim")
            prompt.append(f" ×{len(figure.mentions)}", style="dim")
            options.append(Option(prompt, id=f"figure:{index}"))
        options.append(Option(Text(f"Quotes ({len(quotes)})", style="bold underline"), disabled=True))
        for quote in quotes:
            # A source that is no person ("the newspaper") is shown as written, not bold.
            prompt = Text(speaker_label(quote.speaker), style="italic" if quote.speaker_kind in ("organization", "description") else "bold")
            prompt.append(": ")
            prompt.append(excerpt(quote.text, 48), style="italic")
            options.append(Option(prompt, id=f"quote:{quote.start}"))
        # Orphaned notes (their passage is gone from the text) stay listed,
        # last and flagged: a note is never silently lost.
        ordered = sorted(notes, key=lambda n: (n.orphaned, n.anchor.start))
        options.append(Option(Text(f"Notes ({len(ordered)})", style="bold underline"), id="notes-heading", disabled=True))
        for note in ordered:
            prompt = Text("⚠ " if note.orphaned else "✎ ")
            prompt.append(excerpt(note.text or note.anchor.exact or "(highlight)", 48))
            if note.orphaned:
                prompt.append(" (passage not found)", style="dim italic")
            options.append(Option(prompt, id=f"note:{note.id}", disabled=note.orphaned))
        if not ordered:
            options.append(Option(Text("e on a paragraph or quote adds one", style="dim italic"), disabled=True))
        self.set_options(options)
        if highlighted is not None:
            try:
                self.highlighted = self.get_option_index(highlighted)
            except Exception:  # noqa: BLE001 - the option is gone; keep the default
                pass

    def focus_notes(self) -> None:
        self.focus()
        index = self.get_option_index("notes-heading")
        if index + 1 < self.option_count and not self.get_option_at_index(index + 1).disabled:
            self.highlighted = index + 1

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        option_id = event.option.id or ""
        kind, _, key = option_id.partition(":")
        if key:
            self.post_message(self.Picked(kind, key))
