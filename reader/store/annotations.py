"""The annotation cache: one small file per (body hash, model version).

Annotations are expensive to compute and cheap to rebuild, so they are written
atomically but without fsync; a damaged or missing entry is simply a miss.
A new ``MODEL_VERSION`` gets a new folder, so stale annotations are never used.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from reader.domain import Annotation
from reader.store.atomic import atomic_write, ensure_private_dir
from reader.store.errors import StoreError
from reader.store.storage import dumps


def content_hash(body: str) -> str:
    return hashlib.blake2b(body.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def _slug(model_version: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]", "_", model_version)[:80] or "model"


class AnnotationCache:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path(self, body_hash: str, model_version: str) -> Path:
        return self.folder / _slug(model_version) / body_hash[:2] / f"{body_hash}.json"

    def get(self, body_hash: str, model_version: str) -> Annotation | None:
        try:
            data = json.loads(self.path(body_hash, model_version).read_bytes())
            return Annotation.from_dict(data)
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def put(self, body_hash: str, model_version: str, annotation: Annotation) -> None:
        """Best effort: a cache that cannot be written (full disk, read-only) is not an error."""
        path = self.path(body_hash, model_version)
        try:
            ensure_private_dir(path.parent)
            atomic_write(path, dumps(annotation.to_dict()), durable=False)
        except StoreError:
            pass
