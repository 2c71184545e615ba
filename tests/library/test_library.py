"""The Library service: articles, reading state, bookmarks, notes, user state."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from reader import paths
from reader.domain import Anchor
from reader.library import ImportReport, Library, UnknownArticle
from reader.store import ReadOnlyError, StoreError
from tests.library import fake_nlp
from tests.library.helpers import FAKE_ANNOTATOR, make_article


def test_open_creates_private_folder_and_seeds_once(tmp_path: Path) -> None:
    folder = tmp_path / "a" / "b"
    library = Library.open(folder, annotator=FAKE_ANNOTATOR)
    assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(tmp_path / "a").st_mode) == 0o700
    rows = library.summaries()
    shipped = list(paths.seeds_dir().glob("*.txt")) + list(paths.seeds_dir().glob("*.md"))
    assert len(rows) == len(shipped) and any("Pompeo" in r.title for r in rows)
    for row in rows:
        library.delete(row.id)
    reopened = Library.open(folder, annotator=FAKE_ANNOTATOR)
    assert reopened.summaries() == []  # seeded once: deleting the sample does not bring it back


def test_open_uses_reader_home(reader_home: Path) -> None:
    library = Library.open(seed=False, annotator=FAKE_ANNOTATOR)
    assert library.data_dir == reader_home


def test_add_article_is_idempotent_and_summarised(lib: Library) -> None:
    article = make_article(1)
    assert lib.add_article(article) == (article.id, True)
    assert lib.add_article(article) == (article.id, False)
    (row,) = lib.summaries()
    assert row.id == article.id and row.title == "Title 1"
    assert row.quotes == 1 and "Boris Kern" in row.people and "John Doe" in row.people
    assert row.words == article.word_count and row.added_at > 0


def test_add_article_rejects_bad_input(lib: Library) -> None:
    with pytest.raises(StoreError, match="no text"):
        lib.add_article(make_article(1, body="   "))
    bad = make_article(2)
    bad.id = "../../etc"
    with pytest.raises(StoreError, match="Invalid article id"):
        lib.add_article(bad)
    assert lib.summaries() == []


def test_get_round_trips_every_field_and_accepts_prefix(lib: Library) -> None:
    article = make_article(3)
    article.meta = {"k": "v"}
    article.url = "https://example.com/a"
    lib.add_article(article)
    fresh = Library.open(lib.data_dir, seed=False, annotator=FAKE_ANNOTATOR)
    assert fresh.get(article.id[:6]) == article
    with pytest.raises(KeyError):
        fresh.get("ffffffffffff")


def test_ambiguous_prefix_is_refused(lib: Library) -> None:
    ids = [lib.add_article(make_article(n))[0] for n in range(40)]
    first = next(i[0] for i in ids if sum(j.startswith(i[0]) for j in ids) > 1)  # 40 ids, 16 digits
    with pytest.raises(UnknownArticle, match="matches"):
        lib.get(first)


def test_annotation_is_cached_by_content_and_model(lib: Library) -> None:
    article = make_article(4)
    lib.add_article(article)
    calls = len(fake_nlp.CALLS)
    fresh = Library.open(lib.data_dir, seed=False, annotator=FAKE_ANNOTATOR)
    annotation = fresh.annotation(article.id)
    assert len(fake_nlp.CALLS) == calls  # computed at import, read from the cache now
    assert [q.text for q in annotation.quotes] == ["“We will win,”"]
    assert article.body[annotation.quotes[0].start:annotation.quotes[0].end] == "“We will win,”"


def test_new_model_version_recomputes_and_heals_counts(lib: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    article = make_article(5)
    lib.add_article(article)
    monkeypatch.setattr(fake_nlp, "MODEL_VERSION", "fake-2")
    monkeypatch.setattr(fake_nlp, "_QUOTE", __import__("re").compile(r"Filler"))
    from reader.analysis_jobs import load_annotator

    load_annotator.cache_clear()
    try:
        fresh = Library.open(lib.data_dir, seed=False, annotator=FAKE_ANNOTATOR)
        assert len(fresh.annotation(article.id).quotes) == 20
        assert fresh.summaries()[0].quotes == 20
        assert Library.open(lib.data_dir, seed=False, annotator=FAKE_ANNOTATOR).summaries()[0].quotes == 20
    finally:
        load_annotator.cache_clear()


def test_add_many_reports_added_duplicate_rejected(lib: Library) -> None:
    lib.add_article(make_article(0))
    articles = [make_article(n) for n in range(5)] + [make_article(1), make_article(9, body="x EXPLODE y")]
    seen: list[int] = []
    report = lib.add_many(articles, progress=seen.append, workers=1)
    assert isinstance(report, ImportReport)
    assert len(report.added) == 4
    assert sorted(report.duplicates) == sorted([articles[0].id, articles[1].id])
    assert len(report.rejected) == 1 and "could not be analysed" in report.rejected[0][1]
    assert seen and seen[-1] == report.processed == 7
    assert len(lib.summaries()) == 5


@pytest.mark.slow
def test_add_many_with_a_process_pool(lib: Library) -> None:
    articles = [make_article(n) for n in range(120)]
    report = lib.add_many(articles, workers=2)
    assert len(report.added) == 120 and not report.rejected
    fresh = Library.open(lib.data_dir, seed=False, annotator=FAKE_ANNOTATOR)
    assert {s.id for s in fresh.summaries()} == {a.id for a in articles}
    assert all(s.quotes == 1 for s in fresh.summaries())
    # the workers' forkserver ended with the import: nothing preloaded stays behind
    from multiprocessing import forkserver

    assert forkserver._forkserver._forkserver_pid is None
    assert not [pid for pid in _children() if "multiprocessing.forkserver" in _cmdline(pid)]


def _count_stored_batches(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The size of every transaction an import stores, in order."""
    batches: list[int] = []
    store = Library._store_batch

    def counting(self: Library, batch: list, *args: object) -> None:
        batches.append(len(batch))
        store(self, batch, *args)

    monkeypatch.setattr(Library, "_store_batch", counting)
    return batches


