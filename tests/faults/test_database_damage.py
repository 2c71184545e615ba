"""Issue 12 item 2 (and issue 13's safety): a damaged library.db is detected, kept aside,
recovered from the newest database backup plus what the damaged file still yields, and the
search index rebuilt; `reader doctor` checks and repairs on demand. The user's notes (TinyDB)
never depend on it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from reader.cli import cli
from reader.library import Library
from tests.faults.storage_helpers import DAMAGES, damage, library_with_notes, open_library
from tests.library.helpers import make_article


@pytest.mark.parametrize("how", DAMAGES)
def test_damaged_database_is_recovered_from_its_backup(tmp_path: Path, how: str) -> None:
    library, acked = library_with_notes(tmp_path)
    assert library.backup_database(force=True) is not None
    library.add_article(make_article(10))  # after the backup
    library.close()
    damage(tmp_path / "library.db", how)
    reopened = open_library(tmp_path)
    assert any("damaged" in w and "backup" in w for w in reopened.warnings), reopened.warnings
    assert reopened.count() >= 4  # everything the backup held
    assert acked == {n.id for n in reopened.notes()}  # notes live apart and are untouched
    assert any(p.name.startswith("library.db.corrupt-") for p in tmp_path.iterdir())
    assert reopened.check_database() == []
    assert reopened.search("article")  # the index was rebuilt


def test_newer_database_schema_is_refused_and_kept(tmp_path: Path) -> None:
    library, _ = library_with_notes(tmp_path)
    library.close()
    conn = sqlite3.connect(tmp_path / "library.db")
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    reopened = open_library(tmp_path)
    assert any("newer version" in w for w in reopened.warnings)
    assert any(p.name.startswith("library.db.corrupt-") for p in tmp_path.iterdir())


def test_damaged_pages_lose_only_their_rows(tmp_path: Path) -> None:
    library, _ = library_with_notes(tmp_path, articles=4)
    library.close()  # no backup at all: recovery salvages row by row
    raw = bytearray((tmp_path / "library.db").read_bytes())
    raw[:100] = b"\x00" * 100  # the header is gone: "file is not a database"
    (tmp_path / "library.db").write_bytes(bytes(raw))
    reopened = open_library(tmp_path)
    assert reopened.warnings and "No usable backup" in reopened.warnings[0]


def test_a_damaged_search_index_is_rebuilt_by_doctor(tmp_path: Path) -> None:
    library, _ = library_with_notes(tmp_path)
    with library.db.write() as conn:
        conn.execute("DELETE FROM fts_data WHERE id > 10")  # index pages lost
    library.close()
    result = CliRunner().invoke(cli, ["--data-dir", str(tmp_path), "doctor"])
    assert result.exit_code == 0, result.output
    assert "rebuilt" in result.output
    again = open_library(tmp_path)
    assert again.check_database() == []


def test_doctor_reports_a_healthy_library(tmp_path: Path) -> None:
    library, _ = library_with_notes(tmp_path)
    library.close()
    (tmp_path / "user.json").chmod(0o644)
    result = CliRunner().invoke(cli, ["--data-dir", str(tmp_path), "doctor"])
    assert result.exit_code == 0, result.output
    for line in ("article database", "search index", "backups", "permissions"):
        assert line in result.output
    assert "1 fixed" in result.output
    assert (tmp_path / "user.json").stat().st_mode & 0o777 == 0o600


def test_a_damaged_page_found_while_reading_is_repaired_at_the_next_start(tmp_path: Path) -> None:
    library, acked = library_with_notes(tmp_path, articles=4)
    import random

    rng = random.Random(3)  # text that does not compress away: bodies fill many pages
    for n in range(4, 40):
        words = " ".join("".join(rng.choice("abcdefghij") for _ in range(6)) for _ in range(400))
        library.add_article(make_article(n, body=f"Article number {n}. {words}"))
    assert library.backup_database(force=True) is not None
    leaves = [r[0] for r in library.db.query("SELECT pageno FROM dbstat WHERE name = 'bodies' AND pagetype = 'leaf' "
                                             "ORDER BY pageno")]
    page = leaves[len(leaves) // 2]
    library.close()
    page_size = 4096
    with open(tmp_path / "library.db", "r+b") as handle:  # a bad sector in the middle of the file
        handle.seek((page - 1) * page_size)
        handle.write(b"\xff" * page_size)
    reading = open_library(tmp_path)
    assert reading.warnings == []  # the header is fine: nothing seen yet
    failures = 0
    for summary in list(reading.summaries()):
        try:
            reading.get(summary.id)
        except Exception:  # noqa: BLE001 - the damaged rows
            failures += 1
    assert failures and any("will be repaired" in w for w in reading.warnings)
    assert (tmp_path / "library.db.suspect").exists()
    reading.close()
    repaired = open_library(tmp_path)
    assert any("backup" in w for w in repaired.warnings), repaired.warnings
    assert not (tmp_path / "library.db.suspect").exists()
    assert repaired.check_database() == []
    assert repaired.count() == 40 and all(repaired.get(s.id) for s in repaired.summaries())
    assert acked == {n.id for n in repaired.notes()}


def test_an_article_that_does_not_decode_comes_back_from_the_backup(tmp_path: Path) -> None:
    library, acked = library_with_notes(tmp_path, articles=4)
    assert library.backup_database(force=True) is not None
    victim = library.notes()[0].article_id
    body = library.get(victim).body
    with library.db.write() as conn:  # a stray write into one row: the file itself is sound
        conn.execute("UPDATE bodies SET body = x'00ff' WHERE article = (SELECT n FROM articles WHERE id = ?)",
                     (victim,))
    library.close()
    again = open_library(tmp_path)
    assert again.get(victim).body == body  # repaired on the spot
    assert any("restored from the database backup" in w for w in again.warnings)
    assert again.check_database() == [] and [h.article_id for h in again.search("article")]
    # and reader doctor finds and repairs such rows on its own
    with again.db.write() as conn:
        conn.execute("UPDATE bodies SET body = x'00ff' WHERE article = (SELECT n FROM articles WHERE id = ?)",
                     (victim,))
    again.close()
    result = CliRunner().invoke(cli, ["--data-dir", str(tmp_path), "doctor"])
    assert "1 did not decode: 1 restored" in result.output, result.output
    assert open_library(tmp_path).get(victim).body == body
