"""Invariants of parse_text on arbitrary (hostile) input."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.articles import ImportRejected, article_id, parse_text
from reader.articles.parse import take_lead_metadata

PIECES = st.sampled_from(
    [
        "date 2019-02-06 ", "title Hello\n", "WASHINGTON (Reuters) - ", "\n\n", "\n", " ", "“", "”", "\"",
        "REUTERS/Kevin Lamarque", "(AP Photo/X)", "Pompeo said.", "\x1b[31m", "\x1b]52;c;AAAA\x07", "\x00",
        "\r\n", "\u202e", "[bold]", "# ", "---\n", "U.S. ", "Mr. ", "é", "e\u0301", "\t",
        "**", "*", "[link](https://x.org)", "- ", "> ", "1. ", "`", "By Morag Stewart, 14 September 2024\n\n",
    ]
)
TEXTS = st.one_of(st.text(max_size=300), st.lists(st.one_of(PIECES, st.text(max_size=12)), max_size=40).map("".join))


@settings(max_examples=300, deadline=None)
@given(TEXTS, st.sampled_from(["txt", "md"]))
def test_parse_text_invariants(text: str, fmt: str) -> None:
    try:
        article = parse_text(text, fmt=fmt)
    except ImportRejected as exc:
        assert "empty" in str(exc)
        return
    body = article.body
    assert body and body == body.strip()
    assert not any((ord(c) < 32 and c not in "\t\n") or 0x7F <= ord(c) <= 0x9F for c in body)
    assert "\n\n\n" not in body
    assert article.paragraphs[0].start == 0 and article.paragraphs[-1].end == len(body)
    for p in article.paragraphs:
        assert 0 <= p.start < p.end <= len(body) and p.kind in ("body", "caption", "heading", "blockquote", "item", "code")
        assert "\n" not in body[p.start : p.end]
    assert article.id == article_id(body) and len(article.id) == 16
    assert article.title and "\n" not in article.title and len(article.title) <= 300
    assert article.date is None or len(article.date) == 10
    if "dateline" in article.meta:
        assert body.startswith(article.meta["dateline"])
    # re-importing an exported body gives the same article (unless the body
    # itself starts like a metadata line, which only a repeated key produces)
    for span in article.inline:
        assert 0 <= span.start < span.end <= len(body)
    # re-importing an exported body gives the same article (unless the body
    # itself starts like a metadata line, which only a repeated key produces,
    # or opens with what reads as a headline, byline or date line)
    paragraphs = [("body", body[p.start : p.end], []) for p in article.paragraphs]
    opens_like_metadata = take_lead_metadata(paragraphs, {}) != paragraphs
    if not opens_like_metadata and not body.lower().startswith(("date", "title", "source", "url", "author", "place", "#", "---")):
        assert parse_text(body).id == article.id


@settings(max_examples=150, deadline=None)
@given(
    st.one_of(
        st.binary(max_size=2000),
        TEXTS.map(lambda t: t.encode("utf-8", "surrogatepass")),
        st.builds(lambda t: f"<html><body><p>{t}</p>".encode("utf-8", "surrogatepass"), TEXTS),
        st.builds(lambda t: ('[{"title": "x", "text": ' + repr(t) + "}]").encode("utf-8", "surrogatepass"), TEXTS),
    ),
    st.sampled_from([".txt", ".md", ".html", ".json", ".jsonl", ""]),
)
def test_load_bytes_fails_only_with_import_rejected(data: bytes, suffix: str) -> None:
    from reader.articles import load_bytes

    try:
        articles = load_bytes(data, origin="fuzz", suffix=suffix)
    except ImportRejected as exc:
        assert str(exc) and "\x1b" not in str(exc)
        return
    for article in articles:
        assert article.body and article.id == article_id(article.body)
        assert not any(ord(c) < 32 and c not in "\t\n" for c in article.body + article.title)
