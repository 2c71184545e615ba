"""Issue 13: two processes (CLI and CLI, TUI and CLI) write the library at once and nothing is
lost: overlapping imports store each article exactly once, notes saved meanwhile all survive."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.faults.storage_helpers import open_library

REPO = Path(__file__).resolve().parents[2]

IMPORT_AND_NOTE = """
import sys
from reader.domain import Anchor
from reader.library import Library
from tests.library.helpers import make_article
library = Library.open(sys.argv[1], seed=False, annotator="tests.library.fake_nlp:annotate")
first, last, tag = int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
for n in range(first, last, 10):
    report = library.add_many([make_article(k) for k in range(n, min(n + 10, last))], workers=1)
    library.add_note(report.ids[0], Anchor(0, 7, "Article"), f"{tag} {n}")
"""


def test_two_importing_processes_lose_nothing_and_store_each_article_once(tmp_path: Path) -> None:
    open_library(tmp_path).close()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    # overlapping ranges: 0..120 and 60..180, both adding notes as they go
    procs = [subprocess.Popen([sys.executable, "-c", IMPORT_AND_NOTE, str(tmp_path), first, last, tag],
                              cwd=REPO, env=env)
             for first, last, tag in (("0", "120", "left"), ("60", "180", "right"))]
    assert [p.wait(timeout=300) for p in procs] == [0, 0]
    library = open_library(tmp_path)
    titles = [s.title for s in library.summaries()]
    assert len(titles) == 180 and len(set(titles)) == 180  # each once
    notes = {n.text for n in library.notes()}
    assert notes == {f"left {n}" for n in range(0, 120, 10)} | {f"right {n}" for n in range(60, 180, 10)}
    assert library.check_database() == []
    assert {h.article_id for h in library.search("article")}  # the index took both processes' rows


def test_the_cli_shows_migration_progress(tmp_path: Path) -> None:
    import shutil

    from click.testing import CliRunner

    from reader.cli import cli

    fixture = REPO / "tests" / "fixtures" / "old_library"
    shutil.copytree(fixture, tmp_path / "data")
    result = CliRunner().invoke(cli, ["--data-dir", str(tmp_path / "data"), "list", "--json"])
    assert result.exit_code == 0, result.output
    assert "Moving your library into library.db" in result.stderr
    assert "moved into library.db (5 articles)" in result.stderr
