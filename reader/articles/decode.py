"""Bytes from an untrusted file or response -> text, or a clear refusal.

Order matters: a BOM is authoritative; strict UTF-8 is tried next because it
almost never succeeds by accident on other encodings; then the encoding the
source declares (HTTP header, ``<meta charset>``; "latin-1" read as cp1252,
as browsers do); only then is the encoding guessed (``charset-normalizer``,
preferring cp1252 among equally good guesses, because that is what "ANSI"
news exports from Windows tools are). Binary files
are refused before any guessing, by signature, NUL bytes or a high share of
control characters, so a PDF or an image never turns into an article of
mojibake.
"""

from __future__ import annotations

import codecs
import re

from reader.articles.errors import ImportRejected

DEFAULT_MAX_BYTES = 5 * 1024 * 1024

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16: FF FE 00 00 starts with FF FE
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"GIF8", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x7fELF", "an executable"),
    (b"MZ", "a Windows executable"),
    (b"\xd0\xcf\x11\xe0", "an old Office document"),
    (b"{\\rtf", "an RTF document"),
)

# Control characters that never appear in real text (tab, LF, CR, FF are
# fine; ESC is allowed a little because sanitize() removes sequences).
_BAD_CONTROLS = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f\x80-\x9f\ufffd]")
_MAX_BAD_SHARE = 0.02
_WEB_LATIN1_LABELS = frozenset({"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii", "windows-1252"})


def describe_size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MB"
    if n >= 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n} bytes"


def too_big(max_bytes: int) -> ImportRejected:
    return ImportRejected(f"too large: more than {describe_size(max_bytes)} (the import size limit)")


def _utf16_without_bom(data: bytes) -> str | None:
    """Guess BOM-less UTF-16 from where the NUL bytes sit (ASCII-heavy text
    has a NUL in every other byte)."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    for zeros, other, codec in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if zeros.count(0) > 0.4 * len(zeros) and other.count(0) < 0.05 * len(other):
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                return None
    return None


def _reject_if_binary_looking(text: str, origin: str) -> str:
    sample = text[:65536]
    bad = len(_BAD_CONTROLS.findall(sample))
    if sample and bad / len(sample) > _MAX_BAD_SHARE:
        raise ImportRejected(f"looks like a binary file, not text ({bad} control characters)", source=origin)
    return text


def decode_bytes(data: bytes, *, origin: str = "input", declared: str | None = None) -> str:
    """Decode ``data`` or raise :class:`ImportRejected`.

    ``declared`` is an encoding named by the source itself (an HTTP header or
    a ``<meta charset>``); it is used when the bytes are not valid UTF-8 and
    it decodes them cleanly.
    """
    if not data.strip():
        raise ImportRejected("empty: nothing to import", source=origin)
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return _reject_if_binary_looking(data.decode(codec), origin)
            except UnicodeDecodeError as exc:
                raise ImportRejected(f"broken {codec.upper()} text: {exc.reason}", source=origin) from None
    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            raise ImportRejected(f"looks like {kind}, not text", source=origin)
    if b"\x00" in data:
        text = _utf16_without_bom(data)
        if text is None:
            raise ImportRejected("looks like a binary file, not text (it contains NUL bytes)", source=origin)
        return _reject_if_binary_looking(text, origin)
    if declared and declared.lower().replace("_", "-") in _WEB_LATIN1_LABELS:
        declared = "cp1252"  # what browsers do (WHATWG): keeps the page's curly quotes
    # Valid UTF-8 wins even over a declared encoding: multi-byte UTF-8 almost
    # never happens by accident, while wrong charset labels are common.
    for codec in ("utf-8", declared) if declared else ("utf-8",):
        try:
            return _reject_if_binary_looking(data.decode(codec), origin)
        except (UnicodeDecodeError, LookupError):
            continue
    return _reject_if_binary_looking(_guess(data, origin), origin)


# When the detector finds several single-byte encodings equally plausible
# (short Western European text often fits cp1250 as well as cp1252), prefer
# the ones news text is actually written in.
_PREFERRED = ("cp1252", "latin_1", "iso8859_15", "cp1250", "iso8859_2")
_TIE = 0.01


def _guess(data: bytes, origin: str) -> str:
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data[: 256 * 1024]))
    if matches:
        least_chaos = min(m.chaos for m in matches)
        tied = [m for m in matches if m.chaos <= least_chaos + _TIE]
        top = max(m.coherence for m in tied)
        tied = [m for m in tied if m.coherence >= top - _TIE]
        tied.sort(key=lambda m: _PREFERRED.index(m.encoding) if m.encoding in _PREFERRED else len(_PREFERRED))
        for match in tied:
            try:
                return data.decode(match.encoding)
            except (UnicodeDecodeError, LookupError):
                continue
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        pass
    if matches:
        return str(matches[0])
    raise ImportRejected("could not work out the text encoding", source=origin)


def read_capped(stream, max_bytes: int, *, origin: str) -> bytes:  # type: ignore[no-untyped-def]
    """Read at most ``max_bytes`` from a binary stream; refuse anything longer
    without holding more than one extra byte of it."""
    data = stream.read(max_bytes + 1)
    if isinstance(data, str):  # a text stream (e.g. a test's io.StringIO)
        data = data.encode("utf-8")
    if len(data) > max_bytes:
        raise ImportRejected(too_big(max_bytes).reason, source=origin)
    return data
