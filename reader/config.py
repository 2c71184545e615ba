"""The user's configuration file (TOML): theme, keys, highlight layers, panel,
reading width, feed refresh interval.

A config file is edited by hand, so every mistake in it must end in a clear
sentence and a working app, never in a traceback: :func:`load_config` never
raises. Each problem costs only the value it concerns (that value falls back
to its default) and yields one warning the TUI shows as a notification.

Only the standard library is imported here: the CLI may read the config
without paying for Textual.
"""

from __future__ import annotations

import difflib
import os
import sys
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

DARK_THEME = "reader-dark"
LIGHT_THEME = "reader-light"
READER_THEMES = (DARK_THEME, LIGHT_THEME)
DEFAULT_THEME = DARK_THEME

# The highlight layers of the article view, in the order of their keys (1–4).
LAYERS = ("quotes", "people", "places", "notes")

MIN_NARROW_WIDTH, MAX_NARROW_WIDTH = 40, 400
MIN_READING_WIDTH, MAX_READING_WIDTH = 30, 400
MAX_FEED_REFRESH_MINUTES = 7 * 24 * 60

# Binding id -> keys. The TUI's bindings carry these ids (``Binding(id=...)``)
# and the same default keys; the user's ``[keymap]`` table replaces the keys of
# an id. Vim-style keys sit beside the arrows by default. Ids are grouped by
# where the key works: ``app`` everywhere, the others on their screen.
DEFAULT_KEYMAP: dict[str, tuple[str, ...]] = {
    # everywhere
    "app.quit": ("q",),
    "app.help": ("question_mark",),
    "app.bookmarks": ("B",),
    "app.notes": ("N",),
    "app.search": ("ctrl+f", "S"),
    "app.figures": ("F",),
    "app.feeds": ("f",),
    "app.undo": ("u",),
    # library list
    "library.up": ("up", "k"),
    "library.down": ("down", "j"),
    "library.page_up": ("pageup", "ctrl+b"),
    "library.page_down": ("pagedown", "space", "ctrl+d"),
    "library.first": ("home", "g"),
    "library.last": ("end", "G"),
    "library.open": ("enter",),
    "library.filter": ("slash",),
    "library.clear_filter": ("escape",),
    "library.sort": ("s",),
    "library.bookmark": ("b",),
    "library.delete": ("d",),
    "library.add": ("a",),
    "library.toggle_read": ("r",),
    "library.all_read": ("A",),
    # article
    "article.back": ("escape", "q"),
    "article.next": ("down", "j"),
    "article.previous": ("up", "k"),
    "article.next_quote": ("n", "right_square_bracket"),
    "article.previous_quote": ("N", "left_square_bracket"),
    "article.next_paragraph": ("right_curly_bracket",),
    "article.previous_paragraph": ("left_curly_bracket",),
    "article.page_down": ("space", "pagedown", "ctrl+d"),
    "article.page_up": ("pageup", "shift+space", "ctrl+u"),
    "article.top": ("g", "home"),
    "article.bottom": ("G", "end"),
    "article.note": ("e", "enter"),
    "article.article_note": ("A",),
    "article.view_notes": ("v",),
    "article.notes_list": ("o",),
    "article.mark": ("m",),
    "article.bookmark": ("b",),
    "article.panel": ("p",),
    "article.layer_quotes": ("1",),
    "article.layer_people": ("2",),
    "article.layer_places": ("3",),
    "article.layer_notes": ("4",),
    "article.select": ("V",),
    "article.find": ("slash",),
    "article.open_original": ("O",),
    "article.copy_url": ("y",),
    "article.links": ("L",),
    # while the search in the article (/) has matches; otherwise n/N are the quote keys
    "find.next": ("n",),
    "find.previous": ("N",),
    "find.clear": ("escape",),
    # while selecting text to highlight (after V)
    "selection.grow_word": ("l",),
    "selection.shrink_word": ("h",),
    "selection.grow_start": ("L",),
    "selection.shrink_start": ("H",),
    "selection.grow_sentence": ("right_parenthesis",),
    "selection.shrink_sentence": ("left_parenthesis",),
    "selection.grow_paragraph": ("right_curly_bracket",),
    "selection.shrink_paragraph": ("left_curly_bracket",),
    "selection.confirm": ("enter",),
    "selection.cancel": ("escape",),
    # the other screens
    "list.down": ("j",),  # in every list besides the arrows: bookmarks, notes, people, search, feeds, links
    "list.up": ("k",),
    "links.open": ("enter", "o"),
    "links.copy": ("y",),
    "feeds.back": ("escape", "q"),
    "feeds.open": ("enter",),
    "feeds.add": ("a",),
    "feeds.remove": ("d",),
    "feeds.rename": ("e",),
    "feeds.refresh": ("r",),
    "feeds.refresh_all": ("R",),
    "feeds.all_read": ("A",),
    "bookmarks.back": ("escape", "q"),
    "bookmarks.delete": ("d", "delete"),
    "notes.back": ("escape",),
    "notes.filter": ("slash",),
    "notes.edit": ("e",),
    "notes.delete": ("d", "delete"),
    "search.back": ("escape",),
    "search.query": ("slash", "ctrl+f"),
    "figures.back": ("escape",),
    "figures.filter": ("slash",),
}

