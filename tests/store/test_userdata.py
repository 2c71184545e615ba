"""The user file: schema and migration, backups, recovery, failed saves."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest

from reader.domain import Anchor, Note
from reader.library import Library
from reader.store import DiskFullError
from reader.store.lock import StoreLock
from reader.store.journaled import decode_record
from reader.store.schema import USER_SCHEMA
from reader.store.userdata import UserStore
from tests.library.helpers import FAKE_ANNOTATOR, make_article


def _store(folder: Path) -> UserStore:
    folder.mkdir(parents=True, exist_ok=True)
    return UserStore(folder, StoreLock(folder))


def _library_with_note(folder: Path, text: str = "precious") -> tuple[Library, str]:
    library = Library.open(folder, seed=False, annotator=FAKE_ANNOTATOR)
    article = make_article(1)
    library.add_article(article)
    library.add_note(article.id, Anchor(0, 7, "Article"), text)
    return library, article.id


def test_snapshot_records_schema_and_the_journal_the_change(tmp_path: Path) -> None:
    library, _ = _library_with_note(tmp_path)
    snapshot = json.loads((tmp_path / "user.json").read_text())
    assert snapshot["schema"] == USER_SCHEMA and snapshot["tables"]["notes"] == {}
    header, line = (tmp_path / "user.log").read_bytes().splitlines()
    assert "journal" in decode_record(header)  # names its snapshot: an emptied journal is noticed
    (op,) = decode_record(line)["ops"]
    assert op[:2] == ["put", "notes"] and op[3]["text"] == "precious"


def test_journal_is_compacted_into_the_snapshot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from reader.store import journaled

    monkeypatch.setattr(journaled, "COMPACT_LINES", 5)
    library, article_id = _library_with_note(tmp_path)
    for n in range(6):
        library.add_note(article_id, Anchor(0, 1), f"n{n}")
    snapshot = json.loads((tmp_path / "user.json").read_text())
    assert len(snapshot["tables"]["notes"]) >= 4
    assert len((tmp_path / "user.log").read_text().splitlines()) <= 5
    assert len(Library.open(tmp_path, seed=False, annotator=FAKE_ANNOTATOR).notes()) == 7


def test_torn_journal_line_is_dropped(tmp_path: Path) -> None:
    library, article_id = _library_with_note(tmp_path)
    with open(tmp_path / "user.log", "ab") as log:
        log.write(b'{"ops": [["put", "notes", "x", {"article_id": "')  # killed mid-append
    reopened = Library.open(tmp_path, seed=False, annotator=FAKE_ANNOTATOR)
    assert len(reopened.warnings) == 1 and "not completely written" in reopened.warnings[0]
    assert [n.text for n in reopened.notes()] == ["precious"]
    reopened.add_note(article_id, Anchor(0, 1), "after the crash")
    assert len(Library.open(tmp_path, seed=False, annotator=FAKE_ANNOTATOR).notes()) == 2


def test_damaged_journal_line_is_skipped_and_kept(tmp_path: Path) -> None:
    library, article_id = _library_with_note(tmp_path)
    library.add_note(article_id, Anchor(0, 1), "second")
    Library.open(tmp_path, seed=False, annotator=FAKE_ANNOTATOR).close()  # a backup holding both
    lines = (tmp_path / "user.log").read_bytes().splitlines(keepends=True)
    damaged = b"".join([lines[0], lines[1][:12] + b"\x00garbage\n", *lines[2:]])
    (tmp_path / "user.log").write_bytes(damaged)
    reopened = Library.open(tmp_path, seed=False, annotator=FAKE_ANNOTATOR)
    assert "1 damaged change(s) were skipped" in reopened.warnings[0]
    assert "precious" not in reopened.warnings[0]  # never the notes' text
    # "precious" came back from the backup made when the library was opened
    assert sorted(n.text for n in reopened.notes()) == ["precious", "second"]
    kept = [p for p in tmp_path.iterdir() if p.name.startswith("user.log.damaged-")]
    assert len(kept) == 1 and kept[0].read_bytes() == damaged


def test_migration_from_unversioned_v0(tmp_path: Path) -> None:
    v0 = {
        "_default": {},
        "notes": {"1": {"article": "abcdabcdabcdabcd", "start": 3, "end": 9, "text": "old note", "created": 100.0}},
        "bookmarks": {"1": {"article": "abcdabcdabcdabcd", "position": None, "label": "", "created": 50.0}},
        "positions": {"1": {"article": "abcdabcdabcdabcd", "offset": 77}},
        "read": {"1": {"article": "abcdabcdabcdabcd"}},
    }
    tmp_path.mkdir(exist_ok=True)
    (tmp_path / "user.json").write_text(json.dumps(v0))
    library = Library.open(tmp_path, seed=False, annotator=FAKE_ANNOTATOR)
    assert any("upgraded from format 0" in w for w in library.warnings)
    (note,) = library.notes()
    assert (note.text, note.anchor.start, note.anchor.end, note.created_at) == ("old note", 3, 9, 100.0)
    assert library.position("abcdabcdabcdabcd") == 77
    assert [b.position for b in library.bookmarks("abcdabcdabcdabcd")] == [None]
    on_disk = json.loads((tmp_path / "user.json").read_text())
    assert on_disk["schema"] == USER_SCHEMA
    backups = list((tmp_path / "backups").iterdir())
    assert any("positions" in json.loads(b.read_text()) for b in backups)  # the v0 file was kept


@pytest.mark.parametrize("damage", [b"", b'{"schema": 1, "notes": {"x": ', b"\x00\x00garbage", b"[1, 2]"])
def test_corrupt_file_is_kept_aside_and_recovered_from_backup(tmp_path: Path, damage: bytes) -> None:
    library, article_id = _library_with_note(tmp_path)
    library.close()
    # the backup is taken when a session opens the file
    Library.open(tmp_path, seed=False, annotator=FAKE_ANNOTATOR).close()
    (tmp_path / "user.json").write_bytes(damage)
    reopened = Library.open(tmp_path, seed=False, annotator=FAKE_ANNOTATOR)
    assert len(reopened.warnings) == 1 and "restored from the backup" in reopened.warnings[0]
    assert [n.text for n in reopened.notes()] == ["precious"]
    kept = [p for p in tmp_path.iterdir() if p.name.startswith("user.json.corrupt-")]
    assert len(kept) == 1 and kept[0].read_bytes() == damage


def test_newer_schema_is_never_overwritten(tmp_path: Path) -> None:
    library, _ = _library_with_note(tmp_path)
    Library.open(tmp_path, seed=False, annotator=FAKE_ANNOTATOR).close()
    future = {"schema": USER_SCHEMA + 1, "notes": {}, "hologram": True}
    (tmp_path / "user.json").write_text(json.dumps(future))
    reopened = Library.open(tmp_path, seed=False, annotator=FAKE_ANNOTATOR)
    assert "newer version of reader" in reopened.warnings[0]
    kept = [p for p in tmp_path.iterdir() if p.name.startswith("user.json.newer-")]
    assert len(kept) == 1 and json.loads(kept[0].read_text()) == future
    assert [n.text for n in reopened.notes()] == ["precious"]


def test_corrupt_without_backup_starts_empty_and_says_so(tmp_path: Path) -> None:
    tmp_path.mkdir(exist_ok=True)
    (tmp_path / "user.json").write_text("{not json")
    library = Library.open(tmp_path, seed=False, annotator=FAKE_ANNOTATOR)
    assert "no usable backup" in library.warnings[0]
    assert library.notes() == []
    assert any(p.name.startswith("user.json.corrupt-") for p in tmp_path.iterdir())


def test_backups_rotate(tmp_path: Path) -> None:
    store = _store(tmp_path)
    store.open()
    for n in range(12):
        with store.transaction() as txn:
            txn.set_state("n", n)
        store._backup_now()
    files = store.backups.files()
    assert len(files) >= 12  # all young: kept (by age, not by count; see tests/faults/test_backups.py)
    assert json.loads(files[0].read_text())["tables"]["state"]["n"] == {"value": 11}


def test_disk_full_during_note_save_keeps_everything(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    library, article_id = _library_with_note(tmp_path)
    before = (tmp_path / "user.json").read_bytes(), (tmp_path / "user.log").read_bytes()

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(DiskFullError) as caught:
        library.add_note(article_id, Anchor(0, 1), "will not fit")
    assert "Nothing was lost" in str(caught.value)
    monkeypatch.undo()
    assert ((tmp_path / "user.json").read_bytes(), (tmp_path / "user.log").read_bytes()) == before
    assert [n.text for n in library.notes()] == ["precious"]  # memory matches disk
    library.add_note(article_id, Anchor(0, 1), "fits now")
    assert len(library.notes()) == 2


def test_failed_transaction_writes_nothing(tmp_path: Path) -> None:
    store = _store(tmp_path)
    store.open()
    with store.transaction() as txn:
        txn.set_state("a", 1)
    with pytest.raises(RuntimeError):
        with store.transaction() as txn:
            txn.set_state("a", 2)
            txn.set_state("b", 3)
            raise RuntimeError("caller bug")
    assert (store.data.state("a"), store.data.state("b")) == (1, None)
    assert len((tmp_path / "user.log").read_text().splitlines()) == 2  # header + the first


def test_temp_files_left_by_a_crash_are_removed_on_open(tmp_path: Path) -> None:
    library, _ = _library_with_note(tmp_path)
    leftover = tmp_path / ".user.json.0badf00d.tmp"
    leftover.write_bytes(b'{"half": ')
    Library.open(tmp_path, seed=False, annotator=FAKE_ANNOTATOR)
    assert not leftover.exists()
    assert (tmp_path / "user.json").exists()


def test_a_lock_held_too_long_is_a_clear_error(tmp_path: Path) -> None:
    import filelock

    from reader.store import LockedError

    store = UserStore(tmp_path, StoreLock(tmp_path, timeout=0.2))
    store.open()
    holder = filelock.FileLock(str(tmp_path / "reader.lock"))  # another copy of reader
    with holder:
        with pytest.raises(LockedError, match="Another copy of reader"):
            with store.transaction() as txn:
                txn.set_state("x", 1)
    with store.transaction() as txn:
        txn.set_state("x", 2)
    assert store.data.state("x") == 2


def test_a_damaged_article_file_is_reported_not_crashed(tmp_path: Path) -> None:
    from reader.store import CorruptDataError

    library, article_id = _library_with_note(tmp_path)
    with library.db.write() as conn:  # a damaged body (bad sector, stray write)
        conn.execute("UPDATE bodies SET body = x'00ff00ff'")
    fresh = Library.open(tmp_path, seed=False, annotator=FAKE_ANNOTATOR)
    with pytest.raises(CorruptDataError, match="damaged"):
        fresh.get(article_id)
    assert [s.id for s in fresh.summaries()] == [article_id]  # the list still opens


def test_open_on_a_full_disk_still_reads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    library, article_id = _library_with_note(tmp_path)
    library.add_note(article_id, Anchor(0, 1), "changed since the last backup")

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    reopened = Library.open(tmp_path, seed=False, annotator=FAKE_ANNOTATOR)
    assert any("could not be backed up" in w and "disk is full" in w for w in reopened.warnings)
    assert len(reopened.notes()) == 2 and len(reopened.summaries()) == 1


def test_recovery_keeps_changes_made_after_the_backup(tmp_path: Path) -> None:
    library, article_id = _library_with_note(tmp_path)
    Library.open(tmp_path, seed=False, annotator=FAKE_ANNOTATOR).close()  # backup: "precious"
    library.add_note(article_id, Anchor(0, 1), "after the backup")
    (tmp_path / "user.json").write_bytes(b"{truncat")
    reopened = Library.open(tmp_path, seed=False, annotator=FAKE_ANNOTATOR)
    assert "restored from the backup" in reopened.warnings[0]
    assert {n.text for n in reopened.notes()} == {"precious", "after the backup"}
    assert any(p.name.startswith("user.log.corrupt-") for p in tmp_path.iterdir())


def test_ctrl_c_during_a_note_save_leaves_no_half_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    library, article_id = _library_with_note(tmp_path)
    before = (tmp_path / "user.log").read_bytes()

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)  # after the write, before it is durable
    with pytest.raises(KeyboardInterrupt):
        library.add_note(article_id, Anchor(0, 1), "interrupted")
    monkeypatch.undo()
    assert (tmp_path / "user.log").read_bytes() == before
    reopened = Library.open(tmp_path, seed=False, annotator=FAKE_ANNOTATOR)
    assert reopened.warnings == [] and [n.text for n in reopened.notes()] == ["precious"]
    assert [n.text for n in library.notes()] == ["precious"]


def _note(key: int, value: int) -> Note:
    return Note(str(key), "a", Anchor(0, 1), str(value), 1.0, 1.0)


def _seen(store: UserStore) -> dict[str, dict[str, object]]:
    return {"notes": {n.id: n.text for n in store.data.notes()},
            "state": {k: store.data.state(k) for k in map(str, range(7)) if store.data.state(k) is not None}}


def test_any_sequence_of_saves_reads_back_the_same(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Model check of the journaled TinyDB storage: puts, deletes, compactions and crashed
    appends in any order; a second copy following along and a fresh open both equal the
    model."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from reader.store import userdata

    op = st.one_of(
        st.tuples(st.just("put"), st.sampled_from(["notes", "state"]), st.integers(0, 6), st.integers()),
        st.tuples(st.just("del"), st.sampled_from(["notes", "state"]), st.integers(0, 6), st.just(0)),
        st.tuples(st.just("compact"), st.just(""), st.just(0), st.just(0)),
        st.tuples(st.just("torn"), st.just(""), st.just(0), st.just(0)),
    )

    @settings(max_examples=60, deadline=None)
    @given(st.lists(op, max_size=20))
    def check(ops: list[tuple[str, str, int, int]]) -> None:
        folder = tmp_path_factory.mktemp("user")
        writer, follower = _store(folder), _store(folder)
        writer.open()
        follower.open()
        model: dict[str, dict[str, object]] = {"notes": {}, "state": {}}
        for kind, table, key, value in ops:
            if kind == "put":
                with writer.transaction() as txn:
                    if table == "notes":
                        txn.save_note(_note(key, value))
                    else:
                        txn.set_state(str(key), value)
                model[table][str(key)] = str(value) if table == "notes" else value
            elif kind == "del":
                with writer.transaction() as txn:
                    if table == "notes":
                        txn.remove_note(str(key))
                    else:
                        txn.db.table("state").remove(doc_ids=[str(key)])  # plain TinyDB works too
                model[table].pop(str(key), None)
            elif kind == "compact":
                writer.compact()
            else:
                with open(folder / userdata.LOG_FILE, "ab") as log:
                    log.write(b'{"ops": [["put", "notes", "9", {"art')
            assert _seen(follower) == model
        fresh = _store(folder)
        assert all("not completely written" in w for w in fresh.open())
        assert _seen(fresh) == model

    check()
