"""Moving a library from the first on-disk layout into ``library.db``.

The old layout (reader ≤ 0.x before the SQLite store): ``index.json`` (a
snapshot ``{"schema": 1, "fields": [...], "rows": [[id, title, ...], ...]}``)
plus ``index.log`` (JSON lines ``["set", row]`` / ``["del", id]``), one
``articles/<id>.json`` per article (``{"v": 1, "article": {...}, "facts":
{...}, "annotation": {"model", "data"}}``) and ``cache/`` (annotations by a
newer model, the old search index; both rebuildable).

Everything is copied in one transaction, then the new database is verified
(``quick_check``, every article readable, the counts equal) before the old
files are removed; if anything fails the new file is deleted and the old
layout stays as it was. The index decides which articles exist when it is
readable (a deletion is only in the index); when it is damaged every article
file is taken. A damaged article file is kept aside in ``migration-damaged/``.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader.domain import Article, InlineSpan, Paragraph
from reader.store.database import DB_FILE, ArticleDB, StoredFacts, check_id
from reader.store.errors import CorruptDataError, StoreError

OLD_INDEX = "index.json"
OLD_LOG = "index.log"
OLD_ARTICLES = "articles"
OLD_CACHE = "cache"
DAMAGED = "migration-damaged"


@dataclass(slots=True)
class MigrationReport:
    migrated: int = 0
    damaged: list[str] = field(default_factory=list)  # file names kept aside
    warnings: list[str] = field(default_factory=list)


def needs_migration(data_dir: Path) -> bool:
    return not (data_dir / DB_FILE).exists() and (
        (data_dir / OLD_ARTICLES).is_dir() or (data_dir / OLD_INDEX).exists() or (data_dir / OLD_LOG).exists())


def old_article_count(data_dir: Path) -> int:
    folder = data_dir / OLD_ARTICLES
    return sum(1 for _ in folder.glob("*.json")) if folder.is_dir() else 0


def _indexed_ids(data_dir: Path) -> set[str] | None:
    """The ids the old index lists, or None when it is missing or damaged."""
    try:
        raw = (data_dir / OLD_INDEX).read_bytes()
        ids = {row[0] for row in json.loads(raw)["rows"]}
    except FileNotFoundError:
        ids = set()
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return None
    try:
        log = (data_dir / OLD_LOG).read_bytes()
    except FileNotFoundError:
        log = b""
    except OSError:
        return None
    lines = log.split(b"\n")
    for number, line in enumerate(lines):
        if not line.strip():
            continue
        try:
            op, arg = json.loads(line)
            if op == "set":
                ids.add(arg[0])
            elif op == "del":
                ids.discard(arg)
        except (ValueError, TypeError, IndexError):
            if number == len(lines) - 1:
                continue  # a torn last line: never acknowledged
            return None
    if not ids and not (data_dir / OLD_INDEX).exists() and not log:
        return None
    return ids


def _old_article(data: dict[str, Any]) -> tuple[Article, StoredFacts, str | None, dict[str, Any] | None]:
    if data.get("v") != 1:
        raise ValueError(f"unknown article file version {data.get('v')!r}")
    a = data["article"]
    article = Article(
        id=check_id(a["id"]), title=str(a["title"]), body=str(a["body"]), source=a.get("source"),
        place=a.get("place"), date=a.get("date"), url=a.get("url"), author=a.get("author"),
        origin=a.get("origin"),
        paragraphs=[Paragraph(int(s), int(e), str(k)) for s, e, k in a.get("paragraphs", [])],
        meta={str(k): str(v) for k, v in (a.get("meta") or {}).items()},
        inline=[InlineSpan(int(s), int(e), str(k), t if isinstance(t, str) else None)
                for s, e, k, t in a.get("inline") or []],
    )
    f = data.get("facts") or {}
    facts = StoredFacts(int(f.get("quotes", 0)), int(f.get("figures", 0)), [str(p) for p in f.get("people", [])],
                        float(f.get("added_at", 0.0)))
    annotation = data.get("annotation") or {}
    model, ann = annotation.get("model"), annotation.get("data")
    if ann is not None and not isinstance(ann, dict):
        model, ann = None, None
    return article, facts, model, ann


def migrate(data_dir: Path, progress: Callable[[int, int], None] | None = None) -> MigrationReport:
    """Copy the old layout into a new ``library.db`` (the caller holds the library lock)."""
    report = MigrationReport()
    folder = data_dir / OLD_ARTICLES
    files = sorted(folder.glob("*.json")) if folder.is_dir() else []
    wanted = _indexed_ids(data_dir)
    if wanted is None:
        report.warnings.append("The old article index was damaged: every stored article file was migrated.")
    else:
        files = [f for f in files if f.stem in wanted]
    total = len(files)
    db_path = data_dir / DB_FILE
    db = ArticleDB(db_path)
    damaged: list[Path] = []
    try:
        db.open()
        with db.write() as conn:
            for done, path in enumerate(files, 1):
                try:
                    article, facts, model, annotation = _old_article(json.loads(path.read_bytes()))
                    if article.id != path.stem:
                        raise ValueError("the file name is not the article's id")
                except (OSError, ValueError, KeyError, TypeError, AttributeError, StoreError) as error:
                    damaged.append(path)
                    report.warnings.append(f"{path.name} could not be read ({type(error).__name__}); kept aside.")
                    continue
                if not conn.execute("SELECT 1 FROM articles WHERE id = ?", (article.id,)).fetchone():
                    db.insert(conn, article, facts, model, annotation)
                    report.migrated += 1
                if progress is not None and (done % 200 == 0 or done == total):
                    progress(done, total)
        problems = db.quick_check()
        stored = db.count()
        if problems or stored != report.migrated:
            raise CorruptDataError(f"the new database did not verify ({problems or f'{stored} rows'})")
        for path in files:
            if path not in damaged:
                db.read(path.stem)  # every article decodes
    except BaseException:
        db.close()
        for suffix in ("", "-wal", "-shm"):
            try:
                os.unlink(f"{db_path}{suffix}")
            except FileNotFoundError:
                pass
        raise
    db.close()
    # verified: the old files go (damaged ones are kept aside for the user)
    if damaged:
        aside = data_dir / DAMAGED
        aside.mkdir(mode=0o700, exist_ok=True)
        for path in damaged:
            os.replace(path, aside / path.name)
        report.damaged = [p.name for p in damaged]
    for name in (OLD_INDEX, OLD_LOG):
        try:
            os.unlink(data_dir / name)
        except FileNotFoundError:
            pass
    shutil.rmtree(folder, ignore_errors=True)
    shutil.rmtree(data_dir / OLD_CACHE, ignore_errors=True)
    return report
