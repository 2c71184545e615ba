"""``reader export`` and ``reader restore``."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click


@click.command()
@click.option("--format", "fmt", type=click.Choice(["markdown", "json"]), default="markdown", show_default=True)
@click.option("--article", "article_id", metavar="ID", help="Only this article (Markdown).")
@click.option(
    "--output", "-o", type=click.Path(path_type=Path),
    help="Markdown: a folder (default ./reader-notes). JSON: a file (default: standard output).",
)
@click.pass_context
def export(ctx: click.Context, fmt: str, article_id: str | None, output: Path | None) -> None:
    """Export notes and highlights as Markdown files, or everything as a JSON backup.

    An output path that exists must be a regular file (JSON) or a folder (Markdown):
    links, devices and pipes are refused, never replaced. Files are written 0600."""
    from reader.output_files import OutputRefused

    try:
        _export(ctx, fmt, article_id, output)
    except OutputRefused as exc:
        raise click.ClickException(str(exc)) from None


def _export(ctx: click.Context, fmt: str, article_id: str | None, output: Path | None) -> None:
    from reader.cli.common import json_text, open_library, shown, shown_line
    from reader.cli.notes import resolve_article_id
    from reader.export import export_json, export_markdown
    from reader.output_files import refuse_unless_regular, write_output_file

    json_file = output if fmt == "json" and output is not None and str(output) != "-" else None
    if json_file is not None:
        refuse_unless_regular(json_file)  # before the work: a refused target is said at once
    elif fmt == "markdown" and output is not None:
        _refuse_unless_folder(output)
    problems: list[str] = []  # damaged articles skipped: the rest is exported
    with open_library(ctx) as library:
        if fmt == "json":
            if article_id is not None:
                raise click.UsageError("--article is for Markdown; a JSON backup holds everything")
            text = json_text(export_json(library, problems)) + "\n"
        else:
            if article_id is not None:
                article_id = resolve_article_id(library, article_id)
            written = export_markdown(library, output or Path("reader-notes"), article_id, problems)
    for problem in problems:
        click.echo(f"warning: {shown(problem)}", err=True)
    if fmt == "json":
        if json_file is None:
            sys.stdout.write(text)
        else:
            write_output_file(json_file, text.encode("utf-8"))
            click.echo(f"Backup written to {shown_line(json_file)}", err=True)
        return
    if not written:
        click.echo("Nothing to export: no article has notes, highlights or bookmarks yet.")
        return
    for path in written:
        click.echo(shown_line(path))


def _refuse_unless_folder(path: Path) -> None:
    from reader.output_files import OutputRefused

    if path.exists() and not path.is_dir():
        raise OutputRefused(f"{path} is not a folder: the Markdown export writes one file per article into a folder.")


@click.command()
@click.argument("backup", type=click.File("r", encoding="utf-8"))
@click.option("--replace", is_flag=True,
              help="Put the backup in place of your current data (default: merge, the newer note wins).")
@click.option("--yes", "-y", is_flag=True, help="Do not ask before restoring.")
@click.pass_context
def restore(ctx: click.Context, backup, replace: bool, yes: bool) -> None:  # type: ignore[no-untyped-def]
    """Restore notes, bookmarks and reading state from a JSON backup (merged by default)."""
    from reader.cli.common import open_library, shown, shown_line
    from reader.export import BackupError, plan_restore, validate_backup
    from reader.export import restore as run_restore

    try:
        data = json.load(backup)
        validate_backup(data)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise click.ClickException(f"{shown_line(backup.name)} is not JSON: {shown(exc)}") from None
    except RecursionError:
        raise click.ClickException(f"{shown_line(backup.name)} is not a reader backup: it is nested too deeply.") from None
    except BackupError as exc:
        raise click.ClickException(f"{shown_line(backup.name)}: {shown(exc)}") from None
    with open_library(ctx) as library:
        try:
            plan = plan_restore(library, data, replace=replace)
            for line in plan.lines():
                click.echo(shown(line), err=True)
            if not yes:
                question = "Lose what is listed above and restore?" if plan.loses_something else "Restore?"
                click.confirm(question + " (a backup of your current data is kept)", abort=True, err=True)
            report = run_restore(library, data, replace=replace)
        except BackupError as exc:
            raise click.ClickException(shown(exc)) from None
    click.echo(f"Restored {report.notes} notes and highlights and {report.bookmarks} bookmarks.")
    if report.rejected:
        click.echo(f"{len(report.rejected)} damaged record(s) were not restored and were kept in "
                   f"{shown_line(report.quarantine)}: " + shown("; ".join(report.rejected[:3])), err=True)
    if report.missing_articles:
        click.echo(
            f"{len(report.missing_articles)} article(s) they refer to are not in this library; "
            "add them again (e.g. `reader add URL`) and the notes re-attach.",
            err=True,
        )
