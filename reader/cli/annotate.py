"""``reader annotate``: the figures and quotes of one text, without the library.

Plain text is annotated exactly as read (seed-format metadata such as a
leading ``date 2019-...`` included), so the offsets in the JSON index into the
file's decoded text. Markup is not text: a web page (``.html``, or anything
that starts like one), a Markdown file or a JSON export is first read into
its article as ``reader show`` prints it (boilerplate, tags and Markdown
syntax gone), and that article text is annotated; the JSON then carries it as
``"text"``, the string the offsets index. Files are decoded like imports are
(BOM, UTF-8, guessed encoding) and refused the same way when binary or
undecodable.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from reader.cli.common import json_text, shown, shown_line

if TYPE_CHECKING:  # pragma: no cover
    from reader.domain import Annotation

MAX_BYTES = 5 * 1024 * 1024
_EXCERPT = 160


EXTRACTED_SUFFIXES = (".html", ".htm", ".xhtml", ".md", ".markdown", ".json", ".jsonl", ".ndjson")


def _read(path: str) -> tuple[str, bool]:
    """The text to annotate, and whether it was extracted from markup."""
    from reader.articles.decode import decode_bytes, read_capped
    from reader.articles.errors import ImportRejected
    from reader.articles.html import looks_like_html

    origin = "stdin" if path == "-" else path
    try:
        if path == "-":
            data = read_capped(sys.stdin.buffer, MAX_BYTES, origin=origin)
        else:
            file = Path(path)
            if not file.exists():
                raise click.ClickException(f"{shown_line(path)}: no such file")
            if file.is_dir():
                raise click.ClickException(f"{shown_line(path)}: is a folder, not a file")
            with file.open("rb") as stream:
                data = read_capped(stream, MAX_BYTES, origin=origin)
        if not data.strip():
            return "", False
        suffix = Path(path).suffix.lower() if path != "-" else ""
        if suffix in EXTRACTED_SUFFIXES or looks_like_html(data):
            return _article_text(data, origin, suffix or ".html"), True
        return decode_bytes(data, origin=origin), False
    except ImportRejected as exc:
        raise click.ClickException(f"{shown_line(origin)}: {shown(exc.reason)}") from None
    except OSError as exc:
        raise click.ClickException(f"{shown_line(origin)}: cannot read ({shown(exc.strerror or exc)})") from None


def _article_text(data: bytes, origin: str, suffix: str) -> str:
    """The body of the (first) article in ``data``, as ``reader show`` prints it."""
    from reader.articles import load_bytes

    articles = load_bytes(data, origin=origin, suffix=suffix)
    return articles[0].body if articles else ""


@click.command()
@click.argument("path", default="-", metavar="[PATH|-]")
@click.option("--json", "as_json", is_flag=True, help="Print the annotation as JSON (offsets into the text annotated).")
def annotate(path: str, as_json: bool) -> None:
    """Print the people named in a text and who said each quote.

    PATH is a text file, or - (the default) for standard input. Plain text is
    annotated as it is: offsets index the file. A web page, a Markdown file or
    a JSON export is first read into its article text, as `reader show`
    prints it (no tags, no Markdown syntax); the offsets then index that text,
    which --json includes as "text"."""
    from reader.nlp import annotate as run

    text, extracted = _read(path)
    annotation = run(text)
    if as_json:
        data = annotation.to_dict()
        if extracted:
            data["text"] = text
        click.echo(json_text(data))
        return
    _print_summary(text, annotation)


def _print_summary(text: str, annotation: Annotation) -> None:
    """A readable summary; article text only ever enters as plain Text."""
    from rich.console import Console
    from rich.text import Text

    console = Console(highlight=False, emoji=False)
    if not annotation.figures and not annotation.quotes:
        console.print(Text("No people or quotes found."))
        return
    console.print(Text(f"Figures ({len(annotation.figures)})", style="bold"))
    for figure in annotation.figures:
        line = Text("  ")
        line.append(shown_line(figure.name), style="magenta bold")
        if figure.role:
            line.append(" \u2014 ")
            line.append(shown_line(figure.role), style="dim")
        line.append(f"  ({len(figure.mentions)} mention{'s' if len(figure.mentions) != 1 else ''})", style="dim")
        console.print(line)
    console.print(Text(f"\nQuotes ({len(annotation.quotes)})", style="bold"))
    for quote in annotation.quotes:
        line = Text("  ")
        line.append(shown_line(quote.speaker) if quote.speaker else "(unattributed)", style="yellow italic")
        line.append(": ")
        body = " ".join(quote.text.split())
        if len(body) > _EXCERPT:
            body = body[: _EXCERPT - 1] + "\u2026"
        line.append(shown_line(body), style="yellow")
        console.print(line)
