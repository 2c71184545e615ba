"""Key bindings whose keys come from :data:`reader.config.DEFAULT_KEYMAP`.

Every remappable binding is declared with :func:`bind`, so its default keys
are written once (in the config module, where the user's ``[keymap]`` table
is checked against them) and its id is the one ``App.set_keymap`` uses.
"""

from __future__ import annotations

from typing import Any

from textual.binding import Binding

from reader.config import DEFAULT_KEYMAP


def bind(binding_id: str, action: str, description: str = "", **kwargs: Any) -> Binding:
    """``Binding`` with the default keys of ``binding_id`` and that id."""
    return Binding(",".join(DEFAULT_KEYMAP[binding_id]), action, description, id=binding_id, **kwargs)
