"""The synthetic library generator used by the scale benchmarks."""

from __future__ import annotations

import statistics
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def gen(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.syspath_prepend(str(REPO / "tools"))
    import gen_library

    return gen_library


def test_articles_look_like_news(gen) -> None:  # type: ignore[no-untyped-def]
    articles = list(gen.generate_articles(200, seed=3))
    words = [a.word_count for a in articles]
    assert 300 <= statistics.median(words) <= 900 and min(words) >= 80 and max(words) <= 2700
    assert len({a.id for a in articles}) == 200
    assert list(gen.generate_articles(3, seed=3)) == articles[:3]  # reproducible
    first = articles[0]
    assert first.body[first.paragraphs[1].start:first.paragraphs[1].end] == first.body.split("\n\n")[1]
    annotation = gen.quick_annotate(first.body)
    assert annotation.quotes and annotation.figures
    assert all(first.body[q.start:q.end] == q.text for q in annotation.quotes)


def test_fixed_length(gen) -> None:  # type: ignore[no-untyped-def]
    assert all(950 <= a.word_count <= 1100 for a in gen.generate_articles(20, words=1000))


def test_files_import_with_the_real_loader(gen, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from reader.articles import load_path

    gen.write_files(tmp_path, 5, seed=2)
    files = sorted(tmp_path.rglob("*.txt"))
    assert len(files) == 5
    article = load_path(files[0])[0]
    assert article.date and article.source and "“" in article.body


def test_build_library(gen, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from reader.library import Library

    gen.build_library(tmp_path / "lib", 30, workers=1)
    library = Library.open(tmp_path / "lib", seed=False)
    rows = library.summaries()
    assert len(rows) == 30 and all(r.quotes > 0 and r.people for r in rows)
