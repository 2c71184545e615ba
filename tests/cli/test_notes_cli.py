from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from reader.cli import cli
from tests.search.real import ARTICLES, IDS, make_library, use_fake_pipeline


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    use_fake_pipeline(monkeypatch)
    folder = tmp_path / "data"
    make_library(folder).close()
    return folder


def run(data_dir: Path, *args: str):
    result = CliRunner().invoke(cli, ["--data-dir", str(data_dir), *args])
    return result


def test_no_notes_yet(data_dir: Path) -> None:
    result = run(data_dir, "notes")
    assert result.exit_code == 0 and "No notes yet" in result.output


def test_add_article_note_and_list(data_dir: Path) -> None:
    added = run(data_dir, "notes", "add", IDS[0][:6], "Check the troop numbers")
    assert added.exit_code == 0, added.output
    note_id = added.output.strip()
    assert note_id
    listed = run(data_dir, "notes")
    assert listed.exit_code == 0
    assert ARTICLES[0].title in listed.output and "Check the troop numbers" in listed.output
    assert note_id in listed.output
    data = json.loads(run(data_dir, "notes", "--json").output)
    assert data[0]["id"] == note_id and data[0]["kind"] == "note"
    assert data[0]["anchor"]["kind"] == "article" and data[0]["article_id"] == IDS[0]


def test_add_on_quote_and_paragraph(data_dir: Path) -> None:
    assert run(data_dir, "notes", "add", IDS[0], "on the quote", "--quote", "2").exit_code == 0
    assert run(data_dir, "notes", "add", IDS[0], "on para", "--paragraph", "3").exit_code == 0
    data = {n["text"]: n for n in json.loads(run(data_dir, "notes", "--json", "--article", IDS[0]).output)}
    assert data["on the quote"]["anchor"]["exact"] == "“It simply represents a new stage in an old fight,”"
    assert data["on the quote"]["anchor"]["kind"] == "quote"
    assert data["on para"]["anchor"]["exact"] == "Critics said the drawdown came too quickly."


def test_article_filter(data_dir: Path) -> None:
    run(data_dir, "notes", "add", IDS[0], "first")
    run(data_dir, "notes", "add", IDS[1], "second")
    data = json.loads(run(data_dir, "notes", "--article", IDS[1], "--json").output)
    assert [n["text"] for n in data] == ["second"]


def test_bad_input_is_reported(data_dir: Path) -> None:
    assert run(data_dir, "notes", "add", "zzzzzz", "x").exit_code == 2
    out = run(data_dir, "notes", "add", IDS[0], "x", "--quote", "9")
    assert out.exit_code == 2 and "has 2 quotes" in out.output
    out = run(data_dir, "notes", "add", IDS[0], "x", "--quote", "1", "--paragraph", "1")
    assert out.exit_code == 2 and "not both" in out.output
    assert run(data_dir, "notes", "add", IDS[0], "   ").exit_code == 2
