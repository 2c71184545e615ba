"""Figure clustering, canonical names and roles, from hand-made entity lists
(so these tests pin the document-level rules, not the tagger)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.domain import Entity
from reader.nlp.figures import build_figures


def ents(text: str, *items: tuple[str, str]) -> list[Entity]:
    """Entities for every occurrence of each (string, label) not inside an
    earlier item's occurrence."""
    out: list[Entity] = []
    for needle, label in items:
        start = text.find(needle)
        while start >= 0:
            end = start + len(needle)
            if not any(e.start < end and start < e.end for e in out):
                out.append(Entity(start, end, needle, label))
            start = text.find(needle, end)
    return sorted(out, key=lambda e: e.start)


def figures(text: str, *items: tuple[str, str]) -> dict[str, tuple[str | None, list[str]]]:
    result = build_figures(text, ents(text, *items))
    return {f.name: (f.role, [text[s:e] for s, e in f.mentions]) for f in result.figures}


def test_surname_joins_the_full_name_and_the_canonical_name_is_the_fullest() -> None:
    text = "Mike Pompeo spoke. Later Pompeo said more. Pompeo left."
    assert figures(text, ("Mike Pompeo", "PERSON"), ("Pompeo", "PERSON")) == {
        "Mike Pompeo": (None, ["Mike Pompeo", "Pompeo", "Pompeo"])
    }


def test_name_particle_is_optional_in_the_short_form() -> None:
    text = "Foreign Minister Mohamed al-Hakim spoke. Hakim said he agreed."
    found = figures(text, ("Mohamed al-Hakim", "PERSON"), ("Hakim", "PERSON"))
    assert list(found) == ["Mohamed al-Hakim"]
    assert found["Mohamed al-Hakim"] == ("Foreign Minister", ["Mohamed al-Hakim", "Hakim"])


def test_possessive_is_stripped_from_mentions() -> None:
    text = "President Donald Trump spoke. It was Trump’s decision and Trump's call."
    result = build_figures(text, ents(text, ("Donald Trump", "PERSON"), ("Trump’s", "PERSON"), ("Trump's", "PERSON")))
    (figure,) = result.figures
    assert [text[s:e] for s, e in figure.mentions] == ["Donald Trump", "Trump", "Trump"]
    assert [m.possessive for m in result.mentions] == [False, True, True]
    assert all(e.text == "Trump" or e.text == "Donald Trump" for e in result.entities)


def test_titles_are_roles_not_names() -> None:
    text = (
        "U.S. Secretary of State Mike Pompeo met Army General Joseph Votel, "
        "Iraqi President Barham Salih and Defense Secretary Jim Mattis."
    )
    found = figures(
        text,
        ("Mike Pompeo", "PERSON"),
        ("Joseph Votel", "PERSON"),
        ("Barham Salih", "PERSON"),
        ("Jim Mattis", "PERSON"),
    )
    assert {name: role for name, (role, _) in found.items()} == {
        "Mike Pompeo": "Secretary of State",
        "Joseph Votel": "Army General",
        "Barham Salih": "President",
        "Jim Mattis": "Defense Secretary",
    }


def test_title_inside_the_tagged_span_is_stripped() -> None:
    text = "Iraqi President Barham Salih spoke."
    found = figures(text, ("President Barham Salih", "PERSON"))
    assert found == {"Barham Salih": ("President", ["Barham Salih"])}


def test_person_behind_a_title_inside_a_mislabelled_span_is_recovered() -> None:
    text = "U.S. Secretary of State Mike Pompeo spoke. Pompeo left. Defense Secretary Jim Mattis resigned."
    result = build_figures(
        text,
        ents(text, ("State Mike Pompeo", "ORGANIZATION"), ("Pompeo left", "X"), ("Defense Secretary Jim Mattis", "ORGANIZATION"))[:1]
        + ents(text, ("Defense Secretary Jim Mattis", "ORGANIZATION"))
        + [Entity(text.index("Pompeo left"), text.index("Pompeo left") + 6, "Pompeo", "PERSON")],
    )
    names = {f.name: f.role for f in result.figures}
    assert names == {"Mike Pompeo": "Secretary of State", "Jim Mattis": "Defense Secretary"}
    assert all(e.label == "PERSON" for e in result.entities)


