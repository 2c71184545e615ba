"""The attribution's shortcuts (speed only) give what the plain definitions
they stand in for give: each is held here to the slow form it replaced."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.nlp.attribution import _FEMALE_NOUNS, _MALE_NOUNS, _UNNAMED_SPEAKER_RE, _unnamed_speakers
from reader.nlp.tokenize import word_spans

# Pieces that make and break the unnamed-speaker pattern: determiners,
# its nouns (also inside longer words), appositions, its verbs and near misses.
_PIECES = st.sampled_from(
    [
        "The ", "the ", "A ", "a ", "An ", "an ", "One ", "one ", "Another ", "another ", "tA ", "athe ",
        "man", "woman", "spokesman", "spokeswoman", "official", "officials", "co-worker", "Man", "workers",
        "source", "doctor", "aide", "senior ", "ministry ", "U.S. ", "well-known ", "x.y ",
        " said", " says", " told", " added", " declared", " saidx", "said", " said-so", " tells",
        ", who declined to give his name,", ",", ", ", "\n", ".", " ", "  ", "\u201c", "\u201d", "\u2019s",
    ]
)


def _full_pattern(text: str) -> list[tuple[int, str | None]]:
    return [
        (m.start(), "f" if m["noun"] in _FEMALE_NOUNS else "m" if m["noun"] in _MALE_NOUNS else None)
        for m in _UNNAMED_SPEAKER_RE.finditer(text)
    ]


def _unnamed(text: str) -> list[tuple[int, str | None]]:
    tokens = word_spans(text)
    return _unnamed_speakers(text, tokens, [text[s:e].lower() for s, e in tokens])


@settings(max_examples=500, deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join))
def test_unnamed_speakers_are_the_patterns_matches(text: str) -> None:
    """Running the pattern only on texts where a noun is followed by its
    tail finds every match the pattern finds on its own."""
    assert _unnamed(text) == _full_pattern(text)


def test_unnamed_speakers_found_and_not() -> None:
    text = "One elderly man, who declined to give his name, said it. The ministry spokeswoman told us."
    assert _unnamed(text) == _full_pattern(text) == [(0, "m"), (57, "f")]
    assert _unnamed("The man who said it. A spokesman's words said nothing.") == []



def test_scores_from_segments_are_the_sums_of_the_feature_lists() -> None:
    """Scoring a candidate from its segments' kept weights gives the very
    float summing its flat feature list gives (the same additions, in the
    same order), for every candidate of a text with quotes of every kind."""
    from reader.nlp import speakers
    from reader.nlp.attribution import candidate_lists, candidate_segments, prepare
    from reader.nlp.figures import build_figures
    from reader.nlp.ner import tag_entities
    from reader.nlp.quotes import find_quotes, paragraph_spans
    from reader.nlp.tokenize import sentence_spans

    text = (
        "WASHINGTON (Reuters) - “We will stay,” Secretary of State Mike Pompeo told reporters on Monday.\n\n"
        "He said the drawdown was “a tactical change.” A senior official, who declined to be named, said "
        "“nothing has changed.”\n\n“Not so fast,” said Interfax. “It is over,” the newspaper said.\n\n"
        "Hillary Clinton is describing the plan. She says it is “a disaster.”"
    )
    sentences = sentence_spans(text)
    analysis = build_figures(text, tag_entities(text, sentences))
    paragraphs = paragraph_spans(text)
    quotes = find_quotes(text, paragraphs)
    attributor, ctx, rules = prepare(text, quotes, paragraphs, sentences, analysis)
    model = speakers.ranker()
    seen = 0
    for index in range(len(quotes)):
        cands, segments, _ = candidate_segments(ctx, index, rules[index], "person", attributor)
        same_cands, feats = candidate_lists(ctx, index, rules[index], "person", attributor)
        assert cands == same_cands
        flat = [
            model.score(f) - model.person_bias if c is not None and c.kind in (speakers.PERSON, speakers.PRONOUN) else model.score(f)
            for c, f in zip(cands, feats)
        ]
        assert [s.hex() for s in model.score_segments(cands, segments)] == [s.hex() for s in flat]
        seen += len(cands)
    assert len(quotes) >= 5 and seen > 20


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["according", "to", "According", "AFL", "-", "&", "CIO", "President", "the", "Doris", ","]), max_size=12))
def test_according_to_before_a_title_needs_a_capital_or_a_joiner_first(words: list[str]) -> None:
    """_own_features asks for "according to" before a title only after a
    capitalised word or a joiner: it never holds otherwise."""
    from reader.nlp.speakers import _TITLE_JOINERS, Context, _according_to_before_title

    text = " ".join(words)
    ctx = Context(text, [], [], [], word_spans(text), [], {})
    for ti in range(len(ctx.tokens) + 1):
        if _according_to_before_title(ctx, ti):
            before = ctx.word(ti - 1)
            assert before[:1].isupper() or before in _TITLE_JOINERS


def test_according_to_before_a_title_past_a_joiner() -> None:
    from reader.nlp.speakers import Context, _according_to_before_title

    text = "according to AFL - CIO President Doris"
    ctx = Context(text, [], [], [], word_spans(text), [], {})
    assert _according_to_before_title(ctx, 6)
    assert ctx.word(3) == "-"  # the gate passes "-" as it passes a capital


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["he", "she", "He", "the", "her", "", "s", "he "]), max_size=40))
def test_indices_are_the_places_of_the_wanted_words_in_order(words: list[str]) -> None:
    """The C scans of :func:`_indices` find what a loop over every word finds."""
    from reader.nlp.attribution import _indices

    assert _indices(words, ("he", "she")) == [k for k, w in enumerate(words) if w in ("he", "she")]


def test_indices_of_several_words_interleave_in_text_order() -> None:
    from reader.nlp.attribution import _indices

    assert _indices(["she", "x", "he", "she", "he"], ("he", "she")) == [0, 2, 3, 4]
    assert _indices(["x", "y"], ("he", "she")) == []


def test_joined_segments_weigh_what_their_spelled_out_features_weigh() -> None:
    """A quote's features after a kind and position (speakers.Joined) are
    weighed from the model's features by prefix: the very floats the
    joined strings (attribution._joined_base) have, for every kind and
    position, features the model has and features it lacks."""
    from reader.nlp import speakers
    from reader.nlp.attribution import _joined_base

    model = speakers.Ranker(dict(speakers.ranker().weights), speakers.ranker().person_bias)
    quote_features = sorted({f.split("|", 2)[2] for f in model.weights if f.startswith("k=person|p=")})
    assert len(quote_features) > 20
    base = (*quote_features[:40], "qlen=never-seen", "a|b")
    kinds = [speakers.PERSON, speakers.PRONOUN, speakers.OTHER_PRONOUN, speakers.ORGANIZATION, speakers.DESCRIPTION]
    positions = ["after_sent", "after_later", "before_sent", "prev_sent", "before_para", "prev_para", "older"]
    checked = 0
    for kind, pos in [(k, p) for k in kinds for p in positions] + [("previous", None), ("nobody", None)]:
        joined = speakers.new_joined((kind, pos, base))
        spelled = _joined_base(kind, pos, base)
        weights = [model.weights.get(f, 0.0) for f in spelled]
        assert [w.hex() for w in model._weights_of(joined)] == [w.hex() for w in weights]
        checked += sum(1 for f in spelled if f in model.weights)
    assert checked > 100  # most of the base is in the model under some kind and position


# Words that make candidates of every kind (names, pronouns, descriptions,
# cues with names beside them, subject phrases, titles, owners) and quotes.
_CONTEXT_PIECES = st.sampled_from(
    [
        "the", "The", "a", "one", "several", "officials", "official", "spokesman", "campaign", "ministry",
        "Democrats", "others", "environmental", "groups", "granted", "said", "told", "says", "argue", "added",
        "according to", "he", "He", "she", "they", "We", "John Smith", "Smith", "Mary Jones", "Jones’s",
        "Interfax", "Reuters", "Politifact reported", "host", "radio", "Security Council", "of", "in", "and",
        "that", "was", ",", ".", ":", ";", "—", "\n\n", "\n", "“We will stay,”", "“It is over.”", "“Not so", "fast,”",
        "“", "”", '"', "Mr.", "Monday", "who", "declined", "to", "talk",
    ]
)


def _contexts(text: str) -> tuple[object, object, list[tuple[int, int]]]:
    from reader.nlp import speakers
    from reader.nlp.figures import build_figures
    from reader.nlp.ner import tag_entities
    from reader.nlp.quotes import find_quotes, paragraph_spans
    from reader.nlp.tokenize import sentence_spans

    sentences = sentence_spans(text)
    analysis = build_figures(text, tag_entities(text, sentences))
    paragraphs = paragraph_spans(text)
    quotes = find_quotes(text, paragraphs)
    regions = speakers.read_regions(text, quotes, paragraphs, sentences)
    args = (text, quotes, paragraphs, sentences, word_spans(text), analysis.mentions, analysis.entities)
    return speakers.build_context(*args), speakers.build_context(*args, regions), regions


def _analysis(text: str) -> tuple[list[object], list[object]]:
    from reader.nlp.figures import build_figures
    from reader.nlp.ner import tag_entities
    from reader.nlp.tokenize import sentence_spans

    analysis = build_figures(text, tag_entities(text, sentence_spans(text)))
    return analysis.mentions, analysis.entities


def _assert_regions_exact(text: str) -> None:
    """The candidates build_context finds in the regions the ranking reads
    are the whole text's there, and so are the modifiers among them; every
    candidate a quote's window, counts and subject read is in a region."""
    from reader.nlp import speakers

    whole, part, regions = _contexts(text)
    inside = [c for c in whole.candidates if any(a <= c.start < b for a, b in regions)]
    assert part.candidates == inside
    assert {c.start for c in inside if c.start in whole.modifiers} == {c.start for c in inside if c.start in part.modifiers}
    for index, q in enumerate(whole.quotes):
        assert [whole.candidates[c] for c in speakers.window(whole, index)] == [
            part.candidates[c] for c in speakers.window(part, index)
        ]
        assert speakers.quote_features(whole, index) == speakers.quote_features(part, index)
        assert speakers.previous_features(whole, index, "person") == speakers.previous_features(part, index, "person")
        for c in speakers.window(part, index):
            whole_c = whole.candidates.index(part.candidates[c])
            assert speakers._own_features(whole, whole_c)[:4] == speakers._own_features(part, c)[:4]
            assert whole.own[whole_c][4] is part.own[c][4]  # the same quote-independent features


