"""Full-text search across the library (``S`` / ``ctrl+f``).

The index lives in the library's database and is always up to date;
queries run in a worker, the newest cancelling the previous one, so
typing never waits for a search.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.timer import Timer
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from reader.render import safe_text
from reader.tui.keys import bind
from reader.tui.widgets.lists import ReaderList
from reader.tui.screens.filtered_list import FilteredListScreen

if TYPE_CHECKING:
    from reader.search import SearchHit
    from reader.tui.app import ReaderApp

MATCH_STYLE = "bold reverse"
TYPING_PAUSE = 0.25  # seconds of no typing before searching
LIMIT = 50

SEARCH_HELP = (
    'words must all match · "a phrase" · -word leaves out · person:Pompeo · source:Reuters · '
    "has:notes · has:highlights · has:bookmark"
)


def hit_prompt(hit: SearchHit) -> Text:
    """One result: title and source line, then the snippets, matches styled."""
    title = Text(safe_text(hit.title), style="bold")
    for start, end in hit.title_spans:
        title.stylize(MATCH_STYLE, start, end)
    meta = " · ".join(v for v in (hit.source, hit.date) if v)
    if meta:
        title.append(f"  {safe_text(meta)}", style="dim")
    for snippet, spans in hit.snippets:
        line = Text(safe_text(snippet), style="")
        for start, end in spans:
            line.stylize(MATCH_STYLE, start, end)
        title.append("\n  ")
        title.append_text(line)
    return title


def matched_words(hit: SearchHit) -> list[str]:
    """The words the search matched in this article, as written there (read
    off the snippets' match spans, so stemming or phrases need no re-doing):
    the article highlights them when opened."""
    words: dict[str, str] = {}
    for snippet, spans in hit.snippets:
        for start, end in spans:
            word = " ".join(snippet[start:end].split())
            if word:
                words.setdefault(word.casefold(), word)
    for start, end in hit.title_spans:
        word = " ".join(hit.title[start:end].split())
        if word:
            words.setdefault(word.casefold(), word)
    return list(words.values())


class SearchScreen(FilteredListScreen):
    app: ReaderApp
    help_title = "Search"

    DEFAULT_CSS = """
    SearchScreen #search-title { height: 1; padding: 0 1; background: $panel; }
    SearchScreen #search-query { margin: 0 1; }
    SearchScreen #search-status { height: 1; padding: 0 1; color: $text-muted; }
    SearchScreen #search-results { height: 1fr; border: none; }
    SearchScreen #search-results > .option-list--option { padding: 0 1 1 1; }
    """

    BINDINGS = [
        bind("search.back", "back", "Back"),
        bind("search.query", "focus_query", "Query", show=False),
    ]

    def __init__(self, library: Any, query: str = "") -> None:
        super().__init__()
        self.library = library
        self.initial_query = query
        self.hits: list[SearchHit] = []
        self.index_ready = False
        self._pending: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Static(Text("Search", style="bold"), id="search-title")
        yield Input(self.initial_query, placeholder="Search titles, texts, people and notes…", id="search-query")
        yield Static(Text(SEARCH_HELP, style="dim"), id="search-status")
        yield ReaderList(id="search-results")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        self._index_synced()

    # ---------------------------------------------------------------- work

    def _index_synced(self) -> None:
        self.index_ready = True
        self.set_status(SEARCH_HELP)
        if self.query_one(Input).value.strip():
            self.run_search(self.query_one(Input).value)

    @work(thread=True, exclusive=True, group="search-query", exit_on_error=False)
    def run_search(self, query: str) -> None:
        from reader.search import QueryError

        worker = get_current_worker()
        try:
            hits = self.library.search(query, limit=LIMIT)
        except QueryError as error:
            self.app.call_from_thread(self.set_status, str(error), True)
            return
        except Exception as error:  # noqa: BLE001
            self.app.call_from_thread(self.set_status, f"Search failed: {error}", True)
            return
        if not worker.is_cancelled:
            self.app.call_from_thread(self.show_hits, query, hits)

    # ------------------------------------------------------------- display

    def set_status(self, message: str, error: bool = False) -> None:
        self.query_one("#search-status", Static).update(Text(message, style="red" if error else "dim"))

    def show_hits(self, query: str, hits: list[SearchHit]) -> None:
        if query != self.query_one(Input).value:
            return  # the user has typed on since
        self.hits = hits
        results = self.query_one(OptionList)
        results.clear_options()
        if not hits:
            results.add_option(Option(Text("Nothing found.", style="dim"), disabled=True))
            self.set_status(SEARCH_HELP)
            return
        results.add_options([Option(hit_prompt(h), id=h.article_id) for h in hits])
        results.highlighted = 0
        more = "+" if len(hits) >= LIMIT else ""
        noun = "article" if len(hits) == 1 else "articles"
        self.set_status(f"{len(hits)}{more} {noun} · enter opens at the first match")

    # -------------------------------------------------------------- events

    def on_input_changed(self, event: Input.Changed) -> None:
        if self._pending is not None:
            self._pending.stop()
        if not event.value.strip():
            self.hits = []
            self.query_one(OptionList).clear_options()
            self.set_status(SEARCH_HELP)
            return
        if self.index_ready:
            self._pending = self.set_timer(TYPING_PAUSE, lambda: self.run_search(event.value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if self._pending is not None:
            self._pending.stop()
        if self.index_ready and event.value.strip():
            self.run_search(event.value)
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        hit = next((h for h in self.hits if h.article_id == event.option.id), None)
        if hit is not None:
            self.app.open_article(hit.article_id, hit.offset, kind="inner", words=matched_words(hit))

    def action_focus_query(self) -> None:
        self.query_one(Input).focus()

