"""Library scale benchmark: the issue-13 table, measured.

    .venv/bin/python benchmarks/bench_library.py --sizes 100000 --keep /tmp/rbench   # builds once, reuses
    .venv/bin/python benchmarks/bench_library.py --sizes 100000,1000000 --keep /tmp/rbench --runs 5

For each size a synthetic library is generated with ``tools/gen_library.py``
(quick stand-in annotator; ``--cheap`` for 1M: the same generator written
straight into the database in big transactions) into ``--keep DIR`` (reused
on later runs) or a temporary folder. Each figure is measured in ``--runs``
fresh processes and the median printed beside its target: open to summaries
ready (first screen of rows fetched), first search of a process, every search
(median and p95 over a fixed mix of queries), filter-as-you-type keystrokes,
disk, resident memory, note saves, and the import rate with the real
``reader.nlp`` pipeline and storage alone. The import's CPU time per article
(its processes, workers included) is printed too, with the rate it allows on
free cores: on this shared machine the wall-clock rate mostly measures the
neighbours. Nothing is asserted: it prints a table.
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
CHEAP_WORDS = 150  # words per article in the 1,000,000-article set (building it must take minutes)
QUERIES = ("minister", "kern said", "reuters", "budget", "tanaka")
SEARCHES = ("minister", "budget talks", '"interest rates"', "person:tanaka", "source:reuters pensions",
            "strike -rail", "tariff*", "ceasefire negotiations parliament", "kern", "has:notes")

# (key, label, target at 100k, target at 1M, unit)
ROWS = (
    ("open_ms", "library open to summaries ready", "≤ 100", "≤ 200", "ms"),
    ("build_index_s", "build the search index", "none", "none", "s"),
    ("first_search_ms", "first search of a process", "≤ 80", "≤ 200", "ms"),
    ("search_ms", "every search, median", "≤ 20", "≤ 20", "ms"),
    ("search_p95_ms", "every search, p95", "≤ 60", "≤ 100", "ms"),
    ("keystroke_ms", "filter-as-you-type, one keystroke (median)", "—", "—", "ms"),
    ("keystroke_max_ms", "filter-as-you-type, slowest keystroke", "≤ 30", "≤ 100", "ms"),
    ("disk_mb", "disk: library.db (+ WAL)", "≤ 676", "—", "MB"),
    ("rss_mb", "resident memory, library open + list + search", "≤ 120", "≤ 200", "MB"),
    ("seen_ms", "open an article seen before", "≤ 10", "≤ 10", "ms"),
    ("stored_ms", "open an article, annotation stored", "≤ 80", "≤ 80", "ms"),
    ("note_ms", "save a note, durable", "≤ 20", "≤ 20", "ms"),
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


class _Clock:
    """Wall and CPU time of one step: the machine is shared, so CPU time says what the code
    costs and wall time what a user waits under the load of the moment."""

    def __enter__(self) -> _Clock:
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall = time.perf_counter() - self.wall
        self.cpu = time.process_time() - self.cpu


def measure(folder: Path) -> dict[str, float]:
    from reader.domain import Anchor

    with _Clock() as opening:
        from reader.library import Library

        library = Library.open(folder, seed=False, annotator=REAL)
        rows = library.summaries()
        first_screen = rows[:60]  # what the TUI shows first
    result = {"open_ms": _ms(opening.wall), "open_cpu_ms": _ms(opening.cpu), "articles": len(rows),
              "build_index_s": 0.0}

    with _Clock() as first:
        library.search("minister")
    result["first_search_ms"], result["first_search_cpu_ms"] = _ms(first.wall), _ms(first.cpu)
    walls, cpus = [], []
    for _ in range(3):
        for query in SEARCHES:
            with _Clock() as one:
                library.search(query)
            walls.append(one.wall)
            cpus.append(one.cpu)
    walls.sort()
    cpus.sort()
    result["search_ms"], result["search_cpu_ms"] = _ms(statistics.median(walls)), _ms(statistics.median(cpus))
    result["search_p95_ms"] = _ms(walls[int(len(walls) * 0.95) - 1])
    result["search_p95_cpu_ms"] = _ms(cpus[int(len(cpus) * 0.95) - 1])

    keystrokes: list[tuple[float, float]] = []
    for query in QUERIES:
        for end in range(1, len(query) + 1):
            with _Clock() as key:
                shown = library.filter(query[:end])
                len(shown), shown[:60]  # what the list asks: the count and one screen of rows
            keystrokes.append((key.wall, key.cpu))
    result["keystroke_ms"] = _ms(statistics.median(k[0] for k in keystrokes))
    result["keystroke_cpu_ms"] = _ms(statistics.median(k[1] for k in keystrokes))
    result["keystroke_max_ms"] = _ms(max(k[0] for k in keystrokes))
    result["keystroke_max_cpu_ms"] = _ms(max(k[1] for k in keystrokes))
    result["disk_mb"] = sum(p.stat().st_size for p in folder.glob("library.db*")) / 1e6

    result["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # before the language model

    import gen_library

    # the library was annotated by the quick stand-in: opened with it, its annotations are the
    # stored ones (with the real pipeline they would be recomputed, as after a model upgrade)
    reading = Library.open(folder, seed=False, annotator=gen_library.QUICK_ANNOTATOR)
    some = [s.id for s in first_screen[:10]]
    stored, seen = [], []
    for article_id in some:
        t = time.perf_counter()
        reading.get(article_id)
        reading.annotation(article_id)
        stored.append(time.perf_counter() - t)
        t = time.perf_counter()
        reading.get(article_id)
        reading.annotation(article_id)
        seen.append(time.perf_counter() - t)
    result["stored_ms"] = _ms(statistics.median(stored))
    result["seen_ms"] = _ms(statistics.median(seen))
    backup = library.dump_user_data()
    result["note_ms"] = _ms(_median_of(lambda: library.add_note(some[0], Anchor(0, 10, "x"), "a note"), 20))
    library.restore_user_data(backup, replace=True)
    return result


def _bulk_note(article_id: str) -> dict[str, object]:
    return {"article_id": article_id, "anchor": {"start": 0, "end": 5, "exact": "Hello", "prefix": "",
            "suffix": "", "kind": "selection"}, "text": "note text " * 10, "created_at": 1.0,
            "updated_at": 1.0, "highlight": False, "orphaned": False}


def measure_import(count: int, workers: int | None) -> dict[str, float]:
    """Real-pipeline import rate into an empty library (pool start-up included)."""
    import gen_library
    from reader.library import Library

    with tempfile.TemporaryDirectory() as tmp:
        articles = list(gen_library.generate_articles(count, seed=99))
        library = Library.open(Path(tmp) / "lib", seed=False, annotator=REAL)
        ticks: list[tuple[float, int]] = []
        cpu_before = _cpu_seconds()
        started = time.perf_counter()
        report = library.add_many(articles, workers=workers,
                                  progress=lambda done: ticks.append((time.perf_counter(), done)))
        elapsed = time.perf_counter() - started
        cpu = _cpu_seconds() - cpu_before  # this process and its (finished) analysis processes
        # after the workers have started and loaded the model
        first = next(((t, n) for t, n in ticks if n > 0), (started, 0))
        steady = (len(articles) - first[1]) / max(1e-9, ticks[-1][0] - first[0])
        # storage alone: the same articles, annotated beforehand, stored as add_many stores them
        from reader.library import ImportReport

        annotated = [(a, gen_library.MODEL_VERSION, gen_library.quick_annotate(a.body).to_dict()) for a in articles]
        quick = Library.open(Path(tmp) / "quick", seed=False, annotator=gen_library.QUICK_ANNOTATOR)
        started = time.perf_counter()
        for at in range(0, len(annotated), 256):
            quick._store_batch(annotated[at:at + 256], ImportReport(), False)
        storage_only = time.perf_counter() - started
    return {"import_per_s": len(report.added) / elapsed, "steady_per_s": steady, "storage_per_s": count / storage_only,
            "import_words": statistics.median(a.word_count for a in articles),
            "import_cpu_ms": cpu / max(1, len(report.added)) * 1000}


def _cpu_seconds() -> float:
    """CPU time of this process and of its children that have ended (the pool's workers, once
    ``add_many`` has shut the pool down): what an import costs whatever else the machine runs."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


