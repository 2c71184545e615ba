"""The user's own data: notes, highlights, bookmarks, positions, read state, settings.

Kept apart from everything that can be rebuilt, in two files:

- ``user.json``: a snapshot, ``{"rev": token, "schema": N, "meta": {}, "notes": {id: doc},
  "bookmarks": {...}, "articles": {...}, "state": {...}}``, always replaced atomically;
- ``user.log``: an append-only journal of the transactions since that snapshot,
  one JSON line each (``{"ops": [["put", table, key, doc] | ["del", table, key], ...]}``),
  fsynced before a save returns.

So saving a note appends ~300 bytes however many notes exist; every
``COMPACT_LINES`` transactions the snapshot is rewritten and the journal emptied.
Ops put or delete whole documents, so replaying a journal the snapshot already
includes (a crash between the two steps of a compaction) changes nothing. A
line cut short by a crash was never acknowledged and is dropped.

Every change is a :meth:`UserStore.transaction` under the inter-process lock:
first catch up with what another copy of reader wrote, then journal. A damaged
or too-new file is moved aside and the newest good backup restored, never
silently overwritten.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import time
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator

from reader.store.atomic import atomic_write, fsync_dir
from reader.store.backups import Backups
from reader.store.errors import CorruptDataError, ReadOnlyError, StoreError, from_os_error
from reader.store.lock import StoreLock
from reader.store.schema import TABLES, USER_SCHEMA, NewerSchemaError, empty_user_data, migrate_user_data
from reader.store.storage import AtomicJSONStorage, dumps

USER_FILE = "user.json"
LOG_FILE = "user.log"
COMPACT_LINES = 400  # transactions in the journal before the snapshot is rewritten
BACKUP_EVERY = 600.0  # seconds between backups while a session keeps writing
WRITABLE_TABLES = ("meta", *TABLES)

_REV = re.compile(rb'\{"rev":"([0-9a-f]{1,32})"')


class JournalDamaged(CorruptDataError):
    """A complete line of the journal does not parse."""


class Transaction:
    """One all-or-nothing change: read with :meth:`table`, change with :meth:`put`/:meth:`delete`.

    Documents are replaced whole (never changed in place), which is what makes
    the journal idempotent; ``put`` stores a copy of ``doc``.
    """

    def __init__(self, data: dict[str, Any]) -> None:
        self._data = data
        self._copied: set[str] = set()
        self.ops: list[list[Any]] = []

    def table(self, name: str) -> dict[str, Any]:
        """The table as it stands in this transaction. Read-only: use put/delete."""
        return self._data[name]

    def get(self, name: str, key: str, default: Any = None) -> Any:
        """A copy of one document, safe to change and ``put`` back."""
        doc = self._data[name].get(key)
        return default if doc is None else json.loads(dumps(doc))

    def put(self, name: str, key: str, doc: Any) -> None:
        doc = json.loads(dumps(doc))  # a private copy, and proof it is JSON
        self._writable(name)[key] = doc
        self.ops.append(["put", name, key, doc])

    def delete(self, name: str, key: str) -> bool:
        if key not in self._data[name]:
            return False
        del self._writable(name)[key]
        self.ops.append(["del", name, key])
        return True

    def _writable(self, name: str) -> dict[str, Any]:
        if name not in WRITABLE_TABLES:
            raise KeyError(f"no table {name!r}")
        if name not in self._copied:  # copy on first write: the cached data stays as it was
            self._data[name] = dict(self._data[name])
            self._copied.add(name)
        return self._data[name]


def apply_ops(data: dict[str, Any], ops: list[list[Any]]) -> None:
    for op in ops:
        if op[0] == "put":
            data.setdefault(op[1], {})[op[2]] = op[3]
        elif op[0] == "del":
            data.get(op[1], {}).pop(op[2], None)
        else:
            raise ValueError(f"unknown operation {op[0]!r}")


class UserStore:
    def __init__(self, data_dir: Path, lock: StoreLock, *, read_only: bool = False) -> None:
        self.path = data_dir / USER_FILE
        self.log_path = data_dir / LOG_FILE
        self.storage = AtomicJSONStorage(self.path)
        self.backups = Backups(data_dir / "backups")
        self.lock = lock
        self.read_only = read_only
        self.version = 0  # bumped whenever the cached data changes
        self._data: dict[str, Any] = empty_user_data()
        self._rev: str | None = None  # revision token of the snapshot self._data came from
        self._log_ino: int | None = None
        self._log_offset = 0  # bytes of the journal applied (always at a line end)
        self._log_lines = 0
        self._last_backup = 0.0
        self.skipped_lines = 0  # damaged journal lines skipped by the last salvaging load

    # -- opening and recovery ------------------------------------------------

    def open(self) -> list[str]:
        """Load the files, migrating or recovering them; returns messages for the user."""
        if self.read_only:
            self._load(salvage=True)
            return []
        with self.lock.held():
            warnings: list[str] = []
            try:
                was = self._load()
            except NewerSchemaError as error:
                return self._recover(f"{self.path} cannot be read: {error}", "newer")
            except JournalDamaged as error:
                return self._salvage(str(error))
            except CorruptDataError as error:
                return self._recover(str(error), "corrupt")
            if self._rev is None or was != USER_SCHEMA:
                if was != USER_SCHEMA:
                    self.backups.save(self.path.read_bytes())  # the pre-migration file, kept
                    warnings.append(f"Your notes were upgraded from format {was} to {USER_SCHEMA}.")
                self._compact()
            try:
                self._backup_now()
            except StoreError as error:  # reading must still work on a full disk
                warnings.append(f"Your notes could not be backed up: {error}")
            return warnings

    def _load(self, *, salvage: bool = False) -> int:
        """Read the snapshot, apply the whole journal, then migrate (in memory); returns the
        snapshot's schema version. ``salvage`` skips damaged journal lines instead of failing."""
        before = (self._data, self._rev, self._log_ino, self._log_offset, self._log_lines)
        try:
            raw = self.storage.read()
            if raw is None:
                raw = empty_user_data()
            rev = raw.get("rev")
            self._data = raw
            self._rev = rev if isinstance(rev, str) and self.path.exists() else None
            self._log_ino, self._log_offset, self._log_lines = None, 0, 0
            self.skipped_lines = 0
            self._read_log(salvage=salvage)  # the journal is in the snapshot's format
            self._data, was = migrate_user_data(self._data)
        except BaseException:
            # a failed load must not leave half-read data looking current
            self._data, self._rev, self._log_ino, self._log_offset, self._log_lines = before
            raise
        self.version += 1
        return was

    def _recover(self, problem: str, tag: str) -> list[str]:
        """The snapshot is unusable: restore the newest good backup, then replay onto it the
        journal's changes (whole documents, so they hold on the older base too)."""
        journal = [] if tag == "newer" else self._journal_ops()
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
            data = empty_user_data()
            message = (f"{problem} It was kept as {aside}; no usable backup was found, "
                       "so reader starts with no notes.")
        else:
            backup, data = found
            message = (f"{problem} It was kept as {aside} and your notes were restored from "
                       f"the backup {backup.name}.")
        try:
            apply_ops(data, journal)
        except (KeyError, TypeError, ValueError, AttributeError, IndexError):
            pass  # a journal that does not fit the backup: the backup alone it is
        self._data = data
        self._compact()
        return [message]

    def _journal_ops(self) -> list[list[Any]]:
        """Every op of every readable journal line (for recovery)."""
        try:
            raw = self.log_path.read_bytes()
        except OSError:
            return []
        ops: list[list[Any]] = []
        for line in raw.split(b"\n"):
            try:
                entry = json.loads(line)["ops"]
                if isinstance(entry, list):
                    ops.extend(op for op in entry if isinstance(op, list) and len(op) >= 3)
            except (ValueError, KeyError, TypeError):
                continue
        return ops

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
        self._load(salvage=True)
        self._compact()
        return [f"{problem} {self.skipped_lines} damaged change(s) were skipped, all others kept; "
                f"the damaged file was kept as {aside}."]

    # -- reading -------------------------------------------------------------

    def data(self) -> dict[str, Any]:
        """The current data, catching up with other processes first. Treat as read-only."""
        self._catch_up()
        return self._data

    def _catch_up(self) -> None:
        """Reload if the snapshot changed, else apply the journal's new lines (a stat and a
        64-byte read when nothing changed)."""
        rev = self._disk_rev()
        if rev != self._rev:
            self._load()
            return
        try:
            st = os.stat(self.log_path)
        except FileNotFoundError:
            if self._log_offset:
                self._load()
            return
        except OSError as error:
            raise from_os_error(error, self.log_path, "read") from error
        if (self._log_ino is not None and st.st_ino != self._log_ino) or st.st_size < self._log_offset:
            self._load()
        elif st.st_size > self._log_offset:
            if self._read_log():
                self.version += 1

    def _disk_rev(self) -> str | None:
        try:
            with open(self.path, "rb") as handle:
                head = handle.read(64)
        except FileNotFoundError:
            return None
        except OSError as error:
            raise from_os_error(error, self.path, "read") from error
        match = _REV.match(head)
        return match.group(1).decode() if match else None

    def _read_log(self, *, salvage: bool = False) -> bool:
        """Apply the journal from the current offset; returns whether anything was applied."""
        try:
            with open(self.log_path, "rb") as log:
                self._log_ino = os.fstat(log.fileno()).st_ino
                log.seek(self._log_offset)
                tail = log.read()
        except FileNotFoundError:
            return False
        except OSError as error:
            raise from_os_error(error, self.log_path, "read") from error
        end = tail.rfind(b"\n") + 1  # after the last newline: a line still being written, or torn
        if not end:
            return False
        lines = tail[:end].split(b"\n")[:-1]
        data = {key: dict(value) if isinstance(value, dict) else value for key, value in self._data.items()}
        for number, line in enumerate(lines):
            try:
                apply_ops(data, json.loads(line)["ops"])
            except (ValueError, KeyError, TypeError, IndexError, AttributeError) as error:
                if not salvage:
                    raise JournalDamaged(
                        f"{self.log_path} is damaged at line {self._log_lines + number + 1}: {error!r}."
                    ) from error
                self.skipped_lines += 1
        self._data = data  # a new object: readers holding the old one never see it change
        self._log_offset += end
        self._log_lines += len(lines)
        return True

    # -- writing -------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """Lock, catch up, yield a Transaction, then journal its ops durably.

        If the block raises, or the save fails (disk full, read-only), nothing
        is written and the cached data stays as it was.
        """
        if self.read_only:
            raise ReadOnlyError(
                f"The data folder {self.path.parent} is read-only: changes cannot be saved."
            )
        with self.lock.held():
            self._catch_up()
            data = dict(self._data)  # tables are copied by the transaction on first write
            txn = Transaction(data)
            yield txn
            if not txn.ops:
                return
            self._append(dumps({"ops": txn.ops}) + b"\n")
            self._data = data
            self._log_offset = os.stat(self.log_path).st_size
            self._log_lines += 1
            self.version += 1
            try:  # the change is saved; housekeeping that fails now is retried later
                if self._log_lines >= COMPACT_LINES:
                    self._compact()
                if time.monotonic() - self._last_backup > BACKUP_EVERY:
                    self._backup_now()
            except StoreError:
                pass

    def _append(self, line: bytes) -> None:
        created = not self.log_path.exists()
        try:
            fd = os.open(self.log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        except OSError as error:
            raise from_os_error(error, self.log_path) from error
        try:
            if os.fstat(fd).st_size > self._log_offset:
                os.ftruncate(fd, self._log_offset)  # drop a torn, never-acknowledged line
            try:
                view = memoryview(line)
                while view:
                    view = view[os.write(fd, view):]
                os.fsync(fd)
            except BaseException:
                os.ftruncate(fd, self._log_offset)  # no half line left behind
                raise
        except OSError as error:
            raise from_os_error(error, self.log_path) from error
        finally:
            os.close(fd)
        if created:
            fsync_dir(self.log_path.parent)
            self._log_ino = os.stat(self.log_path).st_ino

    def _compact(self) -> None:
        """Write the snapshot (new revision token first) and empty the journal; caller holds
        the lock."""
        rev = secrets.token_hex(8)
        self.storage.write({"rev": rev, **{k: v for k, v in self._data.items() if k != "rev"}})
        atomic_write(self.log_path, b"")
        self._rev = rev
        self._log_ino = os.stat(self.log_path).st_ino
        self._log_offset = 0
        self._log_lines = 0
        self.version += 1

    def replace_all(self, data: dict[str, Any]) -> None:
        """Swap in a whole new data set (restore), backing up the current one first."""
        data, _ = migrate_user_data(json.loads(dumps(data)))
        if self.read_only:
            raise ReadOnlyError(f"The data folder {self.path.parent} is read-only: nothing was restored.")
        with self.lock.held():
            self._catch_up()
            self._backup_now()
            self._data = data
            self._compact()

    def _backup_now(self) -> None:
        self.backups.save(dumps({k: v for k, v in self._data.items() if k != "rev"}))
        self._last_backup = time.monotonic()
