"""``reader feed``: subscribe to RSS/Atom feeds and pull new articles in.

The work is in :mod:`reader.articles.feeds`; this module only opens the
library, shows progress and prints one line per feed: ✓ when every entry was
stored, ! when pages failed and their feed text was stored instead (the pages
are tried again on the next refresh), ✗ when the feed or an entry failed. A
failing feed is reported and the others carry on; the exit status is 1 when
any feed, entry or page failed (feed text standing in for a page included),
so scripts and cron jobs notice.
"""

from __future__ import annotations

from typing import Any

import click

from reader.cli.common import open_library, shown, shown_line


def _console(err: bool = False) -> Any:
    from rich.console import Console

    return Console(stderr=err, highlight=False, soft_wrap=True)  # no hard wraps in pipes and logs


@click.group()
def feed() -> None:
    """Subscribe to RSS/Atom feeds and refresh them."""


@feed.command("add")
@click.argument("url")
@click.option("--no-check", is_flag=True, help="Subscribe without fetching the feed first.")
@click.option("--timeout", type=float, default=15.0, show_default=True, help="Seconds per request.")
@click.option("--allow-private", is_flag=True,
              help="Let this feed (and its refreshes) fetch from private, loopback or link-local addresses.")
@click.pass_context
def add(ctx: click.Context, url: str, no_check: bool, timeout: float, allow_private: bool) -> None:
    """Subscribe to the feed at URL (a web page's advertised feed works too)."""
    from rich.text import Text

    from reader.articles.errors import ImportRejected
    from reader.articles.feeds import add_subscription

    with open_library(ctx) as library:
        try:
            sub = add_subscription(library, url, check=not no_check, timeout=timeout, allow_private=allow_private)
        except ImportRejected as exc:
            _console(err=True).print(Text.assemble(("error: ", "bold red"), f"{shown_line(url)}: {shown(exc.reason)}"))
            raise SystemExit(1) from None
    line = Text.assemble("Subscribed to ", (shown_line(sub.title or sub.url), "bold"))
    if sub.title:
        line.append(f" ({shown_line(sub.url)})", style="dim")
    _console().print(line)
    click.echo("Run `reader feed refresh` to fetch its articles.")


@feed.command("remove")
@click.argument("url")
@click.pass_context
def remove(ctx: click.Context, url: str) -> None:
    """Unsubscribe from the feed at URL (stored articles are kept)."""
    from reader.articles.feeds import remove_subscription

    with open_library(ctx) as library:
        removed = remove_subscription(library, url)
    if not removed:
        click.echo(f"error: not subscribed to {shown_line(url)}", err=True)
        raise SystemExit(1)
    click.echo(f"Unsubscribed from {shown_line(url)}")


@feed.command("list")
@click.pass_context
def list_(ctx: click.Context) -> None:
    """List subscriptions with their last check and any error."""
    from rich.text import Text

    from reader.articles.feeds import load_subscriptions
    from reader.render import ago

    with open_library(ctx) as library:
        subs = load_subscriptions(library)
    if not subs:
        click.echo("No feeds yet. Add one with `reader feed add URL`.")
        return
    out = _console()
    for sub in subs:  # two lines each: URLs stay whole, for copying into `feed remove`
        out.print(Text.assemble((shown_line(sub.name or sub.title or "(untitled)"), "bold"), "  ",
                                (shown_line(sub.url), "cyan")))
        plural = "" if sub.articles == 1 else "s"
        details = Text(f"  {sub.articles} article{plural}, checked {ago(sub.last_checked)}, ")
        details.append(shown_line(sub.last_error or "ok"), style="red" if sub.last_error else "green")
        out.print(details)


@feed.command("refresh")
@click.argument("urls", nargs=-1)
@click.option("--timeout", type=float, default=15.0, show_default=True, help="Seconds per request.")
@click.option("--max-entries", type=int, default=50, show_default=True, help="New entries per feed at most.")
@click.pass_context
def refresh(ctx: click.Context, urls: tuple[str, ...], timeout: float, max_entries: int) -> None:
    """Fetch new articles from every feed (or only from URLS).

    Pages that failed before are tried again. Exits with 1 when a feed, an
    entry (✗) or a page failed; ! marks entries stored from the feed's own
    text while their page is retried."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
    from rich.text import Text

    from reader.articles.feeds import FeedProgress, load_subscriptions, refresh_feeds

    with open_library(ctx) as library:
        subs = load_subscriptions(library)
        if not subs:
            click.echo("No feeds yet. Add one with `reader feed add URL`.")
            return
        console = _console(err=True)
        with Progress(
            TextColumn("{task.description}", markup=False), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
            console=console, transient=True,
        ) as progress:
            feeds_task = progress.add_task("feeds", total=None)
            entries_task = progress.add_task("entries", total=None, visible=False)

            def on_progress(event: FeedProgress) -> None:
                progress.update(feeds_task, total=event.feed_count, completed=event.feed_index,
                                description=f"feed {shown_line(event.url[:60])}")
                if event.total is None:
                    progress.update(entries_task, visible=False)
                else:
                    progress.update(entries_task, visible=True, total=event.total, completed=event.done,
                                    description="articles")

            reports = refresh_feeds(
                library, list(urls) or None, timeout=timeout, max_entries=max_entries, on_progress=on_progress
            )

    out = _console()
    failed = 0
    names = {sub.url: sub.name for sub in subs if sub.name}
    for report in reports:
        name = shown_line(names.get(report.url) or report.title or report.url)
        if report.error:
            failed += 1
            out.print(Text.assemble(("✗ ", "red"), (name, "bold"), f": {shown_line(report.error)}"))
            continue
        parts = ["not modified"] if report.not_modified else [f"{report.new} new"]
        if report.duplicates:
            parts.append(f"{report.duplicates} already stored")
        if report.from_summary:
            parts.append(f"{report.from_summary} from the feed text")
        if report.replaced:
            parts.append(f"{report.replaced} replaced by the full page")
        if report.failed:
            parts.append(f"{len(report.failed)} failed")
        if report.waiting:
            parts.append(f"{report.waiting} to retry next time")
        if report.failed:
            failed += 1
            mark = ("✗ ", "red")
        elif report.waiting or report.page_failures:
            mark = ("! ", "yellow")
        else:
            mark = ("✓ ", "green")
        if report.page_failures:
            failed += 1
        out.print(Text.assemble(mark, (name, "bold"), ": " + ", ".join(parts)))
        problems = report.failed + [f"{m} (its feed text is stored)" for m in report.page_failures]
        for message in problems[:5]:
            out.print(Text("    " + shown_line(message), style="yellow"))
        if len(problems) > 5:
            out.print(Text(f"    … and {len(problems) - 5} more", style="yellow"))
    total_new = sum(r.new for r in reports)
    out.print(Text(f"{total_new} new article{'s' if total_new != 1 else ''} from {len(reports)} feed"
                   f"{'s' if len(reports) != 1 else ''}", style="dim"))
    if failed:
        raise SystemExit(1)
