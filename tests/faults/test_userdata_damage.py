"""Issue 12 items 1 and 13: damage to user.log / user.json never loses an acknowledged note
silently: the damaged file is kept aside, the user is warned (without note text), and every
acknowledged note comes back from the intact records and the newest backup."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.domain import Anchor
from tests.faults.storage_helpers import DAMAGES, damage, library_with_notes, open_library


@pytest.mark.parametrize("how", DAMAGES)
def test_damaged_journal(tmp_path: Path, how: str) -> None:
    library, acked = library_with_notes(tmp_path)
    journal = tmp_path / "user.log"
    before = journal.read_bytes()
    damage(journal, how)
    damaged = journal.read_bytes()
    reopened = open_library(tmp_path)
    assert reopened.warnings, "damage must never be silent"
    assert all("secret note text" not in w and len(w) < 400 for w in reopened.warnings)  # item 13
    kept = [p for p in tmp_path.iterdir() if p.name.startswith("user.log.") and p.read_bytes() == damaged]
    assert kept, "the damaged journal is kept aside"
    have = {n.id for n in reopened.notes()}
    # the notes of the first half are in the snapshot and the backup; the rest only in the journal:
    # every one whose record survived is back, and the others are in the file kept aside
    complete = damaged[: damaged.rfind(b"\n") + 1]  # whole records only
    survived = {i for i in acked if i.encode() in complete}
    assert survived <= have
    lost = acked - have
    assert all(i.encode() in before for i in lost)  # only journal-only notes can be missing…
    assert how != "truncate" or len(lost) < len(acked) // 2  # …and a truncation keeps the first half
    # the next save must not destroy the evidence
    reopened.add_note(next(iter(reopened.summaries())).id, Anchor(0, 1), "after")
    assert any(p.read_bytes() == damaged for p in tmp_path.iterdir() if p.name.startswith("user.log."))


@pytest.mark.parametrize("how", DAMAGES)
def test_damaged_snapshot(tmp_path: Path, how: str) -> None:
    library, acked = library_with_notes(tmp_path)
    damage(tmp_path / "user.json", how)
    reopened = open_library(tmp_path)
    assert any("backup" in w for w in reopened.warnings)
    assert acked <= {n.id for n in reopened.notes()}  # backup + the journal's records
    assert any(p.name.startswith("user.json.corrupt-") for p in tmp_path.iterdir())


def test_newer_schema_is_kept_not_overwritten(tmp_path: Path) -> None:
    library, acked = library_with_notes(tmp_path)
    future = {"schema": 99, "tables": {}}
    (tmp_path / "user.json").write_text(json.dumps(future))
    reopened = open_library(tmp_path)
    assert any("newer version" in w for w in reopened.warnings)
    kept = [p for p in tmp_path.iterdir() if p.name.startswith("user.json.newer-")]
    assert kept and json.loads(kept[0].read_text()) == future


def test_a_torn_last_record_is_the_only_thing_dropped(tmp_path: Path) -> None:
    library, acked = library_with_notes(tmp_path)
    with open(tmp_path / "user.log", "ab") as log:
        log.write(b'#0badf00d {"ops":[["put","notes","half",{"article_id":"')
    reopened = open_library(tmp_path)
    assert acked == {n.id for n in reopened.notes()}
    assert "not completely written" in reopened.warnings[0]


def test_deeply_nested_user_file_is_damage_not_a_crash(tmp_path: Path) -> None:
    library, acked = library_with_notes(tmp_path)
    (tmp_path / "user.json").write_text("[" * 100_000 + "]" * 100_000)
    reopened = open_library(tmp_path)
    assert acked <= {n.id for n in reopened.notes()}
