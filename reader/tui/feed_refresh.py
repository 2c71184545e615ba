"""Refreshing the feeds from the app: on request (the feeds screen's ``r``/``R``)
and every ``feed_refresh_minutes`` while the app runs (the config; 0 turns it
off).

The work is :func:`reader.articles.feeds.refresh_feeds`, the same as ``reader
feed refresh``, run in a thread worker owned by the app, so it goes on when
the feeds screen is left. One refresh at a time: a periodic one that comes
due while another runs is skipped. Screens that show feeds or articles get
``feed_progress(event)`` while it runs and ``feeds_refreshed(reports)`` after.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from textual import work

if TYPE_CHECKING:
    from reader.articles.feeds import FeedProgress, FeedReport

FIRST_CHECK_DELAY = 5.0  # seconds after the library opens: is a refresh due already?


class FeedRefresher:
    """Mixed into the app (which has ``library``, ``config`` and ``notify``)."""

    feeds_refreshing: bool = False
    feed_timer: Any = None

    def start_feed_timer(self: Any) -> None:
        """The periodic refresh (called once the library is open)."""
        minutes = self.config.feed_refresh_minutes
        if minutes <= 0 or self.feed_timer is not None:
            return
        self.feed_timer = self.set_interval(minutes * 60, self.periodic_feed_refresh, name="feed-refresh")
        self.set_timer(FIRST_CHECK_DELAY, self._refresh_if_due)

    def _refresh_if_due(self: Any) -> None:
        """At start: refresh now if the last check is older than the interval."""
        from reader.articles.feeds import load_subscriptions

        try:
            subs = load_subscriptions(self.library)
        except Exception:  # noqa: BLE001 - the next tick tries again
            return
        interval = self.config.feed_refresh_minutes * 60
        if subs and any((s.last_checked or 0) < time.time() - interval for s in subs):
            self.periodic_feed_refresh()

    def periodic_feed_refresh(self: Any) -> None:
        if self.library is None or self.feeds_refreshing or self.library.read_only:
            return
        from reader.articles.feeds import load_subscriptions

        try:
            if not load_subscriptions(self.library):
                return
        except Exception:  # noqa: BLE001
            return
        self.refresh_feeds(quiet=True)

    def refresh_feeds(self: Any, urls: list[str] | None = None, *, quiet: bool = False) -> bool:
        """Start a refresh of every feed (or of ``urls``); False if one is running.
        ``quiet``: say nothing unless articles arrived (the periodic one)."""
        if self.library is None:
            return False
        if self.feeds_refreshing:
            if not quiet:
                self.notify("The feeds are being refreshed already.", timeout=3, markup=False)
            return False
        self.feeds_refreshing = True
        self._refresh_feeds_worker(urls, quiet)
        return True

    @work(thread=True, exit_on_error=False, group="feeds")
    def _refresh_feeds_worker(self: Any, urls: list[str] | None, quiet: bool) -> None:
        from reader.articles.feeds import refresh_feeds

        def progress(event: FeedProgress) -> None:
            self.call_from_thread(self._feed_progress, event)

        try:
            reports = refresh_feeds(self.library, urls, on_progress=progress)
        except Exception as error:  # noqa: BLE001 - a notification, never a traceback
            self.call_from_thread(self._feeds_done, [], quiet, f"Could not refresh the feeds: {error}")
            return
        self.call_from_thread(self._feeds_done, reports, quiet, None)

    def _feed_progress(self: Any, event: FeedProgress) -> None:
        for screen in self.screen_stack:
            show = getattr(screen, "feed_progress", None)
            if callable(show):
                show(event)

    def _feeds_done(self: Any, reports: list[FeedReport], quiet: bool, error: str | None) -> None:
        self.feeds_refreshing = False
        if error:
            self.notify(error, severity="error", markup=False)
        else:
            new = sum(r.new for r in reports)
            failed = [r for r in reports if not r.ok]
            message = f"Feeds: {new} new article{'s' if new != 1 else ''}"
            if failed:
                message += f"; {len(failed)} feed{'s' if len(failed) != 1 else ''} with failures (f: feeds)"
            if new or not quiet:
                self.notify(message, severity="warning" if failed and not quiet else "information", timeout=5,
                            markup=False)
        for screen in self.screen_stack:
            done = getattr(screen, "feeds_refreshed", None)
            if callable(done):
                done(reports)
