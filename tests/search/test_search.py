from __future__ import annotations

from pathlib import Path

from reader.domain import Anchor, Bookmark, Note
from reader.search import figure_stats, forget_indexes, get_index, index_path, search, sync
from reader.search.index import SearchIndex
from tests.search.fakes import FakeLibrary, article


def ids(hits) -> list[str]:
    return [h.article_id for h in hits]


def test_words_are_anded_and_ranked(lib: FakeLibrary) -> None:
    assert ids(search(lib, "pompeo")) == ["a1", "a3"]  # a1 says it in title and body
    assert ids(search(lib, "pompeo remarks")) == ["a1"]
    assert search(lib, "pompeo soybean") == []


def test_title_field_outweighs_body(lib: FakeLibrary) -> None:
    # "trade" is in a2's title and body; nowhere else.
    hits = search(lib, "talks")
    assert ids(hits) == ["a2"]
    assert hits[0].title_spans == [(25, 30)]


def test_snippets_locate_the_matches(lib: FakeLibrary) -> None:
    hit = next(h for h in search(lib, "syria") if h.article_id == "a1")
    text, spans = hit.snippets[0]
    assert spans and all(text[s:e].lower() == "syria" for s, e in spans)
    assert hit.offset == lib.articles["a1"].body.index("Syria")
    assert "\n" not in text


def test_phrase_must_occur_in_order(lib: FakeLibrary) -> None:
    hits = search(lib, '"end of America’s fight"')
    assert ids(hits) == ["a1"]
    text, spans = hits[0].snippets[0]
    assert any(text[s:e] == "end of America’s fight" for s, e in spans)
    assert search(lib, '"fight of America’s end"') == []


def test_exclusion(lib: FakeLibrary) -> None:
    assert sorted(ids(search(lib, "syria"))) == ["a1", "a3"]
    assert ids(search(lib, "syria -brexit")) == ["a1"]
    assert ids(search(lib, 'syria -"deliver brexit"')) == ["a1"]


def test_person_and_source_filters(lib: FakeLibrary) -> None:
    assert ids(search(lib, "person:Pompeo")) == ["a1", "a3"]  # newest first
    assert ids(search(lib, "person:lighthizer")) == ["a2"]
    assert ids(search(lib, "person:pomp")) == []  # whole words of the name
    assert ids(search(lib, "source:ap")) == ["a3"]
    assert ids(search(lib, "syria source:reuters")) == ["a1"]


def test_notes_are_searched_and_filterable(lib: FakeLibrary) -> None:
    lib.note_list.append(Note("n1", "a2", Anchor(0, 0, kind="article"), "remember the soybean tariffs", 1.0, 1.0))
    lib.note_list.append(Note("n2", "a3", Anchor(0, 5, "LONDO"), "", 2.0, 2.0, highlight=True))
    lib.bookmark_list.append(Bookmark("b1", "a1", None, "", 3.0))
    hits = search(lib, "tariffs")
    assert ids(hits) == ["a2"]
    assert any(text.startswith("✎ ") and text[s:e] == "tariffs" for text, spans in hits[0].snippets for s, e in spans)
    assert ids(search(lib, "has:notes")) == ["a2"]
    assert ids(search(lib, "has:highlights")) == ["a3"]
    assert ids(search(lib, "has:bookmark")) == ["a1"]
    assert ids(search(lib, "us has:bookmark")) == ["a1"]


def test_limit(lib: FakeLibrary) -> None:
    assert len(search(lib, "us", limit=1)) == 1
    assert len(search(lib, "us")) == 2


def test_index_is_persisted_and_reloaded(lib: FakeLibrary) -> None:
    search(lib, "pompeo")
    path = index_path(lib.data_dir)
    assert path.is_file() and path.parent == lib.data_dir / "cache" / "search"
    loaded = SearchIndex.load(path)
    assert loaded.ids() == {"a1", "a2", "a3"}
    assert loaded.doc("a2").quote_counts == {"Robert Lighthizer": 1}
    # A fresh process finds the same results without re-reading any article.
    forget_indexes()
    lib.gets = 0
    report = sync(lib)
    assert not report.changed and lib.gets == 0
    assert ids(search(lib, "pompeo")) == ["a1", "a3"]


