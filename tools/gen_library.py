"""Generate synthetic news articles, as text files or as a ready library.

For the scale benchmarks (1,000 / 10,000 / 100,000 articles): bodies have
news-like lengths (log-normal around ~550 words), a dateline, paragraphs,
direct quotes attributed to named people, titles, sources and dates. Nothing
generated belongs in the repository: always write to a folder outside it.

    python tools/gen_library.py OUT --count 10000                 # OUT/000/00000.txt ... (seed format)
    python tools/gen_library.py OUT --count 10000 --library       # OUT is a reader data dir
    python tools/gen_library.py OUT --count 1000 --library --annotator real   # with reader.nlp

``--library`` uses :func:`quick_annotate` by default (regex quotes and
capitalised names, ~1 ms): the pipeline's own speed is measured elsewhere,
this only has to fill the counts and people a real import would.
"""

from __future__ import annotations

import argparse
import math
import random
import re
import sys
import time
from collections.abc import Iterator
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `reader` importable from the checkout
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reader.domain import Annotation, Article, Figure, Paragraph, Quote  # noqa: E402

MODEL_VERSION = "synthetic-quick-1"
QUICK_ANNOTATOR = "gen_library:quick_annotate"  # importable by pool workers: tools/ is on sys.path

FIRST = ("Anna Boris Clara David Elena Farid Grace Hiro Ines Jamal Karin Luis Maria Nikolai Olga Pedro "
         "Qiang Rosa Samir Tanya Umar Vera Walter Ximena Yusuf Zara Emmanuel Angela Joe Narendra Jacinda "
         "Olaf Giorgia Pedro Cyril Fumio Justin Mette Sanna Recep Mohammed Ursula Antonio Kamala Rishi").split()
LAST = ("Smith Kern Diaz Volkov Lund Haddad Okafor Tanaka Moreau Silva Novak Schmidt Rossi Ivanova Kowalski "
        "Nguyen Haddad Petrov Costa Fischer Jensen Lopez Murphy Oduya Park Quinn Richter Santos Tran Weber "
        "Yilmaz Zhang Macron Merkel Biden Modi Ardern Scholz Meloni Sanchez Ramaphosa Kishida Trudeau").split()
TITLES = ("President|Prime Minister|Finance Minister|Secretary of State|spokeswoman|spokesman|"
          "chief executive|analyst|senator|mayor|General|economist|Foreign Minister").split("|")
PLACES = ("WASHINGTON LONDON PARIS BERLIN TOKYO BEIJING MOSCOW NAIROBI LAGOS BRASILIA OTTAWA CANBERRA "
          "ROME MADRID WARSAW KYIV ANKARA CAIRO DELHI SEOUL JAKARTA MEXICO").split()
SOURCES = ("Reuters", "AP", "AFP", "BBC", "Bloomberg", "DPA", "Kyodo", "Xinhua")
WORDS = ("the government said on Tuesday that talks with unions would resume next week after a "
         "long dispute over pay and pensions officials warned of further delays to the budget while "
         "markets rose sharply in early trading investors welcomed the central bank decision to hold "
         "interest rates steady the ministry of defence confirmed troops had been moved to the border "
         "region amid rising tension critics say the plan does not go far enough to address climate "
         "change and energy prices inflation slowed for a third month in a row according to data "
         "released by the statistics office election campaign opposition leaders accused the coalition "
         "of failing voters hospital staff strike rail network flooding drought harvest exports tariffs "
         "sanctions ceasefire negotiations parliament vote court ruling appeal investigation report "
         "company shares profit losses jobs factory workers wages housing rents schools students").split()
VERBS = ("said", "told reporters", "said in a statement", "added", "told Reuters", "said on Wednesday")


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def _sentence(rng: random.Random, lo: int = 8, hi: int = 24) -> str:
    words = rng.choices(WORDS, k=rng.randint(lo, hi))
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def article_length(rng: random.Random) -> int:
    """Words per article: log-normal, median ~550, clipped to 80..2500."""
    return int(min(2500, max(80, rng.lognormvariate(math.log(550), 0.5))))


class _Pool:
    """Pre-made sentences, so 100,000 articles take seconds, not minutes, to invent."""

    def __init__(self, rng: random.Random, size: int = 4000) -> None:
        self.sentences = [_sentence(rng) for _ in range(size)]
        self.quotes = [_sentence(rng, 6, 18)[:-1] for _ in range(size)]


def generate_text(rng: random.Random, words: int | None = None, pool: _Pool | None = None) -> tuple[str, dict[str, str]]:
    """One article in the seed format (metadata on the same line as the dateline)."""
    pool = pool or _Pool(rng, 200)
    target = words or article_length(rng)
    people = [_name(rng) for _ in range(rng.randint(2, 6))]
    mentioned: set[str] = set()
    paragraphs: list[str] = []
    count = 0
    while count < target:
        if rng.random() < 0.35:
            speaker = rng.choice(people)
            who = speaker if speaker in mentioned else f"{rng.choice(TITLES)} {speaker}"
            mentioned.add(speaker)
            said = rng.choice(pool.quotes)
            if rng.random() < 0.3:
                paragraph = f"{who} {rng.choice(VERBS)}: “{said}.”"
            else:
                paragraph = f"“{said},” {who} {rng.choice(VERBS)}."
        else:
            paragraph = " ".join(rng.choices(pool.sentences, k=rng.randint(1, 3)))
            if rng.random() < 0.3:
                paragraph += f" {rng.choice(people)} was not available for comment."
        paragraphs.append(paragraph)
        count += paragraph.count(" ") + 1
    meta = {
        "date": f"{rng.randint(2015, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        "place": rng.choice(PLACES),
        "source": rng.choice(SOURCES),
        "title": " ".join(rng.choices(WORDS, k=rng.randint(5, 11))).capitalize()
        + f" as {rng.choice(people).split()[1]} {rng.choice(VERBS).split()[0]}",
    }
    body = f"{meta['place']} ({meta['source']}) - " + "\n\n".join(paragraphs) + "\n"
    return body, meta


