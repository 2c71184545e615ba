"""Markdown articles (issue 14, item 4) and the metadata lines that open
plain-text and Markdown articles (item 5)."""

from __future__ import annotations

import pytest

from reader.articles import parse_text
from reader.articles.blocks import collapse
from reader.articles.parse import read_byline, read_date_line
from reader.domain import InlineSpan

MARKDOWN = """---
date: 2024-09-14
---
# Skye ferry returns

PORTREE, Scotland — The **ferry** to Skye returned on *Tuesday*, the [operator](https://calmac.example/news) said.

## What next

- Timetables from **Monday**
- Refunds by [email](mailto:help@calmac.example)

> “We are glad,” said Morag Stewart.

1. one
2. two

A line with `code`, <b>raw html</b> and ![a photo](https://x.example/p.jpg) inside.
"""


def spans(article) -> list[tuple[str, str, str | None]]:
    return [(article.body[s.start : s.end], s.kind, s.target) for s in article.inline]


def test_markdown_gives_paragraphs_headings_items_and_spans() -> None:
    article = parse_text(MARKDOWN, fmt="md")
    assert article.title == "Skye ferry returns"
    assert article.date == "2024-09-14"
    assert article.place == "Portree, Scotland"  # the dateline of the first paragraph
    texts = [(p.kind, article.body[p.start : p.end]) for p in article.paragraphs]
    assert texts == [
        ("body", "PORTREE, Scotland — The ferry to Skye returned on Tuesday, the operator said."),
        ("heading", "What next"),
        ("item", "• Timetables from Monday"),
        ("item", "• Refunds by email"),
        ("blockquote", "“We are glad,” said Morag Stewart."),
        ("item", "1. one"),
        ("item", "2. two"),
        ("body", "A line with code, raw html and inside."),
    ]
    assert spans(article) == [
        ("ferry", "strong", None),
        ("Tuesday", "emphasis", None),
        ("operator", "link", "https://calmac.example/news"),
        ("Monday", "strong", None),
        ("email", "link", "mailto:help@calmac.example"),
        ("code", "code", None),
    ]
    assert [link.target for link in article.links] == ["https://calmac.example/news", "mailto:help@calmac.example"]
    assert "**" not in article.body and "](" not in article.body and "<b>" not in article.body


def test_unsafe_link_targets_keep_their_text_only() -> None:
    article = parse_text("Click [there](/relative) or [mail](mailto:a@b.c) now.", fmt="md")
    assert article.body == "Click there or mail now."
    assert spans(article) == [("mail", "link", "mailto:a@b.c")]
    # markdown-it refuses javascript: links outright: the text stays as written
    article = parse_text("Click [here](javascript:alert(1)) now.", fmt="md")
    assert article.inline == []


def test_markdown_offsets_survive_storage(tmp_path) -> None:
    from reader.library import Library

    article = parse_text(MARKDOWN, fmt="md")
    library = Library.open(tmp_path / "lib", seed=False, annotator="tests.library.fake_nlp:annotate")
    library.add_article(article)
    again = Library.open(tmp_path / "lib", seed=False, annotator="tests.library.fake_nlp:annotate").get(article.id)
    assert again.inline == article.inline and again.paragraphs == article.paragraphs


def test_plain_articles_store_no_inline_spans(tmp_path) -> None:
    from reader.library import Library

    library = Library.open(tmp_path / "lib", seed=False, annotator="tests.library.fake_nlp:annotate")
    article_id, _ = library.add_article(parse_text("Just text here, nothing else."))
    assert library.db.one("SELECT count(*) FROM bodies WHERE inline IS NOT NULL")[0] == 0
    assert library.get(article_id).inline == []


def test_collapse_moves_spans_with_their_characters() -> None:
    text = "  The  \n ferry   to Skye  "
    start = text.index("ferry")
    link = text.index("to")
    result, moved = collapse(text, [InlineSpan(start, start + 5, "strong"), InlineSpan(link - 2, len(text), "link", "https://x")])
    assert result == "The ferry to Skye"
    assert [(result[s.start : s.end], s.kind) for s in moved] == [("ferry", "strong"), ("to Skye", "link")]


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("https://example.com/a", True),
        ("http://example.com", True),
        ("mailto:a@b.c", True),
        ("javascript:alert(1)", False),
        ("data:text/html,x", False),
        ("/relative", False),
        ("https://example.com/\x1b[31m", False),
        ("https://exa mple.com", False),
    ],
)
def test_safe_link(url: str, kept: bool) -> None:
    from reader.weblinks import safe_link

    assert (safe_link(url) is not None) is kept


# ------------------------------------------------------------- item 5


STORY = """Ferry returns to Skye after a week of storms

By Morag Stewart, 14 September 2024

PORTREE, Scotland — The ferry to Skye returned on Tuesday after a week of storms, the operator said.

“We are glad,” said Angus MacLeod, a councillor.
"""


