"""Which web addresses reader keeps and opens.

Links come from untrusted pages and Markdown; the importer keeps only these
(``javascript:``, ``data:``, relative leftovers are dropped, their text
stays), and the TUI opens only these. One rule, used by both.
"""

from __future__ import annotations

SAFE_SCHEMES = ("http://", "https://", "mailto:")
MAX_URL = 2000


def safe_link(url: str | None) -> str | None:
    """``url`` if it is http(s) or mailto, without whitespace or control
    characters, else None."""
    if not url:
        return None
    url = url.strip()
    if not url.lower().startswith(SAFE_SCHEMES) or len(url) > MAX_URL:
        return None
    if any(ch.isspace() or ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 for ch in url):
        return None
    return url