@settings(max_examples=150, deadline=None)
@given(st.lists(_CONTEXT_PIECES, min_size=20, max_size=400).map(" ".join))
def test_regions_give_the_whole_texts_candidates(text: str) -> None:
    """build_context given the regions the ranking reads (speed only) finds
    there what it finds reading the whole text."""
    _assert_regions_exact(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(_CONTEXT_PIECES, min_size=5, max_size=120).map(" ".join), st.lists(st.integers(0, 700), max_size=8))
def test_any_regions_give_the_whole_texts_candidates_there(text: str, cuts: list[int]) -> None:
    """Whatever the regions (edges inside phrases, next to cues and names),
    the candidates starting in them are the whole text's: the margin of
    words the token passes read around them is wide enough."""
    from reader.nlp import speakers

    bounds = sorted({min(c, len(text)) for c in cuts})
    regions = [(a, b) for a, b in zip(bounds[::2], bounds[1::2]) if a < b]
    whole, _, _ = _contexts(text)
    args = (text, whole.quotes, whole.paragraphs, whole.sentences, whole.tokens)
    mentions, entities = _analysis(text)
    part = speakers.build_context(*args, mentions, entities, regions)
    inside = [c for c in whole.candidates if any(a <= c.start < b for a, b in regions)]
    assert part.candidates == inside
    assert {c.start for c in inside if c.start in whole.modifiers} == {c.start for c in inside if c.start in part.modifiers}


