"""Issue 12 item 9: no escape sequence or control character from outside
reaches the terminal, through any command.

A library is filled with hostile strings where the outside world can put
them: article titles, sources, bodies, URLs and origins (the library API
stores what an importer hands it), note text and the passages notes quote,
bookmark labels, feed subscriptions (titles, reader-given names, URLs, errors,
entries waiting for a retry), extracted web pages and Markdown, file and folder
names, URLs and ids typed on the command line, stdin, backup files, feeds
served by a local server. Then every command runs, on a pipe and on a
"terminal" (Rich told the output is a TTY, click told not to strip), and its
stdout and stderr must hold no C0/C1 control (other than newline and tab),
DEL, bidi control or line separator; on a terminal only Rich's own styling
sequences are allowed. The hostile text must still be *visible* (as escapes
such as ``\\x1b]52``): the commands say what is there, they do not hide it.

Adding a command: add a :class:`Case` to ``CASES`` -- ``test_every_command_has_a_case``
fails until each command and sub-command of ``reader`` has one.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result
from pytest_httpserver import HTTPServer

from reader.anchors import make_anchor
from reader.articles import article_id
from reader.cli import COMMANDS, cli
from reader.domain import Article
from tests.search.real import make_library, paragraphs, use_fake_pipeline

PAYLOADS = {
    "OSC 52 clipboard write": "\x1b]52;c;SGVsbG8gcHduZWQ=\x07",
    "OSC 0 window title": "\x1b]0;pwned title\x1b\\",
    "CSI clear screen and report cursor": "\x1b[2J\x1b[6n",
    "SGR colour": "\x1b[31;1m",
    "8-bit C1 CSI and OSC": "\x9b31m\x9d0;c1 title\x9c",
    "bidi override and isolate": "\u202eevil\u202c \u2066iso\u2069",
    "carriage return": "\rOVERWRITTEN",
    "BEL, backspace, DEL": "\x07\x08\x7f",
    "lone ESC": "\x1b",
    "NEL and line separator": "\x85\u2028",
}
EVERYTHING = "".join(PAYLOADS.values())
HOSTILE = f"Hostile {EVERYTHING} end"
# The body must stay searchable and quotable by the fake pipeline.
HOSTILE_BODY = (
    f"GENEVA (Wire) - Delegates met on Monday {EVERYTHING} to discuss the zebra treaty.\n\n"
    f"“The zebra treaty {EVERYTHING} is ready,” Anna Smith said."
)
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]")
RICH_SEQUENCES = re.compile(r"\x1b\[[0-9;]*m|\x1b\[\?25[lh]|\x1b\[2K|\x1b\[1A|\r")  # styles, progress redraws


def assert_printable(data: bytes, where: str, *, terminal: bool) -> str:
    text = data.decode("utf-8")  # strict: undecodable output is a failure too
    checked = RICH_SEQUENCES.sub("", text) if terminal else text
    found = UNSAFE.search(checked)
    if found:
        start = max(0, found.start() - 40)
        raise AssertionError(f"{where}: {found.group()!r} reached the terminal in {checked[start:found.end() + 40]!r}")
    for raw in ("\x1b]", "\x1b[2J", "\x1b[6n", "\x9b", "\u202e"):
        assert raw not in text, f"{where}: {raw!r} reached the terminal"
    return text


# ---------------------------------------------------------------- the hostile world


@dataclass
class World:
    data_dir: Path
    tmp: Path
    hostile_id: str
    folder: Path  # files with hostile names, some importable, some rejected
    hostile_file: Path  # an importable article whose name is hostile
    backup: Path  # a JSON backup holding hostile notes
    not_json: Path  # a hostile-named file that is not JSON
    feed_url: str  # a local feed with hostile titles
    extra: dict[str, Path] = field(default_factory=dict)
    subscribed: list[str] = field(default_factory=list)  # local feeds already subscribed, with hostile names


def hostile_name(name: str) -> str:
    """``name`` with every payload before its extension (no "/" in a file name; all else goes)."""
    stem, dot, suffix = name.rpartition(".")
    payload = EVERYTHING.replace("/", "")
    return f"{stem} {payload}.{suffix}" if dot else f"{name} {payload}"


ARTICLE_TEXT = "title A plain title\n\nBERN (Wire) - The council met on Tuesday to discuss the budget, officials said.\n"


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, httpserver: HTTPServer) -> World:
    use_fake_pipeline(monkeypatch)
    data_dir = tmp_path / "data"
    library = make_library(data_dir)
    article = Article(article_id(HOSTILE_BODY), HOSTILE, HOSTILE_BODY, source=HOSTILE, place=HOSTILE,
                      date="2019-03-01", url=f"https://example.org/story?{EVERYTHING}", author=HOSTILE,
                      origin=hostile_name("origin.txt"), paragraphs=paragraphs(HOSTILE_BODY))
    hostile_id, _ = library.add_article(article)
    quote_start = HOSTILE_BODY.index("“")
    library.add_note(hostile_id, make_anchor(HOSTILE_BODY, 0, 0, "article"), f"note {HOSTILE}\nsecond line")
    library.add_note(hostile_id, make_anchor(HOSTILE_BODY, quote_start, len(HOSTILE_BODY), "quote"), HOSTILE,
                     highlight=True)
    library.add_bookmark(hostile_id, 5, HOSTILE)
    subscribed = [httpserver.url_for("/subscribed.xml"), httpserver.url_for("/stubs.xml")]
    waiting = {"key": "urn:h:0", "link": httpserver.url_for("/missing"), "title": f"Pending {EVERYTHING}",
               "content_html": None, "published": None, "author": None, "stub": None, "attempts": 1, "error": HOSTILE}
    library.set_user_state("feeds", [
        {"url": f"http://127.0.0.1:9/{EVERYTHING}", "title": HOSTILE, "last_error": HOSTILE, "articles": 1},
        {"url": f"http://127.0.0.2:9/rss?{EVERYTHING}", "title": None, "last_error": None},  # no DNS in tests
        # the reader's own names (`e` on the feeds screen), retries waiting (tui's stubs and retries)
        {"url": subscribed[0], "title": HOSTILE, "name": f"Mine {EVERYTHING}", "allow_private": True,
         "pending": [waiting]},
        {"url": subscribed[1], "title": None, "name": f"Stubs {EVERYTHING}", "allow_private": True},
    ])
    backup = tmp_path / hostile_name("backup.json")
    from reader.export import export_json

    backup.write_text(json.dumps(export_json(library)), encoding="utf-8")
    library.close()

    folder = tmp_path / hostile_name("folder")
    folder.mkdir()
    (folder / hostile_name("empty.txt")).write_bytes(b"")
    (folder / hostile_name("binary.txt")).write_bytes(b"\x00\x01\x02" * 100)
    (folder / hostile_name("good.txt")).write_text(ARTICLE_TEXT.replace("Tuesday", "Monday"), encoding="utf-8")
    (folder / hostile_name("skipped.pdf")).write_bytes(b"%PDF-1.4")
    os.close(os.open(os.fsencode(folder) + b"/undecodable \xff\xfe name.txt", os.O_CREAT | os.O_WRONLY, 0o600))
    hostile_file = tmp_path / hostile_name("story.txt")
    hostile_file.write_text(ARTICLE_TEXT, encoding="utf-8")
    not_json = tmp_path / hostile_name("not-json.json")
    not_json.write_text(f"{{oops {EVERYTHING}", encoding="utf-8")

    feed = f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Feed {EVERYTHING}</title>
<item><title>Entry {EVERYTHING}</title><link>{httpserver.url_for('/missing')}</link><guid>urn:h:1</guid></item>
<item><title>Second {EVERYTHING}</title><link>{httpserver.url_for('/page')}</link><guid>urn:h:2</guid></item>
</channel></rss>"""
    httpserver.expect_request("/feed.xml").respond_with_data(feed, content_type="application/rss+xml")
    httpserver.expect_request("/subscribed.xml").respond_with_data(feed, content_type="application/rss+xml")
    stubs = f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Stub feed {EVERYTHING}</title>
