"""Speed and memory of ``reader.nlp.annotate``, end to end, on one core.

    .venv/bin/python benchmarks/bench_annotate.py [--runs 5]

Prints the median of several runs for each figure, with its target beside:
end-to-end throughput in tokens/s (tokens as ``reader.nlp.tokenize`` counts
them) on the seed article repeated into one long text and on the CoNLL
eng.testa documents (each annotated as its own article, when ../shared is
there); articles/s on those documents; the share of the time spent after the
tagger (figures, quotes, attribution: this module's layers); model load
time (the tagger's and the speaker model's); CPU per article on generated
news that is new on every run (as an import sees it); and peak memory (Python allocations while annotating, and the
process's resident peak).
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tools"))

SEED = REPO / "seeds" / "000_cb9fb861f9f8ad95.txt"
TESTA = REPO.parent / "shared" / "data" / "conll2003" / "eng.testa"
SEED_COPIES = 40


def one_core() -> str:
    if hasattr(os, "sched_setaffinity"):
        cpu = sorted(os.sched_getaffinity(0))[-1]
        os.sched_setaffinity(0, {cpu})
        return f"pinned to CPU {cpu}"
    return "not pinned (no sched_setaffinity)"


def median_seconds(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        gc.collect()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def count_tokens(texts: list[str]) -> int:
    from reader.nlp.tokenize import word_spans

    return sum(len(word_spans(t)) for t in texts)


def after_tagger(texts: list[str]) -> Callable[[], None]:
    """Only this module's layers, on entities tagged beforehand."""
    from reader.nlp.attribution import attribute
    from reader.nlp.figures import build_figures
    from reader.nlp.ner import tag_entities
    from reader.nlp.quotes import find_quotes, paragraph_spans
    from reader.nlp.tokenize import sentence_spans

    prepared = []
    for text in texts:
        sentences = sentence_spans(text)
        prepared.append((text, sentences, tag_entities(text, sentences)))

    def run() -> None:
        for text, sentences, entities in prepared:
            analysis = build_figures(text, entities)
            paragraphs = paragraph_spans(text)
            attribute(text, find_quotes(text, paragraphs), paragraphs, sentences, analysis)

    return run


def fresh_stages(runs: int) -> dict[str, float]:
    """CPU ms per fresh generated article in each stage of ``reader.nlp.pipeline.annotate``,
    run stage by stage (medians over ``runs`` runs of 200 new articles): where an import's
    annotation time goes."""
    import gen_library

    from reader.domain import Annotation
    from reader.nlp.attribution import attribute
    from reader.nlp.figures import build_figures
    from reader.nlp.ner import tag_entities
    from reader.nlp.quotes import find_quotes, paragraph_spans
    from reader.nlp.tokenize import sentence_spans

    clock = time.process_time
    names = ("sentences", "entities", "figures", "quotes", "attribution", "to_dict")
    per_run: dict[str, list[float]] = {name: [] for name in names}
    for run in range(runs):
        texts = [a.body for a in gen_library.generate_articles(200, seed=2000 + run)]
        spent = dict.fromkeys(names, 0.0)
        for text in texts:
            t0 = clock()
            sentences = sentence_spans(text)
            t1 = clock()
            entities = tag_entities(text, sentences)
            t2 = clock()
            analysis = build_figures(text, entities)
            t3 = clock()
            paragraphs = paragraph_spans(text)
            quotes = find_quotes(text, paragraphs)
            t4 = clock()
            attributed = attribute(text, quotes, paragraphs, sentences, analysis)
            t5 = clock()
            Annotation(entities=analysis.entities, figures=analysis.figures, quotes=attributed).to_dict()
            t6 = clock()
            for name, seconds in zip(names, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4, t6 - t5)):
                spent[name] += seconds
        for name in names:
            per_run[name].append(spent[name] / len(texts) * 1000)
    return {name: statistics.median(values) for name, values in per_run.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    pinned = one_core()

    from reader.nlp import annotate, gender, speakers
    from reader.nlp.ner import load_model

    # Both shipped models: the tagger's and the speaker model (with gender).
    load_times = []
    for _ in range(args.runs):
        load_model.cache_clear()
        speakers.load_model.cache_clear()
        speakers._ranker.cache_clear()
        gender.gender_of.cache_clear()
        gc.collect()
        start = time.perf_counter()
        load_model()
        speakers.ranker()
        load_times.append(time.perf_counter() - start)
    load_ms = statistics.median(load_times) * 1000

    seed = SEED.read_text(encoding="utf-8")
    corpora: list[tuple[str, list[str]]] = [(f"seed x{SEED_COPIES} (one text)", ["\n\n".join([seed] * SEED_COPIES)])]
    if TESTA.is_file():
        from eval_quotes import testa_documents

        corpora.append(("eng.testa (216 articles)", testa_documents(TESTA)))

    rows: list[tuple[str, str, str]] = [("model load (ms)", f"{load_ms:.0f}", "<= 150")]
    for name, texts in corpora:
        tokens = count_tokens(texts)
        annotate(texts[0])  # warm: model loaded, regexes compiled
        seconds = median_seconds(lambda texts=texts: [annotate(t) for t in texts], args.runs)
        own = median_seconds(after_tagger(texts), args.runs)
        rows.append((f"{name}: tokens/s end to end", f"{tokens / seconds:,.0f}", ">= 25,000"))
        if len(texts) > 1:
            rows.append((f"{name}: articles/s", f"{len(texts) / seconds:,.0f}", ">= 100 per core"))
        rows.append((f"{name}: figures+quotes+attribution share", f"{own / seconds:.0%}", "small"))

    # Fresh texts every run, as an import sees them: per-text costs that a
    # repeated text hides (re's pattern cache, the tagger's word cache) count.
    import gen_library

    per_article = []
    for run in range(args.runs):
        fresh = [a.body for a in gen_library.generate_articles(200, seed=1000 + run)]
        start = time.process_time()
        for text in fresh:
            annotate(text)
        per_article.append((time.process_time() - start) / len(fresh))
    rows.append(("generated news, 200 fresh articles a run: CPU ms/article", f"{statistics.median(per_article) * 1000:.1f}",
                 "import budget <= 8 incl. storing (issue 13)"))
    for stage, ms in fresh_stages(args.runs).items():
        rows.append((f"  of which {stage} (ms, staged run)", f"{ms:.2f}", "-"))

    big = corpora[0][1][0]
    tracemalloc.start()
    annotate(big)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rows.append((f"peak Python memory annotating {len(big) // 1024} KB (MB)", f"{peak / 2**20:.1f}", "-"))
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows.append(("process peak RSS (MB)", f"{rss:.0f}", "-"))

    width = max(len(r[0]) for r in rows)
    print(f"bench_annotate: median of {args.runs} runs, {pinned}, Python {sys.version.split()[0]}")
    print(f"{'figure':<{width}}  {'measured':>10}  target")
    for name, value, target in rows:
        print(f"{name:<{width}}  {value:>10}  {target}")
    print(f"\nreproduce: .venv/bin/python benchmarks/bench_annotate.py --runs {args.runs}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
