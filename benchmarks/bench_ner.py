"""Speed and size of the entity tagger.

    .venv/bin/python benchmarks/bench_ner.py [--runs 7]

Prints the median of several runs for each figure, with its target:
tagger tokens/s (pre-tokenized text, so the tagger alone) on the seed
article repeated and on CoNLL eng.testa (when ../shared is there), both
with the per-word cache cleared before each run ("cold") and kept ("warm");
end-to-end ``tag_entities`` tokens/s (sentence + word splitting + tagging);
model load time; model file size; peak Python memory of loading the model.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tools"))

from reader.nlp.ner import model_io, tag_entities  # noqa: E402
from reader.nlp.ner.tagger import Tagger  # noqa: E402
from reader.nlp.tokenize import sentence_spans, word_spans  # noqa: E402

SEED = REPO / "seeds" / "000_cb9fb861f9f8ad95.txt"
_FIRST_CALL = (
    "import time; t = time.perf_counter(); from reader.nlp.ner import tag_entities; "
    "tag_entities('Mike Pompeo met Iraqi President Barham Salih.'); print(time.perf_counter() - t)"
)
TESTA = REPO.parent / "shared" / "data" / "conll2003" / "eng.testa"


def median_seconds(fn: Callable[[], object], runs: int, before: Callable[[], object] | None = None) -> float:
    times = []
    for _ in range(runs):
        if before:
            before()
        gc.collect()
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args(argv)
    runs = args.runs
    rows: list[tuple[str, str, str]] = []

    load = median_seconds(lambda: Tagger(model_io.load()), runs)
    rows.append(("model load (read + unpickle + tables)", f"{load * 1000:.0f} ms", "<= 150 ms"))
    size = model_io.MODEL_FILE.stat().st_size
    rows.append(("model file size", f"{size / 1e6:.2f} MB", "< 3 MB"))
    tracemalloc.start()
    tagger = Tagger(model_io.load())
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rows.append(("peak Python memory while loading", f"{peak / 1e6:.0f} MB", "(info)"))

    seed = SEED.read_text(encoding="utf-8")
    copies = 20
    text = "\n\n".join([seed] * copies)
    doc = [[text[a:b] for a, b in word_spans(text, s, e)] for s, e in sentence_spans(text)]
    tokens = sum(map(len, doc))
    clear = tagger._cache.clear
    cold = median_seconds(lambda: tagger.tag_document(doc), runs, before=clear)
    warm = median_seconds(lambda: tagger.tag_document(doc), runs)
    rows.append((f"tagger, seed x{copies} ({tokens} tokens), cold", f"{tokens / cold:,.0f} tok/s", ">= 60,000"))
    rows.append((f"tagger, seed x{copies}, warm", f"{tokens / warm:,.0f} tok/s", ">= 60,000"))

    first_call = [
        float(
            subprocess.run(
                [sys.executable, "-c", _FIRST_CALL], capture_output=True, text=True, check=True, cwd=REPO
            ).stdout
        )
        for _ in range(3)
    ]
    rows.append(
        ("first tag_entities in a new process (nltk import + load)", f"{statistics.median(first_call) * 1000:.0f} ms", "(info)")
    )

    tag_entities("warm up nltk import")
    single = [[seed[a:b] for a, b in word_spans(seed, s, e)] for s, e in sentence_spans(seed)]
    seed_tokens = sum(map(len, single))
    e2e = median_seconds(lambda: tag_entities(seed), runs)
    rows.append(
        (f"tag_entities end to end, seed ({seed_tokens} tokens), warm", f"{seed_tokens / e2e:,.0f} tok/s", ">= 20,000")
    )

    if TESTA.is_file():
        from conll import read_conll

        docs = [[[w for w, _ in s] for s in d] for d in read_conll(TESTA)]
        n = sum(len(s) for d in docs for s in d)
        run = lambda: [tagger.tag_document(d) for d in docs]  # noqa: E731
        cold = median_seconds(run, max(3, runs // 2), before=clear)
        warm = median_seconds(run, max(3, runs // 2))
        rows.append((f"tagger, CoNLL testa ({n} tokens), cold", f"{n / cold:,.0f} tok/s", ">= 60,000"))
        rows.append(("tagger, CoNLL testa, warm", f"{n / warm:,.0f} tok/s", ">= 60,000"))
    else:
        rows.append(("tagger, CoNLL testa", "skipped: ../shared absent", ""))

    w = max(len(r[0]) for r in rows)
    print(f"{'figure (median of ' + str(runs) + ' runs)':<{w}}  {'measured':>22}  target")
    for name, value, target in rows:
        print(f"{name:<{w}}  {value:>22}  {target}")
    print("\nreproduce: .venv/bin/python benchmarks/bench_ner.py --runs", runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
