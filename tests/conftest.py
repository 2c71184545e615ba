"""Suite-wide fixtures.

Every test runs with its own READER_HOME so nothing ever touches the real
user's library, and with no proxy settings leaking in (tests never reach the
network).
"""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SEED = REPO / "seeds" / "000_cb9fb861f9f8ad95.txt"


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "reader-home"
    monkeypatch.setenv("READER_HOME", str(home))
    monkeypatch.delenv("READER_CONFIG", raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    return home


@pytest.fixture
def reader_home(_isolated_home: Path) -> Path:
    return _isolated_home


@pytest.fixture
def shared_dir() -> Path:
    """../shared beside the repository; tests that need it skip without it."""
    if not (SHARED / "data" / "conll2003" / "eng.testa").is_file():
        pytest.skip("../shared (CoNLL-2003 data, NLTK names corpus) is not beside the repository")
    return SHARED


@pytest.fixture
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def httpserver_listen_address() -> tuple[str, int]:
    """pytest-httpserver on 127.0.0.1 only (never a name lookup, never the network)."""
    return ("127.0.0.1", 0)
