"""``reader.nlp.annotate`` as the library sees it: the contract, not the rules."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.domain import Annotation
from reader.nlp import annotate


def test_import_is_lazy() -> None:
    code = (
        "import sys, reader.nlp; "
        "print(json.dumps(sorted(m for m in ('nltk', 'reader.nlp.ner.tagger', 'reader.nlp.figures') if m in sys.modules)))"
    )
    out = subprocess.run(
        [sys.executable, "-c", "import json; " + code], capture_output=True, text=True, check=True
    ).stdout
    assert json.loads(out) == []


def test_model_version_combines_the_tagger_and_the_pipeline() -> None:
    import reader.nlp
    from reader.nlp.ner import MODEL_VERSION as ner_version
    from reader.nlp.pipeline import PIPELINE_VERSION, speaker_model_digest

    version = reader.nlp.MODEL_VERSION
    assert ner_version in version and PIPELINE_VERSION in version
    assert version.endswith(speaker_model_digest()) and len(speaker_model_digest()) == 8


def test_empty_and_blank_input() -> None:
    assert annotate("") == Annotation()
    assert annotate(" \n\n\t ") == Annotation()


def test_round_trip_through_the_dict_form() -> None:
    text = "Mike Pompeo arrived in Baghdad.\n\n“We are with you,” Pompeo said."
    annotation = annotate(text)
    data = annotation.to_dict()
    assert set(data) == {"entities", "figures", "quotes"}
    # to_dict writes the entities out by hand (speed): every field, in order, as asdict would
    assert data["entities"] and data["entities"] == [dataclasses.asdict(e) for e in annotation.entities]
    assert [list(e) for e in data["entities"]] == [[f.name for f in dataclasses.fields(e)] for e in annotation.entities]
    assert Annotation.from_dict(json.loads(json.dumps(data))) == annotation
    (quote,) = data["quotes"]
    assert quote["speaker"] == "Mike Pompeo"
    assert quote["speaker_mention"] == [text.rindex("Pompeo"), text.rindex("Pompeo") + 6]


def test_offsets_survive_unusual_whitespace_and_characters() -> None:
    text = "\ufeff  date 2019-02-06 LONDON -\r\n\r\n“Ça va,” said  Mike\u00a0Pompeo.\t\x1b[31m “no” \n\n"
    annotation = annotate(text)
    for e in annotation.entities:
        assert text[e.start : e.end] == e.text
    for q in annotation.quotes:
        assert text[q.start : q.end] == q.text
    for f in annotation.figures:
        assert all(0 <= s < e <= len(text) for s, e in f.mentions)


def test_unbalanced_marks_do_not_crash_or_swallow() -> None:
    text = "He said “this never closes.\n\nThen Pompeo said “real” things.\n\n” stray “ marks and “ more"
    annotation = annotate(text)
    assert [q.text for q in annotation.quotes] == ["“real”"]


def test_one_megabyte_input() -> None:
    from tests.conftest import SEED

    seed = SEED.read_text(encoding="utf-8")
    text = (seed + "\n\n") * (1_000_000 // (len(seed) + 2) + 1)
    annotation = annotate(text)
    copies = text.count(seed)
    assert len(annotation.quotes) == 12 * copies
    assert {f.name for f in annotation.figures} >= {"Mike Pompeo", "Joseph Votel", "Mohamed al-Hakim"}
    assert all(text[q.start : q.end] == q.text for q in annotation.quotes[-12:])


WORDS = ["Pompeo", "said", "he", "“", "”", '"', "’s", "Mr.", "Hakim", "told", ",", ".", "\n\n", "\n", "the", "REUTERS/", "according", "to", ":", "she", "added", "Army", "General", "al-", "'"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=60))
def test_any_mix_of_names_marks_and_verbs_gives_consistent_offsets(parts: list[str]) -> None:
    text = " ".join(parts)
    annotation = annotate(text)
    names = {f.name for f in annotation.figures}
    for e in annotation.entities:
        assert text[e.start : e.end] == e.text
    for q in annotation.quotes:
        assert text[q.start : q.end] == q.text
        assert q.speaker_kind in ("person", "organization", "description", None)
        assert (q.speaker is None) == (q.speaker_kind is None)
        assert q.person is None or q.person in names
        if q.speaker_mention is not None:
            s, e = q.speaker_mention
            assert 0 <= s < e <= len(text)
    for f in annotation.figures:
        assert f.name and all(0 <= s < e <= len(text) for s, e in f.mentions)
