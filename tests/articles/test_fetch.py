from __future__ import annotations

import time

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from reader.articles import ImportRejected, fetch_url, iter_sources

PAGE = (
    "<!doctype html><html><head><meta charset='utf-8'><title>Port strike ends - Harbour News</title>"
    "<meta name='author' content='Sam Ortiz'><meta property='og:site_name' content='Harbour News'>"
    "<meta property='article:published_time' content='2023-09-14'></head><body>"
    "<header><a href='/'>Harbour News</a> <a href='/sport'>Sport</a></header><main><article><h1>Port strike ends</h1>"
    "<p>ROTTERDAM (Reuters) - Dock workers at Europe’s largest port ended a five-day strike on Thursday "
    "after unions reached a deal with employers, the union said.</p>"
    "<p>“This is a fair agreement,” said union leader Niels de Vries.</p>"
    "<p>Ships had queued for days outside the harbour, port authority spokeswoman Anna Bakker said.</p>"
    "</article></main><footer>Subscribe to our newsletter</footer></body></html>"
)


def test_fetch_page(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/news/strike").respond_with_data(PAGE, content_type="text/html; charset=utf-8")
    url = httpserver.url_for("/news/strike")
    article = fetch_url(url, allow_private=True)
    assert article.title == "Port strike ends"
    assert article.author == "Sam Ortiz"
    assert article.date == "2023-09-14"
    assert article.url == url and article.origin == url
    assert article.place == "Rotterdam" and article.source == "Reuters"
    assert article.meta["site"] == "Harbour News"
    assert "Subscribe to our newsletter" not in article.body
    assert "Europe’s largest port" in article.body


def test_fetch_sends_a_user_agent(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/ua", headers={"User-Agent": "reader/0.1.0 (terminal news reader)"}).respond_with_data(
        PAGE, content_type="text/html"
    )
    assert fetch_url(httpserver.url_for("/ua"), allow_private=True).title == "Port strike ends"


def test_charset_from_header(httpserver: HTTPServer) -> None:
    page = PAGE.replace("<meta charset='utf-8'>", "").replace("’", "'").replace("“", '"').replace("”", '"')
    page = page.replace("Niels de Vries", "Zoë Müller")
    httpserver.expect_request("/latin").respond_with_data(page.encode("latin-1"), content_type="text/html; charset=ISO-8859-1")
    assert "Zoë Müller" in fetch_url(httpserver.url_for("/latin"), allow_private=True).body


def test_redirects_are_followed_and_final_url_kept(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/old").respond_with_data("", status=301, headers={"Location": "/new"})
    httpserver.expect_request("/new").respond_with_data(PAGE, content_type="text/html")
    article = fetch_url(httpserver.url_for("/old"), allow_private=True)
    assert article.url == httpserver.url_for("/new")
    assert article.meta["requested_url"] == httpserver.url_for("/old")


def test_redirect_loop_is_rejected(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/loop").respond_with_data("", status=302, headers={"Location": "/loop"})
    with pytest.raises(ImportRejected, match="too many redirects"):
        fetch_url(httpserver.url_for("/loop"), allow_private=True)


def test_404(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/gone").respond_with_data("nope", status=404)
    with pytest.raises(ImportRejected, match=r"not found \(HTTP 404\)"):
        fetch_url(httpserver.url_for("/gone"), allow_private=True)


def test_500(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/boom").respond_with_data("oops", status=503)
    with pytest.raises(ImportRejected, match="HTTP 503"):
        fetch_url(httpserver.url_for("/boom"), allow_private=True)


@pytest.mark.parametrize("content_type", ["application/pdf", "image/png", "video/mp4", "application/json"])
def test_non_html_content_type(httpserver: HTTPServer, content_type: str) -> None:
    httpserver.expect_request("/file").respond_with_data(b"%PDF-1.4 binary", content_type=content_type)
    with pytest.raises(ImportRejected, match=f"not a web page.*{content_type}"):
        fetch_url(httpserver.url_for("/file"), allow_private=True)


def test_plain_text_page_is_parsed_like_a_file(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/a.txt").respond_with_data(
        "date 2020-05-05 OSLO (NTB) - Snow fell in May.", content_type="text/plain; charset=utf-8"
    )
    article = fetch_url(httpserver.url_for("/a.txt"), allow_private=True)
    assert (article.date, article.place, article.source) == ("2020-05-05", "Oslo", "NTB")
    assert article.url == httpserver.url_for("/a.txt")


def test_garbage_bytes_as_html(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/garbage").respond_with_data(bytes(range(256)) * 64, content_type="text/html")
    with pytest.raises(ImportRejected, match="binary"):
        fetch_url(httpserver.url_for("/garbage"), allow_private=True)


def test_declared_huge_response_rejected_without_download(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/huge").respond_with_data(b"x" * 200_000, content_type="text/html")
    with pytest.raises(ImportRejected, match="too large"):
        fetch_url(httpserver.url_for("/huge"), allow_private=True, max_bytes=100_000)


def test_undeclared_huge_stream_is_capped(httpserver: HTTPServer) -> None:
    sent = []

    def endless(request: Request) -> Response:
        def chunks():  # type: ignore[no-untyped-def]
            for _ in range(10_000):  # 160 MB if nobody stops reading
                sent.append(1)
                yield b"<p>" + b"x" * 16_000 + b"</p>"

        return Response(chunks(), content_type="text/html")  # no Content-Length

    httpserver.expect_request("/stream").respond_with_handler(endless)
    with pytest.raises(ImportRejected, match="too large"):
        fetch_url(httpserver.url_for("/stream"), allow_private=True, max_bytes=200_000)
    assert len(sent) < 10_000


def test_slow_response_times_out(threaded_server: HTTPServer) -> None:
    def slow(request: Request) -> Response:
        time.sleep(1.5)
        return Response(PAGE, content_type="text/html")

    threaded_server.expect_request("/slow").respond_with_handler(slow)
    with pytest.raises(ImportRejected, match="timed out"):
        fetch_url(threaded_server.url_for("/slow"), allow_private=True, timeout=0.3)


def test_connection_refused() -> None:
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(ImportRejected, match="could not connect"):
        fetch_url(f"http://127.0.0.1:{port}/", allow_private=True, timeout=2)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.com/a", "javascript:alert(1)"])
def test_only_http(url: str) -> None:
    with pytest.raises(ImportRejected, match="only http"):
        fetch_url(url)


def test_escape_sequences_in_page_are_removed(httpserver: HTTPServer) -> None:
    page = PAGE.replace("Dock workers", "Dock \x1b]52;c;cm0gLXJmIH4=\x07workers \x1b[2J")
    httpserver.expect_request("/evil").respond_with_data(page, content_type="text/html")
    article = fetch_url(httpserver.url_for("/evil"), allow_private=True)
    assert "\x1b" not in article.body and "\x07" not in article.body
    assert "Dock workers" in article.body


def test_iter_sources_with_urls(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/ok").respond_with_data(PAGE, content_type="text/html")
    httpserver.expect_request("/missing").respond_with_data("", status=404)
    items = list(iter_sources([httpserver.url_for("/ok"), httpserver.url_for("/missing")], allow_private=True))
    assert items[0].article is not None and items[0].article.title == "Port strike ends"
    assert items[1].article is None and "404" in (items[1].error or "")


def test_non_html_is_refused_before_the_body_is_read(httpserver: HTTPServer) -> None:
    sent = []

    def pdf(request: Request) -> Response:
        def chunks():  # type: ignore[no-untyped-def]
            for _ in range(1000):
                sent.append(1)
                yield b"%PDF" + b"x" * 16_000

        return Response(chunks(), content_type="application/pdf")

    httpserver.expect_request("/doc.pdf").respond_with_handler(pdf)
    with pytest.raises(ImportRejected, match="application/pdf"):
        fetch_url(httpserver.url_for("/doc.pdf"), allow_private=True)
    assert len(sent) < 1000


def test_slow_drip_hits_the_overall_deadline(threaded_server: HTTPServer) -> None:
    def drip(request: Request) -> Response:
        def chunks():  # type: ignore[no-untyped-def]
            yield b"<html><body><p>"
            for _ in range(20):  # each gap is shorter than the read timeout
                time.sleep(0.1)
                yield b"word " * 10

        return Response(chunks(), content_type="text/html")

    threaded_server.expect_request("/drip").respond_with_handler(drip)
    with pytest.raises(ImportRejected, match="timed out"):
        fetch_url(threaded_server.url_for("/drip"), allow_private=True, timeout=0.3)


def test_gzip_bomb_is_capped_after_decompression(httpserver: HTTPServer) -> None:
    import gzip

    bomb = gzip.compress(b"<p>" + b"a" * 20_000_000, compresslevel=9)
    assert len(bomb) < 100_000
    httpserver.expect_request("/bomb").respond_with_data(bomb, content_type="text/html", headers={"Content-Encoding": "gzip"})
    with pytest.raises(ImportRejected, match="too large"):
        fetch_url(httpserver.url_for("/bomb"), allow_private=True, max_bytes=1_000_000)


def untyped(body: bytes) -> Response:
    response = Response(body)
    del response.headers["Content-Type"]
    return response


def test_page_without_content_type_is_sniffed(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/untyped").respond_with_response(untyped(PAGE.encode()))
    httpserver.expect_request("/untyped.txt").respond_with_response(untyped(b"Plain words on a page, typed by nobody."))
    httpserver.expect_request("/as-text").respond_with_data(PAGE, content_type="text/plain")
    assert fetch_url(httpserver.url_for("/untyped"), allow_private=True).title == "Port strike ends"
    assert fetch_url(httpserver.url_for("/untyped.txt"), allow_private=True).body == "Plain words on a page, typed by nobody."
    assert fetch_url(httpserver.url_for("/as-text"), allow_private=True).title == "Port strike ends"


def test_octet_stream_is_sniffed(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/page").respond_with_data(PAGE, content_type="application/octet-stream")
    httpserver.expect_request("/blob").respond_with_data(b"\x89PNG\r\n\x1a\n\x00\x00", content_type="application/octet-stream")
    assert fetch_url(httpserver.url_for("/page"), allow_private=True).title == "Port strike ends"
    with pytest.raises(ImportRejected, match="PNG"):
        fetch_url(httpserver.url_for("/blob"), allow_private=True)
