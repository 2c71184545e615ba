"""Drafts: what the note editor holds before it is saved, kept across a crash.

A note being typed is the user's work too. The editor hands its text here a
moment after each pause in typing and when a save fails; if the app is
killed, the power goes or the save never succeeds, the text is offered back
the next time the editor opens for the same target (``key``: the note, or the
passage a new note is on). One small JSON file per key under ``drafts/``,
written atomically and durably (temp file, fsync, rename) like every other
user file, and deleted once the note is saved or the user discards it.

Drafts are kept apart from ``user.json`` on purpose: writing one takes no
library lock and adds nothing to the journal, so a draft can still be kept
while the library is locked by another copy of reader -- one of the failures
it exists for.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path

from reader.store.atomic import atomic_write, ensure_private_dir, fsync_dir, remove_stale_temps

STALE_TEMP = 60.0  # seconds: an older temp file in drafts/ is a crash's leftover


@dataclass(frozen=True, slots=True)
class Draft:
    key: str
    text: str
    saved_at: float  # time.time()


class Drafts:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, key: str) -> Path:
        return self.folder / f"{hashlib.sha256(key.encode('utf-8', 'surrogatepass')).hexdigest()[:32]}.json"

    def get(self, key: str) -> Draft | None:
        """The draft kept for ``key``, or None (also for an unreadable file: a draft is a
        courtesy, never a reason to fail)."""
        try:
            data = json.loads(self._path(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or data.get("key") != key or not isinstance(data.get("text"), str):
            return None
        saved_at = data.get("saved_at")
        return Draft(key, data["text"], float(saved_at) if isinstance(saved_at, int | float) else 0.0)

    def save(self, key: str, text: str) -> None:
        """Keep ``text`` for ``key`` durably; raises a StoreError subclass when it cannot."""
        ensure_private_dir(self.folder)
        data = json.dumps({"key": key, "text": text, "saved_at": time.time()}, ensure_ascii=False)
        atomic_write(self._path(key), data.encode("utf-8", "surrogatepass"))

    def discard(self, key: str) -> None:
        """Forget the draft for ``key`` (no error if there is none or it cannot be removed)."""
        path = self._path(key)
        try:
            os.unlink(path)
        except OSError:
            return
        fsync_dir(self.folder)
        remove_stale_temps(self.folder, min_age=STALE_TEMP)
