"""Writing a file the user named (``reader export -o PATH``, the Markdown export).

Such a path may already hold anything: as root, ``-o /dev/null`` used to
replace the device with a regular file, and a symbolic link was replaced
itself. So only a missing path or a regular file is written; a symbolic link,
folder, device, FIFO or socket is refused with a message. Links are refused
rather than followed: in a folder someone else can write to, a link can be
swapped between the check and the write, and the user can always name the
real file instead.

The write itself is the store's: a temporary file created exclusively
(``O_EXCL``, random name, mode 0600) in the target's folder, fsynced, then
``os.replace``d over the target and the folder fsynced -- an interrupted
export leaves the old file whole and never writes through a link planted
under a guessable temporary name. The rename replaces a directory entry and
never writes into whatever the entry pointed to, so even a target swapped
for a device after the check is not written through.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from reader.store.atomic import ensure_private_dir, fsync_dir, write_temp
from reader.store.errors import StoreError

_KINDS = (
    (stat.S_ISLNK, "a symbolic link"),
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
)


class OutputRefused(ValueError):
    """The output path is not something we may replace, or could not be written; the
    message is for the user."""


def refuse_unless_regular(path: Path) -> None:
    """Raise :class:`OutputRefused` unless ``path`` is missing or a regular file (not
    following a symbolic link)."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    except OSError as error:
        raise OutputRefused(f"Cannot write {path}: {error.strerror or error}.") from None
    if stat.S_ISREG(mode):
        return
    kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
    detail = ""
    if stat.S_ISLNK(mode):
        detail = f" to {os.readlink(path)}; name the file itself if you mean to replace it"
    raise OutputRefused(f"Refusing to write {path}: it is {kind}{detail}. Only a new or a regular file is written.")


def write_output_file(path: Path, data: bytes) -> None:
    """Replace ``path`` (missing or a regular file) with ``data``, privately (0600),
    atomically and durably; missing folders are created (0700)."""
    path = Path(path)
    refuse_unless_regular(path)
    tmp: Path | None = None
    try:
        ensure_private_dir(path.parent)
        tmp = write_temp(path, data)
        refuse_unless_regular(path)  # narrows the window; the rename below never writes through
        os.replace(tmp, path)
        tmp = None
        fsync_dir(path.parent)
    except OSError as error:
        raise OutputRefused(_failure(path, error)) from None
    except StoreError as error:  # from ensure_private_dir, about the folder
        cause = error.__cause__
        why = cause.strerror if isinstance(cause, OSError) and cause.strerror else str(error)
        raise OutputRefused(f"Could not create the folder {path.parent}: {why}.") from None
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def _failure(path: Path, error: OSError) -> str:
    if error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        why = "the disk is full"
    elif error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        why = f"{error.strerror or 'permission denied'}"
    else:
        why = error.strerror or str(error)
    return f"Could not write {path}: {why}. Nothing was replaced."