def test_appositive_gives_a_role_when_no_title_does() -> None:
    text = "Joseph Votel, head of a U.S. military command that oversees troops, spoke."
    found = figures(text, ("Joseph Votel", "PERSON"))
    assert found["Joseph Votel"][0] == "head of a U.S. military command"


def test_missed_surname_after_the_full_name_is_added_to_entities_and_mentions() -> None:
    text = "Pompeo arrived. Mike Pompeo spoke. Then Pompeo left, and Pompeo’s aide stayed."
    start = text.index("Mike Pompeo")
    result = build_figures(text, [Entity(start, start + 11, "Mike Pompeo", "PERSON")])
    (figure,) = result.figures
    # The first "Pompeo" comes before the full name was seen: not added.
    assert [text[s:e] for s, e in figure.mentions] == ["Mike Pompeo", "Pompeo", "Pompeo"]
    assert figure.mentions[1][0] > start
    assert [e.text for e in result.entities if e.label == "PERSON"] == ["Mike Pompeo", "Pompeo", "Pompeo"]


def test_missed_surname_inside_another_name_is_not_added() -> None:
    text = "John Smith spoke. Jane Smith answered. Smith Street is closed."
    start = text.index("John Smith")
    result = build_figures(text, [Entity(start, start + 10, "John Smith", "PERSON")])
    assert result.figures[0].mentions == [(start, start + 10)]


def test_photo_credits_name_a_person() -> None:
    text = (
        "Pompeo speaks in Washington. REUTERS/Kevin Lamarque\n\n"
        "A crowd gathers. (AP Photo/Jane Doe)\n\nAnother view. REUTERS/Carlos Barria/File Photo"
    )
    result = build_figures(text, ents(text, ("REUTERS", "ORGANIZATION"), ("Kevin", "PERSON")))
    assert {f.name: f.role for f in result.figures} == {
        "Kevin Lamarque": "Photographer",
        "Jane Doe": "Photographer",
        "Carlos Barria": "Photographer",
    }
    persons = [e.text for e in result.entities if e.label == "PERSON"]
    assert persons == ["Kevin Lamarque", "Jane Doe", "Carlos Barria"]


def test_organisation_word_tagged_as_person_once_is_not_a_figure() -> None:
    text = "Islamic State fighters. Islamic State remained. The State said. Islamic State again."
    entities = ents(text, ("Islamic State", "ORGANIZATION"))
    state = text.index("The State") + 4
    entities.append(Entity(state, state + 5, "State", "PERSON"))
    result = build_figures(text, sorted(entities, key=lambda e: e.start))
    assert result.figures == []
    assert all(e.label != "PERSON" for e in result.entities)


def test_place_tagged_as_person_is_relabelled_by_the_article_majority() -> None:
    text = "Jordan said no. Troops left Jordan. Jordan is calm."
    entities = [
        Entity(0, 6, "Jordan", "PERSON"),
        Entity(text.index("Jordan."), text.index("Jordan.") + 6, "Jordan", "LOCATION"),
        Entity(text.rindex("Jordan"), text.rindex("Jordan") + 6, "Jordan", "LOCATION"),
    ]
    result = build_figures(text, entities)
    assert result.figures == []
    assert [e.label for e in result.entities] == ["LOCATION"] * 3


def test_two_people_with_one_surname_stay_apart_and_the_bare_surname_is_the_principal() -> None:
    text = "Boris Yeltsin visited his wife. Naina Yeltsin had an operation. Yeltsin left."
    result = build_figures(
        text,
        ents(text, ("Boris Yeltsin", "PERSON"), ("Naina Yeltsin", "PERSON"), ("Yeltsin left", "X"))[:2]
        + [Entity(text.index("Yeltsin left"), text.index("Yeltsin left") + 7, "Yeltsin", "PERSON")],
    )
    by_name = {f.name: [s for s, _ in f.mentions] for f in result.figures}
    assert set(by_name) == {"Boris Yeltsin", "Naina Yeltsin"}
    assert text.index("Yeltsin left") in by_name["Boris Yeltsin"]
    assert by_name["Naina Yeltsin"] == [text.index("Naina")]


