"""Schema versions of the user file and the migrations between them.

The user file records its ``schema``; a file without one is version 0 (the
layout of the first prototype: TinyDB tables with integer document ids). Each
migration takes the data of version N and returns version N+1, so an old file
is brought forward one step at a time. A file from a *newer* reader is never
touched: it is refused with :class:`NewerSchemaError`.
"""

from __future__ import annotations

from typing import Any, Callable

from reader.store.errors import CorruptDataError

USER_SCHEMA = 1
TABLES = ("notes", "bookmarks", "articles", "state")


class NewerSchemaError(CorruptDataError):
    """The file was written by a newer version of reader."""


def empty_user_data() -> dict[str, Any]:
    return {"schema": USER_SCHEMA, "meta": {}, **{table: {} for table in TABLES}}


def schema_of(data: dict[str, Any]) -> int:
    version = data.get("schema", 0)
    if not isinstance(version, int) or version < 0:
        raise CorruptDataError(f"unknown schema version {version!r}")
    return version


def _v0_to_v1(old: dict[str, Any]) -> dict[str, Any]:
    """v0: {"notes": {"1": {"article", "start", "end", "text", "created"}},
    "bookmarks": {"1": {"article", "position", "label", "created"}},
    "positions": {"1": {"article", "offset"}}, "read": {"1": {"article"}}}."""
    new = empty_user_data()
    for doc_id, doc in old.get("notes", {}).items():
        created = float(doc.get("created", 0.0))
        new["notes"][f"v0-{doc_id}"] = {
            "article_id": doc["article"],
            "anchor": {"start": doc.get("start", 0), "end": doc.get("end", 0), "exact": "",
                       "prefix": "", "suffix": "", "kind": "selection"},
            "text": doc.get("text", ""),
            "created_at": created,
            "updated_at": created,
            "highlight": not doc.get("text"),
            "orphaned": False,
        }
    for doc_id, doc in old.get("bookmarks", {}).items():
        new["bookmarks"][f"v0-{doc_id}"] = {
            "article_id": doc["article"],
            "position": doc.get("position"),
            "label": doc.get("label", ""),
            "created_at": float(doc.get("created", 0.0)),
        }
    for doc in old.get("positions", {}).values():
        new["articles"].setdefault(doc["article"], {})["position"] = int(doc["offset"])
    for doc in old.get("read", {}).values():
        new["articles"].setdefault(doc["article"], {})["read"] = True
    return new


MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {0: _v0_to_v1}


def migrate_user_data(data: dict[str, Any]) -> tuple[dict[str, Any], int]:
    """Bring ``data`` to USER_SCHEMA; returns (data, version it had)."""
    original = version = schema_of(data)
    if version > USER_SCHEMA:
        raise NewerSchemaError(
            f"it was written by a newer version of reader (schema {version}, this one reads up to "
            f"{USER_SCHEMA})"
        )
    try:
        while version < USER_SCHEMA:
            data = MIGRATIONS[version](data)
            version += 1
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise CorruptDataError(f"cannot migrate from schema {original}: {error!r}") from error
    validate_user_data(data)
    return data, original


def validate_user_data(data: Any) -> None:
    """Shape check, so a damaged-but-parseable file is caught before it is used."""
    if not isinstance(data, dict) or data.get("schema") != USER_SCHEMA:
        raise CorruptDataError("not a reader user file")
    for table in TABLES:
        if not isinstance(data.get(table, {}), dict):
            raise CorruptDataError(f"table {table!r} is not an object")
    for table in TABLES:
        data.setdefault(table, {})
    data.setdefault("meta", {})
