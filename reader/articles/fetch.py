"""Downloading web pages (and feeds) with limits, then extracting the article.

A page is untrusted in size and in speed as much as in content, so every
request has a connect/read timeout *and* an overall deadline (a server that
drips one byte every few seconds never trips a read timeout), follows a
bounded number of redirects, and is streamed with a byte cap (a lying or
missing Content-Length does not matter). Only public addresses are
connected to unless ``allow_private`` (see :mod:`reader.articles.addresses`).
Every failure becomes an :class:`ImportRejected` with a sentence for the
user. ``httpx`` is imported on first use only.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from reader import __version__
from reader.articles.decode import DEFAULT_MAX_BYTES, decode_bytes, describe_size, too_big
from reader.articles.errors import ImportRejected
from reader.domain import Article

if TYPE_CHECKING:
    import httpx

DEFAULT_TIMEOUT = 15.0
MAX_REDIRECTS = 5
USER_AGENT = f"reader/{__version__} (terminal news reader)"
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
TEXT_TYPES = frozenset({"text/plain", "text/markdown"})
# "I don't know" types: the content decides (markup is read as a page, other
# text as text; binaries are refused by decoding).
SNIFF_TYPES = frozenset({"", "application/octet-stream"})


@dataclass(slots=True)
class Download:
    url: str  # after redirects
    status: int
    content: bytes
    content_type: str  # "text/html", lower case, no parameters ("" when absent)
    charset: str | None
    headers: dict[str, str] = field(default_factory=dict)


def make_client(timeout: float = DEFAULT_TIMEOUT, *, allow_private: bool = False) -> httpx.Client:
    """A client configured the one way this app talks HTTP; unless ``allow_private``,
    it connects to public addresses only (each redirect hop checked too)."""
    import httpx

    from reader.articles.addresses import public_only_transport, refuse_literal_private_host

    return httpx.Client(
        follow_redirects=True,
        max_redirects=MAX_REDIRECTS,
        timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
        headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"},
        transport=None if allow_private else public_only_transport(),
        event_hooks={} if allow_private else {"request": [refuse_literal_private_host]},
    )


def _http_error_message(status: int, reason: str) -> str:
    if status == 404:
        return "not found (HTTP 404)"
    if status == 410:
        return "gone (HTTP 410)"
    if status in (401, 403):
        return f"access denied (HTTP {status})"
    if status == 429:
        return "the server asks to slow down (HTTP 429)"
    if status >= 500:
        return f"the server failed (HTTP {status} {reason})".rstrip()
    return f"the server refused (HTTP {status} {reason})".rstrip()


def download(
    url: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    headers: dict[str, str] | None = None,
    client: httpx.Client | None = None,
    allowed_types: frozenset[str] | None = None,
    allow_private: bool = False,
) -> Download:
    """GET ``url`` within the limits; 304 is returned (for feeds), every other
    non-2xx status raises :class:`ImportRejected`, and so does a declared
    content type outside ``allowed_types`` -- before the body is read.
    ``allow_private`` applies when no ``client`` is given (a client carries its own)."""
    import httpx

    if not url.lower().startswith(("http://", "https://")):
        raise ImportRejected("only http:// and https:// addresses can be fetched", source=url)
    own_client = client is None
    active = make_client(timeout, allow_private=allow_private) if own_client else client
    deadline = time.monotonic() + timeout * 2
    try:
        with active.stream("GET", url, headers=headers or {}) as response:
            if response.status_code == 304:
                return Download(str(response.url), 304, b"", "", None, dict(response.headers))
            if response.status_code >= 400:
                raise ImportRejected(_http_error_message(response.status_code, response.reason_phrase), source=url)
            content_type, _, params = response.headers.get("content-type", "").partition(";")
            content_type = content_type.strip().lower()
            if allowed_types is not None and content_type and content_type not in allowed_types:
                raise ImportRejected(f"not a web page: the server sent {content_type} content", source=url)
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise ImportRejected(
                    f"too large: {describe_size(int(declared))}, more than the {describe_size(max_bytes)} limit",
                    source=url,
                )
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > max_bytes:
                    raise ImportRejected(too_big(max_bytes).reason, source=url)
                if time.monotonic() > deadline:
                    raise ImportRejected(f"timed out: the download took longer than {timeout * 2:g} s", source=url)
                chunks.append(chunk)
            charset = re.search(r"charset\s*=\s*[\"']?([\w.:\-]+)", params, re.I)
            return Download(
                url=str(response.url),
                status=response.status_code,
                content=b"".join(chunks),
                content_type=content_type,
                charset=charset.group(1).lower() if charset else None,
                headers=dict(response.headers),
            )
    except ImportRejected:
        raise
    except httpx.TooManyRedirects:
        raise ImportRejected(f"too many redirects (more than {MAX_REDIRECTS})", source=url) from None
    except httpx.TimeoutException:
        raise ImportRejected(f"timed out after {timeout:g} s", source=url) from None
    except httpx.ConnectError as exc:
        raise ImportRejected(f"could not connect: {exc}", source=url) from None
    except httpx.DecodingError:
        raise ImportRejected("the server sent a corrupt compressed response", source=url) from None
    except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
        raise ImportRejected(f"not a valid address: {exc}", source=url) from None
    except httpx.HTTPError as exc:
        raise ImportRejected(f"network error: {type(exc).__name__}: {exc}", source=url) from None
    finally:
        if own_client:
            active.close()


def fetch_url(
    url: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    client: httpx.Client | None = None,
    allow_private: bool = False,
) -> Article:
    """The article on a web page (HTML, or plain text served as such); only from a public
    address unless ``allow_private``."""
    from reader.articles.html import declared_charset, looks_like_html, parse_html
    from reader.articles.parse import parse_text

    readable = HTML_TYPES | TEXT_TYPES | SNIFF_TYPES
    page = download(url, timeout=timeout, max_bytes=max_bytes, client=client, allowed_types=readable,
                    allow_private=allow_private)
    kind = page.content_type
    # Markup served as text/plain (or untyped) is still markup: read it as a page,
    # as load_bytes does for an HTML file saved as .txt.
    if kind in HTML_TYPES or (kind in TEXT_TYPES | SNIFF_TYPES and looks_like_html(page.content)):
        text = decode_bytes(page.content, origin=url, declared=page.charset or declared_charset(page.content))
        article = parse_html(text, origin=url, url=page.url)
    elif kind in TEXT_TYPES | SNIFF_TYPES:  # binaries are refused by decoding
        text = decode_bytes(page.content, origin=url, declared=page.charset)
        article = parse_text(text, origin=url, fmt="md" if kind == "text/markdown" else "txt")
        article.url = article.url or page.url
    else:
        raise ImportRejected(f"not a web page: the server sent {kind} content", source=url)
    if page.url != url:
        article.meta["requested_url"] = url
    return article
