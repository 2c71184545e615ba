from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from reader.cli import cli
from tests.search.real import IDS, make_library, use_fake_pipeline


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    use_fake_pipeline(monkeypatch)
    folder = tmp_path / "data"
    lib = make_library(folder)
    from reader.anchors import make_anchor

    lib.add_note(IDS[0], make_anchor("", 0, 0, "article"), "a note to keep")
    lib.toggle_bookmark(IDS[1])
    lib.close()
    return folder


def run(data_dir: Path, *args: str, input: str | None = None):
    return CliRunner().invoke(cli, ["--data-dir", str(data_dir), *args], input=input)


def test_markdown_export_to_folder(data_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "md"
    result = run(data_dir, "export", "--output", str(out))
    assert result.exit_code == 0, result.output
    files = sorted(out.glob("*.md"))
    assert len(files) == 2
    assert {str(f) for f in files} == set(result.output.split())
    assert any("a note to keep" in f.read_text("utf-8") for f in files)


def test_markdown_export_one_article(data_dir: Path, tmp_path: Path) -> None:
    result = run(data_dir, "export", "--article", IDS[2][:8], "-o", str(tmp_path / "one"))
    assert result.exit_code == 0
    assert [p.name[-11:-3] for p in (tmp_path / "one").glob("*.md")] == [IDS[2][:8]]


def test_json_to_stdout_and_restore_elsewhere(data_dir: Path, tmp_path: Path, monkeypatch) -> None:
    result = run(data_dir, "export", "--format", "json")
    assert result.exit_code == 0
    backup = json.loads(result.output)
    assert backup["format"] == "reader-backup"
    path = tmp_path / "backup.json"
    path.write_text(result.output, encoding="utf-8")

    other = tmp_path / "other"
    make_library(other).close()
    refused = run(other, "restore", str(path), input="n\n")
    assert refused.exit_code == 1 and "Aborted" in refused.output
    restored = run(other, "restore", str(path), "--yes")
    assert restored.exit_code == 0, restored.output
    assert "Restored 1 notes" in restored.output
    notes = json.loads(run(other, "notes", "--json").output)
    assert [n["text"] for n in notes] == ["a note to keep"]


def test_json_to_file(data_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "b" / "backup.json"
    result = run(data_dir, "export", "--format", "json", "-o", str(target))
    assert result.exit_code == 0
    assert json.loads(target.read_text("utf-8"))["version"] == 1


def test_restore_refuses_garbage(data_dir: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    result = run(data_dir, "restore", str(bad), "--yes")
    assert result.exit_code == 1 and "not JSON" in result.output
    bad.write_text('{"format": "reader-backup", "version": 5, "user_data": {}}', encoding="utf-8")
    result = run(data_dir, "restore", str(bad), "--yes")
    assert result.exit_code == 1 and "newer reader" in result.output
