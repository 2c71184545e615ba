"""Small builders shared by the storage, library and CLI tests."""

from __future__ import annotations

import hashlib

from reader.domain import Article, Paragraph

FAKE_ANNOTATOR = "tests.library.fake_nlp:annotate"
NAMES = ("Anna Smith", "Boris Kern", "Clara Diaz", "Dmitri Volkov", "Eva Lund")


def make_article(n: int = 0, *, body: str | None = None, title: str | None = None,
                 source: str = "Reuters", date: str | None = "2020-01-01") -> Article:
    body = body or (f"Article number {n}. “We will win,” said {NAMES[n % len(NAMES)]} in Paris. "
                    f"John Doe disagreed. " + "Filler text. " * 20)
    return Article(
        id=hashlib.sha256(body.encode()).hexdigest()[:16],
        title=title or f"Title {n}",
        body=body,
        source=source,
        date=date,
        origin=f"test-{n}",
        paragraphs=[Paragraph(0, len(body))],
    )
