"""Known articles with hand-written annotations in a real library, so ranking,
filters and snippets are tested against exactly what the index holds."""

from __future__ import annotations

from pathlib import Path

from reader.domain import Annotation, Article, Figure, Quote
from reader.library import ImportReport, Library

ANNOTATOR = "tests.search.fake_nlp:annotate"
MODEL = "search-fake-1"  # tests.search.fake_nlp.MODEL_VERSION: stored annotations are used as they are


def article(aid: str, title: str, body: str, source: str = "Reuters", date: str = "2019-02-06") -> Article:
    return Article(id=aid, title=title, body=body, source=source, date=date)


def annotated(body: str, people: dict[str, str | None], quotes: list[tuple[str, str | None]]) -> Annotation:
    figures = []
    for name, role in people.items():
        last = name.split()[-1]
        mentions = []
        at = body.find(last)
        while at != -1:
            mentions.append((at, at + len(last)))
            at = body.find(last, at + 1)
        figures.append(Figure(name, role, mentions))
    qs = []
    for text, speaker in quotes:
        at = body.index(text)
        qs.append(Quote(at, at + len(text), text, speaker))
    return Annotation([], figures, qs)


POMPEO_BODY = (
    "WASHINGTON (Reuters) - U.S. Secretary of State Mike Pompeo on Wednesday reassured coalition partners "
    "that the withdrawal of U.S. troops from Syria was not “the end of America’s fight”.\n\n"
    "“The fight is one we will continue to wage alongside you,” Pompeo said in opening remarks."
)
TRADE_BODY = (
    "BEIJING (Reuters) - China and the United States resumed trade talks on Thursday. "
    "“We are making progress,” said Robert Lighthizer, the U.S. Trade Representative. "
    "Soybean farmers in Iowa watched the talks closely."
)
ELECTION_BODY = (
    "LONDON (AP) - Prime Minister Theresa May faced another vote in parliament over Brexit. "
    "“We will deliver Brexit,” May said. Pompeo was not mentioned by anyone in London, "
    "though Syria came up once."
)


def store(lib: Library, article: Article, annotation: Annotation | None = None) -> None:
    """Store ``article`` with exactly ``annotation`` (as an import would, minus the pipeline)."""
    lib._store_batch([(article, MODEL, (annotation or Annotation()).to_dict())], ImportReport(), False)


def sample_library(data_dir: Path) -> Library:
    lib = Library.open(data_dir, seed=False, annotator=ANNOTATOR)
    store(
        lib,
        article("art1", "Pompeo tells coalition U.S. fight against Islamic State not over", POMPEO_BODY),
        annotated(POMPEO_BODY, {"Mike Pompeo": "Secretary of State"},
                  [("“the end of America’s fight”", None),
                   ("“The fight is one we will continue to wage alongside you,”", "Mike Pompeo")]),
    )
    store(
        lib,
        article("art2", "U.S., China resume trade talks", TRADE_BODY, date="2019-02-14"),
        annotated(TRADE_BODY, {"Robert Lighthizer": "Trade Representative"},
                  [("“We are making progress,”", "Robert Lighthizer")]),
    )
    store(
        lib,
        article("art3", "May faces Brexit vote", ELECTION_BODY, source="AP", date="2019-01-29"),
        annotated(ELECTION_BODY, {"Theresa May": "Prime Minister", "Pompeo": None},
                  [("“We will deliver Brexit,”", "Theresa May")]),
    )
    return lib
