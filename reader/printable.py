"""Text from outside, made safe to print on a terminal without hiding anything.

:func:`reader.articles.sanitize.sanitize` *removes* escape sequences from
article text at import. What the command line prints besides article text --
file names, URLs, note text (a restored backup can hold anything), messages
quoting input -- must instead stay recognisable: the user has to see which
file was meant. So every character a terminal would act on is written out as
a visible escape. Kept apart from ``reader.articles`` so that printing an
error message does not import the import machinery (``reader --help`` stays
fast).
"""

from __future__ import annotations

import re

# Everything a terminal may act on or that reorders what is shown around it,
# for text that must be *shown* rather than cleaned: C0 and C1 controls, DEL,
# line/paragraph separators, bidi marks, embeddings, overrides and isolates,
# BOM/ZWNBSP, interlinear annotations, and lone surrogates (undecodable bytes
# of a file name; they cannot even be encoded for output).
TERMINAL_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
    "\ufeff\ufff9-\ufffb\ud800-\udfff]"
)
_NAMED = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def visible_controls(text: str, *, keep: str = "") -> str:
    """``text`` with every terminal-unsafe character (except those in ``keep``)
    written out as a visible escape (``\\x1b``, ``\\u202e``, ``\\r``).

    For what is printed but is not an article body -- file names, URLs, note
    text from a restored backup, messages quoting input: unlike
    :func:`sanitize`, nothing is dropped, so the reader can still tell which
    file was meant, and the terminal receives only printable characters.
    """

    def escape(match: re.Match[str]) -> str:
        char = match.group()
        if char in keep:
            return char
        code = ord(char)
        return _NAMED.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")

    return TERMINAL_UNSAFE.sub(escape, text)
