"""``reader notes``: list notes and highlights, or add one.

Also home of :func:`resolve_article_id`, shared with the export command.
"""

from __future__ import annotations

from typing import Any

import click

from reader.cli.common import json_text, open_library, shown, shown_line


def resolve_article_id(library: Any, given: str) -> str:
    """The full id for ``given`` (any unique prefix of one), or a usage error."""
    try:
        return library.resolve(given)
    except KeyError as exc:  # reader.library.UnknownArticle
        raise click.BadParameter(shown(exc), param_hint="ARTICLE_ID") from None


def note_to_json(note: Any, title: str | None = None) -> dict[str, Any]:
    a = note.anchor
    return {
        "id": note.id,
        "article_id": note.article_id,
        "article_title": title,
        "kind": "highlight" if note.highlight else "note",
        "text": note.text,
        "anchor": {"start": a.start, "end": a.end, "exact": a.exact, "kind": a.kind},
        "created_at": note.created_at,
        "updated_at": note.updated_at,
        "orphaned": note.orphaned,
    }


@click.group(invoke_without_command=True)
@click.option("--article", "article_id", metavar="ID", help="Only this article's notes (an id or unique prefix).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@click.pass_context
def notes(ctx: click.Context, article_id: str | None, as_json: bool) -> None:
    """List notes and highlights, newest first, grouped by article."""
    if ctx.invoked_subcommand is not None:
        return
    with open_library(ctx) as library:
        if article_id is not None:
            article_id = resolve_article_id(library, article_id)
        found = sorted(library.notes(article_id), key=lambda n: n.updated_at or n.created_at, reverse=True)
        titles = {s.id: s.title for s in library.summaries_of({n.article_id for n in found})}
    if as_json:
        click.echo(json_text([note_to_json(n, titles.get(n.article_id)) for n in found]))
        return
    if not found:
        click.echo("No notes yet. Add one with `reader notes add ARTICLE_ID TEXT`.")
        return
    _print_notes(found, titles)


def _print_notes(found: list[Any], titles: dict[str, str]) -> None:
    from rich.console import Console
    from rich.text import Text

    console = Console(highlight=False)
    groups: dict[str, list[Any]] = {}
    for n in found:
        groups.setdefault(n.article_id, []).append(n)
    for article_id, group in groups.items():
        title = shown_line(titles.get(article_id) or "(deleted article)")
        console.print(Text.assemble((title, "bold"), (f"  {shown_line(article_id[:12])}", "dim")))
        for n in group:
            line = Text("  ")
            line.append("highlight" if n.highlight else "note", style="yellow" if n.highlight else "cyan")
            line.append(f" {shown_line(n.id)}", style="dim")
            if n.orphaned:
                line.append(" (passage no longer in the article)", style="red")
            console.print(line)
            if n.anchor.exact and n.anchor.kind != "article":
                excerpt = " ".join(n.anchor.exact.split())
                excerpt = excerpt[:200] + ("…" if len(excerpt) > 200 else "")
                console.print(Text.assemble("    > ", (shown_line(excerpt), "italic")))
            if n.text:
                console.print(Text("    " + shown(n.text).replace("\n", "\n    ")))
        console.print()


@notes.command("add")
@click.argument("article_id")
@click.argument("text")
@click.option("--quote", "quote_no", type=click.IntRange(min=1), metavar="N", help="Anchor on the Nth quote (1 = first).")
@click.option("--paragraph", "paragraph_no", type=click.IntRange(min=1), metavar="N", help="Anchor on the Nth paragraph.")
@click.pass_context
def add(ctx: click.Context, article_id: str, text: str, quote_no: int | None, paragraph_no: int | None) -> None:
    """Add a note to an article (the whole article unless --quote or --paragraph)."""
    from reader.anchors import make_anchor

    if quote_no is not None and paragraph_no is not None:
        raise click.UsageError("give --quote or --paragraph, not both")
    if not text.strip():
        raise click.BadParameter("the note is empty", param_hint="TEXT")
    with open_library(ctx) as library:
        article_id = resolve_article_id(library, article_id)
        article = library.get(article_id)
        if quote_no is not None:
            quotes = library.annotation(article_id).quotes
            if quote_no > len(quotes):
                raise click.BadParameter(f"the article has {len(quotes)} quotes", param_hint="--quote")
            q = quotes[quote_no - 1]
            anchor = make_anchor(article.body, q.start, q.end, "quote")
        elif paragraph_no is not None:
            paragraphs = article.paragraphs
            if paragraph_no > len(paragraphs):
                raise click.BadParameter(f"the article has {len(paragraphs)} paragraphs", param_hint="--paragraph")
            p = paragraphs[paragraph_no - 1]
            anchor = make_anchor(article.body, p.start, p.end, "paragraph")
        else:
            anchor = make_anchor(article.body, 0, 0, "article")
        note = library.add_note(article_id, anchor, text)
    click.echo(note.id)
