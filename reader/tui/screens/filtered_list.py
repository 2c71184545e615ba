"""The shape shared by the Notes, People and Search screens: a filter (or query)
field above an option list. Escape clears the field before it leaves the screen,
so a user who typed a filter never loses their place by pressing it once."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Input, OptionList


class FilteredListScreen(Screen):
    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one(OptionList).focus()

    def action_focus_filter(self) -> None:
        self.query_one(Input).focus()

    def action_back(self) -> None:
        field = self.query_one(Input)
        if field.has_focus and field.value:
            field.value = ""
            return
        self.dismiss()
