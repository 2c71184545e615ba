"""Web pages -> Article, with ``trafilatura`` doing the boilerplate removal.

Menus, footers, cookie banners and comment threads are not the article, and
separating them from it is a research problem that trafilatura solves well;
this module only adapts its result to our paragraphs and metadata and turns
every failure (broken markup included) into :class:`ImportRejected`.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from reader.articles.errors import ImportRejected
from reader.articles.ids import normalise_for_id
from reader.articles.parse import build_article, split_paragraphs
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


def _same_text(a: str, b: str) -> bool:
    return normalise_for_id(a).casefold() == normalise_for_id(b).casefold()


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
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as exc:  # trafilatura/lxml raise many types on broken input
        raise ImportRejected(f"could not read this web page ({type(exc).__name__})", source=origin) from None
    if document is None:
        raise ImportRejected("no article text found on this page", source=origin)
    data = document.as_dict() if hasattr(document, "as_dict") else dict(document)
    text = sanitize(data.get("text") or "")
    paragraphs = split_paragraphs(text)
    title = data.get("title")
    if paragraphs and title and _same_text(paragraphs[0], title):
        paragraphs = paragraphs[1:]  # the page's <h1>, already the title
    if not paragraphs:
        raise ImportRejected("no article text found on this page", source=origin)
    metadata = {
        "title": title,
        "author": data.get("author"),
        "date": data.get("date"),
        "url": url or data.get("url"),
    }
    article = build_article(paragraphs, metadata=metadata, origin=origin)
    site = data.get("sitename")
    if site:
        article.meta["site"] = " ".join(sanitize(site).split())[:80]
        if article.source is None:
            article.source = article.meta["site"]
    return article


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
