"""The article index: snapshot + append-only log, refresh across processes, rebuild."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.domain import ArticleSummary
from reader.library import Library
from reader.store import index as index_module
from reader.store.index import ArticleIndex
from reader.store.lock import StoreLock
from tests.library.helpers import FAKE_ANNOTATOR, make_article


def _summary(n: int) -> ArticleSummary:
    return ArticleSummary(f"id{n:08d}", f"Title {n}", "AP", None, "2020-01-01", 100, 2, 1, ["Ann Lee"], float(n))


def _index(folder: Path) -> ArticleIndex:
    index = ArticleIndex(folder, StoreLock(folder))
    index.load()
    return index


def test_appends_then_reloads(tmp_path: Path) -> None:
    index = _index(tmp_path)
    with index.lock.held():
        assert index.apply(upserts=[_summary(1), _summary(2)]) == {"id00000001", "id00000002"}
        index.apply(deletes=["id00000001"])
    assert not (tmp_path / "index.json").exists()  # small changes only append to the log
    again = _index(tmp_path)
    assert list(again.summaries) == ["id00000002"]
    assert again.summaries["id00000002"] == _summary(2)
    assert "ann lee" in again.haystacks["id00000002"]


def test_refresh_reads_only_the_new_tail(tmp_path: Path) -> None:
    writer, reader = _index(tmp_path), _index(tmp_path)
    with writer.lock.held():
        writer.apply(upserts=[_summary(1)])
    assert reader.refresh() == {"id00000001"}
    assert reader.refresh() == set()
    with writer.lock.held():
        writer.apply(upserts=[_summary(2)])
        writer.compact()
    assert reader.refresh() is None  # snapshot changed: full reload
    assert set(reader.summaries) == {"id00000001", "id00000002"}


def test_torn_last_line_is_ignored_and_dropped_on_next_append(tmp_path: Path) -> None:
    index = _index(tmp_path)
    with index.lock.held():
        index.apply(upserts=[_summary(1)])
    with open(tmp_path / "index.log", "ab") as log:
        log.write(b'["set", ["id00000009", "Tit')  # a crash mid-append
    again = _index(tmp_path)
    assert list(again.summaries) == ["id00000001"]
    with again.lock.held():
        again.apply(upserts=[_summary(2)])
    lines = (tmp_path / "index.log").read_bytes().splitlines()
    assert [json.loads(line)[1][0] for line in lines] == ["id00000001", "id00000002"]
    assert set(_index(tmp_path).summaries) == {"id00000001", "id00000002"}


def test_compaction_happens_on_a_long_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index_module, "MIN_COMPACT", 5)
    index = _index(tmp_path)
    with index.lock.held():
        for n in range(8):
            index.apply(upserts=[_summary(n)])
    assert (tmp_path / "index.json").exists()
    assert len((tmp_path / "index.log").read_bytes().splitlines()) < 5
    assert len(_index(tmp_path).summaries) == 8


def test_replaying_a_log_already_in_the_snapshot_is_harmless(tmp_path: Path) -> None:
    index = _index(tmp_path)
    with index.lock.held():
        index.apply(upserts=[_summary(1), _summary(2)])
        index.apply(deletes=["id00000001"])
        log = (tmp_path / "index.log").read_bytes()
        index.compact()
    (tmp_path / "index.log").write_bytes(log)  # crash between snapshot and log reset
    assert list(_index(tmp_path).summaries) == ["id00000002"]


def test_damaged_index_is_rebuilt_from_article_files(tmp_path: Path) -> None:
    library = Library.open(tmp_path, seed=False, annotator=FAKE_ANNOTATOR)
    articles = [make_article(n) for n in range(5)]
    library.add_many(articles, workers=1)
    with library._lock.held():
        library.index.compact()
    (tmp_path / "index.json").write_text('{"schema": 1, "rows": [[')
    reopened = Library.open(tmp_path, seed=False, annotator=FAKE_ANNOTATOR)
    assert any("rebuilt" in w for w in reopened.warnings)
    assert {s.id for s in reopened.summaries()} == {a.id for a in articles}
    assert all(s.quotes == 1 for s in reopened.summaries())


def test_fast_load_path_matches_the_row_helpers(tmp_path: Path) -> None:
    from reader.store.index import haystack_of

    index = _index(tmp_path)
    with index.lock.held():
        index.apply(upserts=[_summary(n) for n in range(3)])
        index.compact()
    again = _index(tmp_path)
    assert again.summaries == {s.id: s for s in (_summary(n) for n in range(3))}
    assert all(again.haystacks[i] == haystack_of(s) for i, s in again.summaries.items())


def test_any_sequence_of_changes_reloads_to_the_same_index(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Model check: whatever mix of adds, deletes, compactions and crashed appends happens,
    a fresh load, and a second copy following along with refresh(), equal the model."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    op = st.one_of(
        st.tuples(st.just("set"), st.lists(st.integers(0, 30), min_size=1, max_size=4)),
        st.tuples(st.just("del"), st.lists(st.integers(0, 30), min_size=1, max_size=3)),
        st.tuples(st.just("compact"), st.just([])),
        st.tuples(st.just("torn"), st.just([])),
    )

    @settings(max_examples=60, deadline=None)
    @given(st.lists(op, max_size=25))
    def check(ops: list[tuple[str, list[int]]]) -> None:
        folder = tmp_path_factory.mktemp("idx")
        writer, follower = _index(folder), _index(folder)
        model: dict[str, ArticleSummary] = {}
        for kind, numbers in ops:
            with writer.lock.held():
                writer.refresh()
                if kind == "set":
                    rows = [_summary(n) for n in numbers]
                    writer.apply(upserts=rows)
                    model.update((r.id, r) for r in rows)
                elif kind == "del":
                    ids = [f"id{n:08d}" for n in numbers]
                    writer.apply(deletes=ids)
                    for i in ids:
                        model.pop(i, None)
                elif kind == "compact":
                    writer.compact()
                else:
                    with open(folder / "index.log", "ab") as log:
                        log.write(b'["set", ["id0000')
            follower.refresh()
            assert follower.summaries == model
        assert _index(folder).summaries == model

    check()


def test_url_map_follows_changes_here_and_in_another_process(tmp_path: Path) -> None:
    from dataclasses import replace

    index, other = _index(tmp_path), _index(tmp_path)
    first = replace(_summary(1), url="https://Example.com/story/?utm_medium=feed")
    with index.lock.held():
        index.apply(upserts=[first])
    assert index.id_for_url("https://example.com/story#top") == first.id  # builds the map
    second = replace(_summary(2), url="https://example.com/other")
    with index.lock.held():
        index.apply(upserts=[second])  # kept up to date once built
    assert index.id_for_url("https://example.com/other/") == second.id
    other.refresh()
    assert other.id_for_url("https://example.com/story") == first.id
    with other.lock.held():
        other.apply(deletes=[first.id])
    index.refresh()
    assert index.id_for_url("https://example.com/story") is None
    assert index.id_for_url(None) is None and index.id_for_url("https://example.com/nope") is None
