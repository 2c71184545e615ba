"""The entity tagger on real text: the seed article, edge cases, and the
compiled fast path against the plain reference decoder."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.domain import Entity
from reader.nlp.ner import MODEL_FILE_VERSION, MODEL_VERSION, load_model, tag_entities, tag_tokens
from reader.nlp.ner import model_io
from reader.nlp.ner.labels import LABELS, spans
from reader.nlp.tokenize import sentence_spans, word_spans


def labelled(entities: list[Entity], label: str) -> set[str]:
    return {e.text for e in entities if e.label == label}


def test_importing_the_package_loads_neither_nltk_nor_the_model() -> None:
    code = (
        "import sys, reader.nlp.ner as n, reader.nlp.tokenize;"
        "assert 'nltk' not in sys.modules, 'nltk imported';"
        "assert n.load_model.cache_info().currsize == 0;"
        "print('ok')"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "ok"


def test_model_file_matches_model_version() -> None:
    assert load_model().version == MODEL_FILE_VERSION
    assert model_io.load()["version"] == MODEL_FILE_VERSION
    assert MODEL_VERSION.startswith(MODEL_FILE_VERSION)


def test_seed_people_are_persons(seed_text: str) -> None:
    people = labelled(tag_entities(seed_text), "PERSON")
    for name in ("Mike Pompeo", "Donald Trump", "Jim Mattis", "Mohamed al-Hakim", "Barham Salih", "Joseph Votel"):
        assert name in people, f"{name} not tagged PERSON; got {sorted(people)}"
    for surname in ("Pompeo", "Trump", "Hakim", "Votel"):
        assert surname in people


def test_seed_non_people_are_not_persons(seed_text: str) -> None:
    entities = tag_entities(seed_text)
    people = labelled(entities, "PERSON")
    for phrase in ("Islamic State", "State Department", "Islamic", "State"):
        assert phrase not in people
    assert not any("State" in p.split() for p in people)
    assert "Iraq" in labelled(entities, "LOCATION")


def test_entities_index_into_the_text(seed_text: str) -> None:
    entities = tag_entities(seed_text)
    assert entities
    assert entities == sorted(entities, key=lambda e: e.start)
    for e in entities:
        assert seed_text[e.start : e.end] == e.text
        assert e.label in ("PERSON", "ORGANIZATION", "LOCATION", "MISC")


def test_offsets_with_curly_quotes_and_non_ascii() -> None:
    text = (
        "\U0001F4F0 \u201cNous continuons,\u201d said Fran\u00e7ois Hollande in Z\u00fcrich on Monday. "
        "Angela Merkel met \u00c9douard Philippe in Paris."
    )
    entities = tag_entities(text)
    for e in entities:
        assert text[e.start : e.end] == e.text
    people = labelled(entities, "PERSON")
    assert "Angela Merkel" in people
    assert "Fran\u00e7ois Hollande" in people


def test_given_sentences_are_used() -> None:
    text = "Pompeo said so. Then Trump left."
    whole = tag_entities(text)
    assert whole == tag_entities(text, sentence_spans(text))
    # only the second sentence passed: nothing found in the first
    second = text.index("Then")
    only_second = tag_entities(text, [(second, len(text))])
    assert all(e.start >= second for e in only_second)
    assert "Trump" in {e.text for e in only_second}


def test_empty_and_blank_text() -> None:
    assert tag_entities("") == []
    assert tag_entities("  \n\n ") == []
    assert tag_tokens([]) == []
    assert tag_tokens([[]]) == [[]]


def test_one_megabyte_of_text(seed_text: str) -> None:
    text = (seed_text + "\n\n") * (1_000_000 // len(seed_text) + 1)
    assert len(text) >= 1_000_000
    entities = tag_entities(text)
    copies = len(text) // len(seed_text)
    pompeo = [e for e in entities if e.label == "PERSON" and "Pompeo" in e.text]
    assert len(pompeo) >= 8 * copies  # the seed names him 10 times
    assert all(text[e.start : e.end] == e.text for e in entities[-50:])


def test_tag_tokens_shape_and_tag_set() -> None:
    doc = [["Mike", "Pompeo", "visited", "Iraq", "."], ["He", "left", "."]]
    tags = tag_tokens(doc)
    assert [len(s) for s in tags] == [5, 3]
    assert all(t in LABELS for s in tags for t in s)
    assert spans(tags[0])[:1] == [(0, 2, "PER")]


def test_names_end_before_tokens_without_letters() -> None:
    doc = [["Bowling", ":", "Vaas", "7-0-29-0", ",", "de", "Silva", "4-0-25-0", ",", "Dharmasena", "3-1-9-0"]]
    tags = tag_tokens(doc)[0]
    for i, word in enumerate(doc[0]):
        if not any(ch.isalpha() for ch in word):
            assert "PER" not in tags[i], (word, tags)


def test_all_caps_headline() -> None:
    tags = tag_tokens([["CRICKET", "-", "LEICESTERSHIRE", "TAKE", "OVER", "AT", "TOP", "."]])[0]
    assert tags[0] == "O" and tags[2] != "O"


@pytest.mark.parametrize(
    ("tags", "expected"),
    [
        (["B-PER", "E-PER", "O", "S-LOC"], [(0, 2, "PER"), (3, 4, "LOC")]),
        (["B-ORG", "I-ORG", "E-ORG"], [(0, 3, "ORG")]),
        (["I-PER", "E-PER"], [(0, 2, "PER")]),
        (["S-PER", "S-PER"], [(0, 1, "PER"), (1, 2, "PER")]),
        (["B-PER", "E-LOC"], [(0, 1, "PER"), (1, 2, "LOC")]),
        (["O"], []),
    ],
)
def test_spans_from_tags(tags: list[str], expected: list[tuple[int, int, str]]) -> None:
    assert spans(tags) == expected


def test_fast_tagger_equals_reference_decoder(seed_text: str) -> None:
    """The compiled tagger (cached per-word sums, skipped lowercase runs,
    packed scores) must tag exactly as the obvious decoder over the same
    (unpacked) weights that training uses."""
    train_ner = pytest.importorskip("tools.train_ner")
    model = model_io.load()
    n, bits = len(LABELS), model["bits"]

    def plain(second: int) -> dict[str, dict[str, float]]:
        out = {}
        for feat, value in model["weights"].items():
            scores = model_io.unpack(value, 2 * n, bits)[second * n : (second + 1) * n]
            out[feat] = {LABELS[i]: float(s) for i, s in enumerate(scores) if s}
        return out

    text = seed_text + "\n\nCRICKET - LEICESTERSHIRE TAKE OVER AT TOP AFTER INNINGS VICTORY .\n\nLONDON 1996-08-30"
    doc = [[text[a:b] for a, b in word_spans(text, s, e)] for s, e in sentence_spans(text)]
    expected = train_ner.reference_tags(plain(0), plain(1), model["gazetteer"], doc)
    assert load_model().tag_document(doc) == expected


def test_document_profile_decides_document_features(seed_text: str) -> None:
    """Words with one ``DocumentStats.profile`` get the same document
    features and agreement: the tagger sums them once per profile."""
    from reader.nlp.ner import features as F

    text = seed_text + "\n\nPompeo met Mike Pompeo. The State Department and Islamic State said so. STATE OF PLAY"
    doc = [[text[a:b] for a, b in word_spans(text, s, e)] for s, e in sentence_spans(text)]
    stats = F.DocumentStats.build(doc, load_model().tag_document(doc, passes=1), load_model().gazetteer)
    lowers = {w.lower() for words in doc for w in words}
    seen: dict[tuple, tuple] = {}
    for lower in lowers:
        got = (sorted(stats.features(lower, 0)), [stats.agreement(lower, tag) for tag in LABELS])
        assert seen.setdefault(stats.profile(lower), got) == got, lower
    assert len(seen) > 8  # the seed's words have many profiles


def test_model_file_cannot_run_code(tmp_path) -> None:
    import pickle
    import zlib

    class Evil:
        def __reduce__(self):
            return (print, ("pwned",))

    path = tmp_path / "evil.bin"
    path.write_bytes(zlib.compress(pickle.dumps({"format": model_io.FORMAT, "x": Evil()})))
    with pytest.raises(pickle.UnpicklingError):
        model_io.load(path)


def test_pack_unpack_round_trip() -> None:
    values = [0, 5, -7, 32767, -32768, 1, 0, -1]
    assert model_io.unpack(model_io.pack(values, 24), len(values), 24) == values
    a, b = [3, -4, 0, 9], [-10, 2, 7, -9]
    total = model_io.pack(a, 24) + model_io.pack(b, 24)
    assert model_io.unpack(total, 4, 24) == [x + y for x, y in zip(a, b)]


def test_gazetteer_ships_inside_the_model() -> None:
    from reader.nlp.ner import gazetteer

    gaz = model_io.load()["gazetteer"]
    assert gaz["mike"] & gazetteer.MALE
    assert gaz["mary"] & gazetteer.FEMALE
    assert gaz["iraq"] & gazetteer.COUNTRY
    assert gazetteer.flag_letters(gazetteer.MALE | gazetteer.LAST) == ["M", "L"]


def test_typographic_quotes_are_read_as_quotes(seed_text: str) -> None:
    """CoNLL has only ASCII quotes; curly ones must not join a name."""
    for e in tag_entities(seed_text):
        assert e.text[0].isalnum() and e.text[-1] not in "\u201c\u201d\u2018\"'", e
    ascii_version = [["\"", "Islamic", "State", "\"", "said", "Mike", "Pompeo", "'s", "aide", "."]]
    curly_version = [["\u201c", "Islamic", "State", "\u201d", "said", "Mike", "Pompeo", "\u2019s", "aide", "."]]
    assert tag_tokens(ascii_version) == tag_tokens(curly_version)


@pytest.mark.parametrize("word", ["Pompeo", "al-Hakim", "U.S.", "1996-08-22", "McDonald's", "aa\n\nBB", "Ren\u00e9e", ""])
def test_short_shape_collapses_runs_as_the_regex_does(word: str) -> None:
    from reader.nlp.ner import features as F

    assert F.short_shape(word) == F._RUNS_RE.sub(r"\1", F.shape(word).rstrip("~"))


def test_tagging_leaves_no_cyclic_garbage(seed_text: str) -> None:
    """A document's tables are freed when tagging returns (reference
    counting), not left for the garbage collector: a cycle there once left
    ~90 objects an article to it, and its collections cost time."""
    import gc

    tag_entities(seed_text)  # caches filled
    gc.collect()
    gc.disable()
    try:
        tag_entities(seed_text + "\n\nMike Pompeo met Jean-Pierre Dupont in Paris.")
        assert gc.collect() == 0
    finally:
        gc.enable()


def test_context_features_spell_each_template_at_any_offset() -> None:
    """``context_features`` spells its prefixes once per offset (a new word's
    neighbour features are a quarter of the tagger's time on real news):
    the strings must be the templates', at the offsets the tagger reads and
    at any other, boundary markers included."""
    from reader.nlp.ner import features as F
    from reader.nlp.ner.gazetteer import flag_letters

    gazetteer = load_model().gazetteer

    def spelled(w: F.Word, k: int) -> list[str]:
        if w.word in (F.BOS, F.EOS):
            return [f"{k}w={w.word}"]
        feats = [f"{k}l={w.lower}", f"{k}ss={w.short}"]
        if w.lower in F.TITLES:
            feats.append(f"{k}T")
        if k in (-1, 1):
            feats += [f"{k}w={w.word}", f"{k}s={w.shape}", f"{k}x3={w.lower[-3:]}"]
            if w.gaz:
                feats.append(f"{k}gz={w.gaz}")
                feats.extend(f"{k}g{letter}" for letter in flag_letters(w.gaz))
        return feats

    words = ["Pompeo", "Mike", "Washington", "governor", "U.S.", "al-Hakim", "America\u2019s", "1996", ",", F.BOS, F.EOS]
    described = [F.describe(word, gazetteer) for word in words]
    assert any(w.gaz for w in described) and any(w.lower in F.TITLES for w in described)
    for w in described:
        for k in (-3, -2, -1, 0, 1, 2, 3):
            assert F.context_features(w, k) == spelled(w, k), (w.word, k)


def test_described_short_shape_is_collapsed_from_the_shape() -> None:
    """``describe`` remembers each shape's short form: met first or again,
    it is the shape with its runs collapsed."""
    from reader.nlp.ner import features as F

    words = ["Pompeo", "Hakim", "al-Hakim", "1996-08-22", "U.S.", "Internationalisation", "x~~", "Ab~", "\u00c9cole"]
    F._SHORT_OF.clear()
    for _ in range(2):
        for word in words:
            w = F.describe(word, {})
            assert w.short == F._RUNS_RE.sub(r"\1", F.shape(w.word).rstrip("~")), word
    assert F._SHORT_OF


def _spans_visiting_every_tag(tags: list[str]) -> list[tuple[int, int, str]]:
    """``labels.spans`` as it read every tag, O included (before it skipped them in C)."""
    found: list[tuple[int, int, str]] = []
    start = -1
    for i, tag in enumerate(tags):
        p = tag[0]
        if p == "O":
            start = -1
            continue
        if p in "BS" or start < 0 or tags[i - 1][2:] != tag[2:]:
            start = i
        if p in "ES" or i + 1 == len(tags) or tags[i + 1][0] in "OBS" or tags[i + 1][2:] != tag[2:]:
            found.append((start, i + 1, tag[2:]))
            start = -1
    return found


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(LABELS), max_size=14))
def test_spans_skipping_o_tags_equal_reading_every_tag(tags: list[str]) -> None:
    """Well-formed or not (stray I-/E-, types changing mid-entity)."""
    assert spans(tags) == _spans_visiting_every_tag(tags)
