"""One file per stored article: ``articles/<id>.json``, with its annotation.

The id is derived from the body, so the file name is a content hash and
re-adding an article is a no-op. The file also carries the article's summary
facts (counts, people, when it was added) -- which makes the article index
rebuildable from these files alone -- and the annotation with the model
version that produced it: opening an article is one small file read, and a
new ``MODEL_VERSION`` simply does not match and is recomputed.

Files are written atomically; a batch is made durable with one round of
fsyncs (and one folder fsync) before the index points to it.
"""

from __future__ import annotations

import json
import os
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

from reader.domain import Article, ArticleSummary, InlineSpan, Paragraph
from reader.store.atomic import ensure_private_dir, fsync_dir, write_temp
from reader.store.errors import CorruptDataError, StoreError, from_os_error
from reader.store.storage import dumps

ARTICLE_FILE_VERSION = 1
_VALID_ID = re.compile(r"[A-Za-z0-9_-]{4,64}")


def check_id(article_id: str) -> str:
    """Ids become file names: refuse anything that could escape the folder."""
    if not isinstance(article_id, str) or not _VALID_ID.fullmatch(article_id):
        raise StoreError(f"Invalid article id {article_id!r}.")
    return article_id


@dataclass(slots=True)
class StoredFacts:
    """What the index needs beyond the Article itself (from the annotation, the clock)."""

    quotes: int = 0
    figures: int = 0
    people: list[str] = field(default_factory=list)
    added_at: float = 0.0


def article_to_dict(article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "title": article.title,
        "body": article.body,
        "source": article.source,
        "place": article.place,
        "date": article.date,
        "url": article.url,
        "author": article.author,
        "origin": article.origin,
        "paragraphs": [[p.start, p.end, p.kind] for p in article.paragraphs],
        "meta": dict(article.meta),
        # Emphasis and links of HTML/Markdown articles; absent when there are none.
        **({"inline": [[i.start, i.end, i.kind, i.target] for i in article.inline]} if article.inline else {}),
    }


def article_from_dict(data: dict[str, Any]) -> Article:
    return Article(
        id=data["id"],
        title=data["title"],
        body=data["body"],
        source=data.get("source"),
        place=data.get("place"),
        date=data.get("date"),
        url=data.get("url"),
        author=data.get("author"),
        origin=data.get("origin"),
        paragraphs=[Paragraph(int(s), int(e), str(k)) for s, e, k in data.get("paragraphs", [])],
        meta=dict(data.get("meta") or {}),
        inline=[InlineSpan(int(s), int(e), str(k), t if isinstance(t, str) else None)
                for s, e, k, t in data.get("inline") or []],
    )


@dataclass(slots=True)
class StoredArticle:
    article: Article
    facts: StoredFacts
    model: str | None  # MODEL_VERSION of ``annotation``
    annotation: dict[str, Any] | None  # Annotation.to_dict()


def encode_article(article: Article, facts: StoredFacts, model: str | None = None,
                   annotation: dict[str, Any] | None = None) -> bytes:
    return dumps({
        "v": ARTICLE_FILE_VERSION,
        "article": article_to_dict(article),
        "facts": {"quotes": facts.quotes, "figures": facts.figures, "people": facts.people,
                  "added_at": facts.added_at},
        "annotation": {"model": model, "data": annotation} if model and annotation is not None else None,
    })


def summary_of(article: Article, facts: StoredFacts) -> ArticleSummary:
    return ArticleSummary(
        id=article.id,
        title=article.title,
        source=article.source,
        place=article.place,
        date=article.date,
        words=article.word_count,
        quotes=facts.quotes,
        figures=facts.figures,
        people=list(facts.people),
        added_at=facts.added_at,
        url=article.url,
    )


class ArticleFiles:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path(self, article_id: str) -> Path:
        check_id(article_id)
        return self.folder / f"{article_id}.json"

    def exists(self, article_id: str) -> bool:
        return self.path(article_id).is_file()

    def read(self, article_id: str) -> StoredArticle:
        """KeyError when there is no file, CorruptDataError when it is damaged."""
        path = self.path(article_id)
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            raise KeyError(f"No stored text for article {article_id}.") from None
        except OSError as error:
            raise from_os_error(error, path, "read") from error
        try:
            data = json.loads(raw)
            if data.get("v") != ARTICLE_FILE_VERSION:
                raise ValueError(f"unknown article file version {data.get('v')!r}")
            annotation = data.get("annotation") or {}
            return StoredArticle(
                article_from_dict(data["article"]),
                StoredFacts(**data.get("facts", {})),
                annotation.get("model"),
                annotation.get("data"),
            )
        except (ValueError, AttributeError, KeyError, TypeError) as error:
            raise CorruptDataError(f"The stored article {path} is damaged: {error!r}.") from error

    def write_many(self, items: Iterable[tuple[str, bytes]]) -> None:
        """Write every file atomically and durably, several at a time, then fsync the folder once.

        Creating and fsyncing files mostly waits on the disk, so threads overlap
        those waits (and the filesystem batches its journal commits); the caller
        only indexes the articles once this returns.
        """
        jobs = [(self.path(article_id), data) for article_id, data in items]
        try:
            ensure_private_dir(self.folder)
            if len(jobs) > 4:
                with ThreadPoolExecutor(max_workers=8) as pool:
                    list(pool.map(_write_durably, *zip(*jobs)))
            else:
                for path, data in jobs:
                    _write_durably(path, data)
            fsync_dir(self.folder)
        except OSError as error:
            raise from_os_error(error, self.folder, "save articles in") from error

    def delete(self, article_id: str) -> None:
        path = self.path(article_id)
        try:
            path.unlink()
        except FileNotFoundError:
            return
        except OSError as error:
            raise from_os_error(error, path, "delete") from error
        fsync_dir(path.parent)

    def scan(self) -> Iterator[tuple[ArticleSummary | None, Path]]:
        """Every stored article as a summary (None for a damaged file), for index rebuilds."""
        if not self.folder.is_dir():
            return
        for path in sorted(self.folder.glob("*.json")):
            try:
                stored = self.read(path.stem)
                yield summary_of(stored.article, stored.facts), path
            except (StoreError, KeyError):
                yield None, path


def _write_durably(path: Path, data: bytes) -> None:
    tmp = write_temp(path, data, durable=True)
    try:
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
