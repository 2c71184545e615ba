"""Speed of full-text search on a large library.

    .venv/bin/python benchmarks/bench_search.py [--articles 10000] [--runs 15] [--keep DIR]

Builds a library of synthetic news articles (Zipf-distributed vocabulary,
people, quotes; a cheap regex stands in for the language pipeline so the
build takes a minute, not an hour) in a temporary folder, or reuses DIR
with --keep. Then reports the median of warm queries of each kind (the FTS5 index is
built as articles are stored: nothing to build or load; the first search of
a fresh process is measured by ``bench_library.py``). Target: ≤ 20 ms.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from reader.domain import Anchor, Annotation, Article, Figure, Paragraph, Quote  # noqa: E402

MODEL_VERSION = "bench-search-1"
QUERY_TARGET_MS = 20.0

FIRST = ["Mike", "Theresa", "Robert", "Angela", "Emmanuel", "Xi", "Justin", "Jacinda", "Nancy", "Boris",
         "Vladimir", "Shinzo", "Narendra", "Jair", "Recep", "Moon", "Kim", "Scott", "Cyril", "Andres"]
LAST = ["Pompeo", "May", "Lighthizer", "Merkel", "Macron", "Jinping", "Trudeau", "Ardern", "Pelosi", "Johnson",
        "Putin", "Abe", "Modi", "Bolsonaro", "Erdogan", "Jae", "Jong", "Morrison", "Ramaphosa", "Obrador"]
SOURCES = ["Reuters", "AP", "AFP", "BBC", "Bloomberg"]
PLACES = ["WASHINGTON", "LONDON", "BEIJING", "PARIS", "BERLIN", "TOKYO", "MOSCOW", "DELHI"]


def make_vocabulary(rng: random.Random, size: int = 20000) -> list[str]:
    letters = "abcdefghijklmnoprstuvwy"
    words = {"".join(rng.choice(letters) for _ in range(rng.randint(3, 10))) for _ in range(size * 2)}
    return sorted(words)[:size]


def make_articles(n: int, seed: int = 7) -> list[Article]:
    from reader.articles import article_id

    rng = random.Random(seed)
    vocab = make_vocabulary(rng)
    weights = [1.0 / (rank + 1) for rank in range(len(vocab))]  # Zipf
    people = [f"{first} {last}" for first, last in zip(FIRST, LAST)]
    articles = []
    for i in range(n):
        cast = rng.sample(people, 3)
        paragraphs_text = []
        for p in range(rng.randint(6, 10)):
            words = rng.choices(vocab, weights, k=rng.randint(30, 60))
            sentence = " ".join(words).capitalize() + "."
            if p % 3 == 1:
                who = rng.choice(cast)
                quote = " ".join(rng.choices(vocab, weights, k=12)).capitalize()
                sentence += f" “{quote},” {who} said."
            elif p % 3 == 2:
                sentence = f"{rng.choice(cast)} {sentence[0].lower()}{sentence[1:]}"
            paragraphs_text.append(sentence)
        place = rng.choice(PLACES)
        source = rng.choice(SOURCES)
        paragraphs_text[0] = f"{place} ({source}) - {paragraphs_text[0]}"
        body = "\n\n".join(paragraphs_text) + f"\n\nStory number {i}."
        spans, at = [], 0
        for block in body.split("\n\n"):
            spans.append(Paragraph(at, at + len(block)))
            at += len(block) + 2
        title = " ".join(rng.choices(vocab, weights, k=7)).capitalize() + f" says {cast[0].split()[-1]}"
        date = f"20{rng.randint(15, 24)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        articles.append(Article(article_id(body), title, body, source=source, place=place.title(),
                                date=date, origin="bench", paragraphs=spans))
    return articles


_NAME = re.compile(r"\b(" + "|".join(FIRST) + r") (" + "|".join(LAST) + r")\b")
_QUOTE = re.compile(r"“([^”]+)” ([A-Z]\w+ [A-Z]\w+) said")


def annotate(text: str) -> Annotation:
    """The stand-in language pipeline (loaded by the library as __main__:annotate)."""
    figures: dict[str, Figure] = {}
    for m in _NAME.finditer(text):
        figures.setdefault(m.group(0), Figure(m.group(0), None)).mentions.append(m.span())
    quotes = [Quote(m.start(), m.start(1) + len(m.group(1)) + 1, f"“{m.group(1)}”", m.group(2)) for m in _QUOTE.finditer(text)]
    return Annotation([], list(figures.values()), quotes)


def median_ms(fn: Callable[[], object], runs: int, before: Callable[[], object] | None = None) -> float:
    times = []
    for _ in range(runs):
        if before is not None:
            before()
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--keep", type=Path, help="build the library here once and reuse it")
    args = parser.parse_args()

    from reader.library import Library
    from reader.search import search

    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench-search-"))
    library = Library.open(folder, seed=False, annotator="__main__:annotate")
    rows: list[tuple[str, float, str]] = []
    if len(library.summaries()) < args.articles:
        t0 = time.perf_counter()
        library.add_many(make_articles(args.articles), workers=1)
        print(f"built a library of {len(library.summaries()):,} articles in {time.perf_counter() - t0:.1f} s "
              f"in {folder}", file=sys.stderr)
    n = len(library.summaries())
    library.set_user_state("bench_search_last_run", time.time())  # the user file in today's format
    some = library.summaries()[:40]
    if len(library.notes()) < 40:
        for s in some:
            library.add_note(s.id, Anchor(0, 0, kind="article"), "remember to check the figures in this one")
        for s in some[:10]:
            library.toggle_bookmark(s.id)

    vocab = make_vocabulary(random.Random(7))
    queries = {
        "common word": vocab[0],
        "rare word": vocab[5000],
        "two words (AND)": f"{vocab[3]} {vocab[40]}",
        "three words": f"{vocab[1]} {vocab[10]} {vocab[100]}",
        "phrase": f'"{vocab[0]} {vocab[1]}"',
        "person filter": "person:Pompeo",
        "word + person + source": f"{vocab[20]} person:Merkel source:Reuters",
        "exclusion": f"{vocab[30]} -{vocab[300]}",
        "has:notes": "has:notes",
        "note text": "remember figures",
    }
    for label, query in queries.items():
        count = len(search(library, query))
        ms = median_ms(lambda q=query: search(library, q), args.runs)
        rows.append((f"query: {label} ({count} hits)", ms, f"≤ {QUERY_TARGET_MS:.0f}"))
    library.close()

    print(f"\nSearch on {n:,} articles (FTS5 in library.db); medians of {args.runs} runs\n")
    width = max(len(r[0]) for r in rows)
    print(f"{'what':<{width}}  {'median ms':>10}  target ms")
    for label, ms, target in rows:
        print(f"{label:<{width}}  {ms:>10.1f}  {target}")
    print(f"\nreproduce: .venv/bin/python benchmarks/bench_search.py --articles {args.articles} --runs {args.runs}")


if __name__ == "__main__":
    main()
