from __future__ import annotations

from pathlib import Path

import pytest

from reader.library import Library
from tests.library.helpers import FAKE_ANNOTATOR


@pytest.fixture
def lib(tmp_path: Path) -> Library:
    """An empty library (no seed) using the fake language pipeline."""
    library = Library.open(tmp_path / "data", seed=False, annotator=FAKE_ANNOTATOR)
    yield library
    library.close()
