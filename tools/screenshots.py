"""Export the README screenshots (SVG) of the library and article screens.

    .venv/bin/python tools/screenshots.py [--out docs/screenshots]

Uses a temporary READER_HOME seeded with the shipped samples and the real
language pipeline, so the pictures show what a new user sees.
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
    from reader.library import Library
    from reader.tui.app import ReaderApp
    from reader.tui.widgets.library_list import LibraryList

    home = Path(tempfile.mkdtemp(prefix="reader-screenshots-"))
    app = ReaderApp(library=Library.open(home))
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
    print(f"wrote {out / 'library.svg'} and {out / 'article.svg'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    asyncio.run(export(args.out))


if __name__ == "__main__":
    main()
