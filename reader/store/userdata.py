"""The user's own data: notes, highlights, bookmarks, positions, read state, settings.

A TinyDB database (:mod:`reader.store.repository`) on a
:class:`~reader.store.journaled.JournaledAtomicStorage`: ``user.json`` (the
snapshot) + ``user.log`` (the fsynced journal of changed documents). It is
kept apart from everything that can be rebuilt.

Every change is a :meth:`UserStore.transaction`: take the inter-process lock,
catch up with what another copy of reader wrote, run the TinyDB operations,
then journal the changed documents as one line — all of it or nothing. A
damaged or too-new file is moved aside and the newest good backup restored,
never silently overwritten.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator

from reader.store import journaled
from reader.store.atomic import atomic_write, ensure_private_dir
from reader.store.backups import Backups, save_pinned
from reader.store.errors import CorruptDataError, ReadOnlyError, StoreError, from_os_error
from reader.store.journaled import JournaledAtomicStorage, JournalDamaged, JournalTorn, apply_ops
from reader.store.lock import StoreLock
from reader.store.repository import UserData, UserDB
from reader.store.schema import USER_SCHEMA, NewerSchemaError, empty_tables, migrate_user_data, v2_to_exchange
from reader.store.storage import dumps
from reader.store.validate import describe, split_valid

USER_FILE = "user.json"
LOG_FILE = "user.log"
BACKUP_EVERY = 600.0  # seconds between backups while a session keeps writing


@dataclass(slots=True)
class RestoreOutcome:
    rejected: list[tuple[str, str, Any, str]] = field(default_factory=list)  # (table, id, doc, why)
    quarantine: Path | None = None


def _time(doc: dict[str, Any]) -> float:
    value = doc.get("updated_at", doc.get("created_at", 0.0))
    return float(value) if isinstance(value, int | float) else 0.0


def merge_tables(current: dict[str, dict[str, Any]], incoming: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Current + incoming: notes by id with the newer (``updated_at``) winning; every other
    document only where the current data has none (the current reading state and settings stay)."""
    merged = {name: dict(docs) for name, docs in current.items()}
    for name, docs in incoming.items():
        target = merged.setdefault(name, {})
        for doc_id, doc in docs.items():
            mine = target.get(doc_id)
            if mine is None or (name == "notes" and _time(doc) > _time(mine)):
                target[doc_id] = doc
    return merged


