"""Markdown articles -> paragraphs, headings, list items, emphasis and links.

markdown-it-py (CommonMark; Rich depends on it too) does the parsing; this
module only walks its tokens into :class:`reader.articles.blocks.Block`\\ s, the
same shape the web-page reader produces, so a Markdown article is shown like
an HTML one: ``**bold**`` bold, ``[text](url)`` a link on "text", ``## Heading``
a heading, ``- item`` an item with a bullet. Raw HTML inside the Markdown is
read as text (tags dropped); images are left out (their alt text is not the
article's text).
"""

from __future__ import annotations

from typing import Any

from reader.articles.blocks import Block, finished
from reader.weblinks import safe_link
from reader.domain import InlineSpan

BULLET = "• "
_INLINE_KINDS = {"em": "emphasis", "strong": "strong"}


def markdown_blocks(text: str) -> list[tuple[str, str, list[InlineSpan]]]:
    """(kind, text, inline spans) per paragraph of a Markdown document."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").parse(text)
    return finished(_Walker().walk(tokens))


class _Walker:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.quote_depth = 0
        self.lists: list[dict[str, Any]] = []  # {"ordered": bool}
        self.item_marker: str | None = None  # set by list_item_open, used by its first paragraph
        self.heading = False

    def walk(self, tokens: list[Any]) -> list[Block]:
        for token in tokens:
            kind = token.type
            if kind == "heading_open":
                self.heading = True
            elif kind == "heading_close":
                self.heading = False
            elif kind == "blockquote_open":
                self.quote_depth += 1
            elif kind == "blockquote_close":
                self.quote_depth -= 1
            elif kind in ("bullet_list_open", "ordered_list_open"):
                self.lists.append({"ordered": kind == "ordered_list_open"})
            elif kind in ("bullet_list_close", "ordered_list_close"):
                self.lists.pop()
            elif kind == "list_item_open":
                ordered = bool(self.lists and self.lists[-1]["ordered"])
                self.item_marker = f"{token.info or 1}. " if ordered else BULLET
            elif kind == "inline":
                self._inline(token.children or [])
            elif kind in ("fence", "code_block"):
                block = Block("code")
                block.add(token.content)
                self.blocks.append(block)
            elif kind == "html_block":
                self._html(token.content)
        return self.blocks

    def _block_kind(self) -> str:
        if self.heading:
            return "heading"
        if self.lists:
            return "item"
        if self.quote_depth:
            return "blockquote"
        return "body"

    def _inline(self, children: list[Any]) -> None:
        block = Block(self._block_kind())
        if self.lists:
            # The marker is part of the text (as it would be in a plain-text
            # rendering): an item's later paragraphs are indented, unmarked.
            block.add(self.item_marker or "  ")
            self.item_marker = None
        opened: list[tuple[str, int, str | None]] = []
        for child in children:
            kind = child.type
            # "image": left out (its alt text is in its own children, not here)
            if kind == "text":
                block.add(child.content)
            elif kind in ("softbreak", "hardbreak"):
                block.add(" ")
            elif kind == "code_inline":
                start = block.length
                block.add(child.content)
                block.span(start, "code")
            elif kind.endswith("_open") and kind[:-5] in (*_INLINE_KINDS, "link"):
                name = kind[:-5]
                target = safe_link(child.attrs.get("href")) if name == "link" else None
                opened.append((name, block.length, target))
            elif kind.endswith("_close") and opened:
                name, start, target = opened.pop()
                if name == "link":
                    if target:
                        block.span(start, "link", target)
                else:
                    block.span(start, _INLINE_KINDS[name])
            # html_inline: tags are dropped, the text between them stays
        self.blocks.append(block)

    def _html(self, html: str) -> None:
        from reader.articles.html import html_fragment_to_text
        from reader.articles.parse import split_paragraphs

        for paragraph in split_paragraphs(html_fragment_to_text(html)):
            block = Block(self._block_kind())
            block.add(paragraph)
            self.blocks.append(block)
