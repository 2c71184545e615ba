"""Issue 12 item 8: ``reader export -o PATH`` onto links, devices, pipes and
folders in a temp folder. Only a missing path or a regular file is ever
replaced; everything else is refused with a message and left exactly as it
was. Files are 0600, written through an exclusive, unpredictable temp file in
the target's folder, fsynced and renamed into place."""

from __future__ import annotations

import errno
import json
import os
import socket
import stat
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

import reader.store.atomic as atomic
from reader.cli import cli
from reader.output_files import OutputRefused, write_output_file
from tests.cli.test_export_cli import data_dir  # noqa: F401 - a library with a note and a bookmark

VICTIM_TEXT = "the victim's own file\n"


@pytest.fixture
def victim(tmp_path: Path) -> Path:
    path = tmp_path / "victim.txt"
    path.write_text(VICTIM_TEXT)
    return path


def export(data_dir: Path, *args: str):
    return CliRunner().invoke(cli, ["--data-dir", str(data_dir), "export", *args])


def mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


# ---------------------------------------------------------------- accepted targets


def test_new_file_is_written_0600(data_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "new" / "backup.json"
    result = export(data_dir, "--format", "json", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert json.loads(target.read_text())["format"] == "reader-backup"
    assert mode(target) == 0o600
    assert sorted(p.name for p in target.parent.iterdir()) == ["backup.json"], "no temp file left"


def test_regular_file_is_replaced_and_made_private(data_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "backup.json"
    target.write_text("old")
    target.chmod(0o644)
    result = export(data_dir, "--format", "json", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert json.loads(target.read_text())["format"] == "reader-backup"
    assert mode(target) == 0o600


def test_markdown_files_are_0600(data_dir: Path, tmp_path: Path) -> None:
    result = export(data_dir, "-o", str(tmp_path / "md"))
    assert result.exit_code == 0, result.output
    written = list((tmp_path / "md").glob("*.md"))
    assert written and all(mode(path) == 0o600 for path in written)


# ---------------------------------------------------------------- refused targets


def _make_fifo(path: Path) -> None:
    os.mkfifo(path)


def _make_char_device(path: Path) -> None:
    try:
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # a /dev/null of our own
    except PermissionError:
        pytest.skip("creating a device node needs root (CAP_MKNOD)")


def _make_socket(path: Path) -> None:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.bind(str(path))
    sock.close()  # the socket file stays


def _make_folder(path: Path) -> None:
    path.mkdir()


REFUSED = {
    "symlink to a file": ("symbolic link", lambda p, victim: p.symlink_to(victim)),
    "dangling symlink": ("symbolic link", lambda p, victim: p.symlink_to(victim.parent / "nowhere.json")),
    "symlink to a device": ("symbolic link", lambda p, victim: p.symlink_to("/dev/null")),
    "fifo": ("named pipe", lambda p, victim: _make_fifo(p)),
    "character device": ("character device", lambda p, victim: _make_char_device(p)),
    "socket": ("socket", lambda p, victim: _make_socket(p)),
    "folder": ("folder", lambda p, victim: _make_folder(p)),
}


def _snapshot(path: Path) -> tuple[int, int, str | None]:
    st = os.lstat(path)
    link = os.readlink(path) if stat.S_ISLNK(st.st_mode) else None
    return st.st_mode, st.st_ino, link


@pytest.mark.parametrize("kind", list(REFUSED))
def test_json_export_refuses(kind: str, data_dir: Path, tmp_path: Path, victim: Path) -> None:
    words, make = REFUSED[kind]
    target = tmp_path / "out.json"
    make(target, victim)
    before = _snapshot(target)
    outcome: list = []
    worker = threading.Thread(target=lambda: outcome.append(export(data_dir, "--format", "json", "-o", str(target))))
    worker.start()
    worker.join(20)  # a FIFO opened for writing would block forever
    assert not worker.is_alive(), "the export blocked on the target"
    [result] = outcome
    assert result.exit_code == 1, result.output
    assert words in result.output and "Refusing" in result.output
    assert _snapshot(target) == before, "the target itself is untouched"
    assert victim.read_text() == VICTIM_TEXT
    assert not (tmp_path / "nowhere.json").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


@pytest.mark.parametrize("kind", ["symlink to a file", "fifo", "folder"])
def test_markdown_export_refuses_a_planted_file_name(kind: str, data_dir: Path, tmp_path: Path, victim: Path) -> None:
    """The Markdown file names are predictable (slug + id): a link planted under one
    must not be written through."""
    first = export(data_dir, "-o", str(tmp_path / "md"))
    name = sorted(p.name for p in (tmp_path / "md").glob("*.md"))[0]
    out = tmp_path / "md2"
    out.mkdir()
    words, make = REFUSED[kind]
    make(out / name, victim)
    before = _snapshot(out / name)
    result = export(data_dir, "-o", str(out))
    assert first.exit_code == 0 and result.exit_code == 1, result.output
    assert words in result.output
    assert _snapshot(out / name) == before
    assert victim.read_text() == VICTIM_TEXT


def test_markdown_export_onto_a_file_is_refused(data_dir: Path, victim: Path) -> None:
    result = export(data_dir, "-o", str(victim))
    assert result.exit_code == 1 and "not a folder" in result.output
    assert victim.read_text() == VICTIM_TEXT


def test_a_link_planted_at_the_old_predictable_temp_name_is_not_followed(
    data_dir: Path, tmp_path: Path, victim: Path
) -> None:
    target = tmp_path / "backup.json"
    (tmp_path / ".backup.json.tmp").symlink_to(victim)  # the name the old code used
    result = export(data_dir, "--format", "json", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert victim.read_text() == VICTIM_TEXT
    assert json.loads(target.read_text())["format"] == "reader-backup"


# ---------------------------------------------------------------- how the file is written


def test_temp_file_is_exclusive_private_random_and_fsynced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[tuple[str, int, int]] = []
    synced: list[int] = []
    real_open, real_fsync = os.open, os.fsync

    def spy_open(path, flags, mode=0o777, *args, **kwargs):  # type: ignore[no-untyped-def]
        opened.append((str(path), flags, mode))
        return real_open(path, flags, mode, *args, **kwargs)

    def spy_fsync(fd: int) -> None:
        synced.append(fd)
        real_fsync(fd)

    monkeypatch.setattr(atomic.os, "open", spy_open)
    monkeypatch.setattr(atomic.os, "fsync", spy_fsync)
    target = tmp_path / "out.json"
    write_output_file(target, b"one")
    write_output_file(target, b"two")
    temps = [(p, f, m) for p, f, m in opened if p.endswith(".tmp")]
    assert len(temps) == 2
    for path, flags, file_mode in temps:
        assert Path(path).parent == tmp_path, "in the target's folder (same file system: atomic rename)"
        assert flags & os.O_CREAT and flags & os.O_EXCL, "created exclusively"
        assert file_mode == 0o600
    assert temps[0][0] != temps[1][0], "a fresh random name each time"
    assert len(Path(temps[0][0]).name) >= len(".out.json..tmp") + 8, "the name carries random bits"
    assert len(synced) >= 4, "file and folder fsynced, both times"
    assert target.read_bytes() == b"two" and mode(target) == 0o600


def test_failed_write_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.json"
    target.write_text("old backup")

    def full(fd: int, data: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "write", full)
    with pytest.raises(OutputRefused, match="disk is full"):
        write_output_file(target, b"new")
    assert target.read_text() == "old backup"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"], "the temp file is removed"


def test_unwritable_folder_says_so(data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import reader.output_files

    def denied(*args: object, **kwargs: object) -> Path:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(reader.output_files, "write_temp", denied)  # root ignores folder modes
    result = export(data_dir, "--format", "json", "-o", str(tmp_path / "x.json"))
    assert result.exit_code == 1
    assert "Could not write" in result.output and "Permission denied" in result.output
    assert "Traceback" not in result.output
