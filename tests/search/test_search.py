"""Search on the library's FTS5 index: the query language, ranking, snippets, notes, and the
index kept in step with every change (nothing to build or sync)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from reader.domain import Anchor
from reader.library import Library
from reader.search import figure_stats, search
from tests.search.fakes import ANNOTATOR, POMPEO_BODY, article, store

REPO = Path(__file__).resolve().parents[2]


def ids(hits) -> list[str]:
    return [h.article_id for h in hits]


def test_words_are_anded_and_ranked(lib: Library) -> None:
    assert ids(search(lib, "pompeo")) == ["art1", "art3"]  # art1 says it in title and body
    assert ids(search(lib, "pompeo remarks")) == ["art1"]
    assert search(lib, "pompeo soybean") == []


def test_title_field_outweighs_body(lib: Library) -> None:
    hits = search(lib, "talks")
    assert ids(hits) == ["art2"]
    assert hits[0].title_spans == [(25, 30)]


def test_words_are_folded_like_the_text(lib: Library) -> None:
    assert sorted(ids(search(lib, "us"))) == ["art1", "art2"]  # "U.S."
    assert ids(search(lib, "soybeans")) == ["art2"]  # plural folded
    assert ids(search(lib, "america")) == ["art1"]  # possessive folded


def test_snippets_locate_the_matches(lib: Library) -> None:
    hit = next(h for h in search(lib, "syria") if h.article_id == "art1")
    text, spans = hit.snippets[0]
    assert spans and all(text[s:e].lower() == "syria" for s, e in spans)
    assert hit.offset == POMPEO_BODY.index("Syria")
    assert "\n" not in text


def test_phrase_must_occur_in_order(lib: Library) -> None:
    hits = search(lib, '"end of America’s fight"')
    assert ids(hits) == ["art1"]
    text, spans = hits[0].snippets[0]
    assert any(text[s:e] == "end of America’s fight" for s, e in spans)
    assert search(lib, '"fight of America’s end"') == []


def test_prefix(lib: Library) -> None:
    assert ids(search(lib, "pomp*")) == ["art1", "art3"]
    assert search(lib, "pomp") == []  # without the star, whole words only


def test_exclusion(lib: Library) -> None:
    assert sorted(ids(search(lib, "syria"))) == ["art1", "art3"]
    assert ids(search(lib, "syria -brexit")) == ["art1"]
    assert ids(search(lib, 'syria -"deliver brexit"')) == ["art1"]
    assert ids(search(lib, "source:reuters -talks")) == ["art1"]  # only filters and an exclusion


def test_person_and_source_filters(lib: Library) -> None:
    assert ids(search(lib, "person:Pompeo")) == ["art1", "art3"]  # newest first
    assert ids(search(lib, "person:lighthizer")) == ["art2"]
    assert ids(search(lib, 'person:"Mike Pompeo"')) == ["art1"]
    assert ids(search(lib, "person:pomp")) == []  # whole words of the name
    assert ids(search(lib, "source:ap")) == ["art3"]
    assert ids(search(lib, "syria source:reuters")) == ["art1"]


def test_a_person_phrase_never_spans_two_names(lib: Library) -> None:
    # art3 names "Theresa May" then "Pompeo": "may pompeo" is no one's name
    assert search(lib, 'person:"May Pompeo"') == []


def test_notes_are_searched_and_filterable(lib: Library) -> None:
    lib.add_note("art2", Anchor(0, 0, kind="article"), "remember the soybean tariffs")
    lib.add_note("art3", Anchor(0, 5, "LONDO"), "", highlight=True)
    lib.toggle_bookmark("art1")
    hits = search(lib, "tariffs")
    assert ids(hits) == ["art2"]
    assert any(text.startswith("✎ ") and text[s:e] == "tariffs" for text, spans in hits[0].snippets for s, e in spans)
    assert ids(search(lib, "has:notes")) == ["art2"]
    assert ids(search(lib, "has:highlights")) == ["art3"]
    assert ids(search(lib, "has:bookmark")) == ["art1"]
    assert ids(search(lib, "us has:bookmark")) == ["art1"]


def test_note_edits_and_deletes_reach_the_index(lib: Library) -> None:
    note = lib.add_note("art2", Anchor(0, 0, kind="article"), "zebra crossing")
    assert ids(search(lib, "zebra")) == ["art2"]
    lib.update_note(note.id, "giraffe neck")
    assert search(lib, "zebra") == [] and ids(search(lib, "giraffe")) == ["art2"]
    lib.delete_note(note.id)
    assert search(lib, "giraffe") == []
    assert lib.check_database() == []  # the index agrees with its content


def test_restored_notes_reach_the_index(lib: Library) -> None:
    lib.add_note("art1", Anchor(0, 0, kind="article"), "okapi")
    backup = lib.dump_user_data()
    lib.add_note("art1", Anchor(0, 0, kind="article"), "narwhal")
    lib.restore_user_data(backup, replace=True)
    assert ids(search(lib, "okapi")) == ["art1"] and search(lib, "narwhal") == []


NOTE_FROM_ELSEWHERE = """
import sys
from reader.domain import Anchor
from reader.library import Library
library = Library.open(sys.argv[1], seed=False, annotator="tests.search.fake_nlp:annotate")
library.add_note("art2", Anchor(0, 0, kind="article"), "quokka sighting")
"""


def test_a_note_saved_by_another_process_is_found(lib: Library) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    subprocess.run([sys.executable, "-c", NOTE_FROM_ELSEWHERE, str(lib.data_dir)], check=True, env=env, cwd=REPO)
    assert ids(search(lib, "quokka")) == ["art2"]


def test_limit(lib: Library) -> None:
    assert len(search(lib, "us", limit=1)) == 1
    assert len(search(lib, "us")) == 2


def test_added_and_deleted_articles_are_indexed_at_once(lib: Library) -> None:
    store(lib, article("art4", "Syria talks", "Envoys met in Geneva to discuss Syria."))
    lib.delete("art3")
    assert ids(search(lib, "syria")) == ["art4", "art1"]
    assert search(lib, "brexit") == []
    reopened = Library.open(lib.data_dir, seed=False, annotator=ANNOTATOR)
    assert ids(search(reopened, "geneva")) == ["art4"]
    assert reopened.check_database() == []


def test_a_damaged_article_is_skipped_not_fatal(lib: Library) -> None:
    with lib.db.write() as conn:
        conn.execute("UPDATE bodies SET body = x'00ff' WHERE article = (SELECT n FROM articles WHERE id = 'art3')")
    lib._opened.clear()
    assert ids(search(lib, "pompeo")) == ["art1"]  # art3 matched but cannot be read: left out


def test_rebuilding_the_index_keeps_results(lib: Library) -> None:
    lib.add_note("art2", Anchor(0, 0, kind="article"), "wombat")
    lib.db.rebuild_search()
    assert ids(search(lib, "wombat")) == ["art2"]
    assert ids(search(lib, "pompeo")) == ["art1", "art3"]


def test_figure_stats_merge_surnames(lib: Library) -> None:
    stats = {s.name: s for s in figure_stats(lib)}
    pompeo = stats["Mike Pompeo"]
    assert pompeo.articles == ["art1", "art3"] and pompeo.quotes == 1
    assert pompeo.roles == ["Secretary of State"] and pompeo.aliases == ["Pompeo"]
    assert stats["Robert Lighthizer"].quotes == 1
    assert "Pompeo" not in stats
    assert figure_stats(lib)[0].name == "Mike Pompeo"  # most articles first


def test_highlights_show_what_was_asked(lib: Library) -> None:
    phrase_hit = search(lib, '"end of America’s fight"')[0]
    shown = {text[s:e] for text, spans in phrase_hit.snippets for s, e in spans}
    assert shown == {"end of America’s fight"}  # not every lone "fight"
    person_hit = search(lib, "person:Pompeo")[0]
    assert {text[s:e] for text, spans in person_hit.snippets for s, e in spans} == {"Pompeo"}
    assert person_hit.offset == POMPEO_BODY.index("Pompeo")


def test_a_very_common_word_is_ranked_among_the_newest_matches(lib: Library, monkeypatch) -> None:
    from reader.search import service

    for n in range(6):
        store(lib, article(f"more{n}", f"Syria update {n}", f"Syria news number {n}. " * (n + 1)))
    monkeypatch.setattr(service, "CANDIDATES", 4)
    hits = ids(search(lib, "syria", limit=3))
    assert len(hits) == 3 and set(hits) <= {f"more{n}" for n in range(2, 6)}  # the newest four matches
    assert len(search(lib, "syria", limit=20)) == 8  # too few that way: every match is ranked


def test_quotes_of_organisations_count_for_no_person(lib: Library) -> None:
    from reader.domain import Annotation, Figure, Quote

    body = "“We disagree,” The Washington Post said. “So do we,” said Anna Lee."
    store(lib, article("art5", "Papers", body),
          Annotation([], [Figure("Anna Lee", None, [(body.index("Anna"), body.index("Anna") + 8)])],
                     [Quote(0, 14, "“We disagree,”", "The Washington Post", None, "organization"),
                      Quote(body.index("“So"), body.index("said Anna") - 1, "“So do we,”", "Anna Lee")]))
    stats = {s.name: s for s in figure_stats(lib)}
    assert "The Washington Post" not in stats and stats["Anna Lee"].quotes == 1
    assert lib.annotation("art5").quotes[0].speaker_kind == "organization"  # kept as written
