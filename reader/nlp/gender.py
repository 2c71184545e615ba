"""The likely gender of a first name, for "he"/"she" to find their person.

Learned, not listed: ``tools/train_speaker.py`` trains a naive Bayes model
on NLTK's names corpus (7,944 first names, ../shared/nltk_data) over the
name's spelling (its last one, two and three letters, its first two, its
length), as in the NLTK book's gender example, and ships only the
log-likelihood ratio of each feature value inside the speaker model file.
The corpus itself is not committed and is not needed at run time: the app
works offline on a fresh install. Spelling features also cover names the
corpus does not hold ("Kellyanne", "Reince"), which a plain list would not.
Counting is done here rather than with ``nltk.NaiveBayesClassifier``
because only the exported ratios ship, and NLTK keeps them in private
attributes.

A name gets a gender only when the model is confident (the log-odds past
``threshold``); "Jordan" or "Kim" stay unknown.
"""

from __future__ import annotations

from functools import lru_cache


def name_features(name: str) -> list[str]:
    low = name.casefold()
    return [
        f"last1={low[-1:]}",
        f"last2={low[-2:]}",
        f"last3={low[-3:]}",
        f"first2={low[:2]}",
        f"len={min(len(low), 9)}",
    ]


@lru_cache(maxsize=4096)
def gender_of(first_name: str) -> str | None:
    """"m", "f" or None (unknown, or not confident)."""
    if len(first_name) < 2 or not first_name[:1].isupper() or not first_name.isalpha():
        return None
    from reader.nlp.speakers import load_model

    model = load_model()["gender"]
    ratios: dict[str, float] = model["ratios"]
    score = model["prior"] + sum(ratios.get(f, 0.0) for f in name_features(first_name))
    if score > model["threshold"]:
        return "m"
    if score < -model["threshold"]:
        return "f"
    return None
