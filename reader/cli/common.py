"""What every command shares: opening the library, and printing what came from outside.

One way to open it, so every command prints the library's warnings to
stderr, turns storage problems (locked, damaged, read-only, disk full) and
unknown article ids into a one-line message with exit status 1 instead of a
traceback, and always closes the library.

One way to print untrusted strings: note text (a restored backup can hold
anything), titles, file names, URLs, feed titles and messages that quote
input all pass through :func:`shown`, :func:`shown_line` or
:func:`json_text` before they reach stdout or stderr, so an escape sequence
in them (OSC 52 writing the clipboard, a window title, a cursor move, a bidi
override) reaches the terminal as visible text, never as a control. The
character set is :data:`reader.printable.TERMINAL_UNSAFE`; error
messages get the same treatment in :mod:`reader.cli` for every command.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
import sys
from typing import TYPE_CHECKING

import json
from typing import Any

import click

from reader.printable import TERMINAL_UNSAFE, visible_controls

if TYPE_CHECKING:
    from rich.text import Text

    from reader.library import Library

CLI_BACKUP_MAX_BYTES = 256 * 1024 * 1024  # bigger databases are backed up by the TUI in the background


@contextmanager
def open_library(ctx: click.Context, *, seed: bool = True) -> Iterator[Library]:
    """The library in ``ctx.obj["data_dir"]`` (the default folder when unset)."""
    from reader.library import Library, UnknownArticle
    from reader.store import StoreError

    bar = None

    def migrating(done: int, total: int) -> None:  # the first start after the SQLite store
        nonlocal bar
        if bar is None:
            bar = click.progressbar(length=total, label="Moving your library into library.db", file=sys.stderr)
            bar.__enter__()
        bar.update(done - bar.pos)

    try:
        library = Library.open((ctx.obj or {}).get("data_dir"), seed=seed, progress=migrating)
    except StoreError as error:
        raise click.ClickException(shown(str(error))) from None
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    for warning in library.warnings:
        click.echo(f"warning: {shown(warning)}", err=True)
    try:
        yield library
        problem = library.backup_database_if_due(max_bytes=CLI_BACKUP_MAX_BYTES)
        if problem:
            click.echo(f"warning: {shown(problem)}", err=True)
    except (StoreError, UnknownArticle) as error:
        raise click.ClickException(shown(str(error))) from None
    finally:
        library.close()


def shown(value: object) -> str:
    """``value`` as text safe to print: controls become visible escapes; line breaks and
    tabs stay (note text, multi-line messages)."""
    return visible_controls("" if value is None else str(value), keep="\n\t")


def shown_line(value: object) -> str:
    """``value`` as one printable line (table cells, TSV fields, file names): line breaks
    and tabs become visible escapes too."""
    return visible_controls("" if value is None else str(value))


def shown_text(value: str, spans: Iterable[tuple[int, int]] = (), *, style: str = "", one_line: bool = False,
               span_style: str = "") -> Text:
    """A ``rich.text.Text`` of ``value`` made printable like :func:`shown` (or
    :func:`shown_line`), with ``spans`` (offsets into ``value``) styled where they
    landed after escaping."""
    from rich.text import Text

    keep = "" if one_line else "\n\t"
    pieces: list[str] = []
    where = [0]  # where[i]: offset in the output of value[i]
    for char in value:
        piece = visible_controls(char, keep=keep)
        pieces.append(piece)
        where.append(where[-1] + len(piece))
    text = Text("".join(pieces), style=style)
    for start, end in spans:
        if 0 <= start <= end <= len(value):
            text.stylize(span_style, where[start], where[end])
    return text


def json_text(data: Any, *, indent: int | None = 2) -> str:
    """``data`` as JSON for stdout: non-ASCII text stays readable, nothing a terminal acts on.

    ``json.dumps(ensure_ascii=False)`` escapes C0 controls but passes DEL, C1 controls,
    bidi overrides and lone surrogates through raw; they can only occur inside strings,
    where a ``\\u`` escape is the same JSON value. (The only raw control left is the
    indentation's line breaks.)"""
    text = json.dumps(data, ensure_ascii=False, indent=indent)
    return TERMINAL_UNSAFE.sub(lambda m: m.group() if m.group() == "\n" else f"\\u{ord(m.group()):04x}", text)
