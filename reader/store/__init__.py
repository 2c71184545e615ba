"""Storage for reader: atomic TinyDB-compatible files, the lock, backups, schema.

Only the errors are imported eagerly (the CLI catches them); the storage
classes live in their own modules:

- :mod:`reader.store.atomic`      atomic + durable file replace
- :mod:`reader.store.storage`     ``AtomicJSONStorage`` (a TinyDB ``Storage``)
- :mod:`reader.store.lock`        the inter-process lock
- :mod:`reader.store.userdata`    ``UserStore``: notes, bookmarks, state (snapshot + fsynced journal)
- :mod:`reader.store.backups`     rotating backups of the user file
- :mod:`reader.store.schema`      schema version and migrations of the user file
- :mod:`reader.store.index`       ``ArticleIndex``: snapshot + append-only log
- :mod:`reader.store.articles`    ``ArticleFiles``: one file per article (named by content hash) with its annotation
"""

from reader.store.errors import (
    CorruptDataError,
    DiskFullError,
    LockedError,
    ReadOnlyError,
    StoreError,
)

__all__ = ["StoreError", "LockedError", "CorruptDataError", "DiskFullError", "ReadOnlyError"]
