"""Issue 12 items 6 and 7: malformed documents are refused or quarantined (never crash a
command later), a deeply nested backup is refused cleanly, and one damaged article does not
block exports or search."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from reader.cli import cli
from reader.export import BACKUP_FORMAT
from tests.faults.storage_helpers import library_with_notes, open_library

BAD_DOCS = {
    "bookmark without article_id": ("bookmarks", {"position": 3, "label": "", "created_at": 1.0}),
    "note whose text is a number": ("notes", {"article_id": "x" * 16, "anchor": {"start": 0, "end": 1},
                                              "text": 42, "created_at": 1.0, "updated_at": 1.0}),
    "note whose anchor is a string": ("notes", {"article_id": "x" * 16, "anchor": "here", "text": "t",
                                                "created_at": 1.0, "updated_at": 1.0}),
}
COMMANDS = (["list"], ["notes"], ["search", "article"], ["export", "--format", "json"], ["feed", "list"])


def _backup(table: str, doc: dict) -> dict:
    return {"format": BACKUP_FORMAT, "version": 1, "user_data": {"schema": 1, table: {"bad1": doc}}}


@pytest.mark.parametrize("case", sorted(BAD_DOCS))
def test_restored_bad_documents_are_quarantined_and_nothing_crashes(tmp_path: Path, case: str) -> None:
    library, acked = library_with_notes(tmp_path / "lib", notes=4)
    library.close()
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(_backup(*BAD_DOCS[case])))
    runner = CliRunner()
    result = runner.invoke(cli, ["--data-dir", str(tmp_path / "lib"), "restore", str(path), "--yes"])
    assert result.exit_code == 0, result.output
    assert "damaged record(s) were not restored" in result.output and "quarantine-" in result.output
    for command in COMMANDS:
        ran = runner.invoke(cli, ["--data-dir", str(tmp_path / "lib"), *command])
        assert ran.exception is None or isinstance(ran.exception, SystemExit), (command, ran.output)
    assert acked <= {n.id for n in open_library(tmp_path / "lib").notes()}


@pytest.mark.parametrize("case", sorted(BAD_DOCS))
def test_bad_documents_on_disk_are_quarantined_on_load(tmp_path: Path, case: str) -> None:
    library, acked = library_with_notes(tmp_path, notes=4)
    table, doc = BAD_DOCS[case]
    with library.user.transaction() as txn:  # as a hand edit or an old bug would leave it
        from tinydb.table import Document

        txn.db.table(table).insert(Document(doc, doc_id="bad1"))
    library.close()
    reopened = open_library(tmp_path)
    assert any("set aside" in w for w in reopened.warnings)
    assert acked == {n.id for n in reopened.notes()} and reopened.bookmarks() == []
    kept = list((tmp_path / "backups").glob("quarantine-*.json"))
    assert kept and json.loads(kept[0].read_text())[0]["document"] == doc


def test_a_backup_nested_100000_deep_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000)
    result = CliRunner().invoke(cli, ["--data-dir", str(tmp_path / "lib"), "restore", str(path), "--yes"])
    assert result.exit_code == 1 and "nested too deeply" in result.output
    assert not isinstance(result.exception, RecursionError)


def test_one_damaged_article_does_not_block_exports_or_search(tmp_path: Path) -> None:
    library, acked = library_with_notes(tmp_path / "lib", notes=8, articles=4)
    damaged = library.notes()[0].article_id
    with library.db.write() as conn:
        conn.execute("UPDATE bodies SET body = x'0001' WHERE article = (SELECT n FROM articles WHERE id = ?)",
                     (damaged,))
    library.close()
    runner = CliRunner()
    exported = runner.invoke(cli, ["--data-dir", str(tmp_path / "lib"), "export", "--format", "json"])
    assert exported.exit_code == 0
    data = json.loads(exported.stdout)
    assert acked <= set(data["user_data"]["notes"])  # the backup is whole
    assert damaged in exported.stderr
    md = runner.invoke(cli, ["--data-dir", str(tmp_path / "lib"), "export", "-o", str(tmp_path / "md")])
    assert md.exit_code == 0 and "Skipped article" in md.stderr
    assert len(list((tmp_path / "md").glob("*.md"))) == 3  # the other three articles
    found = runner.invoke(cli, ["--data-dir", str(tmp_path / "lib"), "search", "article"])
    assert found.exit_code == 0 and "Title" in found.stdout
