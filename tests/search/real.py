"""A real :class:`reader.library.Library` with a few known articles, using
the fake language pipeline, for the CLI, export and screen tests."""

from __future__ import annotations

from pathlib import Path

from reader.articles import article_id
from reader.domain import Article, Paragraph
from reader.library import Library

ANNOTATOR = "tests.search.fake_nlp:annotate"

POMPEO = (
    "WASHINGTON (Reuters) - U.S. Secretary of State Mike Pompeo on Wednesday reassured coalition "
    "partners that the withdrawal of U.S. troops from Syria was not the end of the fight.\n\n"
    "“The fight is one we will continue to wage alongside you,” Mike Pompeo said in opening remarks. "
    "“It simply represents a new stage in an old fight,” Pompeo added.\n\n"
    "Critics said the drawdown came too quickly."
)
TRADE = (
    "BEIJING (Reuters) - China and the United States resumed trade talks on Thursday.\n\n"
    "“We are making progress,” said Robert Lighthizer, the Trade Representative Robert Lighthizer. "
    "Soybean farmers in Iowa watched the talks closely."
)
BREXIT = (
    "LONDON (AP) - Prime Minister Theresa May faced another vote over Brexit.\n\n"
    "“We will deliver Brexit,” Theresa May said. Mike Pompeo was not mentioned in London."
)


def paragraphs(body: str) -> list[Paragraph]:
    out, start = [], 0
    for block in body.split("\n\n"):
        out.append(Paragraph(start, start + len(block)))
        start += len(block) + 2
    return out


def make_article(title: str, body: str, source: str, date: str, url: str | None = None) -> Article:
    return Article(article_id(body), title, body, source=source, date=date, url=url,
                   origin="test", paragraphs=paragraphs(body))


ARTICLES = [
    make_article("Pompeo tells coalition the fight is not over", POMPEO, "Reuters", "2019-02-06",
                 "https://example.org/pompeo?a=1&b=2"),
    make_article("U.S., China resume trade talks", TRADE, "Reuters", "2019-02-14"),
    make_article("May faces [another] *Brexit* vote", BREXIT, "AP", "2019-01-29"),
]
IDS = [a.id for a in ARTICLES]


def make_library(data_dir: Path) -> Library:
    lib = Library.open(data_dir, seed=False, annotator=ANNOTATOR)
    for a in ARTICLES:
        lib.add_article(a)
    return lib


def use_fake_pipeline(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Make every ``Library.open`` (the CLI's, the screens') use the fake
    pipeline and skip the sample articles, as :func:`make_library` does."""
    original = Library.open

    def open_(data_dir=None, *, seed=True, annotator=ANNOTATOR, progress=None):  # type: ignore[no-untyped-def]
        return original(data_dir, seed=False, annotator=ANNOTATOR, progress=progress)

    monkeypatch.setattr(Library, "open", staticmethod(open_))
