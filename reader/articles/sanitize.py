"""Make untrusted article text safe to store and to show in a terminal.

Article text comes from files and web pages we do not control. Anything that
a terminal would interpret -- escape sequences (CSI colours and cursor moves,
OSC titles/hyperlinks/clipboard writes such as OSC 52, DCS, SOS/PM/APC), lone
ESC, C0 and C1 control characters -- is removed here, once, at import time, so
every later layer can treat ``Article.body`` as plain printable text.

Decisions:

* Tabs and newlines are kept (newlines normalised to ``\\n``: CRLF, CR, NEL,
  U+2028/U+2029, vertical tab and form feed all become ``\\n``).
* Bidirectional *embeddings, overrides and isolates* (U+202A..U+202E,
  U+2066..U+2069) are stripped: they can visually reorder the text around
  them ("Trojan Source") and no article needs them, because the terminal
  applies the Unicode bidi algorithm itself. The weak marks LRM/RLM/ALM are
  kept: they only affect neutral characters next to them and are used in real
  Arabic and Hebrew text.
* Zero-width joiners/non-joiners are kept (emoji and several scripts need
  them); the BOM/ZWNBSP, interlinear annotation marks and lone surrogates are
  removed.
* The result is NFC-normalised so equal-looking text compares (and hashes)
  equal.

Rich markup such as ``[bold]`` is *not* touched: it is ordinary text and stays
literal because the renderer builds ``rich.text.Text`` objects, never markup
strings.
"""

from __future__ import annotations

import re
import unicodedata

# ESC-based sequences are removed with their payload. String-type sequences
# (OSC, DCS, SOS, PM, APC) run to BEL or ST; an unterminated one is cut at the
# end of its line so a stray ESC cannot swallow the rest of an article. The
# 8-bit C1 forms (U+009B CSI, U+009D OSC, ...) are removed as single
# characters only: they are far more often mis-decoded cp1252 punctuation
# than real sequences, and without the introducer the payload is inert text.
_STRING_END = r"(?:\x07|\x1b\\|\x9c|(?=\n)|$)"
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]?"  # CSI: parameters, intermediates, final byte
    r"|\x1b[\]PX^_][^\x07\x1b\x9c\n]*" + _STRING_END +  # OSC/DCS/SOS/PM/APC
    r"|\x1b[ -/]*[0-~]"  # two-character escapes (ESC c, ESC 7, ESC ( B, ...)
    r"|\x1b",  # a lone ESC
)

_NEWLINES = re.compile(r"\r\n|[\r\x0b\x0c\x85\u2028\u2029]")

# After escapes are gone: every remaining C0/C1 control except \t and \n, DEL,
# bidi embeddings/overrides/isolates, BOM/ZWNBSP, interlinear annotations,
# and lone surrogates (which cannot be encoded for output at all).
_FORBIDDEN = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufeff\ufff9-\ufffb\ud800-\udfff]"
)


def sanitize(text: str) -> str:
    """Return ``text`` without anything a terminal would act on (see module doc)."""
    text = _ESCAPES.sub("", text)
    text = _NEWLINES.sub("\n", text)
    text = _FORBIDDEN.sub("", text)
    return unicodedata.normalize("NFC", text)


def clean_line(text: str | None, *, limit: int = 500) -> str | None:
    """A sanitised single-line metadata value (title, author, ...), or None.

    Metadata comes from the same untrusted places as bodies and ends up in
    table cells and window titles, where a newline or a tab would break the
    layout.
    """
    if text is None:
        return None
    value = " ".join(sanitize(str(text)).split())
    if not value:
        return None
    if len(value) > limit:
        value = value[: limit - 1].rstrip() + "…"
    return value
