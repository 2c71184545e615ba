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
from textual.message import Message

from reader.config import Config, load_config
from reader.paths import styles_dir
from reader.tui.commands import ReaderCommands
from reader.tui.keys import bind
from reader.tui.feed_refresh import FeedRefresher
from reader.tui.undo import NoteUndo

if TYPE_CHECKING:
    from pathlib import Path

    from textual.theme import Theme

    from reader.library import Library
    from reader.tui.screens.article import ArticleScreen

# Article screens kept mounted after closing, so reopening one is instant
# (building a screen costs far more than reading a cached annotation).
ARTICLE_SCREENS_KEPT = 4
WARM_UP_DELAY = 1.0  # seconds after the library opens
BACKUP_DELAY = 30.0  # seconds after the library opens: the daily database backup, in a worker
# The theme last picked in the app, with the config's theme at that moment:
# the pick wins until the user edits the config's theme line.
THEME_STATE_KEY = "ui.theme"


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


class ReaderApp(NoteUndo, FeedRefresher, App[int]):
    TITLE = "reader"
    CSS_PATH = str(styles_dir() / "reader.tcss")
    COMMANDS = App.COMMANDS | {ReaderCommands}
    ENABLE_COMMAND_PALETTE = True

    BINDINGS = [
        bind("app.quit", "quit", "Quit"),
        bind("app.help", "help", "Help"),
        bind("app.bookmarks", "bookmarks", "Bookmarks", show=False),
        bind("app.notes", "optional_screen('notes')", "All notes", show=False),
        bind("app.search", "optional_screen('search')", "Search", show=False),
        bind("app.figures", "optional_screen('figures')", "All people", show=False),
        bind("app.feeds", "feeds", "Feeds", show=False),
        bind("app.undo", "undo", "Undo the last note deletion", show=False),
    ]

    def __init__(
        self,
        data_dir: str | None = None,
        *,
        library: Library | None = None,
        config: Config | None = None,
        config_warnings: list[str] | None = None,
    ) -> None:
        """``config`` defaults to the user's config file (its problems are
        shown as notifications once the app is up)."""
        super().__init__()
        if config is None:
            config, config_warnings = load_config()
        self.config = config
        self.config_warnings = list(config_warnings or [])
        self.data_dir = data_dir
        self.library: Library | None = library
        self.library_error: str | None = None
        self._article_screens: OrderedDict[str, ArticleScreen] = OrderedDict()
        from reader.tui.themes import register_themes

        register_themes(self)
        self.theme = config.theme if config.theme in self.available_themes else "reader-dark"
        self.set_keymap(config.keymap_overrides())

    def get_theme_variable_defaults(self) -> dict[str, str]:
        # The highlight colours ($reader-quote …) for themes that do not set
        # them: a dark or a light palette, by the theme's ``dark`` flag.
        from reader.tui.themes import highlight_defaults

        return highlight_defaults(self.current_theme.dark)

    def on_mount(self) -> None:
        from reader.tui.screens.library import LibraryScreen

        for warning in self.config_warnings:
            self.notify(warning, title="Config", severity="warning", timeout=12, markup=False)
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        self.push_screen(LibraryScreen())
        if self.library is None:
            self._open_library()
        else:
            self.call_after_refresh(self._announce, self.library, None)

    @work(thread=True, exit_on_error=False, group="library")
    def _open_library(self) -> None:
        try:
            from reader.library import Library

            shown = [-1]

            def migrating(done: int, total: int) -> None:  # first start after the SQLite store
                percent = done * 100 // max(1, total)
                if percent // 10 != shown[0] // 10:
                    shown[0] = percent
                    self.call_from_thread(self.notify, f"Moving your library into library.db… {percent}%",
                                          timeout=3, markup=False)

            library = Library.open(self.data_dir, progress=migrating)
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
            self._restore_theme(library)
        for screen in self.screen_stack:
            screen.post_message(LibraryReady(library, error))
        if library is not None:
            self.set_timer(WARM_UP_DELAY, self._warm_up_pipeline)
            self.start_feed_timer()
            self.set_timer(BACKUP_DELAY, self._backup_database)

    @work(thread=True, exit_on_error=False, group="backup")
    def _backup_database(self) -> None:
        """The daily copy of the article database (SQLite's backup API: reading goes on)."""
        library = self.library
        if library is not None:
            problem = library.backup_database_if_due()
            if problem:
                self.call_from_thread(self.notify, problem, severity="warning", markup=False)

    @work(thread=True, exit_on_error=False, group="warm-up")
    def _warm_up_pipeline(self) -> None:
        """Load the language model in the background, once the first screen
        is up, so the first article that needs annotating does not wait ~0.4 s."""
        from reader.analysis_jobs import load_annotator

        try:
            annotate, _ = load_annotator(self.library.annotator)
            annotate("“Warm up,” she said.")
        except Exception:  # noqa: BLE001 - opening an article will report it
            pass

    # ---------------------------------------------------------------- themes

    def _restore_theme(self, library: Library) -> None:
        saved = library.user_state(THEME_STATE_KEY, None)
        if not isinstance(saved, dict) or saved.get("config") != self.config.theme:
            return  # never picked, or the config's theme line changed since
        name = saved.get("name")
        if isinstance(name, str) and name in self.available_themes and name != self.theme:
            self.theme = name

    def _remember_theme(self, theme: Theme) -> None:
        if self.library is None:
            return
        try:
            self.library.set_user_state(THEME_STATE_KEY, {"name": theme.name, "config": self.config.theme})
        except Exception as error:  # noqa: BLE001 - the theme still applies for this run
            self.notify(f"Could not remember the theme: {error}", severity="warning", markup=False)

    def choose_theme(self, name: str) -> None:
        """Switch theme (remembered: see :data:`THEME_STATE_KEY`)."""
        if name not in self.available_themes:
            self.notify(f"No theme called {name!r}.", severity="warning", markup=False)
            return
        self.theme = name
        self.notify(f"Theme: {name}", timeout=2, markup=False)

    # ---------------------------------------------------------------- export

    @property
    def export_dir(self) -> Path:
        """Where exports go: ``reader-notes`` in the current folder, like
        ``reader export``."""
        from pathlib import Path

        return Path.cwd() / "reader-notes"

    def export_notes(self, article_id: str | None = None) -> None:
        """Markdown files of the notes (of one article, or of every article
        with notes), written off the UI thread."""
        if self.require_library():
            self.notify("Exporting notes…", timeout=2, markup=False)
            self._export("markdown", article_id)

    def export_backup(self) -> None:
        """A JSON backup of the user's data (as ``reader export --format json``)."""
        if self.require_library():
            self.notify("Writing the backup…", timeout=2, markup=False)
            self._export("json", None)

    @work(thread=True, exit_on_error=False, group="export")
    def _export(self, fmt: str, article_id: str | None) -> None:
        import json
        import time

        from reader.export import export_json, export_markdown

        out_dir = self.export_dir
        try:
            if fmt == "json":
                out_dir.mkdir(parents=True, exist_ok=True)
                path = out_dir / f"reader-backup-{time.strftime('%Y%m%d-%H%M%S')}.json"
                tmp = path.with_name(f".{path.name}.tmp")
                tmp.write_text(json.dumps(export_json(self.library), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
                tmp.replace(path)
                message = f"Backup written to {path}"
            else:
                written = export_markdown(self.library, out_dir, article_id)
                if not written:
                    message = "Nothing to export: no notes, highlights or bookmarks yet."
                elif len(written) == 1:
                    message = f"Exported to {written[0]}"
                else:
                    message = f"Exported {len(written)} files to {out_dir}"
        except Exception as error:  # noqa: BLE001 - a notification, never a traceback
            self.call_from_thread(self.notify, f"Export failed: {error}", severity="error", markup=False)
            return
        self.call_from_thread(self.notify, message, timeout=8, markup=False)

    # ---------------------------------------------------------------- config

    def write_default_config(self) -> None:
        """Write the commented default config file, never over the user's."""
        from reader.config import write_default_config
        from reader.paths import config_file

        path = config_file()
        try:
            write_default_config(path)
        except FileExistsError:
            self.notify(f"A config file already exists: {path}", severity="warning", timeout=8, markup=False)
            return
        except OSError as error:
            self.notify(f"Could not write {path}: {error.strerror or error}", severity="error", markup=False)
            return
        self.notify(f"Default config written to {path}", timeout=8, markup=False)

    def key_of(self, binding_id: str) -> str:
        """The first key of a binding as the user has it (their keymap), for
        hints in the status line, notifications and the help."""
        from textual.binding import Binding

        keys = self.config.keymap.get(binding_id) or ["?"]
        return self.get_key_display(Binding(keys[0], ""))

    # ------------------------------------------------------------ navigation

    def open_article(
        self, article_id: str, offset: int | None = None, *, kind: str | None = None, words: list[str] | None = None
    ) -> None:
        """Show an article (at ``offset`` in its body, else where the reader
        left it). Other screens (notes, search, figures) call this; ``kind``
        says which cursor stop the offset is (see ``ArticleView.goto``),
        ``words`` are highlighted as matches (a search's)."""
        from reader.tui.screens.article import ArticleScreen

        if self.library is None:
            self.notify("The library is still opening.", severity="warning", markup=False)
            return
        current = self.screen
        if isinstance(current, ArticleScreen) and current.article_id == article_id:
            if offset is not None or words:
                current.goto(offset, kind, words)
            return
        screen = self._article_screen(article_id, offset, kind, words)
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

    def _article_screen(
        self, article_id: str, offset: int | None, kind: str | None = None, words: list[str] | None = None
    ) -> ArticleScreen:
        from reader.tui.screens.article import ArticleScreen

        screen = self._article_screens.pop(article_id, None)
        if screen is None:
            screen = ArticleScreen(article_id, offset, kind=kind, words=words)
            self.install_screen(screen, f"article-{article_id}")
        elif offset is not None or words:
            screen.goto(offset, kind, words)
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

    def action_feeds(self) -> None:
        from reader.tui.screens.feeds import FeedsScreen

        if self.require_library() and not isinstance(self.screen, FeedsScreen):
            self.push_screen(FeedsScreen())

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
    import os

    config, warnings = load_config()
    if config.monochrome:
        # Textual reads NO_COLOR when the app is made; the stylesheet's
        # :nocolor rules then give the highlights their non-colour cues.
        os.environ["NO_COLOR"] = "1"
    app = ReaderApp(data_dir, config=config, config_warnings=warnings)
    result = app.run()
    if app.return_code:
        return app.return_code
    return result or 0
