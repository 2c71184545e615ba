"""Durable, atomic file writes.

A save either fully happens or not at all: the new content goes to a temporary
file in the same folder, is flushed and fsynced, then ``os.replace``d over the
old file, and the folder is fsynced so the rename itself survives a power cut.
A crash, SIGKILL, Ctrl+C or full disk at any point leaves the old file valid.
"""

from __future__ import annotations

import os
import secrets
import time
from pathlib import Path

from reader.store.errors import from_os_error

FILE_MODE = 0o600
DIR_MODE = 0o700


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) as 0700 if missing; existing folders are left alone."""
    missing: list[Path] = []
    probe = path
    while not probe.is_dir():
        missing.append(probe)
        if probe.parent == probe:
            break
        probe = probe.parent
    try:
        for folder in reversed(missing):  # mkdir(parents=True) would ignore the mode for parents
            try:
                folder.mkdir(mode=DIR_MODE)
            except FileExistsError:
                if not folder.is_dir():
                    raise
    except OSError as error:
        raise from_os_error(error, path, "create") from error
    return path


def fsync_dir(path: Path) -> None:
    """Make a rename or a new file in ``path`` durable (no-op where folders cannot be opened)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some filesystems refuse fsync on folders; the rename is still atomic
    finally:
        os.close(fd)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def append_durably(path: Path, data: bytes, acknowledged: int) -> bool:
    """Append ``data`` to a journal and fsync it; returns whether the file was created.

    ``acknowledged`` is the length of the journal the caller knows to be
    complete: a longer file has a torn, never-acknowledged tail from a crash,
    which is cut off first. If the append fails part-way (full disk, Ctrl+C),
    the file is cut back so no half line is ever left behind.
    """
    created = not path.exists()
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, FILE_MODE)
    except OSError as error:
        raise from_os_error(error, path) from error
    try:
        if os.fstat(fd).st_size > acknowledged:
            os.ftruncate(fd, acknowledged)
        try:
            _write_all(fd, data)
            os.fsync(fd)
        except BaseException:
            os.ftruncate(fd, acknowledged)
            raise
    except OSError as error:
        raise from_os_error(error, path) from error
    finally:
        os.close(fd)
    if created:
        fsync_dir(path.parent)
    return created


def write_temp(path: Path, data: bytes, *, durable: bool = True) -> Path:
    """Write ``data`` to a fresh 0600 temporary file beside ``path`` and return its name."""
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    try:
        _write_all(fd, data)
        if durable:
            os.fsync(fd)
    except BaseException:
        os.close(fd)
        _unlink_quietly(tmp)
        raise
    os.close(fd)
    return tmp


def atomic_write(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Replace ``path`` with ``data`` atomically; raises a StoreError subclass on failure.

    ``durable=False`` skips the fsyncs for files that can be rebuilt (caches):
    they stay atomic (never half-written), only a power cut may lose them.
    """
    tmp: Path | None = None
    try:
        tmp = write_temp(path, data, durable=durable)
        os.replace(tmp, path)
        tmp = None
        if durable:
            fsync_dir(path.parent)
    except OSError as error:
        raise from_os_error(error, path) from error
    finally:
        if tmp is not None:
            _unlink_quietly(tmp)


def _unlink_quietly(path: Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def remove_stale_temps(folder: Path, *, min_age: float = 0.0) -> int:
    """Delete temporary files left by a crash mid-save (they never replaced anything); returns
    how many. ``min_age`` (seconds) spares files another process may still be writing, for
    folders written outside the lock."""
    try:
        names = os.listdir(folder)
    except OSError:
        return 0
    removed = 0
    now = time.time()
    for name in names:
        if name.startswith(".") and name.endswith(".tmp"):
            path = folder / name
            try:
                if min_age and now - os.lstat(path).st_mtime < min_age:
                    continue
            except OSError:
                continue
            _unlink_quietly(path)
            removed += 1
    return removed
