"""Imported, for its effect, by the forkserver that analysis workers are forked from.

It loads the language pipeline once -- NLTK, the entity tagger, Punkt's
parameters, the speaker model -- by annotating a short text, so that every
worker forked from the server starts with all of it in memory (see
:mod:`reader.analysis_pool`). Never imported anywhere else.

A failure here must not end the server: the workers then load the pipeline
themselves and report what is wrong with it per article, as before.
"""

from __future__ import annotations

from reader.analysis_jobs import DEFAULT_ANNOTATOR, annotate_bodies

_SAMPLE = (
    'Jane Doe, a spokeswoman for the city, said on Monday that the plan would go ahead. '
    '"We are ready," she said. Mr. Smith disagreed.'
)

try:
    annotate_bodies((DEFAULT_ANNOTATOR, [_SAMPLE]))
except Exception:  # noqa: BLE001 - see the module docstring
    pass
