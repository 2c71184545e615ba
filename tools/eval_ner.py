"""Score the entity tagger on CoNLL-2003 eng.testa (exact spans, conlleval style).

    .venv/bin/python tools/eval_ner.py                      # the shipped model
    .venv/bin/python tools/eval_ner.py --model /tmp/m.bin   # a freshly trained one

Prints precision, recall and F1 per type and overall. Only testa is ever
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


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", type=Path, default=None, help="model file (default: the shipped one)")
    ap.add_argument("--data", type=Path, default=CONLL_DIR / "eng.testa")
    args = ap.parse_args(argv)
    if "testb" in args.data.name:
        ap.error("testb is held out; measure on testa")
    score, tokens, seconds = evaluate(args.model, args.data)
    print(score.table())
    print(f"\n{tokens} tokens tagged in {seconds:.2f}s ({tokens / seconds:,.0f} tokens/s, cold caches)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
