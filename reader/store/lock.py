"""The library's inter-process lock.

Held only around each read-modify-write (never for a whole session), so two
copies of reader can be open at once and neither loses the other's changes.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from reader.store.errors import LockedError, from_os_error

LOCK_NAME = "reader.lock"
DEFAULT_TIMEOUT = 15.0


class StoreLock:
    def __init__(self, data_dir: Path, timeout: float = DEFAULT_TIMEOUT) -> None:
        import filelock

        self.path = data_dir / LOCK_NAME
        self.timeout = timeout
        # thread_local=False + an RLock: threads of one process share one
        # flock and queue on the RLock; processes queue on the flock.
        self._file_lock = filelock.FileLock(
            str(self.path), timeout=timeout, mode=0o600, thread_local=False, poll_interval=0.002
        )
        self._thread_lock = threading.RLock()

    @contextmanager
    def held(self) -> Iterator[None]:
        import filelock

        with self._thread_lock:
            try:
                self._file_lock.acquire()
            except filelock.Timeout as error:
                raise LockedError(
                    f"Another copy of reader has kept the library locked for {self.timeout:.0f} s "
                    f"({self.path}). Close it or try again."
                ) from error
            except OSError as error:
                raise from_os_error(error, self.path, "lock") from error
            try:
                yield
            finally:
                self._file_lock.release()