def test_regions_give_the_whole_texts_candidates_in_news() -> None:
    text = (
        "The campaign officials said on Monday that several environmental groups granted the request. "
        "Radio host John Smith, who declined to talk, said the ministry was wrong.\n\n"
        + "Officials of the ministry said the plan was over and Democrats argue it was not. " * 12
        + "\n\n“We will stay,” Smith told Interfax. Jones’s spokesman said: “It is over.”\n\n"
        + "The Security Council said it would meet. " * 12
        + "\n\n“Not so fast,” said Reuters, according to Mary Jones. He added “nothing has changed.”"
    )
    whole, part, regions = _contexts(text)
    assert len(whole.quotes) >= 4 and 0 < len(part.candidates) < len(whole.candidates)
    _assert_regions_exact(text)


@settings(max_examples=60, deadline=None)
@given(st.lists(_CONTEXT_PIECES, min_size=20, max_size=200).map(" ".join))
def test_placed_features_from_warm_caches_are_those_built_afresh(text: str) -> None:
    """A candidate's features but the quote's are one tuple kept by all
    they are made of (speakers._Shared.placed, speed only): read from
    caches warmed by every quote, candidate and rule reading of the text
    (and the texts before), they are what caches emptied before each
    quote build. A key missing a part (the rules' reading, say) would
    hand one candidate another's."""
    from reader.nlp import speakers

    whole, _, _ = _contexts(text)
    rules_of = [("none", None, None), ("unknown", None, None)] + [
        ("named", (c.start, c.end), c.figure) for c in whole.candidates if c.kind == speakers.PERSON
    ][:3]

    def lists(fresh: bool) -> list[object]:
        ctx = speakers.Context(
            whole.text, whole.quotes, whole.paragraphs, whole.sentences, whole.tokens, whole.candidates,
            whole.mention_counts, whole.modifiers,
        )
        out = []
        for index in range(len(ctx.quotes)):
            for rule in rules_of:
                if fresh:
                    speakers._SHARED.clear()
                    speakers._HEADS.clear()
                    ctx.own = [None] * len(ctx.candidates)
                out.append([speakers.candidate_features(ctx, index, c, rule) for c in speakers.window(ctx, index)])
        return out

    warm = lists(False)
    assert lists(False) == warm  # (warm both times)
    assert lists(True) == warm


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([",", "who", "Who", "x", ",who", ""]), max_size=5))
def test_a_relative_clause_opens_where_the_list_says(words: list[str]) -> None:
    """_opens_relative reads what the list of the first two words but
    commas read."""
    from reader.nlp.attribution import _opens_relative

    assert _opens_relative(words) == ([w for w in words[:2] if w != ","][:1] == ["who"])


