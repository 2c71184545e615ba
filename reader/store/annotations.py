"""Annotations by a model other than the one stored with the article.

An article file carries the annotation made when it was imported. When the
language model changes (new ``MODEL_VERSION``), opening the article computes
a new one; it goes here, one small file per (article id = content hash, model
version), written atomically but without fsync: it can always be recomputed,
so opening an article never waits for the disk, and a damaged or missing
entry is simply a miss.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from reader.store.atomic import atomic_write, ensure_private_dir
from reader.store.errors import StoreError
from reader.store.storage import dumps


def _slug(model_version: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]", "_", model_version)[:80] or "model"


class AnnotationCache:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path(self, article_id: str, model_version: str) -> Path:
        return self.folder / _slug(model_version) / f"{article_id}.json"

    def get(self, article_id: str, model_version: str) -> dict[str, Any] | None:
        try:
            data = json.loads(self.path(article_id, model_version).read_bytes())
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def put(self, article_id: str, model_version: str, annotation: dict[str, Any]) -> None:
        """Best effort: a cache that cannot be written (full disk, read-only) is not an error."""
        path = self.path(article_id, model_version)
        try:
            ensure_private_dir(path.parent)
            atomic_write(path, dumps(annotation), durable=False)
        except StoreError:
            pass

    def discard(self, article_id: str) -> None:
        for path in self.folder.glob(f"*/{article_id}.json"):
            try:
                path.unlink()
            except OSError:
                pass
