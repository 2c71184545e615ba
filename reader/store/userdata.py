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
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator

from reader.store import journaled
from reader.store.backups import Backups
from reader.store.errors import CorruptDataError, ReadOnlyError, StoreError, from_os_error
from reader.store.journaled import JournaledAtomicStorage, JournalDamaged, apply_ops
from reader.store.lock import StoreLock
from reader.store.repository import UserData, UserDB
from reader.store.schema import USER_SCHEMA, NewerSchemaError, empty_tables, migrate_user_data, v2_to_exchange
from reader.store.storage import dumps

USER_FILE = "user.json"
LOG_FILE = "user.log"
BACKUP_EVERY = 600.0  # seconds between backups while a session keeps writing


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
                was = self.storage.load()
            except NewerSchemaError as error:
                return self._recover(f"{self.path} cannot be read: {error}", "newer")
            except JournalDamaged as error:
                return self._salvage(str(error))
            except CorruptDataError as error:
                return self._recover(str(error), "corrupt")
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

    def _salvage(self, problem: str) -> list[str]:
        """A damaged journal line (bad disk sector, stray edit): keep every good transaction,
        keep the damaged journal aside, and say so."""
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S")
        aside = self.log_path.with_name(f"{LOG_FILE}.corrupt-{stamp}")
        try:
            shutil.copyfile(self.log_path, aside)
            os.chmod(aside, 0o600)
        except OSError as error:
            raise from_os_error(error, aside, "keep a copy of") from error
        self.storage.load(salvage=True)
        self.storage.compact()
        return [f"{problem} {self.storage.skipped_lines} damaged change(s) were skipped, all others "
                f"kept; the damaged file was kept as {aside}."]

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

    def replace_all(self, data: dict[str, Any]) -> None:
        """Swap in a whole new data set (restore; any schema this version reads), backing up the
        current one first."""
        new, _ = migrate_user_data(json.loads(dumps(data)))
        if self.read_only:
            raise ReadOnlyError(f"The data folder {self.path.parent} is read-only: nothing was restored.")
        with self.lock.held():
            self.storage.catch_up()
            self._backup_now()
            self.storage.replace(new["tables"])

    def _backup_now(self) -> None:
        self.backups.save(dumps({"schema": USER_SCHEMA, "tables": self.storage.tables}))
        self._last_backup = time.monotonic()
