"""Language annotations for articles: entities, figures and attributed quotes.

``import reader.nlp`` stays cheap: NLTK and the tagger's model load on the
first :func:`annotate` call (or the first read of ``MODEL_VERSION``), so the
CLI and the TUI start without paying for them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from reader.domain import Annotation

__all__ = ["MODEL_VERSION", "annotate"]


def annotate(text: str) -> Annotation:
    """Entities, figures and attributed quotes of ``text``; offsets index
    into exactly ``text``."""
    from reader.nlp.pipeline import annotate as _annotate

    return _annotate(text)


def __getattr__(name: str) -> Any:
    if name == "MODEL_VERSION":
        from reader.nlp.ner import MODEL_VERSION as ner_version
        from reader.nlp.pipeline import PIPELINE_VERSION, speaker_model_digest

        version = f"{ner_version}+{PIPELINE_VERSION}.{speaker_model_digest()}"
        globals()["MODEL_VERSION"] = version
        return version
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
