"""Accuracy of the shipped tagger on CoNLL-2003 eng.testa (exact spans).

Needs ../shared beside the repository (CoNLL data is not shipped); skips
with the reason otherwise. Takes a few seconds: it only tags, never trains.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.needs_shared

PERSON_F1 = 0.95
OVERALL_F1 = 0.90


def test_testa_f1(shared_dir: Path) -> None:
    eval_ner = pytest.importorskip("tools.eval_ner")
    score, tokens, _ = eval_ner.evaluate(data=shared_dir / "data" / "conll2003" / "eng.testa")
    assert tokens > 50_000
    table = score.table()
    assert score.prf("PER")[2] >= PERSON_F1, table
    assert score.prf()[2] >= OVERALL_F1, table


def test_testa_f1_of_what_the_app_shows(shared_dir: Path) -> None:
    # annotate() on the documents rebuilt as text: the figures' repairs must
    # not cost the tagger's accuracy (the rebuilt text joins names that
    # CoNLL's sentence breaks split, so this stays below the tagger's own)
    eval_ner = pytest.importorskip("tools.eval_ner")
    score, tokens, _ = eval_ner.evaluate_annotate(shared_dir / "data" / "conll2003" / "eng.testa")
    assert tokens > 50_000
    table = score.table()
    assert score.prf("PER")[2] >= 0.95, table
    assert score.prf()[2] >= 0.905, table
