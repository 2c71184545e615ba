"""Getting the user's work out of reader, and back in.

* Markdown: one file per article the user worked on, made to drop into a notes
  app (front matter, people, quotes, highlights, notes).
* JSON: a complete backup of the user's data plus enough about each article
  (title, url, origin) to find and re-attach it later.

Article text is untrusted and is escaped wherever Markdown would read it as
syntax; note text is the user's own and is kept as written.
"""

from __future__ import annotations

import json
import re
import time
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Protocol

from reader import __version__
from reader.domain import Annotation, Article, ArticleSummary, Bookmark, Note
from reader.output_files import write_output_file

BACKUP_FORMAT = "reader-backup"
BACKUP_VERSION = 1
SLUG_MAX = 60


class ExportLibrary(Protocol):
    def summaries(self) -> Sequence[ArticleSummary]: ...
    def get(self, article_id: str) -> Article: ...
    def annotation(self, article_id: str) -> Annotation: ...
    def notes(self, article_id: str | None = None) -> list[Note]: ...
    def bookmarks(self, article_id: str | None = None) -> list[Bookmark]: ...
    def dump_user_data(self) -> dict[str, Any]: ...
    def summaries_of(self, article_ids: Iterable[str]) -> list[ArticleSummary]: ...
    def restore_user_data(self, data: dict[str, Any], *, replace: bool = False) -> Any: ...


class BackupError(ValueError):
    """The file is not a reader backup this version can restore."""


@dataclass(slots=True)
class RestoreReport:
    notes: int = 0
    bookmarks: int = 0
    missing_articles: list[str] = field(default_factory=list)  # in the backup, not in the library
    rejected: list[str] = field(default_factory=list)  # damaged documents, why (set aside)
    quarantine: Path | None = None  # where they were set aside


@dataclass(slots=True)
class RestorePlan:
    """What a restore will do, shown before it runs: with ``replace``, what is lost."""

    replace: bool
    notes_added: int = 0  # in the backup only
    notes_updated: int = 0  # the backup's copy is newer
    notes_kept: int = 0  # yours is newer (merge keeps it; replace reverts it)
    notes_removed: int = 0  # yours only (replace removes them)
    newest_lost: float | None = None  # the newest change replace would lose
    bookmarks_added: int = 0
    bookmarks_removed: int = 0

    @property
    def loses_something(self) -> bool:
        return self.replace and bool(self.notes_removed or self.notes_kept or self.bookmarks_removed)

    def lines(self) -> list[str]:
        out = [f"{'Replacing' if self.replace else 'Merging'}: {self.notes_added} note(s) from the backup added, "
               f"{self.notes_updated} updated (the backup's copy is newer)."]
        if self.replace:
            if self.notes_removed or self.notes_kept:
                newest = _date(self.newest_lost) if self.newest_lost else "?"
                out.append(f"LOST: {self.notes_removed} note(s) not in the backup and {self.notes_kept} newer "
                           f"edit(s) of yours (the newest from {newest}); {self.bookmarks_removed} bookmark(s).")
            out.append("Your reading positions and settings become the backup's.")
        else:
            out.append(f"Kept: {self.notes_kept} note(s) of yours that are newer than the backup's; nothing of "
                       f"yours is removed. {self.bookmarks_added} bookmark(s) added.")
        return out


def plan_restore(library: ExportLibrary, data: dict[str, Any], *, replace: bool = False) -> RestorePlan:
    """Compare the backup with the current data, note by note (the exchange layout)."""
    incoming = validate_backup(data)
    current = library.dump_user_data()
    plan = RestorePlan(replace)
    mine = current.get("notes") or {}
    theirs = incoming.get("notes") or {}
    if not isinstance(theirs, dict):
        theirs = {}

    def stamp(doc: Any) -> float:
        value = doc.get("updated_at", doc.get("created_at", 0.0)) if isinstance(doc, dict) else 0.0
        return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else 0.0

    lost: list[float] = []
    for note_id, doc in theirs.items():
        if note_id not in mine:
            plan.notes_added += 1
        elif stamp(doc) > stamp(mine[note_id]):
            plan.notes_updated += 1
        elif stamp(doc) < stamp(mine[note_id]):
            plan.notes_kept += 1
            lost.append(stamp(mine[note_id]))
    for note_id, doc in mine.items():
        if note_id not in theirs:
            plan.notes_removed += 1
            lost.append(stamp(doc))
    plan.newest_lost = max(lost) if lost else None
    my_marks, their_marks = current.get("bookmarks") or {}, incoming.get("bookmarks") or {}
    if isinstance(their_marks, dict):
        plan.bookmarks_added = len(their_marks.keys() - my_marks.keys())
        plan.bookmarks_removed = len(my_marks.keys() - their_marks.keys())
    return plan


