"""Rotating backups of the user file.

A backup is taken when a session starts (if the file changed since the last
one) and at most every few minutes while writing, so a damaged ``user.json``
can be recovered with little loss. Only the newest few are kept.
"""

from __future__ import annotations

import hashlib
import os
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from reader.store.atomic import atomic_write, ensure_private_dir
from reader.store.errors import CorruptDataError, StoreError
from reader.store.schema import migrate_user_data
from reader.store.storage import load_json_file

KEEP = 5
PREFIX = "user-"


class Backups:
    def __init__(self, folder: Path, keep: int = KEEP) -> None:
        self.folder = folder
        self.keep = keep

    def files(self) -> list[Path]:
        """Newest first (names sort by time)."""
        try:
            names = os.listdir(self.folder)
        except OSError:
            return []
        found = [n for n in names if n.startswith(PREFIX) and n.endswith(".json")]
        return [self.folder / n for n in sorted(found, reverse=True)]

    def save(self, raw: bytes) -> Path | None:
        """Store ``raw`` (a valid user file) unless the newest backup already holds it."""
        newest = self.files()[:1]
        if newest and _digest_of(newest[0]) == hashlib.blake2b(raw).digest():
            return None
        ensure_private_dir(self.folder)
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S.%f")
        path = self.folder / f"{PREFIX}{stamp}.json"
        atomic_write(path, raw)
        for old in self.files()[self.keep:]:
            try:
                old.unlink()
            except OSError:
                pass
        return path

    def newest_good(self) -> tuple[Path, dict[str, Any]] | None:
        """The newest backup that parses and that this version can read."""
        for path in self.files():
            try:
                data = load_json_file(path)
                if isinstance(data, dict):
                    return path, migrate_user_data(data)[0]
            except (CorruptDataError, StoreError):
                continue
        return None


def _digest_of(path: Path) -> bytes | None:
    try:
        return hashlib.blake2b(path.read_bytes()).digest()
    except OSError:
        return None
