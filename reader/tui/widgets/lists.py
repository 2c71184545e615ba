"""The option list every list screen uses (bookmarks, notes, people, search,
feeds, links, the side panel): Textual's ``OptionList`` plus ``j``/``k``
(the keymap's ``list.down``/``list.up``) beside the arrows, and a readable
heading for its keys in the help (not the widget's class name)."""

from __future__ import annotations

from textual.widgets import OptionList

from reader.tui.keys import bind


class ReaderList(OptionList):
    help_group = "List"

    BINDINGS = [
        bind("list.down", "cursor_down", "Down", show=False),
        bind("list.up", "cursor_up", "Up", show=False),
    ]
