"""Score quote finding and attribution against the hand-checked dev set.

    .venv/bin/python tools/eval_quotes.py [--verbose]

The dev set (tests/nlp/data/quotes_testa_dev.json) holds only numbers and
names: CoNLL-2003 ``eng.testa`` document indexes, character offsets into the
document laid out one sentence per line by
:func:`reader.nlp.detokenize.detokenize_lines` (so quotes run across lines),
and the speaker's name (null when the text names no person as the speaker).
The spans were paired from the CoNLL token stream and the speakers written
by a person reading (``tools/build_quote_devset.py``). The corpus itself
stays in ../shared.

Two parts are scored apart: "dev" and a "heldout" part (later eng.testa
documents) that nothing was tuned on.

Reported: quote precision and recall (exact span, marks included), and
speaker accuracy — on the quotes found with the exact span, and over all
gold quotes (a missed quote counts as wrong). The predicted speaker is the
person (``Quote.person``): a source shown as written that is no person
("a spokesman", "the ministry") counts as no speaker, as the gold has it. A speaker is right when it is
the gold name or shares its surname (the canonical form may be "Clinton" in
one article and "Bill Clinton" in another), and null is right for null.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tools"))

DEVSET = REPO / "tests" / "nlp" / "data" / "quotes_testa_dev.json"
TESTA = REPO.parent / "shared" / "data" / "conll2003" / "eng.testa"


def testa_documents(path: Path = TESTA) -> list[str]:
    """Every eng.testa document as text, one sentence per line, in file order."""
    from conll import read_conll  # tools/conll.py

    from reader.nlp.detokenize import detokenize_lines

    return [detokenize_lines([[word for word, _ in sentence] for sentence in doc]) for doc in read_conll(path)]


def fingerprint(texts: list[str]) -> str:
    """A short hash of the documents, so a changed detokenizer (which would
    move every offset) fails loudly instead of scoring garbage."""
    digest = hashlib.sha256()
    for text in texts:
        digest.update(text.encode("utf-8"))
        digest.update(b"\x00")
    return digest.hexdigest()[:16]


def load_devset(path: Path = DEVSET) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def same_speaker(predicted: str | None, gold: str | None) -> bool:
    if predicted is None or gold is None:
        return predicted is gold
    if predicted.casefold() == gold.casefold():
        return True
    return predicted.split()[-1].casefold() == gold.split()[-1].casefold()


@dataclass
class Result:
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    speaker_right: int = 0
    mistakes: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def speaker_accuracy(self) -> float:
        """On the quotes found with the exact span."""
        return self.speaker_right / self.matched if self.matched else 0.0

    @property
    def speaker_accuracy_all(self) -> float:
        return self.speaker_right / self.gold if self.gold else 0.0

    def table(self) -> str:
        rows = [
            ("gold quotes", f"{self.gold}"),
            ("predicted quotes (in those documents)", f"{self.predicted}"),
            ("quote precision (exact span)", f"{self.precision:.3f}"),
            ("quote recall (exact span)", f"{self.recall:.3f}"),
            ("speaker accuracy (found quotes)", f"{self.speaker_accuracy:.3f}"),
            ("speaker accuracy (all gold quotes)", f"{self.speaker_accuracy_all:.3f}"),
        ]
        width = max(len(name) for name, _ in rows)
        return "\n".join(f"{name:<{width}}  {value:>7}" for name, value in rows)


def evaluate(part: dict, texts: list[str]) -> Result:
    """Score one part of the dev set (the file itself, or its "heldout")."""
    from reader.nlp import annotate

    by_doc: dict[int, list[dict]] = {}
    for q in part["quotes"]:
        by_doc.setdefault(q["doc"], []).append(q)
    result = Result()
    for doc in part["documents"]:
        text = texts[doc]
        gold = {(q["start"], q["end"]): q["speaker"] for q in by_doc.get(doc, [])}
        predicted = {(q.start, q.end): q.person for q in annotate(text).quotes}
        result.gold += len(gold)
        result.predicted += len(predicted)
        for span, speaker in gold.items():
            if span not in predicted:
                result.mistakes.append(f"doc {doc} MISSED {span} {text[span[0]:span[1]][:70]!r}")
                continue
            result.matched += 1
            if same_speaker(predicted[span], speaker):
                result.speaker_right += 1
            else:
                result.mistakes.append(
                    f"doc {doc} SPEAKER {span} gold={speaker!r} got={predicted[span]!r} {text[span[0]:span[1]][:50]!r}"
                )
        for span in predicted.keys() - gold.keys():
            result.mistakes.append(f"doc {doc} EXTRA {span} {text[span[0]:span[1]][:70]!r}")
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--verbose", "-v", action="store_true", help="list every miss, extra and wrong speaker")
    args = parser.parse_args()
    if not TESTA.is_file():
        print(f"needs {TESTA} (../shared beside the repository)", file=sys.stderr)
        return 2
    devset = load_devset()
    texts = testa_documents()
    for name, part in (("dev", devset), ("held-out", devset["heldout"])):
        if fingerprint([texts[d] for d in part["documents"]]) != part["fingerprint"]:
            print(f"{name}: the detokenized documents changed: offsets no longer apply", file=sys.stderr)
            return 1
        result = evaluate(part, texts)
        print(f"== {name} ({len(part['documents'])} documents)")
        print(result.table())
        if args.verbose:
            print("\n".join(result.mistakes))
    print(f"\nreproduce: .venv/bin/python tools/eval_quotes.py{' --verbose' if args.verbose else ''}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
