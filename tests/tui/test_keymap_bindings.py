"""Every remappable binding carries an id of reader.config.DEFAULT_KEYMAP
and that id's default keys (so the config file documents the real keys)."""

from __future__ import annotations

from reader.config import DEFAULT_KEYMAP


def test_every_binding_id_has_default_keys_and_every_default_is_bound() -> None:
    import importlib

    from textual.binding import Binding

    modules = [
        "reader.tui.app",
        "reader.tui.screens.article",
        "reader.tui.screens.library",
        "reader.tui.screens.bookmarks",
        "reader.tui.screens.notes",
        "reader.tui.screens.search",
        "reader.tui.screens.figures",
        "reader.tui.widgets.article_view",
        "reader.tui.widgets.library_list",
        "reader.tui.widgets.lists",
        "reader.tui.screens.feeds",
        "reader.tui.screens.links",
    ]
    ids: set[str] = set()
    for name in modules:
        module = importlib.import_module(name)
        for value in vars(module).values():
            for binding in getattr(value, "BINDINGS", []) if isinstance(value, type) else []:
                if isinstance(binding, Binding) and binding.id is not None:
                    assert binding.key == ",".join(DEFAULT_KEYMAP[binding.id])
                    ids.add(binding.id)
    assert ids == set(DEFAULT_KEYMAP)
