from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest

from reader.articles import ImportRejected, iter_sources, load_bytes, load_path
from reader.articles.decode import decode_bytes

ARTICLE = (
    "ZÜRICH (Reuters) - Café owners in Zürich said on Monday that “crème brûlée” sales rose, "
    "the city’s statistics office said.\n\n“It’s été,” said owner José Müller."
)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "cp1252"])
def test_encodings_decode(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(ARTICLE.encode(encoding))
    (article,) = load_path(path)
    assert "crème brûlée" in article.body
    assert "José Müller" in article.body
    assert article.place == "Zürich"


def test_latin1(tmp_path: Path) -> None:
    text = "PARIS (AFP) - Le café était fermé, a déclaré le propriétaire à l'AFP. Ça coûte très cher."
    path = tmp_path / "latin.txt"
    path.write_bytes(text.encode("latin-1"))
    (article,) = load_path(path)
    assert "café était fermé" in article.body
    assert "Ça coûte très cher" in article.body


def test_declared_encoding_is_trusted_only_if_it_decodes() -> None:
    assert decode_bytes("naïve".encode("utf-8"), declared="ascii") == "naïve"
    assert decode_bytes("naïve".encode("latin-1"), declared="latin-1") == "naïve"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        (b"hello\x00world\x00\x01\x02\x03binary" * 10, "binary"),
        (bytes(range(256)) * 4, "binary"),
        (b"text" + b"\x01\x02\x03\x04\x05\x06" * 30, "binary"),
        (b"   \n\n\t ", "empty"),
        (b"", "empty"),
    ],
)
def test_binary_and_empty_rejected(data: bytes, message: str) -> None:
    with pytest.raises(ImportRejected, match=message):
        load_bytes(data, origin="x")