def test_figures_are_in_order_of_first_mention_and_honorific_gives_gender() -> None:
    text = "Mrs. Ann Lee met Mr. Bob Stone."
    result = build_figures(text, ents(text, ("Ann Lee", "PERSON"), ("Bob Stone", "PERSON")))
    assert [f.name for f in result.figures] == ["Ann Lee", "Bob Stone"]
    assert result.genders == ["f", "m"]
    assert all(f.role is None for f in result.figures)


def test_no_entities_no_figures() -> None:
    result = build_figures("", [])
    assert (result.figures, result.entities, result.mentions) == ([], [], [])


def test_surname_tagged_as_a_place_next_to_a_speech_verb_is_the_person() -> None:
    text = "MaliVai Washington lost. “I kept fighting,” said Washington. He flew to Washington later."
    first = Entity(0, 18, "MaliVai Washington", "PERSON")
    said_at = text.index("Washington.")
    place_at = text.rindex("Washington")
    result = build_figures(
        text,
        [
            first,
            Entity(said_at, said_at + 10, "Washington", "LOCATION"),
            Entity(place_at, place_at + 10, "Washington", "LOCATION"),
        ],
    )
    (figure,) = result.figures
    assert figure.mentions == [(0, 18), (said_at, said_at + 10)]
    assert [(e.start, e.label) for e in result.entities] == [(0, "PERSON"), (said_at, "PERSON"), (place_at, "LOCATION")]


def test_sentence_words_are_not_part_of_a_name() -> None:
    text = "David Levy will visit. Before Levy arrives, talks begin."
    start = text.index("Before Levy")
    result = build_figures(text, [Entity(0, 10, "David Levy", "PERSON"), Entity(start, start + 11, "Before Levy", "PERSON")])
    assert [(f.name, [text[s:e] for s, e in f.mentions]) for f in result.figures] == [("David Levy", ["David Levy", "Levy"])]


def test_a_people_is_not_a_person() -> None:
    text = "The Arab cause. Arab states met. Arabs want unity."
    result = build_figures(
        text,
        [
            Entity(4, 8, "Arab", "MISC"),
            Entity(16, 20, "Arab", "MISC"),
            Entity(text.index("Arabs"), text.index("Arabs") + 5, "Arabs", "PERSON"),
        ],
    )
    assert result.figures == []


def test_first_name_alone_joins_the_full_name_and_capitals_are_respelled() -> None:
    text = "ROBERTO DURAN FIGHTS.\n\nDuran, 45, trains. Roberto smiled."
    result = build_figures(
        text,
        ents(text, ("ROBERTO DURAN", "PERSON"), ("Duran", "PERSON"), ("Roberto", "PERSON")),
    )
    assert [(f.name, len(f.mentions)) for f in result.figures] == [("Roberto Duran", 3)]


def test_a_name_with_an_age_is_a_person_even_if_tagged_otherwise() -> None:
    text = "“It is good,” Samer Ammar Soliman, 42, told Reuters. Acme Widgets said more."
    start = text.index("Samer")
    result = build_figures(text, [Entity(start, start + 19, "Samer Ammar Soliman", "ORGANIZATION")])
    assert [f.name for f in result.figures] == ["Samer Ammar Soliman"]
    assert [(e.text, e.label) for e in result.entities] == [("Samer Ammar Soliman", "PERSON")]


def test_long_appositive_ending_in_a_joiner_does_not_crash() -> None:
    """Real PolNeAR text that raised IndexError in the role cutter: nine
    words up to the closing comma, the last of them "and"."""
    text = (
        "Malkia Cyril, the executive director at the Center of Media Justice and whose also featured "
        "in the film, told The Huffington Post."
    )
    result = build_figures(text, ents(text, ("Malkia Cyril", "PERSON")))
    assert [f.name for f in result.figures] == ["Malkia Cyril"]
    assert result.figures[0].role == "executive director"


_WORDISH = st.sampled_from(["Smith", "smith", "Smith-Jones", "Jones", "O", "Connor", "van", "Gogh", "Van", "Al", "é",
                            "Smith2", "2Smith", "_", "-", "'", "\u2019", ".", " ", "\n", ",", "Sm", "ith", "St."])


