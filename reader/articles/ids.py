"""Content-derived article ids.

The id is a hash of the *normalised* body so that importing the same article
twice -- from a re-saved file with different line wrapping, curly instead of
straight quotes, or a web page and its text export -- gives the same id and
the library can skip the duplicate.
"""

from __future__ import annotations

import hashlib
import unicodedata

_QUOTES = (
    ("\u201c", '"'), ("\u201d", '"'), ("\u201e", '"'), ("\u201f", '"'), ("\u00ab", '"'), ("\u00bb", '"'),
    ("\u2033", '"'), ("\u2018", "'"), ("\u2019", "'"), ("\u201a", "'"), ("\u201b", "'"), ("\u2032", "'"),
    ("\u2039", "'"), ("\u203a", "'"), ("`", "'"),
)


def normalise_for_id(body: str) -> str:
    """NFC, quotes unified, whitespace collapsed; case is kept on purpose
    (case differences are real edits, not re-encodings)."""
    text = unicodedata.normalize("NFC", body)
    for curly, straight in _QUOTES:  # str.replace is several times faster than translate() here
        if curly in text:
            text = text.replace(curly, straight)
    return " ".join(text.split())


def article_id(body: str) -> str:
    """16 hex characters of the SHA-256 of the normalised body."""
    return hashlib.sha256(normalise_for_id(body).encode("utf-8")).hexdigest()[:16]