def test_sync_adds_and_drops_incrementally(lib: FakeLibrary) -> None:
    assert sync(lib).added == 3
    lib.add(article("a4", "Syria talks", "Envoys met in Geneva to discuss Syria."))
    lib.delete("a3")
    lib.gets = 0
    report = sync(lib)
    assert (report.added, report.removed, report.updated) == (1, 1, 0)
    assert lib.gets == 1  # only the new article was read
    assert ids(search(lib, "syria")) == ["a4", "a1"]
    # The deletion survives a reload (tombstones are saved).
    forget_indexes()
    assert get_index(lib).ids() == {"a1", "a2", "a4"}


def test_changed_summary_reindexes(lib: FakeLibrary) -> None:
    sync(lib)
    lib.articles["a2"].title = "Soybean diplomacy"
    assert not sync(lib).changed  # changes to stored articles are checked now and then…
    report = sync(lib, full=True)  # …or when asked
    assert report.updated == 1
    assert ids(search(lib, "diplomacy")) == ["a2"]


def test_compaction_keeps_results(tmp_path: Path) -> None:
    lib = FakeLibrary(tmp_path)
    for i in range(200):
        lib.add(article(f"x{i}", f"Story {i}", f"word{i} common text about item{i}"))
    sync(lib)
    for i in range(150):
        lib.delete(f"x{i}")
    sync(lib)  # saving compacts the tombstones
    forget_indexes()
    index = get_index(lib)
    assert len(index) == 50 and len(index._docs) == 50
    assert ids(search(lib, "word170")) == ["x170"]
    assert len(search(lib, "common", limit=100)) == 50


def test_corrupt_index_is_rebuilt(lib: FakeLibrary) -> None:
    path = index_path(lib.data_dir)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"READER-SEARCH\n\x05\x00\x00\x00\x00\x00\x00\x00{garbage")
    assert ids(search(lib, "pompeo")) == ["a1", "a3"]
    assert SearchIndex.load(path).ids() == {"a1", "a2", "a3"}


def test_figure_stats_merge_surnames(lib: FakeLibrary) -> None:
    sync(lib)
    stats = {s.name: s for s in figure_stats(get_index(lib))}
    pompeo = stats["Mike Pompeo"]
    assert pompeo.articles == ["a1", "a3"] and pompeo.quotes == 1
    assert pompeo.roles == ["Secretary of State"] and pompeo.aliases == ["Pompeo"]
    assert stats["Robert Lighthizer"].quotes == 1
    assert "Pompeo" not in stats
    assert figure_stats(get_index(lib))[0].name == "Mike Pompeo"  # most articles first


def test_loaded_index_grows_and_saves_correctly(lib: FakeLibrary) -> None:
    sync(lib)
    forget_indexes()  # next use loads the postings lazily from disk
    lib.add(article("a5", "Pompeo again", "Pompeo spoke about Syria and soybeans."))
    assert sync(lib).added == 1
    forget_indexes()
    assert sorted(ids(search(lib, "pompeo syria"))) == ["a1", "a3", "a5"]
    assert sorted(ids(search(lib, "soybean"))) == ["a2", "a5"]
    assert ids(search(lib, "talks")) == ["a2"]


def test_highlights_show_what_was_asked(lib: FakeLibrary) -> None:
    phrase_hit = search(lib, '"end of America’s fight"')[0]
    shown = {text[s:e] for text, spans in phrase_hit.snippets for s, e in spans}
    assert shown == {"end of America’s fight"}  # not every lone "fight"
    person_hit = search(lib, "person:Pompeo")[0]
    assert {text[s:e] for text, spans in person_hit.snippets for s, e in spans} == {"Pompeo"}
    assert person_hit.offset == lib.articles[person_hit.article_id].body.index("Pompeo")
