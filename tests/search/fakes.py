"""A small in-memory stand-in for ``reader.library.Library`` with just what
the search layer reads, so the index is tested without storage."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from reader.domain import Annotation, Article, ArticleSummary, Bookmark, Figure, Note, Quote


@dataclass
class FakeLibrary:
    data_dir: Path
    articles: dict[str, Article] = field(default_factory=dict)
    annotations: dict[str, Annotation] = field(default_factory=dict)
    note_list: list[Note] = field(default_factory=list)
    bookmark_list: list[Bookmark] = field(default_factory=list)
    gets: int = 0

    def add(self, article: Article, annotation: Annotation | None = None) -> None:
        self.articles[article.id] = article
        self.annotations[article.id] = annotation or Annotation()

    def delete(self, article_id: str) -> None:
        del self.articles[article_id]

    def summaries(self) -> list[ArticleSummary]:
        out = []
        for a in self.articles.values():
            ann = self.annotations[a.id]
            out.append(
                ArticleSummary(a.id, a.title, a.source, a.place, a.date, a.word_count, len(ann.quotes),
                               len(ann.figures), [f.name for f in ann.figures])
            )
        return out

    def get(self, article_id: str) -> Article:
        self.gets += 1
        return self.articles[article_id]

    def annotation(self, article_id: str) -> Annotation:
        return self.annotations[article_id]

    def notes(self, article_id: str | None = None) -> list[Note]:
        return [n for n in self.note_list if article_id in (None, n.article_id)]

    def bookmarks(self, article_id: str | None = None) -> list[Bookmark]:
        return [b for b in self.bookmark_list if article_id in (None, b.article_id)]


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


def sample_library(data_dir: Path) -> FakeLibrary:
    lib = FakeLibrary(data_dir)
    lib.add(
        article("a1", "Pompeo tells coalition U.S. fight against Islamic State not over", POMPEO_BODY),
        annotated(POMPEO_BODY, {"Mike Pompeo": "Secretary of State"},
                  [("“the end of America’s fight”", None),
                   ("“The fight is one we will continue to wage alongside you,”", "Mike Pompeo")]),
    )
    lib.add(
        article("a2", "U.S., China resume trade talks", TRADE_BODY, date="2019-02-14"),
        annotated(TRADE_BODY, {"Robert Lighthizer": "Trade Representative"},
                  [("“We are making progress,”", "Robert Lighthizer")]),
    )
    lib.add(
        article("a3", "May faces Brexit vote", ELECTION_BODY, source="AP", date="2019-01-29"),
        annotated(ELECTION_BODY, {"Theresa May": "Prime Minister", "Pompeo": None},
                  [("“We will deliver Brexit,”", "Theresa May")]),
    )
    return lib
