"""The user data as a TinyDB database on the journaled storage: layout, migration, transactions."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from reader.store.journaled import decode_record
from tinydb import Query

from reader.domain import Anchor, Note
from reader.library import Library
from reader.store.journaled import JournaledAtomicStorage, OutsideTransaction, diff_ops
from reader.store.lock import StoreLock
from reader.store.schema import USER_SCHEMA
from reader.store.userdata import UserStore
from tests.library.helpers import FAKE_ANNOTATOR


def _store(folder: Path) -> UserStore:
    folder.mkdir(parents=True, exist_ok=True)
    store = UserStore(folder, StoreLock(folder))
    store.open()
    return store


def _note(n: int, article_id: str = "a" * 16) -> Note:
    return Note(f"note{n}", article_id, Anchor(0, 5, "Hello"), f"text {n}", float(n), float(n))


def test_one_transaction_is_one_journal_line_of_only_the_changed_documents(tmp_path: Path) -> None:
    store = _store(tmp_path)
    with store.transaction() as txn:
        for n in range(500):
            txn.save_note(_note(n))
    with store.transaction() as txn:
        txn.save_note(_note(1000))
        txn.set_state("theme", "dark")
        txn.remove_note("note3")
    lines = (tmp_path / "user.log").read_bytes().splitlines()[1:]  # after the header record
    assert len(lines) == 2
    ops = decode_record(lines[1])["ops"]
    assert sorted((op[0], op[1], op[2]) for op in ops) == [
        ("del", "notes", "note3"), ("put", "notes", "note1000"), ("put", "state", "theme")]
    assert len(lines[1]) < 1000  # not the 500 notes again


def test_tinydb_queries_see_other_processes_changes(tmp_path: Path) -> None:
    writer, reader = _store(tmp_path), _store(tmp_path)
    with writer.transaction() as txn:
        txn.save_note(_note(1, "b" * 16))
        txn.save_note(_note(2, "c" * 16))
    found = reader.db.table("notes").search(Query().article_id == "c" * 16)
    assert [doc.doc_id for doc in found] == ["note2"]
    assert [n.text for n in reader.data.notes("b" * 16)] == ["text 1"]


def test_writes_outside_a_transaction_are_refused_and_change_nothing(tmp_path: Path) -> None:
    store = _store(tmp_path)
    with store.transaction() as txn:
        txn.save_note(_note(1))
    with pytest.raises(OutsideTransaction):
        store.db.table("notes").update({"text": "sneaky"}, doc_ids=["note1"])
    with pytest.raises(OutsideTransaction):
        store.data.set_state("x", 1)
    assert store.data.note("note1").text == "text 1"
    assert len((tmp_path / "user.log").read_bytes().splitlines()) == 2  # header + one record


def test_an_aborted_in_place_update_leaves_the_committed_data_alone(tmp_path: Path) -> None:
    store = _store(tmp_path)
    with store.transaction() as txn:
        txn.save_note(_note(1))
    with pytest.raises(RuntimeError):
        with store.transaction() as txn:
            txn.db.table("notes").update({"text": "half-done"}, doc_ids=["note1"])  # in place, in TinyDB
            assert txn.note("note1").text == "half-done"  # the transaction sees its own change
            raise RuntimeError("caller bug")
    assert store.data.note("note1").text == "text 1"
    assert _store(tmp_path).data.note("note1").text == "text 1"


def test_state_values_are_copies(tmp_path: Path) -> None:
    store = _store(tmp_path)
    feeds = [{"url": "https://example.org/feed"}]
    with store.transaction() as txn:
        txn.set_state("feeds", feeds)
    feeds[0]["url"] = "changed by the caller"
    got = store.data.state("feeds")
    got.append("changed by the reader")
    assert store.data.state("feeds") == [{"url": "https://example.org/feed"}]


def test_not_json_aborts_the_transaction(tmp_path: Path) -> None:
    store = _store(tmp_path)
    with pytest.raises(ValueError):
        with store.transaction() as txn:
            txn.set_state("ok", 1)
            txn.set_state("bad", {1, 2})
    assert store.data.state("ok") is None and len((tmp_path / "user.log").read_bytes().splitlines()) == 1


def test_v1_file_and_journal_migrate_to_v2(tmp_path: Path) -> None:
    v1 = {"rev": "00ab", "schema": 1, "meta": {"seeded": True},
          "notes": {"n1": {"article_id": "a" * 16, "anchor": {"start": 1, "end": 4}, "text": "kept",
                           "created_at": 5.0, "updated_at": 5.0, "highlight": False, "orphaned": False}},
          "bookmarks": {}, "articles": {"a" * 16: {"position": 12, "read": True}},
          "state": {"feeds": [{"url": "https://example.org/rss"}]}}
    (tmp_path / "user.json").write_text(json.dumps(v1, separators=(",", ":")))
    journal = [{"ops": [["put", "state", "theme", "dark"]]}, {"ops": [["del", "state", "feeds"]]}]
    (tmp_path / "user.log").write_text("".join(json.dumps(line) + "\n" for line in journal))
    library = Library.open(tmp_path, seed=False, annotator=FAKE_ANNOTATOR)
    assert any("upgraded from format 1" in w for w in library.warnings)
    assert library.user_state("theme") == "dark" and library.user_state("feeds") is None
    assert [n.text for n in library.notes()] == ["kept"] and library.position("a" * 16) == 12
    on_disk = json.loads((tmp_path / "user.json").read_text())
    assert on_disk["schema"] == USER_SCHEMA == 2
    assert on_disk["tables"]["state"] == {"theme": {"value": "dark"}}
    assert on_disk["tables"]["meta"] == {"seeded": {"value": True}}
    assert len((tmp_path / "user.log").read_bytes().splitlines()) == 1  # the header only
    kept = [json.loads(p.read_text()) for p in (tmp_path / "backups").glob("user-*.json")]
    assert any(k.get("schema") == 1 for k in kept)  # the v1 file, as it was
    dump = library.dump_user_data()  # the exchange layout stays v1
    assert dump["schema"] == 1 and dump["state"] == {"theme": "dark"} and "n1" in dump["notes"]


def test_files_are_private(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    library = Library.open(folder, seed=False, annotator=FAKE_ANNOTATOR)
    library.set_user_state("x", 1)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    for name in ("user.json", "user.log"):
        assert stat.S_IMODE((folder / name).stat().st_mode) == 0o600, name


def test_diff_ops_finds_puts_and_deletes_only() -> None:
    same = {"k": {"v": 1}}
    old = {"notes": {"a": {"t": 1}, "b": {"t": 2}}, "state": same}
    new = {"notes": {"a": {"t": 1}, "b": {"t": 3}, "c": {"t": 4}}, "state": same, "meta": {}}
    assert diff_ops(old, new) == [["put", "notes", "b", {"t": 3}], ["put", "notes", "c", {"t": 4}]]
    assert diff_ops(new, old) == [["put", "notes", "b", {"t": 2}], ["del", "notes", "c"]]


def test_storage_read_returns_snapshot_plus_journal(tmp_path: Path) -> None:
    store = _store(tmp_path)
    with store.transaction() as txn:
        txn.set_state("a", 1)
    fresh = JournaledAtomicStorage(tmp_path / "user.json", tmp_path / "user.log")
    assert fresh.read()["state"] == {"a": {"value": 1}}  # catches up on first read


def test_a_damaged_v2_file_is_restored_from_an_older_v1_backup(tmp_path: Path) -> None:
    (tmp_path / "backups").mkdir(mode=0o700)
    v1 = {"schema": 1, "meta": {}, "notes": {}, "bookmarks": {}, "articles": {}, "state": {"theme": "dark"}}
    (tmp_path / "backups" / "user-20200101T000000.000000.json").write_text(json.dumps(v1))
    (tmp_path / "user.json").write_text('{"rev":"01","schema":2,"tables":{"state":')
    library = Library.open(tmp_path, seed=False, annotator=FAKE_ANNOTATOR)
    assert "restored from the backup user-20200101" in library.warnings[0]
    assert library.user_state("theme") == "dark"
    assert json.loads((tmp_path / "user.json").read_text())["schema"] == USER_SCHEMA


def test_a_nested_transaction_joins_the_outer_one(tmp_path: Path) -> None:
    store = _store(tmp_path)
    with pytest.raises(RuntimeError):
        with store.transaction() as txn:
            txn.set_state("outer", 1)
            with store.transaction() as inner:
                inner.set_state("inner", 2)
            raise RuntimeError("the outer one fails")
    assert (store.data.state("outer"), store.data.state("inner")) == (None, None)
    with store.transaction() as txn:
        txn.set_state("outer", 1)
        with store.transaction() as inner:
            inner.set_state("inner", 2)
    assert len((tmp_path / "user.log").read_bytes().splitlines()) == 2  # header + one record
    assert (store.data.state("outer"), store.data.state("inner")) == (1, 2)


def test_reading_from_one_thread_while_another_writes(tmp_path: Path) -> None:
    import threading

    store = _store(tmp_path)
    errors: list[BaseException] = []
    done = threading.Event()

    def keep_reading() -> None:
        try:
            while not done.is_set():
                assert all(n.text.startswith("text") for n in store.data.notes())
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    reader = threading.Thread(target=keep_reading)
    reader.start()
    try:
        for n in range(150):
            with store.transaction() as txn:
                txn.save_note(_note(n))
    finally:
        done.set()
        reader.join()
    assert errors == []
    assert len(store.data.notes()) == 150 == len(_store(tmp_path).data.notes())
