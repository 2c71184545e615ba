"""The library screen: every stored article in a virtual list."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Input, Static
from textual.worker import get_current_worker

from reader.domain import ArticleSummary
from reader.render import safe_text
from reader.tui.app import LibraryReady
from reader.tui.widgets.library_list import LibraryList, index_of
from reader.tui.keys import bind

if TYPE_CHECKING:
    from reader.tui.app import ReaderApp

SORTS = ("date", "title", "source", "added", "quotes")


def marks_help(app: ReaderApp) -> list[tuple[str, str, str]]:
    """What the marks in the first columns mean (for the help screen)."""
    read = app.key_of("library.toggle_read")
    return [
        ("Marks in the list", "new", "arrived with a feed refresh, not opened yet"),
        ("Marks in the list", "•", f"not read yet (the title is bold too); {read} marks read or unread"),
        ("Marks in the list", "★", f"bookmarked ({app.key_of('library.bookmark')})"),
    ]
SORT_STATE_KEY = "tui.library.sort"
POLL_EVERY = 2.0  # seconds between checks for articles another process added (PRAGMA data_version)


class LibraryScreen(Screen):
    app: ReaderApp
    help_title = "Library"
    empty_library_message = "No articles. Press a to add one."

    BINDINGS = [
        bind("library.filter", "filter", "Filter"),
        bind("library.sort", "cycle_sort", "Sort"),
        bind("library.bookmark", "toggle_bookmark", "Bookmark"),
        bind("library.delete", "delete", "Delete"),
        bind("library.add", "add", "Add"),
        bind("library.toggle_read", "toggle_read", "Read/unread", show=False),
        bind("library.all_read", "all_read", "Mark all listed as read", show=False),
        bind("library.clear_filter", "clear_filter", "Clear filter", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.sort = SORTS[0]
        self.query_text = ""
        self._total: int | None = None
        self._select_next: str | None = None

    def compose(self) -> ComposeResult:
        yield Static(Text("reader", style="bold"), id="library-title")
        yield Input(placeholder="Filter by title, source or person…", id="library-filter")
        yield LibraryList(id="library-list")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        library_list = self.query_one(LibraryList)
        library_list.empty_message = "Opening the library…"
        library_list.focus()
        self._update_title()
        if self.app.library is not None:
            self._library_ready(self.app.library)

    @property
    def library_list(self) -> LibraryList:
        return self.query_one(LibraryList)

    def on_library_ready(self, message: LibraryReady) -> None:
        if message.library is None:
            self.library_list.empty_message = message.error or "The library could not be opened."
            self.library_list.refresh()
            return
        self._library_ready(message.library)

    def _library_ready(self, library) -> None:
        saved = library.user_state(SORT_STATE_KEY, SORTS[0])
        self.sort = saved if saved in SORTS else SORTS[0]
        self._update_empty_message()
        self.reload()
        self.set_interval(POLL_EVERY, self._poll_library)

    def _poll_library(self) -> None:
        """Show what another copy of reader (a CLI import, a feed refresh) added, without leaving
        the screen: the check is one in-memory pragma."""
        library = self.app.library
        if library is not None and self.is_current:
            try:
                moved = library.changed()
            except Exception:  # noqa: BLE001 - a poll must never break the screen
                return
            if moved:
                self.reload()

    def on_screen_resume(self) -> None:
        # Back from an article: its read mark, notes or bookmark may have changed.
        if self.app.library is not None:
            self.reload()

    # ---------------------------------------------------------------- rows

    def reload(self, cursor: int | None = None, keep_id: str | None = None) -> None:
        """Re-read the rows; the cursor goes to ``cursor``, else to the article
        ``keep_id`` (or one chosen with :meth:`select_next`), else stays on
        the current article."""
        if self.app.library is None:
            return
        if cursor is None and keep_id is None:
            current = self.library_list.current
            keep_id = current.id if current else None
        self._load_rows(self.query_text, self.sort, cursor, keep_id)

    def select_next(self, article_id: str | None) -> None:
        """Put the cursor on this article at the next reload (after an add)."""
        self._select_next = article_id

    @work(thread=True, exclusive=True, group="library-rows", exit_on_error=False)
    def _load_rows(self, query: str, sort: str, cursor: int | None, keep_id: str | None) -> None:
        library = self.app.library
        if library is None:
            return
        try:
            rows, total = self.fetch_rows(library, query, sort)
        except Exception as error:  # noqa: BLE001 - a notification, never a traceback
            self.app.call_from_thread(self.notify, f"Could not list the library: {error}", severity="error", markup=False)
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_rows, rows, total, cursor, keep_id)

    def fetch_rows(self, library: Any, query: str, sort: str) -> tuple[Sequence[ArticleSummary], int]:
        """The rows to list and how many there are unfiltered (worker thread);
        a feed's view lists only its articles."""
        rows = library.filter(query, sort=sort)
        return rows, len(library.summaries()) if query else len(rows)

    def title_text(self) -> Text:
        return Text("reader", style="bold")

    def feeds_refreshed(self, reports: Any) -> None:
        self.reload()  # articles arrived

    def _show_rows(self, rows: Sequence[ArticleSummary], total: int, cursor: int | None, keep_id: str | None) -> None:
        library_list = self.library_list
        if self._select_next is not None:
            keep_id, self._select_next = self._select_next, None
        if keep_id is not None:
            found = index_of(rows, keep_id)
            cursor = found if found is not None else 0
        library_list.set_rows(rows, cursor)
        self._total = total
        self._update_title()

    def _update_title(self) -> None:
        title = self.title_text()
        library_list = self.library_list
        if self._total is not None:
            shown = library_list.row_count
            noun = "article" if self._total == 1 else "articles"
            count = f"{shown:,} {noun}" if shown == self._total else f"{shown:,} of {self._total:,} {noun}"
            title.append(f"  {count}", style="dim")
        title.append("  sort: ", style="dim")
        title.append(self.sort, style="bold")
        if self.query_text:
            title.append("  filter: ", style="dim")
            title.append(safe_text(self.query_text), style="italic")
        self.query_one("#library-title", Static).update(title)

    # ------------------------------------------------------------- actions

    def on_library_list_selected(self, message: LibraryList.Selected) -> None:
        self.app.open_article(message.summary.id)

    def action_filter(self) -> None:
        filter_input = self.query_one("#library-filter", Input)
        filter_input.add_class("-visible")
        filter_input.focus()

    @on(Input.Changed, "#library-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.query_text = event.value.strip()
        self._update_title()
        self._update_empty_message()
        if self.query_text:
            self.reload(cursor=0)
        else:
            self.reload()  # cleared: stay on the article the cursor is on (the one just read)

    @on(Input.Submitted, "#library-filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        self.library_list.focus()
        if not event.value.strip():
            event.input.remove_class("-visible")

    def action_clear_filter(self) -> None:
        filter_input = self.query_one("#library-filter", Input)
        filter_input.value = ""  # reloads through Input.Changed, keeping the cursor's article
        filter_input.remove_class("-visible")
        self.library_list.focus()

    def _update_empty_message(self) -> None:
        if self.app.library is None:
            return
        if self.query_text:
            key = self.app.key_of("library.clear_filter")
            self.library_list.empty_message = f"No articles match “{safe_text(self.query_text)}”. Press {key} to clear the filter."
        else:
            self.library_list.empty_message = self.empty_library_message
        self.library_list.refresh()

    def action_cycle_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        if self.app.library is not None:
            self.app.library.set_user_state(SORT_STATE_KEY, self.sort)
        self._update_title()
        self.reload()
        self.notify(f"Sorted by {self.sort}", timeout=2, markup=False)

    def _current(self) -> ArticleSummary | None:
        if not self.app.require_library():
            return None
        return self.library_list.current

    def help_extra(self) -> list[tuple[str, str, str]]:
        return marks_help(self.app)

    def action_toggle_read(self) -> None:
        summary = self._current()
        if summary is None:
            return
        try:
            self.app.library.mark_read(summary.id, not summary.read)
        except Exception as error:  # noqa: BLE001
            self.notify(f"Could not change the read mark: {error}", severity="error", markup=False)
            return
        self.reload()

    def action_all_read(self) -> None:
        """Mark every article listed (all, or those the filter shows) as read, after asking."""
        from reader.tui.screens.confirm import ConfirmScreen

        if not self.app.require_library():
            return
        ids = [i for i, unread in self._unread_listed() if unread]
        if not ids:
            self.notify("Nothing unread here.", timeout=2, markup=False)
            return
        question = Text(f"Mark {len(ids):,} unread article{'s' if len(ids) != 1 else ''} as read?")

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                count = self.app.library.mark_many_read(ids)
            except Exception as error:  # noqa: BLE001
                self.notify(f"Could not mark them read: {error}", severity="error", markup=False)
                return
            self.notify(f"{count:,} marked as read", timeout=3, markup=False)
            self.reload()

        self.app.push_screen(ConfirmScreen(question, yes="Mark read", no="Keep"), answered)

    def _unread_listed(self) -> list[tuple[str, bool]]:
        rows = self.library_list.rows
        return [(rows[i].id, not rows[i].read or rows[i].new) for i in range(len(rows))]

    def action_toggle_bookmark(self) -> None:
        summary = self._current()
        if summary is None:
            return
        try:
            marked = self.app.library.toggle_bookmark(summary.id)
        except Exception as error:  # noqa: BLE001
            self.notify(f"Could not change the bookmark: {error}", severity="error", markup=False)
            return
        self.notify("Bookmarked" if marked else "Bookmark removed", timeout=2, markup=False)
        self.reload()

    def action_delete(self) -> None:
        from reader.tui.screens.confirm import ConfirmScreen

        summary = self._current()
        if summary is None:
            return
        question = Text("Delete “")
        question.append(safe_text(summary.title or "(untitled)"), style="bold")
        question.append("” from the library?\nIts bookmarks go too; your notes on it are kept\n(they come back if you add the same text again).")

        def answered(yes: bool | None) -> None:
            if yes:
                self._delete(summary)

        self.app.push_screen(ConfirmScreen(question, yes="Delete", no="Keep"), answered)

    def _delete(self, summary: ArticleSummary) -> None:
        try:
            self.app.library.delete(summary.id)
        except Exception as error:  # noqa: BLE001
            self.notify(f"Could not delete: {error}", severity="error", markup=False)
            return
        self.app.forget_article(summary.id)
        self.notify(f"Deleted “{safe_text(summary.title)}”", timeout=3, markup=False)
        self.reload()

    def action_add(self) -> None:
        from reader.tui.screens.add import AddScreen

        if not self.app.require_library():
            return

        def added(article_id: str | None) -> None:
            self.select_next(article_id)
            self.reload()

        self.app.push_screen(AddScreen(), added)
