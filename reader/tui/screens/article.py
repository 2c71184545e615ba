"""The article screen: highlighted text, side panel, cursor, notes, bookmarks,
the search in the article (``/``), and the way to the original (``O`` opens
it, ``y`` copies its address, ``L`` lists the article's links).

The status line is built in one place (:meth:`ArticleScreen._update_status`)
from the view's state, whatever moved the cursor: a key, the side panel, the
notes screen, a search match.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import Footer, Input, Static
from textual.worker import get_current_worker

from reader.anchors import make_anchor
from reader.domain import Anchor, Annotation, Article, Note
from reader.render import Layers, header_text, safe_text, speaker_label
from reader.tui.screens.note_editor import excerpt
from reader.tui.widgets.article_view import ArticleView
from reader.tui.widgets.side_panel import SidePanel
from reader.tui.keys import bind

if TYPE_CHECKING:
    from reader.tui.app import ReaderApp

LAYERS_STATE_KEY = "tui.article.layers"
LAYER_NAMES = {"quotes": "quotes", "people": "people", "places": "places/orgs", "notes": "notes"}


def note_stop(note: Note) -> str:
    """The kind of cursor stop a note is on, for :meth:`ArticleView.goto`:
    its quote or paragraph; a highlight's innermost stop."""
    return note.anchor.kind if note.anchor.kind in ("quote", "paragraph") else "inner"


@dataclass(frozen=True, slots=True)
class Requested:
    """Where to put the cursor once the article is shown: an offset (with the
    kind of stop it is, see :meth:`ArticleView.goto`), and/or words to find
    (the words a library search matched)."""

    offset: int | None
    kind: str | None = None
    words: list[str] | None = None


@dataclass(slots=True)
class Loaded:
    """Everything the screen needs, read from the library in one worker call."""

    article: Article
    annotation: Annotation | None
    notes: list[Note]
    position: int | None
    layers: Layers
    warning: str | None = None
    figure_cursor: dict[int, int] = field(default_factory=dict)