@settings(max_examples=80, deadline=None)
@given(st.lists(_CONTEXT_PIECES, min_size=20, max_size=200).map(" ".join))
def test_pronouns_resolve_alike_from_kept_antecedent_facts(text: str) -> None:
    """What a pronoun's resolution reads of each mention before it (its
    score but distance and salience, its sentence) is kept for the
    pronouns after it (speed only): every "he"/"she" resolves as it does
    with nothing kept."""
    from reader.nlp.attribution import _Attributor
    from reader.nlp.figures import build_figures
    from reader.nlp.ner import tag_entities
    from reader.nlp.quotes import find_quotes, paragraph_spans
    from reader.nlp.tokenize import sentence_spans

    sentences = sentence_spans(text)
    analysis = build_figures(text, tag_entities(text, sentences))
    paragraphs = paragraph_spans(text)
    quotes = find_quotes(text, paragraphs)

    def resolved(forget: bool) -> dict[int, object]:
        attributor = _Attributor(text, quotes, paragraphs, sentences, analysis)
        if forget:
            antecedent = attributor._antecedent

            def afresh(start: int, end: int) -> object:
                attributor._antecedent_facts.clear()
                return antecedent(start, end)

            attributor._antecedent = afresh  # type: ignore[method-assign]
        attributor._resolve_all_pronouns()
        assert attributor.resolved is not None
        return dict(attributor.resolved)

    assert resolved(True) == resolved(False)


def test_placed_features_stay_bounded_and_change_nothing_when_forgotten(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # A worker importing a large folder annotates for a long time; the placed
    # features it keeps are held to _PLACED_LIMIT, and starting them afresh
    # mid-text gives the same speakers as keeping them all.
    from pathlib import Path

    from reader.nlp import annotate, speakers

    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parents[2] / "tools"))
    import gen_library

    texts = [a.body for a in gen_library.generate_articles(12, seed=23)]
    kept_all = [annotate(t).to_dict()["quotes"] for t in texts]
    monkeypatch.setattr(speakers, "_PLACED_LIMIT", 7)
    for shared in speakers._SHARED.values():
        shared.placed.clear()
    monkeypatch.setattr(speakers, "_placed_kept", 0)
    forgetting = [annotate(t).to_dict()["quotes"] for t in texts]
    assert forgetting == kept_all and sum(len(q) for q in kept_all) > 20
    assert 0 < sum(len(s.placed) for s in speakers._SHARED.values()) <= 7


