"""Issue 12 item 5: the note editor saves exactly what it shows, stays open
with its text when a save fails, and keeps a durable draft across a crash.

Fast typing is reproduced the way a terminal delivers it: every key event of
a burst is queued for the app before any of them is handled (``pilot.press``
waits for the app to go idle after each key, which hides the race).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events
from textual.widgets import Static, TextArea

from reader.config import Config
from reader.library import Library
from reader.store.errors import DiskFullError, LockedError, ReadOnlyError
from reader.tui.app import ReaderApp
from reader.tui.screens.article import ArticleScreen
from reader.tui.screens.note_editor import DRAFT_DELAY, NoteEditorScreen
from tests.tui.conftest import library, settle  # noqa: F401 - the TUI tests' library fixture

pytestmark = pytest.mark.asyncio


def burst(app: ReaderApp, keys: list[str]) -> None:
    """Queue key events back to back, as a fast typist (or a paste of keys) does."""
    driver = app._driver
    assert driver is not None
    for key in keys:
        char = key if len(key) == 1 else {"space": " "}.get(key)
        event = events.Key(key, char)
        event.set_sender(app)
        driver.send_message(event)


def chars(text: str) -> list[str]:
    return ["space" if c == " " else c for c in text]


async def open_article_note(app: ReaderApp, pilot) -> NoteEditorScreen:  # type: ignore[no-untyped-def]
    await settle(app, pilot)
    if not isinstance(app.screen, ArticleScreen):
        await pilot.press("enter")
        await settle(app, pilot)
    assert isinstance(app.screen, ArticleScreen)
    await pilot.press("A")
    await pilot.pause()
    assert isinstance(app.screen, NoteEditorScreen)
    return app.screen


def article_notes(library: Library) -> list[str]:
    return [n.text for n in library.notes() if n.anchor.kind == "article"]


def hint(editor: NoteEditorScreen) -> str:
    return str(editor.query_one("#note-hint", Static).render())


async def test_ten_quick_saves_keep_every_key(library: Library) -> None:
    app = ReaderApp(library=library, config=Config())
    typed = [f"quick note number {n} with several words typed fast" for n in range(10)]
    async with app.run_test(size=(120, 40)) as pilot:
        for text in typed:
            await open_article_note(app, pilot)
            burst(app, [*chars(text), "ctrl+s"])
            await settle(app, pilot, rounds=6)
            assert isinstance(app.screen, ArticleScreen), "saved and closed"
    assert sorted(article_notes(library)) == sorted(typed)


async def test_keys_typed_before_the_text_area_has_focus_are_kept(library: Library) -> None:
    """Keys that arrive while the editor is still being mounted reach the screen, not the
    text area: they go into the text, in order, and ctrl+s still comes last."""
    app = ReaderApp(library=library, config=Config())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ArticleScreen)
        screen.action_article_note()  # what the app does on "A"; the editor is not mounted yet
        assert app.focused is None
        for key in [*chars("the whole sentence"), "ctrl+s"]:
            # keys already waiting in the app's queue are forwarded now, as App.on_event does:
            # to the focused widget, or, with none yet, to the screen
            event = events.Key(key, {"space": " "}.get(key, key if len(key) == 1 else None))
            event.set_sender(app)
            (app.focused or app.screen)._forward_event(event)
        await settle(app, pilot, rounds=6)
        assert app.screen is screen
    assert article_notes(library) == ["the whole sentence"]


@pytest.mark.parametrize(
    "failure",
    [
        DiskFullError("Could not save user.log: the disk is full. Nothing was lost; free some space and try again."),
        ReadOnlyError("Could not save user.log: the data folder is read-only (Read-only file system)."),
        LockedError("Another copy of reader has kept the library locked for 15 s."),
    ],
    ids=["disk full", "read-only", "lock timeout"],
)
async def test_failed_save_keeps_the_editor_and_the_text(
    failure: Exception, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_add_note = library.add_note
    failing = {"on": True}

    def add_note(*args, **kwargs):  # type: ignore[no-untyped-def]
        if failing["on"]:
            raise failure
        return real_add_note(*args, **kwargs)

    monkeypatch.setattr(library, "add_note", add_note)
    app = ReaderApp(library=library, config=Config())
    text = "a thought I must not lose"
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_article_note(app, pilot)
        burst(app, [*chars(text), "ctrl+s"])
        await settle(app, pilot, rounds=6)
        assert app.screen is editor, "the editor stays open"
        assert editor.query_one(TextArea).text == text
        assert not editor.query_one(TextArea).read_only, "and editable"
        shown = hint(editor)
        assert "Not saved" in shown and str(failure).split(":")[0] in shown
        key = editor.draft_key
        assert key is not None
        kept = library.draft(key)
        assert kept is not None and kept.text == text, "kept as a durable draft"

        failing["on"] = False  # the disk was freed, the other copy let go
        await pilot.press("ctrl+s")
        await settle(app, pilot, rounds=6)
        assert isinstance(app.screen, ArticleScreen)
    assert article_notes(library) == [text]
    assert library.draft(key) is None, "the draft goes once the note is saved"


async def test_a_draft_survives_a_crash_and_is_offered_back(library: Library, reader_home: Path) -> None:
    app = ReaderApp(library=library, config=Config())
    text = "half a note when the power went"
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_article_note(app, pilot)
        key = editor.draft_key
        burst(app, chars(text))
        await settle(app, pilot)
        await pilot.pause(DRAFT_DELAY + 0.3)
        await settle(app, pilot)
        # On disk now, while the editor is open: what a crash (or kill -9) leaves behind.
        assert key is not None
        reopened = Library.open(reader_home, seed=False, annotator=library.annotator)
        kept = reopened.draft(key)
        assert kept is not None and kept.text == text
        reopened.close()
        drafts = reader_home / "drafts"
        assert [p.stat().st_mode & 0o777 for p in drafts.iterdir() if not p.name.startswith(".")] == [0o600]
    assert article_notes(library) == []

    app = ReaderApp(library=library, config=Config())
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_article_note(app, pilot)
        area = editor.query_one(TextArea)
        assert area.text == text, "offered back in the editor for the same target"
        assert "Restored your unsaved draft" in hint(editor)
        await pilot.press("ctrl+z")
        assert area.text == "", "ctrl+z returns to the saved text"
        await pilot.press("ctrl+y")
        assert area.text == text
        await pilot.press("ctrl+s")
        await settle(app, pilot, rounds=6)
    assert article_notes(library) == [text]
    assert library.draft(key) is None


async def test_cancel_discards_the_draft(library: Library) -> None:
    app = ReaderApp(library=library, config=Config())
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_article_note(app, pilot)
        key = editor.draft_key
        burst(app, chars("never mind"))
        await pilot.pause(DRAFT_DELAY + 0.3)
        await settle(app, pilot)
        assert key is not None and library.draft(key) is not None
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, ArticleScreen)
        assert library.draft(key) is None
    assert article_notes(library) == []


async def test_a_draft_only_returns_to_its_own_target(library: Library) -> None:
    app = ReaderApp(library=library, config=Config())
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_article_note(app, pilot)
        burst(app, chars("about the whole article"))
        await pilot.pause(DRAFT_DELAY + 0.3)
        await settle(app, pilot)
        editor.dismiss(None)  # closed without the cancel action: the draft stays (as after a crash)
        await settle(app, pilot)
        await pilot.press("e")  # a note on the current paragraph: another target
        await pilot.pause()
        assert isinstance(app.screen, NoteEditorScreen)
        assert app.screen.query_one(TextArea).text == ""
        assert "Restored" not in hint(app.screen)


async def test_editing_a_note_keeps_its_own_draft_and_saves_what_is_shown(library: Library) -> None:
    from reader.anchors import make_anchor
    from reader.tui.screens.notes import NotesScreen

    from tests.tui.host import Host

    article_id = library.summaries()[0].id
    note = library.add_note(article_id, make_anchor("", 0, 0, "article"), "first version")
    app = Host(library, lambda lib: NotesScreen(lib))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("tab")  # from the filter box to the list
        await settle(app, pilot)
        screen = app.screen
        screen.action_edit()
        await pilot.pause()
        assert isinstance(app.screen, NoteEditorScreen)
        assert app.screen.draft_key == f"edit:{note.id}"
        burst(app, [*chars(" and the second thought"), "ctrl+s"])
        await settle(app, pilot, rounds=6)
        assert app.screen is screen
    assert [n.text for n in library.notes()] == ["first version and the second thought"]