# --------------------------------------------------------------------------
# Markdown
# --------------------------------------------------------------------------


def export_markdown(library: ExportLibrary, out_dir: Path, article_id: str | None = None,
                    warnings: list[str] | None = None) -> list[Path]:
    """Write one ``.md`` per article with notes, highlights or bookmarks (or
    just ``article_id``) into ``out_dir``; returns the files written. A damaged
    article is skipped (with a line in ``warnings``) and the others still written."""
    from reader.store.errors import StoreError

    out_dir = Path(out_dir)
    notes = library.notes()
    bookmarks = library.bookmarks()
    if article_id is not None:
        wanted = [article_id]
    else:
        wanted = list(dict.fromkeys([n.article_id for n in notes] + [b.article_id for b in bookmarks]))
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for aid in wanted:
        try:
            article = library.get(aid)
            annotation = library.annotation(aid)
        except (KeyError, LookupError):
            if article_id is not None:
                raise
            continue  # notes on a deleted article: they are in the JSON backup
        except StoreError as error:
            if article_id is not None:
                raise
            if warnings is not None:
                warnings.append(f"Skipped article {aid}: {error}")
            continue
        text = article_markdown(
            article,
            annotation,
            [n for n in notes if n.article_id == aid],
            [b for b in bookmarks if b.article_id == aid],
        )
        path = out_dir / markdown_filename(article)
        write_output_file(path, text.encode("utf-8"))  # never through a link or onto a device
        written.append(path)
    return written


def markdown_filename(article: Article) -> str:
    """``<slug-of-title>-<id prefix>.md``: readable, unique per article, and
    safe on every file system (ASCII letters, digits and dashes only)."""
    return f"{slugify(article.title)}-{slugify(article.id)[:8] or 'x'}.md"


def slugify(text: str, max_len: int = SLUG_MAX) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    slug = slug[:max_len].rstrip("-")
    return slug or "article"


def article_markdown(article: Article, annotation: Annotation, notes: Sequence[Note], bookmarks: Sequence[Bookmark]) -> str:
    lines: list[str] = ["---"]
    for key in ("title", "source", "date", "url", "author"):
        value = getattr(article, key)
        if value:
            lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")  # JSON strings are valid YAML
    lines.append(f"article_id: {json.dumps(article.id)}")
    lines += ["---", "", f"# {md_inline(article.title)}", ""]
    byline = [md_inline(v) for v in (article.source, article.place, article.date) if v]
    if byline:
        lines += [" · ".join(byline), ""]
    if article.url:
        lines += [f"<{article.url.replace('>', '%3E').replace(' ', '%20')}>", ""]

    if annotation.figures:
        lines += ["## People", ""]
        for f in annotation.figures:
            role = f" — {md_inline(f.role)}" if f.role else ""
            lines.append(f"- **{md_inline(f.name)}**{role}")
        lines.append("")
    if annotation.quotes:
        lines += ["## Quotes", ""]
        for q in annotation.quotes:
            lines += _blockquote(q.text)
            lines += [">", f"> — {md_inline(q.speaker) if q.speaker else '*unattributed*'}", ""]

    highlights = sorted((n for n in notes if n.highlight), key=lambda n: n.anchor.start)
    if highlights:
        lines += ["## Highlights", ""]
        for n in highlights:
            lines += _blockquote(n.anchor.exact or "(whole article)")
            if n.orphaned:
                lines += [">", "> *(this passage is no longer in the article)*"]
            if n.text:
                lines += ["", n.text.strip()]
            lines.append("")
    plain = sorted((n for n in notes if not n.highlight), key=lambda n: (n.anchor.start, n.created_at))
    places = _Places(article, annotation)
    if plain:
        lines += ["## Notes", ""]
        for n in plain:
            stamp = _date(n.updated_at or n.created_at)
            lines.append(f"### {places.note_target(n)} ({stamp})" + (" — orphaned" if n.orphaned else ""))
            lines.append("")
            passage = places.note_passage(n)
            if passage:
                lines += _blockquote(_shorten(passage, 300))
                lines.append("")
            lines += [n.text.strip(), ""]
    if bookmarks:
        lines += ["## Bookmarks", ""]
        for b in bookmarks:
            label = f"**{md_inline(b.label)}** — " if b.label else ""
            lines.append(f"- {label}{places.bookmark_target(b.position)} ({_date(b.created_at)})")
            passage = places.passage_at(b.position)
            if passage:
                lines += ["", *("  " + line for line in _blockquote(_shorten(passage, 300)))]
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


