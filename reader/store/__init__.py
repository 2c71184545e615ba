"""Storage for reader: the TinyDB user database, the SQLite article library, the lock, backups.

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
- :mod:`reader.store.backups`     backups kept by age (user file, database), pinned backups
- :mod:`reader.store.schema`      schema version and migrations of the user file
- :mod:`reader.store.validate`    field checks of every user document (load, restore)
- :mod:`reader.store.database`    ``ArticleDB``: ``library.db`` (articles, bodies, people, quotes,
                                  note-text mirror, FTS5 index)
- :mod:`reader.store.migrate`     the old layout (JSON index + one file per article) → ``library.db``
- :mod:`reader.store.recovery`    a damaged ``library.db``: aside, newest good backup, salvage, reindex
- :mod:`reader.store.urls`        URL normalisation for duplicate detection
"""

from reader.store.errors import (
    CorruptDataError,
    DiskFullError,
    LockedError,
    ReadOnlyError,
    StoreError,
)

__all__ = ["StoreError", "LockedError", "CorruptDataError", "DiskFullError", "ReadOnlyError"]
