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
    make_library(folder).close()
    return folder


def run(data_dir: Path, *args: str):
    return CliRunner().invoke(cli, ["--data-dir", str(data_dir), "search", *args])


def test_plain_output_has_titles_and_snippets(data_dir: Path) -> None:
    result = run(data_dir, "pompeo", "fight")
    assert result.exit_code == 0, result.output
    assert "1. Pompeo tells coalition the fight is not over" in result.output
    assert "Mike Pompeo" in result.output
    assert "\x1b[" not in result.output  # not a terminal: no escape codes
    assert not (data_dir / "cache").exists()  # the index lives in library.db: nothing to build


def test_json_output(data_dir: Path) -> None:
    result = run(data_dir, "--json", "talks")
    hits = json.loads(result.output)
    assert [h["article_id"] for h in hits] == [IDS[1]]
    snippet = hits[0]["snippets"][0]
    assert all(snippet["text"][s:e].lower() == "talks" for s, e in snippet["spans"])
    assert isinstance(hits[0]["offset"], int)


def test_exclusion_is_not_read_as_an_option(data_dir: Path) -> None:
    hits = json.loads(run(data_dir, "--json", "pompeo", "-brexit").output)
    assert [h["article_id"] for h in hits] == [IDS[0]]


def test_filters_and_limit(data_dir: Path) -> None:
    hits = json.loads(run(data_dir, "--json", "--limit", "1", "source:reuters").output)
    assert len(hits) == 1
    hits = json.loads(run(data_dir, "--json", "person:Lighthizer").output)
    assert [h["article_id"] for h in hits] == [IDS[1]]


def test_nothing_found_exits_1(data_dir: Path) -> None:
    result = run(data_dir, "zebra")
    assert result.exit_code == 1 and "Nothing found" in result.output


def test_bad_filter_is_a_usage_error(data_dir: Path) -> None:
    result = run(data_dir, "has:colour")
    assert result.exit_code == 2 and "has:notes" in result.output


def test_terminal_output_styles_matches(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.delenv("NO_COLOR", raising=False)
    result = run(data_dir, "talks")
    assert "\x1b[1;7m" in result.output  # bold reverse on the matches
