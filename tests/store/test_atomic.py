"""Atomic, durable writes: a failed or interrupted save leaves the old file valid."""

from __future__ import annotations

import errno
import json
import os
import stat
from pathlib import Path

import pytest

from reader.store import DiskFullError, ReadOnlyError, StoreError
from reader.store.atomic import atomic_write, ensure_private_dir
from reader.store.storage import AtomicJSONStorage


def _no_temps(folder: Path) -> bool:
    return not [p for p in folder.iterdir() if p.name.endswith(".tmp")]


def test_write_replaces_with_private_mode(tmp_path: Path) -> None:
    target = tmp_path / "f.json"
    atomic_write(target, b"one")
    atomic_write(target, b"two")
    assert target.read_bytes() == b"two"
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    assert _no_temps(tmp_path)


def test_ensure_private_dir_makes_every_level_0700(tmp_path: Path) -> None:
    ensure_private_dir(tmp_path / "a" / "b" / "c")
    for folder in ("a", "a/b", "a/b/c"):
        assert stat.S_IMODE(os.stat(tmp_path / folder).st_mode) == 0o700


def test_tinydb_can_use_the_storage(tmp_path: Path) -> None:
    from tinydb import TinyDB

    with TinyDB(tmp_path / "db.json", storage=AtomicJSONStorage) as db:
        db.insert({"a": 1})
        db.insert({"a": 2})
    with TinyDB(tmp_path / "db.json", storage=AtomicJSONStorage) as db:
        assert sorted(d["a"] for d in db.all()) == [1, 2]


@pytest.mark.parametrize("victim", ["write", "fsync", "replace"])
def test_disk_full_keeps_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, victim: str) -> None:
    target = tmp_path / "user.json"
    atomic_write(target, b'{"old": true}')

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, victim, full)
    with pytest.raises(DiskFullError, match="disk is full"):
        atomic_write(target, b'{"new": true}' * 1000)
    monkeypatch.undo()
    assert json.loads(target.read_bytes()) == {"old": True}
    assert _no_temps(tmp_path)


def test_read_only_error_is_clear(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "user.json"
    atomic_write(target, b"old")

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(os, "open", refuse)
    with pytest.raises(ReadOnlyError, match="read-only"):
        atomic_write(target, b"new")
    monkeypatch.undo()
    assert target.read_bytes() == b"old"


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores folder permissions (read-only is simulated above)")
def test_chmod_read_only_folder(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    atomic_write(folder / "f", b"old")
    folder.chmod(0o500)
    try:
        with pytest.raises(ReadOnlyError):
            atomic_write(folder / "f", b"new")
    finally:
        folder.chmod(0o700)
    assert (folder / "f").read_bytes() == b"old"


def test_ctrl_c_between_write_and_replace_leaves_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "user.json"
    storage = AtomicJSONStorage(target)
    storage.write({"notes": {"1": {"text": "safe"}}})

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        storage.write({"notes": {}})
    monkeypatch.undo()
    assert storage.read() == {"notes": {"1": {"text": "safe"}}}
    assert _no_temps(tmp_path)


def test_other_os_errors_become_store_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(StoreError, match="Input/output error"):
        atomic_write(tmp_path / "x", b"data")
