"""The article database's schema upgrades: an older library.db opens in the current schema,
in place, and what is stored afterwards is indexed once (issue 13)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from reader.library import Library
from reader.store.database import SCHEMA
from tests.library.helpers import FAKE_ANNOTATOR, make_article

# What schema 1 had and schema 2 does not: the filter index filled by a trigger.
_SCHEMA_1_TRIGGER = """CREATE TRIGGER articles_hay_insert AFTER INSERT ON articles BEGIN
    INSERT INTO hay_words(rowid, hay) VALUES (new.n, new.hay);
END"""


def _library(path: Path) -> Library:
    return Library.open(path, seed=False, annotator=FAKE_ANNOTATOR)


def _triggers(db: Path) -> set[str]:
    conn = sqlite3.connect(db)
    try:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    finally:
        conn.close()


def _filter_index_problems(db: Path) -> str | None:
    """FTS5's own check of hay_words against the articles (rank 1: against the content too)."""
    conn = sqlite3.connect(db)
    try:
        conn.execute("INSERT INTO hay_words(hay_words, rank) VALUES ('integrity-check', 1)")
        return None
    except sqlite3.DatabaseError as error:
        return str(error)
    finally:
        conn.close()


def test_a_schema_1_library_is_upgraded_and_indexes_new_articles_once(tmp_path: Path) -> None:
    library = _library(tmp_path)
    library.add_many([make_article(n, title=f"Harbour strike {n}") for n in range(3)])
    library.close()
    db = tmp_path / "library.db"
    conn = sqlite3.connect(db)  # as reader wrote it before schema 2
    conn.execute(_SCHEMA_1_TRIGGER)
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()

    upgraded = _library(tmp_path)
    upgraded.add_many([make_article(n, title=f"Harbour strike {n}") for n in range(3, 6)])
    upgraded.add_article(make_article(6, title="Kakapo chicks"))
    upgraded.close()

    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA == 2
    conn.close()
    assert "articles_hay_insert" not in _triggers(db)
    assert _filter_index_problems(db) is None  # an article indexed twice fails this check
    reopened = _library(tmp_path)
    assert len(reopened.filter("harb str")) == 6
    assert [s.title for s in reopened.filter("kakapo")] == ["Kakapo chicks"]
    assert reopened.check_database() == []


def test_a_new_library_keeps_the_filter_index_in_step(tmp_path: Path) -> None:
    library = _library(tmp_path)
    library.add_many([make_article(n, title=f"Berlin rail {n}", source="AP") for n in range(60)])
    library.delete(library.filter("rail 7")[0].id)
    library.close()
    db = tmp_path / "library.db"
    assert _filter_index_problems(db) is None
    assert {"articles_hay_delete", "articles_hay_update"} <= _triggers(db)
    reopened = _library(tmp_path)
    assert len(reopened.filter("berlin ap")) == 59
    assert reopened.filter("rail 7") == []
