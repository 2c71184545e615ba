"""Reading CoNLL-2003 files and scoring entity spans the way conlleval does.

The shared copy has two columns (word, IOBES tag) and ``-DOCSTART-`` lines
between documents. Documents matter: the tagger's second pass uses what the
first pass found elsewhere in the same document.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
CONLL_DIR = SHARED / "data" / "conll2003"
NLTK_DATA = SHARED / "nltk_data"

Sentence = list[tuple[str, str]]  # (word, tag)
Document = list[Sentence]
Chunk = tuple[int, int, str]  # token start, token end (exclusive), type


def read_conll(path: str | Path) -> list[Document]:
    """Documents of sentences of (word, tag) pairs; tags kept as in the file."""
    docs: list[Document] = []
    doc: Document = []
    sent: Sentence = []

    def close_sentence() -> None:
        nonlocal sent
        if sent:
            doc.append(sent)
            sent = []

    with open(path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if not parts:
                close_sentence()
                continue
            if parts[0] == "-DOCSTART-":
                close_sentence()
                if doc:
                    docs.append(doc)
                doc = []
                continue
            sent.append((parts[0], parts[-1]))
    close_sentence()
    if doc:
        docs.append(doc)
    return docs


def _split(tag: str) -> tuple[str, str]:
    if tag == "O" or "-" not in tag:
        return "O", ""
    prefix, kind = tag.split("-", 1)
    return prefix, kind


def chunks(tags: Sequence[str]) -> list[Chunk]:
    """Entity chunks of one sentence, with conlleval's rules for where a
    chunk starts and ends (so ill-formed sequences are scored as conlleval
    would score them). Works for IOB1, IOB2 and IOBES."""
    found: list[Chunk] = []
    start: int | None = None
    prev_prefix, prev_kind = "O", ""
    for i, tag in enumerate(list(tags) + ["O"]):
        prefix, kind = _split(tag)
        ends = start is not None and (
            prev_prefix in ("E", "S")
            or prefix in ("B", "S", "O")
            or kind != prev_kind
        )
        if ends:
            found.append((start, i, prev_kind))  # type: ignore[arg-type]
            start = None
        begins = prefix in ("B", "S") or (
            prefix in ("I", "E") and (prev_prefix in ("E", "S", "O") or kind != prev_kind)
        )
        if begins:
            start = i
        prev_prefix, prev_kind = prefix, kind
    return found


@dataclass
class Score:
    """Exact-span precision/recall/F1 per entity type and overall."""

    gold: Counter[str] = field(default_factory=Counter)
    predicted: Counter[str] = field(default_factory=Counter)
    correct: Counter[str] = field(default_factory=Counter)

    def add(self, gold_tags: Sequence[str], predicted_tags: Sequence[str]) -> None:
        self.add_spans(chunks(gold_tags), chunks(predicted_tags))

    def add_spans(self, gold_spans: Iterable[Chunk], predicted_spans: Iterable[Chunk]) -> None:
        """Exact (start, end, type) spans, in tokens or in characters."""
        gold = set(gold_spans)
        predicted = set(predicted_spans)
        for _, _, kind in gold:
            self.gold[kind] += 1
        for _, _, kind in predicted:
            self.predicted[kind] += 1
        for _, _, kind in gold & predicted:
            self.correct[kind] += 1

    def prf(self, kind: str | None = None) -> tuple[float, float, float]:
        if kind is None:
            c, p, g = (sum(x.values()) for x in (self.correct, self.predicted, self.gold))
        else:
            c, p, g = self.correct[kind], self.predicted[kind], self.gold[kind]
        precision = c / p if p else 0.0
        recall = c / g if g else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return precision, recall, f1

    def table(self) -> str:
        rows = [f"{'type':<8} {'P':>7} {'R':>7} {'F1':>7} {'gold':>6} {'pred':>6}"]
        for kind in sorted(self.gold | self.predicted):
            p, r, f = self.prf(kind)
            rows.append(f"{kind:<8} {p:7.4f} {r:7.4f} {f:7.4f} {self.gold[kind]:6d} {self.predicted[kind]:6d}")
        p, r, f = self.prf()
        rows.append(
            f"{'overall':<8} {p:7.4f} {r:7.4f} {f:7.4f} {sum(self.gold.values()):6d} {sum(self.predicted.values()):6d}"
        )
        return "\n".join(rows)


def score_documents(gold_docs: Iterable[Document], predicted: Iterable[list[list[str]]]) -> Score:
    score = Score()
    for doc, tags in zip(gold_docs, predicted, strict=True):
        for sent, sent_tags in zip(doc, tags, strict=True):
            score.add([t for _, t in sent], sent_tags)
    return score
