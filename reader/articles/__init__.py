"""Bringing articles in: files, folders, web pages, feeds -- safely.

Everything that enters the library passes through here, so this is where
untrusted input is decoded, size-capped, sanitised and given a content id.
Nothing here imports storage or Textual; httpx, trafilatura and feedparser
are imported only when a URL, a web page or a feed is actually read.
"""

from __future__ import annotations

from reader.articles.decode import DEFAULT_MAX_BYTES
from reader.articles.errors import ImportRejected
from reader.articles.fetch import fetch_url
from reader.articles.ids import article_id
from reader.articles.load import SUPPORTED_SUFFIXES, load_bytes, load_path
from reader.articles.parse import parse_text
from reader.articles.sanitize import sanitize
from reader.articles.sources import ImportItem, iter_sources

__all__ = [
    "DEFAULT_MAX_BYTES",
    "SUPPORTED_SUFFIXES",
    "ImportItem",
    "ImportRejected",
    "article_id",
    "fetch_url",
    "iter_sources",
    "load_bytes",
    "load_path",
    "parse_text",
    "sanitize",
]
