"""Imported, for its effect, by the forkserver that analysis workers are forked from.

It loads the language pipeline once -- NLTK, the entity tagger, Punkt's
parameters, the speaker model -- by annotating a short text, so that every
worker forked from the server starts with all of it in memory (see
:mod:`reader.analysis_pool`). Never imported anywhere else.

A failure here must not end the server: the workers then load the pipeline
themselves and report what is wrong with it per article, as before.

It also makes the server's exit immediate. When the import is done, the reader stops
the server and waits for it (so that nothing stays behind and its CPU is counted);
a normal interpreter exit would first tear down every object of the loaded pipeline,
~100 MB of them: 55-100 ms that every import waited for at its end. The server owns
nothing that needs cleaning up -- its workers were joined before it is stopped, and
they end with ``os._exit`` anyway, never running this hook.
"""

from __future__ import annotations

import atexit
import os
import sys

from reader.analysis_jobs import DEFAULT_ANNOTATOR, annotate_bodies


def _exit_now() -> None:
    """Flush what was written, then end the process without tearing its objects down."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (AttributeError, OSError, ValueError):
            pass
    os._exit(0)


atexit.register(_exit_now)  # registered last, so it runs first

_SAMPLE = (
    'Jane Doe, a spokeswoman for the city, said on Monday that the plan would go ahead. '
    '"We are ready," she said. Mr. Smith disagreed.'
)

try:
    annotate_bodies((DEFAULT_ANNOTATOR, [_SAMPLE]))
except Exception:  # noqa: BLE001 - see the module docstring
    pass
