"""Build the quote dev set from the CoNLL token stream, and show it for reading.

    .venv/bin/python tools/build_quote_devset.py spans --out /tmp/spans.json
    .venv/bin/python tools/build_quote_devset.py read [--devset PATH]

The documents are eng.testa's, laid out one sentence per line by
:func:`reader.nlp.detokenize.detokenize_lines`, so a quote that runs over
several sentences runs over several lines, as in one-sentence-per-line
exports.

``spans``: the gold quote spans come from the token stream, never from the
quote finder: CoNLL keeps every ``"`` as a token, and the tokens are paired
across sentence (line) boundaries, each mark toggling the quote open or
closed, except that a sentence that *starts* with a mark while a quote is
open re-opens it (the newspaper convention for quotes over several
paragraphs): the open quote is then one piece ending with the line before.
A quote still open at the end of its document is unbalanced and left out.
Each ``"`` character of the text is the next ``"`` token of the stream (the
command checks the counts agree).

``read``: prints every gold quote with the lines around it and no speaker,
for a person to read and write down who is speaking. The speakers in
tests/nlp/data/quotes_testa_dev.json were written that way (see its
``speakers`` note), never proposed by the attributor.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tools"))

from eval_quotes import DEVSET, TESTA, fingerprint, load_devset  # noqa: E402

QUOTE = '"'


def documents(path: Path = TESTA) -> list[list[list[str]]]:
    from conll import read_conll  # tools/conll.py

    return [[[word for word, _ in sentence] for sentence in doc] for doc in read_conll(path)]


def gold_spans(sentences: list[list[str]], text: str) -> list[tuple[int, int]]:
    """Quote spans of one document in its one-sentence-per-line text,
    paired from the token stream."""
    marks = [i for i, ch in enumerate(text) if ch == QUOTE]
    tokens = [(n, k == 0) for n, sentence in enumerate(s for s in sentences if s) for k, t in enumerate(sentence) if t == QUOTE]
    if len(marks) != len(tokens):
        raise ValueError(f"{len(marks)} marks in the text but {len(tokens)} quote tokens")
    line_ends = [i for i, ch in enumerate(text) if ch == "\n"] + [len(text)]
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    open_sentence = -1
    for pos, (sentence, first) in zip(marks, tokens):
        if open_at is not None and first and sentence > open_sentence:
            spans.append((open_at, line_ends[sentence - 1]))  # runs on to the next paragraph
            open_at, open_sentence = pos, sentence
            continue
        if open_at is None:
            open_at, open_sentence = pos, sentence
        else:
            spans.append((open_at, pos + 1))
            open_at = None
    return [(s, e) for s, e in spans if text[s + 1 : e - (1 if text[e - 1] == QUOTE else 0)].strip()]


def build_spans(devset: dict) -> dict:
    from reader.nlp.detokenize import detokenize_lines

    docs = documents()
    texts = [detokenize_lines(d) for d in docs]
    out = {}
    for name, part in (("dev", devset), ("heldout", devset["heldout"])):
        quotes = []
        for doc in part["documents"]:
            for start, end in gold_spans(docs[doc], texts[doc]):
                quotes.append({"doc": doc, "start": start, "end": end})
        out[name] = {
            "documents": part["documents"],
            "fingerprint": fingerprint([texts[d] for d in part["documents"]]),
            "quotes": quotes,
        }
    return out


def read(path: Path) -> None:
    from reader.nlp.detokenize import detokenize_lines

    devset = load_devset(path)
    texts = [detokenize_lines(d) for d in documents()]
    for part in (devset, devset["heldout"]):
        for n, q in enumerate(part["quotes"]):
            text = texts[q["doc"]]
            start = q["start"]
            for _ in range(3):
                start = text.rfind("\n", 0, max(0, start - 1)) + 1
            end = text.find("\n", q["end"])
            end = len(text) if end < 0 else end
            marked = text[start : q["start"]] + "[[" + text[q["start"] : q["end"]] + "]]" + text[q["end"] : end]
            print(f"#{n} doc {q['doc']} {q['start']}-{q['end']}\n{marked}\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    s = sub.add_parser("spans")
    s.add_argument("--out", type=Path, required=True)
    r = sub.add_parser("read")
    r.add_argument("--devset", type=Path, default=DEVSET)
    args = parser.parse_args()
    if not TESTA.is_file():
        print(f"needs {TESTA} (../shared beside the repository)", file=sys.stderr)
        return 2
    if args.command == "spans":
        args.out.write_text(json.dumps(build_spans(load_devset()), indent=1) + "\n", encoding="utf-8")
        print(f"wrote {args.out}")
    else:
        read(args.devset)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
