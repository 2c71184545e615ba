"""Score PERSON mentions on our own out-of-domain text (encyclopedic and
modern news), exact character spans.

    .venv/bin/python tools/eval_names.py                 # dev set, what annotate() shows
    .venv/bin/python tools/eval_names.py --errors        # ... and every miss and false alarm
    .venv/bin/python tools/eval_names.py --tagger        # the tagger alone, before figures.py
    .venv/bin/python tools/eval_names.py --heldout       # the held-out file (report only; never tune on it)

The gold is in ``tests/nlp/data/names_ood_*.txt``: paragraphs written for
this project with every PERSON mention [[bracketed]] by hand as it was
written, never proposed by the tagger (the files' headers give the span
conventions). CoNLL-2003 measures the tagger on 1996 Reuters; this measures
it where the product is used, on names the training data never had:
companies, bands, parks and aircraft named after people, particles and
titles, capitalised common words.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from conll import Score  # noqa: E402

DATA = Path(__file__).resolve().parent.parent / "tests" / "nlp" / "data"
DEV = DATA / "names_ood_dev.txt"
HELDOUT = DATA / "names_ood_heldout.txt"

_MARK_RE = re.compile(r"\[\[(.+?)\]\]")
Span = tuple[int, int, str]


@dataclass(frozen=True)
class GoldDoc:
    name: str
    text: str
    people: frozenset[Span]


def parse_marked(marked: str) -> tuple[str, frozenset[Span]]:
    """Plain text and the (start, end, "PER") spans of its [[marked]] names."""
    out: list[str] = []
    spans: set[Span] = set()
    pos = 0
    length = 0
    for m in _MARK_RE.finditer(marked):
        out.append(marked[pos : m.start()])
        length += m.start() - pos
        name = m.group(1)
        spans.add((length, length + len(name), "PER"))
        out.append(name)
        length += len(name)
        pos = m.end()
    out.append(marked[pos:])
    text = "".join(out)
    if "[[" in text or "]]" in text:
        raise ValueError(f"unbalanced [[ ]] in: {marked[:80]!r}")
    return text, frozenset(spans)


def read_gold(path: Path) -> list[GoldDoc]:
    """Documents of a gold file: each starts with a "### name" line; "#"
    lines before the first are comments."""
    docs: list[GoldDoc] = []
    name: str | None = None
    lines: list[str] = []

    def close() -> None:
        if name is not None:
            text, people = parse_marked("\n".join(lines).strip("\n"))
            docs.append(GoldDoc(name, text, people))

    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("### "):
            close()
            name, lines = line[4:].strip(), []
        elif name is not None:
            lines.append(line)
    close()
    return docs


def predicted_people(text: str, tagger_only: bool = False) -> frozenset[Span]:
    if tagger_only:
        from reader.nlp.ner import tag_entities

        entities = tag_entities(text)
    else:
        from reader.nlp import annotate

        entities = annotate(text).entities
    return frozenset((e.start, e.end, "PER") for e in entities if e.label == "PERSON")


def evaluate(path: Path = DEV, tagger_only: bool = False, errors: list[str] | None = None) -> Score:
    score = Score()
    for doc in read_gold(path):
        predicted = predicted_people(doc.text, tagger_only)
        score.add_spans(doc.people, predicted)
        if errors is not None:
            for s, e, _ in sorted(doc.people - predicted):
                errors.append(f"{doc.name:>14}  miss   {doc.text[s:e]!r}  {_context(doc.text, s, e)}")
            for s, e, _ in sorted(predicted - doc.people):
                errors.append(f"{doc.name:>14}  false  {doc.text[s:e]!r}  {_context(doc.text, s, e)}")
    return score


def _context(text: str, start: int, end: int) -> str:
    return (text[max(0, start - 30) : start] + "[" + text[start:end] + "]" + text[end : end + 30]).replace("\n", " ")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--heldout", action="store_true", help="score the held-out file instead of the dev file")
    ap.add_argument("--file", type=Path, help="another gold file in the same format")
    ap.add_argument("--tagger", action="store_true", help="the tagger's PERSON spans, before figures.py")
    ap.add_argument("--errors", action="store_true", help="list misses and false alarms")
    args = ap.parse_args(argv)
    path = args.file or (HELDOUT if args.heldout else DEV)
    errors: list[str] | None = [] if args.errors else None
    score = evaluate(path, args.tagger, errors)
    p, r, f = score.prf("PER")
    what = "tagger alone" if args.tagger else "annotate()"
    print(f"PERSON on {path.name} ({what}): P {p:.4f}  R {r:.4f}  F1 {f:.4f}"
          f"  (gold {score.gold['PER']}, predicted {score.predicted['PER']}, correct {score.correct['PER']})")
    if errors:
        print("\n".join(errors))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