@pytest.mark.parametrize("fmt", ["txt", "md"])
def test_headline_byline_and_dateline(fmt: str) -> None:
    article = parse_text(STORY, fmt=fmt)
    assert article.title == "Ferry returns to Skye after a week of storms"
    assert article.author == "Morag Stewart"
    assert article.date == "2024-09-14"
    assert article.place == "Portree, Scotland"
    assert article.body.startswith("PORTREE, Scotland — The ferry")
    assert "By Morag" not in article.body and "week of storms\n" not in article.body


def test_headline_repeated_after_front_matter_is_dropped() -> None:
    text = "---\ntitle: Ferry returns\nauthor: Morag Stewart\n---\nFerry returns\n\nThe ferry came back on Tuesday, the operator said."
    article = parse_text(text, fmt="md")
    assert article.title == "Ferry returns"
    assert article.body == "The ferry came back on Tuesday, the operator said."


def test_title_line_repeated_as_first_paragraph_is_dropped() -> None:
    article = parse_text("title Ferry returns\n\nFerry returns\n\nThe ferry came back on Tuesday.")
    assert article.body == "The ferry came back on Tuesday."


def test_date_line_alone() -> None:
    article = parse_text("Ferry returns to Skye\n\nPublished: 14 September 2024\n\nThe ferry came back on Tuesday, the operator said.")
    assert article.date == "2024-09-14"
    assert article.body == "The ferry came back on Tuesday, the operator said."


@pytest.mark.parametrize(
    "text",
    [
        "By the time the ferry came back, the island had run out of bread and milk.",
        "Rain.",  # one word: not a headline
        "“We are glad,” said Morag Stewart",  # opens with a quote mark
        "The ferry to Skye returned on Tuesday after storms.",  # a sentence
    ],
)
def test_body_openings_that_are_not_metadata(text: str) -> None:
    article = parse_text(f"{text}\n\nA second paragraph that is long enough to be the body of the article here.")
    assert article.body.startswith(text)


@pytest.mark.parametrize(
    ("line", "author", "date"),
    [
        ("By Morag Stewart, 14 September 2024", "Morag Stewart", "2024-09-14"),
        ("By Morag Stewart", "Morag Stewart", None),
        ("BY Morag Stewart | Reuters", "Morag Stewart, Reuters", None),
        ("By Jo Lee and Sam Park, September 14, 2024", "Jo Lee and Sam Park", "2024-09-14"),
        ("By Ana de la Cruz — 2024-09-14", "Ana de la Cruz", "2024-09-14"),
    ],
)
def test_bylines(line: str, author: str, date: str | None) -> None:
    byline = read_byline(line)
    assert byline is not None and (byline.author, byline.date) == (author, date)


@pytest.mark.parametrize("line", ["By the way, nothing happened.", "By Tuesday the ferry had gone back to the mainland.", "Bypass closed"])
def test_not_bylines(line: str) -> None:
    assert read_byline(line) is None


def test_date_lines() -> None:
    assert read_date_line("14 September 2024") == "2024-09-14"
    assert read_date_line("Updated on: 2024-09-14.") == "2024-09-14"
    assert read_date_line("September was wet") is None


# ------------------------------------------------------------- HTML, the same shape

PAGE = """<!doctype html><html><head><title>Ferry returns to Skye</title></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Ferry returns to Skye</h1>
<p>PORTREE, Scotland — The <b>ferry</b> to <a href="https://example.com/skye">Skye</a> returned on <em>Tuesday</em> after storms, the <a href="https://calmac.example/">operator</a> said.</p>
<h2>What happens next</h2>
<p>“We are glad,” said Morag Stewart, a <i>local</i> councillor. More at <a href="javascript:alert(1)">this</a> link.</p>
<ul><li>First point about the ferry service and its timetable.</li><li>Second point, with <a href="/rel/path">a relative link</a>.</li></ul>
<blockquote><p>A quoted passage from somewhere else entirely.</p></blockquote>
<p>Last paragraph of the article with enough words to count as text here.</p>
</article><footer>Copyright</footer></body></html>"""


def test_html_keeps_headings_items_emphasis_and_links() -> None:
    from reader.articles.html import parse_html

    article = parse_html(PAGE, url="https://news.example/skye/ferry")
    assert article.title == "Ferry returns to Skye"
    assert article.place == "Portree, Scotland"
    assert [p.kind for p in article.paragraphs] == ["body", "heading", "body", "item", "item", "blockquote", "body"]
    assert spans(article) == [
        ("ferry", "strong", None),
        ("Skye", "link", "https://example.com/skye"),
        ("Tuesday", "emphasis", None),
        ("operator", "link", "https://calmac.example/"),
        ("local", "emphasis", None),
        ("a relative link", "link", "https://news.example/rel/path"),  # made absolute; javascript: dropped
    ]
    assert "Home" not in article.body  # the menu is still boilerplate