@settings(max_examples=300, deadline=None)
@given(st.lists(_WORDISH, max_size=40).map("".join), st.sets(_WORDISH.filter(lambda w: w.strip()), max_size=6))
def test_words_among_finds_exactly_the_word_matches_of_those_words(text: str, words: set[str]) -> None:
    """The one-search shortcut of _missed_mentions finds the same words at the
    same places as reading every word of the text."""
    from reader.nlp.figures import _WORD_RE, _words_among

    every = [(m.span(), m.group()) for m in _WORD_RE.finditer(text) if m.group() in words]
    assert [((s, e), w) for s, e, w in _words_among(text, words)] == every


def test_an_everyday_occupation_before_a_name_is_its_role() -> None:
    text = "“It was rough,” said local fisherman Iain Campbell. Skipper Morag Stewart agreed with harbour master Ewan MacLeod."
    found = figures(text, ("Iain Campbell", "PERSON"), ("Morag Stewart", "PERSON"), ("Ewan MacLeod", "PERSON"))
    assert {name: role for name, (role, _) in found.items()} == {
        "Iain Campbell": "local fisherman",
        "Morag Stewart": "Skipper",
        "Ewan MacLeod": "harbour master",
    }


def test_words_before_a_name_that_are_no_occupation_give_no_role() -> None:
    text = "“It was rough,” said Iain Campbell. Then Morag Stewart agreed, as did the quietly spoken Ewan MacLeod."
    found = figures(text, ("Iain Campbell", "PERSON"), ("Morag Stewart", "PERSON"), ("Ewan MacLeod", "PERSON"))
    assert all(role is None for role, _ in found.values())


# --------------------------------------------------------------------------
# The cheap tests that spare a pattern's scan never turn away a match
# --------------------------------------------------------------------------

_PIECES = [
    " ", " ", " ", "\n", ",", ", ", ".", "/", " / ", "'s ", "\u2019s ", "the ", "of ", "with ", "in ",
    "King", "Queen", "Princess", "Lady", "Cross", "Lynn", "REUTERS", "AP Photo", "Reuters", "Kevin",
    "Lamarque", "Jane", "Doe", "File", ", 42", ", aged 7", " years", ")", "Samer", "Ammar", "al-Hakim",
    "town ", "merged ", "merge ", "USS ", "HMS", "SS ", "MV ", "R. ", "Gerald", "shares ", "Stock ",
    "Hillary", "Clinton", "Was", "Headed", "to", "ER", "headed", "was", "By ", "a", "sharply", "rising",
    " with ", " the ", " from ", " into ", "Obama", "Says", "Meet", "Leaders",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40).map("".join))
def test_cheap_tests_never_turn_away_what_the_patterns_find(text: str) -> None:
    from reader.nlp import figures as f

    assert not f._AGED_NAME_RE.search(text) or f._AGE_RE.search(text)
    assert not f._CREDIT_RE.search(text) or "/" in text
    assert not f._POSSESSIVE_TITLE_PLACE_RE.search(text) or f._has_possessive_title(text)
    for pos in range(len(text) + 1):
        if f._PLACE_OF_RE.search(text, max(0, pos - 20), pos):
            assert text.endswith(f._OF_ENDINGS, 0, pos)
        if f._MERGED_BEFORE_RE.search(text, max(0, pos - 20), pos):
            assert text.endswith(f._WITH_ENDINGS, 0, pos)
        if f._SHIP_PREFIX_RE.search(text, max(0, pos - 40), pos):
            assert f._has_ship_prefix_ending(text, max(0, pos - 40), pos)
        before = text[max(0, pos - 30) : pos]
        if f._SHARES_OF_RE.search(before):
            assert before.endswith(f._OF_IN_ENDINGS)
    for line in text.split("\n"):
        words = [w for w in f._LINE_WORD_RE.findall(line) if w.lower() not in f._SMALL_WORDS]
        capitalised = [w for w in words if w[0].isupper()]
        if len(words) >= 4 and len(capitalised) >= 0.8 * len(words):
            assert f._capitalised_enough(line), line


