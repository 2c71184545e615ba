"""Train the shipped entity tagger from CoNLL-2003 eng.train.

    .venv/bin/python tools/train_ner.py            # writes reader/nlp/data/ner_model.bin
    .venv/bin/python tools/train_ner.py --check    # retrains to a temporary file and checks
                                                   # it is the shipped file byte for byte

Two stacked ``nltk.tag.perceptron.AveragedPerceptron`` models:

1. pass 1 learns from local features only;
2. pass 2 learns from local features plus document features computed from
   pass 1's tags. So that pass 2 learns how far pass 1 can be trusted on
   text it has NOT seen, its training documents get pass-1 tags by
   jackknifing: pass 1 is trained on all folds but one and tags the
   held-out fold, for each fold.

Both are trained greedily left to right with the same constrained decoder,
candidate rule and features as ``reader.nlp.ner.tagger``, then pruned,
quantised and packed (``model_io.compile_weights``). Everything is seeded,
so the same data gives the same model file.

The names corpus (first names) is read from ../shared/nltk_data at training
time only; the gazetteer is stored inside the model file.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from conll import CONLL_DIR, NLTK_DATA, Document, read_conll  # noqa: E402

from reader.nlp.ner import features as F  # noqa: E402
from reader.nlp.ner import gazetteer  # noqa: E402
from reader.nlp.ner import model_io  # noqa: E402
from reader.nlp.ner.labels import LABELS, START, allowed_next  # noqa: E402
from reader.nlp.ner.repair import repair_names  # noqa: E402

BITS = 24
SCALE_BITS = 15  # largest weight becomes 2**15


# --------------------------------------------------------------------------
# Featurising
# --------------------------------------------------------------------------


class Sent:
    """One training sentence: words, gold tags, which tokens are scored,
    and the static (pass-1) feature list of each scored token."""

    __slots__ = ("words", "gold", "cand", "static", "shapes", "lowers", "gaz", "bare")

    def __init__(self, words: list[str], gold: list[str], gaz: dict[str, int], intern: dict[str, str]) -> None:
        self.words = words
        self.gold = gold
        self.gaz = gaz
        self.bare = [F.letterless(w) for w in words]
        n = len(words)
        described = [F.describe(w, gaz) for w in words]
        self.lowers = [w.lower for w in described]
        self.shapes = [w.short for w in described]
        view = F.sentence_view(words, self.lowers, self.shapes, [w.gaz for w in described], gaz)
        self.cand = F.candidates([F.has_upper(w) for w in words], view.headline)
        bos, eos = F.describe(F.BOS, gaz), F.describe(F.EOS, gaz)
        padded = [bos, bos, *described, eos, eos]
        self.static: list[list[str] | None] = []
        for i in range(n):
            if not self.cand[i]:
                self.static.append(None)
                continue
            feats = F.word_features(described[i], gaz)
            for k in F.OFFSETS:
                feats += F.context_features(padded[i + 2 + k], k)
            feats += F.sentence_features(view, i)
            self.static.append([intern.setdefault(f, f) for f in feats])


def doc_features(doc: list[Sent], pass1_tags: list[list[str]]) -> list[list[list[str] | None]]:
    """Pass-2 extra features of each scored token, from pass-1 tags."""
    stats = F.DocumentStats.build([s.words for s in doc], pass1_tags, doc[0].gaz if doc else {})
    out = []
    for sent, tags in zip(doc, pass1_tags):
        n = len(sent.words)
        rows: list[list[str] | None] = []
        for i in range(n):
            if not sent.cand[i]:
                rows.append(None)
                continue
            feats = stats.features(sent.lowers[i], 0)
            agreement = stats.agreement(sent.lowers[i], tags[i])
            if agreement:
                feats.append(agreement)
            if i > 0:
                feats += stats.features(sent.lowers[i - 1], -1)
            if i + 1 < n:
                feats += stats.features(sent.lowers[i + 1], 1)
            feats += F.stacked_features(
                tags[i - 1] if i > 0 else START, tags[i], tags[i + 1] if i + 1 < n else F.EOS
            )
            rows.append(feats)
        out.append(rows)
    return out


# --------------------------------------------------------------------------
# Learning
# --------------------------------------------------------------------------


def _score(weights: dict[str, dict[str, float]], feats: Sequence[str], allowed: Sequence[str]) -> str:
    scores = dict.fromkeys(LABELS, 0.0)
    get = weights.get
    for f in feats:
        ws = get(f)
        if ws:
            for label, w in ws.items():
                scores[label] += w
    return max(allowed, key=scores.__getitem__)  # first best in LABELS order, as the tagger


def decode(
    weights: dict[str, dict[str, float]],
    sent: Sent,
    extra: list[list[str] | None] | None,
    learner=None,
) -> list[str]:
    """Greedy constrained decoding of one sentence; with ``learner``, a
    perceptron update at every scored token (training)."""
    n = len(sent.words)
    tags = ["O"] * n
    prev, prev2 = START, START
    for i in range(n):
        static = sent.static[i]
        if static is None:
            prev2, prev = prev, "O"
            continue
        feats = static + F.history_features(prev, prev2, sent.shapes[i])
        if extra is not None:
            feats += extra[i]  # type: ignore[operator]
        last = i + 1 == n or not sent.cand[i + 1]
        allowed = allowed_next(prev, last, sent.bare[i], not last and sent.bare[i + 1])
        guess = _score(weights, feats, allowed)
        if learner is not None:
            learner.update(sent.gold[i], guess, feats)  # history stays the guess, as at run time
        tags[i] = guess
        prev2, prev = prev, guess
    return tags


def train(
    docs: list[list[Sent]],
    extras: list[list[list[list[str] | None]]] | None,
    epochs: int,
    seed: int,
    label: str,
):
    from nltk.tag.perceptron import AveragedPerceptron

    model = AveragedPerceptron()
    model.classes = set(LABELS)
    rng = random.Random(seed)
    order = list(range(len(docs)))
    for epoch in range(epochs):
        t = time.time()
        rng.shuffle(order)
        for d in order:
            for s, sent in enumerate(docs[d]):
                decode(model.weights, sent, extras[d][s] if extras else None, learner=model)
        print(f"  {label} epoch {epoch + 1}/{epochs} {time.time() - t:.1f}s", flush=True)
    model.average_weights()
    return model


def tag_docs(weights, docs: list[list[Sent]], extras=None) -> list[list[list[str]]]:
    return [
        [decode(weights, sent, extras[d][s] if extras else None) for s, sent in enumerate(doc)]
        for d, doc in enumerate(docs)
    ]


def reference_tags(
    weights1: dict[str, dict[str, float]],
    weights2: dict[str, dict[str, float]],
    gaz: dict[str, int],
    sentences: list[list[str]],
) -> list[list[str]]:
    """Both passes over one document with plain dict weights: the slow,
    obvious version of ``Tagger.tag_document`` (tests compare the two)."""
    doc = [Sent(words, ["O"] * len(words), gaz, {}) for words in sentences]
    first = tag_docs(weights1, [doc])[0]
    second = tag_docs(weights2, [doc], [doc_features(doc, first)])[0]
    return [repair_names(words, tags, gaz) for words, tags in zip(sentences, second)]


def jackknife(docs: list[list[Sent]], folds: int, epochs: int, seed: int) -> list[list[list[str]]]:
    """Pass-1 tags for every training document from a model that did not
    train on it."""
    out: list[list[list[str]] | None] = [None] * len(docs)
    for k in range(folds):
        held = [d for d in range(len(docs)) if d % folds == k]
        train_docs = [docs[d] for d in range(len(docs)) if d % folds != k]
        model = train(train_docs, None, epochs, seed + k + 1, f"fold {k + 1}/{folds}")
        for d, tags in zip(held, tag_docs(model.weights, [docs[d] for d in held])):
            out[d] = tags
    return out  # type: ignore[return-value]


def compile_model(p1, p2, gaz: dict[str, int], threshold: float) -> dict:
    biggest = max(
        abs(w) for model in (p1, p2) for by_label in model.weights.values() for w in by_label.values()
    )
    scale = (1 << SCALE_BITS) / biggest
    packed = model_io.compile_weights(
        [p1.weights, p2.weights], LABELS, bits=BITS, scale=scale, threshold=threshold
    )
    digest = hashlib.sha256(repr(sorted(packed.items())).encode()).hexdigest()
    return {
        "format": model_io.FORMAT,
        "version": "ner-" + digest[:12],
        "labels": list(LABELS),
        "bits": BITS,
        "gazetteer": gaz,
        "weights": packed,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--train", type=Path, default=CONLL_DIR / "eng.train")
    ap.add_argument("--out", type=Path, default=model_io.MODEL_FILE)
    ap.add_argument("--epochs1", type=int, default=10)
    ap.add_argument("--epochs2", type=int, default=10)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--threshold", type=float, default=0.1, help="drop smaller averaged weights")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--raw-out", type=Path, help="also save the unpruned averaged weights here (pickle)")
    ap.add_argument("--raw-in", type=Path, help="skip training: compile weights saved by --raw-out")
    ap.add_argument(
        "--check",
        action="store_true",
        help="train into a temporary file and exit 1 unless it equals the shipped model byte for byte",
    )
    args = ap.parse_args(argv)

    if args.check:
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            fresh = Path(tmp) / "ner_model.bin"
            rest = [a for a in (argv if argv is not None else sys.argv[1:]) if a != "--check"]
            main([*rest, "--out", str(fresh)])
            same = fresh.read_bytes() == model_io.MODEL_FILE.read_bytes()
        print("retrained model is byte-identical to the shipped one" if same else "retrained model DIFFERS from the shipped one")
        return 0 if same else 1

    if args.raw_in:
        import pickle

        from nltk.tag.perceptron import AveragedPerceptron

        raw = pickle.loads(args.raw_in.read_bytes())
        p1, p2 = AveragedPerceptron(raw["pass1"]), AveragedPerceptron(raw["pass2"])
        return write(compile_model(p1, p2, raw["gazetteer"], args.threshold), args.out, time.time())

    t0 = time.time()
    gaz = gazetteer.build(NLTK_DATA)
    print(f"gazetteer: {len(gaz)} names", flush=True)
    raw: list[Document] = read_conll(args.train)
    intern: dict[str, str] = {}
    docs = [[Sent([w for w, _ in s], [t for _, t in s], gaz, intern) for s in doc] for doc in raw]
    print(f"featurised {len(docs)} documents in {time.time() - t0:.1f}s", flush=True)

    pass1_tags = jackknife(docs, args.folds, args.epochs1, args.seed)
    extras = [doc_features(doc, tags) for doc, tags in zip(docs, pass1_tags)]
    p1 = train(docs, None, args.epochs1, args.seed, "pass 1")
    p2 = train(docs, extras, args.epochs2, args.seed, "pass 2")

    if args.raw_out:
        import pickle

        args.raw_out.write_bytes(pickle.dumps({"pass1": p1.weights, "pass2": p2.weights, "gazetteer": gaz}))
    return write(compile_model(p1, p2, gaz, args.threshold), args.out, t0)


def write(model: dict, out: Path, t0: float) -> int:
    model_io.save(model, out)
    size = out.stat().st_size
    print(
        f"wrote {out} ({size / 1e6:.2f} MB, {len(model['weights'])} features)"
        f" version {model['version']} in {time.time() - t0:.0f}s"
    )
    print(f"now set MODEL_FILE_VERSION = {model['version']!r} in reader/nlp/ner/__init__.py")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