class UserStore:
    def __init__(self, data_dir: Path, lock: StoreLock, *, read_only: bool = False) -> None:
        self.path = data_dir / USER_FILE
        self.log_path = data_dir / LOG_FILE
        self.storage = JournaledAtomicStorage(self.path, self.log_path)
        self.db = UserDB(storage=lambda: self.storage)
        self.data = UserData(self.db)  # reads; writes go through transaction()
        self.backups = Backups(data_dir / "backups")
        self.lock = lock
        self.read_only = read_only
        self._last_backup = 0.0

    @property
    def version(self) -> int:
        """Bumped whenever the data changes (here or, once caught up, in another process)."""
        return self.storage.version

    def refresh(self) -> None:
        """Catch up with other processes' changes (a stat and a 64-byte read if none)."""
        self.storage.catch_up()

    # -- opening and recovery ------------------------------------------------

    def open(self) -> list[str]:
        """Load the files, migrating or recovering them; returns messages for the user."""
        if self.read_only:
            self.storage.load(salvage=True)
            return []
        with self.lock.held():
            warnings: list[str] = []
            try:
                was = self.storage.load(check=True)
            except NewerSchemaError as error:
                return self._recover(f"{self.path} cannot be read: {error}", "newer")
            except JournalTorn as error:
                return self._salvage(str(error), torn=True)
            except JournalDamaged as error:
                return self._salvage(str(error))
            except CorruptDataError as error:
                return self._recover(str(error), "corrupt")
            warnings.extend(self._quarantine_invalid())
            if self.storage.rev is None or was != USER_SCHEMA:
                if was != USER_SCHEMA:
                    self.backups.save(self.path.read_bytes())  # the pre-migration file, kept
                    warnings.append(f"Your notes were upgraded from format {was} to {USER_SCHEMA}.")
                self.storage.compact()
            try:
                self._backup_now()
            except StoreError as error:  # reading must still work on a full disk
                warnings.append(f"Your notes could not be backed up: {error}")
            return warnings

    def _quarantine_invalid(self) -> list[str]:
        """Documents that fail the field checks are moved to a quarantine file (caller holds
        the lock), so every reader of the data can trust its shape."""
        good, bad = split_valid(self.storage.tables)
        if not bad:
            return []
        where = self.quarantine(bad)
        self.storage.replace(good)
        return [f"{len(bad)} damaged record(s) in your notes were set aside in {where} "
                f"({describe(bad)}); everything else is kept."]

    def quarantine(self, bad: list[tuple[str, str, Any, str]]) -> Path:
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S.%f")
        folder = self.backups.folder
        ensure_private_dir(folder)
        path = folder / f"quarantine-{stamp}.json"
        atomic_write(path, dumps([{"table": t, "id": i, "document": d, "why": w} for t, i, d, w in bad]))
        return path

    def _recover(self, problem: str, tag: str) -> list[str]:
        """The snapshot is unusable: restore the newest good backup, then replay onto it the
        journal's changes (whole documents, so they hold on the older base too)."""
        journal = [] if tag == "newer" else self.storage.journal_ops()
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S")
        aside = self.path.with_name(f"{USER_FILE}.{tag}-{stamp}")
        try:
            if self.path.exists():
                os.replace(self.path, aside)
            if self.log_path.exists():
                os.replace(self.log_path, self.log_path.with_name(f"{LOG_FILE}.{tag}-{stamp}"))
        except OSError as error:
            raise from_os_error(error, self.path, "move aside") from error
        found = self.backups.newest_good()
        if found is None:
            tables = empty_tables()
            message = (f"{problem} It was kept as {aside}; no usable backup was found, "
                       "so reader starts with no notes.")
        else:
            backup, data = found
            tables = data["tables"]
            message = (f"{problem} It was kept as {aside} and your notes were restored from "
                       f"the backup {backup.name}.")
        try:
            # a v2 journal fits the v2 backup; an older one's ops fit no table of it
            candidate = {name: dict(docs) for name, docs in tables.items()}
            apply_ops(candidate, journal)
            tables = migrate_user_data({"schema": USER_SCHEMA, "tables": candidate})[0]["tables"]
        except (KeyError, TypeError, ValueError, AttributeError, IndexError, CorruptDataError):
            pass  # a journal that does not fit the backup: the backup alone it is
        self.storage.replace(tables)
        return [message]

    def _salvage(self, problem: str, *, torn: bool = False) -> list[str]:
        """A damaged journal (bad sector, stray edit, truncation): keep a copy of the files aside,
        keep every intact record, add back from the newest backup every document the damage
        may have taken, and say so (counts only: never the notes' text)."""
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S.%f")
        tag = "torn" if torn else "damaged"
        aside = self.log_path.with_name(f"{LOG_FILE}.{tag}-{stamp}")
        try:
            shutil.copyfile(self.log_path, aside)
            os.chmod(aside, 0o600)
            if self.path.exists():
                shutil.copyfile(self.path, self.path.with_name(f"{USER_FILE}.{tag}-{stamp}"))
                os.chmod(self.path.with_name(f"{USER_FILE}.{tag}-{stamp}"), 0o600)
        except OSError as error:
            raise from_os_error(error, aside, "keep a copy of") from error
        self.storage.load(salvage=True)
        tables = {name: dict(docs) for name, docs in self.storage.tables.items()}
        found = self.backups.newest_good()
        added = 0
        if found is not None:
            for name, docs in found[1]["tables"].items():
                target = tables.setdefault(name, {})
                for doc_id, doc in docs.items():
                    if doc_id not in target:
                        target[doc_id] = doc
                        added += 1
        good, bad = split_valid(tables)
        self.storage.replace(good)
        if torn:
            what = "Its last change was not completely written (a crash while saving?) and was dropped"
        else:
            what = f"{self.storage.skipped_lines} damaged change(s) were skipped, all intact ones kept"
        backup = f"; {added} record(s) were brought back from the backup {found[0].name}" if found and added else ""
        return [f"{problem} {what}{backup}. The damaged file was kept as {aside}."]

    # -- writing -------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[UserData]:
        """Lock, catch up, yield the data for TinyDB operations, then journal the changed
        documents durably as one line.

        If the block raises, or the save fails (disk full, read-only), nothing
        is written and the data stays as it was. A transaction opened inside
        another (same thread) joins it: the outer one saves or drops both.
        """
        if self.read_only:
            raise ReadOnlyError(
                f"The data folder {self.path.parent} is read-only: changes cannot be saved."
            )
        if self.storage.in_transaction:
            yield self.data
            return
        with self.lock.held():
            self.storage.begin()
            try:
                yield self.data
            except BaseException:
                self.storage.abort()
                raise
            if not self.storage.commit():
                return
            try:  # the change is saved; housekeeping that fails now is retried later
                if self.storage.journal_lines >= journaled.COMPACT_LINES:
                    self.storage.compact()
                if time.monotonic() - self._last_backup > BACKUP_EVERY:
                    self._backup_now()
            except StoreError:
                pass

    def compact(self) -> None:
        """Fold the journal into the snapshot now."""
        with self.lock.held():
            self.storage.catch_up()
            self.storage.compact()

    def exchange(self) -> dict[str, Any]:
        """Everything, in the exchange (v1) layout that dumps and JSON backups carry; a copy."""
        self.storage.catch_up()
        return json.loads(dumps(v2_to_exchange({"tables": self.storage.tables})))

    def replace_all(self, data: dict[str, Any], *, merge: bool = False) -> RestoreOutcome:
        """Restore ``data`` (any schema this version reads): merged into the current data (notes
        and bookmarks by id, the newer note wins; nothing of the current data is removed) or,
        with ``merge=False``, in its place. A pinned backup of the current data is made first;
        documents failing the field checks are quarantined, not restored."""
        new, _ = migrate_user_data(json.loads(dumps(data)))
        if self.read_only:
            raise ReadOnlyError(f"The data folder {self.path.parent} is read-only: nothing was restored.")
        incoming, bad = split_valid(new["tables"])
        outcome = RestoreOutcome(rejected=bad)
        with self.lock.held():
            self.storage.catch_up()
            save_pinned(self.backups.folder, "before-restore",
                        dumps({"schema": USER_SCHEMA, "tables": self.storage.tables}))
            if bad:
                outcome.quarantine = self.quarantine(bad)
            tables = merge_tables(self.storage.tables, incoming) if merge else incoming
            self.storage.replace(tables)
        return outcome

    def _backup_now(self) -> None:
        self.backups.save(dumps({"schema": USER_SCHEMA, "tables": self.storage.tables}))
        self._last_backup = time.monotonic()
