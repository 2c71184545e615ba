from __future__ import annotations

from pathlib import Path

import pytest

from reader.library import Library
from tests.search.fakes import sample_library


@pytest.fixture
def lib(tmp_path: Path) -> Library:
    library = sample_library(tmp_path / "data")
    yield library
    library.close()
