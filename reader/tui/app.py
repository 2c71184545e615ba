"""The Textual application: screens, app-wide keys, and the open library.

The library is opened in a worker thread so the first frame never waits on
disk; screens that need it listen for :class:`LibraryReady`.
"""

from __future__ import annotations

import importlib
from collections import OrderedDict
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import App
from textual.binding import Binding
from textual.message import Message

from reader.paths import styles_dir
from reader.tui.commands import ReaderCommands

if TYPE_CHECKING:
    from reader.library import Library
    from reader.tui.screens.article import ArticleScreen

# Article screens kept mounted after closing, so reopening one is instant
# (building a screen costs far more than reading a cached annotation).
ARTICLE_SCREENS_KEPT = 4
WARM_UP_DELAY = 1.0  # seconds after the library opens


class LibraryReady(Message):
    """Posted to every screen once the library is open (or failed to open)."""

    def __init__(self, library: Library | None, error: str | None = None) -> None:
        super().__init__()
        self.library = library
        self.error = error


# Screens another helper provides; pushed lazily so a missing one is a
# notification, not a crash: binding action -> (module, class).
OPTIONAL_SCREENS: dict[str, tuple[str, str]] = {
    "notes": ("reader.tui.screens.notes", "NotesScreen"),
    "search": ("reader.tui.screens.search", "SearchScreen"),
    "figures": ("reader.tui.screens.figures", "FiguresScreen"),
}


class ReaderApp(App[int]):
    TITLE = "reader"
    CSS_PATH = str(styles_dir() / "reader.tcss")
    COMMANDS = App.COMMANDS | {ReaderCommands}
    ENABLE_COMMAND_PALETTE = True

    BINDINGS = [
        Binding("q", "quit", "Quit"),
        Binding("question_mark", "help", "Help"),
        Binding("B", "bookmarks", "Bookmarks"),
        Binding("N", "optional_screen('notes')", "All notes", show=False),
        Binding("ctrl+f,S", "optional_screen('search')", "Search", show=False),
        Binding("F", "optional_screen('figures')", "All people", show=False),
    ]

    def __init__(self, data_dir: str | None = None, *, library: Library | None = None) -> None:
        super().__init__()
        self.data_dir = data_dir
        self.library: Library | None = library
        self.library_error: str | None = None
        self._article_screens: OrderedDict[str, ArticleScreen] = OrderedDict()

    def get_theme_variable_defaults(self) -> dict[str, str]:
        # The highlight colours ($reader-quote …) for themes that do not set
        # them: a dark or a light palette, by the theme's ``dark`` flag.
        from reader.tui.themes import highlight_defaults

        return highlight_defaults(self.current_theme.dark)

    def on_mount(self) -> None:
        from reader.tui.screens.library import LibraryScreen

        self.push_screen(LibraryScreen())
        if self.library is None:
            self._open_library()
        else:
            self.call_after_refresh(self._announce, self.library, None)

    @work(thread=True, exit_on_error=False, group="library")
    def _open_library(self) -> None:
        try:
            from reader.library import Library

            library = Library.open(self.data_dir)
        except Exception as error:  # noqa: BLE001 - shown to the user, not a traceback
            self.call_from_thread(self._announce, None, f"Could not open the library: {error}")
            return
        self.call_from_thread(self._announce, library, None)

    def _announce(self, library: Library | None, error: str | None) -> None:
        self.library = library
        self.library_error = error
        if error:
            self.notify(error, severity="error", timeout=15, markup=False)
        if library is not None:
            for warning in library.warnings:
                self.notify(warning, severity="warning", timeout=10, markup=False)
        for screen in self.screen_stack:
            screen.post_message(LibraryReady(library, error))
        if library is not None:
            self.set_timer(WARM_UP_DELAY, self._warm_up_pipeline)

    @work(thread=True, exit_on_error=False, group="warm-up")
    def _warm_up_pipeline(self) -> None:
        """Load the language model in the background, once the first screen
        is up, so the first article that needs annotating does not wait ~0.4 s."""
        from reader.library import load_annotator

        try:
            annotate, _ = load_annotator(self.library.annotator)
            annotate("“Warm up,” she said.")
        except Exception:  # noqa: BLE001 - opening an article will report it
            pass

    # ------------------------------------------------------------ navigation

    def open_article(self, article_id: str, offset: int | None = None) -> None:
        """Show an article (at ``offset`` in its body, else where the reader
        left it). Other screens (notes, search, figures) call this."""
        from reader.tui.screens.article import ArticleScreen

        if self.library is None:
            self.notify("The library is still opening.", severity="warning", markup=False)
            return
        current = self.screen
        if isinstance(current, ArticleScreen) and current.article_id == article_id:
            if offset is not None:
                current.goto(offset)
            return
        screen = self._article_screen(article_id, offset)
        if screen in self.screen_stack:
            # Already open below (e.g. under the notes screen): go back to it;
            # the offset is applied when it resumes.
            while self.screen is not screen:
                self.pop_screen()
            return
        if isinstance(current, ArticleScreen):
            current.save_state()
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def _article_screen(self, article_id: str, offset: int | None) -> ArticleScreen:
        from reader.tui.screens.article import ArticleScreen

        screen = self._article_screens.pop(article_id, None)
        if screen is None:
            screen = ArticleScreen(article_id, offset)
            self.install_screen(screen, f"article-{article_id}")
        elif offset is not None:
            screen.goto(offset)
        self._article_screens[article_id] = screen
        for old_id in list(self._article_screens)[:-ARTICLE_SCREENS_KEPT]:
            self.forget_article(old_id)
        return screen

    def forget_article(self, article_id: str) -> None:
        """Drop the kept screen of an article (closed, deleted or evicted)."""
        screen = self._article_screens.get(article_id)
        if screen is None or screen in self.screen_stack:
            return
        del self._article_screens[article_id]
        self.uninstall_screen(screen)

    def action_bookmarks(self) -> None:
        from reader.tui.screens.bookmarks import BookmarksScreen

        if self.require_library() and not isinstance(self.screen, BookmarksScreen):
            self.push_screen(BookmarksScreen())

    def action_optional_screen(self, name: str) -> None:
        module_name, class_name = OPTIONAL_SCREENS[name]
        if not self.require_library():
            return
        if type(self.screen).__name__ == class_name:
            return
        try:
            module = importlib.import_module(module_name)
            screen_class: Any = getattr(module, class_name)
        except (ImportError, AttributeError):
            self.notify(f"{name.capitalize()} is not available in this version.", severity="warning", markup=False)
            return
        self.push_screen(screen_class(self.library))

    def action_help(self) -> None:
        from reader.tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen.for_screen(self.screen))

    def require_library(self) -> bool:
        if self.library is None:
            self.notify(self.library_error or "The library is still opening.", severity="warning", markup=False)
            return False
        return True

    # ------------------------------------------------------------- shutdown

    async def action_quit(self) -> None:
        self.save_state()
        self.exit(0)

    def save_state(self) -> None:
        """Save the reading position of every open article."""
        from reader.tui.screens.article import ArticleScreen

        for screen in self.screen_stack:
            if isinstance(screen, ArticleScreen):
                screen.save_state()

    def on_unmount(self) -> None:
        if self.library is not None:
            try:
                self.library.close()
            except Exception:  # noqa: BLE001 - closing must never mask the exit
                pass


def run(data_dir: str | None = None) -> int:
    """Run the TUI; the exit status for ``reader``."""
    app = ReaderApp(data_dir)
    result = app.run()
    if app.return_code:
        return app.return_code
    return result or 0
