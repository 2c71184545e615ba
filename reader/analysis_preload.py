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

And it keeps the garbage collector away from what it loads, as Python's documentation
of ``gc.freeze`` advises for a server that forks workers. Collecting while NLTK and the
models load found nothing to free and cost ~30 ms of the server's start, which every
import waits for; so the collector is off until the pipeline is loaded. Then everything
loaded is frozen: a worker's full collection no longer walks it, and walking it wrote to
every object's header, copying those pages into the worker (~50 ms a full collection,
~0.1 ms an article of a 500-article worker).
"""

from __future__ import annotations

import gc

gc.disable()  # before the imports below: see the module docstring

import atexit  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402

from reader.analysis_jobs import DEFAULT_ANNOTATOR, annotate_bodies  # noqa: E402


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
finally:
    gc.freeze()  # what is loaded stays out of every collection in the server and its workers
    gc.enable()
