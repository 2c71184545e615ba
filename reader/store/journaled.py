"""A TinyDB storage that journals changed documents instead of rewriting the file.

TinyDB hands its storage the *whole* database on every write. Rewriting a
file of 2,000 notes (and fsyncing it) for each saved note would cost tens of
milliseconds, so this storage keeps two files:

- the snapshot, ``{"rev": token, "schema": N, "tables": {name: {doc_id: doc}}}``,
  always replaced atomically (temp file, fsync, ``os.replace``, fsync the folder);
- the journal, one self-checking record per transaction since that snapshot,
  fsynced before a save returns: ``#<crc32 of the JSON, 8 hex> <JSON>\n`` with
  the JSON ``{"ops": [["put", table, doc_id, doc] | ["del", table, doc_id], ...]}``.
  A compaction starts the journal with a header record ``{"journal": rev}``
  naming its snapshot, so an emptied or cut-off journal is seen as damage,
  not taken for a fresh one.

Only a *torn* last record (a prefix of a record, no newline: a crash while
appending) may be dropped as unacknowledged; a record whose checksum fails,
bytes that are no record at all (zeros, garbage) or a missing header are
damage, which :class:`reader.store.userdata.UserStore` recovers from (the
file kept aside, the newest backup merged with every intact record).

``write`` only records the new state; :meth:`commit` (the end of a
transaction) diffs it against the last state it knows, per table and per
document, and appends the changed documents as one line. So saving a note
appends ~300 bytes however many notes exist. Every ``COMPACT_LINES`` lines the
snapshot is rewritten and the journal emptied. Ops put or delete whole
documents, so replaying a journal the snapshot already includes (a crash
between the two steps of a compaction) changes nothing; a line cut short by a
crash was never acknowledged and is dropped.

``read`` returns snapshot + journal, first catching up with what another
process appended (a stat and a 64-byte read when nothing changed). The caller
(:class:`reader.store.userdata.UserStore`) holds the inter-process lock from
:meth:`begin` to :meth:`commit`.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import threading
import zlib
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from reader.store.atomic import append_durably, atomic_write
from reader.store.errors import CorruptDataError, from_os_error
from reader.store.schema import (
    USER_SCHEMA,
    Tables,
    empty_user_data,
    journal_tables,
    migrate_user_data,
    schema_of,
)
from reader.store.storage import dumps, load_json_file

COMPACT_LINES = 400  # transactions in the journal before the snapshot is rewritten

_REV = re.compile(rb'\{"rev":"([0-9a-f]{1,32})"')


class JournalDamaged(CorruptDataError):
    """A record of the journal fails its checksum or does not parse, or the journal lost its
    header."""


class JournalTorn(CorruptDataError):
    """The journal ends in the first bytes of a record (a crash mid-append, or a truncation)."""


def encode_record(payload: bytes) -> bytes:
    return b"#%08x " % zlib.crc32(payload) + payload + b"\n"


def decode_record(line: bytes) -> Any:
    """The JSON of one complete record (legacy records are plain JSON lines); ValueError if bad."""
    if line.startswith(b"#"):
        if len(line) < 10 or line[9:10] != b" ":
            raise ValueError("not a journal record")
        payload = line[10:]
        if int(line[1:9], 16) != zlib.crc32(payload):
            raise ValueError("checksum mismatch")
        return json.loads(payload)
    if not line.startswith(b"{"):
        raise ValueError("not a journal record")
    return json.loads(line)


def plausible_torn(tail: bytes) -> bool:
    """Whether ``tail`` (bytes after the last newline) can be the start of a record being written."""
    if not tail:
        return False
    if b"\x00" in tail:
        return False
    if tail.startswith(b'{"ops"'):
        return True  # a legacy (plain JSON) record being written
    head = tail[:10]
    return head.startswith(b"#") and all(c in b"0123456789abcdef" for c in head[1:9]) and head[9:10] in (b" ", b"")


class OutsideTransaction(RuntimeError):
    """A write was attempted without holding the lock (a programming error)."""


def apply_ops(tables: dict[str, Any], ops: list[list[Any]]) -> None:
    """Apply journal ops in place; tables touched are replaced by copies first, so objects
    handed out earlier never change under their holder."""
    copied: set[str] = set()
    for op in ops:
        kind, name, key = op[0], op[1], op[2]
        if not isinstance(name, str) or not isinstance(key, str):
            raise ValueError(f"bad operation {op!r}")
        if name not in copied:
            current = tables.get(name, {})
            if not isinstance(current, dict):
                raise ValueError(f"table {name!r} is not an object")
            tables[name] = dict(current)
            copied.add(name)
        if kind == "put":
            tables[name][key] = op[3]
        elif kind == "del":
            tables[name].pop(key, None)
        else:
            raise ValueError(f"unknown operation {kind!r}")


def diff_ops(old: Tables, new: Tables) -> list[list[Any]]:
    """The puts and deletes that turn ``old`` into ``new`` (tables given as the same object
    are unchanged and skipped without a look)."""
    ops: list[list[Any]] = []
    for name in list(old) + [n for n in new if n not in old]:
        before, after = old.get(name, {}), new.get(name, {})
        if before is after:
            continue
        for key, doc in after.items():
            if before.get(key) != doc:
                ops.append(["put", name, key, doc])
        ops.extend(["del", name, key] for key in before if key not in after)
    return ops


class JournaledAtomicStorage(Storage):
    def __init__(self, path: Path, log_path: Path) -> None:
        self.path = path
        self.log_path = log_path
        self.tables: Tables = empty_user_data()["tables"]  # committed: what the files hold
        self.version = 0  # bumped whenever the committed tables change
        self.skipped_lines = 0  # damaged journal lines skipped by the last salvaging load
        self._rev: str | None = None  # revision token of the snapshot the tables came from
        self._log_ino: int | None = None
        self._log_offset = 0  # bytes of the journal applied (always at a line end)
        self._log_lines = 0
        self._pending: Tables | None = None  # the transaction's state, None outside one
        self._owned: set[str] = set()  # pending tables whose documents are private copies
        self._txn_thread: int | None = None
        # catching up (any thread's read) and committing both move the journal offset
        self._mutex = threading.RLock()

    # -- the TinyDB Storage interface ------------------------------------------

    def read(self) -> Tables:
        """Inside a transaction, its state; outside, the committed tables after catching up.

        Only the outer dict is fresh: TinyDB's reading paths copy documents
        before handing them out, and writing paths go through :meth:`own` first.
        """
        if self.in_transaction:
            return self._pending  # type: ignore[return-value]
        self.catch_up()
        return dict(self.tables)

    def write(self, data: Tables) -> None:
        if not self.in_transaction:
            raise OutsideTransaction("user data is only written inside UserStore.transaction()")
        self._pending = data

    def close(self) -> None:
        """Nothing is buffered between transactions."""

    # -- transactions (the caller holds the lock) ------------------------------

    @property
    def in_transaction(self) -> bool:
        """Whether this thread is inside a transaction."""
        return self._pending is not None and self._txn_thread == threading.get_ident()

    def begin(self) -> None:
        if self._pending is not None:
            raise RuntimeError("a transaction is already open")
        self.catch_up()
        self._pending = dict(self.tables)
        self._owned = set()
        self._txn_thread = threading.get_ident()

    def own(self, name: str) -> None:
        """Copy ``name``'s documents before TinyDB changes them in place (``update`` does)."""
        if not self.in_transaction:
            raise OutsideTransaction("user data is only written inside UserStore.transaction()")
        if name not in self._owned:
            self._pending[name] = {key: dict(doc) for key, doc in self._pending.get(name, {}).items()}
            self._owned.add(name)

    def commit(self) -> bool:
        """Journal what the transaction changed as one fsynced line; returns whether anything
        changed. On failure nothing is written and the committed tables stay as they were."""
        pending, self._pending, self._owned, self._txn_thread = self._pending, None, set(), None
        if pending is None:
            raise OutsideTransaction("no transaction to commit")
        ops = diff_ops(self.tables, pending)
        if not ops:
            return False
        try:
            payload = dumps({"ops": ops})
        except (TypeError, ValueError) as error:
            raise ValueError(f"not JSON data: {error}") from error
        line = encode_record(payload)
        with self._mutex:
            self._append(line)
            tables = dict(self.tables)
            apply_ops(tables, json.loads(payload)["ops"])  # parsed back: private copies of the documents
            self.tables = tables
            self._log_offset += len(line)
            self._log_lines += 1
            self.version += 1
        return True

    def abort(self) -> None:
        self._pending, self._owned, self._txn_thread = None, set(), None

    @property
    def rev(self) -> str | None:
        """The revision token of the snapshot loaded; None when there is no snapshot yet."""
        return self._rev

    @property
    def journal_lines(self) -> int:
        return self._log_lines

    # -- loading and catching up -----------------------------------------------

    def load(self, *, salvage: bool = False, check: bool = False) -> int:
        """Read the snapshot, apply the whole journal (in the snapshot's layout), then migrate in
        memory; returns the snapshot's schema version. ``salvage`` skips damaged journal lines
        instead of failing."""
        with self._mutex:
            return self._load(salvage, check)

    def _load(self, salvage: bool, check: bool = False) -> int:
        raw = load_json_file(self.path)
        if raw is None:
            raw = empty_user_data()
        elif not isinstance(raw, dict):
            raise CorruptDataError(f"{self.path} is damaged: expected a JSON object.")
        rev = raw.pop("rev", None)
        if schema_of(raw) > USER_SCHEMA:  # before the journal: its format is unknown too
            migrate_user_data(raw)  # raises NewerSchemaError with the message
        base = journal_tables(raw)
        headed = bool(raw.pop("journal_header", False))
        log_ino, offset, lines, skipped = self._replay(base, 0, salvage=salvage, first_line=0)
        if check and not salvage:
            self._check_whole(headed and rev is not None)
        data, was = migrate_user_data(raw)
        self.tables = data["tables"]
        self._rev = rev if isinstance(rev, str) and self.path.exists() else None
        self._log_ino, self._log_offset, self._log_lines = log_ino, offset, lines
        self.skipped_lines = skipped
        self.version += 1
        return was

    def _check_whole(self, needs_header: bool) -> None:
        """At open (under the lock, so no append is in flight): the journal must start with its
        header when the snapshot says so, and must not end in a partial record."""
        try:
            raw = self.log_path.read_bytes()
        except FileNotFoundError:
            raw = None
        except OSError as error:
            raise from_os_error(error, self.log_path, "read") from error
        if needs_header:
            first = (raw or b"").split(b"\n", 1)[0]
            try:
                ok = raw is not None and b"\n" in raw and "journal" in decode_record(first)
            except (ValueError, TypeError):
                ok = False
            if not ok:
                raise JournalDamaged(f"{self.log_path} lost its beginning (emptied, cut or overwritten).")
        tail = b"" if raw is None else raw[raw.rfind(b"\n") + 1:]
        if tail:
            if plausible_torn(tail):
                raise JournalTorn(f"{self.log_path} ends in a change that was not completely written.")
            raise JournalDamaged(f"{self.log_path} ends in {len(tail):,} bytes that are not a journal record.")

    def catch_up(self) -> None:
        """Reload if the snapshot changed, else apply the journal's new lines."""
        with self._mutex:
            self._catch_up()

    def _catch_up(self) -> None:
        if self._disk_rev() != self._rev:
            self.load()
            return
        try:
            st = os.stat(self.log_path)
        except FileNotFoundError:
            if self._log_offset:
                self.load()
            return
        except OSError as error:
            raise from_os_error(error, self.log_path, "read") from error
        if (self._log_ino is not None and st.st_ino != self._log_ino) or st.st_size < self._log_offset:
            self.load()
        elif st.st_size > self._log_offset:
            tables = dict(self.tables)
            self._log_ino, self._log_offset, self._log_lines, _ = self._replay(
                tables, self._log_offset, first_line=self._log_lines)
            self.tables = tables  # a new object: readers holding the old one never see it change
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

    def _replay(
        self, tables: dict[str, Any], offset: int, *, first_line: int, salvage: bool = False
    ) -> tuple[int | None, int, int, int]:
        """Apply the journal's complete lines from ``offset`` to ``tables``; returns (inode,
        new offset, lines applied in total, lines skipped)."""
        try:
            with open(self.log_path, "rb") as log:
                ino = os.fstat(log.fileno()).st_ino
                log.seek(offset)
                tail = log.read()
        except FileNotFoundError:
            return None, 0, 0, 0
        except OSError as error:
            raise from_os_error(error, self.log_path, "read") from error
        end = tail.rfind(b"\n") + 1  # after the last newline: a line still being written, or torn
        lines = tail[:end].split(b"\n")[:-1] if end else []
        skipped = 0
        for number, line in enumerate(lines):
            try:
                record = decode_record(line)
                if "journal" in record:
                    continue  # the header
                apply_ops(tables, record["ops"])
            except (ValueError, KeyError, TypeError, IndexError, AttributeError, RecursionError) as error:
                if not salvage:
                    # the reason only: the record may hold a note's text, which is not for a warning
                    raise JournalDamaged(
                        f"{self.log_path} is damaged at record {first_line + number + 1} "
                        f"({type(error).__name__})."
                    ) from None
                skipped += 1
        return ino, offset + end, first_line + len(lines), skipped

    def journal_ops(self) -> list[list[Any]]:
        """Every op of every readable journal line (for recovery onto a backup)."""
        try:
            raw = self.log_path.read_bytes()
        except OSError:
            return []
        ops: list[list[Any]] = []
        for line in raw.split(b"\n"):
            try:
                entry = decode_record(line)["ops"]
                if isinstance(entry, list):
                    ops.extend(op for op in entry if isinstance(op, list) and len(op) >= 3)
            except (ValueError, KeyError, TypeError, RecursionError):
                continue
        return ops

    # -- writing files -----------------------------------------------------------

    def _append(self, line: bytes) -> None:
        if append_durably(self.log_path, line, self._log_offset):
            self._log_ino = os.stat(self.log_path).st_ino

    def compact(self) -> None:
        """Write the snapshot (new revision token first) and empty the journal; the caller
        holds the lock."""
        with self._mutex:
            self._compact()

    def _compact(self) -> None:
        rev = secrets.token_hex(8)
        atomic_write(self.path, dumps({"rev": rev, "schema": USER_SCHEMA, "journal_header": True,
                                       "tables": self.tables}))
        header = encode_record(dumps({"journal": rev}))
        atomic_write(self.log_path, header)
        self._rev = rev
        self._log_ino = os.stat(self.log_path).st_ino
        self._log_offset = len(header)
        self._log_lines = 1
        self.version += 1

    def replace(self, tables: Tables) -> None:
        """Swap in whole new tables (restore, recovery) and write them as the snapshot."""
        self.tables = tables
        self.compact()
