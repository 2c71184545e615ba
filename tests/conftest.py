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


@pytest.fixture
def loopback_one_is_public(monkeypatch: pytest.MonkeyPatch) -> None:
    """127.0.0.1 (where pytest-httpserver listens) stands in for a public site, for a
    test of what happens when the app fetches one -- the TUI has no ``--allow-private``.
    Every other address keeps its real status (127.0.0.2 is still loopback)."""
    import ipaddress

    import reader.articles.addresses as addresses

    real = addresses.why_not_public

    def fake(address: object) -> str | None:
        if ipaddress.ip_address(str(address)) == ipaddress.ip_address("127.0.0.1"):
            return None
        return real(address)  # type: ignore[arg-type]

    monkeypatch.setattr(addresses, "why_not_public", fake)


@pytest.fixture(scope="session")
def httpserver_listen_address() -> tuple[str, int]:
    """pytest-httpserver on 127.0.0.1 only (never a name lookup, never the network)."""
    return ("127.0.0.1", 0)
