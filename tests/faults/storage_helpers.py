"""Shared builders for the storage fault-injection tests (damage every file every way)."""

from __future__ import annotations

from pathlib import Path

from reader.domain import Anchor
from reader.library import Library
from tests.library.helpers import FAKE_ANNOTATOR, make_article

DAMAGES = ("truncate", "empty", "zero-fill", "garbage")


def damage(path: Path, how: str) -> None:
    raw = path.read_bytes()
    if how == "truncate":
        path.write_bytes(raw[: len(raw) // 2])
    elif how == "empty":
        path.write_bytes(b"")
    elif how == "zero-fill":
        path.write_bytes(b"\x00" * max(len(raw), 4096))
    elif how == "garbage":
        path.write_bytes(bytes((n * 151 + 7) % 256 for n in range(max(len(raw), 4096))))
    else:
        raise ValueError(how)


def open_library(folder: Path) -> Library:
    return Library.open(folder, seed=False, annotator=FAKE_ANNOTATOR)


def library_with_notes(folder: Path, notes: int = 30, articles: int = 4) -> tuple[Library, set[str]]:
    """A library whose acknowledged notes span a backup, the snapshot and the journal."""
    library = open_library(folder)
    ids = [library.add_article(make_article(n))[0] for n in range(articles)]
    acked: set[str] = set()
    for n in range(notes):
        note = library.add_note(ids[n % len(ids)], Anchor(0, 7, "Article"), f"secret note text {n} " * 20)
        acked.add(note.id)
        if n == notes // 2:
            library.user.compact()  # half in the snapshot…
            open_library(folder).close()  # …and a backup holding them
    return library, acked
