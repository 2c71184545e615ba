"""The feeds (``f``): every subscription with its unread count, and one
feed's articles.

Keys follow newsboat where they do not clash with reader's own: ``r``
refreshes the feed under the cursor, ``R`` all of them, ``A`` marks a feed's
articles read, ``enter`` lists its articles; ``a`` adds, ``e`` renames, ``d``
removes (its articles stay in the library). Refreshing is the app's
(:mod:`reader.tui.feed_refresh`), so it goes on when this screen is left;
here it shows as a progress bar. The feed code is the CLI's
(:mod:`reader.articles.feeds`), given the library.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, ProgressBar, Static
from textual.widgets.option_list import Option

from reader.render import ago, safe_text
from reader.tui.keys import bind
from reader.tui.screens.library import LibraryScreen
from reader.tui.widgets.lists import ReaderList

if TYPE_CHECKING:
    from reader.articles.feeds import FeedProgress, FeedReport, Subscription
    from reader.domain import ArticleSummary
    from reader.tui.app import ReaderApp


@dataclass(slots=True)
class FeedRow:
    sub: Subscription
    total: int  # its articles still in the library
    unread: int


def feed_rows(library: Any) -> list[FeedRow]:
    """Every subscription with the counts of its articles (worker thread)."""
    from reader.articles.feeds import load_subscriptions

    rows = []
    for sub in load_subscriptions(library):
        summaries = library.summaries_of(sub.article_ids)
        rows.append(FeedRow(sub, len(summaries), sum(1 for s in summaries if not s.read)))
    return rows


def feed_prompt(row: FeedRow) -> Text:
    sub = row.sub
    line = Text(f"{row.unread:>5}  " if row.unread else "    ·  ", style="bold" if row.unread else "dim")
    line.append(safe_text(sub.display_name), style="bold" if row.unread else "")
    line.append(f"  {row.total:,} article{'s' if row.total != 1 else ''}", style="dim")
    details = Text(f"\n       {safe_text(sub.url)} · checked {ago(sub.last_checked)}", style="dim")
    if sub.last_error:
        details.append(" · ")
        details.append(safe_text(sub.last_error), style="red")
    elif sub.pending:
        details.append(f" · {len(sub.pending)} page{'s' if len(sub.pending) != 1 else ''} to retry", style="italic")
    line.append_text(details)
    return line


class FeedsScreen(Screen):
    app: ReaderApp
    help_title = "Feeds"

    BINDINGS = [
        bind("feeds.back", "back", "Back"),
        bind("feeds.open", "open_feed", "Articles", show=False),
        bind("feeds.refresh", "refresh_one", "Refresh"),
        bind("feeds.refresh_all", "refresh_all", "Refresh all"),
        bind("feeds.add", "add", "Add"),
        bind("feeds.rename", "rename", "Rename"),
        bind("feeds.remove", "remove", "Remove"),
        bind("feeds.all_read", "all_read", "Mark read", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[FeedRow] = []
        self.notice: Text | None = None  # what the last refresh had to say, until the next one

    def compose(self) -> ComposeResult:
        yield Static(Text("Feeds", style="bold"), id="feeds-title")
        yield ReaderList(Option(Text("Reading the feeds…", style="dim"), disabled=True), id="feeds-list")
        yield ProgressBar(id="feeds-progress", show_eta=False)
        yield Static("", id="feeds-status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#feeds-progress", ProgressBar).display = self.app.feeds_refreshing
        self.query_one(ReaderList).focus()
        self.reload()

    def on_screen_resume(self) -> None:
        self.reload()

    # ---------------------------------------------------------------- data

    def reload(self) -> None:
        if self.app.library is not None:
            self._load()

    @work(thread=True, exclusive=True, group="feeds-rows", exit_on_error=False)
    def _load(self) -> None:
        try:
            rows = feed_rows(self.app.library)
        except Exception as error:  # noqa: BLE001 - a notification, never a traceback
            self.app.call_from_thread(self.notify, f"Could not read the feeds: {error}", severity="error", markup=False)
            return
        self.app.call_from_thread(self._show, rows)

    def _show(self, rows: list[FeedRow]) -> None:
        feed_list = self.query_one(ReaderList)
        keep = feed_list.highlighted_option.id if feed_list.highlighted_option is not None else None
        self.rows = rows
        feed_list.clear_options()
        if not rows:
            add = self.app.key_of("feeds.add")
            feed_list.add_option(Option(Text(
                f"No feeds yet. Press {add} to add one: the address of an RSS or Atom feed, "
                "or of a site that advertises one.", style="dim"), disabled=True))
        else:
            feed_list.add_options([Option(feed_prompt(row), id=row.sub.url) for row in rows])
            ids = [row.sub.url for row in rows]
            feed_list.highlighted = ids.index(keep) if keep in ids else 0
        unread = sum(row.unread for row in rows)
        title = Text("Feeds", style="bold")
        title.append(f"  {len(rows)} feed{'s' if len(rows) != 1 else ''} · {unread:,} unread", style="dim")
        self.query_one("#feeds-title", Static).update(title)
        if not self.app.feeds_refreshing:
            self._idle_status()

    def _idle_status(self) -> None:
        if self.notice is not None:
            self.query_one("#feeds-status", Static).update(self.notice)
            return
        key = self.app.key_of
        hint = f"{key('feeds.refresh')} refresh · {key('feeds.refresh_all')} refresh all · {key('feeds.open')} articles"
        minutes = self.app.config.feed_refresh_minutes
        every = f" · refreshed every {minutes} min while reader runs" if minutes else " · automatic refresh off"
        self.query_one("#feeds-status", Static).update(Text(hint + every, style="dim"))

    def selected(self) -> FeedRow | None:
        index = self.query_one(ReaderList).highlighted
        return self.rows[index] if self.rows and index is not None and index < len(self.rows) else None

    # ------------------------------------------------------------ refresh

    def feed_progress(self, event: FeedProgress) -> None:
        bar = self.query_one("#feeds-progress", ProgressBar)
        bar.display = True
        name = next((r.sub.display_name for r in self.rows if r.sub.url == event.url), event.url)
        status = Text(f"Refreshing {event.feed_index + 1} of {event.feed_count}: ", style="bold")
        status.append(safe_text(name))
        if event.total:
            status.append(f" — {event.done} of {event.total} article{'s' if event.total != 1 else ''}", style="dim")
            bar.update(total=event.total, progress=event.done)
        else:
            bar.update(total=None)
        self.query_one("#feeds-status", Static).update(status)

    def feeds_refreshed(self, reports: list[FeedReport]) -> None:
        self.query_one("#feeds-progress", ProgressBar).display = False
        self.reload()
        failed = [r for r in reports if not r.ok]
        self.notice = None
        if failed:
            first = failed[0]
            why = first.error or (first.failed[0] if first.failed else "")
            self.notice = Text(f"{len(failed)} feed{'s' if len(failed) != 1 else ''} with failures: ", style="yellow")
            self.notice.append(safe_text(f"{first.title or first.url}: {why}"))
        self._idle_status()

    def action_refresh_one(self) -> None:
        row = self.selected()
        self.notice = None
        if row is not None and self.app.refresh_feeds([row.sub.url]):
            self.query_one("#feeds-status", Static).update(Text(f"Refreshing {safe_text(row.sub.display_name)}…"))

    def action_refresh_all(self) -> None:
        self.notice = None
        if self.rows and self.app.refresh_feeds():
            self.query_one("#feeds-status", Static).update(Text("Refreshing every feed…"))

    # ------------------------------------------------------------ actions

    def on_option_list_option_selected(self, event: ReaderList.OptionSelected) -> None:
        self.action_open_feed()

    def action_open_feed(self) -> None:
        row = self.selected()
        if row is not None:
            self.app.push_screen(FeedArticlesScreen(row.sub))

    def action_add(self) -> None:
        from reader.tui.screens.prompt import PromptScreen

        def entered(url: str | None) -> None:
            if url:
                self.query_one("#feeds-status", Static).update(Text(f"Checking {safe_text(url)}…"))
                self._subscribe(url)

        self.app.push_screen(PromptScreen(
            "Add a feed", "The address of an RSS or Atom feed, or of a site that advertises one.",
            placeholder="https://example.com/feed.xml", ok="Add"), entered)

    @work(thread=True, group="feeds-add", exit_on_error=False)
    def _subscribe(self, url: str) -> None:
        from reader.articles.errors import ImportRejected
        from reader.articles.feeds import add_subscription

        try:
            sub = add_subscription(self.app.library, url)
        except ImportRejected as error:
            self.app.call_from_thread(self._not_subscribed, f"{url}: {error.reason}")
            return
        except Exception as error:  # noqa: BLE001
            self.app.call_from_thread(self._not_subscribed, f"{url}: {error}")
            return
        self.app.call_from_thread(self._subscribed, sub)

    def _not_subscribed(self, message: str) -> None:
        self.notify(f"Not added: {message}", severity="error", timeout=8, markup=False)
        self._idle_status()

    def _subscribed(self, sub: Subscription) -> None:
        self.notify(f"Subscribed to {sub.display_name}", timeout=4, markup=False)
        self.reload()
        self.app.refresh_feeds([sub.url])

    def action_rename(self) -> None:
        from reader.articles.feeds import rename_subscription
        from reader.tui.screens.prompt import PromptScreen

        row = self.selected()
        if row is None:
            return

        def entered(name: str | None) -> None:
            if name is None:
                return
            try:
                rename_subscription(self.app.library, row.sub.url, name)
            except Exception as error:  # noqa: BLE001
                self.notify(f"Could not rename: {error}", severity="error", markup=False)
                return
            self.reload()

        hint = "Empty: the feed's own title" + (f" ({safe_text(row.sub.title)})" if row.sub.title else "") + "."
        self.app.push_screen(PromptScreen("Rename the feed", hint, row.sub.display_name, ok="Rename"), entered)

    def action_remove(self) -> None:
        from reader.articles.feeds import remove_subscription
        from reader.tui.screens.confirm import ConfirmScreen

        row = self.selected()
        if row is None:
            return
        question = Text("Unsubscribe from “")
        question.append(safe_text(row.sub.display_name), style="bold")
        question.append("”?\nIts articles stay in the library.")

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                remove_subscription(self.app.library, row.sub.url)
            except Exception as error:  # noqa: BLE001
                self.notify(f"Could not remove the feed: {error}", severity="error", markup=False)
                return
            self.notify(f"Unsubscribed from {row.sub.display_name}", timeout=3, markup=False)
            self.reload()

        self.app.push_screen(ConfirmScreen(question, yes="Remove", no="Keep"), answered)

    def action_all_read(self) -> None:
        row = self.selected()
        if row is None or not row.unread:
            self.notify("Nothing unread in this feed.", timeout=2, markup=False)
            return
        try:
            count = self.app.library.mark_many_read(row.sub.article_ids)
        except Exception as error:  # noqa: BLE001
            self.notify(f"Could not mark them read: {error}", severity="error", markup=False)
            return
        self.notify(f"{count:,} marked as read in {row.sub.display_name}", timeout=3, markup=False)
        self.reload()

    def action_back(self) -> None:
        self.dismiss()


class FeedArticlesScreen(LibraryScreen):
    """One feed's articles: the library list, keys and all, limited to them."""

    help_title = "Feed"
    empty_library_message = "No articles from this feed in the library yet. Refresh it on the feeds screen."

    BINDINGS = [bind("feeds.back", "back", "Back", tooltip="Back to the feeds (clears the filter first)")]

    def __init__(self, sub: Subscription) -> None:
        super().__init__()
        self.sub = sub

    def fetch_rows(self, library: Any, query: str, sort: str) -> tuple[list[ArticleSummary], int]:
        rows = library.filter_within(self.sub.article_ids, query, sort)
        total = len(library.summaries_of(self.sub.article_ids)) if query else len(rows)
        return rows, total

    def title_text(self) -> Text:
        return Text(safe_text(self.sub.display_name), style="bold")

    def feeds_refreshed(self, reports: list[FeedReport]) -> None:
        from reader.articles.feeds import load_subscriptions

        fresh = next((s for s in load_subscriptions(self.app.library) if s.url == self.sub.url), None)
        if fresh is not None:
            self.sub = fresh
        self.reload()

    def action_back(self) -> None:
        """Escape: clear the filter first, then back to the feeds."""
        if self.query_one("#library-filter").value:
            super().action_clear_filter()
        else:
            self.dismiss()

    def action_clear_filter(self) -> None:
        self.action_back()