class _Places:
    """Says where in the article a note or bookmark is, and which text it is on."""

    def __init__(self, article: Article, annotation: Annotation) -> None:
        from reader.render import paragraphs_of

        self.article = article
        self.quotes = sorted(annotation.quotes, key=lambda q: q.start)
        self.paragraphs = paragraphs_of(article)

    def _paragraph(self, offset: int) -> int | None:
        for number, paragraph in enumerate(self.paragraphs, start=1):
            if paragraph.start <= offset < max(paragraph.end, paragraph.start + 1):
                return number
        return None

    def _quote(self, start: int, end: int | None = None) -> Any:
        for quote in self.quotes:
            if end is None and quote.start <= start < quote.end:
                return quote
            if end is not None and (quote.start, quote.end) == (start, end):
                return quote
        return None

    def note_target(self, note: Note) -> str:
        anchor = note.anchor
        if anchor.kind == "article" or (not anchor.exact and anchor.start == anchor.end):
            return "On the article"
        if note.orphaned:
            return "On a passage no longer in the article"
        start, end = self._current(note)
        if anchor.kind == "quote":
            quote = self._quote(start, end) or self._quote(start)
            speaker = quote.speaker if quote is not None else None
            return f"On the quote by {md_inline(speaker)}" if speaker else "On a quote"
        number = self._paragraph(start)
        where = f"paragraph {number}" if number else "the text"
        return f"On {where}" if anchor.kind == "paragraph" else f"On a passage in {where}"

    def _current(self, note: Note) -> tuple[int, int]:
        """The note's passage in the article's text as it is now."""
        from reader.anchors import reattach

        found = reattach(note.anchor, self.article.body)
        return found.anchor.start, found.anchor.end

    def note_passage(self, note: Note) -> str:
        if note.anchor.kind == "article":
            return ""
        if note.orphaned or not note.anchor.exact:
            return note.anchor.exact
        start, end = self._current(note)
        return self.article.body[start:end] or note.anchor.exact

    def bookmark_target(self, position: int | None) -> str:
        if position is None:
            return "the whole article"
        quote = self._quote(position)
        if quote is not None:
            return f"at the quote by {md_inline(quote.speaker)}" if quote.speaker else "at a quote"
        number = self._paragraph(position)
        return f"at paragraph {number}" if number else "in the article"

    def passage_at(self, position: int | None) -> str:
        """The quote or paragraph a bookmark is on."""
        if position is None:
            return ""
        quote = self._quote(position)
        if quote is not None:
            return self.article.body[quote.start : quote.end]
        number = self._paragraph(position)
        if number is None:
            return ""
        paragraph = self.paragraphs[number - 1]
        return self.article.body[paragraph.start : paragraph.end]


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|!~])")
_LINE_START = re.compile(r"^(\s*)(\d*)([-+=.)])(\s|$)")


def md_inline(text: str) -> str:
    """Untrusted text made literal in Markdown (no links, emphasis, HTML)."""
    text = " ".join(text.split())
    text = _MD_SPECIAL.sub(r"\\\1", text)
    # "- x" or "1. x" at the start would become a list: escape the marker.
    return _LINE_START.sub(lambda m: f"{m.group(1)}{m.group(2)}\\{m.group(3)}{m.group(4)}", text)


def _blockquote(text: str) -> list[str]:
    paragraphs = [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()] or [""]
    out: list[str] = []
    for i, p in enumerate(paragraphs):
        if i:
            out.append(">")
        out.append(f"> {md_inline(p)}")
    return out


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _date(ts: float) -> str:
    return datetime.fromtimestamp(ts or time.time(), timezone.utc).strftime("%Y-%m-%d")


