"""PERSON precision and recall on our own out-of-domain text (issue 11's
target: F1 >= 0.85 and precision >= 0.85 on encyclopedic text).

The gold (``tests/nlp/data/names_ood_*.txt``) was written and bracketed by
hand, never proposed by the tagger; it ships with the repository, so this
needs nothing from ../shared. The dev file is what the rules were tuned on;
the held-out file was scored only to report, so its floor sits below what
was measured on it, not at a number chosen after looking at its errors.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))

import eval_names  # noqa: E402

# (precision, F1) floors, a little under what tools/eval_names.py [--heldout]
# measures (dev P 0.957 F1 0.964 on 278 names; held-out P 0.895 F1 0.885 on
# 127), so a real regression fails and a one-name wobble does not.
FLOORS = {"dev": (0.94, 0.95), "heldout": (0.87, 0.86)}


def test_gold_files_parse_into_documents_with_people() -> None:
    for path in (eval_names.DEV, eval_names.HELDOUT):
        docs = eval_names.read_gold(path)
        assert len(docs) >= 20
        assert len({d.name for d in docs}) == len(docs)
        for doc in docs:
            assert doc.people, doc.name
            for start, end, _ in doc.people:
                name = doc.text[start:end]
                assert name == name.strip() and name[:1].isupper(), (doc.name, name)


def test_marked_text_gives_offsets_into_the_plain_text() -> None:
    text, spans = eval_names.parse_marked("Prince [[Abdulaziz bin Salman]] met [[Ben Cohen]].")
    assert text == "Prince Abdulaziz bin Salman met Ben Cohen."
    assert {text[s:e] for s, e, _ in spans} == {"Abdulaziz bin Salman", "Ben Cohen"}
    with pytest.raises(ValueError):
        eval_names.parse_marked("[[Open only")


@pytest.mark.parametrize("part", ["dev", "heldout"])
def test_person_precision_and_f1_out_of_domain(part: str) -> None:
    path = eval_names.DEV if part == "dev" else eval_names.HELDOUT
    errors: list[str] = []
    score = eval_names.evaluate(path, errors=errors)
    precision, _, f1 = score.prf("PER")
    assert score.gold["PER"] >= 120
    min_precision, min_f1 = FLOORS[part]
    report = f"P {precision:.3f} F1 {f1:.3f}\n" + "\n".join(errors)
    assert precision >= min_precision, report
    assert f1 >= min_f1, report
