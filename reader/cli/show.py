"""`reader show ID_OR_PATH`: one article with quotes and people highlighted.

Same renderer as the TUI (:mod:`reader.render`). Styled on a terminal, plain
text when piped. A path that is not in the library is parsed and annotated on
the spot, without storing it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from reader.cli.common import shown, shown_line

if TYPE_CHECKING:
    from reader.domain import Annotation, Article, Note

LAYER_CHOICES = ("quotes", "people", "places", "notes")


@click.command()
@click.argument("target", metavar="ID_OR_PATH")
@click.option(
    "--color/--no-color",
    default=None,
    help="Force highlighting on or off (default: on when stdout is a terminal).",
)
@click.option(
    "--hide",
    type=click.Choice(LAYER_CHOICES),
    multiple=True,
    help="Hide a highlight layer (repeatable).",
)
@click.pass_context
def show(ctx: click.Context, target: str, color: bool | None, hide: tuple[str, ...]) -> None:
    """Print one article (by id, id prefix, or file path) with its direct quotes,
    who said them, and the people it names highlighted."""
    from rich.console import Console

    from reader.highlight_styles import rich_styles
    from reader.render import Layers, plain_article, render_article

    data_dir = (ctx.obj or {}).get("data_dir")
    path = Path(target).expanduser()
    if path.exists():
        article, annotation, notes = _from_path(path, data_dir)
    else:
        article, annotation, notes = _from_library(ctx, target)
    console = Console(force_terminal=True) if color else Console()
    if color is False or (color is None and not console.is_terminal):
        click.echo(plain_article(article), nl=False)
        return
    layers = Layers(**{name: name not in hide for name in LAYER_CHOICES})
    # NO_COLOR: Rich drops the colours; the monochrome table keeps the cues.
    styles = rich_styles(console.no_color)
    console.print(render_article(article, annotation, notes, layers, styles), soft_wrap=False)


def _from_library(ctx: click.Context, target: str) -> tuple[Article, Annotation | None, list[Note]]:
    from reader.cli.common import open_library
    from reader.library import UnknownArticle

    with open_library(ctx) as library:
        try:
            article = library.get(target)
        except UnknownArticle as error:
            raise click.ClickException(f"{shown(error)} (nor is there a file by that name).") from None
        return article, _annotation(library, article.id), library.notes(article.id)


def _annotation(library, article_id: str) -> Annotation | None:  # type: ignore[no-untyped-def]
    try:
        return library.annotation(article_id)
    except Exception as error:  # noqa: BLE001 - the text is still worth printing
        click.echo(f"warning: no highlights, the analysis failed: {shown(error)}", err=True)
        return None


def _from_path(path: Path, data_dir: str | None) -> tuple[Article, Annotation | None, list[Note]]:
    """Parse the file; when the same text is already stored, use the
    library's cached annotation and the reader's notes on it."""
    from reader.articles import ImportRejected, load_path

    if path.is_dir():
        raise click.ClickException(f"{shown_line(path)} is a folder: give one file (or an article id).")
    try:
        articles = load_path(path)
    except ImportRejected as error:
        raise click.ClickException(shown(error)) from None
    if not articles:
        raise click.ClickException(f"{shown_line(path)} holds no article.")
    article = articles[0]
    stored = _stored(article.id, data_dir)
    if stored is not None:
        return stored
    try:
        from reader.nlp import annotate

        annotation: Annotation | None = annotate(article.body)
    except Exception as error:  # noqa: BLE001 - print the text without highlights
        click.echo(f"warning: no highlights, the analysis failed: {shown(error)}", err=True)
        annotation = None
    return article, annotation, []


def _stored(article_id: str, data_dir: str | None) -> tuple[Article, Annotation | None, list[Note]] | None:
    from reader import paths

    folder = paths.data_dir(data_dir)
    if not any((folder / name).exists() for name in ("index.json", "index.log")):
        return None  # no library yet: do not create one just to look
    try:
        from reader.library import Library

        library = Library.open(data_dir, seed=False)
    except Exception:  # noqa: BLE001 - the file alone is enough to show
        return None
    try:
        article = library.get(article_id)
        return article, _annotation(library, article.id), library.notes(article.id)
    except Exception:  # noqa: BLE001 - not stored (or unreadable): annotate the file
        return None
    finally:
        library.close()
