from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.articles import sanitize
from reader.articles.sanitize import clean_line


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("a\x1b[31mred\x1b[0m", "ared"),
        ("x\x1b]52;c;SGVsbG8=\x07y", "xy"),  # OSC 52 clipboard write, BEL-terminated
        ("x\x1b]52;c;SGVsbG8=\x1b\\y", "xy"),  # ... ST-terminated
        ("\x1b]8;;https://e.x\x1b\\link\x1b]8;;\x1b\\", "link"),  # OSC 8 hyperlink
        ("a\x1bPq#0;2;0;0;0\x1b\\b", "ab"),  # DCS (sixel)
        ("a\x1b_payload\x1b\\b", "ab"),  # APC
        ("a\x1b\x1b[2Jb", "ab"),
        ("lone\x1b", "lone"),
        ("a\x1bcb", "ab"),  # RIS
        ("a\x9b31mb", "a31mb"),  # 8-bit CSI: the introducer goes, the rest is inert text
        ("a\x00b\x07c\x08d\x7fe", "abcde"),
        ("tab\tkept\nnewline", "tab\tkept\nnewline"),
        ("crlf\r\nand\rcr", "crlf\nand\ncr"),
        ("ls\u2028ps\u2029", "ls\nps\n"),
        ("bidi \u202eevil\u202c end", "bidi evil end"),
        ("iso\u2066late\u2069", "isolate"),
        ("mark\u200ekept", "mark\u200ekept"),
        ("\ufeffbom", "bom"),
        ("lone \ud800 surrogate", "lone  surrogate"),
        ("e\u0301", "\u00e9"),  # NFC
        ("[bold]x[/bold] [link=http://a]b[/link]", "[bold]x[/bold] [link=http://a]b[/link]"),
        ("unterminated \x1b]0;title\nnext line", "unterminated \nnext line"),
    ],
)
def test_sanitize(raw: str, clean: str) -> None:
    assert sanitize(raw) == clean


@given(st.text())
def test_sanitized_text_has_no_terminal_controls(text: str) -> None:
    out = sanitize(text)
    assert not any((ord(c) < 32 and c not in "\t\n") or 0x7F <= ord(c) <= 0x9F for c in out)
    assert sanitize(out) == out  # idempotent


def test_clean_line() -> None:
    assert clean_line("  a\n\tb \x1b[1m c ") == "a b c"
    assert clean_line("   ") is None
    assert clean_line("x" * 50, limit=10) == "x" * 9 + "…"