# Keys that are not one character and not a character's Unicode name.
_NAMED_KEYS = frozenset(
    {"escape", "enter", "return", "tab", "space", "backspace", "delete", "insert", "home", "end"}
    | {"pageup", "pagedown", "up", "down", "left", "right"}
    | {f"f{n}" for n in range(1, 25)}
)
_MODIFIERS = ("ctrl", "shift", "alt", "meta", "super", "hyper")
# Textual's short names for some characters (textual.keys.KEY_NAME_REPLACEMENTS).
_KEY_NAME_REPLACEMENTS = {
    "solidus": "slash",
    "reverse_solidus": "backslash",
    "commercial_at": "at",
    "hyphen_minus": "minus",
    "plus_sign": "plus",
    "low_line": "underscore",
}
_REPLACED_KEYS = {short: long for long, short in _KEY_NAME_REPLACEMENTS.items()}


def default_keymap() -> dict[str, list[str]]:
    return {binding_id: list(keys) for binding_id, keys in DEFAULT_KEYMAP.items()}


def default_layers() -> dict[str, bool]:
    return {name: True for name in LAYERS}


@dataclass(slots=True)
class Config:
    """Settings read from ``config.toml``; every field has a working default."""

    theme: str = DEFAULT_THEME
    keymap: dict[str, list[str]] = field(default_factory=default_keymap)
    layers: dict[str, bool] = field(default_factory=default_layers)
    side_panel: bool = True  # show the article's side panel when the terminal is wide enough
    narrow_width: int = 100  # below this many columns the side panel starts collapsed
    monochrome: bool = False  # draw highlights without colour, as if NO_COLOR were set
    reading_width: int = 80  # article text is at most this many columns wide
    feed_refresh_minutes: int = 30  # refresh the feeds this often while the app runs; 0: never

    def keymap_overrides(self) -> dict[str, str]:
        """The ids whose keys differ from the defaults, as Textual's
        ``App.set_keymap`` wants them ("j,down"), plus the ids that share a
        key with them, unchanged.

        Textual's keymap replaces *every* binding of a key on a widget when it
        moves one: moving the find keys off ``n`` would also take ``n`` from
        "next quote", which shares it (the find keys act only while a search
        shows matches). Passing the sharers with their own keys puts them back.
        """
        changed = {
            binding_id: keys for binding_id, keys in self.keymap.items() if tuple(keys) != DEFAULT_KEYMAP.get(binding_id)
        }
        touched = {key for binding_id, keys in changed.items() for key in (*keys, *DEFAULT_KEYMAP.get(binding_id, ()))}
        sharers = {
            binding_id: keys
            for binding_id, keys in self.keymap.items()
            if binding_id not in changed and touched.intersection(keys)
        }
        return {binding_id: ",".join(keys) for binding_id, keys in {**changed, **sharers}.items()}


