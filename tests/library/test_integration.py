"""Library integration: atomic state updates, URL duplicates, search, crash leftovers, CLI helper."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from dataclasses import replace
from pathlib import Path

import click
import pytest

from reader.library import Library
from reader.store import CorruptDataError
from reader.store.urls import normalize_url
from tests.library.helpers import FAKE_ANNOTATOR, make_article

REPO = Path(__file__).resolve().parents[2]


# -- update_user_state ------------------------------------------------------------


def test_update_user_state_reads_modifies_and_writes(lib: Library) -> None:
    assert lib.update_user_state("count", lambda n: n + 1, default=0) == 1
    assert lib.update_user_state("count", lambda n: n + 1, default=0) == 2
    assert Library.open(lib.data_dir, seed=False, annotator=FAKE_ANNOTATOR).user_state("count") == 2


def test_update_user_state_saves_nothing_when_fn_fails(lib: Library) -> None:
    lib.set_user_state("feeds", ["a"])

    def broken(value: list[str]) -> list[str]:
        value.append("half")  # a private copy: this must not leak
        raise RuntimeError("bug")

    with pytest.raises(RuntimeError):
        lib.update_user_state("feeds", broken)
    with pytest.raises(ValueError, match="not JSON"):
        lib.update_user_state("feeds", lambda v: {1, 2})
    assert lib.user_state("feeds") == ["a"]


COUNTER = textwrap.dedent(
    """
    import sys
    from reader.library import Library
    library = Library.open(sys.argv[1], seed=False, annotator="tests.library.fake_nlp:annotate")
    for _ in range(int(sys.argv[2])):
        library.update_user_state("counter", lambda n: n + 1, default=0)
    """
)


def test_two_processes_updating_one_key_lose_no_update(tmp_path: Path) -> None:
    Library.open(tmp_path, seed=False, annotator=FAKE_ANNOTATOR).close()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    procs = [subprocess.Popen([sys.executable, "-c", COUNTER, str(tmp_path), "150"], cwd=REPO, env=env)
             for _ in range(2)]
    assert [p.wait(timeout=300) for p in procs] == [0, 0]
    assert Library.open(tmp_path, seed=False, annotator=FAKE_ANNOTATOR).user_state("counter") == 300


# -- duplicates by URL ----------------------------------------------------------------


@pytest.mark.parametrize(("given", "expected"), [
    ("HTTPS://Example.COM/a/b/?utm_source=x&id=3#frag", "https://example.com/a/b?id=3"),
    ("https://example.com:443/a/b?fbclid=zz&id=3", "https://example.com/a/b?id=3"),
    ("http://example.com:8080/", "http://example.com:8080"),
    ("not a url", None),
    (None, None),
])
def test_normalize_url(given: str | None, expected: str | None) -> None:
    assert normalize_url(given) == expected


def test_normalize_url_is_idempotent() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    part = st.text(alphabet="abcXYZ09-._~%/?=&#:", max_size=12)

    @settings(max_examples=200, deadline=None)
    @given(st.sampled_from(["http", "HTTPS", "ftp"]), st.sampled_from(["Example.com", "a.b", "x:81"]), part)
    def check(scheme: str, host: str, rest: str) -> None:
        once = normalize_url(f"{scheme}://{host}/{rest}")
        assert once is None or normalize_url(once) == once

    check()


def test_same_page_with_other_text_is_a_duplicate(lib: Library) -> None:
    first = replace(make_article(1), url="https://www.example.com/news/story-1/?utm_source=rss")
    edited = replace(make_article(2), url="https://WWW.example.com/news/story-1#comments")
    assert first.id != edited.id
    assert lib.add_article(first) == (first.id, True)
    assert lib.add_article(edited) == (first.id, False)
    report = lib.add_many([replace(make_article(3), url="https://example.org/x"),
                           replace(make_article(4), url="https://example.org/x/"),
                           replace(make_article(5), url=None)])
    assert len(report.added) == 2 and len(report.duplicates) == 1
    assert len(lib.summaries()) == 3


def test_a_deleted_page_can_be_added_again(lib: Library) -> None:
    article = replace(make_article(1), url="https://example.com/a")
    lib.add_article(article)
    lib.delete(article.id)
    other = replace(make_article(2), url="https://example.com/a")
    assert lib.add_article(other) == (other.id, True)


def test_url_seen_by_another_process_is_a_duplicate(lib: Library) -> None:
    other = Library.open(lib.data_dir, seed=False, annotator=FAKE_ANNOTATOR)
    lib.summaries()
    lib.add_article(replace(make_article(0), url="https://example.com/z"))  # builds the url map
    other.add_article(replace(make_article(1), url="https://example.com/y"))
    assert lib.add_article(replace(make_article(2), url="https://example.com/y/"))[1] is False


# -- search -----------------------------------------------------------------------------


def test_search_delegates_to_the_search_module(lib: Library) -> None:
    wanted = make_article(1, body="The harbour of Valparaiso was quiet. " + "Filler words here. " * 10)
    lib.add_many([make_article(2), wanted])
    hits = lib.search("valparaiso")
    assert [hit.article_id for hit in hits] == [wanted.id]
    assert len(lib.search("filler", limit=1)) == 1


# -- the CLI helper -------------------------------------------------------------------------


def test_open_library_turns_store_errors_into_click_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import reader.library
    from reader.cli.common import open_library

    monkeypatch.setattr(reader.library, "ANNOTATOR", FAKE_ANNOTATOR)
    ctx = click.Context(click.Command("x"), obj={"data_dir": str(tmp_path)})
    closed: list[bool] = []
    monkeypatch.setattr(Library, "close", lambda self: closed.append(True))
    with pytest.raises(click.ClickException, match="damaged"):
        with open_library(ctx) as library:
            assert library.data_dir == tmp_path
            raise CorruptDataError("the file is damaged")
    assert closed == [True]

    def refuse(*args: object, **kwargs: object) -> Library:
        raise CorruptDataError("cannot open: locked and damaged")

    monkeypatch.setattr(Library, "open", refuse)
    with pytest.raises(click.ClickException, match="cannot open"):
        with open_library(ctx):
            pass
