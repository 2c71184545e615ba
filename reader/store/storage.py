"""A TinyDB storage that never leaves a half-written file behind.

TinyDB's own ``JSONStorage`` truncates the file and writes in place, so a crash
or a full disk mid-write destroys the database. This storage re-reads the file
on every ``read`` (so a second copy of the app sees the first one's changes)
and writes through :func:`reader.store.atomic.atomic_write`.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from reader.store.atomic import atomic_write
from reader.store.errors import CorruptDataError, from_os_error


def dumps(data: Any) -> bytes:
    """The one JSON encoding used for every stored file (compact, UTF-8, no NaN)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")


def load_json_file(path: Path) -> Any | None:
    """Parse ``path``; ``None`` when it does not exist, CorruptDataError when it is damaged."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise from_os_error(error, path, "read") from error
    if not raw.strip():
        raise CorruptDataError(f"{path} is empty (truncated).")
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError) as error:
        raise CorruptDataError(f"{path} is damaged: {error}.") from error
    except RecursionError:
        raise CorruptDataError(f"{path} is damaged: it is nested too deeply to be reader data.") from None


class AtomicJSONStorage(Storage):
    """TinyDB storage: one JSON object per file, atomic + durable replace on write."""

    def __init__(self, path: str | os.PathLike[str], *, durable: bool = True) -> None:
        self.path = Path(path)
        self.durable = durable

    def read(self) -> dict[str, Any] | None:
        data = load_json_file(self.path)
        if data is not None and not isinstance(data, dict):
            raise CorruptDataError(f"{self.path} is damaged: expected a JSON object.")
        return data

    def write(self, data: dict[str, Any]) -> None:
        atomic_write(self.path, dumps(data), durable=self.durable)
