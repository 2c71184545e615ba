"""Many sources (files, folders, URLs, stdin) -> a stream of import results.

The CLI's ``reader add`` and the TUI's import dialog both take a list of what
the user typed and must report every article and every failure without
stopping at the first bad file; hence one :class:`ImportItem` per article,
per rejection and per skipped file, and no exception for a single bad item.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from reader.articles.decode import DEFAULT_MAX_BYTES, read_capped
from reader.articles.errors import ImportRejected, unexpected
from reader.articles.load import SUPPORTED_SUFFIXES, is_hidden, load_bytes, load_path
from reader.domain import Article


@dataclass(slots=True)
class ImportItem:
    """One result: an ``article``, or an ``error`` saying why not.

    ``skipped`` marks files a folder walk passed over on purpose (hidden,
    unsupported type) as opposed to files that failed, so summaries can say
    "3 added, 1 failed, 2 skipped".
    """

    source: str
    article: Article | None
    error: str | None
    skipped: bool = False

    @property
    def ok(self) -> bool:
        return self.article is not None


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def _from_path(path: Path, max_bytes: int) -> Iterator[ImportItem]:
    try:
        articles = load_path(path, max_bytes=max_bytes)
    except ImportRejected as exc:
        yield ImportItem(str(path), None, exc.reason)
        return
    except Exception as exc:  # one broken file must not end a folder import
        yield ImportItem(str(path), None, unexpected(exc).reason)
        return
    for article in articles:
        yield ImportItem(str(path), article, None)


def _walk(folder: Path, max_bytes: int) -> Iterator[ImportItem]:
    """Every supported file under ``folder``, sorted, not following links to
    folders (no cycles). Hidden folders are reported once, not descended."""
    for root, dirs, files in os.walk(folder, followlinks=False, onerror=None):
        root_path = Path(root)
        for name in sorted(d for d in dirs if is_hidden(d)):
            yield ImportItem(str(root_path / name), None, "skipped: hidden folder", skipped=True)
        dirs[:] = sorted(d for d in dirs if not is_hidden(d))
        for name in sorted(files):
            path = root_path / name
            if is_hidden(name):
                yield ImportItem(str(path), None, "skipped: hidden file", skipped=True)
                continue
            suffix = path.suffix.lower()
            if suffix not in SUPPORTED_SUFFIXES:
                what = f"{suffix} files" if suffix else "files without an extension"
                yield ImportItem(str(path), None, f"skipped: {what} are not supported", skipped=True)
                continue
            try:
                regular = stat.S_ISREG(path.stat().st_mode)
            except OSError:
                regular = False
            if not regular:  # a FIFO or device in a folder would block or never end
                yield ImportItem(str(path), None, "skipped: not a regular file", skipped=True)
                continue
            yield from _from_path(path, max_bytes)


def _from_stdin(stdin: BinaryIO | None, max_bytes: int) -> Iterator[ImportItem]:
    stream = stdin if stdin is not None else sys.stdin.buffer
    try:
        data = read_capped(stream, max_bytes, origin="stdin")
        articles = load_bytes(data, origin="stdin", suffix=".txt")
    except ImportRejected as exc:
        yield ImportItem("stdin", None, exc.reason)
        return
    for article in articles:
        yield ImportItem("stdin", article, None)


def _from_url(url: str, max_bytes: int, allow_private: bool) -> Iterator[ImportItem]:
    from reader.articles.fetch import fetch_url

    try:
        yield ImportItem(url, fetch_url(url, max_bytes=max_bytes, allow_private=allow_private), None)
    except ImportRejected as exc:
        yield ImportItem(url, None, exc.reason)


def iter_sources(
    sources: Iterable[str],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    stdin: BinaryIO | None = None,
    allow_private: bool = False,
) -> Iterator[ImportItem]:
    """Import results for files, folders (recursively), ``-`` (stdin) and
    http(s) URLs, in the order given. Never raises for one bad item. URLs are
    fetched from public addresses only unless ``allow_private``."""
    for source in sources:
        try:
            if source == "-":
                yield from _from_stdin(stdin, max_bytes)
            elif is_url(source):
                yield from _from_url(source, max_bytes, allow_private)
            else:
                path = Path(source).expanduser()
                if path.is_dir():
                    yield from _walk(path, max_bytes)
                elif not path.exists():
                    yield ImportItem(source, None, "no such file or folder")
                else:
                    yield from _from_path(path, max_bytes)
        except ImportRejected as exc:
            yield ImportItem(source, None, exc.reason)
        except Exception as exc:  # a bug or an OS error must not end a batch import
            yield ImportItem(source, None, unexpected(exc).reason)
