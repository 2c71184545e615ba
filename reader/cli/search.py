"""``reader search``: full-text search from the shell."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

import click

MATCH_STYLE = "bold reverse"


# ignore_unknown_options: "-brexit" is an exclusion in the query, not an option.
@click.command(context_settings={"ignore_unknown_options": True})
@click.argument("query", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True, help="At most this many results.")
@click.pass_context
def search(ctx: click.Context, query: tuple[str, ...], as_json: bool, limit: int) -> None:
    """Search titles, texts, people and your notes.

    \b
    Words must all match; also:
      "a phrase"       the words in this order
      -word            leave out articles with this word
      person:Pompeo    articles naming this person
      source:Reuters   articles from this source
      has:notes        articles with notes (or has:highlights, has:bookmark)
    """
    from reader.cli.common import json_text, open_library, shown
    from reader.search import QueryError

    text = " ".join(query)
    with open_library(ctx) as library:
        try:
            hits = library.search(text, limit=limit)
        except QueryError as exc:
            raise click.BadParameter(shown(exc), param_hint="QUERY") from None
    if as_json:
        click.echo(json_text([_hit_json(h) for h in hits]))
        return
    if not hits:
        click.echo(f"Nothing found for {shown(repr(text))}.")
        raise SystemExit(1)
    _print_hits(hits)


def _hit_json(hit: Any) -> dict[str, Any]:
    data = asdict(hit)
    data["snippets"] = [{"text": t, "spans": [list(s) for s in spans]} for t, spans in hit.snippets]
    data["title_spans"] = [list(s) for s in hit.title_spans]
    return data


def _print_hits(hits: list[Any]) -> None:
    from rich.console import Console
    from rich.text import Text

    from reader.cli.common import shown_line, shown_text

    console = Console(highlight=False)
    for n, hit in enumerate(hits, 1):
        title = shown_text(hit.title, hit.title_spans, style="bold", one_line=True, span_style=MATCH_STYLE)
        line = Text.assemble(f"{n:>2}. ", title)
        meta = " · ".join(shown_line(v) for v in (hit.source, hit.date) if v)
        if meta:
            line.append(f"  {meta}", style="dim")
        line.append(f"  {shown_line(hit.article_id[:12])}", style="dim")
        console.print(line)
        for snippet, spans in hit.snippets:
            console.print(Text("    ").append_text(shown_text(snippet, spans, span_style=MATCH_STYLE)))
        console.print()
