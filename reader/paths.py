"""Where the user's files live.

One function per directory, each with the same override order, so tests and
scripts can isolate themselves: explicit argument, then ``READER_HOME``
(data) / ``READER_CONFIG`` (config), then the platform's standard place.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "reader"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    if override:
        return Path(override).expanduser()
    env = os.environ.get("READER_HOME")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_file(override: str | os.PathLike[str] | None = None) -> Path:
    if override:
        return Path(override).expanduser()
    env = os.environ.get("READER_CONFIG")
    if env:
        return Path(env).expanduser()
    home = os.environ.get("READER_HOME")
    if home:
        # An isolated data dir (tests, scripts) gets an isolated config too.
        return Path(home).expanduser() / "config.toml"
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "config.toml"


def _shipped(package: str, folder: str) -> Path:
    # Source checkout / editable install: the top-level folder itself.
    # Installed wheel: setup.py maps it to the data package ``reader._<folder>``
    # (a namespace package, so importlib.resources would hand back a
    # MultiplexedPath; the folder beside this module is the plain answer).
    here = Path(__file__).resolve().parent
    source = here.parent / folder
    if source.is_dir() and (here.parent / "pyproject.toml").is_file():
        return source
    return here / package.rpartition(".")[2]


def seeds_dir() -> Path:
    """The sample articles shipped with the app (top-level ``seeds/``)."""
    return _shipped("reader._seeds", "seeds")


def styles_dir() -> Path:
    """The Textual CSS shipped with the app (top-level ``styles/``)."""
    return _shipped("reader._styles", "styles")
