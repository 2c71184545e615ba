"""Schema versions of the user file and the migrations between them.

The user file records its ``schema``; a file without one is version 0 (the
layout of the first prototype: TinyDB tables with integer document ids). Each
migration takes the data of version N and returns version N+1, so an old file
is brought forward one step at a time. A file from a *newer* reader is never
touched: it is refused with :class:`NewerSchemaError`.

Layouts:

- v1 ``{"schema": 1, "meta": {key: value}, "notes": {id: doc}, "bookmarks": {id: doc},
  "articles": {article_id: doc}, "state": {key: value}}``. It is also the *exchange*
  layout that ``Library.dump_user_data`` returns and JSON backups carry, so
  backups stay readable by every version.
- v2 ``{"schema": 2, "tables": {name: {doc_id: doc}}}``: a TinyDB database. TinyDB
  documents must be objects, so the free-form values of ``state`` and ``meta``
  are wrapped as ``{"value": ...}``; the tables sit apart from the file's own
  keys so ``schema`` (and the revision token) are never mistaken for tables.
"""

from __future__ import annotations

from typing import Any, Callable

from reader.store.errors import CorruptDataError

USER_SCHEMA = 2
EXCHANGE_SCHEMA = 1
TABLES = ("notes", "bookmarks", "articles", "state")
VALUE_TABLES = ("state", "meta")  # key -> {"value": any JSON}
ALL_TABLES = ("meta", *TABLES)

Tables = dict[str, dict[str, Any]]


class NewerSchemaError(CorruptDataError):
    """The file was written by a newer version of reader."""


def empty_tables() -> Tables:
    return {table: {} for table in ALL_TABLES}


def empty_user_data() -> dict[str, Any]:
    return {"schema": USER_SCHEMA, "tables": empty_tables()}


def schema_of(data: dict[str, Any]) -> int:
    version = data.get("schema", 0)
    if not isinstance(version, int) or isinstance(version, bool) or version < 0:
        raise CorruptDataError(f"unknown schema version {version!r}")
    return version


def journal_tables(data: dict[str, Any]) -> dict[str, Any]:
    """Where journal operations apply in a file of ``data``'s schema (they name tables)."""
    if schema_of(data) >= 2:
        tables = data.setdefault("tables", {})
        if not isinstance(tables, dict):
            raise CorruptDataError("the tables are not an object")
        return tables
    return data


def _v0_to_v1(old: dict[str, Any]) -> dict[str, Any]:
    """v0: {"notes": {"1": {"article", "start", "end", "text", "created"}},
    "bookmarks": {"1": {"article", "position", "label", "created"}},
    "positions": {"1": {"article", "offset"}}, "read": {"1": {"article"}}}."""
    new: dict[str, Any] = {"schema": 1, "meta": {}, **{table: {} for table in TABLES}}
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


def _v1_to_v2(old: dict[str, Any]) -> dict[str, Any]:
    """Tables move under "tables"; state and meta values are wrapped as TinyDB documents."""
    _check_tables(old, ("meta", *TABLES))
    tables = empty_tables()
    for table in ("notes", "bookmarks", "articles"):
        tables[table] = {str(key): dict(doc) for key, doc in old.get(table, {}).items()}
    for table in VALUE_TABLES:
        tables[table] = {str(key): {"value": value} for key, value in old.get(table, {}).items()}
    return {"schema": 2, "tables": tables}


def v2_to_exchange(data: dict[str, Any]) -> dict[str, Any]:
    """The v1 (exchange) layout of v2 data: what dumps and JSON backups carry."""
    tables = data["tables"]
    exchanged: dict[str, Any] = {"schema": EXCHANGE_SCHEMA}
    for table in ALL_TABLES:
        docs = tables.get(table, {})
        if table in VALUE_TABLES:
            exchanged[table] = {key: doc.get("value") for key, doc in docs.items()}
        else:
            exchanged[table] = docs
    return exchanged


MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {0: _v0_to_v1, 1: _v1_to_v2}


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


def _check_tables(data: dict[str, Any], names: tuple[str, ...]) -> None:
    for table in names:
        if not isinstance(data.get(table, {}), dict):
            raise CorruptDataError(f"table {table!r} is not an object")


def validate_user_data(data: Any) -> None:
    """Shape check, so a damaged-but-parseable file is caught before it is used; fills in
    missing tables."""
    if not isinstance(data, dict) or data.get("schema") != USER_SCHEMA:
        raise CorruptDataError("not a reader user file")
    tables = data.setdefault("tables", {})
    if not isinstance(tables, dict):
        raise CorruptDataError("the tables are not an object")
    _check_tables(tables, ALL_TABLES)
    for table in ALL_TABLES:
        docs = tables.setdefault(table, {})
        if not all(isinstance(doc, dict) for doc in docs.values()):
            raise CorruptDataError(f"table {table!r} holds a document that is not an object")
