"""`reader show`: the same highlighting on a terminal, plain text in a pipe."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from reader.cli import cli

from ..conftest import SEED
from .conftest import HOSTILE_ARTICLE


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_show_path_plain_when_piped() -> None:
    result = run("show", str(SEED))
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert "Mike Pompeo" in lines[0]
    assert lines[1].startswith("Reuters · Washington · 2019-02-06")
    assert "\x1b" not in result.output
    assert "— Mike Pompeo" not in result.output  # plain text is the article only


def test_show_path_with_color_highlights_and_names_speakers() -> None:
    result = run("show", "--color", str(SEED))
    assert result.exit_code == 0
    assert "\x1b[" in result.output
    assert "— Mike Pompeo" in result.output


def test_show_by_id_from_the_library(reader_home: Path) -> None:
    from reader.library import Library

    with Library.open(reader_home, seed=False) as library:
        from reader.articles import load_path

        report = library.add_many(load_path(SEED))
        article_id = report.ids[0]
    result = run("show", article_id[:8])
    assert result.exit_code == 0
    assert result.output.splitlines()[0].startswith("U.S. Secretary of State Mike Pompeo")


def test_unknown_id_is_a_clear_error() -> None:
    result = CliRunner().invoke(cli, ["show", "no-such-article"])
    assert result.exit_code == 1
    assert "no-such-article" in result.output
    assert "Traceback" not in result.output


def test_bad_file_is_a_clear_error(tmp_path: Path) -> None:
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x00\x01\x02binary")
    result = CliRunner().invoke(cli, ["show", str(binary)])
    assert result.exit_code == 1
    assert "binary" in result.output


def test_folder_is_a_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["show", str(tmp_path)])
    assert result.exit_code == 1
    assert "folder" in result.output


def test_hostile_text_prints_literally(tmp_path: Path) -> None:
    path = tmp_path / "hostile.txt"
    path.write_text(HOSTILE_ARTICLE, encoding="utf-8")
    for args in (["show", str(path)], ["show", "--color", str(path)]):
        result = run(*args)
        assert result.exit_code == 0
        assert "[bold red]x[/]" in result.output
        assert "[link=http://x]y[/link]" in result.output
        assert "\x1b[31mRED" not in result.output
        assert "\x1b]8;" not in result.output  # no hyperlink escape made from the text


def test_hide_layers() -> None:
    result = run("show", "--color", "--hide", "quotes", str(SEED))
    assert result.exit_code == 0
    assert "— Mike Pompeo" not in result.output
