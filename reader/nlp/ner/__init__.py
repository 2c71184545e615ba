"""Named-entity tagging: people, organisations, places and other names.

Importing this package is cheap: the model (a few MB) is read on the first
call, and NLTK is never needed at run time (the tagger's weights were
compiled from NLTK's averaged perceptron at training time, see
``tools/train_ner.py``).

``MODEL_VERSION`` names the shipped model file (checked against it on load)
and the decoder revision; it is part of the annotation cache key, so a
retrained model or changed decoding invalidates cached annotations.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from reader.domain import Entity
    from reader.nlp.ner.tagger import Tagger

# The shipped model file's own version (tools/train_ner.py prints it) and the
# revision of the decoding rules in tagger.py/labels.py: either changes output.
MODEL_FILE_VERSION = "ner-f2838ebdf765"
DECODER_REVISION = "4"
MODEL_VERSION = f"{MODEL_FILE_VERSION}.{DECODER_REVISION}"

__all__ = [
    "MODEL_VERSION",
    "is_listed_first_name",
    "is_listed_name",
    "is_listed_place_not_first_name",
    "is_listed_surname",
    "load_model",
    "tag_entities",
    "tag_tokens",
]


@lru_cache(maxsize=1)
def load_model() -> Tagger:
    """The shipped tagger, loaded once per process."""
    from reader.nlp.ner import model_io
    from reader.nlp.ner.tagger import Tagger

    tagger = Tagger(model_io.load())
    if tagger.version != MODEL_FILE_VERSION:
        raise RuntimeError(
            f"shipped NER model is {tagger.version} but MODEL_FILE_VERSION says {MODEL_FILE_VERSION}; "
            "set it after retraining"
        )
    return tagger


def _listed(word: str) -> int:
    """The name-list flags of ``word`` (see ``gazetteer``); 0 when unlisted."""
    return load_model().gazetteer.get(word.lower(), 0)


def is_listed_name(word: str) -> bool:
    """Whether the model's name lists know ``word`` as a first name or a
    surname in some language (the lists ship inside the model file)."""
    from reader.nlp.ner.gazetteer import LAST, PERSON_FIRST

    return bool(_listed(word) & (PERSON_FIRST | LAST))


def is_listed_first_name(word: str) -> bool:
    """Whether the model's name lists know ``word`` as someone's first name."""
    from reader.nlp.ner.gazetteer import PERSON_FIRST

    return bool(_listed(word) & PERSON_FIRST)


def is_listed_surname(word: str) -> bool:
    """Whether the model's name lists know ``word`` as someone's surname."""
    from reader.nlp.ner.gazetteer import LAST

    return bool(_listed(word) & LAST)


def is_listed_place_not_first_name(word: str) -> bool:
    """"Manchester", "Texas": a place in the lists and no one's first name
    ("Washington" is a surname too, but never a first name here either)."""
    from reader.nlp.ner.gazetteer import COUNTRY, PERSON_FIRST, PLACE

    flags = _listed(word)
    return bool(flags & (PLACE | COUNTRY)) and not flags & PERSON_FIRST



def tag_tokens(doc: list[list[str]]) -> list[list[str]]:
    """IOBES tags (CoNLL types PER/ORG/LOC/MISC) for one document given as
    tokenized sentences."""
    return load_model().tag_document(doc)


def tag_entities(text: str, sentences: list[tuple[int, int]] | None = None) -> list[Entity]:
    """Entity mentions in ``text``, offsets into exactly ``text``, in order.

    ``sentences`` (spans into ``text``) can be passed when the caller has
    already split the text, so it is not split twice.
    """
    from reader.domain import Entity
    from reader.nlp.ner.labels import ENTITY_LABEL, spans
    from reader.nlp.tokenize import sentence_spans, sentence_words

    if sentences is None:
        sentences = sentence_spans(text)
    token_spans, doc = sentence_words(text, sentences)
    entities: list[Entity] = []
    for toks, tags in zip(token_spans, tag_tokens(doc)):
        for first, stop, kind in spans(tags):
            start, end = toks[first][0], toks[stop - 1][1]
            entities.append(Entity(start, end, text[start:end], ENTITY_LABEL[kind]))
    return entities
