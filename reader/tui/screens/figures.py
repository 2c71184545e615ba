"""Everyone named across the library (``F``), and one person's articles and
quotes.

The counts come from the library database's people table (in a worker), so
the list of people opens without reading any article; the quotes of one person are read
from the articles' annotations only when that person is opened.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from reader.render import safe_text
from reader.tui.screens.note_editor import excerpt
from reader.tui.keys import bind
from reader.tui.widgets.lists import ReaderList
from reader.tui.screens.filtered_list import FilteredListScreen

if TYPE_CHECKING:
    from reader.search import FigureStat
    from reader.tui.app import ReaderApp


# A big library names tens of thousands of people; a list that long is slow
# to draw and no use to scroll, so the rest is reached by filtering.
MAX_SHOWN = 500


def plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def figure_prompt(stat: FigureStat) -> Text:
    line = Text(safe_text(stat.name), style="bold")
    if stat.roles:
        line.append(f" — {safe_text(', '.join(stat.roles[:2]))}", style="italic")
    line.append(f"\n  {plural(stat.article_count, 'article')} · {plural(stat.quotes, 'quote')}", style="dim")
    return line


def matches_filter(stat: FigureStat, query: str) -> bool:
    hay = " ".join([stat.name, *stat.roles, *stat.aliases]).casefold()
    return all(word in hay for word in query.casefold().split())


class FiguresScreen(FilteredListScreen):
    app: ReaderApp
    help_title = "People"

    DEFAULT_CSS = """
    FiguresScreen #figures-title { height: 1; padding: 0 1; background: $panel; }
    FiguresScreen #figures-filter { margin: 0 1; }
    FiguresScreen #figures-list { height: 1fr; border: none; }
    """

    BINDINGS = [
        bind("figures.back", "back", "Back"),
        bind("figures.filter", "focus_filter", "Filter", show=False),
    ]

    def __init__(self, library: Any) -> None:
        super().__init__()
        self.library = library
        self.stats: list[FigureStat] = []
        self.shown: list[FigureStat] = []

    def compose(self) -> ComposeResult:
        yield Static(Text("People", style="bold"), id="figures-title")
        yield Input(placeholder="Filter people…  (enter: go to the list)", id="figures-filter")
        yield ReaderList(Option(Text("Counting people across the library…", style="dim"), disabled=True), id="figures-list")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        self.load()

    @work(thread=True, exclusive=True, group="figures", exit_on_error=False)
    def load(self) -> None:
        from reader.search import figure_stats

        try:
            stats = figure_stats(self.library)
        except Exception as error:  # noqa: BLE001 - shown to the user
            self.app.call_from_thread(self.notify, f"Could not count people: {error}", severity="error", markup=False)
            return
        self.app.call_from_thread(self.show_stats, stats)

    def show_stats(self, stats: list[FigureStat]) -> None:
        self.stats = stats
        self.fill()

    def fill(self) -> None:
        query = self.query_one(Input).value
        self.shown = [s for s in self.stats if matches_filter(s, query)]
        option_list = self.query_one(OptionList)
        option_list.clear_options()
        if not self.shown:
            hint = "Nobody matches." if self.stats else "No people named in the library yet."
            option_list.add_option(Option(Text(hint, style="dim"), disabled=True))
            return
        options = [Option(figure_prompt(s), id=s.name) for s in self.shown[:MAX_SHOWN]]
        if len(self.shown) > MAX_SHOWN:
            more = len(self.shown) - MAX_SHOWN
            options.append(Option(Text(f"… and {more:,} more: type to filter", style="dim"), disabled=True))
        option_list.add_options(options)
        option_list.highlighted = 0

    def on_input_changed(self, event: Input.Changed) -> None:
        if self.stats:
            self.fill()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        stat = next((s for s in self.shown if s.name == event.option.id), None)
        if stat is not None:
            self.app.push_screen(FigureScreen(self.library, stat))


@dataclass(slots=True)
class FigureArticle:
    article_id: str
    title: str
    first_mention: int | None
    quotes: list[tuple[int, str]]  # (offset, quote text)


def figure_articles(library: Any, stat: FigureStat) -> list[FigureArticle]:
    """The articles naming ``stat`` (newest first) with the quotes that are theirs."""
    names = {stat.name, *stat.aliases}
    found: list[FigureArticle] = []
    for article_id in stat.articles:
        try:
            title = library.get(article_id).title
            annotation = library.annotation(article_id)
        except Exception:  # noqa: BLE001 - deleted since the index was synced
            continue
        mentions = [m[0] for f in annotation.figures if f.name in names for m in f.mentions]
        quotes = [(q.start, q.text) for q in annotation.quotes if q.speaker in names]
        found.append(FigureArticle(article_id, title, min(mentions) if mentions else None, quotes))
    return found


class FigureScreen(Screen):
    """One person: the articles naming them and the quotes that are theirs."""

    app: ReaderApp
    help_title = "Person"

    DEFAULT_CSS = """
    FigureScreen #figure-title { height: auto; padding: 0 1; background: $panel; }
    FigureScreen #figure-list { height: 1fr; border: none; }
    """

    BINDINGS = [Binding("escape", "back", "Back")]

    def __init__(self, library: Any, stat: FigureStat) -> None:
        super().__init__()
        self.library = library
        self.stat = stat
        self.places: dict[str, tuple[str, int | None]] = {}  # option id -> (article, offset)

    def compose(self) -> ComposeResult:
        heading = Text(safe_text(self.stat.name), style="bold")
        if self.stat.roles:
            heading.append(f" — {safe_text(', '.join(self.stat.roles))}", style="italic")
        heading.append(f"  {plural(self.stat.article_count, 'article')} · {plural(self.stat.quotes, 'quote')}", style="dim")
        yield Static(heading, id="figure-title")
        yield ReaderList(Option(Text("Reading the articles…", style="dim"), disabled=True), id="figure-list")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        self.load()

    @work(thread=True, exclusive=True, group="figure", exit_on_error=False)
    def load(self) -> None:
        try:
            articles = figure_articles(self.library, self.stat)
        except Exception as error:  # noqa: BLE001
            self.app.call_from_thread(self.notify, f"Could not read the articles: {error}", severity="error", markup=False)
            return
        self.app.call_from_thread(self.show_articles, articles)

    def show_articles(self, articles: list[FigureArticle]) -> None:
        option_list = self.query_one(OptionList)
        option_list.clear_options()
        self.places.clear()
        options: list[Option] = []
        for a in articles:
            option_id = f"article:{a.article_id}"
            self.places[option_id] = (a.article_id, a.first_mention)
            title = Text(safe_text(a.title), style="bold")
            title.append(f"  {plural(len(a.quotes), 'quote')}", style="dim")
            options.append(Option(title, id=option_id))
            for offset, quote in a.quotes:
                option_id = f"quote:{a.article_id}:{offset}"
                self.places[option_id] = (a.article_id, offset)
                options.append(Option(Text("  " + excerpt(quote, 150), style="italic"), id=option_id))
        if not options:
            options.append(Option(Text("None of these articles is in the library any more.", style="dim"), disabled=True))
        option_list.add_options(options)
        option_list.highlighted = 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        place = self.places.get(event.option.id or "")
        if place is not None:
            self.app.open_article(*place)

    def action_back(self) -> None:
        self.dismiss()
