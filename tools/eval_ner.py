"""Score the entity tagger on CoNLL-2003 eng.testa (exact spans, conlleval style).

    .venv/bin/python tools/eval_ner.py                      # the shipped model
    .venv/bin/python tools/eval_ner.py --model /tmp/m.bin   # a freshly trained one
    .venv/bin/python tools/eval_ner.py --annotate           # what the app shows

Prints precision, recall and F1 per type and overall. ``--annotate`` scores
``reader.nlp.annotate`` instead of the tagger alone: each document rebuilt
as text (``reader/nlp/detokenize.py``), its entities after the figures'
repairs, exact character spans against the gold tokens' spans. Only testa is ever
used for measuring; testb is not read by anything in this project.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from conll import CONLL_DIR, Score, read_conll, score_documents  # noqa: E402


def evaluate(model_path: Path | None = None, data: Path = CONLL_DIR / "eng.testa") -> tuple[Score, int, float]:
    """Score, number of tokens, seconds spent tagging."""
    from reader.nlp.ner import load_model, model_io
    from reader.nlp.ner.tagger import Tagger

    tagger = Tagger(model_io.load(model_path)) if model_path else load_model()
    docs = read_conll(data)
    sentences = [[[w for w, _ in s] for s in doc] for doc in docs]
    t = time.perf_counter()
    predicted = [tagger.tag_document(doc) for doc in sentences]
    seconds = time.perf_counter() - t
    tokens = sum(len(s) for doc in sentences for s in doc)
    return score_documents(docs, predicted), tokens, seconds


_TYPES = {"PERSON": "PER", "ORGANIZATION": "ORG", "LOCATION": "LOC", "MISC": "MISC"}


def evaluate_annotate(data: Path = CONLL_DIR / "eng.testa") -> tuple[Score, int, float]:
    """Like :func:`evaluate`, for the whole pipeline on rebuilt text."""
    from conll import chunks

    from reader.nlp import annotate
    from reader.nlp.detokenize import detokenize

    score = Score()
    tokens = 0
    seconds = 0.0
    for doc in read_conll(data):
        sentences = [[w for w, _ in s] for s in doc]
        text = detokenize(sentences)
        gold: list[tuple[int, int, str]] = []
        at = 0
        for sent in doc:
            offsets = []
            for word, _ in sent:
                at = text.index(word, at)
                offsets.append((at, at + len(word)))
                at += len(word)
            tokens += len(sent)
            gold.extend((offsets[s][0], offsets[e - 1][1], kind) for s, e, kind in chunks([t for _, t in sent]))
        t = time.perf_counter()
        entities = annotate(text).entities
        seconds += time.perf_counter() - t
        score.add_spans(gold, [(e.start, e.end, _TYPES[e.label]) for e in entities])
    return score, tokens, seconds


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", type=Path, default=None, help="model file (default: the shipped one)")
    ap.add_argument("--data", type=Path, default=CONLL_DIR / "eng.testa")
    ap.add_argument("--annotate", action="store_true", help="score reader.nlp.annotate (what the app shows)")
    args = ap.parse_args(argv)
    if "testb" in args.data.name:
        ap.error("testb is held out; measure on testa")
    if args.annotate:
        score, tokens, seconds = evaluate_annotate(args.data)
    else:
        score, tokens, seconds = evaluate(args.model, args.data)
    print(score.table())
    print(f"\n{tokens} tokens tagged in {seconds:.2f}s ({tokens / seconds:,.0f} tokens/s, cold caches)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
