"""``reader annotate``: JSON, the readable summary, and refusals."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from reader.cli import cli


def run(*args: str, input: bytes | str | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, ["annotate", *args], input=input, catch_exceptions=False)


def test_json_of_the_seed_file(seed_text: str) -> None:
    from tests.conftest import SEED

    result = run(str(SEED), "--json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert set(data) == {"entities", "figures", "quotes"}
    assert {f["name"] for f in data["figures"]} >= {"Mike Pompeo", "Kevin Lamarque"}
    first = data["quotes"][0]
    # The raw text is annotated, metadata line included: offsets index the file.
    assert seed_text[first["start"] : first["end"]] == first["text"] == "“the end of America’s fight”"
    assert first["speaker"] == "Mike Pompeo"
    assert isinstance(first["speaker_mention"], list) and len(first["speaker_mention"]) == 2


def test_stdin_is_the_default() -> None:
    result = run("--json", input="“We stay,” said Mike Pompeo.")
    assert result.exit_code == 0
    assert json.loads(result.output)["quotes"][0]["speaker"] == "Mike Pompeo"
    assert json.loads(run("-", "--json", input="“Hi.”").output)["quotes"][0]["text"] == "“Hi.”"


def test_summary_lists_figures_and_quotes(seed_text: str) -> None:
    result = run("-", input=seed_text)
    assert result.exit_code == 0
    assert "Mike Pompeo" in result.output and "Secretary of State" in result.output
    assert "Figures (7)" in result.output and "Quotes (12)" in result.output


def test_summary_never_interprets_article_text_as_markup() -> None:
    text = "“[bold red]boom[/] \x1b[31mred\x1b[0m,” said Mike Pompeo."
    result = run("-", input=text)
    assert result.exit_code == 0
    assert "[bold red]boom[/]" in result.output
    assert "\x1b" not in result.output


def test_empty_input_says_so() -> None:
    result = run("-", input="")
    assert result.exit_code == 0
    assert "No people or quotes" in result.output
    assert json.loads(run("-", "--json", input="").output) == {"entities": [], "figures": [], "quotes": []}


def test_missing_file(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["annotate", str(tmp_path / "nope.txt")])
    assert result.exit_code != 0
    assert "no such file" in result.output


def test_folder_is_refused(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["annotate", str(tmp_path)])
    assert result.exit_code != 0
    assert "folder" in result.output


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "image.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    result = CliRunner().invoke(cli, ["annotate", str(path)])
    assert result.exit_code != 0
    assert "not text" in result.output


def test_nul_bytes_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    path.write_bytes(b"abc\x00\x01\x02\x03def\x00\x00\x00\xff\xfe\x00")
    result = CliRunner().invoke(cli, ["annotate", str(path)])
    assert result.exit_code != 0
    assert "binary" in result.output


def test_latin1_file_is_decoded_not_refused(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes("\u201cC'est la vie,\u201d said Jos\u00e9 Garc\u00eda.".encode("cp1252"))
    result = CliRunner().invoke(cli, ["annotate", str(path), "--json"])
    assert result.exit_code == 0
    assert json.loads(result.output)["quotes"][0]["text"] == "\u201cC'est la vie,\u201d"


def test_undecodable_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.txt"
    path.write_bytes(b"\xef\xbb\xbf\xff\xfe\xfd not utf-8 after a UTF-8 BOM")
    result = CliRunner().invoke(cli, ["annotate", str(path), "--json"])
    assert result.exit_code != 0
    assert "broken" in result.output and str(path) in result.output
    assert "{" not in result.output


PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>Ferry returns</title></head><body>
<nav><a href="/">Home</a></nav><article><h1>Ferry returns</h1>
<p>PORTREE, Scotland — The ferry returned on Tuesday, the operator said.</p>
<p>“We are glad,” said Morag Stewart, a councillor in <b>Portree</b>.</p></article></body></html>"""


def test_a_web_page_is_annotated_as_its_article(tmp_path: Path) -> None:
    """Not the markup: no "Doctype", no quotes like "utf-8" (issue 14, item 14)."""
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    data = json.loads(run(str(path), "--json").output)
    text = data["text"]
    assert "<" not in text and "Doctype" not in text and text.startswith("PORTREE, Scotland")
    assert [q["text"] for q in data["quotes"]] == ["“We are glad,”"]
    for quote in data["quotes"]:
        assert text[quote["start"] : quote["end"]] == quote["text"]
    for entity in data["entities"]:
        assert text[entity["start"] : entity["end"]] == entity["text"]
    assert not any("utf-8" in q["text"] for q in data["quotes"])
    summary = run(str(path)).output
    assert "Quotes (1)" in summary and "Doctype" not in summary
    # the same page on stdin is recognised too
    assert json.loads(run("-", "--json", input=PAGE).output)["text"] == text


def test_markdown_is_annotated_without_its_syntax(tmp_path: Path) -> None:
    path = tmp_path / "story.md"
    path.write_text("# Ferry\n\n**“We are glad,”** said [Morag Stewart](https://x.example/ms).\n", encoding="utf-8")
    data = json.loads(run(str(path), "--json").output)
    assert data["text"] == "“We are glad,” said Morag Stewart."
    assert data["quotes"][0]["text"] == "“We are glad,”"


def test_help_says_what_the_offsets_index() -> None:
    result = CliRunner().invoke(cli, ["annotate", "--help"])
    assert "offsets then index that text" in " ".join(result.output.split())
