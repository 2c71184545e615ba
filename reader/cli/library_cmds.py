"""`reader add`, `reader list` and `reader delete`.

Results go to stdout (ids, the list) so they can be piped; progress, summaries,
warnings and errors go to stderr. A StoreError or a bad id ends the command
with its message and exit status 1, never a traceback.
"""

from __future__ import annotations

import os
import sys
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

import click

from reader.cli.common import json_text, open_library, shown, shown_line

if TYPE_CHECKING:
    from reader.library import ImportReport, Library

SORT_CHOICES = ("date", "title", "source", "added", "quotes")


def _one_line(text: str | None) -> str:
    """For TSV output and messages: no tabs, line breaks or controls from article metadata."""
    return shown_line(" ".join((text or "").split()))


# --------------------------------------------------------------------------
# add
# --------------------------------------------------------------------------


def _count_files(sources: tuple[str, ...]) -> int | None:
    """How many files a folder import will read, for the progress bar (None: unknown)."""
    from reader.articles import SUPPORTED_SUFFIXES

    total = 0
    for source in sources:
        path = Path(source).expanduser()
        if source == "-" or "://" in source or not path.exists():
            total += 1
        elif path.is_dir():
            for _root, dirs, files in os.walk(path):
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                total += sum(1 for f in files if Path(f).suffix.lower() in SUPPORTED_SUFFIXES)
        else:
            total += 1
    return total or None


def _import_with_progress(
    library: Library, sources: tuple[str, ...], workers: int | None, allow_private: bool
) -> ImportReport:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    console = Console(stderr=True)
    if not console.is_terminal:
        return library.add_sources(list(sources), workers=workers, allow_private=allow_private)
    total = _count_files(sources)
    columns = (TextColumn("Importing"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("import", total=total)

        def advance(done: int) -> None:
            progress.update(task, completed=done, total=max(total or 0, done) or None)

        return library.add_sources(list(sources), progress=advance, workers=workers, allow_private=allow_private)


@click.command()
@click.argument("sources", nargs=-1, required=True)
@click.option("--workers", type=click.IntRange(1, 64), help="Processes for the analysis (default: one per core).")
@click.option("--ids/--no-ids", "print_ids", default=None,
              help="Print the id of every stored article (default: unless a folder is imported).")
@click.option("--allow-private", is_flag=True,
              help="Also fetch URLs on private, loopback or link-local addresses (127.0.0.1, 192.168.x, …).")
@click.pass_context
def add(ctx: click.Context, sources: tuple[str, ...], workers: int | None, print_ids: bool | None,
        allow_private: bool) -> None:
    """Store articles from files, folders (recursively), URLs or - (stdin).

    Prints the ids of the stored articles, then a summary: added, already in
    the library, and rejected with the reason for each. Exits with status 1
    when anything was rejected.
    """
    from reader.worker_lifetime import signals_end_the_process

    has_folder = any(s != "-" and Path(s).expanduser().is_dir() for s in sources)
    with signals_end_the_process(), open_library(ctx) as library:  # SIGTERM/SIGHUP: stop the workers, then exit
        report = _import_with_progress(library, sources, workers, allow_private)
    if print_ids if print_ids is not None else not has_folder:
        for article_id in dict.fromkeys(report.ids):
            click.echo(shown_line(article_id))
    for warning in report.warnings:
        click.echo(f"warning: {shown(warning)}", err=True)
    for what, why in report.rejected:
        click.echo(f"rejected: {shown_line(what)}: {_one_line(why)}", err=True)
    parts = [f"{len(report.added)} added", f"{len(report.duplicates)} already in the library",
             f"{len(report.rejected)} rejected"]
    if report.skipped:
        parts.append(f"{len(report.skipped)} skipped")
    click.echo(", ".join(parts) + ".", err=True)
    if report.rejected:
        ctx.exit(1)


# --------------------------------------------------------------------------
# list
# --------------------------------------------------------------------------


def _flags(summary: object) -> str:
    s = summary  # ArticleSummary
    return "".join((
        "N" if s.new else "-",  # type: ignore[attr-defined]
        "R" if s.read else "-",  # type: ignore[attr-defined]
        "B" if s.bookmarked else "-",  # type: ignore[attr-defined]
    ))


@click.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (one array of objects).")
@click.option("--sort", type=click.Choice(SORT_CHOICES), default="date", show_default=True)
@click.option("--filter", "query", default="", metavar="WORDS", help="Only articles whose title, source or people match.")
@click.pass_context
def list_(ctx: click.Context, as_json: bool, sort: str, query: str) -> None:
    """List the library: a table on a terminal, tab-separated lines otherwise.

    Columns: id, date, source, quotes, people, [notes,] flags (N new, R read,
    B bookmarked; ✎ has notes on a terminal), title.
    """
    with open_library(ctx) as library:
        rows = library.filter(query, sort=sort)
    if as_json:
        click.echo(json_text([asdict(s) for s in rows], indent=1))
        return
    from rich.console import Console

    console = Console()
    if not console.is_terminal:
        for s in rows:
            fields = (shown_line(s.id), shown_line(s.date), _one_line(s.source), str(s.quotes), str(s.figures),
                      str(s.notes), _flags(s), _one_line(s.title))
            sys.stdout.write("\t".join(fields) + "\n")
        return
    from rich.table import Table
    from rich.text import Text

    table = Table(box=None, header_style="bold", pad_edge=False, padding=(0, 1, 0, 0))
    widths = {"id": 16, "date": 10, "source": 8, "quotes": 6, "people": 6, "": 4}
    title_width = max(20, console.width - sum(widths.values()) - len(widths))
    for name, justify in (("id", "left"), ("date", "left"), ("source", "left"), ("quotes", "right"),
                          ("people", "right"), ("", "left"), ("title", "left")):
        table.add_column(name, justify=justify, no_wrap=True, overflow="ellipsis",  # type: ignore[arg-type]
                         min_width=widths.get(name, 20), max_width=widths.get(name, title_width))
    for s in rows:
        flags = _flags(s) + ("✎" if s.notes else " ")
        table.add_row(Text(shown_line(s.id), style="dim"), Text(shown_line(s.date)), Text(shown_line(s.source)),
                      Text(str(s.quotes)), Text(str(s.figures)), Text(flags),
                      Text(shown_line(s.title)))  # Text, never markup: titles are untrusted
    console.print(table)
    console.print(Text(f"{len(rows)} article(s)", style="dim"))


# --------------------------------------------------------------------------
# delete
# --------------------------------------------------------------------------


@click.command()
@click.argument("ids", nargs=-1, required=True)
@click.option("--with-notes", is_flag=True, help="Also delete the notes on the article (kept by default).")
@click.pass_context
def delete(ctx: click.Context, ids: tuple[str, ...], with_notes: bool) -> None:
    """Delete articles by id (or a unique id prefix). Bookmarks and reading state go with
    them; notes stay (they re-attach if the same article is added again) unless --with-notes."""
    with open_library(ctx) as library:
        full_ids = [library.resolve(i) for i in ids]  # all or nothing: check every id first
        for article_id in dict.fromkeys(full_ids):
            title = library.summary(article_id).title
            library.delete(article_id, keep_notes=not with_notes)
            click.echo(f"deleted {shown_line(article_id)} {_one_line(title)}")
