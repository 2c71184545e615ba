"""What an analysis worker process runs during an import.

Kept apart from :mod:`reader.library` so that a worker, which unpickles
:func:`annotate_bodies` by importing its module, loads the language pipeline
and nothing of the storage (SQLite, TinyDB, the fetchers): that was ~0.1 s of
CPU in each worker's start, paid again by every import of more than a few
dozen articles.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable
from typing import Any

from reader.domain import Annotation

AnnotationResult = dict[str, Any] | str  # Annotation.to_dict(), or why it failed

DEFAULT_ANNOTATOR = "reader.nlp:annotate"  # module:function; the module also defines MODEL_VERSION


@functools.cache
def load_annotator(spec: str) -> tuple[Callable[[str], Annotation], str]:
    """The annotating function named by ``spec`` ("module:function") and its
    module's ``MODEL_VERSION`` (part of what is stored with each annotation)."""
    module_name, attr = spec.split(":")
    module = importlib.import_module(module_name)
    return getattr(module, attr), str(getattr(module, "MODEL_VERSION"))


def annotate_bodies(job: tuple[str, list[str]]) -> tuple[str, list[AnnotationResult]]:
    """Annotate each body; returns the model version and, per body, the annotation as a
    dict (what is stored, cheap to pickle back from a worker) or a rejection reason."""
    spec, bodies = job
    try:
        annotate, model_version = load_annotator(spec)
    except (ImportError, AttributeError, ValueError) as error:
        return "", [f"the language analysis is unavailable ({error})"] * len(bodies)
    results: list[AnnotationResult] = []
    for body in bodies:
        try:
            results.append(annotate(body).to_dict())
        except Exception as error:  # one bad article must not end an import
            results.append(f"could not be analysed ({type(error).__name__}: {error})")
    return model_version, results
