"""Moving a library in the old layout (index.json/index.log, articles/<id>.json) into library.db."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from reader.library import Library
from reader.store import migrate as migration

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "old_library"
OLD_IDS = sorted(p.stem for p in (FIXTURE / "articles").glob("*.json"))


@pytest.fixture
def old_library(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(FIXTURE, folder)
    return folder


def test_an_old_library_is_migrated_on_first_start_with_progress(old_library: Path) -> None:
    ticks: list[tuple[int, int]] = []
    library = Library.open(old_library, progress=lambda done, total: ticks.append((done, total)))
    assert ticks and ticks[-1] == (5, 5)
    assert any("moved into library.db (5 articles)" in w for w in library.warnings)
    assert sorted(s.id for s in library.summaries()) == OLD_IDS  # the deleted sixth stays deleted
    for article_id in OLD_IDS:
        old = json.loads((FIXTURE / "articles" / f"{article_id}.json").read_text())
        article = library.get(article_id)
        assert article.body == old["article"]["body"] and article.title == old["article"]["title"]
        annotation = library.annotation(article_id)
        assert len(annotation.quotes) == len(old["annotation"]["data"]["quotes"])
        summary = library.summary(article_id)
        assert summary.people == old["facts"]["people"] and summary.added_at == old["facts"]["added_at"]
    # the user's data is untouched and still points at the articles
    (note,) = library.notes()
    assert note.text == "a note on the first seed" and note.article_id in OLD_IDS
    assert sum(s.bookmarked for s in library.summaries()) == 1 and sum(s.read for s in library.summaries()) == 1
    assert [h.article_id for h in library.search("note on the first")] == [note.article_id]  # note text indexed
    assert library.check_database() == []
    # verified: the old files are gone, and a second start does nothing more
    assert not (old_library / "articles").exists() and not (old_library / "index.json").exists()
    assert not (old_library / "index.log").exists()
    library.close()
    again = Library.open(old_library)
    assert not any("moved" in w for w in again.warnings) and again.count() == 5


def test_a_failed_migration_leaves_the_old_files(old_library: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("power cut")

    monkeypatch.setattr(migration.ArticleDB, "quick_check", broken)
    with pytest.raises(RuntimeError):
        Library.open(old_library)
    assert not (old_library / "library.db").exists()
    assert sorted(p.stem for p in (old_library / "articles").glob("*.json")) == OLD_IDS
    monkeypatch.undo()
    assert Library.open(old_library).count() == 5  # and the next start migrates


def test_a_damaged_index_and_article_file(old_library: Path) -> None:
    (old_library / "index.log").write_bytes(b"\x00" * 40 + b"\n" + b"\x00" * 10)  # zero-filled
    damaged = old_library / "articles" / f"{OLD_IDS[0]}.json"
    damaged.write_bytes(damaged.read_bytes()[:100])
    library = Library.open(old_library)
    assert any("index was damaged" in w for w in library.warnings)
    assert any("kept aside" in w for w in library.warnings)
    assert sorted(s.id for s in library.summaries()) == OLD_IDS[1:]
    assert (old_library / "migration-damaged" / damaged.name).exists()