def _slow_articles(count: int) -> list:
    """Articles the fake annotator takes 5 ms over, as the real pipeline does."""
    return [make_article(n, body=f"Article {n} SLOWLY. " + "Filler text. " * 20) for n in range(count)]


def test_a_pool_import_stores_while_it_waits_for_the_workers(lib: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    """Articles are stored in small transactions while the workers are busy, not in one big
    one at the end: stored only when WRITE_BATCH were pending, the workers ran out of jobs
    while a batch was stored, and the whole last part waited until every article was
    analysed."""
    from reader import library as library_module

    batches = _count_stored_batches(monkeypatch)
    monkeypatch.setattr(library_module, "IDLE_WRITE", 32)
    report = lib.add_many(_slow_articles(160), workers=2)
    assert len(report.added) == 160
    assert sum(batches) == 160 and len(batches) >= 3, batches
    assert max(batches) < library_module.WRITE_BATCH
    assert all(size >= library_module.IDLE_WRITE for size in batches[:-1]), batches


def test_a_pool_import_stores_while_the_last_articles_are_analysed(lib: Library,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Once every article is with the workers, what is pending is stored in transactions of
    LAST_WRITE while they finish, not all after the last result, on one core."""
    from reader import library as library_module

    batches = _count_stored_batches(monkeypatch)
    monkeypatch.setattr(library_module, "IDLE_WRITE", 10_000)  # never while articles are handed out
    monkeypatch.setattr(library_module, "LAST_WRITE", 16)
    report = lib.add_many(_slow_articles(160), workers=2)
    assert len(report.added) == 160
    assert sum(batches) == 160 and len(batches) >= 3, batches
    assert all(size >= 16 for size in batches[:-1]), batches


def test_articles_read_ahead_while_the_workers_start_are_stored_whole(lib: Library,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """What an import prepares for storing while its workers start (the compressed body, the
    search terms) is what storing makes of the article otherwise: each article is prepared
    once, ahead or when stored, and found by its own words; one the analysis rejects is not
    stored."""
    from reader import library as library_module
    from reader.store import database

    made = {"ahead": 0, "when stored": 0}
    real = database.prepare

    def counted(key: str):  # type: ignore[no-untyped-def]
        def prepare(article):  # type: ignore[no-untyped-def]
            made[key] += 1
            return real(article)
        return prepare

    monkeypatch.setattr(library_module, "prepare", counted("ahead"))
    monkeypatch.setattr(database, "prepare", counted("when stored"))
    articles = [make_article(n, body=f"Report {n} on the word zq{n}x. " + "Filler text. " * 20) for n in range(120)]
    rejected = make_article(999, body="This one EXPLODEs in the analysis. " + "Filler text. " * 20)
    report = lib.add_many([rejected, *articles], workers=2)
    assert len(report.added) == 120 and len(report.rejected) == 1
    assert made["ahead"] > 0  # the server takes longer to start than reading one article (the rejected one)
    assert made["ahead"] + made["when stored"] == 121
    for n in (0, 60, 119):
        hits = lib.search(f"zq{n}x")
        assert [h.article_id for h in hits] == [articles[n].id]
        assert lib.get(articles[n].id).body == articles[n].body


def _children() -> list[int]:
    tasks = Path(f"/proc/{os.getpid()}/task")
    if not tasks.is_dir():
        return []
    return [int(c) for t in tasks.iterdir() for c in (t / "children").read_text().split()]


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except OSError:
        return ""


def test_filter_matches_title_source_people_and_sorts(lib: Library) -> None:
    lib.add_article(make_article(1, title="Budget talks", source="AP", date="2020-01-03"))
    lib.add_article(make_article(2, title="Storm warning", source="Reuters", date="2020-01-05"))
    lib.add_article(make_article(3, title="budget vote", source="BBC", date=None))
    assert [s.title for s in lib.filter("BUDGET")] == ["Budget talks", "budget vote"]
    assert [s.title for s in lib.filter("clara diaz")] == ["Storm warning"]
    assert [s.title for s in lib.filter("reuters storm")] == ["Storm warning"]
    assert lib.filter("budget storm") == []
    assert [s.title for s in lib.filter("", sort="title")] == ["Budget talks", "budget vote", "Storm warning"]
    assert [s.source for s in lib.filter("", sort="source")] == ["AP", "BBC", "Reuters"]
    assert [s.title for s in lib.summaries()][0] == "Storm warning"  # newest date first
    assert [s.title for s in lib.filter("", sort="added")][0] == "budget vote"
    with pytest.raises(ValueError):
        lib.filter("", sort="colour")


def test_filter_narrowing_then_widening_is_consistent(lib: Library) -> None:
    for n, title in enumerate(["alpha", "alphabet", "alphanumeric", "beta"]):
        lib.add_article(make_article(n, title=title))
    assert len(lib.filter("alph")) == 3
    assert [s.title for s in lib.filter("alphab")] == ["alphabet"]
    assert len(lib.filter("alph")) == 3  # widening again re-scans
    assert [s.title for s in lib.filter("alph alphan")] == ["alphanumeric"]
    assert lib.filter("num") == []  # words match from their start, not inside
    assert len(lib.filter("")) == 4


def test_delete_removes_article_keeps_notes(lib: Library) -> None:
    article = make_article(1)
    lib.add_article(article)
    note = lib.add_note(article.id, Anchor(0, 7, "Article"), "keep me")
    lib.toggle_bookmark(article.id)
    lib.delete(article.id)
    assert lib.summaries() == []
    assert lib.db.one("SELECT count(*) FROM bodies")[0] == 0  # its text went with it
    assert [n.id for n in lib.notes()] == [note.id]
    assert lib.bookmarks() == []
    lib.add_article(article)
    assert lib.summaries()[0].notes == 1  # the note re-attaches to the same text


def test_reading_state_and_flags(lib: Library) -> None:
    article = make_article(1)
    lib.add_article(article, new=True)
    assert lib.summaries()[0].new and not lib.summaries()[0].read
    assert lib.position(article.id) is None
    lib.set_position(article.id, 120)
    lib.mark_read(article.id)
    row = lib.summaries()[0]
    assert row.read and not row.new
    lib.mark_read(article.id, False)
    fresh = Library.open(lib.data_dir, seed=False, annotator=FAKE_ANNOTATOR)
    assert fresh.position(article.id) == 120 and not fresh.summaries()[0].read


def test_bookmarks(lib: Library) -> None:
    article = make_article(1)
    lib.add_article(article)
    assert lib.toggle_bookmark(article.id) is True
    assert lib.summaries()[0].bookmarked
    inner = lib.add_bookmark(article.id, 300, "the quote")
    assert {b.position for b in lib.bookmarks(article.id)} == {None, 300}
    assert lib.toggle_bookmark(article.id) is False
    assert not lib.summaries()[0].bookmarked
    assert [b.id for b in lib.bookmarks()] == [inner.id]
    lib.delete_bookmark(inner.id)
    assert lib.bookmarks() == []
    with pytest.raises(KeyError):
        lib.delete_bookmark(inner.id)


def test_notes_newest_first_update_delete(lib: Library) -> None:
    a, b = make_article(1), make_article(2)
    lib.add_article(a)
    lib.add_article(b)
    first = lib.add_note(a.id, Anchor(0, 7, "Article"), "one")
    second = lib.add_note(a.id, Anchor(8, 14), "", highlight=True)
    other = lib.add_note(b.id, Anchor(0, 1), "three")
    assert [n.id for n in lib.notes()] == [other.id, second.id, first.id]
    assert [n.id for n in lib.notes(a.id)] == [second.id, first.id]
    updated = lib.update_note(first.id, "one, edited")
    assert updated.text == "one, edited" and updated.updated_at >= updated.created_at
    moved = lib.update_note(first.id, anchor=Anchor(1, 2, "r"), orphaned=True)
    assert moved.anchor.start == 1 and moved.orphaned and moved.text == "one, edited"
    lib.delete_note(second.id)
    assert {n.id for n in lib.notes()} == {first.id, other.id}
    assert lib.summaries()[0].notes + lib.summaries()[1].notes == 2
    with pytest.raises(KeyError):
        lib.update_note("nope", "x")
    with pytest.raises(UnknownArticle):
        lib.add_note("0000000000000000", Anchor(0, 1), "orphan")


def test_user_state_is_durable_and_copied(lib: Library) -> None:
    feeds = [{"url": "https://example.com/rss", "title": "Ex"}]
    lib.set_user_state("feeds", feeds)
    feeds.append({"url": "mutated"})
    fresh = Library.open(lib.data_dir, seed=False, annotator=FAKE_ANNOTATOR)
    got = fresh.user_state("feeds")
    assert got == [{"url": "https://example.com/rss", "title": "Ex"}]
    got.clear()
    assert fresh.user_state("feeds") != []
    assert fresh.user_state("missing", 42) == 42
    with pytest.raises(ValueError):
        lib.set_user_state("bad", object())


def test_dump_and_restore_user_data(lib: Library) -> None:
    article = make_article(1)
    lib.add_article(article)
    lib.add_note(article.id, Anchor(0, 1), "before")
    lib.set_user_state("theme", "dark")
    dump = lib.dump_user_data()
    lib.add_note(article.id, Anchor(0, 1), "after")
    lib.set_user_state("theme", "light")
    lib.restore_user_data(dump, replace=True)
    assert [n.text for n in lib.notes()] == ["before"]
    assert lib.user_state("theme") == "dark"
    assert lib.summaries()[0].notes == 1
    lib.add_note(article.id, Anchor(0, 1), "after again")
    lib.restore_user_data(dump)  # the default merges: nothing current is lost
    assert sorted(n.text for n in lib.notes()) == ["after again", "before"]
    with pytest.raises(StoreError):
        lib.restore_user_data({"schema": 99})


def test_two_library_objects_see_each_other(lib: Library) -> None:
    other = Library.open(lib.data_dir, seed=False, annotator=FAKE_ANNOTATOR)
    article = make_article(1)
    other.add_article(article)
    assert [s.id for s in lib.summaries()] == [article.id]
    lib.add_note(article.id, Anchor(0, 1), "from lib")
    other.add_note(article.id, Anchor(0, 1), "from other")
    assert {n.text for n in lib.notes()} == {"from lib", "from other"}
    assert other.summaries()[0].notes == 2
    other.delete(article.id)
    assert lib.summaries() == []


def test_read_only_folder_reads_but_refuses_writes(lib: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    article = make_article(1)
    lib.add_article(article)
    lib.add_note(article.id, Anchor(0, 1), "kept")
    real_open = os.open

    def refuse(path, flags, *args, **kwargs):  # type: ignore[no-untyped-def]
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    library = Library.open(lib.data_dir, annotator=FAKE_ANNOTATOR)
    assert library.read_only and "read-only" in library.warnings[0]
    assert [s.id for s in library.summaries()] == [article.id]
    assert [n.text for n in library.notes()] == ["kept"]
    with pytest.raises(ReadOnlyError, match="read-only"):
        library.add_note(article.id, Anchor(0, 1), "lost?")
    with pytest.raises(ReadOnlyError):
        library.add_article(make_article(2))
    monkeypatch.undo()
    assert [n.text for n in Library.open(lib.data_dir, annotator=FAKE_ANNOTATOR).notes()] == ["kept"]


def test_rows_replaced_by_another_process_keep_the_users_flags(lib: Library) -> None:
    article = make_article(1)
    lib.add_article(article)
    lib.add_note(article.id, Anchor(0, 1), "mine")
    lib.toggle_bookmark(article.id)
    other = Library.open(lib.data_dir, seed=False, annotator=FAKE_ANNOTATOR)
    lib.summaries()
    # e.g. the other copy re-counted quotes with a new model
    with other.db.write() as conn:
        conn.execute("UPDATE articles SET quotes = 7 WHERE id = ?", (article.id,))
    lib.add_article(make_article(2))  # our own write picks the change up under the lock
    row = next(s for s in lib.summaries() if s.id == article.id)
    assert row.quotes == 7 and row.notes == 1 and row.bookmarked


def test_real_language_pipeline_on_the_seed(tmp_path: Path) -> None:
    pytest.importorskip("reader.nlp.pipeline", reason="the language pipeline is not built yet")
    library = Library.open(tmp_path / "real")
    pompeo = next(s for s in library.summaries() if "Pompeo" in s.title)
    assert pompeo.quotes > 0 and any("Pompeo" in name for name in pompeo.people)
    annotation = library.annotation(pompeo.id)
    body = library.get(pompeo.id).body
    assert all(body[q.start:q.end] == q.text for q in annotation.quotes)


def test_filtering_from_another_thread_during_an_import(lib: Library) -> None:
    import threading

    errors: list[BaseException] = []
    done = threading.Event()

    def typist() -> None:
        try:
            while not done.is_set():
                lib.filter("title 1")
                lib.summaries()
        except BaseException as error:  # pragma: no cover - the failure being tested for
            errors.append(error)

    thread = threading.Thread(target=typist)
    thread.start()
    try:
        report = lib.add_many((make_article(n) for n in range(600)), workers=1)
    finally:
        done.set()
        thread.join()
    assert not errors and len(report.added) == 600
    assert len(lib.filter("title")) == 600


def test_a_broken_process_pool_falls_back_to_one_process(lib: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    from concurrent.futures.process import BrokenProcessPool

    import reader.analysis_pool

    class Broken:
        def __init__(self, *args: object, **kwargs: object) -> None:
            pass

        def __enter__(self) -> "Broken":
            return self

        def __exit__(self, *exc: object) -> None:
            pass

        def submit(self, *args: object) -> None:
            raise BrokenProcessPool("worker killed")

    monkeypatch.setattr(reader.analysis_pool, "ProcessPoolExecutor", Broken)
    articles = [make_article(n) for n in range(100)]
    report = lib.add_many(articles, workers=2)
    assert len(report.added) == 100 and "carried on in one process" in report.warnings[0]


def test_every_file_is_private(lib: Library) -> None:
    article = make_article(1)
    lib.add_article(article)
    lib.add_note(article.id, Anchor(0, 1), "secret")
    Library.open(lib.data_dir, annotator=FAKE_ANNOTATOR).close()  # backups, seeds
    seen = 0
    for path in [lib.data_dir, *lib.data_dir.rglob("*")]:
        mode = stat.S_IMODE(os.stat(path).st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), f"{path}: {oct(mode)}"
        seen += 1
    assert seen > 8


def test_disk_full_while_importing_leaves_the_library_as_it_was(lib: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    import sqlite3

    from reader.store import DiskFullError
    from reader.store import database

    lib.add_article(make_article(0))
    real_insert = database.ArticleDB.insert
    calls = []

    def fill_up(self, conn, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        if len(calls) > 3:
            raise sqlite3.OperationalError("database or disk is full")
        return real_insert(self, conn, *args, **kwargs)

    monkeypatch.setattr(database.ArticleDB, "insert", fill_up)
    with pytest.raises(DiskFullError, match="disk is full"):
        lib.add_many([make_article(n) for n in range(1, 10)], workers=1)
    monkeypatch.undo()
    # the whole batch was one transaction: none of it stored
    assert len(Library.open(lib.data_dir, seed=False, annotator=FAKE_ANNOTATOR).summaries()) == 1
    report = lib.add_many([make_article(n) for n in range(1, 10)], workers=1)
    assert len(report.added) == 9  # and once there is room again, the import simply works


@pytest.mark.parametrize("sort", ["date", "title", "source", "added", "quotes"])
def test_rows_know_where_an_article_stands(lib: Library, sort: str) -> None:
    for n in range(30):
        lib.add_article(make_article(n, title=f"{'Budget' if n % 3 else 'Storm'} {n % 7}",
                                     source=[None, "AP", "Reuters", "bbc"][n % 4],
                                     date=None if n % 5 == 0 else f"2020-01-{n % 9 + 1:02d}"))
    for query in ("", "budget", "bu", "storm 3"):
        rows = lib.filter(query, sort=sort)
        listed = [r.id for r in rows]
        for index, article_id in enumerate(listed):
            assert rows.position(article_id) == index, (query, sort, index)
        outside = next((s.id for s in lib.summaries() if s.id not in listed), None)
        if outside is not None:
            assert rows.position(outside) is None


@pytest.mark.parametrize("walk", [True, False])
def test_filtered_pages_are_the_same_whichever_way_they_are_fetched(lib: Library, monkeypatch, walk: bool) -> None:
    import re

    from reader.library import PAGE
    from reader.store import database

    monkeypatch.setattr(database, "SCAN_ROW_COST", 0 if walk else 10**9)  # walk the sort order / join the index
    titles = ["Budget talks", "budget vote", "Storm warning", "Bud light", "Übersee Budget", "U.S. budget"]
    articles = [make_article(n, title=f"{titles[n % 6]} {n}", source=["AP", "Reuters", None][n % 3],
                             date=None if n % 7 == 0 else f"2020-02-{n % 28 + 1:02d}") for n in range(2 * PAGE + 40)]
    lib.add_many(articles, workers=1)
    everything = {s.id: s for s in lib.summaries()}
    assert len(everything) == len(articles)
    for query in ("bud", "budget 2", "u s", "übersee", "storm warn", "s"):
        words = [t for w in query.casefold().split() for t in re.findall(r"[^\W_]+", w)]
        for sort in ("date", "title", "quotes"):
            rows = lib.filter(query, sort=sort)
            got = [rows[i].id for i in range(len(rows))]
            expected = [s.id for s in lib.filter("", sort=sort)
                        if all(re.search(r"(?<![^\W_])" + re.escape(w), "\x1f".join(
                            [s.title, s.source or "", s.place or "", s.date or "", *s.people]).casefold()) for w in words)]
            assert got == expected, (query, sort)


def test_reading_ahead_stops_at_its_limits_and_gives_every_article_once_in_order() -> None:
    """While the workers start, the import reads ahead at most so many articles, and so much
    text (files of up to 5 MB are accepted: 2,048 of them would not fit in memory)."""
    from reader.library import _ReadAhead

    articles = [make_article(n, body=f"Story {n}. " + "Filler text. " * 40) for n in range(10)]
    size = len(articles[0].body)
    by_count = _ReadAhead(iter(articles), limit=3)
    assert [by_count.read_one() for _ in range(4)] == [True, True, True, False]
    by_text = _ReadAhead(iter(articles), chars=2 * size + 1)
    assert [by_text.read_one() for _ in range(4)] == [True, True, True, False]  # stops once past the limit
    assert sorted(by_text.prepared) == sorted(a.id for a in articles[:3])
    assert next(by_text) is articles[0] and by_text.read_one()  # room again once one is handed on
    assert list(by_text) == articles[1:]
