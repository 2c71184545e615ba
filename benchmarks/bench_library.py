"""Library scale benchmark: the issue-4 targets, measured.

    .venv/bin/python benchmarks/bench_library.py --sizes 1000,10000
    .venv/bin/python benchmarks/bench_library.py --sizes 100000 --keep /tmp/reader-bench   # reuse the library

For each size a synthetic library is generated with ``tools/gen_library.py``
(quick stand-in annotator, so building 100,000 articles takes minutes, not an
hour) into a temporary folder (or ``--keep DIR``, reused on later runs). Each
figure is then measured in ``--runs`` fresh processes and the median printed
beside its target. Opening an article and the import rate use the real
``reader.nlp`` pipeline (its model is loaded before timing, as the app does
on start). Nothing is asserted: this prints a table.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tools")]

REAL = "reader.nlp:annotate"
QUERIES = ("minister", "kern said", "reuters", "budget", "tanaka")

# (key, label, target at 10k, target at 100k, unit)
ROWS = (
    ("open_ms", "open library to summaries ready", 600, 1500, "ms"),
    ("unseen_computed_ms", "open unseen 1,000-word article, annotation computed", 80, 80, "ms"),
    ("unseen_stored_ms", "open unseen 1,000-word article, annotation stored", 80, 80, "ms"),
    ("seen_ms", "open an article seen before", 10, 10, "ms"),
    ("keystroke_ms", "filter-as-you-type, one keystroke (median)", 30, 150, "ms"),
    ("keystroke_max_ms", "filter-as-you-type, slowest keystroke", 30, 150, "ms"),
    ("note_ms", "save a note, durable", 20, 20, "ms"),
    ("note_2000_ms", "save a note, durable, with 2,000 notes stored", 20, 20, "ms"),
    ("note_2000_rewrite_ms", "  the same, plain TinyDB rewriting the whole file", 20, 20, "ms"),
    ("rss_mb", "resident memory after open + filter", 200, 600, "MB"),
)


def _ms(seconds: float) -> float:
    return seconds * 1000.0


def _median_of(fn, n: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(n):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


# --------------------------------------------------------------------------
# one measuring process
# --------------------------------------------------------------------------


def measure(folder: Path) -> dict[str, float]:
    from tinydb.table import Document

    from reader.domain import Anchor

    started = time.perf_counter()
    from reader.library import Library, load_annotator

    library = Library.open(folder, seed=False, annotator=REAL)
    rows = library.summaries()
    result = {"open_ms": _ms(time.perf_counter() - started), "articles": len(rows)}

    keystrokes: list[float] = []
    for query in QUERIES:
        for end in range(1, len(query) + 1):
            t = time.perf_counter()
            library.filter(query[:end])
            keystrokes.append(time.perf_counter() - t)
    result["keystroke_ms"] = _ms(statistics.median(keystrokes))
    result["keystroke_max_ms"] = _ms(max(keystrokes))
    result["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    annotate, model_version = load_annotator(REAL)
    annotate("Warm-up: the model loads once, when the app starts. “Yes,” said Ann Lee.")
    # never annotated by the real model (the library was built with the quick one)
    long_ones = [s.id for s in rows if 900 <= s.words <= 1100
                 and not library.cache.path(s.id, model_version).exists()][:10]
    computed, stored, seen = [], [], []
    for article_id in long_ones[:10]:
        t = time.perf_counter()
        library.get(article_id)
        library.annotation(article_id)
        computed.append(time.perf_counter() - t)
    fresh = Library.open(folder, seed=False, annotator=REAL)  # empty in-memory caches
    for article_id in long_ones[:10]:
        t = time.perf_counter()
        fresh.get(article_id)
        fresh.annotation(article_id)
        stored.append(time.perf_counter() - t)
        t = time.perf_counter()
        fresh.get(article_id)
        fresh.annotation(article_id)
        seen.append(time.perf_counter() - t)
    if long_ones:
        result["unseen_computed_ms"] = _ms(statistics.median(computed))
        result["unseen_stored_ms"] = _ms(statistics.median(stored))
        result["seen_ms"] = _ms(statistics.median(seen))

    backup = library.dump_user_data()
    target = rows[0].id
    result["note_ms"] = _ms(_median_of(lambda: library.add_note(target, Anchor(0, 10, "x"), "a note"), 30))
    with library.user.transaction() as txn:  # grow to 2,000 notes in one write
        bulk = [Document(_bulk_note(target), doc_id=f"bulk{n}") for n in range(2000 - len(txn.notes()))]
        txn.db.table("notes").insert_multiple(bulk)
    result["note_2000_ms"] = _ms(_median_of(lambda: library.add_note(target, Anchor(0, 10, "x"), "a note"), 30))
    result["note_2000_rewrite_ms"] = _whole_file_rewrite_ms(library)
    library.restore_user_data(backup)
    return result


def _bulk_note(article_id: str) -> dict[str, object]:
    return {"article_id": article_id, "anchor": {"start": 0, "end": 5, "exact": "Hello", "prefix": "",
            "suffix": "", "kind": "selection"}, "text": "note text " * 10, "created_at": 1.0,
            "updated_at": 1.0, "highlight": False, "orphaned": False}


def _whole_file_rewrite_ms(library) -> float:  # type: ignore[no-untyped-def]
    """The simpler design, for comparison: plain TinyDB on AtomicJSONStorage (the whole file
    re-read and atomically rewritten per note, under the lock), with the same tables."""
    import secrets

    from tinydb import TinyDB
    from tinydb.table import Document, Table

    from reader.store.storage import AtomicJSONStorage

    class StrTable(Table):
        document_id_class = str

    class PlainDB(TinyDB):
        table_class = StrTable

    with tempfile.TemporaryDirectory() as tmp:
        storage_path = Path(tmp) / "user.json"
        AtomicJSONStorage(storage_path).write(library.user.storage.read())
        db = PlainDB(storage_path, storage=AtomicJSONStorage)
        notes = db.table("notes", cache_size=0)
        doc = _bulk_note("x")

        def save() -> None:
            with library.user.lock.held():
                notes.insert(Document(doc, doc_id=secrets.token_hex(8)))

        return _ms(_median_of(save, 30))


def measure_import(count: int, workers: int | None) -> dict[str, float]:
    """Real-pipeline import rate into an empty library (pool start-up included)."""
    import gen_library
    from reader.library import Library

    with tempfile.TemporaryDirectory() as tmp:
        articles = list(gen_library.generate_articles(count, seed=99))
        library = Library.open(Path(tmp) / "lib", seed=False, annotator=REAL)
        ticks: list[tuple[float, int]] = []
        started = time.perf_counter()
        report = library.add_many(articles, workers=workers,
                                  progress=lambda done: ticks.append((time.perf_counter(), done)))
        elapsed = time.perf_counter() - started
        # after the workers have started and loaded the model
        first = next(((t, n) for t, n in ticks if n > 0), (started, 0))
        steady = (len(articles) - first[1]) / max(1e-9, ticks[-1][0] - first[0])
        quick = Library.open(Path(tmp) / "quick", seed=False, annotator=gen_library.QUICK_ANNOTATOR)
        started = time.perf_counter()
        quick.add_many(articles, workers=workers)
        storage_only = time.perf_counter() - started
    return {"import_per_s": len(report.added) / elapsed, "steady_per_s": steady, "storage_per_s": count / storage_only,
            "import_words": statistics.median(a.word_count for a in articles)}


# --------------------------------------------------------------------------
# driver
# --------------------------------------------------------------------------


def _child(*args: str) -> dict[str, float]:
    out = subprocess.run([sys.executable, __file__, *args], check=True, capture_output=True, text=True, cwd=REPO)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _library_for(size: int, root: Path) -> tuple[Path, float | None]:
    import gen_library

    folder = root / f"lib-{size}"
    if (folder / "index.json").exists() or (folder / "index.log").exists():
        return folder, None
    shutil.rmtree(folder, ignore_errors=True)
    return folder, gen_library.build_library(folder, size)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated library sizes")
    parser.add_argument("--runs", type=int, default=3, help="fresh processes per size (median)")
    parser.add_argument("--keep", type=Path, help="keep generated libraries here and reuse them")
    parser.add_argument("--import-count", type=int, default=1000, help="articles for the import-rate row")
    parser.add_argument("--workers", type=int, help="import processes (default: one per core)")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--measure-import", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure)))
        return 0
    if args.measure_import:
        print(json.dumps(measure_import(args.measure_import, args.workers)))
        return 0

    sizes = [int(s) for s in args.sizes.split(",")]
    root = args.keep or Path(tempfile.mkdtemp(prefix="reader-bench-"))
    root.mkdir(parents=True, exist_ok=True)
    print(f"# reader library benchmark  ({platform.python_version()}, {os.cpu_count()} cores, "
          f"{platform.machine()}, {time.strftime('%Y-%m-%d %H:%M')})")
    print(f"# command: {' '.join([Path(sys.executable).name, 'benchmarks/bench_library.py', *sys.argv[1:]])}")
    print(f"# libraries in {root}; medians of {args.runs} fresh processes\n")
    results: dict[int, dict[str, float]] = {}
    for size in sizes:
        folder, build = _library_for(size, root)
        if build is not None:
            print(f"built {size:,} articles in {build:.1f} s ({size / build:,.0f}/s, quick annotator)", flush=True)
        runs = [_child("--measure", str(folder)) for _ in range(args.runs)]
        results[size] = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
    imported = _child("--measure-import", str(args.import_count), *(["--workers", str(args.workers)] if args.workers else []))

    head = f"{'measure':<52}" + "".join(f"{f'{s:,} articles':>18}{'target':>9}" for s in sizes)
    print()
    print(head)
    print("-" * len(head))
    for key, label, t10, t100, unit in ROWS:
        line = f"{label:<52}"
        for size in sizes:
            value = results[size].get(key)
            target = t10 if size <= 10_000 else t100
            shown = "n/a" if value is None else f"{value:,.1f} {unit}"
            line += f"{shown:>18}{'≤ ' + str(target):>9}"
        print(line)
    print(f"{'import, real annotation (median ' + str(int(imported['import_words'])) + ' words)':<52}"
          f"{imported['import_per_s']:>15,.0f} /s{'≥ 200':>9}   ({args.import_count} articles, empty library)")
    print(f"{'  the same, once the workers have loaded the model':<52}{imported['steady_per_s']:>15,.0f} /s{'≥ 200':>9}")
    print(f"{'import, storage only (quick annotator)':<52}{imported['storage_per_s']:>15,.0f} /s")
    if not args.keep:
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
