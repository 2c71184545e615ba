"""Export the README screenshots (SVG) of the library, article and notes screens.

    .venv/bin/python tools/screenshots.py [--out docs/screenshots]

Uses a temporary READER_HOME seeded with the shipped samples and the real
language pipeline, so the pictures show what a new user sees (plus two notes
for the notes screen), in the default theme whatever the local config says.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

SIZE = (120, 40)


async def export(out: Path) -> None:
    from reader.anchors import make_anchor
    from reader.config import Config
    from reader.library import Library
    from reader.tui.app import ReaderApp
    from reader.tui.widgets.library_list import LibraryList

    home = Path(tempfile.mkdtemp(prefix="reader-screenshots-"))
    library = Library.open(home)
    _add_notes(library, make_anchor)
    app = ReaderApp(library=library, config=Config())
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(4):
            await app.workers.wait_for_complete()
            await pilot.pause()
        app.save_screenshot("library.svg", str(out))
        rows = app.screen.query_one(LibraryList).rows
        seed = next(rows[i].id for i in range(len(rows)) if "Mike Pompeo" in rows[i].title)
        app.open_article(seed)
        for _ in range(4):
            await app.workers.wait_for_complete()
            await pilot.pause()
        await pilot.press("n", "n")  # the cursor on a quote
        await pilot.pause()
        app.save_screenshot("article.svg", str(out))
        await pilot.press("escape", "N")  # back to the library: N there is "all notes"
        for _ in range(4):
            await app.workers.wait_for_complete()
            await pilot.pause()
        await pilot.press("enter")  # from the filter to the list
        await pilot.pause()
        app.save_screenshot("notes.svg", str(out))
    print(f"wrote {out / 'library.svg'}, {out / 'article.svg'} and {out / 'notes.svg'}")


def _add_notes(library, make_anchor) -> None:  # type: ignore[no-untyped-def]
    """A note on the seed's second quote and one on its first paragraph."""
    summary = next(s for s in library.summaries() if "Mike Pompeo" in s.title)
    body = library.get(summary.id).body
    quotes = sorted(library.annotation(summary.id).quotes, key=lambda q: q.start)
    quote = quotes[1]
    library.add_note(summary.id, make_anchor(body, quote.start, quote.end, kind="quote"), "Compare with the troop numbers announced in December.")
    first = body.index("\n") if "\n" in body else 200
    library.add_note(summary.id, make_anchor(body, 0, first, kind="paragraph"), "Who are the coalition partners?")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    asyncio.run(export(args.out))


if __name__ == "__main__":
    main()
