"""Prove that a speed-up changed nothing: a digest of every annotation of a fixed corpus.

    python tools/check_annotations.py record /tmp/annotations-main.json --reader /work/main
    python tools/check_annotations.py check /tmp/annotations-main.json      # this checkout
    python tools/check_annotations.py check /tmp/annotations-main.json --show 3   # diff the first 3

``record`` annotates the corpus with the ``reader`` package of ``--reader``
(a checkout; default this one) and writes one SHA-256 per document of
``annotate(text).to_dict()`` (canonical JSON); ``check`` annotates it with
this checkout and lists every document whose digest differs. The corpus:

* the seed articles (``seeds/``, as files and as the loader's bodies);
* every CoNLL-2003 eng.testa document, laid out one sentence per line and as
  paragraphs (``reader/nlp/detokenize.py``);
* PolNeAR dev (as written, British-restyled and one sentence per line) and
  every fourth PolNeAR train article;
* 200 articles of ``tools/gen_library.py`` (the import benchmark's seed);
* a few hostile texts built here (runs that once made the tokenizer
  quadratic, CRLF, no line breaks, odd Unicode).

Digests are written outside the repository: never commit corpus text or
annotations derived from it. Documents from ``../shared`` are skipped (and
said so) when it is absent.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing
import sys
import time
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TOOLS = REPO / "tools"
SHARED = REPO.parent / "shared"
TESTA = SHARED / "data" / "conll2003" / "eng.testa"
POLNEAR = SHARED / "data" / "polnear"
GENERATED = 200
GENERATED_SEED = 99  # benchmarks/bench_library.py's measure_import
TRAIN_EVERY = 4


def _hostile() -> Iterator[tuple[str, str]]:
    yield "hostile/empty", ""
    yield "hostile/blank", " \n\n \t\n"
    yield "hostile/dots", ".a" * 4000
    yield "hostile/initials", "A. " * 3000 + "Smith said."
    yield "hostile/quotes", "\u201c" * 500 + "x" + "\u201d" * 500 + ' "' * 400
    yield "hostile/apostrophes", "rock \u2019n\u2019 roll o\u2019clock the players\u2019 union \u201990s " * 200
    yield "hostile/oneline", " ".join(
        f"\u201cWe will act,\u201d said Minister Anna Kern{n}. Mr. Boris Smith of Acme Corp. disagreed." for n in range(400)
    )
    yield "hostile/unicode", "Caf\u00e9 \u00dcber \u0130stanbul \u03a3\u03b5\u03bb \u4e2d\u6587 \U0001f600 Ren\u00e9e O\u2019Neill said \u201cok\u201d.\n" * 50
    yield "hostile/caps", "BREAKING NEWS - PRESIDENT SMITH SAYS \u201cNO\u201d TO TALKS\n\n" * 30


def corpus() -> Iterator[tuple[str, str]]:
    """(name, text) of every document, in a fixed order."""
    for path in sorted((REPO / "seeds").iterdir()):
        raw = path.read_text(encoding="utf-8")
        yield f"seed/{path.name}", raw
        yield f"seed-crlf/{path.name}", raw.replace("\n", "\r\n")
        from reader.articles.load import load_path

        for n, article in enumerate(load_path(path)):
            yield f"seed-body/{path.name}/{n}", article.body
    if TESTA.is_file():
        from conll import read_conll

        from reader.nlp.detokenize import detokenize, detokenize_lines

        for n, doc in enumerate(read_conll(TESTA)):
            sentences = [[word for word, _ in sentence] for sentence in doc]
            yield f"testa-lines/{n}", detokenize_lines(sentences)
            yield f"testa-text/{n}", detokenize(sentences)
    else:
        print(f"skipped eng.testa: {TESTA} is absent", file=sys.stderr)
    if POLNEAR.is_dir():
        import polnear
        from eval_polnear import restyle_british, restyle_lines

        for article in polnear.read_split("dev"):
            yield f"polnear-dev/{article.name}", article.text
            yield f"polnear-dev-british/{article.name}", restyle_british(article.text)
            yield f"polnear-dev-lines/{article.name}", restyle_lines(article.text)
        for article in polnear.read_split("train")[::TRAIN_EVERY]:
            yield f"polnear-train/{article.name}", article.text
    else:
        print(f"skipped PolNeAR: {POLNEAR} is absent", file=sys.stderr)
    import gen_library

    for n, article in enumerate(gen_library.generate_articles(GENERATED, seed=GENERATED_SEED)):
        yield f"generated/{n}", article.body
    yield from _hostile()


def digest(text: str) -> str:
    from reader.nlp import annotate

    data = annotate(text).to_dict()
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


def _digest_item(item: tuple[str, str]) -> tuple[str, str]:
    return item[0], digest(item[1])


def _use_reader(checkout: Path) -> None:
    sys.path[:0] = [str(checkout.resolve()), str(TOOLS)]


def annotate_all(workers: int) -> dict[str, str]:
    docs = list(corpus())
    names = [n for n, _ in docs]
    if len(set(names)) != len(names):
        raise SystemExit("duplicate document names in the corpus")
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        return dict(pool.imap(_digest_item, docs, chunksize=4))


def annotation_of(name: str) -> dict:
    from reader.nlp import annotate

    text = dict(corpus())[name]
    return annotate(text).to_dict()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("action", choices=("record", "check"))
    parser.add_argument("digests", type=Path, help="the digest file (outside the repository)")
    parser.add_argument("--reader", type=Path, default=REPO, help="checkout whose reader package annotates")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--show", type=int, default=0, help="print the first N differing annotations (check)")
    args = parser.parse_args()
    if args.digests.resolve().is_relative_to(REPO):
        raise SystemExit("write digests outside the repository")
    _use_reader(args.reader)
    import reader.nlp

    started = time.perf_counter()
    digests = annotate_all(args.workers)
    elapsed = time.perf_counter() - started
    version = reader.nlp.MODEL_VERSION
    where = Path(reader.nlp.__file__).resolve().parent.parent.parent
    print(f"{len(digests)} documents annotated by {where} ({version}) in {elapsed:.1f} s")
    if args.action == "record":
        args.digests.write_text(json.dumps({"model_version": version, "digests": digests}, indent=0))
        print(f"recorded {args.digests}")
        return 0
    recorded = json.loads(args.digests.read_text())
    old = recorded["digests"]
    missing = sorted(set(old) ^ set(digests))
    differ = [n for n in old if n in digests and old[n] != digests[n]]
    if recorded["model_version"] != version:
        print(f"note: model version {recorded['model_version']} recorded, {version} now")
    for name in missing:
        print(f"only in one run: {name}")
    for name in differ:
        print(f"DIFFERS: {name}")
    for name in differ[: args.show]:
        print(f"--- {name}")
        print(json.dumps(annotation_of(name), sort_keys=True, ensure_ascii=False)[:4000])
    if missing or differ:
        print(f"{len(differ)} of {len(old)} annotations differ, {len(missing)} documents missing")
        return 1
    print(f"all {len(old)} annotations identical")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
