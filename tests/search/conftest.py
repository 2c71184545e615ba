from __future__ import annotations

from pathlib import Path

import pytest

from reader.search import forget_indexes
from tests.search.fakes import FakeLibrary, sample_library


@pytest.fixture(autouse=True)
def _fresh_indexes():
    forget_indexes()
    yield
    forget_indexes()


@pytest.fixture
def lib(tmp_path: Path) -> FakeLibrary:
    return sample_library(tmp_path / "data")
