"""TUI speed: opening an article on screen, and the virtual library list.

    .venv/bin/python benchmarks/bench_tui.py [--runs 7]

Runs the real app headless (``App.run_test``) on a temporary library with the
real ``reader.nlp`` pipeline (its model is loaded before timing). An "open" is
timed from ``app.open_article(id)`` until the article screen has its data and
every visible line has been rendered once (what the first frame needs):

* computed: the annotation is not stored for the model version in use (the
  library is opened with this module's ``annotate``, which is the real
  pipeline under another MODEL_VERSION, and the cache folder is emptied), so
  the pipeline runs, as after a model upgrade;
* stored: fresh Library object, annotation stored with the article at import;
* reopen: the same article again in the same session.

The list figures time ``LibraryList.set_rows`` plus rendering one screen of
rows for synthetic summaries, beside Textual's DataTable filled with the same
rows (what the virtual list replaces). The start figures run the app on a
generated library of ``--articles`` articles (``tools/gen_library.py``, kept
in ``--keep DIR`` for later runs): time to the first screen (the library still
opening in its worker) and to the rows shown. Nothing is asserted: this
prints a table of medians with the target beside each figure.

    .venv/bin/python benchmarks/bench_tui.py --articles 10000 --keep /tmp/reader-bench-10k
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tools"))

from reader.articles import load_path, parse_text  # noqa: E402
from reader.domain import ArticleSummary  # noqa: E402
from reader.library import Library  # noqa: E402

SIZE = (120, 40)

# The real pipeline under a version the stored articles do not carry.
MODEL_VERSION = "bench-recompute"


def annotate(text: str):  # type: ignore[no-untyped-def]
    from reader.nlp import annotate as real

    return real(text)


def thousand_word_text() -> str:
    """About 1,000 words of real news text: the seeds, whole paragraphs."""
    paragraphs: list[str] = []
    for path in sorted((REPO / "seeds").glob("*.txt")):
        for article in load_path(path):
            for p in article.paragraphs:
                paragraphs.append(article.body[p.start : p.end])
                if sum(len(x.split()) for x in paragraphs) >= 1000:
                    return "title A thousand words\n\n" + "\n\n".join(paragraphs)
    return "title A thousand words\n\n" + "\n\n".join(paragraphs)


async def shown(app, screen_class) -> None:  # type: ignore[no-untyped-def]
    """Wait until the article screen has its data, without polling: a 0.5 ms
    busy poll in the app's own process wakes the event loop (and asks for the
    GIL the loading worker holds) thousands of times a second, a cost the
    real app does not have."""
    loaded = asyncio.Event()
    original = screen_class._loaded

    def _loaded(self, data):  # type: ignore[no-untyped-def]
        original(self, data)
        loaded.set()

    screen_class._loaded = _loaded
    try:
        if not (isinstance(app.screen, screen_class) and app.screen.data):
            await loaded.wait()
    finally:
        screen_class._loaded = original


async def time_open(library: Library, article_id: str, reopen: bool) -> float:
    from reader.tui.app import ReaderApp
    from reader.tui.screens.article import ArticleScreen
    from reader.tui.widgets.article_view import ArticleView

    app = ReaderApp(library=library)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        if reopen:
            app.open_article(article_id)
            await shown(app, ArticleScreen)
            app.screen.dismiss()
            await pilot.pause()
        start = time.perf_counter()
        app.open_article(article_id)
        await shown(app, ArticleScreen)
        view = app.screen.query_one(ArticleView)
        for y in range(view.size.height):
            view.render_line(y)
        elapsed = time.perf_counter() - start
        assert view.article is not None and view.article.id == article_id
    return elapsed * 1000


async def time_start(home: Path, expected: int) -> tuple[float, float]:
    """(ms to the first screen, ms to the rows shown) for ``reader`` on ``home``."""
    from reader.tui.app import ReaderApp
    from reader.tui.widgets.library_list import LibraryList

    start = time.perf_counter()
    app = ReaderApp(str(home))
    async with app.run_test(size=SIZE):
        first = time.perf_counter()
        while app.screen.query(LibraryList).first().row_count < expected:
            await asyncio.sleep(0.002)
        rows = time.perf_counter()
    return (first - start) * 1000, (rows - start) * 1000


def generated_library(count: int, keep: Path | None) -> Path:
    from gen_library import build_library

    home = keep or Path(tempfile.mkdtemp(prefix="reader-bench-start-"))
    with Library.open(home, seed=False) as library:
        have = len(library.summaries())
    if have < count:
        print(f"generating {count - have:,} articles into {home} …", file=sys.stderr)
        build_library(home, count - have, seed=have + 1)
    return home


def summaries(count: int) -> list[ArticleSummary]:
    return [
        ArticleSummary(f"{i:016x}", f"Article number {i} about something", "Wire", "Paris", "2020-01-01", 800, 5, 3)
        for i in range(count)
    ]


async def time_list(rows: list[ArticleSummary]) -> float:
    from textual.app import App, ComposeResult

    from reader.tui.widgets.library_list import LibraryList

    class ListApp(App):
        def compose(self) -> ComposeResult:
            yield LibraryList()

    app = ListApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        widget = app.query_one(LibraryList)
        start = time.perf_counter()
        widget.set_rows(rows)
        for y in range(widget.size.height):
            widget.render_line(y)
        return (time.perf_counter() - start) * 1000


async def time_datatable(rows: list[ArticleSummary]) -> float:
    from textual.app import App, ComposeResult
    from textual.widgets import DataTable

    class TableApp(App):
        def compose(self) -> ComposeResult:
            yield DataTable()

    app = TableApp()
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(DataTable)
        table.add_columns("Title", "Source", "Place", "Date", "Words", "Quotes", "People")
        await pilot.pause()
        start = time.perf_counter()
        table.add_rows((s.title, s.source, s.place, s.date, s.words, s.quotes, s.figures) for s in rows)
        await pilot.pause()
        return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--articles", type=int, default=10_000, help="library size for the start figures (0: skip)")
    parser.add_argument("--keep", type=Path, help="reuse (or create) the generated library here")
    args = parser.parse_args()

    from reader.nlp import annotate

    annotate("Warm-up: “the model loads now,” she said.")  # as the app does after start
    home = Path(tempfile.mkdtemp(prefix="reader-bench-tui-"))
    try:
        with Library.open(home, seed=False) as library:
            article = parse_text(thousand_word_text(), origin="bench.txt")
            article_id, _ = library.add_article(article)
            words = library.get(article_id).word_count
        results: dict[str, list[float]] = {"computed": [], "stored": [], "reopen": []}
        for _ in range(args.runs):
            recompute = Library.open(home, seed=False, annotator="bench_tui:annotate")
            with recompute.db.write() as conn:  # as after a model upgrade: the stored one is stale
                conn.execute("UPDATE bodies SET model = 'stale'")
            results["computed"].append(asyncio.run(time_open(recompute, article_id, False)))
            # the annotation the run above stored, read back by a fresh Library
            stored = Library.open(home, seed=False, annotator="bench_tui:annotate")
            results["stored"].append(asyncio.run(time_open(stored, article_id, False)))
            again = Library.open(home, seed=False, annotator="bench_tui:annotate")
            results["reopen"].append(asyncio.run(time_open(again, article_id, True)))
        lists = {n: [asyncio.run(time_list(summaries(n))) for _ in range(args.runs)] for n in (10_000, 100_000)}
        table = [asyncio.run(time_datatable(summaries(10_000))) for _ in range(min(args.runs, 3))]
    finally:
        shutil.rmtree(home, ignore_errors=True)
    starts: list[tuple[float, float]] = []
    if args.articles:
        big = generated_library(args.articles, args.keep)
        try:
            with Library.open(big, seed=False) as library:
                expected = len(library.summaries())
            starts = [asyncio.run(time_start(big, expected)) for _ in range(args.runs)]
        finally:
            if args.keep is None:
                shutil.rmtree(big, ignore_errors=True)

    rows = [
        (f"open a {words:,}-word article, annotation computed", results["computed"], "≤ 80 ms"),
        (f"open a {words:,}-word article, annotation stored", results["stored"], "≤ 80 ms"),
        ("reopen the same article", results["reopen"], "≤ 10 ms"),
        ("library list: 10,000 rows set + first screen", lists[10_000], "—"),
        ("library list: 100,000 rows set + first screen", lists[100_000], "—"),
        ("(for comparison) DataTable, 10,000 rows added", table, "what the list avoids"),
    ]
    if starts:
        rows += [
            (f"start: first screen, {args.articles:,} articles", [s[0] for s in starts], "interactive at once"),
            (f"start: rows shown, {args.articles:,} articles", [s[1] for s in starts],
             "≤ 400 ms at 100k, ≤ 600 ms at 1M"),
        ]
    print(f"reader TUI benchmark — median of {args.runs} runs, terminal {SIZE[0]}×{SIZE[1]}, headless")
    print(f"{'figure':<52} {'median':>10}   target")
    for label, values, target in rows:
        print(f"{label:<52} {statistics.median(values):>7.1f} ms   {target}")
    print(f"reproduce: .venv/bin/python benchmarks/bench_tui.py --runs {args.runs} --articles {args.articles}")


if __name__ == "__main__":
    main()
