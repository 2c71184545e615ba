"""Recovering the article database when it is damaged.

A damaged ``library.db`` (a bad sector, a stray write, a file copied
half-way) is detected when it fails to open or ``PRAGMA quick_check``
complains. It is then moved aside (never deleted: ``library.db.corrupt-*``),
the newest backup that passes ``quick_check`` is copied in its place, every
article still readable from the damaged file that the backup lacks is
salvaged into it, and the search index is rebuilt. The user is told what
happened and what, if anything, was lost.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

from reader.store import backups as backup_policy
from reader.store.database import ArticleDB, StoredFacts, _terms_of as terms_of, connect, facts_of, read_article
from reader.store.errors import StoreError


def _aside(path: Path, tag: str) -> Path:
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S")
    target = path.with_name(f"{path.name}.{tag}-{stamp}")
    for suffix in ("", "-wal", "-shm"):
        source = Path(f"{path}{suffix}")
        if source.exists():
            os.replace(source, Path(f"{target}{suffix}"))
    return target


def _good_backup(folder: Path) -> Path | None:
    for candidate in backup_policy.database_files(folder):
        try:
            conn = sqlite3.connect(f"file:{candidate}?mode=ro", uri=True)
            try:
                if [r[0] for r in conn.execute("PRAGMA quick_check")] == ["ok"]:
                    return candidate
            finally:
                conn.close()
        except sqlite3.DatabaseError:
            continue
    return None


def salvage(damaged: Path, db: ArticleDB) -> tuple[int, int]:
    """Copy every article readable from ``damaged`` that ``db`` lacks; returns (salvaged,
    unreadable). Row by row, so one bad page loses only the rows on it."""
    try:
        old = connect(damaged, read_only=True)
        numbers = [r[0] for r in old.execute("SELECT n FROM articles")]
    except sqlite3.DatabaseError:
        return 0, 0
    salvaged = lost = 0
    try:
        for n in numbers:
            try:
                row = old.execute("SELECT id FROM articles WHERE n = ?", (n,)).fetchone()
                if row is None or db.has(row[0]):
                    continue
                stored = _read(old, row[0])
            except (sqlite3.DatabaseError, StoreError, KeyError, ValueError):
                lost += 1
                continue
            article, facts, model, annotation = stored
            with db.write() as conn:
                db.insert(conn, article, facts, model, annotation)
            salvaged += 1
    finally:
        old.close()
    return salvaged, lost


def _read(conn: sqlite3.Connection, article_id: str):  # type: ignore[no-untyped-def]
    stored = read_article(conn, article_id)
    row = conn.execute("SELECT added_at FROM articles WHERE id = ?", (article_id,)).fetchone()
    facts = facts_of(stored.annotation) if stored.annotation else StoredFacts()
    facts.added_at = row[0] if row else 0.0
    return stored.article, facts, stored.model, stored.annotation


def recover_database(db: ArticleDB, problem: str) -> list[str]:
    """Move the damaged file aside, restore the newest good backup (or start empty), salvage
    what the damaged file still gives, rebuild the search index; returns messages."""
    db.close()
    aside = _aside(db.path, "corrupt")
    backup = _good_backup(db.path.parent / "backups")
    if backup is not None:
        shutil.copyfile(backup, db.path)
        os.chmod(db.path, 0o600)
    db.open()
    salvaged, lost = salvage(aside, db)
    db.rebuild_search()
    parts = [f"{problem} The damaged file was kept as {aside.name}."]
    if backup is not None:
        parts.append(f"The library was restored from the backup {backup.name}")
    else:
        parts.append("No usable backup was found; a new library was started")
    parts[-1] += f" and {salvaged:,} article(s) were recovered from the damaged file" + (
        f"; {lost:,} could not be read." if lost else ".")
    parts.append("Your notes are kept apart and were not affected.")
    return [" ".join(parts)]


def repair_rows(db: ArticleDB, article_ids: list[str]) -> tuple[list[str], list[str]]:
    """Articles whose stored row no longer decodes (the file itself is sound): each is put back
    from the newest database backup holding it intact. Returns (repaired, still damaged)."""
    repaired: list[str] = []
    broken = list(article_ids)
    for candidate in backup_policy.database_files(db.path.parent / "backups"):
        if not broken:
            break
        try:
            old = connect(candidate, read_only=True)
        except sqlite3.DatabaseError:
            continue
        try:
            for article_id in list(broken):
                try:
                    article, facts, model, annotation = _read(old, article_id)
                except (sqlite3.DatabaseError, StoreError, KeyError, ValueError):
                    continue
                with db.write() as conn:
                    row = conn.execute("SELECT n, added_at FROM articles WHERE id = ?", (article_id,)).fetchone()
                    if row is not None:
                        # the index holds the terms of the body as it was: the backup's (the id is a
                        # hash of the body), not what the damaged row decodes to
                        conn.execute(
                            "INSERT INTO fts(fts, rowid, title, body, people, notes) SELECT 'delete', n, title, "
                            "?, people, notes FROM fts_source WHERE n = ?", (terms_of(article.body), row[0]))
                        conn.execute("DELETE FROM articles WHERE n = ?", (row[0],))
                        facts.added_at = row[1]
                    db.insert(conn, article, facts, model, annotation)
                broken.remove(article_id)
                repaired.append(article_id)
        finally:
            old.close()
    return repaired, broken


def undecodable(db: ArticleDB) -> list[str]:
    """Every article whose row does not decode (a full pass: for ``reader doctor``)."""
    from reader.store.errors import CorruptDataError

    bad: list[str] = []
    for (article_id,) in db.query("SELECT id FROM articles"):
        try:
            db.read(article_id)
        except CorruptDataError:
            bad.append(article_id)
        except KeyError:
            continue
    return bad