def test_the_cheap_tests_let_the_matches_through() -> None:
    """The property above is not empty: each cheap test meets text its
    pattern matches, and lets it through."""
    from reader.nlp import figures as f

    assert all(len(w) < 5 for w in f._SMALL_WORDS)  # _capitalised_enough counts only longer lowercase words
    assert f._AGE_RE.search("Samer Ammar Soliman, 42, told") and f._AGED_NAME_RE.search("Samer Ammar Soliman, 42, told")
    assert f._has_possessive_title("near King\u2019s Cross station")
    assert not f._has_possessive_title("the king's men and Smith's Cross")
    assert f._capitalised_enough("Hillary Clinton Was Headed to ER")
    assert f._capitalised_enough("Obama Says He Will Meet with the Leaders of Iran")  # small words are no lowercase words
    assert not f._capitalised_enough("Luis Scholz was not available for comment.")
    text = "the town of \nBolivar; it merged with Kraft; the USS Gerald R. Ford"
    for pattern, window, cheap in (
        (f._PLACE_OF_RE, 20, lambda p: text.endswith(f._OF_ENDINGS, 0, p)),
        (f._MERGED_BEFORE_RE, 20, lambda p: text.endswith(f._WITH_ENDINGS, 0, p)),
        (f._SHIP_PREFIX_RE, 40, lambda p: f._has_ship_prefix_ending(text, max(0, p - 40), p)),
    ):
        hits = [p for p in range(len(text) + 1) if pattern.search(text, max(0, p - window), p)]
        assert hits and all(cheap(p) for p in hits)
    text = "Photo: REUTERS/Kevin Lamarque\n\nSamer Ammar Soliman, 42, told Reuters."
    figures_found = build_figures(text, ents(text, ("Reuters", "ORGANIZATION"))).figures
    assert [(x.name, x.role) for x in figures_found] == [("Kevin Lamarque", "Photographer"), ("Samer Ammar Soliman", None)]


def test_mentions_in_several_headlines_between_body_lines() -> None:
    """Headlines are judged line by line where mentions stand: a body line
    between two headlines keeps its name whole, each headline keeps a name
    only as far as the body gives it, and the rest of a headline is no one."""
    text = (
        "Hillary Clinton Was Headed to ER But Diverted\n\nBody text: Hillary Clinton went home, aides said.\n\n"
        "Washington Post Hit Piece Exploits Obama Sees Rivals\n\nObama Says He Will Meet Leaders\n\n"
        "Obama said it was fine. He sees what he says and will meet the leaders; a piece of it exploits the hit."
    )
    found = figures(
        text,
        ("Hillary Clinton Was Headed", "PERSON"),
        ("Hillary Clinton", "PERSON"),
        ("Washington Post Hit Piece Exploits Obama", "PERSON"),
        ("Obama Says", "PERSON"),
        ("Obama", "PERSON"),
    )
    assert found == {
        "Hillary Clinton": (None, ["Hillary Clinton", "Hillary Clinton"]),
        "Obama": (None, ["Obama", "Obama"]),
    }


def _clean_as_before(text: str, entity: Entity) -> object:
    """figures._clean as it was before its in-span reading was kept (:func:`figures._read_span`)."""
    from reader.nlp import lexicon as lx
    from reader.nlp.figures import (
        _TOKEN_RE, _Candidate, _gender, _is_name_word, _name_closes_clause, _occupation_before, _role_from_tokens,
        _strip_possessive, _title_before, _title_before_comma,
    )

    start, end = entity.start, entity.end
    end, possessive = _strip_possessive(text, start, end)
    spans = [m.span() for m in _TOKEN_RE.finditer(text, start, end)]
    if not spans:
        return None
    words = [text[s:e] for s, e in spans]
    # The name is what follows the last title word inside the span; the
    # title may begin before the span ("U.S. Secretary of [State Mike Pompeo]").
    before_words = _title_before(text, spans[0][0])
    cut = -1
    for i, word in enumerate(words[:-1]):
        if lx.is_title_word(word):
            cut = i
    title_words: list[str] = []
    if cut >= 0:
        first_title = next(i for i, w in enumerate(words) if lx.is_title_word(w))
        if first_title > 0:
            before_words = []
        title_words = before_words + words[first_title : cut + 1]
        if not any(lx.is_role_head(w) or w in lx.HONORIFICS for w in title_words):
            title_words, cut = [], -1
    first, last = cut + 1, len(words) - 1
    while first <= last and (not _is_name_word(words[first]) or (first < last and words[first] in lx.NOT_A_NAME)):
        if first < last and words[first] in lx.NAME_PARTICLES_LOWER and words[first + 1][:1].isupper():
            break  # "de Silva", "van Gogh": the surname is written with its particle
        first += 1  # "he", or "Before" of "Before Levy's arrival"
    while last >= first and not _is_name_word(words[last]):
        last -= 1
    # "G.K. Butterfield [spoke on Friday]": a greedy tagger that chose a
    # name's middle must end it somewhere; a name stops at a lowercase word.
    for k in range(first + 1, last + 1):
        if not _is_name_word(words[k]) and words[k] not in lx.NAME_PARTICLES_LOWER:
            last = k - 1
            break
    if first > last:
        return None
    name_words = words[first : last + 1]
    name_start = spans[first][0]
    name_end = spans[last][1]
    if last < len(words) - 1:
        possessive = False
    while name_end > name_start and text[name_end - 1] in ",;:":
        name_end -= 1
    if not any(w[:1].isupper() for w in name_words):
        return None
    role_words = title_words or before_words
    role = _role_from_tokens(list(role_words)) if role_words else None
    if role is None and not role_words:
        role_words = _occupation_before(text, name_start)
        role = " ".join(role_words) or None
    if role is None and not role_words and _name_closes_clause(text, name_end):
        role_words = _title_before_comma(text, name_start)
        role = _role_from_tokens(list(role_words))
        if role is None and role_words and role_words[-1] in lx.APPOSITIVE_HEADS_LOWER:
            role = " ".join(role_words)  # "the skipper, Morag Stewart,"
    gender = _gender(role_words)
    return _Candidate(name_start, name_end, text[name_start:name_end].split(), possessive, role, gender)


