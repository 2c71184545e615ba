"""The user's own data: notes, highlights, bookmarks, positions, read state, settings.

Kept in one small file (``user.json``) apart from everything that can be
rebuilt, so saving a note rewrites kilobytes, not the article index. Every
change is a :meth:`UserStore.transaction`: take the lock, re-read the file
(another copy of reader may have written it), change, write atomically. A
damaged or too-new file is moved aside and the newest good backup restored,
never silently overwritten.
"""

from __future__ import annotations

import copy
import os
import re
import secrets
import time
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator

from reader.store.atomic import atomic_write
from reader.store.backups import Backups
from reader.store.errors import CorruptDataError, ReadOnlyError, StoreError, from_os_error
from reader.store.lock import StoreLock
from reader.store.schema import NewerSchemaError, USER_SCHEMA, empty_user_data, migrate_user_data
from reader.store.storage import AtomicJSONStorage

USER_FILE = "user.json"
BACKUP_EVERY = 600.0  # seconds between backups while a session keeps writing

_REV = re.compile(rb'\{"rev":"([0-9a-f]{1,32})"')


class UserStore:
    def __init__(self, data_dir: Path, lock: StoreLock, *, read_only: bool = False) -> None:
        self.path = data_dir / USER_FILE
        self.storage = AtomicJSONStorage(self.path)
        self.backups = Backups(data_dir / "backups")
        self.lock = lock
        self.read_only = read_only
        self.version = 0  # bumped whenever the cached data changes
        self._data: dict[str, Any] = empty_user_data()
        self._rev: str | None = None  # revision token of the file self._data was read from
        self._last_backup = 0.0

    # -- opening and recovery ------------------------------------------------

    def open(self) -> list[str]:
        """Load the file, migrating or recovering it; returns messages for the user."""
        if self.read_only:
            return self._open_read_only()
        with self.lock.held():
            warnings: list[str] = []
            try:
                raw = self.storage.read()
            except CorruptDataError as error:
                return self._recover(str(error), "corrupt")
            if raw is None:
                self._remember(empty_user_data(), None)
                return warnings
            try:
                data, was = migrate_user_data(raw)
            except NewerSchemaError as error:
                return self._recover(f"{self.path} cannot be read: {error}", "newer")
            except CorruptDataError as error:
                return self._recover(f"{self.path} is damaged: {error}", "corrupt")
            if was != USER_SCHEMA:
                self.backups.save(self.path.read_bytes())  # the pre-migration file, kept
                self._write(data)
                warnings.append(f"Your notes were upgraded from format {was} to {USER_SCHEMA}.")
            else:
                self._remember(data, self._disk_rev())
            try:
                self._backup_now()
            except StoreError as error:  # reading must still work on a full disk
                warnings.append(f"Your notes could not be backed up: {error}")
            return warnings

    def _open_read_only(self) -> list[str]:
        raw = self.storage.read()
        if raw is None:
            self._remember(empty_user_data(), None)
            return []
        data, _ = migrate_user_data(raw)  # in memory only: nothing is written
        self._remember(data, self._disk_rev())
        return []

    def _recover(self, problem: str, tag: str) -> list[str]:
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S")
        aside = self.path.with_name(f"{USER_FILE}.{tag}-{stamp}")
        try:
            os.replace(self.path, aside)
        except OSError as error:
            raise from_os_error(error, self.path, "move aside") from error
        found = self.backups.newest_good()
        if found is None:
            data = empty_user_data()
            message = (f"{problem} It was kept as {aside}; no usable backup was found, "
                       "so reader starts with no notes.")
        else:
            backup, data = found
            message = (f"{problem} It was kept as {aside} and your notes were restored from "
                       f"the backup {backup.name}.")
        self._write(data)
        return [message]

    # -- reading -------------------------------------------------------------

    def data(self) -> dict[str, Any]:
        """The current data, re-read only when another process wrote since. Treat as read-only."""
        rev = self._disk_rev()
        if rev is None or rev != self._rev:
            raw = self.storage.read()
            if raw is not None:
                self._remember(migrate_user_data(raw)[0], rev)
        return self._data

    def _disk_rev(self) -> str | None:
        """The revision token at the start of the file: a 64-byte read instead of a parse."""
        try:
            with open(self.path, "rb") as handle:
                head = handle.read(64)
        except FileNotFoundError:
            return None
        except OSError as error:
            raise from_os_error(error, self.path, "read") from error
        match = _REV.match(head)
        return match.group(1).decode() if match else None

    # -- writing -------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[dict[str, Any]]:
        """Lock, re-read if another process wrote, yield the data to change, write atomically.

        If the block raises, or the write fails (disk full, read-only), nothing
        is written and the next read comes from the file again.
        """
        if self.read_only:
            raise ReadOnlyError(
                f"The data folder {self.path.parent} is read-only: changes cannot be saved."
            )
        with self.lock.held():
            rev = self._disk_rev()
            if rev is not None and rev == self._rev:
                current = self._data
            else:
                raw = self.storage.read()
                current = empty_user_data() if raw is None else migrate_user_data(raw)[0]
            # tables are copied so readers iterating the cached data never see them change
            data = {key: dict(value) if isinstance(value, dict) else value for key, value in current.items()}
            try:
                yield data
                if time.monotonic() - self._last_backup > BACKUP_EVERY:
                    self._backup_now()
                self._write(data)
            except BaseException:
                self._rev = None  # documents may have been changed in place: re-read next time
                raise

    def _write(self, data: dict[str, Any]) -> None:
        """Write with a fresh revision token as the first key (see ``_disk_rev``)."""
        rev = secrets.token_hex(8)
        out = {"rev": rev, **{key: value for key, value in data.items() if key != "rev"}}
        self.storage.write(out)
        self._remember(out, rev)

    def replace_all(self, data: dict[str, Any]) -> None:
        """Swap in a whole new data set (restore), backing up the current one first."""
        data, _ = migrate_user_data(copy.deepcopy(data))
        with self.transaction() as current:
            self._backup_now()
            current.clear()
            current.update(data)

    def _backup_now(self) -> None:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return
        except OSError as error:
            raise from_os_error(error, self.path, "back up") from error
        self.backups.save(raw)
        self._last_backup = time.monotonic()

    def _remember(self, data: dict[str, Any], rev: str | None) -> None:
        self._data = data
        self._rev = rev
        self.version += 1