def _own_groups_of(kind: str, features: list[str]) -> list[str]:
    """What is left of ``features`` once each group of
    speakers._OWN_GROUPS that applies to ``kind`` has taken its bundle
    (the longest that is there; one where one is always given)."""
    from reader.nlp import speakers

    left = list(features)
    for group_kind, always, bundles in speakers._OWN_GROUPS:
        if group_kind is not None and group_kind != kind:
            continue
        there = [b for b in bundles if all(f in left for f in b)]
        assert there or not always, (kind, features)
        if there:
            for f in max(there, key=len):
                left.remove(f)
            assert not any(all(f in left for f in b) for b in bundles), (kind, features)  # at most one bundle
    return left


def _own_feature_lists(text: str) -> list[tuple[str, list[str]]]:
    from reader.nlp import speakers

    whole, _, _ = _contexts(text)
    out = []
    for c, cand in enumerate(whole.candidates):
        shared = speakers._own_features(whole, c)[4]
        out.append((cand.kind, [*shared.early, *shared.late]))
    return out


@settings(max_examples=150, deadline=None)
@given(st.lists(_CONTEXT_PIECES, min_size=10, max_size=300).map(" ".join))
def test_own_features_fall_in_their_groups(text: str) -> None:
    """Every own feature of every candidate is one of a bundle of
    speakers._OWN_GROUPS, at most one bundle a group (the ranker's upper
    bound adds the best of each group, so a feature outside them, or two
    bundles of one group, could put a bound below its score)."""
    for kind, features in _own_feature_lists(text):
        assert _own_groups_of(kind, features) == []


def test_own_groups_take_every_kind_of_own_feature() -> None:
    """The groups check above can fail: a feature outside the groups is
    left over, and the fixed news text gives every group's features."""
    text = (
        "WASHINGTON (Reuters) - “We will stay,” Secretary of State Mike Pompeo told reporters on Monday.\n\n"
        "He said the drawdown was “a tactical change.” A senior official, who declined to be named, said "
        "“nothing has changed.”\n\n“Not so fast,” said Interfax: “It is over,” the newspaper said, "
        "according to John Smith. Smith’s plan failed. His aide has told them. Kerr Putney, the police chief, said “no.”\n\n"
        "Hillary Clinton is describing the plan to Smith. She says it is “a disaster.” The officials said so."
    )
    seen = set()
    for kind, features in _own_feature_lists(text):
        assert _own_groups_of(kind, features) == []
        seen.update(features)
    assert _own_groups_of("person", ["next_cue", "next_cue_form=past", "made_up_feature", "nth_in_sentence=0"]) == ["made_up_feature"]
    assert {"next_cue", "prev_cue", "according_to", "possessive", "sentence_start", "salience=1", "desc_det=the"} <= seen


def _news_texts() -> list[str]:
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))
    import gen_library

    return [a.body for a in gen_library.generate_articles(40, seed=5)]


def _quotes_of_news() -> Iterator[tuple[Any, Any, Any, int]]:
    """(attributor, context, rules, quote index) for every quote of the 40 generated articles."""
    from reader.nlp.attribution import prepare
    from reader.nlp.figures import build_figures
    from reader.nlp.ner import tag_entities
    from reader.nlp.quotes import find_quotes, paragraph_spans
    from reader.nlp.tokenize import sentence_spans

    for text in _news_texts():
        sentences = sentence_spans(text)
        analysis = build_figures(text, tag_entities(text, sentences))
        paragraphs = paragraph_spans(text)
        quotes = find_quotes(text, paragraphs)
        if not quotes:
            continue
        attributor, ctx, rules = prepare(text, quotes, paragraphs, sentences, analysis)
        for index in range(len(quotes)):
            yield attributor, ctx, rules, index


def test_upper_bounds_are_never_below_the_scores() -> None:
    """Ranker.upper_bound, found without a candidate's own features, is at
    least its score for every candidate of every quote of 40 generated
    articles; the bound is tight enough to spare most candidates."""
    from reader.nlp import speakers
    from reader.nlp.attribution import candidate_parts

    model = speakers.ranker()
    checked = spared = 0
    for attributor, ctx, rules, index in _quotes_of_news():
        cands, placings, segments, _ = candidate_parts(ctx, index, rules[index], "person", attributor)
        scores = []
        for cand, placing, parts in zip(cands, placings, segments):
            if placing is None:
                scores.append(model.score_parts(cand, parts))
                continue
            score = model.score_parts(cand, [speakers.placed_features(ctx, *placing), *parts])
            bound = model.upper_bound(cand, placing[1], parts)
            assert bound >= score
            checked += 1
            scores.append(score)
        spared += sum(
            1 for k, placing in enumerate(placings) if placing is not None and model.upper_bound(cands[k], placing[1], segments[k]) < max(scores)
        )
    assert checked > 300 and spared > checked / 3