def generate_articles(count: int, *, seed: int = 1, words: int | None = None) -> Iterator[Article]:
    from reader.articles import article_id

    rng = random.Random(seed)
    pool = _Pool(rng)
    for n in range(count):
        body, meta = generate_text(rng, words, pool)
        spans, start = [], 0
        for part in body.split("\n\n"):
            spans.append(Paragraph(start, start + len(part)))
            start += len(part) + 2
        yield Article(
            id=article_id(body), title=meta["title"], body=body, source=meta["source"],
            place=meta["place"].title(), date=meta["date"], origin=f"synthetic:{seed}:{n}", paragraphs=spans,
        )


_QUOTE = re.compile(r"“[^”]{1,2000}”")
_NAME = re.compile(r"\b(?:[A-Z][a-z]+ ){1,2}[A-Z][a-z]+\b")


def quick_annotate(text: str) -> Annotation:
    """A fast stand-in for reader.nlp.annotate: curly quotes, capitalised multi-word names."""
    figures: dict[str, Figure] = {}
    for match in _NAME.finditer(text):
        figures.setdefault(match.group(0), Figure(match.group(0), None)).mentions.append(match.span())
    quotes = [Quote(m.start(), m.end(), m.group(0), None) for m in _QUOTE.finditer(text)]
    return Annotation(entities=[], figures=list(figures.values()), quotes=quotes)


def write_files(out: Path, count: int, *, seed: int = 1, words: int | None = None) -> int:
    """``out/NNN/NNNNN.txt`` (1,000 per folder) in the seed format."""
    rng = random.Random(seed)
    pool = _Pool(rng)
    for n in range(count):
        body, meta = generate_text(rng, words, pool)
        folder = out / f"{n // 1000:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        header = f"date {meta['date']} "
        (folder / f"{n:06d}.txt").write_text(header + body, encoding="utf-8")
    return count


def build_library(out: Path, count: int, *, seed: int = 1, annotator: str = QUICK_ANNOTATOR,
                  workers: int | None = None, words: int | None = None) -> float:
    """Import ``count`` generated articles into the reader data dir ``out``; returns seconds."""
    from reader.library import Library

    tools = str(Path(__file__).resolve().parent)
    if tools not in sys.path:
        sys.path.insert(0, tools)
    library = Library.open(out, seed=False, annotator=annotator)
    started = time.perf_counter()
    report = library.add_many(generate_articles(count, seed=seed, words=words), workers=workers)
    elapsed = time.perf_counter() - started
    if report.rejected:
        print(f"{len(report.rejected)} rejected, e.g. {report.rejected[0]}", file=sys.stderr)
    library.close()
    return elapsed


def build_library_cheap(out: Path, count: int, *, seed: int = 1, batch: int = 5000, pool: int = 20_000,
                        words: int | None = None) -> float:
    """The 1,000,000-article path (build once, keep with ``bench_library.py --keep``): ``pool``
    articles are generated and annotated, and article n is pool article n % pool with a line of
    its own appended ("Story number n.": a new id and a rare word; the annotation's offsets stay
    valid), written straight into the database in big transactions. Only generating is cheaper:
    every article is stored and indexed in full. Returns seconds."""
    from dataclasses import replace

    from reader.articles import article_id
    from reader.library import Library
    from reader.store.database import facts_of

    library = Library.open(out, seed=False, annotator=QUICK_ANNOTATOR)
    started = time.perf_counter()
    made = [(a, quick_annotate(a.body).to_dict()) for a in generate_articles(min(pool, count), seed=seed, words=words)]
    done = 0
    while done < count:
        with library.db.write() as conn:
            for n in range(done, min(done + batch, count)):
                base, annotation = made[n % len(made)]
                body = base.body + f"\nStory number {n}.\n"
                article = replace(base, id=article_id(body), body=body, origin=f"synthetic:{seed}:{n}")
                facts = facts_of(annotation)
                facts.added_at = time.time()
                library.db.insert(conn, article, facts, MODEL_VERSION, annotation)
        done = min(done + batch, count)
        print(f"\r{done:,}/{count:,}", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    library.close()
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder to write (outside the repository)")
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--words", type=int, help="fixed length instead of the realistic spread")
    parser.add_argument("--library", action="store_true", help="build a reader data dir instead of text files")
    parser.add_argument("--annotator", choices=("quick", "real"), default="quick")
    parser.add_argument("--workers", type=int)
    parser.add_argument("--cheap", action="store_true", help="with --library: bulk path for 1M articles")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    if args.library:
        spec = QUICK_ANNOTATOR if args.annotator == "quick" else "reader.nlp:annotate"
        if args.cheap:
            build_library_cheap(args.out, args.count, seed=args.seed, words=args.words)
        else:
            build_library(args.out, args.count, seed=args.seed, annotator=spec, workers=args.workers, words=args.words)
    else:
        write_files(args.out, args.count, seed=args.seed, words=args.words)
    print(f"{args.count} articles -> {args.out} in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
