"""Propose the quote dev set, and print it for checking by eye.

    .venv/bin/python tools/build_quote_devset.py propose --out /tmp/proposal.json
    .venv/bin/python tools/build_quote_devset.py show [--devset PATH]

``propose`` takes the first eng.testa documents that contain quotes until
about ``--quotes`` quotes are gathered. Gold spans come from the corpus
tokens, not from the quote finder under test: CoNLL keeps every ``"`` as its
own token, so the marks are paired from the token stream (a sentence that
starts with a mark re-opens, as in multi-paragraph quotes; a quote still open
at the end of its line ends there, as one piece). Speakers are proposed by
the current pipeline and must then be checked by reading ``show``'s output
and corrected by hand in tests/nlp/data/quotes_testa_dev.json; ``show``
prints each quote in its paragraph with the label beside it.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tools"))

from eval_quotes import DEVSET, fingerprint, load_devset, testa_documents  # noqa: E402


def gold_spans(text: str) -> list[tuple[int, int]]:
    """Quote spans of one detokenized document, paired as the tokens pair."""
    spans: list[tuple[int, int]] = []
    line_start = 0
    for line in text.split("\n"):
        open_at: int | None = None
        i = line.find('"')
        while i >= 0:
            if open_at is None:
                open_at = i
            else:
                spans.append((line_start + open_at, line_start + i + 1))
                open_at = None
            i = line.find('"', i + 1)
        if open_at is not None:
            spans.append((line_start + open_at, line_start + len(line.rstrip())))
        line_start += len(line) + 1
    return [(s, e) for s, e in spans if text[s + 1 : e - (1 if text[e - 1] == '"' else 0)].strip()]


def propose(target: int) -> dict:
    from reader.nlp import annotate

    texts = testa_documents()
    documents: list[int] = []
    quotes: list[dict] = []
    for index, text in enumerate(texts):
        if len(quotes) >= target:
            break
        spans = gold_spans(text)
        if not spans:
            continue
        documents.append(index)
        predicted = {(q.start, q.end): q.speaker for q in annotate(text).quotes}
        for start, end in spans:
            quotes.append({"doc": index, "start": start, "end": end, "speaker": predicted.get((start, end))})
    return {
        "source": "CoNLL-2003 eng.testa, documents rebuilt by reader.nlp.detokenize.detokenize",
        "labels": "speaker = the person the text says spoke (canonical name); null for organisations, "
        "unnamed speakers, titles and nicknames",
        "documents": documents,
        "fingerprint": fingerprint([texts[d] for d in documents]),
        "quotes": quotes,
    }


def show(path: Path) -> None:
    devset = load_devset(path)
    texts = testa_documents()
    for doc in devset["documents"]:
        text = texts[doc]
        print(f"\n=== doc {doc}")
        for n, q in enumerate(x for x in devset["quotes"] if x["doc"] == doc):
            line_start = text.rfind("\n", 0, q["start"]) + 1
            line_end = text.find("\n", q["end"])
            line_end = len(text) if line_end < 0 else line_end
            context = text[max(line_start, q["start"] - 200) : min(line_end, q["end"] + 120)]
            print(f"[{n}] {q['start']}-{q['end']} speaker={q['speaker']!r}\n    {context}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("propose")
    p.add_argument("--quotes", type=int, default=120)
    p.add_argument("--out", type=Path, required=True)
    s = sub.add_parser("show")
    s.add_argument("--devset", type=Path, default=DEVSET)
    args = parser.parse_args()
    if args.command == "propose":
        args.out.write_text(json.dumps(propose(args.quotes), indent=1) + "\n", encoding="utf-8")
        print(f"wrote {args.out}")
    else:
        show(args.devset)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