class ArticleScreen(Screen):
    app: ReaderApp
    help_title = "Article"
    # Wide terminals give the extra columns to the side panel (the text is
    # capped at a readable width): styles/reader.tcss, "ArticleScreen.-wide".
    HORIZONTAL_BREAKPOINTS = [(0, "-normal"), (160, "-wide")]

    BINDINGS = [
        bind("article.back", "back", "Back"),
        bind("article.find", "find", "Find"),
        bind("article.open_original", "open_original", "Original", tooltip="Open the original in the browser"),
        bind("article.copy_url", "copy_url", "Copy the original's address", show=False),
        bind("article.links", "links", "Links (open or copy)", show=False),
        bind("article.note", "note", "Note"),
        bind("article.article_note", "article_note", "Note on the article", show=False),
        bind("article.view_notes", "view_notes", "View notes", show=False),
        bind("article.notes_list", "notes_list", "Notes list", show=False),
        bind("article.mark", "mark", "Mark here", show=False),
        bind("article.bookmark", "toggle_bookmark", "Bookmark"),
        bind("article.panel", "toggle_panel", "Panel"),
        bind("article.layer_quotes", "toggle_layer('quotes')", "Quotes on/off", show=False),
        bind("article.layer_people", "toggle_layer('people')", "People on/off", show=False),
        bind("article.layer_places", "toggle_layer('places')", "Places on/off", show=False),
        bind("article.layer_notes", "toggle_layer('notes')", "Notes on/off", show=False),
    ]

    def __init__(
        self, article_id: str, offset: int | None = None, *, kind: str | None = None, words: list[str] | None = None
    ) -> None:
        super().__init__()
        self.article_id = article_id
        self.requested: Requested | None = Requested(offset, kind, words) if offset is not None or words else None
        self.data: Loaded | None = None
        self.panel_choice: bool | None = None  # None: follow the terminal width
        self._find_from = 0  # where the cursor was when / was pressed
        self.replaced_by: str | None = None  # the page that replaced this feed stub while a dialog was open on it

    def compose(self) -> ComposeResult:
        yield Static(Text("Loading…", style="dim"), id="article-header")
        with Horizontal(id="article-body"):
            yield ArticleView(id="article-view")
            yield SidePanel(id="side-panel")
        yield Input(placeholder="Find in the article…  (enter: keep the matches, escape: cancel)", id="article-find")
        yield Static("", id="article-status")
        yield Footer(compact=True)

    @property
    def view(self) -> ArticleView:
        return self.query_one(ArticleView)

    @property
    def panel(self) -> SidePanel:
        return self.query_one(SidePanel)

    def on_mount(self) -> None:
        self.view.set_reading_width(self.app.config.reading_width)
        self.view.focus()
        self._apply_panel_visibility()
        self._load()

    # ------------------------------------------------------------- loading

    @work(thread=True, exclusive=True, group="article", exit_on_error=False)
    def _load(self) -> None:
        library = self.app.library
        try:
            article = library.get(self.article_id)
        except Exception as error:  # noqa: BLE001 - a notification, not a traceback
            self.app.call_from_thread(self._failed, f"Could not open the article: {error}")
            return
        warning = None
        try:
            annotation = library.annotation(self.article_id)
        except Exception as error:  # noqa: BLE001 - the text is still worth showing
            annotation, warning = None, f"No highlights: the annotation failed ({error})"
        notes = self._reattached_notes(library, article)
        position = library.position(self.article_id)
        # The layers last shown win over the config's (the config is the start).
        shown = {**self.app.config.layers}
        saved = library.user_state(LAYERS_STATE_KEY, None)
        if isinstance(saved, dict):
            shown.update({k: bool(v) for k, v in saved.items() if k in LAYER_NAMES})
        layers = Layers(**{k: v for k, v in shown.items() if k in LAYER_NAMES})
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._loaded, Loaded(article, annotation, notes, position, layers, warning))

    @staticmethod
    def _reattached_notes(library, article: Article) -> list[Note]:  # type: ignore[no-untyped-def]
        """The article's notes anchored in its current text (it may have been
        re-imported or edited); moved or lost anchors are saved (worker thread)."""
        from reader.anchors import reattach_notes

        fresh, changed = reattach_notes(list(library.notes(article.id)), article.body)
        for note in changed:
            try:
                library.update_note(note.id, anchor=note.anchor, orphaned=note.orphaned)
            except Exception:  # noqa: BLE001 - shown re-anchored now, retried next time
                pass
        return fresh

    def _failed(self, message: str) -> None:
        self.notify(message, severity="error", markup=False)
        if self.app.screen is self:
            self.dismiss()
        # Not kept for a reopen: the next try should load again.
        self.app.call_after_refresh(self.app.forget_article, self.article_id)

    def _loaded(self, data: Loaded) -> None:
        self.data = data
        self.query_one("#article-header", Static).update(header_text(data.article))
        self.view.load(data.article, data.annotation, data.notes, data.layers, data.position)
        self._apply_requested()
        self.panel.show(data.annotation, data.notes)
        if data.warning:
            self.notify(data.warning, severity="warning", markup=False)
        self._mark_read()
        self._update_status()

    def _apply_requested(self) -> None:
        requested, self.requested = self.requested, None
        if requested is None or self.data is None:
            return
        if requested.offset is not None:
            self.view.show_mention(None)
            self.view.goto(requested.offset, requested.kind)
        if requested.words:
            from reader.find import find_words

            matches = find_words(self.data.article.body, requested.words)
            label = " ".join(requested.words)
            self.view.set_matches(matches, label, near=requested.offset if requested.offset is not None else 0)

    def _mark_read(self) -> None:
        try:
            self.app.library.mark_read(self.article_id)
        except Exception as error:  # noqa: BLE001
            self.notify(f"Could not mark as read: {error}", severity="warning", markup=False)

    def goto(self, offset: int | None, kind: str | None = None, words: list[str] | None = None) -> None:
        """Move the cursor to a body offset and/or find words (now, or once
        shown): see :class:`Requested`."""
        self.requested = Requested(offset, kind, words)
        if self.data is not None and self.is_current:
            self._apply_requested()

    def on_screen_resume(self) -> None:
        # Reopened (the app keeps closed article screens): the reader reads
        # the text first, whatever had focus when they left; notes may have
        # changed elsewhere, and a jump may be pending.
        self.view.focus()
        if self.replaced_by is not None:  # replaced while the note editor was open: show the page now
            self.app.call_after_refresh(self._show_replacement)
            return
        if self.data is None:
            return
        self._reload_notes()
        self._apply_requested()
        self._mark_read()

    def save_state(self) -> None:
        """Store the reading position (called when leaving and on quit)."""
        if self.data is None or self.app.library is None:
            return
        from reader.library import UnknownArticle

        try:
            self.app.library.set_position(self.article_id, self.view.position)
        except UnknownArticle:
            pass  # replaced (a feed's stub) or deleted meanwhile: nothing to keep
        except Exception as error:  # noqa: BLE001
            self.notify(f"Could not save the reading position: {error}", severity="warning", markup=False)

    # -------------------------------------------------------------- layout

    def on_resize(self, event: Resize) -> None:
        self._apply_panel_visibility()

    def _apply_panel_visibility(self) -> None:
        config = self.app.config
        wide = config.side_panel and self.size.width >= config.narrow_width
        show = wide if self.panel_choice is None else self.panel_choice
        self.panel.display = show
        if not show and self.panel.has_focus:
            self.view.focus()

    def action_toggle_panel(self) -> None:
        self.panel_choice = not self.panel.display
        self._apply_panel_visibility()

    # -------------------------------------------------------------- status

    def on_article_view_cursor_moved(self, message: ArticleView.CursorMoved) -> None:
        self._update_status()

    def on_article_view_selection_changed(self, message: ArticleView.SelectionChanged) -> None:
        self._update_status()

    def on_article_view_selection_confirmed(self, message: ArticleView.SelectionConfirmed) -> None:
        from reader.tui.screens.note_editor import NoteEditorScreen

        if self.data is None:
            return
        body = self.data.article.body
        start, end = message.span
        anchor = make_anchor(body, start, end, kind="selection")

        def save(text: str) -> None:  # in the editor's worker; raising keeps the editor open
            self.app.library.add_note(*self._note_target(anchor), text, highlight=True)

        def saved(text: str | None) -> None:
            if text is None:
                return  # cancelled: no highlight
            self._reload_notes()
            self.notify("Highlight saved", timeout=2)

        editor = NoteEditorScreen(body[start:end], heading="Highlight — add a note if you like (ctrl+s saves)",
                                  save=save, draft_key=f"highlight:{self.article_id}:{start}:{end}")
        self.app.push_screen(editor, saved)

    def on_article_view_find_changed(self, message: ArticleView.FindChanged) -> None:
        self._update_status()

    def _update_status(self) -> None:
        """The one place the status line is made: the selection being made,
        else the search in the article, the stop under the cursor and the layers."""
        if self.data is None:
            return
        view = self.view
        if view.selection is not None:
            start, end = view.selection
            words = len(self.data.article.body[start:end].split())
            status = Text(f"Selecting {words} word{'s' if words != 1 else ''}", style="bold")
            status.append("  L/H: a word at the start · ( sentence − · }/{ paragraph ± (? lists all)", style="dim")
            self.query_one("#article-status", Static).update(status)
            return
        status = Text()
        if view.matches:
            current = (view.match_index or 0) + 1
            status.append(f"“{safe_text(excerpt(view.find_label, 24))}” {current}/{len(view.matches)}", style="bold")
            keys = f"{self.app.key_of('find.next')}/{self.app.key_of('find.previous')}"
            status.append(f" {keys} · {self.app.key_of('find.clear')} clears   ", style="dim")
        item = view.current
        if item is not None:
            if item.kind == "quote" and item.quote is not None:
                quotes = [i for i in view.items if i.kind == "quote"]
                status.append(f"quote {quotes.index(item) + 1}/{len(quotes)}", style="bold")
                status.append(f" · {speaker_label(item.quote.speaker)}")
            else:
                paragraphs = [i for i in view.items if i.kind == "paragraph"]
                status.append(f"¶ {paragraphs.index(item) + 1}/{len(paragraphs)}", style="bold")
            here = len(view.notes_at(item))
            if here:
                status.append(f" · ✎ {here} note{'s' if here > 1 else ''} (v)")
        status.append("   ")
        for number, (name, label) in enumerate(LAYER_NAMES.items(), start=1):
            on = getattr(view.shown_layers, name)
            status.append(f"{number} ", style="dim")
            status.append(label, style="bold" if on else "dim strike")
            status.append("  ")
        self.query_one("#article-status", Static).update(status)

    def help_extra(self) -> list[tuple[str, str, str]]:
        """The find keys, which only act while a search has matches."""
        key = self.app.key_of
        group = f"After {key('article.find')} (find in the article)"
        return [
            (group, f"{key('find.next')} {key('find.previous')}",
             f"next / previous match (while matches show; {key('article.next_quote')} {key('article.previous_quote')} "
             "move between quotes again once the search is cleared, ] [ always do)"),
            (group, key("find.clear"), "clear the matches"),
        ]

    # ------------------------------------------------------------- actions

    def action_back(self) -> None:
        """Escape: out of the search field, else out of the side panel (back
        to the text), else back to the library."""
        if self.find_input.has_focus:
            self._close_find(cancel=True)
            return
        if self.panel.has_focus:
            self.view.focus()
            return
        self.save_state()
        self.dismiss()

    # ---------------------------------------------------------------- find

    @property
    def find_input(self) -> Input:
        return self.query_one("#article-find", Input)

    def action_find(self) -> None:
        if self.data is None:
            return
        self._find_from = self.view.position
        field = self.find_input
        field.add_class("-visible")
        field.value = self.view.find_label if self.view.matches else ""
        field.focus()

    @on(Input.Changed, "#article-find")
    def _find_changed(self, event: Input.Changed) -> None:
        """Matches as you type, the cursor on the first one after where / was pressed."""
        if self.data is None or not event.input.has_class("-visible"):
            return
        from reader.find import find_all

        query = event.value.strip()
        self.view.set_matches(find_all(self.data.article.body, query) if query else [], query, near=self._find_from)

    @on(Input.Submitted, "#article-find")
    def _find_submitted(self, event: Input.Submitted) -> None:
        query = event.value.strip()
        self._close_find(cancel=False)
        if query and not self.view.matches:
            self.notify(f"Not found: {query}", timeout=3, markup=False)

    def _close_find(self, *, cancel: bool) -> None:
        field = self.find_input
        field.remove_class("-visible")
        self.view.focus()
        if cancel:
            self.view.set_matches([])
            self.view.goto(self._find_from)

    # ------------------------------------------------------- the original

    def action_open_original(self) -> None:
        from reader.tui.browser import open_url

        if self.data is not None:
            open_url(self.app, self.data.article.url)

    def action_copy_url(self) -> None:
        from reader.tui.browser import copy_url

        if self.data is not None:
            copy_url(self.app, self.data.article.url)

    def action_links(self) -> None:
        from reader.tui.screens.links import LinksScreen

        if self.data is None:
            return
        article = self.data.article
        if not article.links and not article.url:
            self.notify("This article has no links.", timeout=3)
            return
        item = self.view.current
        self.app.push_screen(LinksScreen(article.body, article.links, article.url, near=item.start if item else 0))

    def action_toggle_layer(self, name: str) -> None:
        if self.data is None:
            return
        layers = self.view.shown_layers.toggled(name)
        self.view.set_layers(layers)
        self.app.library.set_user_state(LAYERS_STATE_KEY, {k: getattr(layers, k) for k in LAYER_NAMES})
        self._update_status()

    def feeds_refreshed(self, reports: list) -> None:  # type: ignore[type-arg]
        """A refresh replaced this article (a feed's stub) by its full page:
        show the page, where the notes have moved."""
        new_id = next((new for r in reports for old, new in r.replacements if old == self.article_id), None)
        if new_id is None:
            return
        self.replaced_by = new_id
        if self.app.screen is self:
            self.notify("The full page of this article came in: showing it.", timeout=5, markup=False)
            self._show_replacement()
        elif self.is_current:  # under a dialog (the note editor): its note goes to the page (_note_target)
            self.notify("The full page of this article came in: shown when you close this.", timeout=5, markup=False)
        else:
            self.app.call_after_refresh(self.app.forget_article, self.article_id)

    def _show_replacement(self) -> None:
        if self.replaced_by is not None and self.app.screen is self:
            self.app.open_article(self.replaced_by)
            self.app.call_after_refresh(self.app.forget_article, self.article_id)

    def _note_target(self, anchor: Anchor) -> tuple[str, Anchor]:
        """Where a note written on this screen is saved: this article, or the page that
        replaced it (a feed stub) while the editor was open, the anchor found again in the
        page's text -- so the note is neither refused nor stored on a deleted article."""
        if self.replaced_by is None:
            return self.article_id, anchor
        from reader.anchors import reattach

        return self.replaced_by, reattach(anchor, self.app.library.get(self.replaced_by).body).anchor

    def note_restored(self, note: Note) -> None:
        """A deleted note came back (undo): show it again."""
        if note.article_id == self.article_id and self.data is not None:
            self._reload_notes()

    def _reload_notes(self) -> None:
        assert self.data is not None
        self.data.notes = list(self.app.library.notes(self.article_id))
        self.view.set_notes(self.data.notes)
        self.panel.show(self.data.annotation, self.data.notes)
        self._update_status()

    def action_note(self) -> None:
        item = self.view.current
        if self.data is None or item is None:
            return
        body = self.data.article.body
        heading = "Note on this quote" if item.kind == "quote" else "Note on this paragraph"
        self._write_note(make_anchor(body, item.start, item.end, kind=item.kind), body[item.start : item.end], heading, "Note saved")

    def action_article_note(self) -> None:
        """A note on the whole article (not on a place in it)."""
        if self.data is None:
            return
        article = self.data.article
        anchor = make_anchor(article.body, 0, 0, kind="article")
        self._write_note(anchor, article.title or "(untitled)", "Note on the article", "Note on the article saved")

    def _write_note(self, anchor: Anchor, passage: str, heading: str, done: str) -> None:
        """Open the note editor for ``anchor`` and save what the user writes."""
        from reader.tui.screens.note_editor import NoteEditorScreen

        def save(text: str) -> None:  # in the editor's worker; raising keeps the editor open
            if text:
                self.app.library.add_note(*self._note_target(anchor), text)

        def saved(text: str | None) -> None:
            if not text:
                return
            self._reload_notes()
            self.notify(done, timeout=2)

        draft_key = f"note:{self.article_id}:{anchor.kind}:{anchor.start}:{anchor.end}"
        self.app.push_screen(NoteEditorScreen(passage, heading=heading, save=save, draft_key=draft_key), saved)

    def action_view_notes(self) -> None:
        from reader.tui.screens.item_notes import ItemNotesScreen

        item = self.view.current
        if self.data is None or item is None:
            return
        notes = self.view.notes_at(item)
        if not notes:
            self.notify("No notes here. Press e to write one.", timeout=3)
            return

        def closed(changed: bool | None) -> None:
            if changed:
                self._reload_notes()

        self.app.push_screen(ItemNotesScreen(notes, self.data.article.body[item.start : item.end]), closed)

    def action_notes_list(self) -> None:
        if self.data is None:
            return
        self.panel_choice = True
        self._apply_panel_visibility()
        self.panel.focus_notes()

    def action_mark(self) -> None:
        item = self.view.current
        if self.data is None or item is None:
            return
        label = excerpt(self.data.article.body[item.start : item.end], 40)
        try:
            self.app.library.add_bookmark(self.article_id, self.view.position, label=label)
        except Exception as error:  # noqa: BLE001
            self.notify(f"Could not add the bookmark: {error}", severity="error", markup=False)
            return
        self.notify("Bookmark added here (B lists bookmarks)", timeout=3)

    def action_toggle_bookmark(self) -> None:
        if self.data is None:
            return
        try:
            marked = self.app.library.toggle_bookmark(self.article_id)
        except Exception as error:  # noqa: BLE001
            self.notify(f"Could not change the bookmark: {error}", severity="error", markup=False)
            return
        self.notify("Article bookmarked" if marked else "Article bookmark removed", timeout=2)

    # ---------------------------------------------------------- side panel

    def on_side_panel_picked(self, message: SidePanel.Picked) -> None:
        data = self.data
        if data is None:
            return
        if message.kind == "figure":
            self.cycle_figure(int(message.key))
        elif message.kind == "quote":
            self.jump_to_quote(int(message.key))
        elif message.kind == "note":
            note = next((n for n in data.notes if n.id == message.key), None)
            if note is not None:
                self.view.show_mention(None)
                self.view.goto(note.anchor.start, note_stop(note))

    def cycle_figure(self, index: int) -> None:
        """Show the next mention of ``annotation.figures[index]`` (wrapping)."""
        data = self.data
        if data is None or data.annotation is None or not 0 <= index < len(data.annotation.figures):
            return
        figure = data.annotation.figures[index]
        mentions = sorted(figure.mentions)
        if not mentions:
            return
        step = (data.figure_cursor.get(index, -1) + 1) % len(mentions)
        data.figure_cursor[index] = step
        self.view.show_mention(mentions[step])
        self.notify(f"{figure.name}: mention {step + 1} of {len(mentions)}", timeout=2, markup=False)

    def jump_to_quote(self, start: int) -> None:
        """Put the cursor on the quote starting at body offset ``start``."""
        if self.data is None:
            return
        self.view.show_mention(None)
        self.view.goto(start, kind="quote")
