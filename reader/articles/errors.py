"""The one exception of the import layer.

Every way an input can be refused (binary, too big, undecodable, empty, a
404, a timeout) becomes an :class:`ImportRejected` with a sentence meant for
the user, so callers can show ``str(error)`` as it is and carry on with the
next item instead of handling a zoo of library exceptions.
"""

from __future__ import annotations


class ImportRejected(Exception):
    """An input that cannot become an article; ``reason`` is user-facing."""

    def __init__(self, reason: str, *, source: str | None = None) -> None:
        # Reasons can quote servers and exceptions: make them one clean line.
        from reader.articles.sanitize import sanitize

        reason = " ".join(sanitize(reason).split())
        super().__init__(reason)
        self.reason = reason
        self.source = source

    def __str__(self) -> str:
        return self.reason
