"""The language pipeline behind :func:`reader.nlp.annotate`.

(Not named ``annotate.py``: a submodule of that name would replace the
``reader.nlp.annotate`` function by the module as soon as it is imported.)

sentences → entities (tagger) → figures (document-level clustering) →
quotes → attribution. Every stage works on offsets into the exact text it
was given, so the result indexes straight into ``Article.body``.
"""

from __future__ import annotations

from reader.domain import Annotation, Figure, Quote

# Bump when a change here, in quotes, figures, attribution or the name repairs changes output:
# it is part of the annotation cache key (see reader.nlp.MODEL_VERSION), with
# a digest of the shipped speaker model (so a retrained model counts too).
PIPELINE_VERSION = "quotes-speakers-17"


def speaker_model_digest() -> str:
    """A short digest of reader/nlp/data/speaker_model.json."""
    import hashlib

    from reader.nlp.speakers import MODEL_FILE

    return hashlib.sha256(MODEL_FILE.read_bytes()).hexdigest()[:8]


def annotate(text: str) -> Annotation:
    """Entities, figures and attributed quotes of ``text``; pure."""
    if not text.strip():
        return Annotation()
    from reader.nlp.attribution import attribute
    from reader.nlp.figures import build_figures
    from reader.nlp.ner import tag_entities
    from reader.nlp.quotes import find_quotes, paragraph_spans
    from reader.nlp.tokenize import sentence_spans

    sentences = sentence_spans(text)
    analysis = build_figures(text, tag_entities(text, sentences))
    paragraphs = paragraph_spans(text)
    quotes = attribute(text, find_quotes(text, paragraphs), paragraphs, sentences, analysis)
    return Annotation(entities=analysis.entities, figures=_with_unnamed_speakers(analysis.figures, quotes), quotes=quotes)


def _with_unnamed_speakers(figures: list[Figure], quotes: list[Quote]) -> list[Figure]:
    """``figures`` and, after them, each person a quote is attributed to
    whom the figures missed (a person the tagger took for an organisation:
    "Vann R. Newkirk II", "Assemblywoman Claudia Tenney"), so that a
    person speaker is always a figure the side panel lists."""
    out = list(figures)
    known = {id(f) for f in figures}
    index = {f.name: f for f in out}
    for q in quotes:
        name = q.person
        if name is None:
            continue
        figure = index.get(name)
        if figure is None:
            figure = index[name] = Figure(name, None, [])
            out.append(figure)
        if id(figure) in known or q.speaker_mention is None or q.speaker_mention in figure.mentions:
            continue
        figure.mentions.append(q.speaker_mention)
    return out
