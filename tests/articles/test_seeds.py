"""The sample articles shipped in seeds/ are what a new user sees first."""

from __future__ import annotations

import re

import pytest

from reader.articles import iter_sources, load_path
from reader.paths import seeds_dir

SEEDS = sorted(p for p in seeds_dir().iterdir() if p.suffix in (".txt", ".md"))


def test_there_are_several_seeds() -> None:
    assert len(SEEDS) >= 5
    assert any(p.suffix == ".md" for p in SEEDS)


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name)
def test_seed_is_a_complete_article(path) -> None:  # type: ignore[no-untyped-def]
    (article,) = load_path(path)
    words = len(article.body.split())
    assert 300 <= words <= 700
    assert article.place and article.source, "every seed has a dateline"
    assert "dateline" in article.meta
    assert len(re.findall(r"“", article.body)) >= 4, "several direct quotes"
    assert re.search(r"\b(?:he|she) (?:said|told|added)\b|” (?:he|she) said", article.body)
    assert re.search(r"\bsaid [A-Z][a-z]+", article.body) or re.search(r", said [a-z]", article.body)
    assert 10 <= len(article.title) <= 101


def test_seed_ids_are_distinct_and_stable() -> None:
    ids = [a.id for p in SEEDS for a in load_path(p)]
    assert len(set(ids)) == len(ids)
    assert ids == [a.id for p in SEEDS for a in load_path(p)]


def test_seed_features() -> None:
    articles = {p.name: load_path(p)[0] for p in SEEDS}
    assert any(a.title and "Rotterdam" in a.title for a in articles.values())  # title metadata line
    multi = articles["003_berlin_rail.txt"]
    paragraphs = [multi.body[p.start : p.end] for p in multi.paragraphs]
    opening = next(i for i, p in enumerate(paragraphs) if p.startswith("“For too long"))
    assert "”" not in paragraphs[opening] and paragraphs[opening + 1].startswith("“")  # multi-paragraph quote
    assert "“a repair programme dressed up as a revolution”" in multi.body  # partial quote
    assert sum(p.kind == "caption" for a in articles.values() for p in a.paragraphs) >= 3


def test_folder_import_of_seeds() -> None:
    items = list(iter_sources([str(seeds_dir())]))
    assert len([i for i in items if i.article]) == len(SEEDS)
