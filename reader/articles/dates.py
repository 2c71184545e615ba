"""Turn the many ways articles write dates into ISO ``YYYY-MM-DD``.

Dates arrive as metadata lines, HTML meta tags, JSON fields and RSS
``pubDate`` (RFC 822); the library sorts and filters on one format, and a
value that does not parse is treated as "not a date" (which is also how the
metadata reader decides that a body starting with "date" is not metadata).
"""

from __future__ import annotations

import re
from datetime import date, datetime

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_ISO = re.compile(r"(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?")
_MONTH_FIRST = re.compile(_MONTH + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>\d{4})")
_DAY_FIRST = re.compile(r"(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(?P<y>\d{4})")
_EURO = re.compile(r"(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})")

# A date at the start of a string, for "date 2019-02-06 WASHINGTON ..." where
# the value is not delimited by a newline. Longest forms first.
DATE_PREFIX = re.compile(
    r"(?:\d{4}-\d{2}-\d{2}(?:T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?"
    r"|\d{4}/\d{1,2}/\d{1,2}"
    r"|[A-Za-z]{3,9}\.?\s+\d{1,2},\s+\d{4}"
    r"|\d{1,2}\s+[A-Za-z]{3,9}\.?\s+\d{4})"
    r"(?=\s|$)"
)


def _valid(year: int, month: int, day: int) -> str | None:
    if not 1800 <= year <= 2200:
        return None
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def parse_date(value: object) -> str | None:
    """ISO date for ``value`` (str, date or datetime), or None if it is not one."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text or len(text) > 80:
        return None
    if match := _ISO.fullmatch(text):
        return _valid(int(match["y"]), int(match["m"]), int(match["d"]))
    for pattern in (_MONTH_FIRST, _DAY_FIRST):
        if match := pattern.fullmatch(text):
            month = _MONTHS.get(match["month"].lower())
            return _valid(int(match["y"]), month, int(match["d"])) if month else None
    if match := _EURO.fullmatch(text):
        return _valid(int(match["y"]), int(match["m"]), int(match["d"]))
    from email.utils import parsedate_tz  # only RSS-style dates get this far

    parsed = parsedate_tz(text)  # RFC 822 / RSS pubDate
    if parsed is not None:
        return _valid(parsed[0], parsed[1], parsed[2])
    if match := _ISO.match(text):  # ISO with trailing junk ("2019-02-06 10:00 UTC")
        return _valid(int(match["y"]), int(match["m"]), int(match["d"]))
    return None
