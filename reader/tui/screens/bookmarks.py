"""All bookmarks: Enter opens the article at the bookmark, d deletes it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from reader.domain import Bookmark
from reader.render import safe_text
from reader.tui.keys import bind
from reader.tui.widgets.lists import ReaderList

if TYPE_CHECKING:
    from reader.tui.app import ReaderApp


class BookmarksScreen(Screen):
    app: ReaderApp
    help_title = "Bookmarks"

    BINDINGS = [
        bind("bookmarks.back", "back", "Back"),
        bind("bookmarks.delete", "delete", "Delete"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.bookmarks: list[Bookmark] = []

    def compose(self) -> ComposeResult:
        yield Static(Text("Bookmarks", style="bold"), id="bookmarks-title")
        yield ReaderList(id="bookmarks-list")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        self.refresh_list()

    def on_screen_resume(self) -> None:
        self.refresh_list()

    def refresh_list(self) -> None:
        option_list = self.query_one(OptionList)
        keep = option_list.highlighted
        try:
            self.bookmarks = sorted(self.app.library.bookmarks(), key=lambda b: -b.created_at)
            titles = self._titles({b.article_id for b in self.bookmarks})
        except Exception as error:  # noqa: BLE001
            self.notify(f"Could not list bookmarks: {error}", severity="error", markup=False)
            return
        option_list.clear_options()
        if not self.bookmarks:
            option_list.add_option(Option(Text("No bookmarks yet: b in the library or m in an article.", style="dim"), disabled=True))
            return
        option_list.add_options([Option(self._prompt(b, titles), id=b.id) for b in self.bookmarks])
        option_list.highlighted = min(keep or 0, len(self.bookmarks) - 1)

    def _titles(self, article_ids: set[str]) -> dict[str, str]:
        titles: dict[str, str] = {}
        for article_id in article_ids:
            try:
                titles[article_id] = self.app.library.get(article_id).title
            except Exception:  # noqa: BLE001 - the article was deleted under the bookmark
                titles[article_id] = "(article no longer in the library)"
        return titles

    @staticmethod
    def _prompt(bookmark: Bookmark, titles: dict[str, str]) -> Text:
        prompt = Text("★ " if bookmark.position is None else "⚑ ", style="yellow")
        prompt.append(safe_text(titles.get(bookmark.article_id, "?")), style="bold")
        detail = bookmark.label or ("whole article" if bookmark.position is None else f"at character {bookmark.position:,}")
        prompt.append(f"\n  {safe_text(detail)}", style="dim")
        return prompt

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        bookmark = next((b for b in self.bookmarks if b.id == event.option.id), None)
        if bookmark is not None:
            self.app.open_article(bookmark.article_id, bookmark.position)

    def action_delete(self) -> None:
        index = self.query_one(OptionList).highlighted
        if index is None or index >= len(self.bookmarks):
            return
        try:
            self.app.library.delete_bookmark(self.bookmarks[index].id)
        except Exception as error:  # noqa: BLE001
            self.notify(f"Could not delete the bookmark: {error}", severity="error", markup=False)
            return
        self.notify("Bookmark deleted", timeout=2)
        self.refresh_list()

    def action_back(self) -> None:
        self.dismiss()
