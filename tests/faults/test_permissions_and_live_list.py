"""Issue 12 items 11 and 14: private files; the library screen shows articles another
process added, without leaving it."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from reader.domain import Anchor
from tests.faults.storage_helpers import library_with_notes, open_library

REPO = Path(__file__).resolve().parents[2]


def test_folders_are_0700_and_files_0600(tmp_path: Path) -> None:
    library, _ = library_with_notes(tmp_path)
    library.backup_database(force=True)
    library.delete(library.notes()[0].article_id)  # a pinned backup
    other = open_library(tmp_path)  # a second connection: WAL and SHM exist now
    other.count()
    library.add_note(next(iter(library.summaries())).id, Anchor(0, 1), "x")
    for root, dirs, files in os.walk(tmp_path):
        for name in dirs:
            assert stat.S_IMODE(os.stat(os.path.join(root, name)).st_mode) == 0o700, name
        for name in files:
            assert stat.S_IMODE(os.stat(os.path.join(root, name)).st_mode) == 0o600, name
    assert any(p.name == "library.db-wal" for p in tmp_path.iterdir())


ADD_ELSEWHERE = """
import sys
from reader.library import Library
from tests.library.helpers import make_article
Library.open(sys.argv[1], seed=False, annotator="tests.library.fake_nlp:annotate").add_article(make_article(99))
"""


@pytest.mark.asyncio
async def test_library_screen_shows_articles_another_process_added(tmp_path: Path) -> None:
    from reader.tui.app import ReaderApp
    from reader.tui.widgets.library_list import LibraryList
    from tests.tui.conftest import settle

    library, _ = library_with_notes(tmp_path, notes=2, articles=2)
    app = ReaderApp(library=library)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert app.screen.query_one(LibraryList).row_count == 2
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        subprocess.run([sys.executable, "-c", ADD_ELSEWHERE, str(tmp_path)], check=True, env=env, cwd=REPO)
        for _ in range(60):  # the screen polls every 2 s
            await pilot.pause(0.1)
            if app.screen.query_one(LibraryList).row_count == 3:
                break
        assert app.screen.query_one(LibraryList).row_count == 3
        assert any(r.title == "Title 99" for r in app.screen.query_one(LibraryList).rows)
