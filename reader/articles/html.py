"""Web pages -> Article, with ``trafilatura`` doing the boilerplate removal.

Menus, footers, cookie banners and comment threads are not the article, and
separating them from it is a research problem that trafilatura solves well;
this module only adapts its result to our paragraphs and metadata and turns
every failure (broken markup included) into :class:`ImportRejected`.

The extracted document is read as trafilatura's XML tree (``<head>``,
``<p>``, ``<list>``/``<item>``, ``<quote>``, ``<hi rend>``, ``<ref target>``),
not as flat text, so headings, list items, emphasis and links survive as
paragraph kinds and inline spans (:mod:`reader.articles.blocks`), exactly as
the Markdown reader gives them.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from typing import Any

from reader.articles.blocks import Block, finished
from reader.weblinks import safe_link
from reader.articles.errors import ImportRejected
from reader.articles.parse import build_from_blocks, same_text, split_paragraphs
from reader.articles.sanitize import sanitize
from reader.domain import Article

_HTML_START = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)


def looks_like_html(data: bytes) -> bool:
    return _HTML_START.match(data[:4096]) is not None


def declared_charset(data: bytes) -> str | None:
    """The ``<meta charset>`` (or http-equiv) of a page, if any."""
    match = _META_CHARSET.search(data[:8192])
    return match.group(1).decode("ascii", "replace").lower() if match else None


def parse_html(html: str, *, origin: str | None = None, url: str | None = None) -> Article:
    """The main text and metadata of a web page."""
    import trafilatura

    # Sanitise the markup itself, not only the extracted text: the HTML parser
    # silently drops an ESC but keeps the rest of its sequence as text.
    html = sanitize(html)
    try:
        document = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            include_links=True,
            include_formatting=True,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as exc:  # trafilatura/lxml raise many types on broken input
        raise ImportRejected(f"could not read this web page ({type(exc).__name__})", source=origin) from None
    if document is None:
        raise ImportRejected("no article text found on this page", source=origin)
    data = document.as_dict() if hasattr(document, "as_dict") else dict(document)
    tree = getattr(document, "body", None)
    if tree is None and isinstance(document, dict):
        tree = document.get("body")
    if tree is not None:
        blocks = [(kind, sanitize(text), spans) for kind, text, spans in finished(_XmlWalker().walk(tree))]
        blocks = [(kind, text, spans) for kind, text, spans in blocks if text]
    else:  # no tree (an older trafilatura): the text, without formatting
        blocks = [("body", p, []) for p in split_paragraphs(sanitize(data.get("text") or ""))]
    title = data.get("title")
    if blocks and title and same_text(blocks[0][1], title):
        blocks = blocks[1:]  # the page's <h1>, already the title
    if not blocks:
        raise ImportRejected("no article text found on this page", source=origin)
    metadata = {
        "title": title,
        "author": data.get("author"),
        "date": data.get("date"),
        "url": url or data.get("url"),
    }
    article = build_from_blocks(blocks, metadata=metadata, origin=origin)
    site = data.get("sitename")
    if site:
        article.meta["site"] = " ".join(sanitize(site).split())[:80]
        if article.source is None:
            article.source = article.meta["site"]
    return article


_HI_KINDS = {"#b": "strong", "#i": "emphasis", "#u": "emphasis", "#t": "code"}
_CONTAINERS = {"body", "doc", "main", "div", "list", "quote", "section", "article"}
_SKIPPED = {"table", "graphic", "figure", "comments"}


class _XmlWalker:
    """trafilatura's XML tree -> blocks. A ``<lb/>`` starts a new paragraph
    (as the flat text's line break always did)."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.block: Block | None = None

    def walk(self, root: Any) -> list[Block]:
        self._container(root, "body")
        self._finish()
        return self.blocks

    def _start(self, kind: str) -> Block:
        self._finish()
        self.block = Block(kind)
        return self.block

    def _finish(self) -> None:
        if self.block is not None and self.block.text.strip():
            self.blocks.append(self.block)
        self.block = None

    def _loose_text(self, text: str | None, kind: str) -> None:
        """Text sitting directly in a container (or after a block's end tag)."""
        if text and text.strip():
            block = self.block if self.block is not None and self.block.kind == kind else self._start(kind)
            block.add(text)

    def _container(self, element: Any, kind: str) -> None:
        self._loose_text(element.text, kind)
        numbers = iter(range(1, 10_000)) if (element.get("rend") or "").lower() == "ol" else None
        for child in element:
            self._block(child, kind, numbers)
            self._loose_text(child.tail, kind)

    def _block(self, element: Any, kind: str, numbers: Any = None) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in _SKIPPED:
            return
        if tag in _CONTAINERS:
            self._finish()
            self._container(element, "blockquote" if tag == "quote" else kind)
            self._finish()
        elif tag == "item":
            self._paragraph(element, "item", f"{next(numbers)}. " if numbers is not None else "• ")
        elif tag == "head":
            self._paragraph(element, "heading")
        elif tag == "code":
            self._paragraph(element, "code")
        elif tag in ("lb", ""):
            self._finish()
        else:  # <p>, and anything unknown: a paragraph of its own
            self._paragraph(element, kind)

    def _paragraph(self, element: Any, kind: str, marker: str = "") -> None:
        self._start(kind).add(marker)
        self._inline(element, kind)
        self._finish()

    def _inline(self, element: Any, kind: str) -> None:
        assert self.block is not None
        self.block.add(element.text or "")
        for child in element:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag == "lb":
                self._start(kind)
            elif tag in _BLOCK_TAGS_IN_TREE:  # a block inside a paragraph (a list in an item)
                self._block(child, kind)
                self._start(kind)
            elif tag not in _SKIPPED:
                start = self.block.length
                self._inline(child, kind)
                rend = child.get("rend") or ""
                if tag == "hi" and rend in _HI_KINDS:
                    self.block.span(start, _HI_KINDS[rend])
                elif tag == "ref" and (target := safe_link(child.get("target"))):
                    self.block.span(start, "link", sanitize(target))
            self.block.add(child.tail or "")


_BLOCK_TAGS_IN_TREE = _CONTAINERS | {"p", "head", "item", "code"}


_BLOCK_TAGS = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre",
    "table", "tr", "section", "article", "figure", "figcaption", "hr",
}
_SKIP_TAGS = {"script", "style", "template", "noscript", "iframe", "object", "svg", "head"}


class _TextOnly(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self._skipping += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def html_fragment_to_text(fragment: str) -> str:
    """Plain text of a small HTML fragment (a feed summary, a JSON ``content``
    field): tags dropped, block elements become paragraph breaks. No
    boilerplate detection -- a fragment has none."""
    parser = _TextOnly()
    try:
        parser.feed(fragment)
        parser.close()
    except Exception:  # HTMLParser is lenient, but never let a fragment crash an import
        return sanitize(re.sub(r"<[^>]*>", " ", fragment))
    return sanitize("".join(parser.parts))


def looks_like_markup(text: str) -> bool:
    return re.search(r"</?(?:p|div|br|span|a|em|strong|li|h[1-6])\b[^>]*>", text, re.I) is not None
