"""How each highlight role looks in Rich output, in colour and without it.

``NO_COLOR`` (https://no-color.org) strips colours, so a highlight that is
only a colour vanishes and quotes, people and places read like plain text.
Every role that carries meaning therefore has a *non-colour* cue too:

============  ===========================  =====================================
role          colour                       monochrome (``NO_COLOR``)
============  ===========================  =====================================
quote         colour                       italic (plus the gutter bar / "— Speaker")
figure        colour + bold                bold
place, org    colour                       underline
speaker       colour, dim italic           dim italic
note          underline                    none: the gutter ✎ mark carries it
highlight     marker background            reverse
mention       reverse + bold               reverse + bold
cursor        underline + bold             reverse
selection     reverse                      reverse + underline
heading       bold                         bold
emphasis      italic                       italic
strong        bold                         bold
code          colour                       dim
link          colour + underline           underline + italic
blockquote    dim                          dim
match         background                   reverse (current: reverse + bold)
============  ===========================  =====================================

The TUI gets the same cues from ``styles/reader.tcss`` (``:nocolor`` rules);
this table is for Rich consoles (``reader show``). Only Rich is imported.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from rich.style import Style

COLOR_STYLES: dict[str, Style] = {
    "title": Style(bold=True),
    "meta": Style(dim=True),
    "caption": Style(dim=True, italic=True),
    "place": Style(color="cyan"),
    "org": Style(color="cyan", dim=True),
    "figure": Style(color="magenta", bold=True),
    "quote": Style(color="yellow"),
    "speaker": Style(color="yellow", dim=True, italic=True),
    "note": Style(underline=True),
    "highlight": Style(bgcolor="yellow", color="black"),
    "mention": Style(reverse=True, bold=True),
    "cursor": Style(underline=True, bold=True),
    "selection": Style(reverse=True),
    "heading": Style(bold=True),
    "emphasis": Style(italic=True),
    "strong": Style(bold=True),
    "code": Style(color="green"),
    "link": Style(color="blue", underline=True),
    "blockquote": Style(dim=True),
    "match": Style(bgcolor="cyan", color="black"),
    "match-current": Style(bgcolor="bright_cyan", color="black", bold=True),
}

MONO_STYLES: dict[str, Style] = {
    "title": Style(bold=True),
    "meta": Style(dim=True),
    "caption": Style(dim=True),
    "place": Style(underline=True),
    "org": Style(underline=True),
    "figure": Style(bold=True),
    "quote": Style(italic=True),
    "speaker": Style(dim=True, italic=True),
    "note": Style(),
    "highlight": Style(reverse=True),
    "mention": Style(reverse=True, bold=True),
    "cursor": Style(reverse=True),
    "selection": Style(reverse=True, underline=True),
    "heading": Style(bold=True),
    "emphasis": Style(italic=True),
    "strong": Style(bold=True),
    "code": Style(dim=True),
    "link": Style(underline=True, italic=True),
    "blockquote": Style(dim=True),
    "match": Style(reverse=True),
    "match-current": Style(reverse=True, bold=True),
}

# Roles that must stay apart from each other and from plain text without colour.
DISTINCT_ROLES = ("quote", "figure", "place")


def no_color_requested(environ: Mapping[str, str] | None = None) -> bool:
    """Whether ``NO_COLOR`` asks for no colour (set and not empty, per the spec)."""
    environ = os.environ if environ is None else environ
    return bool(environ.get("NO_COLOR"))


def rich_styles(no_color: bool | None = None) -> dict[str, Style]:
    """The style table for a Rich console; ``None`` follows ``NO_COLOR``."""
    if no_color is None:
        no_color = no_color_requested()
    return dict(MONO_STYLES if no_color else COLOR_STYLES)
