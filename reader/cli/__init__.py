"""Command line entry point.

``reader`` with no sub-command opens the TUI. Sub-commands live in their own
modules and are imported only when invoked, so ``reader --help`` and
``reader list`` never pay for Textual or NLTK.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import click

from reader import __version__

# name -> ("module:attribute", one-line help). Each module defines one click
# command or group; the help is here so `reader --help` imports none of them.
COMMANDS: dict[str, tuple[str, str]] = {
    "add": ("reader.cli.library_cmds:add", "Store articles from files, folders, URLs or stdin."),
    "list": ("reader.cli.library_cmds:list_", "List the library."),
    "delete": ("reader.cli.library_cmds:delete", "Delete an article from the library."),
    "doctor": ("reader.cli.doctor:doctor", "Check and repair the library, its search index and backups."),
    "show": ("reader.cli.show:show", "Print one article with quotes and people highlighted."),
    "annotate": ("reader.cli.annotate:annotate", "Print the figures and quotes of a text as JSON."),
    "feed": ("reader.cli.feeds:feed", "Subscribe to and refresh RSS/Atom feeds."),
    "notes": ("reader.cli.notes:notes", "List or add notes and highlights."),
    "search": ("reader.cli.search:search", "Full-text search across the library."),
    "export": ("reader.cli.export:export", "Export notes and articles as Markdown or JSON."),
    "restore": ("reader.cli.export:restore", "Restore user data from a JSON backup."),
}


@contextmanager
def _printable_errors() -> Iterator[None]:
    """Usage errors and command errors often quote what was typed or read (a file name,
    an id, a URL): make their text printable before click shows it."""
    try:
        yield
    except click.ClickException as error:
        from reader.cli.common import shown, shown_line

        error.message = shown(error.message)
        if isinstance(error, click.FileError):
            error.ui_filename = shown_line(error.ui_filename)
        raise


class LazyGroup(click.Group):
    def make_context(self, info_name: str | None, args: list[str], parent: click.Context | None = None,
                     **extra: Any) -> click.Context:
        with _printable_errors():
            return super().make_context(info_name, args, parent, **extra)

    def invoke(self, ctx: click.Context) -> Any:
        with _printable_errors():
            return super().invoke(ctx)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        target = COMMANDS.get(name)
        if target is None:
            return None
        module_name, attr = target[0].split(":")
        module = importlib.import_module(module_name)
        return getattr(module, attr)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][1]) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="reader")
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=str),
    envvar="READER_HOME",
    help="Where the library and your notes live (default: the platform data dir; env READER_HOME).",
)
@click.pass_context
def cli(ctx: click.Context, data_dir: str | None) -> None:
    """A terminal reader for news: who is quoted, who is named, and your notes.

    Run without a command to open the reader."""
    ctx.ensure_object(dict)
    ctx.obj["data_dir"] = data_dir
    if ctx.invoked_subcommand is None:
        from reader.tui.app import run

        sys.exit(run(data_dir=data_dir))


def _printable_traceback(kind: type[BaseException], error: BaseException, tb: Any) -> None:
    """A crash's message may quote hostile input too."""
    import traceback

    from reader.cli.common import shown

    sys.stderr.write(shown("".join(traceback.format_exception(kind, error, tb))))


def main() -> None:
    sys.excepthook = _printable_traceback
    cli(prog_name="reader")
