"""``reader doctor``: check and repair the library on demand, and say what was done."""

from __future__ import annotations

import click


@click.command()
@click.pass_context
def doctor(ctx: click.Context) -> None:
    """Check and repair your notes, the article database, its search index and the backups."""
    from reader.cli.common import open_library, shown
    from reader.library import doctor as run_doctor

    with open_library(ctx) as library:
        for what, found in run_doctor(library):
            click.echo(f"{what:<26} {shown(found)}")