# --------------------------------------------------------------------------
# JSON backup and restore
# --------------------------------------------------------------------------


def export_json(library: ExportLibrary, warnings: list[str] | None = None) -> dict[str, Any]:
    """Everything the user made, plus what is needed to find the articles again. A damaged
    article loses only its ``origin`` here (with a line in ``warnings``): the backup is whole."""
    from reader.store.errors import StoreError

    user_data = library.dump_user_data()
    referenced = set(_article_ids(user_data))
    articles: dict[str, dict[str, Any]] = {}
    for s in library.summaries_of(referenced):
        articles[s.id] = {"title": s.title, "source": s.source, "date": s.date, "url": s.url}
    for aid in referenced - articles.keys():
        articles[aid] = {"missing": True}  # notes on an article no longer stored
    for aid, meta in articles.items():
        if meta.get("missing"):
            continue
        try:
            origin = library.get(aid).origin
        except (KeyError, LookupError):
            continue
        except StoreError as error:
            if warnings is not None:
                warnings.append(f"Article {aid} is damaged ({error}); its notes are in the backup all the same.")
            continue
        if origin:
            meta["origin"] = origin
    return {
        "format": BACKUP_FORMAT,
        "version": BACKUP_VERSION,
        "app_version": __version__,
        "exported_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "user_data": user_data,
        "articles": articles,
    }


def validate_backup(data: Any) -> dict[str, Any]:
    """The user data inside a backup, or :class:`BackupError` saying why not."""
    if not isinstance(data, dict):
        raise BackupError("a backup is a JSON object")
    if data.get("format") != BACKUP_FORMAT:
        raise BackupError(f"not a reader backup (no \"format\": \"{BACKUP_FORMAT}\")")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise BackupError("the backup has no format version")
    if version > BACKUP_VERSION:
        raise BackupError(f"the backup was made by a newer reader (format {version}; this one reads up to {BACKUP_VERSION})")
    user_data = data.get("user_data")
    if not isinstance(user_data, dict):
        raise BackupError("the backup holds no user data")
    for table in ("notes", "bookmarks", "articles", "state"):
        if table in user_data and not isinstance(user_data[table], dict | list):
            raise BackupError(f"the backup's {table!r} is damaged")
    articles = data.get("articles", {})
    if not isinstance(articles, dict):
        raise BackupError("the backup's article list is damaged")
    return user_data


def restore(library: ExportLibrary, data: dict[str, Any], *, replace: bool = False) -> RestoreReport:
    """Merge the backup into the user's data (or, with ``replace``, put it in its place); the
    library keeps a pinned backup of the data it had. Damaged documents are set aside."""
    user_data = validate_backup(data)
    outcome = library.restore_user_data(user_data, replace=replace)
    rejected = getattr(outcome, "rejected", [])
    referenced = set(_article_ids(user_data)) | {k for k in data.get("articles", {}) if isinstance(k, str)}
    stored = {s.id for s in library.summaries_of(referenced)}
    bad = {(table, doc_id) for table, doc_id, _, _ in rejected}
    return RestoreReport(
        notes=_count(user_data.get("notes")) - sum(1 for t, _ in bad if t == "notes"),
        bookmarks=_count(user_data.get("bookmarks")) - sum(1 for t, _ in bad if t == "bookmarks"),
        missing_articles=sorted(referenced - stored),
        rejected=[f"{table} {doc_id!r}: {why}" for table, doc_id, _, why in rejected],
        quarantine=getattr(outcome, "quarantine", None),
    )


def _count(table: Any) -> int:
    return len(table) if isinstance(table, dict | list) else 0


def _article_ids(user_data: dict[str, Any]) -> Iterable[str]:
    """Every article id the user data refers to, whatever table it is in."""
    for table in ("notes", "bookmarks"):
        rows = user_data.get(table) or {}
        for row in rows.values() if isinstance(rows, dict) else rows:
            if isinstance(row, dict) and isinstance(row.get("article_id"), str):
                yield row["article_id"]
    per_article = user_data.get("articles") or {}
    if isinstance(per_article, dict):
        yield from (k for k in per_article if isinstance(k, str))
