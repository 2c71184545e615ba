"""Errors the user must see, with messages that say what happened and what is safe.

Every storage failure is turned into one of these at the store boundary, so the
CLI and the TUI can print ``str(error)`` instead of a traceback.
"""

from __future__ import annotations

import errno
from pathlib import Path


class StoreError(Exception):
    """Something went wrong reading or writing the library; the message is for the user."""


class LockedError(StoreError):
    """Another copy of reader held the library lock for too long."""


class CorruptDataError(StoreError):
    """A file is damaged (unreadable JSON, wrong shape) or written by a newer reader."""


class DiskFullError(StoreError):
    """The disk (or quota) is full; the previous data is left untouched."""


class ReadOnlyError(StoreError):
    """The data folder cannot be written; the previous data is left untouched."""


_DISK_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
_READ_ONLY = {errno.EROFS, errno.EACCES, errno.EPERM}


def from_os_error(error: OSError, path: Path | str, action: str = "save") -> StoreError:
    """Translate an OSError raised while touching ``path`` into a user-facing StoreError."""
    where = str(path)
    if error.errno in _DISK_FULL:
        return DiskFullError(
            f"Could not {action} {where}: the disk is full. Nothing was lost; "
            "free some space and try again."
        )
    if error.errno in _READ_ONLY:
        return ReadOnlyError(
            f"Could not {action} {where}: the data folder is read-only "
            f"({error.strerror or 'permission denied'}). Nothing was lost; changes are not saved."
        )
    return StoreError(f"Could not {action} {where}: {error.strerror or error}.")