<item><title>Paywalled {EVERYTHING}</title><link>{httpserver.url_for('/paywall')}</link><guid>urn:s:1</guid>
<description>LISBON (Wire) - The port said on Monday {EVERYTHING} that the ferries would wait.</description></item>
</channel></rss>"""
    httpserver.expect_request("/stubs.xml").respond_with_data(stubs, content_type="application/rss+xml")
    httpserver.expect_request("/paywall").respond_with_data("subscribe", status=403)
    httpserver.expect_request("/missing").respond_with_data("", status=404)
    page = (f"<html><head><title>Page {EVERYTHING}</title></head><body><article><h1>Page {EVERYTHING}</h1>"
            f"<p>ZURICH (Wire) - Officials said on Monday {EVERYTHING} that trams would run late.</p></article></body></html>")
    httpserver.expect_request("/page").respond_with_data(page, content_type="text/html")
    # Markup for `annotate` (read into its article first). Enough plain prose that the payload
    # stays under the share of controls that makes a file "binary".
    prose = "Officials said the harbour works would take weeks and residents were told to expect delays. " * 12
    extra = {"page": tmp_path / hostile_name("page.html"), "markdown": tmp_path / hostile_name("story.md")}
    extra["page"].write_text(
        f"<html><head><title>Talks</title></head><body><article><h1>Talks {EVERYTHING}</h1><p>{prose}</p>"
        f"<p>“We will {EVERYTHING} win,” said Mike Pompeo, who <a href='https://x.example/{EVERYTHING}'>"
        f"spoke</a> on Monday.</p><p>{prose}</p><p>Mike Pompeo left.</p><p>{prose}</p></article></body></html>",
        encoding="utf-8")
    extra["markdown"].write_text(
        # (the payload's CR, NEL and LS are line breaks: inside ** or a link they would break the syntax)
        f"# Talks {EVERYTHING}\n\n{prose}\n\n“We will **win**,” said [Mike Pompeo](https://x.example/).\n\n"
        f"{prose} {EVERYTHING}\n\n{prose}\n", encoding="utf-8")
    return World(data_dir, tmp_path, hostile_id, folder, hostile_file, backup, not_json,
                 httpserver.url_for("/feed.xml"), extra, subscribed)


# ---------------------------------------------------------------- the commands


@dataclass(frozen=True)
class Case:
    name: str
    command: tuple[str, ...]  # the command path it exercises, e.g. ("feed", "list")
    args: Callable[[World], list[str]]
    stdin: Callable[[World], str] | None = None
    styled: bool = False  # the command is told to style its output even on a pipe (--color)


def _article_ref(w: World) -> str:
    return w.hostile_id[:10]


CASES = [
    # add
    Case("add a folder of hostile file names", ("add",), lambda w: ["add", str(w.folder)]),
    Case("add a hostile file name, ids printed", ("add",), lambda w: ["add", "--ids", str(w.hostile_file)]),
    Case("add a missing hostile path", ("add",), lambda w: ["add", str(w.tmp / hostile_name("missing.txt"))]),
    Case("add a hostile URL", ("add",), lambda w: ["add", f"http://127.0.0.1:9/{EVERYTHING}"]),
    Case("add hostile stdin", ("add",), lambda w: ["add", "-"], stdin=lambda w: f"title {HOSTILE}\n\n{HOSTILE_BODY}\n"),
    # list
    Case("list", ("list",), lambda w: ["list"]),
    Case("list --json", ("list",), lambda w: ["list", "--json"]),
    Case("list sorted by title, filtered", ("list",), lambda w: ["list", "--sort", "title", "--filter", "hostile"]),
    Case("list with a hostile filter", ("list",), lambda w: ["list", "--filter", HOSTILE]),
    Case("list with a hostile sort", ("list",), lambda w: ["list", "--sort", HOSTILE]),
    # show
    Case("show a hostile article", ("show",), lambda w: ["show", _article_ref(w)]),
    Case("show a hostile article, coloured", ("show",), lambda w: ["show", "--color", _article_ref(w)], styled=True),
    Case("show a hostile file name", ("show",), lambda w: ["show", str(w.hostile_file)]),
    Case("show a hostile folder name", ("show",), lambda w: ["show", str(w.folder)]),
    Case("show a hostile id", ("show",), lambda w: ["show", HOSTILE]),
    # annotate (the real pipeline: text as read, not sanitised)
    Case("annotate hostile stdin", ("annotate",), lambda w: ["annotate", "-"],
         stdin=lambda w: f"“We will {EVERYTHING} win,” Mike Pompeo{EVERYTHING} said.\n\nMike Pompeo{EVERYTHING} left."),
    Case("annotate hostile stdin as JSON", ("annotate",), lambda w: ["annotate", "--json", "-"],
         stdin=lambda w: f"“We will {EVERYTHING} win,” said Mike Pompeo."),
    Case("annotate a hostile file name", ("annotate",), lambda w: ["annotate", str(w.hostile_file)]),
    Case("annotate a missing hostile path", ("annotate",), lambda w: ["annotate", str(w.tmp / hostile_name("nope"))]),
    # annotate on extracted text (markup is read into its article first; --json adds "text")
    Case("annotate a hostile web page", ("annotate",), lambda w: ["annotate", str(w.extra["page"])]),
    Case("annotate a hostile web page as JSON", ("annotate",), lambda w: ["annotate", "--json", str(w.extra["page"])]),
    Case("annotate a hostile Markdown file as JSON", ("annotate",),
         lambda w: ["annotate", "--json", str(w.extra["markdown"])]),
    Case("annotate a hostile web page on stdin as JSON", ("annotate",), lambda w: ["annotate", "--json", "-"],
         stdin=lambda w: w.extra["page"].read_text(encoding="utf-8")),
    # notes
    Case("notes", ("notes",), lambda w: ["notes"]),
    Case("notes --json", ("notes",), lambda w: ["notes", "--json"]),
    Case("notes of the hostile article", ("notes",), lambda w: ["notes", "--article", _article_ref(w)]),
    Case("notes of a hostile id", ("notes",), lambda w: ["notes", "--article", HOSTILE]),
    Case("notes add hostile text", ("notes", "add"), lambda w: ["notes", "add", _article_ref(w), HOSTILE]),
    Case("notes add to a hostile id", ("notes", "add"), lambda w: ["notes", "add", HOSTILE, "text"]),
    # search
    Case("search hostile text", ("search",), lambda w: ["search", "zebra"]),
    Case("search notes and titles", ("search",), lambda w: ["search", "hostile"]),
    Case("search --json", ("search",), lambda w: ["search", "--json", "zebra"]),
    Case("search a hostile query", ("search",), lambda w: ["search", HOSTILE]),
    Case("search a broken hostile query", ("search",), lambda w: ["search", f'"{EVERYTHING}', "person:"]),
    # export / restore
    Case("export JSON to stdout", ("export",), lambda w: ["export", "--format", "json"]),
    Case("export Markdown", ("export",), lambda w: ["export", "-o", str(w.tmp / "md")]),
    Case("export JSON to a hostile path", ("export",),
         lambda w: ["export", "--format", "json", "-o", str(w.tmp / hostile_name("out.json"))]),
    Case("export Markdown onto a hostile file", ("export",), lambda w: ["export", "-o", str(w.hostile_file)]),
    Case("export JSON onto a hostile folder", ("export",), lambda w: ["export", "--format", "json", "-o", str(w.folder)]),
    Case("export a hostile article id", ("export",), lambda w: ["export", "--article", HOSTILE]),
    Case("restore a hostile backup", ("restore",), lambda w: ["restore", "--yes", str(w.backup)]),
    Case("restore, answering the question", ("restore",), lambda w: ["restore", str(w.backup)], stdin=lambda w: "n\n"),
    Case("restore a hostile-named non-JSON file", ("restore",), lambda w: ["restore", "--yes", str(w.not_json)]),
    Case("restore a missing hostile file", ("restore",), lambda w: ["restore", "--yes", str(w.tmp / hostile_name("x"))]),
    # doctor (storage): what it found, about a library holding hostile text
    Case("doctor", ("doctor",), lambda w: ["doctor"]),
    # feeds
    Case("feed list", ("feed", "list"), lambda w: ["feed", "list"]),
    Case("feed add a hostile URL unchecked", ("feed", "add"), lambda w: ["feed", "add", "--no-check", f"https://x.example/{EVERYTHING}"]),
    Case("feed add a hostile URL", ("feed", "add"), lambda w: ["feed", "add", "--timeout", "2", f"http://127.0.0.1:9/{EVERYTHING}"]),
    Case("feed add a hostile feed", ("feed", "add"), lambda w: ["feed", "add", "--allow-private", w.feed_url]),
    Case("feed refresh", ("feed", "refresh"), lambda w: ["feed", "refresh", "--timeout", "2"]),
    Case("feed refresh: names, marks, retries", ("feed", "refresh"),
         lambda w: ["feed", "refresh", "--timeout", "2", *w.subscribed]),
    Case("feed refresh a hostile URL", ("feed", "refresh"), lambda w: ["feed", "refresh", f"https://nowhere.example/{EVERYTHING}"]),
    Case("feed remove a hostile URL", ("feed", "remove"), lambda w: ["feed", "remove", f"http://127.0.0.1:9/{EVERYTHING}"]),
    Case("feed remove an unknown hostile URL", ("feed", "remove"), lambda w: ["feed", "remove", HOSTILE]),
    # delete
    Case("delete the hostile article", ("delete",), lambda w: ["delete", _article_ref(w)]),
    Case("delete a hostile id", ("delete",), lambda w: ["delete", HOSTILE]),
    # errors click reports for every command
    Case("an unknown hostile command", (), lambda w: [HOSTILE]),
    Case("an unknown hostile option", (), lambda w: ["list", f"--x{EVERYTHING}"]),
    Case("a hostile data folder that is a file", (), lambda w: ["--data-dir", str(w.hostile_file), "list"]),
    Case("help", (), lambda w: ["--help"]),
]


def _run(world: World, case: Case, terminal: bool) -> Result:
    args = case.args(world)
    if "--data-dir" not in args:
        args = ["--data-dir", str(world.data_dir), *args]
    env = {"TTY_COMPATIBLE": "1" if terminal else "0", "NO_COLOR": None, "COLUMNS": "120"}
    stdin = case.stdin(world) if case.stdin else None
    return CliRunner().invoke(cli, args, input=stdin, env=env, color=True)


@pytest.mark.parametrize("mode", ["pipe", "terminal"])
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_no_control_reaches_the_terminal(case: Case, mode: str, world: World) -> None:
    terminal = mode == "terminal"
    result = _run(world, case, terminal=terminal)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"{case.name}: crashed") from result.exception
    out = assert_printable(result.stdout_bytes, f"{case.name} (stdout, {mode})", terminal=terminal or case.styled)
    err = assert_printable(result.stderr_bytes, f"{case.name} (stderr, {mode})", terminal=terminal or case.styled)
    assert "Traceback" not in out + err


def _visible(text: str) -> bool:
    return "\\x1b]52" in text or "\\u001b]52" in text or "\\x1b]0" in text or "\\u001b]0" in text


@pytest.mark.parametrize(
    "name",
    ["add a folder of hostile file names", "notes", "search notes and titles", "list", "feed list",
     "delete the hostile article", "an unknown hostile command", "notes --json", "feed refresh: names, marks, retries"],
)
def test_hostile_text_is_shown_escaped_not_hidden(name: str, world: World) -> None:
    """The reader sees that something odd is there (and which file it was)."""
    case = next(c for c in CASES if c.name == name)
    result = _run(world, case, terminal=False)
    assert _visible(result.stdout + result.stderr), result.stdout + result.stderr


def test_json_output_is_the_same_data(world: World) -> None:
    """Escaping for the terminal keeps JSON exact: the note text comes back byte for byte."""
    result = _run(world, next(c for c in CASES if c.name == "notes --json"), terminal=False)
    texts = {n["text"] for n in json.loads(result.stdout)}
    assert f"note {HOSTILE}\nsecond line" in texts and HOSTILE in texts


def test_feed_refresh_keeps_its_marks_and_names(world: World) -> None:
    """tui's ✗ / ! marks and the reader's feed names survive the escaping: a feed with a failed
    retry is ✗ (exit 1), a feed whose page waits for a retry is !, each under its own name."""
    result = _run(world, next(c for c in CASES if c.name == "feed refresh: names, marks, retries"), terminal=False)
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    failed = next(line for line in lines if line.startswith("✗ Mine \\x1b]52"))
    assert "3 failed" in failed and "3 to retry next time" in failed
    waiting = next(line for line in lines if line.startswith("! Stubs \\x1b]52"))
    assert "1 from the feed text" in waiting and "1 to retry next time" in waiting
    assert any(line.strip().startswith("Pending \\x1b]52") and "404" in line for line in lines), "the retry's failure"
    feeds = _run(world, next(c for c in CASES if c.name == "feed list"), terminal=False).stdout
    assert "Mine \\x1b]52" in feeds and "Stubs \\x1b]52" in feeds


def test_annotate_json_text_is_what_the_offsets_index(world: World) -> None:
    """The extracted article text goes into the JSON escaped for the terminal, yet the value is
    the same string: every offset still indexes it."""
    for name in ("annotate a hostile web page as JSON", "annotate a hostile Markdown file as JSON"):
        result = _run(world, next(c for c in CASES if c.name == name), terminal=False)
        assert result.exit_code == 0, result.output
        data = json.loads(result.stdout)
        text = data["text"]
        assert "Mike Pompeo" in text and "<p>" not in text and "**" not in text
        assert data["quotes"] and data["entities"]
        for item in [*data["quotes"], *data["entities"]]:
            assert text[item["start"]:item["end"]] == item["text"]


def test_folder_import_names_every_rejected_file(world: World) -> None:
    result = _run(world, CASES[0], terminal=False)
    rejected = [line for line in result.stderr.splitlines() if line.startswith("rejected: ")]
    assert len(rejected) == 3, result.stderr  # empty, binary, and the undecodable (empty) one
    assert any("\\udcff\\udcfe" in line for line in rejected), "undecodable bytes shown, not a crash"
    assert "1 added" in result.stderr


def _command_paths() -> set[tuple[str, ...]]:
    paths: set[tuple[str, ...]] = set()
    ctx = click.Context(cli)
    for name in COMMANDS:
        command = cli.get_command(ctx, name)
        assert command is not None
        if isinstance(command, click.Group):
            if command.invoke_without_command:
                paths.add((name,))
            paths.update((name, sub) for sub in command.list_commands(ctx))
        else:
            paths.add((name,))
    return paths


def test_every_command_has_a_case() -> None:
    covered = {case.command for case in CASES}
    missing = _command_paths() - covered
    assert not missing, f"add a Case for: {sorted(' '.join(p) for p in missing)}"


def test_real_process_add_folder(world: World) -> None:
    """The installed entry point (with its crash handler), on real pipes."""
    import subprocess

    reader = Path(sys.executable).with_name("reader")
    done = subprocess.run([str(reader), "--data-dir", str(world.tmp / "fresh"), "add", str(world.folder)],
                          capture_output=True, timeout=120)
    assert_printable(done.stdout, "reader add (stdout)", terminal=False)
    err = assert_printable(done.stderr, "reader add (stderr)", terminal=False)
    assert _visible(err) and "1 added" in err


def test_a_crash_message_is_printed_safely(capsys: pytest.CaptureFixture[str]) -> None:
    from reader.cli import _printable_traceback

    try:
        raise KeyError(f"bad {EVERYTHING}")
    except KeyError as error:
        _printable_traceback(type(error), error, error.__traceback__)
    err = capsys.readouterr().err
    assert "KeyError" in err and not UNSAFE.search(err.replace("\n", "")) and "\x1b" not in err


# ---------------------------------------------------------------- the TUI keeps it literal


@pytest.mark.asyncio
async def test_tui_renders_hostile_titles_notes_and_feeds_literally(world: World) -> None:
    from tests.tui.conftest import settle
    from reader.config import Config
    from reader.library import Library
    from reader.tui.app import ReaderApp

    library = Library.open(world.data_dir, seed=False)
    app = ReaderApp(library=library, config=Config(feed_refresh_minutes=0))
    screens: dict[str, str] = {}
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(app, pilot)
        screens["library"] = app.export_screenshot()
        app.open_article(world.hostile_id)
        await settle(app, pilot)
        screens["article"] = app.export_screenshot()
        await pilot.press("escape")
        await settle(app, pilot)
        await pilot.press("N")  # all notes
        await settle(app, pilot)
        screens["notes"] = app.export_screenshot()
        await pilot.press("escape")
        await settle(app, pilot)
        await pilot.press("f")  # the feeds screen: hostile titles, reader-given names, errors
        await settle(app, pilot)
        screens["feeds"] = app.export_screenshot()
    library.close()
    for name, svg in screens.items():
        found = UNSAFE.search(svg.replace("\n", "").replace("\t", ""))
        assert found is None, f"{name} screen: {found.group()!r}"
    assert all("Hostile" in svg for svg in screens.values()), "the hostile text is there, shown literally"
    assert "Mine" in screens["feeds"] and "Stubs" in screens["feeds"], "the reader's feed names"