# Pieces of mentions and their surroundings: titles (inside and before the
# span), honorifics, particles, possessives, stray words, lowercase words,
# commas and colons, line breaks.
_MENTION_PIECES = st.sampled_from(
    [
        "Mike", "Pompeo", "Secretary", "of", "State", "U.S.", "President", "Mr.", "Dr.", "de", "Silva", "van", "Gogh",
        "he", "Before", "Levy", "’s", "'s", "s", ",", ":", ";", "spokesman", "skipper", "the", "a", "Defense",
        "Lieutenant-Colonel", "Vice-President", "G.K.", "Butterfield", "spoke", "on", "Friday", "\n", "former", "Labour",
        "Minister", "Party", "leader", "Smith,", "Jones:", "Reuters", "said", "chief", "executive", "CEO", "Ms", "é",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_MENTION_PIECES, min_size=1, max_size=14), st.integers(0, 13), st.integers(1, 14))
def test_clean_reads_a_span_as_before_its_reading_was_kept(pieces: list[str], a: int, b: int) -> None:
    """figures._clean, whose reading of a span's own words is kept per
    process (_read_span), cleans every span of every text as the plain
    function did, warm or cold."""
    from reader.nlp.figures import _clean, _read_span

    text = " ".join(pieces)
    offsets = [0]
    for piece in pieces:
        offsets.append(offsets[-1] + len(piece) + 1)
    start = offsets[min(a, len(pieces) - 1)]
    end = max(start + 1, offsets[min(max(b, a + 1), len(pieces))] - 1)
    entity = Entity(start, end, text[start:end], "PERSON")
    expected = _clean_as_before(text, entity)
    assert _clean(text, entity) == expected  # cold or warm: hypothesis repeats spans
    _read_span.cache_clear()
    assert _clean(text, entity) == expected
    assert _clean(text, entity) == expected  # warm


def test_clean_reads_a_title_begun_before_the_span_as_before() -> None:
    """The title words inside a span name no role head, those before it do
    ("U.S. Secretary of [State Mike Pompeo]"): the span's kept reading
    alone cannot tell, the words before it decide."""
    from reader.nlp.figures import _clean

    text = "said U.S. Secretary of State Mike Pompeo’s aide. Then State Mike Pompeo spoke."
    for start in (text.index("State"), text.index("Secretary"), text.rindex("State")):
        end = text.index(" ", text.index("Pompeo", start))
        entity = Entity(start, end, text[start:end], "PERSON")
        assert _clean(text, entity) == _clean_as_before(text, entity)
    cand = _clean(text, Entity(text.index("State"), text.index("’s"), "State Mike Pompeo", "PERSON"))
    assert cand is not None and cand.tokens == ["Mike", "Pompeo"] and cand.role == "Secretary of State"