_TOP_LEVEL = (
    "theme", "side_panel", "narrow_width", "monochrome", "reading_width", "feed_refresh_minutes", "layers", "keymap",
)


def load_config(path: Path | None = None, *, themes: Iterable[str] | None = None) -> tuple[Config, list[str]]:
    """Read the config file; (config, one warning per problem). Never raises.

    A missing file is not a problem (defaults, no warning). ``themes`` are the
    accepted theme names (default: reader's and Textual's built-in ones).
    """
    if path is None:
        from reader.paths import config_file

        path = config_file()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Config(), []
    except OSError as error:
        return Config(), [f"{path}: cannot read the config file ({error.strerror or error}); using the defaults."]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        return Config(), [f"{path}: the config file is not UTF-8 text (byte {error.start}); using the defaults."]
    return parse_config(text, source=str(path), themes=themes)


def parse_config(text: str, *, source: str = "config.toml", themes: Iterable[str] | None = None) -> tuple[Config, list[str]]:
    """:func:`load_config` on text already read (``source`` names it in warnings)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return Config(), [f"{source}: not valid TOML: {error}. Using the defaults."]
    return _Reader(source, themes).read(data)


class _Reader:
    """One pass over the parsed TOML, collecting warnings as it goes."""

    def __init__(self, source: str, themes: Iterable[str] | None) -> None:
        self.source = source
        self.themes = tuple(themes) if themes is not None else None
        self.warnings: list[str] = []

    def warn(self, message: str) -> None:
        self.warnings.append(f"{self.source}: {message}")

    def read(self, data: dict[str, Any]) -> tuple[Config, list[str]]:
        config = Config()
        for key in data:
            if key not in _TOP_LEVEL:
                self.warn(f"unknown setting {key!r} ignored{_did_you_mean(key, _TOP_LEVEL)}.")
        if "theme" in data:
            config.theme = self.theme(data["theme"], config.theme)
        for name in ("side_panel", "monochrome"):
            if name in data:
                setattr(config, name, self.boolean(name, data[name], getattr(config, name)))
        if "narrow_width" in data:
            config.narrow_width = self.whole_number(
                "narrow_width", data["narrow_width"], config.narrow_width, MIN_NARROW_WIDTH, MAX_NARROW_WIDTH
            )
        if "reading_width" in data:
            config.reading_width = self.whole_number(
                "reading_width", data["reading_width"], config.reading_width, MIN_READING_WIDTH, MAX_READING_WIDTH
            )
        if "feed_refresh_minutes" in data:
            config.feed_refresh_minutes = self.whole_number(
                "feed_refresh_minutes", data["feed_refresh_minutes"], config.feed_refresh_minutes, 0,
                MAX_FEED_REFRESH_MINUTES, unit="minutes",
            )
        if "layers" in data:
            config.layers = self.layers(data["layers"], config.layers)
        if "keymap" in data:
            config.keymap = self.keymap(data["keymap"], config.keymap)
        return config, self.warnings

    # ------------------------------------------------------------ values

    def boolean(self, name: str, value: Any, default: bool) -> bool:
        if isinstance(value, bool):
            return value
        self.warn(f"{name} must be true or false, not {_describe(value)}; using {str(default).lower()}.")
        return default

    def theme(self, value: Any, default: str) -> str:
        if not isinstance(value, str):
            self.warn(f"theme must be a string such as {DARK_THEME!r}, not {_describe(value)}; using {default!r}.")
            return default
        name = value.strip()
        if name in READER_THEMES:
            return name
        known = self.themes if self.themes is not None else known_themes()
        if name in known:
            return name
        self.warn(
            f"unknown theme {value!r}{_did_you_mean(name, known)}; using {default!r}. "
            f"Available: {', '.join(sorted(known))}."
        )
        return default

    def whole_number(self, name: str, value: Any, default: int, low: int, high: int, unit: str = "columns") -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            self.warn(f"{name} must be a whole number of {unit}, not {_describe(value)}; using {default}.")
            return default
        if not low <= value <= high:
            self.warn(f"{name} must be between {low} and {high}, not {value}; using {default}.")
            return default
        return value

    def layers(self, value: Any, default: dict[str, bool]) -> dict[str, bool]:
        if not isinstance(value, dict):
            self.warn(f"[layers] must be a table (quotes = true, …), not {_describe(value)}; using the defaults.")
            return dict(default)
        layers = dict(default)
        for name, on in value.items():
            if name not in LAYERS:
                self.warn(f"unknown layer {name!r} in [layers] ignored{_did_you_mean(name, LAYERS)}. Layers: {', '.join(LAYERS)}.")
                continue
            layers[name] = self.boolean(f"layers.{name}", on, default[name])
        return layers

    def keymap(self, value: Any, default: dict[str, list[str]]) -> dict[str, list[str]]:
        if not isinstance(value, dict):
            self.warn(f"[keymap] must be a table (\"article.next\" = [\"down\", \"j\"]), not {_describe(value)}; using the default keys.")
            return {k: list(v) for k, v in default.items()}
        keymap = {k: list(v) for k, v in default.items()}
        changed: set[str] = set()
        for binding_id, keys in value.items():
            if binding_id not in DEFAULT_KEYMAP:
                self.warn(f"unknown key binding {binding_id!r} in [keymap] ignored{_did_you_mean(binding_id, DEFAULT_KEYMAP)}.")
                continue
            parsed = self.keys(binding_id, keys)
            if parsed is not None:
                keymap[binding_id] = parsed
                changed.add(binding_id)
        for key, ids in _clashes(keymap, changed):
            self.warn(
                f"key {key!r} is bound to {' and '.join(repr(i) for i in ids)} on the same screen; "
                "only one of them will get it. Give the other a different key."
            )
        return keymap

    def keys(self, binding_id: str, value: Any) -> list[str] | None:
        """The keys of one [keymap] entry, normalised; None (and a warning) if unusable."""
        defaults = ", ".join(DEFAULT_KEYMAP[binding_id])
        if isinstance(value, str):
            items: list[Any] = value.split(",") if value.strip() != "," else [","]
        elif isinstance(value, list):
            items = value
        else:
            self.warn(f"keymap {binding_id!r} must be a list of keys such as [\"j\", \"down\"], not {_describe(value)}; keeping {defaults}.")
            return None
        keys: list[str] = []
        for item in items:
            if not isinstance(item, str) or not item.strip():
                self.warn(f"keymap {binding_id!r}: {_describe(item)} is not a key name; keeping {defaults}.")
                return None
            key = normalize_key(item.strip())
            if not is_valid_key(key):
                self.warn(f"keymap {binding_id!r}: unknown key {item.strip()!r}; keeping {defaults}.")
                return None
            if key not in keys:
                keys.append(key)
        if not keys:
            self.warn(f"keymap {binding_id!r} has no keys (an action cannot be unbound); keeping {defaults}.")
            return None
        return keys


def _clashes(keymap: Mapping[str, list[str]], changed: set[str]) -> list[tuple[str, list[str]]]:
    """(key, ids) for keys given to several ids of one group (one screen),
    when the user changed at least one of them: the defaults never clash."""
    owners: dict[tuple[str, str], list[str]] = {}
    for binding_id, keys in keymap.items():
        group = binding_id.partition(".")[0]
        for key in keys:
            owners.setdefault((group, key), []).append(binding_id)
    return [(key, ids) for (_, key), ids in owners.items() if len(ids) > 1 and changed.intersection(ids)]


def normalize_key(key: str) -> str:
    """A key as Textual names it in bindings ("?" → "question_mark"), so
    keys written either way compare equal. Mirrors ``textual.keys._character_to_key``."""
    if len(key) != 1 or key.isalnum():
        return key
    try:
        name = unicodedata.name(key).lower().replace("-", "_").replace(" ", "_")
    except ValueError:
        return key
    return _KEY_NAME_REPLACEMENTS.get(name, name)


def is_valid_key(key: str) -> bool:
    """Whether Textual can ever deliver this key (modifiers + one key)."""
    *modifiers, base = key.split("+") if key != "+" else [key]
    if any(m not in _MODIFIERS for m in modifiers):
        return False
    if len(base) == 1:
        return True
    if base in _NAMED_KEYS or base in _REPLACED_KEYS:
        return True
    try:
        unicodedata.lookup(base.replace("_", " ").upper())
    except KeyError:
        return False
    return True


def known_themes() -> tuple[str, ...]:
    """reader's themes plus Textual's built-in ones (imports Textual's theme
    table only when a non-reader theme is asked for)."""
    from textual.theme import BUILTIN_THEMES

    return (*READER_THEMES, *BUILTIN_THEMES)


def _did_you_mean(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _describe(value: Any) -> str:
    kind = {bool: "a boolean", int: "a number", float: "a number", str: "a string", list: "a list", dict: "a table"}.get(
        type(value), type(value).__name__
    )
    shown = repr(value)
    if len(shown) > 30:
        shown = shown[:29] + "…"
    return f"{kind} ({shown})"


def _toml_keys(keys: Iterable[str]) -> str:
    return "[" + ", ".join(f'"{k}"' for k in keys) + "]"


def _default_config_toml() -> str:
    defaults = Config()
    lines = [
        "# reader configuration. Delete a line to get its default back.",
        "# A mistake here is reported when reader starts; the rest still applies.",
        "",
        "# Colour theme: reader-dark, reader-light, or any Textual theme (nord, gruvbox, …).",
        "# The theme you pick in the app (Ctrl+P, \"theme\") is remembered until you",
        "# change this line.",
        f'theme = "{DEFAULT_THEME}"',
        "",
        "# Show the article's side panel (people, quotes, notes) when the terminal is",
        "# at least narrow_width columns wide; p toggles it.",
        f"side_panel = {str(defaults.side_panel).lower()}",
        f"narrow_width = {defaults.narrow_width}",
        "",
        "# Article text is at most this many columns wide (long lines are hard to read).",
        f"reading_width = {defaults.reading_width}",
        "",
        "# Refresh the feeds every this many minutes while reader runs (0: only when",
        "# asked, with R on the feeds screen or `reader feed refresh`).",
        f"feed_refresh_minutes = {defaults.feed_refresh_minutes}",
        "",
        "# Draw highlights with underline, bold and italic only (the NO_COLOR",
        "# environment variable does the same).",
        f"monochrome = {str(defaults.monochrome).lower()}",
        "",
        "# Highlight layers shown when an article opens (keys 1–4 toggle them).",
        "[layers]",
        *(f"{name} = true" for name in LAYERS),
        "",
        "# Keys: binding = a list of keys. Uncomment a line to change it. Names are",
        "# Textual's: \"j\", \"G\", \"ctrl+d\", \"pagedown\", \"question_mark\" or \"?\".",
        "[keymap]",
        *(f'# "{binding_id}" = {_toml_keys(keys)}' for binding_id, keys in DEFAULT_KEYMAP.items()),
        "",
    ]
    return "\n".join(lines)


DEFAULT_CONFIG_TOML = _default_config_toml()


def write_default_config(path: Path | None = None) -> Path:
    """Write :data:`DEFAULT_CONFIG_TOML` where the config lives; never
    overwrites (raises ``FileExistsError``) since the file is the user's."""
    if path is None:
        from reader.paths import config_file

        path = config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8", newline="\n") as handle:
        handle.write(DEFAULT_CONFIG_TOML)
        handle.flush()
        os.fsync(handle.fileno())
    return path


__all__ = [
    "DARK_THEME",
    "DEFAULT_CONFIG_TOML",
    "DEFAULT_KEYMAP",
    "DEFAULT_THEME",
    "LAYERS",
    "LIGHT_THEME",
    "READER_THEMES",
    "Config",
    "default_keymap",
    "is_valid_key",
    "known_themes",
    "load_config",
    "normalize_key",
    "parse_config",
    "write_default_config",
]
