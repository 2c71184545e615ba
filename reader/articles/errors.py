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


def unexpected(exc: BaseException, *, source: str | None = None) -> ImportRejected:
    """A failure that is a bug or a broken install rather than bad input, as
    an :class:`ImportRejected` that says what happened and what to do, so one
    such item is reported like any other and the rest of a batch goes on."""
    if isinstance(exc, ImportError):
        reason = (
            f"a part of reader is missing or broken ({exc}); reinstall reader "
            "(pip install --force-reinstall reader) and try again"
        )
    else:
        reason = (
            f"unexpected error ({type(exc).__name__}: {exc}); nothing else was affected. "
            "Please report it as a bug, with this input if you can share it"
        )
    return ImportRejected(reason, source=source)
