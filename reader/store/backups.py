"""Backups of the user file and of the article database, kept by age.

Counting backups lost history: a script running reader twenty times rotated
every useful copy away in seconds. Copies are now kept by age (every one of
the last 10 minutes, the newest of each hour for a day, of each day for a
week, and always the newest few), so a damaged file can be recovered from a
state at most minutes old *and* from yesterday's.

Before a destructive operation (a restore, deleting an article with notes)
a *pinned* copy goes to ``backups/pinned/``: ordinary saves never rotate it
out (only age, after ``PINNED_DAYS``, and never the newest ``PINNED_KEEP``).

The article database is copied with SQLite's online backup API (consistent
while other processes write), at most once a day and only when it changed;
being large, only the newest ``DB_KEEP`` copies are kept.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
from collections.abc import Callable, Iterable
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.store.atomic import atomic_write, ensure_private_dir
from reader.store.errors import CorruptDataError, StoreError
from reader.store.schema import migrate_user_data
from reader.store.storage import load_json_file

if TYPE_CHECKING:
    from reader.store.database import ArticleDB

PREFIX = "user-"
DB_PREFIX = "library-"
RECENT = 600.0  # seconds: every backup this young is kept…
RECENT_MAX = 30  # …up to this many
HOURLY_FOR = 86_400.0
DAILY_FOR = 7 * 86_400.0
ALWAYS = 3  # the newest few, however old
DB_EVERY = 86_400.0
DB_KEEP = 2
PINNED_DAYS = 90
PINNED_KEEP = 20
_STAMP = re.compile(r"(\d{8}T\d{6}(?:\.\d+)?)")


def stamp_now() -> str:
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S.%f")


def age_of(path: Path, now: float) -> float:
    """Seconds since the backup was made (from its name; its mtime if the name has none)."""
    found = _STAMP.search(path.name)
    if found:
        text = found.group(1)
        fmt = "%Y%m%dT%H%M%S.%f" if "." in text else "%Y%m%dT%H%M%S"
        try:
            return now - datetime.strptime(text, fmt).replace(tzinfo=timezone.utc).timestamp()
        except ValueError:
            pass
    try:
        return now - path.stat().st_mtime
    except OSError:
        return float("inf")


def to_keep(files: list[Path], now: float | None = None) -> set[Path]:
    """Which of ``files`` (newest first) the age policy keeps: the newest few, every one of the
    last ten minutes (up to ``RECENT_MAX``), and the *oldest* of each hour of the last day and
    of each day of the last week -- the state before a burst of saves is what one wants back."""
    now = time.time() if now is None else now
    keep = set(files[:ALWAYS])
    recent = 0
    oldest: dict[tuple[str, int], Path] = {}
    for path in files:  # newest first: later ones in a bucket are older and replace the earlier
        age = age_of(path, now)
        if age <= RECENT and recent < RECENT_MAX:
            keep.add(path)
            recent += 1
        if age <= HOURLY_FOR:
            oldest[("hour", int(age // 3600))] = path
        elif age <= DAILY_FOR:
            oldest[("day", int(age // 86_400))] = path
    return keep | set(oldest.values())


def _listed(folder: Path, prefix: str, suffix: str) -> list[Path]:
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    found = [n for n in names if n.startswith(prefix) and n.endswith(suffix)]
    return [folder / n for n in sorted(found, reverse=True)]


def _prune(paths: Iterable[Path], keep: set[Path]) -> None:
    for old in paths:
        if old not in keep:
            try:
                old.unlink()
            except OSError:
                pass


class Backups:
    """Copies of the user file in ``folder``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def files(self) -> list[Path]:
        """Newest first (names sort by time)."""
        return _listed(self.folder, PREFIX, ".json")

    def save(self, raw: bytes) -> Path | None:
        """Store ``raw`` (a valid user file) unless the newest backup already holds it."""
        newest = self.files()[:1]
        if newest and _digest_of(newest[0]) == hashlib.blake2b(raw).digest():
            return None
        ensure_private_dir(self.folder)
        path = self.folder / f"{PREFIX}{stamp_now()}.json"
        atomic_write(path, raw)
        files = self.files()
        _prune(files, to_keep(files))
        return path

    def newest_good(self) -> tuple[Path, dict[str, Any]] | None:
        """The newest backup that parses and that this version can read."""
        for path in self.files():
            try:
                data = load_json_file(path)
                if isinstance(data, dict):
                    return path, migrate_user_data(data)[0]
            except (CorruptDataError, StoreError, RecursionError):
                continue
        return None


def save_pinned(folder: Path, reason: str, raw: bytes) -> Path:
    """A backup before a destructive operation, in ``folder/pinned``."""
    pinned = ensure_private_dir(folder / "pinned")
    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", reason)[:60] or "backup"
    path = pinned / f"{stamp_now()}-{slug}.json"
    atomic_write(path, raw)
    files = pinned_files(folder)
    now = time.time()
    _prune(files, set(files[:PINNED_KEEP]) | {p for p in files if age_of(p, now) < PINNED_DAYS * 86_400})
    return path


def pinned_files(folder: Path) -> list[Path]:
    return _listed(folder / "pinned", "", ".json")


def database_files(folder: Path) -> list[Path]:
    return _listed(folder, DB_PREFIX, ".db")


def backup_database(db: ArticleDB, folder: Path, *, force: bool = False,
                    progress: Callable[[int, int], None] | None = None) -> Path | None:
    """A copy of the article database when it changed and the newest copy is a day old."""
    files = database_files(folder)
    fingerprint = db.fingerprint()
    marker = folder / "library-backup.fingerprint"
    if not force and files:
        try:
            same = marker.read_text() == fingerprint
        except OSError:
            same = False
        if same or age_of(files[0], time.time()) < DB_EVERY:
            return None
    ensure_private_dir(folder)
    path = folder / f"{DB_PREFIX}{stamp_now()}.db"
    db.backup_to(path, progress)
    atomic_write(marker, fingerprint.encode(), durable=False)
    files = database_files(folder)
    _prune(files, set(files[:DB_KEEP]))
    return path


def _digest_of(path: Path) -> bytes | None:
    try:
        return hashlib.blake2b(path.read_bytes()).digest()
    except OSError:
        return None
