"""Markdown export and the JSON backup round trip."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from reader.anchors import make_anchor
from reader.export import BackupError, export_json, export_markdown, md_inline, restore, slugify, validate_backup
from tests.search.real import ARTICLES, IDS, make_library


@pytest.fixture
def lib(tmp_path: Path):
    library = make_library(tmp_path / "data")
    yield library
    library.close()


def _annotate_user_data(lib) -> None:
    body = ARTICLES[0].body
    at = body.index("the withdrawal")
    lib.add_note(IDS[0], make_anchor(body, at, at + len("the withdrawal of U.S. troops"), "selection"),
                 "", highlight=True)
    q = lib.annotation(IDS[0]).quotes[0]
    lib.add_note(IDS[0], make_anchor(body, q.start, q.end, "quote"), "Compare with the **2018** speech.")
    lib.add_note(IDS[2], make_anchor(ARTICLES[2].body, 0, 0, "article"), "Follow up on the vote.")
    lib.toggle_bookmark(IDS[1])
    lib.add_bookmark(IDS[0], 120, "halfway")
    lib.set_position(IDS[0], 42)
    lib.mark_read(IDS[2])
    lib.set_user_state("feeds", [{"url": "https://example.org/feed.xml", "title": "Example"}])


def test_markdown_one_file_per_article_with_user_data(lib, tmp_path: Path) -> None:
    _annotate_user_data(lib)
    written = export_markdown(lib, tmp_path / "out")
    assert sorted(p.name for p in written) == sorted(
        [f"pompeo-tells-coalition-the-fight-is-not-over-{IDS[0][:8]}.md",
         f"u-s-china-resume-trade-talks-{IDS[1][:8]}.md",
         f"may-faces-another-brexit-vote-{IDS[2][:8]}.md"]
    )
    text = (tmp_path / "out" / f"pompeo-tells-coalition-the-fight-is-not-over-{IDS[0][:8]}.md").read_text("utf-8")
    assert text.startswith("---\ntitle: \"Pompeo tells coalition the fight is not over\"\n")
    assert 'url: "https://example.org/pompeo?a=1&b=2"' in text
    assert "# Pompeo tells coalition the fight is not over" in text
    assert "- **Mike Pompeo** — Secretary of State" in text
    assert "> “The fight is one we will continue to wage alongside you,”\n>\n> — Mike Pompeo" in text
    assert "## Highlights\n\n> the withdrawal of U.S. troops" in text
    assert "Compare with the **2018** speech." in text  # the user's own Markdown is kept
    # every note and bookmark says what it is on and quotes it (issue 14, item 15)
    assert "### On (" not in text and "character" not in text
    assert "### On the quote by Mike Pompeo (" in text
    notes = text.split("## Notes", 1)[1].split("## Bookmarks", 1)[0]
    assert "> “The fight is one we will continue to wage alongside you,”" in notes
    bookmarks = text.split("## Bookmarks", 1)[1]
    body = ARTICLES[0].body
    paragraph = next(p for p in lib.get(IDS[0]).paragraphs if p.start <= 120 < p.end)
    number = lib.get(IDS[0]).paragraphs.index(paragraph) + 1
    assert f"- **halfway** — at paragraph {number} (" in bookmarks
    assert f"  > {md_inline(body[paragraph.start:paragraph.end])[:40]}" in bookmarks


def test_markdown_escapes_article_text(lib, tmp_path: Path) -> None:
    [path] = export_markdown(lib, tmp_path, IDS[2])
    text = path.read_text("utf-8")
    assert "# May faces \\[another\\] \\*Brexit\\* vote" in text
    assert md_inline("<script>x</script> # _a_") == "\\<script\\>x\\</script\\> \\# \\_a\\_"
    assert md_inline("1. not a list") == "1\\. not a list"


def test_markdown_only_the_given_article(lib, tmp_path: Path) -> None:
    _annotate_user_data(lib)
    written = export_markdown(lib, tmp_path, IDS[1])
    assert len(written) == 1 and IDS[1][:8] in written[0].name


def test_markdown_with_nothing_to_export(lib, tmp_path: Path) -> None:
    assert export_markdown(lib, tmp_path / "empty") == []


def test_slugs_are_safe_file_names() -> None:
    assert slugify("../../etc/passwd") == "etc-passwd"
    assert slugify("Ça va? Über-Größe!") == "ca-va-uber-groe"
    assert slugify("“”") == "article"
    assert len(slugify("word " * 100)) <= 60
    assert re.fullmatch(r"[a-z0-9-]+", slugify("CON:/\\\x00<>|"))


def test_json_backup_round_trip_loses_nothing(lib, tmp_path: Path) -> None:
    _annotate_user_data(lib)
    backup = json.loads(json.dumps(export_json(lib)))  # through real JSON text
    assert backup["format"] == "reader-backup" and backup["version"] == 1
    assert set(backup["articles"]) == set(IDS)
    assert backup["articles"][IDS[0]]["title"] == ARTICLES[0].title
    assert backup["articles"][IDS[0]]["url"] == ARTICLES[0].url

    other = make_library(tmp_path / "other")
    try:
        before = other.dump_user_data()
        assert not before["notes"]
        report = restore(other, backup)
        assert (report.notes, report.bookmarks, report.missing_articles) == (3, 2, [])
        after = other.dump_user_data()
        original = lib.dump_user_data()
        for table in ("notes", "bookmarks", "articles", "state"):
            assert after[table] == original[table], table
        assert other.position(IDS[0]) == 42
        assert [n.text for n in other.notes(IDS[2])] == ["Follow up on the vote."]
        assert any(b.label == "halfway" for b in other.bookmarks(IDS[0]))
        assert other.user_state("feeds")[0]["url"] == "https://example.org/feed.xml"
        assert next(s for s in other.summaries() if s.id == IDS[2]).read
    finally:
        other.close()


def test_restore_reports_articles_not_in_the_library(lib, tmp_path: Path) -> None:
    _annotate_user_data(lib)
    backup = export_json(lib)
    from reader.library import Library

    empty = Library.open(tmp_path / "empty", seed=False, annotator="tests.search.fake_nlp:annotate")
    try:
        report = restore(empty, backup)
        assert report.missing_articles == sorted(IDS)
        assert len(empty.notes()) == 3  # kept, waiting for their articles
    finally:
        empty.close()


@pytest.mark.parametrize(
    ("data", "why"),
    [
        ([], "JSON object"),
        ({"version": 1, "user_data": {}}, "not a reader backup"),
        ({"format": "reader-backup", "user_data": {}}, "no format version"),
        ({"format": "reader-backup", "version": 99, "user_data": {}}, "newer reader"),
        ({"format": "reader-backup", "version": 1}, "no user data"),
        ({"format": "reader-backup", "version": 1, "user_data": {"notes": "x"}}, "damaged"),
    ],
)
def test_invalid_backups_are_refused(data, why: str) -> None:
    with pytest.raises(BackupError, match=why):
        validate_backup(data)


def test_refused_backup_changes_nothing(lib) -> None:
    _annotate_user_data(lib)
    before = lib.dump_user_data()
    with pytest.raises(BackupError):
        restore(lib, {"format": "reader-backup", "version": 7, "user_data": {}})
    assert lib.dump_user_data() == before
