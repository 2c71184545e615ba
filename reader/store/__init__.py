"""Storage for reader: the TinyDB user database, the article files and index, the lock, backups.

Only the errors are imported eagerly (the CLI catches them); the storage
classes live in their own modules:

- :mod:`reader.store.atomic`      atomic + durable file replace
- :mod:`reader.store.storage`     the JSON encoding; ``AtomicJSONStorage`` (whole-file TinyDB ``Storage``)
- :mod:`reader.store.journaled`   ``JournaledAtomicStorage``: TinyDB ``Storage`` = snapshot + fsynced
                                  journal of changed documents
- :mod:`reader.store.repository`  ``UserData``: notes, bookmarks, reading state, settings as TinyDB
                                  tables (``Query``, ``upsert``, ``remove``) in domain terms
- :mod:`reader.store.userdata`    ``UserStore``: the TinyDB database, ``transaction()`` (lock →
                                  catch up → TinyDB ops → one journal line), recovery
- :mod:`reader.store.lock`        the inter-process lock
- :mod:`reader.store.backups`     rotating backups of the user file
- :mod:`reader.store.schema`      schema version and migrations of the user file
- :mod:`reader.store.index`       ``ArticleIndex``: snapshot + append-only log, URL → id
- :mod:`reader.store.urls`        URL normalisation for duplicate detection
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
