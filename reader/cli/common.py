"""What every library command shares: opening the library.

One way to open it, so every command prints the library's warnings to
stderr, turns storage problems (locked, damaged, read-only, disk full) and
unknown article ids into a one-line message with exit status 1 instead of a
traceback, and always closes the library.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from reader.library import Library


@contextmanager
def open_library(ctx: click.Context, *, seed: bool = True) -> Iterator[Library]:
    """The library in ``ctx.obj["data_dir"]`` (the default folder when unset)."""
    from reader.library import Library, UnknownArticle
    from reader.store import StoreError

    try:
        library = Library.open((ctx.obj or {}).get("data_dir"), seed=seed)
    except StoreError as error:
        raise click.ClickException(str(error)) from None
    for warning in library.warnings:
        click.echo(f"warning: {warning}", err=True)
    try:
        yield library
    except (StoreError, UnknownArticle) as error:
        raise click.ClickException(str(error)) from None
    finally:
        library.close()