def test_huge_file_rejected_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "huge.txt"
    with open(path, "wb") as f:
        f.truncate(50 * 1024 * 1024)  # sparse: 50 MB on paper
    opened: list[object] = []
    real_open = open

    def spy(*args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        opened.append(args[0])
        return real_open(*args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr("builtins.open", spy)
    with pytest.raises(ImportRejected, match="too large"):
        load_path(path)
    assert path not in opened


def test_size_cap_applies_to_streams_too() -> None:
    items = list(iter_sources(["-"], stdin=io.BytesIO(b"a" * 2000), max_bytes=1000))
    assert len(items) == 1 and items[0].article is None
    assert "too large" in (items[0].error or "")


def test_small_cap_on_file(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("word " * 100)
    with pytest.raises(ImportRejected, match="too large"):
        load_path(path, max_bytes=100)


def test_markdown_file(tmp_path: Path) -> None:
    path = tmp_path / "story.md"
    path.write_text("# A headline\n\nSome *text* here.\n", encoding="utf-8")
    (article,) = load_path(path)
    assert article.title == "A headline"
    assert article.body == "Some text here."  # the emphasis is a span, not asterisks
    assert [(article.body[i.start:i.end], i.kind) for i in article.inline] == [("text", "emphasis")]
    assert article.origin == str(path)


def test_html_file_extracts_main_text(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        "<!doctype html><html><head><title>Dam bursts - The Daily</title>"
        '<meta name="author" content="Ann Lee"><meta property="og:site_name" content="The Daily">'
        '<meta property="article:published_time" content="2021-05-06T08:00:00Z"></head><body>'
        "<nav>Home | World | Sport</nav><article><h1>Dam bursts</h1>"
        "<p>LIMA (Reuters) - A dam burst in the Andes on Thursday, flooding three villages, officials said.</p>"
        "<p>“We lost everything,” said farmer Rosa Quispe, 54, standing in the mud.</p>"
        "<p>The government said it would send [bold]emergency[/bold] teams.</p>"
        "</article><footer>© The Daily. All rights reserved.</footer></body></html>",
        encoding="utf-8",
    )
    (article,) = load_path(path)
    assert article.title == "Dam bursts"
    assert article.author == "Ann Lee"
    assert article.date == "2021-05-06"
    assert article.body.startswith("LIMA (Reuters) - A dam burst")
    assert article.place == "Lima" and article.source == "Reuters"
    assert article.meta["site"] == "The Daily"
    assert "Home | World" not in article.body
    assert "All rights reserved" not in article.body
    assert "[bold]emergency[/bold]" in article.body


@pytest.mark.parametrize(
    "html",
    [
        b"<html><body><p>unclosed <b>tags <div><p>everywhere",
        b"<html><head><title>x</title></head><body></body></html>",
        b"<<<<>>>><html></html",
        b"<!doctype html>" + b"<div>" * 5000,
    ],
)
def test_broken_html_never_crashes(html: bytes) -> None:
    try:
        articles = load_bytes(html, origin="page.html", suffix=".html")
    except ImportRejected as exc:
        assert str(exc)
    else:
        assert all(a.body for a in articles)


def test_html_saved_as_txt_is_read_as_html() -> None:
    page = (
        b"<!DOCTYPE html><html><head><title>Vote delayed</title></head><body><article>"
        b"<p>The vote in parliament was delayed until next week, the speaker said on Tuesday evening.</p>"
        b"<p>Members of parliament said they needed more time to read the bill.</p></article></body></html>"
    )
    (article,) = load_bytes(page, origin="stdin")
    assert "<p>" not in article.body
    assert article.body.startswith("The vote in parliament was delayed")


def test_json_object_list_and_lines(tmp_path: Path) -> None:
    one = {"title": "One", "text": "First story text.", "date": "2020-01-02", "url": "https://e.x/1", "author": ["A", "B"]}
    two = {"headline": "Two", "content": "<p>Second <b>story</b>.</p><p>Para two.</p>", "source": {"name": "Wire"}}
    (tmp_path / "one.json").write_text(json.dumps(one))
    (tmp_path / "many.json").write_text(json.dumps({"articles": [one, two, {"title": "no text"}]}))
    (tmp_path / "lines.jsonl").write_text(json.dumps(one) + "\n\n" + json.dumps(two) + "\n")
    (a,) = load_path(tmp_path / "one.json")
    assert (a.title, a.body, a.date, a.url, a.author) == ("One", "First story text.", "2020-01-02", "https://e.x/1", "A, B")
    many = load_path(tmp_path / "many.json")
    assert [m.title for m in many] == ["One", "Two"]
    assert many[1].body == "Second story.\n\nPara two."
    assert many[1].source == "Wire"
    assert [m.title for m in load_path(tmp_path / "lines.jsonl")] == ["One", "Two"]


@pytest.mark.parametrize(
    ("content", "suffix", "message"),
    [
        ("{not json", ".json", "not valid JSON"),
        ('{"a": 1}\n{oops', ".jsonl", "line 2"),
        ('[{"title": "x"}]', ".json", "no articles"),
        ("[" * 100000, ".json", "not valid JSON"),
    ],
)
def test_bad_json_rejected(content: str, suffix: str, message: str) -> None:
    with pytest.raises(ImportRejected, match=message):
        load_bytes(content.encode(), origin="x", suffix=suffix)


def test_folder_import_reports_everything(tmp_path: Path, seed_text: str) -> None:
    (tmp_path / "a.txt").write_text(seed_text, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.md").write_text("# B\n\nBody of b.", encoding="utf-8")
    (tmp_path / "sub" / "c.json").write_text('[{"title": "C1", "text": "c one"}, {"title": "C2", "text": "c two"}]')
    (tmp_path / "sub" / "bad.txt").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / "sub" / "image.png").write_bytes(b"\x89PNG")
    (tmp_path / ".hidden.txt").write_text("secret")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "config.txt").write_text("nope")
    os.mkfifo(tmp_path / "pipe.txt")

    items = list(iter_sources([str(tmp_path)]))
    by_name = {Path(i.source).name: i for i in items if not i.article}
    articles = [i.article for i in items if i.article]
    assert sorted(a.title for a in articles)[:3] == ["B", "C1", "C2"]
    assert len(articles) == 4
    assert "binary" in (by_name["bad.txt"].error or "") and not by_name["bad.txt"].skipped
    assert by_name["image.png"].skipped and ".png" in (by_name["image.png"].error or "")
    assert by_name[".hidden.txt"].skipped
    assert by_name[".git"].skipped
    assert by_name["pipe.txt"].skipped
    assert not any("config.txt" in i.source for i in items)


def test_folder_import_goes_on_past_an_unexpected_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """One file that hits a bug or a broken install (issue 10: an ImportError
    from lxml in b.html) is reported by name, with what to do, and the walk
    goes on to c.txt."""
    (tmp_path / "a.txt").write_text("Alpha text.", encoding="utf-8")
    (tmp_path / "b.html").write_text("<html><body><p>Beta.</p></body></html>", encoding="utf-8")
    (tmp_path / "c.txt").write_text("Gamma text.", encoding="utf-8")
    (tmp_path / "d.html").write_text("<html><body><p>Delta.</p></body></html>", encoding="utf-8")

    def broken_html(html: str, **kwargs: object) -> None:
        if "Beta" in html:
            raise ImportError("lxml.html.clean module is now a separate project lxml_html_clean")
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr("reader.articles.html.parse_html", broken_html)
    items = {Path(i.source).name: i for i in iter_sources([str(tmp_path)])}
    assert set(items) == {"a.txt", "b.html", "c.txt", "d.html"}
    assert items["a.txt"].ok and items["c.txt"].ok
    assert not items["b.html"].ok and "reinstall reader" in (items["b.html"].error or "")
    assert "lxml_html_clean" in (items["b.html"].error or "")
    assert not items["d.html"].ok and "ZeroDivisionError" in (items["d.html"].error or "")
    assert "report it as a bug" in (items["d.html"].error or "")


def test_iter_sources_never_raises(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Good text.")
    items = list(iter_sources([str(tmp_path / "missing.txt"), "-", str(good), "ftp://x"], stdin=io.BytesIO(b"From stdin.")))
    assert [bool(i.article) for i in items] == [False, True, True, False]
    assert items[0].error == "no such file or folder"
    assert items[1].source == "stdin" and items[1].article.origin == "stdin"  # type: ignore[union-attr]


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "locked.txt"
    path.write_text("secret")

    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    # chmod does not stop root (CI containers): simulate what the OS would say
    monkeypatch.setattr("reader.articles.load.open", denied, raising=False)
    with pytest.raises(ImportRejected, match="permission denied"):
        load_path(path)
    (item,) = iter_sources([str(path)])
    assert item.error == "cannot read: permission denied"


def test_reimport_is_idempotent(tmp_path: Path, seed_text: str) -> None:
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_text(seed_text, encoding="utf-8")
    b.write_text(seed_text.replace("\n\n", "\r\n\r\n").replace("“", '"').replace("”", '"') + "\n\n", encoding="utf-16")
    assert load_path(a)[0].id == load_path(a)[0].id == load_path(b)[0].id


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom(codec: str) -> None:
    text = "BRUSSELS (Reuters) - Ministers met on Monday, officials said. “Progress,” one said."
    (article,) = load_bytes(text.encode(codec), origin="x")
    assert article.place == "Brussels" and "“Progress,”" in article.body


def test_declared_latin1_means_cp1252_as_in_browsers() -> None:
    data = "He said \u201cyes\u201d \u2013 twice.".encode("cp1252")
    assert decode_bytes(data, declared="iso-8859-1") == "He said \u201cyes\u201d \u2013 twice."


def test_importing_the_package_stays_light() -> None:
    import subprocess
    import sys

    code = (
        "import sys, reader.articles; "
        "print(sorted(m for m in ('httpx', 'trafilatura', 'feedparser', 'charset_normalizer', 'nltk', 'textual', "
        "'tinydb', 'lxml') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
