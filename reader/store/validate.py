"""Field-by-field checks of the user's documents, on load and on restore.

A backup restored from elsewhere, or a file edited by hand, can hold a
bookmark without ``article_id``, a note whose ``text`` is a number or whose
``anchor`` is a string. Accepted as they were, such documents crashed
``list``, ``notes``, ``search`` and ``export`` long after the restore. Each
document is checked against the fields of its domain dataclass (types,
not only presence) before it is used; a bad one is set aside (quarantined
in a file the user is told about) and the rest is used.

Hand-written because the schema is four small record types and the check
must also say *which* field is wrong, in words, for the message.
"""

from __future__ import annotations

from typing import Any

NUMBER = (int, float)
TEXT = str


def _is(value: Any, kinds: tuple[type, ...] | type) -> bool:
    return isinstance(value, kinds) and not isinstance(value, bool)


def _problem_of_anchor(anchor: Any) -> str | None:
    if not isinstance(anchor, dict):
        return "its anchor is not an object"
    for key in ("start", "end"):
        if key in anchor and not _is(anchor[key], int):
            return f"its anchor's {key} is not a whole number"
    for key in ("exact", "prefix", "suffix", "kind"):
        if key in anchor and not isinstance(anchor[key], str):
            return f"its anchor's {key} is not text"
    return None


def problem_of(table: str, doc: Any) -> str | None:
    """Why ``doc`` cannot be a document of ``table`` (None when it can)."""
    if not isinstance(doc, dict):
        return "it is not an object"
    if table in ("notes", "bookmarks"):
        if not isinstance(doc.get("article_id"), str) or not doc.get("article_id"):
            return "it has no article id"
        if not _is(doc.get("created_at", 0.0), NUMBER):
            return "its created_at is not a time"
    if table == "notes":
        if "anchor" not in doc:
            return "it has no anchor"
        found = _problem_of_anchor(doc["anchor"])
        if found:
            return found
        if not isinstance(doc.get("text", ""), str):
            return "its text is not text"
        if not _is(doc.get("updated_at", 0.0), NUMBER):
            return "its updated_at is not a time"
        for key in ("highlight", "orphaned"):
            if not isinstance(doc.get(key, False), bool):
                return f"its {key} is not true or false"
    elif table == "bookmarks":
        position = doc.get("position")
        if position is not None and not _is(position, int):
            return "its position is not a whole number"
        if not isinstance(doc.get("label", ""), str):
            return "its label is not text"
    elif table == "articles":
        if "position" in doc and doc["position"] is not None and not _is(doc["position"], int):
            return "its position is not a whole number"
        for key in ("read", "new"):
            if key in doc and not isinstance(doc[key], bool):
                return f"its {key} is not true or false"
    return None


def split_valid(tables: dict[str, dict[str, Any]]) -> tuple[dict[str, dict[str, Any]], list[tuple[str, str, Any, str]]]:
    """(the tables with only valid documents, [(table, id, document, why)] of the others)."""
    good: dict[str, dict[str, Any]] = {}
    bad: list[tuple[str, str, Any, str]] = []
    for name, docs in tables.items():
        kept: dict[str, Any] = {}
        for doc_id, doc in docs.items():
            why = problem_of(name, doc)
            if why is None:
                kept[doc_id] = doc
            else:
                bad.append((name, doc_id, doc, why))
        good[name] = kept
    return good, bad


def describe(bad: list[tuple[str, str, Any, str]], limit: int = 3) -> str:
    """A short account of quarantined documents (never their text: it may be long or private)."""
    parts = [f"{table[:-1] if table.endswith('s') else table} {doc_id!r}: {why}" for table, doc_id, _, why in bad[:limit]]
    more = f" and {len(bad) - limit} more" if len(bad) > limit else ""
    return "; ".join(parts) + more
