"""Issue 12 item 4: restore shows what will be lost, merges by default (notes by id, newer
wins) and replaces only on request."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from reader.cli import cli
from reader.domain import Anchor
from reader.export import export_json
from tests.faults.storage_helpers import library_with_notes


def test_restore_merges_by_default_and_shows_the_plan(tmp_path: Path) -> None:
    library, acked = library_with_notes(tmp_path / "lib", notes=6)
    backup = export_json(library)
    path = tmp_path / "backup.json"
    path.write_text(json.dumps(backup))
    newer = library.update_note(sorted(acked)[0], "edited after the backup")
    fresh = library.add_note(newer.article_id, Anchor(0, 1), "written after the backup")
    library.close()
    result = CliRunner().invoke(cli, ["--data-dir", str(tmp_path / "lib"), "restore", str(path), "--yes"])
    assert result.exit_code == 0, result.output
    assert "Merging" in result.output and "nothing of yours is removed" in result.output
    from tests.faults.storage_helpers import open_library

    after = open_library(tmp_path / "lib")
    texts = {n.id: n.text for n in after.notes()}
    assert texts[fresh.id] == "written after the backup" and texts[newer.id] == "edited after the backup"
    assert acked <= texts.keys()


def test_replace_lists_the_losses_and_asks(tmp_path: Path) -> None:
    library, acked = library_with_notes(tmp_path / "lib", notes=6)
    path = tmp_path / "backup.json"
    path.write_text(json.dumps(export_json(library)))
    library.add_note(library.notes()[0].article_id, Anchor(0, 1), "only here")
    library.close()
    runner = CliRunner()
    refused = runner.invoke(cli, ["--data-dir", str(tmp_path / "lib"), "restore", str(path), "--replace"], input="n\n")
    assert refused.exit_code != 0
    assert "LOST: 1 note(s) not in the backup" in refused.output
    from tests.faults.storage_helpers import open_library

    assert any(n.text == "only here" for n in open_library(tmp_path / "lib").notes())  # refused: untouched
    done = runner.invoke(cli, ["--data-dir", str(tmp_path / "lib"), "restore", str(path), "--replace", "--yes"])
    assert done.exit_code == 0, done.output
    assert not any(n.text == "only here" for n in open_library(tmp_path / "lib").notes())
