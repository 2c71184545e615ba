"""A trivial annotator so feed CLI tests do not load the language model.

Importable by name (``tests.articles.fake_nlp:annotate``), as the library
requires of annotators.
"""

from __future__ import annotations

from reader.domain import Annotation

MODEL_VERSION = "articles-fake-1"


def annotate(text: str) -> Annotation:
    return Annotation()
