"""The config at work in the app: theme (remembered), keymap, layers, side
panel, warnings as notifications; and the palette's reader commands."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.config import DEFAULT_CONFIG_TOML, LIGHT_THEME, Config, load_config, parse_config
from reader.library import Library
from reader.tui.app import THEME_STATE_KEY, ReaderApp
from reader.tui.commands import ReaderCommands
from reader.tui.screens.article import ArticleScreen

from .conftest import open_library, settle

pytestmark = pytest.mark.asyncio


async def hits(app: ReaderApp, query: str) -> list:
    provider = ReaderCommands(app.screen, None)
    return [hit async for hit in provider.search(query)]


async def run_hit(app: ReaderApp, pilot, query: str, text: str) -> None:
    [hit] = [h for h in await hits(app, query) if str(h.text) == text]
    hit.command()
    await settle(app, pilot)


async def open_seed(app: ReaderApp, pilot) -> ArticleScreen:
    await settle(app, pilot)
    await pilot.press("enter")
    await settle(app, pilot)
    assert isinstance(app.screen, ArticleScreen)
    return app.screen


# ------------------------------------------------------------------ config


async def test_config_file_problems_are_notified_and_defaults_used(reader_home: Path, library: Library) -> None:
    (reader_home / "config.toml").write_text('theme = "nope"\n[layers]\nquotes = "off"\n', encoding="utf-8")
    app = ReaderApp(library=library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        messages = [n.message for n in app._notifications]
        assert any("unknown theme 'nope'" in m for m in messages)
        assert any("layers.quotes must be true or false" in m for m in messages)
        assert app.theme == "reader-dark"


async def test_config_theme_layers_and_narrow_width_apply(library: Library) -> None:
    config = Config(theme=LIGHT_THEME, layers={"quotes": True, "people": False, "places": True, "notes": True}, narrow_width=140)
    app = ReaderApp(library=library, config=config)
    async with app.run_test(size=(120, 40)) as pilot:
        assert app.theme == LIGHT_THEME
        screen = await open_seed(app, pilot)
        assert screen.view.shown_layers.people is False
        assert screen.view.shown_layers.quotes is True
        assert not screen.panel.display, "120 columns is narrow when narrow_width is 140"
        await pilot.press("p")
        assert screen.panel.display, "p still opens it"


async def test_side_panel_collapses_on_narrow_terminals_only(library: Library) -> None:
    app = ReaderApp(library=library, config=Config())
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_seed(app, pilot)
        assert not screen.panel.display
        await pilot.resize_terminal(200, 60)
        await settle(app, pilot)
        assert screen.panel.display
        assert screen.view.size.width + screen.panel.size.width <= 200


async def test_side_panel_off_in_config_stays_off_when_wide(library: Library) -> None:
    app = ReaderApp(library=library, config=Config(side_panel=False))
    async with app.run_test(size=(200, 60)) as pilot:
        screen = await open_seed(app, pilot)
        assert not screen.panel.display


async def test_keymap_from_config_rebinds_keys(library: Library) -> None:
    config, warnings = parse_config('[keymap]\n"article.next_quote" = ["x"]\n"app.help" = ["f1"]\n')
    assert warnings == []
    app = ReaderApp(library=library, config=config)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_seed(app, pilot)
        await pilot.press("x")
        await pilot.pause()
        assert screen.view.current is not None and screen.view.current.kind == "quote"
        before = screen.view.cursor
        await pilot.press("n")  # no longer bound
        await pilot.pause()
        assert screen.view.cursor == before
        await pilot.press("f1")
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"


# ------------------------------------------------------------------ themes


async def test_theme_choice_is_remembered_until_the_config_changes(reader_home: Path) -> None:
    library = open_library(reader_home)
    app = ReaderApp(library=library, config=Config())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await run_hit(app, pilot, "light", f"Switch theme: {LIGHT_THEME}")
        assert app.theme == LIGHT_THEME
    assert open_library(reader_home).user_state(THEME_STATE_KEY) == {"name": LIGHT_THEME, "config": "reader-dark"}

    again = ReaderApp(library=open_library(reader_home), config=Config())
    async with again.run_test(size=(100, 30)) as pilot:
        await settle(again, pilot)
        assert again.theme == LIGHT_THEME, "the pick is remembered"

    edited = ReaderApp(library=open_library(reader_home), config=Config(theme="nord"))
    async with edited.run_test(size=(100, 30)) as pilot:
        await settle(edited, pilot)
        assert edited.theme == "nord", "a new theme line in the config wins over an old pick"


async def test_highlights_follow_the_theme(library: Library) -> None:
    app = ReaderApp(library=library, config=Config())
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_seed(app, pilot)
        dark = screen.view._role_style("quote").color
        app.theme = LIGHT_THEME
        await settle(app, pilot)
        light = screen.view._role_style("quote").color
        assert dark != light
        assert screen.view._styled_with["quote"].color == light, "the text was styled again"


async def test_no_color_keeps_quotes_people_and_places_apart(library: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = ReaderApp(library=library, config=Config())
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_seed(app, pilot)
        styles = {role: screen.view._role_style(role) for role in ("quote", "figure", "place", "note")}
        assert styles["quote"].italic and not styles["quote"].bold
        assert styles["figure"].bold and not styles["figure"].italic
        assert styles["place"].underline
        assert not styles["note"].underline, "a note's underline would hide the places"


# ----------------------------------------------------------------- palette


async def test_palette_jumps_to_a_person_and_a_quote(library: Library) -> None:
    app = ReaderApp(library=library, config=Config())
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_seed(app, pilot)
        await run_hit(app, pilot, "person lamarque", "Jump to person: Kevin Lamarque")
        body = screen.data.article.body
        assert screen.view._mention is not None
        assert body[slice(*screen.view._mention)] == "Kevin Lamarque"
        quotes = sorted(screen.data.annotation.quotes, key=lambda q: q.start)
        third = quotes[2]
        found = [h for h in await hits(app, "jump to quote") if "quote 3 of" in (h.help or "")]
        assert len(found) == 1
        found[0].command()
        await settle(app, pilot)
        assert screen.view.current.kind == "quote" and screen.view.current.start == third.start


async def test_palette_toggles_layers(library: Library) -> None:
    app = ReaderApp(library=library, config=Config())
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_seed(app, pilot)
        await run_hit(app, pilot, "hide people", "Hide people highlights")
        assert screen.view.shown_layers.people is False
        await run_hit(app, pilot, "show people", "Show people highlights")
        assert screen.view.shown_layers.people is True


async def test_palette_exports_notes_and_a_backup(library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from reader.anchors import make_anchor

    monkeypatch.chdir(tmp_path)
    seed = library.summaries()[0]
    body = library.get(seed.id).body
    library.add_note(seed.id, make_anchor(body, 0, 20), "my note")
    app = ReaderApp(library=library, config=Config())
    async with app.run_test(size=(120, 40)) as pilot:
        await open_seed(app, pilot)
        await run_hit(app, pilot, "export this", "Export this article's notes (Markdown)")
        [markdown] = list((tmp_path / "reader-notes").glob("*.md"))
        assert "my note" in markdown.read_text(encoding="utf-8")
        await run_hit(app, pilot, "backup", "Export a backup (JSON)")
        [backup] = list((tmp_path / "reader-notes").glob("reader-backup-*.json"))
        assert json.loads(backup.read_text(encoding="utf-8"))["format"] == "reader-backup"
        assert any("Backup written to" in n.message for n in app._notifications)


async def test_palette_writes_the_default_config_once(reader_home: Path, library: Library) -> None:
    app = ReaderApp(library=library, config=Config())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await run_hit(app, pilot, "default config", "Write default config file")
        path = reader_home / "config.toml"
        assert path.read_text(encoding="utf-8") == DEFAULT_CONFIG_TOML
        assert load_config(path) == (Config(), [])
        await run_hit(app, pilot, "default config", "Write default config file")
        assert any("already exists" in n.message for n in app._notifications)


async def test_hostile_article_text_in_jump_commands_is_not_markup(library: Library) -> None:
    from reader.articles import parse_text

    from .conftest import HOSTILE_ARTICLE

    article_id, _ = library.add_article(parse_text(HOSTILE_ARTICLE, origin="hostile.txt"))
    app = ReaderApp(library=library, config=Config())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        app.open_article(article_id)
        await settle(app, pilot)
        found = await hits(app, "jump to quote")
        assert found
        assert any("[blink]markup[/blink]" in str(h.text) for h in found)
