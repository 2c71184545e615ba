"""Train the speaker model shipped in reader/nlp/data/speaker_model.json.

    nice -n 10 .venv/bin/python tools/train_speaker.py [--epochs N] [--out PATH]

Deterministic: the same corpus gives the same file, byte for byte.

1. The ranker. For every direct quote of PolNeAR **train** (as
   ``tools/polnear.py`` reads it) that the quote finder finds (both ends
   within 2 characters), the candidates of :mod:`reader.nlp.speakers` are
   built by the pipeline itself (tagger, figures, rules) and labelled from
   the quote's hand-annotated Source: a person mention inside the Source
   span naming the same surname, the pronoun, organisation or description
   inside it, "the previous quote's speaker" when the quote before had the
   same Source, or "nobody" when there is none (and for every quote found
   that no attribution covers: titles, scare quotes). An averaged perceptron
   learns to rank a right candidate first (the quote before is given its
   gold kind while training). Weights whose magnitude stays under
   ``--prune`` are dropped, the rest rounded to 3 decimals.
2. The gender model of :mod:`reader.nlp.gender`: an averaged perceptron
   over the spelling of the first names of the NLTK names corpus
   (../shared/nltk_data/corpora/names); only its weights ship. Then the
   small table of first names whose gender train's own pronouns settle
   (``tools/train_name_gender.py``), learned before the ranker because
   pronoun resolution, and so the ranker's features, read it.

Tune on PolNeAR dev with ``tools/eval_polnear.py``; never on anything else.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tools"))

import polnear  # noqa: E402
import train_name_gender  # noqa: E402

from reader.nlp import speakers  # noqa: E402

OUT = speakers.MODEL_FILE
TOLERANCE = 2
SHORT_UNANNOTATED = 4  # words
_GOLD_TO_KIND = {
    polnear.NAMED: speakers.PERSON,
    polnear.PRONOUN: speakers.PRONOUN,
    polnear.OTHER_PRONOUN: speakers.OTHER_PRONOUN,
    polnear.NO_PERSON: speakers.DESCRIPTION,
    polnear.PERSON_DESCRIPTION: speakers.DESCRIPTION,
    polnear.NO_SOURCE: speakers.NOBODY,
}

Example = tuple[list[list[str]], set[int]]


def _surname(name: str) -> str:
    words = name.replace("\u2019", "'").split()
    last = words[-1].casefold().strip(".,") if words else ""
    return last[:-2] if last.endswith("'s") else last


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


@dataclass
class Prepared:
    """What the pipeline reads of one text before attribution (the tagger's
    work, the slow part), kept so cross-validation runs it once."""

    text: str
    sentences: list[tuple[int, int]]
    analysis: Any
    paragraphs: list[tuple[int, int]]
    quotes: list[Any]


def prepare_text(text: str) -> Prepared:
    from reader.nlp.figures import build_figures
    from reader.nlp.ner import tag_entities
    from reader.nlp.quotes import find_quotes, paragraph_spans
    from reader.nlp.tokenize import sentence_spans

    sentences = sentence_spans(text)
    analysis = build_figures(text, tag_entities(text, sentences))
    paragraphs = paragraph_spans(text)
    return Prepared(text, sentences, analysis, paragraphs, find_quotes(text, paragraphs))


def examples_of(article: polnear.Article, prepared: Prepared | None = None) -> list[Example]:
    from reader.nlp.attribution import candidate_lists, prepare

    p = prepared or prepare_text(article.text)
    text, sentences, analysis, paragraphs, quotes = p.text, p.sentences, p.analysis, p.paragraphs, p.quotes
    if not quotes:
        return []
    attributor, ctx, rules = prepare(text, quotes, paragraphs, sentences, analysis)
    gold_by_quote: list[polnear.GoldQuote | None] = []
    for q in quotes:
        match = next(
            (g for g in article.quotes if abs(g.start - q.start) <= TOLERANCE and abs(g.end - q.end) <= TOLERANCE),
            None,
        )
        gold_by_quote.append(match)
    out: list[Example] = []
    for index, q in enumerate(quotes):
        gold = gold_by_quote[index]
        previous = gold_by_quote[index - 1] if index > 0 else None
        previous_kind = _GOLD_TO_KIND.get(previous.kind) if previous is not None else None
        cands, feats = candidate_lists(ctx, index, rules[index], previous_kind, attributor)
        if gold is None:
            # Every attribution is annotated, so a short quote without one
            # in a sentence that reports no speech (a title, a scare quote,
            # a nickname) is nobody's; the others are more often an
            # annotator's miss, and are left out.
            if len(text[q.start : q.end].split()) <= SHORT_UNANNOTATED and not _cue_in_sentence(ctx, q):
                out.append((feats, {len(cands) - 1}))
            continue
        positives: set[int] = set()
        span = gold.source_span
        for k, cand in enumerate(cands):
            if cand is None:
                if previous is not None and previous.source_span is not None and span is not None:
                    same = previous.source_span == span or (
                        gold.kind == polnear.NAMED
                        and previous.kind == polnear.NAMED
                        and gold.name
                        and previous.name
                        and _surname(gold.name) == _surname(previous.name)
                    )
                    if same:
                        positives.add(k)
                continue
            if cand.kind == speakers.NOBODY:
                if gold.kind == polnear.NO_SOURCE:
                    positives.add(k)
                continue
            if span is None or not _overlaps((cand.start, cand.end), span):
                continue
            if gold.kind == polnear.NAMED and cand.kind == speakers.PERSON:
                name = analysis.figures[cand.figure].name if cand.figure is not None else ""
                if gold.name and _surname(name) == _surname(gold.name):
                    positives.add(k)
            elif gold.kind == polnear.PRONOUN and cand.kind == speakers.PRONOUN:
                positives.add(k)
            elif gold.kind in (polnear.NO_PERSON, polnear.PERSON_DESCRIPTION) and cand.kind in (
                speakers.ORGANIZATION,
                speakers.DESCRIPTION,
            ):
                positives.add(k)
            elif gold.kind == polnear.OTHER_PRONOUN and cand.kind == speakers.OTHER_PRONOUN:
                positives.add(k)
        if gold.kind == polnear.OTHER_PRONOUN and not positives:
            positives.add(len(cands) - 1)  # nobody
        if positives:
            out.append((feats, positives))
    return out


def _cue_in_sentence(ctx: speakers.Context, q: object) -> bool:
    from reader.nlp import cues

    si = ctx.sentence_of(q.start)  # type: ignore[attr-defined]
    start, end = ctx.sentences[si] if si >= 0 else (0, len(ctx.text))
    for k in range(max(0, ctx.token_index(start)), ctx.token_index(end - 1) + 1):
        s, _ = ctx.tokens[k]
        if cues.is_cue(ctx.word(k)) and not speakers.in_quotes(ctx.quotes, ctx.quote_starts, s):
            return True
    return False


def train_ranker(examples: list[Example], epochs: int, seed: int = 0) -> dict[str, float]:
    """An averaged perceptron that ranks a positive candidate first."""
    weights: dict[str, float] = defaultdict(float)
    totals: dict[str, float] = defaultdict(float)
    stamps: dict[str, int] = defaultdict(int)
    step = 0
    order = list(range(len(examples)))
    rng = random.Random(seed)

    def bump(feature: str, delta: float) -> None:
        totals[feature] += (step - stamps[feature]) * weights[feature]
        stamps[feature] = step
        weights[feature] += delta

    for epoch in range(epochs):
        rng.shuffle(order)
        mistakes = 0
        for i in order:
            feats, positives = examples[i]
            step += 1
            scores = [sum(weights.get(f, 0.0) for f in fs) for fs in feats]
            best = max(range(len(feats)), key=lambda k: (scores[k], -k))
            if best in positives:
                continue
            mistakes += 1
            target = max(positives, key=lambda k: (scores[k], -k))
            for f in feats[target]:
                bump(f, 1.0)
            for f in feats[best]:
                bump(f, -1.0)
        print(f"  epoch {epoch + 1}: {mistakes} mistakes / {len(order)}", file=sys.stderr)
    averaged = {}
    for feature, weight in weights.items():
        total = totals[feature] + (step - stamps[feature]) * weight
        averaged[feature] = total / step
    return averaged


def train_logit(examples: list[Example], epochs: int, seed: int = 0, rate: float = 0.3, l2: float = 1e-5) -> dict[str, float]:
    """A conditional logit ranker (maximum entropy over each quote's
    candidates), trained by AdaGrad with L2: the probability mass on the
    right candidates is pushed up. Smoother than the perceptron on noisy
    labels, which only ever looks at the top two."""
    weights: dict[str, float] = defaultdict(float)
    squares: dict[str, float] = defaultdict(lambda: 1e-8)
    rng = random.Random(seed)
    order = list(range(len(examples)))
    for epoch in range(epochs):
        rng.shuffle(order)
        loss = 0.0
        for i in order:
            feats, positives = examples[i]
            scores = [sum(weights.get(f, 0.0) for f in fs) for fs in feats]
            top = max(scores)
            exps = [math.exp(sc - top) for sc in scores]
            total = sum(exps)
            good = sum(exps[k] for k in positives)
            loss -= math.log(good / total)
            grads: dict[str, float] = defaultdict(float)
            for k, fs in enumerate(feats):
                g = exps[k] / total - (exps[k] / good if k in positives else 0.0)
                if abs(g) < 1e-6:
                    continue
                for f in fs:
                    grads[f] += g
            for f, g in grads.items():
                g += l2 * weights[f]
                squares[f] += g * g
                weights[f] -= rate * g / math.sqrt(squares[f])
        print(f"  epoch {epoch + 1}: loss {loss / len(order):.4f}", file=sys.stderr)
    return dict(weights)


def train_gender(epochs: int = 10) -> dict[str, object]:
    """An averaged perceptron, male positive, over the spelling features of
    :func:`reader.nlp.gender.name_features`."""
    from reader.nlp.gender import name_features

    names: list[tuple[str, int]] = []
    for sign, file in ((1, "male.txt"), (-1, "female.txt")):
        for line in (polnear.NAMES_DIR / file).read_text(encoding="utf-8").splitlines():
            name = line.strip()
            if name and not name.startswith("#"):
                names.append((name, sign))
    # A name in both lists is in the data twice, once as each: its spelling
    # then pulls toward neither, and the model learns to be unsure of it.
    data = names
    weights: dict[str, float] = defaultdict(float)
    totals: dict[str, float] = defaultdict(float)
    stamps: dict[str, int] = defaultdict(int)
    step = 0
    rng = random.Random(0)
    order = list(range(len(data)))
    for _ in range(epochs):
        rng.shuffle(order)
        for i in order:
            name, sign = data[i]
            step += 1
            feats = name_features(name)
            if sign * sum(weights[f] for f in feats) <= 0:
                for f in feats:
                    totals[f] += (step - stamps[f]) * weights[f]
                    stamps[f] = step
                    weights[f] += sign
    averaged = {f: (totals[f] + (step - stamps[f]) * w) / step for f, w in weights.items()}
    return {
        "threshold": 2.0,
        "weights": {f: round(w, 2) for f, w in sorted(averaged.items()) if abs(w) >= 0.05},
        "trained_on": "NLTK names corpus (male.txt, female.txt)",
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--prune", type=float, default=0.01)
    parser.add_argument("--learner", choices=["logit", "perceptron"], default="logit")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    if not (polnear.POLNEAR / "train").is_dir() or not polnear.NAMES_DIR.is_dir():
        print("needs ../shared/data/polnear/train and ../shared/nltk_data/corpora/names", file=sys.stderr)
        return 2
    started = time.perf_counter()
    gender = train_gender()
    # The gender model is part of the features' world (pronoun resolution),
    # so the pipeline reads it while the ranker trains: from a working copy,
    # never from the shipped file (an app or test reading that file meanwhile
    # would find a model without its ranker); the result replaces ``--out``
    # in one step at the end.
    args.out = args.out.resolve()
    working = args.out.with_name(f".{args.out.name}.training")
    speakers.MODEL_FILE = working
    model = {"format": speakers.FORMAT, "ranker": {}, "gender": gender}
    _write(model, working)
    _reload()
    articles = polnear.read_split("train")
    prepared = [prepare_text(article.text) for article in articles]
    # The first names train's own pronouns settle, consulted before spelling.
    gender["names"] = train_name_gender.learn(prepared)
    print(f"{len(gender['names'])} first names settled by train's pronouns", file=sys.stderr)
    _write(model, working)
    _reload()
    examples: list[Example] = []
    for article, p in zip(articles, prepared, strict=True):
        examples.extend(examples_of(article, p))
    print(f"{len(examples)} training quotes from {len(articles)} articles", file=sys.stderr)
    weights = train_logit(examples, args.epochs) if args.learner == "logit" else train_ranker(examples, args.epochs)
    model["ranker"] = {f: round(w, 3) for f, w in sorted(weights.items()) if abs(w) >= args.prune}
    _write(model, working)
    os.replace(working, args.out)
    print(
        f"wrote {args.out} ({args.out.stat().st_size // 1024} KB, {len(model['ranker'])} weights) "
        f"in {time.perf_counter() - started:.0f} s"
    )
    return 0


def _reload() -> None:
    from reader.nlp.gender import gender_of

    speakers.load_model.cache_clear()
    gender_of.cache_clear()


def _write(model: dict[str, object], path: Path) -> None:
    path.write_text(json.dumps(model, sort_keys=True, separators=(",", ":")) + "\n", encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
