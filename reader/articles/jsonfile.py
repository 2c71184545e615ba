"""JSON and JSON Lines exports -> Articles.

Scrapers and news APIs export articles as objects with slightly different
field names; the common ones are accepted (``text``/``body``/``content``,
``date``/``published``/..., ``url``/``link``, ``source``/``site``, ``author``/
``authors``/``byline``). An entry without text is skipped; a file in which no
entry has text is rejected.
"""

from __future__ import annotations

import json
from typing import Any

from reader.articles.errors import ImportRejected
from reader.articles.html import html_fragment_to_text, looks_like_markup
from reader.articles.parse import build_article, parse_text, split_paragraphs
from reader.domain import Article

_FIELDS: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content", "article", "maintext", "full_text", "description"),
    "title": ("title", "headline", "name"),
    "date": ("date", "published", "published_at", "publishedAt", "pubDate", "date_publish", "datePublished", "created_at"),
    "url": ("url", "link", "href", "source_url"),
    "source": ("source", "site", "sitename", "source_domain", "publisher", "outlet"),
    "author": ("author", "authors", "byline", "creator"),
    "place": ("place", "location", "dateline"),
}


def _field(entry: dict[str, Any], name: str) -> str | None:
    for key in _FIELDS[name]:
        value = entry.get(key)
        if isinstance(value, dict):  # {"source": {"name": "Reuters"}} (NewsAPI style)
            value = value.get("name") or value.get("title")
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value if isinstance(v, (str, int, float)))
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if isinstance(value, str) and value.strip():
            return value
    return None


def entry_to_article(entry: dict[str, Any], *, origin: str | None) -> Article | None:
    text = _field(entry, "text")
    if text is None:
        return None
    if looks_like_markup(text):
        text = html_fragment_to_text(text)
    metadata = {name: _field(entry, name) for name in _FIELDS if name != "text"}
    try:
        parsed = parse_text(text, origin=origin)  # picks up datelines and captions
    except ImportRejected:
        return None
    paragraphs = [parsed.body[p.start:p.end] for p in parsed.paragraphs]
    merged = {
        "title": metadata["title"] or parsed.title,
        "date": metadata["date"] or parsed.date,
        "url": metadata["url"] or parsed.url,
        "source": metadata["source"] or parsed.source,
        "author": metadata["author"] or parsed.author,
        "place": metadata["place"] or parsed.place,
    }
    return build_article(paragraphs or split_paragraphs(text), metadata=merged, origin=origin)


def _entries(document: Any) -> list[Any]:
    if isinstance(document, list):
        return document
    if isinstance(document, dict):
        for key in ("articles", "items", "entries", "results", "data"):
            if isinstance(document.get(key), list):
                return document[key]
        return [document]
    return []


def parse_json(text: str, *, origin: str | None = None, lines: bool = False) -> list[Article]:
    """Articles from a JSON document (object, list, or ``{"articles": [...]}``)
    or, with ``lines``, from JSON Lines."""
    entries: list[Any] = []
    if lines:
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                entries.extend(_entries(json.loads(line)))
            except json.JSONDecodeError:
                raise ImportRejected(f"not valid JSON Lines (line {number})", source=origin) from None
    else:
        try:
            entries = _entries(json.loads(text))
        except json.JSONDecodeError as exc:
            raise ImportRejected(f"not valid JSON (line {exc.lineno}: {exc.msg})", source=origin) from None
        except RecursionError:
            raise ImportRejected("not valid JSON (nested too deeply)", source=origin) from None
    articles = [a for e in entries if isinstance(e, dict) and (a := entry_to_article(e, origin=origin))]
    if not articles:
        raise ImportRejected("no articles in this JSON (entries need a text, body or content field)", source=origin)
    return articles
