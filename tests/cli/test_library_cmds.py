"""`reader add`, `reader list`, `reader delete` through click's runner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import reader.library
from reader.cli import cli
from tests.library.helpers import FAKE_ANNOTATOR

ARTICLE = "date 2021-03-04 LONDON (Reuters) - Prime Minister Boris Johnson said “we will act” on Tuesday.\n\nMore text here.\n"


@pytest.fixture(autouse=True)
def _fake_language_pipeline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader.library, "ANNOTATOR", FAKE_ANNOTATOR)


def _run(home: Path, *args: str, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--data-dir", str(home), *args], input=input)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def test_add_files_prints_ids_and_summary(tmp_path: Path) -> None:
    home = tmp_path / "home"
    (tmp_path / "a.txt").write_text(ARTICLE)
    code, out, err = _run(home, "add", str(tmp_path / "a.txt"))
    assert code == 0
    (article_id,) = out.split()
    assert len(article_id) == 16
    assert "1 added, 0 already in the library, 0 rejected." in err
    code, out, err = _run(home, "add", str(tmp_path / "a.txt"))
    assert code == 0 and out.split() == [article_id] and "1 already in the library" in err


def test_add_stdin(tmp_path: Path) -> None:
    code, out, err = _run(tmp_path / "home", "add", "-", input=ARTICLE)
    assert code == 0 and len(out.split()) == 1


def test_add_folder_summarises_with_reasons(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "one.txt").write_text(ARTICLE)
    (folder / "sub" / "two.txt").write_text(ARTICLE.replace("Tuesday", "Monday"))
    (folder / "empty.txt").write_text("")
    (folder / "bin.txt").write_bytes(b"\x00\x01\x02" * 100)
    code, out, err = _run(tmp_path / "home", "add", str(folder))
    assert code == 1  # something was rejected
    assert out == ""  # a folder import prints the summary, not every id
    assert "2 added, 0 already in the library, 2 rejected." in err
    assert "empty.txt" in err and "bin.txt" in err


def test_add_missing_path_fails_clearly(tmp_path: Path) -> None:
    code, out, err = _run(tmp_path / "home", "add", str(tmp_path / "nope.txt"))
    assert code == 1 and "no such file" in err and "Traceback" not in err


def test_list_plain_json_and_delete(tmp_path: Path) -> None:
    home = tmp_path / "home"
    (tmp_path / "a.txt").write_text(ARTICLE)
    _, out, _ = _run(home, "add", str(tmp_path / "a.txt"))
    article_id = out.strip()
    code, out, _ = _run(home, "list")
    assert code == 0
    lines = out.splitlines()
    assert len(lines) >= 2  # the sample articles and ours
    fields = next(line.split("\t") for line in lines if line.startswith(article_id))
    assert fields[1] == "2021-03-04" and fields[2] == "Reuters" and fields[3] == "1"
    code, out, _ = _run(home, "list", "--json")
    rows = json.loads(out)
    assert {r["id"] for r in rows} >= {article_id} and all("title" in r for r in rows)
    code, out, _ = _run(home, "list", "--filter", "johnson", "--json")
    assert [r["id"] for r in json.loads(out)] == [article_id]
    code, out, _ = _run(home, "delete", article_id[:8])
    assert code == 0 and out.startswith(f"deleted {article_id}")
    _, out, _ = _run(home, "list", "--json")
    assert article_id not in {r["id"] for r in json.loads(out)}


def test_delete_unknown_id_is_a_clean_error(tmp_path: Path) -> None:
    code, out, err = _run(tmp_path / "home", "delete", "ffffffffffff")
    assert code == 1 and "No article with id" in err and "Traceback" not in err


def test_list_sanitises_tabs_in_titles(tmp_path: Path) -> None:
    from reader.library import Library
    from tests.library.helpers import make_article

    home = tmp_path / "home"
    library = Library.open(home, seed=False)
    library.add_article(make_article(1, title="evil\ttitle\nwith breaks"))
    _, out, _ = _run(home, "list")
    (line,) = out.splitlines()
    assert line.split("\t")[-1] == "evil title with breaks"


def test_corrupt_user_file_warns_on_stderr(tmp_path: Path) -> None:
    home = tmp_path / "home"
    _run(home, "list")
    (home / "user.json").write_text("{broken")
    code, _, err = _run(home, "list")
    assert code == 0 and "warning:" in err and "user.json" in err


def test_folder_import_shows_a_progress_bar_on_a_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")  # Rich treats the output as a terminal
    monkeypatch.setenv("COLUMNS", "100")
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(3):
        (folder / f"{n}.txt").write_text(ARTICLE.replace("Tuesday", f"day {n}"))
    code, out, err = _run(tmp_path / "home", "add", str(folder))
    assert code == 0
    assert "Importing" in err and "3/3" in err
    assert "3 added" in err


def test_show_by_id_and_unknown_id_through_the_shared_helper(tmp_path: Path) -> None:
    home = tmp_path / "home"
    (tmp_path / "a.txt").write_text(ARTICLE)
    _, out, _ = _run(home, "add", str(tmp_path / "a.txt"))
    code, shown, _ = _run(home, "show", out.split()[0][:8], "--no-color")
    assert code == 0 and "Boris Johnson" in shown
    code, _, err = _run(home, "show", "ffffffffffff")
    assert code == 1 and "nor is there a file by that name" in err and "Traceback" not in err
