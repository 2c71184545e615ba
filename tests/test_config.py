"""The user config: defaults, every kind of mistake, and the keymap merge.

The contract under test: ``load_config`` never raises, a mistake costs only
the value it concerns, and each mistake yields one warning that names the
file, the setting and what was used instead.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.config import (
    DARK_THEME,
    DEFAULT_CONFIG_TOML,
    DEFAULT_KEYMAP,
    LAYERS,
    LIGHT_THEME,
    Config,
    is_valid_key,
    load_config,
    normalize_key,
    parse_config,
    write_default_config,
)
from reader.paths import config_file


def parse(text: str) -> tuple[Config, list[str]]:
    return parse_config(text, source="cfg.toml", themes=(DARK_THEME, LIGHT_THEME, "nord"))


# ---------------------------------------------------------------- defaults


def test_missing_file_gives_defaults_without_warnings(tmp_path: Path) -> None:
    config, warnings = load_config(tmp_path / "absent.toml")
    assert config == Config()
    assert warnings == []


def test_defaults_are_dark_theme_all_layers_and_vim_keys_beside_arrows() -> None:
    config = Config()
    assert config.theme == DARK_THEME
    assert config.layers == {name: True for name in LAYERS}
    assert config.keymap["article.next"] == ["down", "j"]
    assert config.keymap["article.previous"] == ["up", "k"]
    assert config.keymap["library.down"] == ["down", "j"]
    assert config.keymap["library.last"] == ["end", "G"]
    assert config.keymap_overrides() == {}


def test_default_config_text_parses_to_the_defaults() -> None:
    config, warnings = parse_config(DEFAULT_CONFIG_TOML)
    assert warnings == []
    assert config == Config()


def test_default_config_text_lists_every_binding_commented_out() -> None:
    for binding_id in DEFAULT_KEYMAP:
        assert f'# "{binding_id}" = [' in DEFAULT_CONFIG_TOML


def test_every_default_key_is_valid_and_no_screen_has_a_key_twice() -> None:
    seen: dict[tuple[str, str], str] = {}
    for binding_id, keys in DEFAULT_KEYMAP.items():
        group = binding_id.partition(".")[0]
        for key in keys:
            assert is_valid_key(key), (binding_id, key)
            assert normalize_key(key) == key, "defaults are written the way Textual names keys"
            assert (group, key) not in seen, f"{key} of {binding_id} is also {seen[(group, key)]}"
            seen[(group, key)] = binding_id


def test_load_config_defaults_to_the_platform_config_file(reader_home: Path) -> None:
    path = config_file()
    assert path == reader_home / "config.toml"
    path.parent.mkdir(parents=True)
    path.write_text('theme = "reader-light"\n', encoding="utf-8")
    config, warnings = load_config()
    assert (config.theme, warnings) == (LIGHT_THEME, [])


def test_write_default_config_writes_once_and_never_overwrites(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "config.toml"
    assert write_default_config(path) == path
    assert path.read_text(encoding="utf-8") == DEFAULT_CONFIG_TOML
    path.write_text('theme = "nord"\n', encoding="utf-8")
    with pytest.raises(FileExistsError):
        write_default_config(path)
    assert path.read_text(encoding="utf-8") == 'theme = "nord"\n'


# ------------------------------------------------------------ good values


def test_valid_values_are_all_read() -> None:
    config, warnings = parse(
        """
        theme = "reader-light"
        side_panel = false
        narrow_width = 120
        monochrome = true
        [layers]
        places = false
        [keymap]
        "article.next_quote" = ["x", "right_square_bracket"]
        """
    )
    assert warnings == []
    assert config.theme == LIGHT_THEME
    assert (config.side_panel, config.narrow_width, config.monochrome) == (False, 120, True)
    assert config.layers == {"quotes": True, "people": True, "places": False, "notes": True}
    assert config.keymap["article.next_quote"] == ["x", "right_square_bracket"]


def test_a_textual_builtin_theme_is_accepted_by_default() -> None:
    config, warnings = parse_config('theme = "nord"')
    assert (config.theme, warnings) == ("nord", [])


# -------------------------------------------------------------- bad files


def test_toml_syntax_error_names_the_line_and_falls_back(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('theme = "reader-light"\nside_panel = \n', encoding="utf-8")
    config, warnings = load_config(path)
    assert config == Config()
    assert len(warnings) == 1
    assert str(path) in warnings[0]
    assert "not valid TOML" in warnings[0]
    assert "line 2" in warnings[0]
    assert "defaults" in warnings[0]


def test_file_that_is_not_utf8_falls_back(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b'theme = "caf\xe9"\n')
    config, warnings = load_config(path)
    assert config == Config()
    assert len(warnings) == 1 and "not UTF-8" in warnings[0]


def test_unreadable_path_falls_back(tmp_path: Path) -> None:
    config, warnings = load_config(tmp_path)  # a directory
    assert config == Config()
    assert len(warnings) == 1 and "cannot read" in warnings[0]


# ------------------------------------------------------------- bad values


def test_unknown_setting_is_reported_with_a_suggestion_and_others_still_apply() -> None:
    config, warnings = parse('thme = "reader-light"\nside_panel = false\n')
    assert config.theme == DARK_THEME
    assert config.side_panel is False
    assert warnings == ["cfg.toml: unknown setting 'thme' ignored (did you mean 'theme'?)."]


def test_unknown_theme_lists_the_available_ones_and_keeps_the_default() -> None:
    config, warnings = parse('theme = "reader-lihgt"\n')
    assert config.theme == DARK_THEME
    assert len(warnings) == 1
    message = warnings[0]
    assert "unknown theme 'reader-lihgt'" in message
    assert "did you mean 'reader-light'?" in message
    assert "Available: nord, reader-dark, reader-light." in message


@pytest.mark.parametrize(
    ("text", "field", "expected_words"),
    [
        ("theme = 3", "theme", ["theme must be a string", "a number (3)"]),
        ('side_panel = "yes"', "side_panel", ["side_panel must be true or false", "a string ('yes')", "using true"]),
        ("monochrome = 1", "monochrome", ["monochrome must be true or false", "using false"]),
        ('narrow_width = "wide"', "narrow_width", ["narrow_width must be a whole number", "using 100"]),
        ("narrow_width = true", "narrow_width", ["narrow_width must be a whole number", "a boolean"]),
        ("narrow_width = 80.5", "narrow_width", ["narrow_width must be a whole number"]),
        ("narrow_width = 5", "narrow_width", ["between 40 and 400", "not 5"]),
        ("layers = true", "layers", ["[layers] must be a table", "using the defaults"]),
        ('keymap = ["j"]', "keymap", ["[keymap] must be a table", "using the default keys"]),
    ],
)
def test_wrong_type_falls_back_to_that_default_only(text: str, field: str, expected_words: list[str]) -> None:
    other = "" if field == "theme" else 'theme = "reader-light"'
    config, warnings = parse(f"{text}\n{other}\n")
    defaults = Config()
    assert getattr(config, field) == getattr(defaults, field)
    assert len(warnings) == 1, warnings
    for words in expected_words:
        assert words in warnings[0]
    if field != "theme":
        assert config.theme == LIGHT_THEME, "the other settings still apply"


def test_layer_mistakes_cost_only_that_layer() -> None:
    config, warnings = parse('[layers]\nquotes = "no"\npeople = false\nplaces_ = false\n')
    assert config.layers == {"quotes": True, "people": False, "places": True, "notes": True}
    assert len(warnings) == 2
    assert "layers.quotes must be true or false" in warnings[0]
    assert "unknown layer 'places_'" in warnings[1] and "did you mean 'places'?" in warnings[1]


# ----------------------------------------------------------------- keymap


def test_keymap_entry_replaces_only_its_own_keys() -> None:
    config, warnings = parse('[keymap]\n"article.next" = ["J", "down"]\n')
    assert warnings == []
    assert config.keymap["article.next"] == ["J", "down"]
    for binding_id, keys in DEFAULT_KEYMAP.items():
        if binding_id != "article.next":
            assert config.keymap[binding_id] == list(keys)
    overrides = config.keymap_overrides()
    assert overrides["article.next"] == "J,down"
    # ids sharing a key with it are passed unchanged: Textual's keymap would drop them otherwise
    assert overrides["library.down"] == "down,j" and overrides["list.down"] == "j"
    assert all(overrides[i] == ",".join(DEFAULT_KEYMAP[i]) for i in overrides if i != "article.next")


def test_keymap_accepts_a_comma_string_and_characters_and_normalises_them() -> None:
    config, warnings = parse('[keymap]\n"app.help" = "?, f1"\n"library.filter" = ["/", "slash"]\n')
    assert warnings == []
    assert config.keymap["app.help"] == ["question_mark", "f1"]
    assert config.keymap["library.filter"] == ["slash"], "duplicates after normalising are dropped"
    assert "library.filter" not in config.keymap_overrides(), "same as the default"


def test_keymap_unknown_binding_is_reported_with_a_suggestion() -> None:
    config, warnings = parse('[keymap]\n"article.nxt" = ["j"]\n')
    assert config.keymap == Config().keymap
    assert warnings == ["cfg.toml: unknown key binding 'article.nxt' in [keymap] ignored (did you mean 'article.next'?)."]


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ('["jj"]', "unknown key 'jj'"),
        ('["ctlr+d"]', "unknown key 'ctlr+d'"),
        ("[]", "has no keys"),
        ('""', "is not a key name"),
        ("[1]", "a number (1) is not a key name"),
        ("3", "must be a list of keys"),
        ('{ key = "j" }', "must be a list of keys"),
    ],
)
def test_keymap_bad_entry_keeps_the_default_keys(value: str, words: str) -> None:
    config, warnings = parse(f'[keymap]\n"article.next" = {value}\n"article.top" = ["t"]\n')
    assert config.keymap["article.next"] == ["down", "j"]
    assert config.keymap["article.top"] == ["t"], "the good entry still applies"
    assert len(warnings) == 1, warnings
    assert words in warnings[0]
    assert "keeping down, j" in warnings[0]


def test_keymap_clash_on_one_screen_is_reported() -> None:
    config, warnings = parse('[keymap]\n"article.note" = ["n"]\n')
    assert config.keymap["article.note"] == ["n"]
    assert len(warnings) == 1
    assert "'n'" in warnings[0] and "'article.next_quote'" in warnings[0] and "'article.note'" in warnings[0]


def test_keymap_swap_is_not_a_clash_and_other_screens_do_not_clash() -> None:
    config, warnings = parse(
        '[keymap]\n"article.note" = ["n"]\n"article.next_quote" = ["e", "right_square_bracket"]\n'
        '"library.sort" = ["n"]\n'
    )
    assert warnings == []
    overrides = config.keymap_overrides()
    assert {k: overrides[k] for k in ("article.note", "article.next_quote", "library.sort")} == {
        "article.note": "n",
        "article.next_quote": "e,right_square_bracket",
        "library.sort": "n",
    }
    assert overrides["find.next"] == "n"  # shares n: kept, acts only while a search shows matches


def test_moving_a_shared_key_keeps_the_other_binding() -> None:
    """find.next shares n with article.next_quote on the article view: moving it
    must not take n from the quotes (Textual's keymap drops a key's every binding)."""
    from textual.binding import Binding, BindingsMap

    config, warnings = parse('[keymap]\n"find.next" = ["ctrl+g"]\n')
    assert warnings == []
    bindings = BindingsMap([
        Binding("n", "next_match", id="find.next"),
        Binding("n,right_square_bracket", "next_quote", id="article.next_quote"),
    ])
    bindings.apply_keymap(config.keymap_overrides())

    def actions(key: str) -> list[str]:  # Textual may list a re-added binding twice: harmless
        return list(dict.fromkeys(b.action for b in bindings.key_to_bindings.get(key, [])))

    assert actions("n") == ["next_quote"]
    assert actions("ctrl+g") == ["next_match"]
    assert actions("right_square_bracket") == ["next_quote"]


def test_normalize_key_agrees_with_textual() -> None:
    from textual.keys import _normalize_key_list

    for key in ["?", "/", "[", "]", "{", "}", "-", "+", "@", "_", "\\", ".", "!", "a", "Z", "1", "ctrl+d", "f5"]:
        assert normalize_key(key) == _normalize_key_list(key), key


@pytest.mark.parametrize("key", ["j", "G", "ctrl+d", "shift+space", "f12", "question_mark", "right_square_bracket", "+", "é"])
def test_valid_keys(key: str) -> None:
    assert is_valid_key(key)


@pytest.mark.parametrize("key", ["jj", "ctlr+d", "ctrl+", "f25", "no_such_char_name", "shift+", ""])
def test_invalid_keys(key: str) -> None:
    assert not is_valid_key(key)


# ------------------------------------------------------------ never raises

_keys = st.sampled_from(["theme", "side_panel", "narrow_width", "monochrome", "layers", "keymap", "other"])
_scalars = st.one_of(
    st.booleans(),
    st.integers(-(2**40), 2**40),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=12),
)
_values = st.one_of(_scalars, st.lists(_scalars, max_size=3))
_tables = st.dictionaries(
    st.sampled_from([*LAYERS, *list(DEFAULT_KEYMAP)[:6], "x"]), _values, max_size=4
)


def _toml(data: dict[str, object]) -> str:
    """A tiny TOML writer for the generated shapes (JSON strings are TOML strings)."""
    top = [f"{k} = {json.dumps(v)}" for k, v in data.items() if not isinstance(v, dict)]
    tables = [
        f"[{k}]\n" + "\n".join(f"{json.dumps(kk)} = {json.dumps(vv)}" for kk, vv in v.items())
        for k, v in data.items()
        if isinstance(v, dict)
    ]
    return "\n".join(top) + "\n" + "\n".join(tables) + "\n"


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(_keys, st.one_of(_values, _tables), max_size=6))
def test_any_structure_gives_a_config_and_only_warnings(data: dict[str, object]) -> None:
    config, warnings = parse(_toml(data))
    assert isinstance(config, Config)
    assert all(isinstance(w, str) and w.startswith("cfg.toml: ") for w in warnings)
    assert config.theme in (DARK_THEME, LIGHT_THEME, "nord")
    assert set(config.layers) == set(LAYERS)
    assert set(config.keymap) == set(DEFAULT_KEYMAP)
    assert all(keys and all(is_valid_key(k) for k in keys) for keys in config.keymap.values())


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=80))
def test_any_text_gives_a_config(text: str) -> None:
    config, warnings = parse(text)
    assert isinstance(config, Config)
    assert all(isinstance(w, str) for w in warnings)
