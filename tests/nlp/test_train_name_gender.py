"""The counting behind the first-name table (tools/train_name_gender.py):
which pronouns count as a vote for a first name's gender."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))

import train_name_gender  # noqa: E402
import train_speaker  # noqa: E402


def votes(text: str) -> dict[str, int]:
    return train_name_gender.article_votes(train_speaker.prepare_text(text))


def test_a_pronoun_after_the_sentence_subject_votes_for_its_first_name() -> None:
    assert votes("Hillary Clinton spoke in Ohio on Monday. She said the plan would work.") == {"hillary": -1}
    assert votes("Chris Christie spoke in Ohio on Monday, and he said the plan would work.") == {"chris": 1}


def test_a_pronoun_after_somebody_else_is_named_casts_no_vote() -> None:
    # Another person named between: the pronoun may be theirs.
    assert votes("Donald Trump attacked Hillary Clinton on Tuesday, and he said the plan would fail.") == {}
    # Clinton is not the sentence's first person (its object, most likely),
    # and Clinton is named between Trump and the "He".
    assert votes("Donald Trump met Hillary Clinton on Tuesday. He said the talks went well.") == {}
    assert votes("Donald Trump met voters on Tuesday. He said the talks went well.") == {"donald": 1}


def test_pronouns_inside_quotes_and_names_alone_cast_no_vote() -> None:
    assert votes("Chris Christie spoke on Monday. “She is wrong,” Christie said.") == {}
    assert votes("Madonna sang on Monday. She said the show would go on.") == {}


def test_one_vote_per_article_and_person_whatever_the_pronouns_count() -> None:
    text = "Chris Christie spoke on Monday. He said no. Christie spoke again. He said no again. Christie left, and he smiled."
    assert votes(text) == {"chris": 1}
