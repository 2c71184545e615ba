"""A tiny stand-in for ``reader.nlp`` so library tests do not depend on the real model.

Importable by name (``tests.library.fake_nlp:annotate``) so worker processes
of the import pool can load it too.
"""

from __future__ import annotations

import re
import time

from reader.domain import Annotation, Figure, Quote

MODEL_VERSION = "fake-1"
CALLS: list[str] = []

_QUOTE = re.compile(r"[“\"]([^”\"]{1,400})[”\"]")
_NAME = re.compile(r"\b([A-Z][a-z]+ [A-Z][a-z]+)\b")


def annotate(text: str) -> Annotation:
    CALLS.append(text[:20])
    if "EXPLODE" in text:
        raise RuntimeError("boom")
    if "SLOWLY" in text:  # as slow as the real pipeline, for tests of the import's pace
        time.sleep(0.005)
    figures: dict[str, Figure] = {}
    for match in _NAME.finditer(text):
        figures.setdefault(match.group(1), Figure(match.group(1), None)).mentions.append(match.span())
    quotes = [Quote(m.start(), m.end(), m.group(0), None) for m in _QUOTE.finditer(text)]
    return Annotation(entities=[], figures=list(figures.values()), quotes=quotes)