def test_the_winner_is_the_best_of_all_scores() -> None:
    """attribution._best, which scores in full only the candidates whose
    bound reaches the best score found, picks what the first of the best
    of all scores picks, whatever candidates are allowed (all, none, a
    few), on every quote of 40 generated articles."""
    import random

    from reader.nlp import speakers
    from reader.nlp.attribution import _best, candidate_parts, candidate_segments

    model = speakers.ranker()
    rng = random.Random(7)
    checked = 0
    for attributor, ctx, rules, index in _quotes_of_news():
        cands, segments, _ = candidate_segments(ctx, index, rules[index], "person", attributor)
        all_scores = model.score_segments(cands, segments)
        for allowed in ([True] * len(cands), [False] * len(cands), [rng.random() < 0.5 for _ in cands]):
            scores = [s if a else float("-inf") for s, a in zip(all_scores, allowed)]
            _, placings, parts, _ = candidate_parts(ctx, index, rules[index], "person", attributor)
            assert _best(model, ctx, cands, placings, parts, allowed) == scores.index(max(scores))
            checked += 1
    assert checked > 300



def test_regions_cut_at_every_word_give_the_whole_texts_candidates() -> None:
    """A region starting or ending at any word of a text holding every
    kind of token-made candidate (a name beside a cue on either side, a
    subject phrase, a group, descriptions before names and owning them,
    pronouns) finds there what the whole text finds: the margin the passes
    read around the regions (speakers._REGION_MARGIN) reaches what they
    must: every cut, not a random few. Fails with a margin of 1."""
    from reader.nlp import speakers

    text = (
        "Officials said on Monday that several environmental groups granted the request, "
        "said Interfax. Politifact reported that Democrats argue it was over. "
        "Radio host John Smith, who declined to talk, told Reuters the ministry was wrong; "
        "one Obama insider described the campaign officials as tired. Jones’s spokesman said "
        "he would go and they said the Security Council had met."
    )
    whole, _, _ = _contexts(text)
    args = (text, whole.quotes, whole.paragraphs, whole.sentences, whole.tokens)
    mentions, entities = _analysis(text)
    for cut, _ in whole.tokens:
        for regions in ([(cut, len(text))], [(0, cut)], [(cut, cut + 40)]):
            part = speakers.build_context(*args, mentions, entities, regions)
            inside = [c for c in whole.candidates if any(a <= c.start < b for a, b in regions)]
            assert part.candidates == inside, (cut, regions)
            assert {c.start for c in inside} & whole.modifiers == {c.start for c in inside} & part.modifiers


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["the", "The", "THE", "Said", "he", "İstanbul", "ΑΣ", "Σ", "straße", "ǅ", "O’Neill", "U.S.", "3", "“"]), max_size=30))
def test_kept_lowercase_forms_are_the_words_lowered(words: list[str]) -> None:
    """The lowercase forms kept per process (speakers._LOWERED) are what
    ``str.lower`` gives each word (final sigma, dotted I, title-case digraphs
    among them), asked cold or warm, and so are build_context's."""
    from reader.nlp import speakers

    speakers._LOWERED.clear()
    for _ in range(2):
        assert list(map(speakers._LOWERED.__getitem__, words)) == [w.lower() for w in words]
    text = " ".join(words)
    whole, _, _ = _contexts(text) if text.strip() else (None, None, None)
    if whole is not None:
        assert whole.lows == [text[s:e].lower() for s, e in whole.tokens]


def test_kept_lowercase_forms_stay_bounded(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from reader.nlp import speakers

    monkeypatch.setattr(speakers, "_LOWERED_LIMIT", 3)
    speakers._LOWERED.clear()
    for word in ["A", "B", "C", "D", "E", "A"]:
        assert speakers._LOWERED[word] == word.lower()
        assert len(speakers._LOWERED) <= 3
    speakers._LOWERED.clear()
