"""One input (a file's bytes, a path) -> Articles, by file type.

The suffix picks the reader; content that is obviously HTML is read as HTML
whatever its name (pages saved as ``.txt``, stdin), because treating markup
as prose would fill the library with tags.
"""

from __future__ import annotations

import stat
from pathlib import Path

from reader.articles.decode import DEFAULT_MAX_BYTES, decode_bytes, read_capped, too_big
from reader.articles.errors import ImportRejected
from reader.domain import Article

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
JSON_SUFFIXES = frozenset({".json"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES | JSONL_SUFFIXES


def load_bytes(data: bytes, *, origin: str, suffix: str = ".txt") -> list[Article]:
    """Articles from the raw bytes of one input; raises :class:`ImportRejected`."""
    from reader.articles.html import declared_charset, looks_like_html

    suffix = suffix.lower()
    if suffix in HTML_SUFFIXES or (suffix not in JSON_SUFFIXES | JSONL_SUFFIXES and looks_like_html(data)):
        from reader.articles.html import parse_html

        text = decode_bytes(data, origin=origin, declared=declared_charset(data))
        return [parse_html(text, origin=origin)]
    text = decode_bytes(data, origin=origin)
    if suffix in JSON_SUFFIXES | JSONL_SUFFIXES:
        from reader.articles.jsonfile import parse_json

        return parse_json(text, origin=origin, lines=suffix in JSONL_SUFFIXES)
    from reader.articles.parse import parse_text

    fmt = "md" if suffix in (".md", ".markdown") else "txt"
    return [parse_text(text, origin=origin, fmt=fmt)]


def load_path(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> list[Article]:
    """Articles from one file; the size cap is checked before reading."""
    path = Path(path)
    origin = str(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise ImportRejected("no such file", source=origin) from None
    except OSError as exc:
        raise ImportRejected(f"cannot read: {exc.strerror or exc}", source=origin) from None
    if stat.S_ISDIR(info.st_mode):
        raise ImportRejected("is a folder (import folders with iter_sources)", source=origin)
    if stat.S_ISREG(info.st_mode) and info.st_size > max_bytes:
        raise ImportRejected(too_big(max_bytes).reason, source=origin)
    try:
        with open(path, "rb") as stream:  # also pipes like <(curl ...), hence the capped read
            data = read_capped(stream, max_bytes, origin=origin)
    except PermissionError:
        raise ImportRejected("cannot read: permission denied", source=origin) from None
    except OSError as exc:
        raise ImportRejected(f"cannot read: {exc.strerror or exc}", source=origin) from None
    return load_bytes(data, origin=origin, suffix=path.suffix)


def is_hidden(name: str) -> bool:
    return name.startswith(".") or name.startswith("~$") or name.endswith("~")


__all__ = ["DEFAULT_MAX_BYTES", "SUPPORTED_SUFFIXES", "load_bytes", "load_path", "is_hidden"]