# --------------------------------------------------------------------------
# driver
# --------------------------------------------------------------------------


def _as_installed() -> dict[str, str]:
    """The environment of a measuring process: with the package's bytecode compiled, as pip
    leaves an installed ``reader``. A checkout run with ``PYTHONDONTWRITEBYTECODE`` (as on
    this project's machines) would otherwise recompile every module in every process, about
    40 ms of start-up that no user pays."""
    import compileall

    compileall.compile_dir(str(REPO / "reader"), quiet=1)
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _child(*args: str) -> dict[str, float]:
    out = subprocess.run([sys.executable, __file__, *args], check=True, capture_output=True, text=True, cwd=REPO,
                         env=_as_installed())
    return json.loads(out.stdout.strip().splitlines()[-1])


def _library_for(size: int, root: Path) -> tuple[Path, float | None]:
    import gen_library

    folder = root / f"lib-{size}"
    if (folder / "library.db").exists():
        return folder, None
    shutil.rmtree(folder, ignore_errors=True)
    if size > 200_000:  # the 1M set: pooled articles of CHEAP_WORDS words (see build_library_cheap)
        return folder, gen_library.build_library_cheap(folder, size, words=CHEAP_WORDS)
    return folder, gen_library.build_library(folder, size, workers=1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated library sizes")
    parser.add_argument("--runs", type=int, default=3, help="fresh processes per size (median)")
    parser.add_argument("--keep", type=Path, help="keep generated libraries here and reuse them")
    parser.add_argument("--import-count", type=int, default=1000, help="articles for the import-rate row")
    parser.add_argument("--workers", type=int, help="import processes (default: one per core)")
    parser.add_argument("--import-only", action="store_true", help="only the import rows (no libraries built)")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--measure-import", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure)))
        return 0
    if args.measure_import:
        print(json.dumps(measure_import(args.measure_import, args.workers)))
        return 0

    sizes = [] if args.import_only else [int(s) for s in args.sizes.split(",")]
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
    imports = [_child("--measure-import", str(args.import_count), *(["--workers", str(args.workers)] if args.workers else []))
               for _ in range(args.runs)]
    imported = {k: statistics.median(r[k] for r in imports) for k in imports[0]}
    spread = f"{min(r['import_per_s'] for r in imports):,.0f}-{max(r['import_per_s'] for r in imports):,.0f}"

    load = os.getloadavg()
    head = f"{'measure (wall; cpu in brackets)':<48}" + "".join(f"{f'{s:,} articles':>26}{'target':>9}" for s in sizes)
    print()
    print(head)
    print("-" * len(head))
    for key, label, t100, t1m, unit in ROWS if sizes else ():
        line = f"{label:<48}"
        for size in sizes:
            value = results[size].get(key)
            cpu = results[size].get(key.replace("_ms", "_cpu_ms")) if key.endswith("_ms") else None
            target = t100 if size <= 100_000 else t1m
            shown = "n/a" if value is None else f"{value:,.1f} {unit}" + (f" ({cpu:,.0f} cpu)" if cpu is not None else "")
            line += f"{shown:>26}{target:>9}"
        print(line)
    print(f"{'import, real annotation, 2 processes (median ' + str(int(imported['import_words'])) + ' words)':<48}"
          f"{imported['import_per_s']:>15,.0f} /s{'≥ 250':>9}   ({args.import_count} articles, empty library;"
          f" {args.runs} runs: {spread})")
    print(f"{'  the same, once the workers have loaded the model':<48}{imported['steady_per_s']:>15,.0f} /s")
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    print(f"{'  CPU per article (workers, their start, storing)':<48}{imported['import_cpu_ms']:>15,.1f} ms"
          f"   (= {cores * 1000 / imported['import_cpu_ms']:,.0f} /s on {cores} free cores)")
    print(f"{'import, storage alone (annotated beforehand)':<48}{imported['storage_per_s']:>15,.0f} /s")
    print(f"\nload average during the run: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} (2 cores, shared)")
    if not args.keep:
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
