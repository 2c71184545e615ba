"""The likely gender of a first name, for "he"/"she" to find their person.

Learned, not listed: ``tools/train_speaker.py`` trains an averaged
perceptron on NLTK's names corpus (../shared/nltk_data: 7,944 first names;
the 365 in both lists count once as each, so the model learns to be unsure
of names like "Chris" or "Bill") over the name's spelling (its last one to four
letters, its first one to three, as in the NLTK book's gender example but
with prefixes, which lift held-out accuracy from about 0.78 to 0.88), and
ships only the feature weights inside the speaker model file. The corpus is
not committed and not needed at run time: the app works offline on a fresh
install, and spelling also covers names the corpus does not hold
("Kellyanne", "Reince"), which a shipped list would not.

A name gets a gender only when the score is past ``threshold``; names the
model is unsure of stay unknown, which costs a pronoun nothing, while a
wrong gender would rule its person out.

Spelling cannot settle the names the corpus lists as both ("Hillary",
"Chris", "Bill", "Bernie") and errs on some it lacks; news text can. A small
table, learned from PolNeAR train's own pronouns by
``tools/train_name_gender.py`` (a "he"/"she" right after a person's name,
counted over the articles) and shipped in the same model file, is consulted
first. It holds only the names the spelling model gets wrong or leaves
unknown.
"""

from __future__ import annotations

from functools import lru_cache


def name_features(name: str) -> list[str]:
    low = name.casefold()
    feats = [f"s{k}={low[-k:]}" for k in range(1, 5) if len(low) >= k]
    feats += [f"p{k}={low[:k]}" for k in range(1, 4) if len(low) >= k]
    feats.append(f"s2p1={low[-2:]}|{low[:1]}")
    return feats


@lru_cache(maxsize=4096)
def gender_of(first_name: str) -> str | None:
    """"m", "f" or None (unknown, or not confident): the table of names news
    text settled first, else the spelling model."""
    if len(first_name) < 2 or not first_name[:1].isupper() or not first_name.isalpha():
        return None
    from reader.nlp.speakers import load_model

    known = settled_gender(first_name)
    return known if known is not None else spelling_gender(first_name)


def settled_gender(first_name: str) -> str | None:
    """The gender news text settled for this first name (the table
    ``tools/train_name_gender.py`` learns from PolNeAR train), or None."""
    return settled_names().get(first_name.casefold())


def settled_names() -> dict[str, str]:
    """The table of :func:`settled_gender`, by the names' casefold (for a
    caller asking about many names: one look-up of the model each)."""
    from reader.nlp.speakers import load_model

    names: dict[str, str] = load_model()["gender"].get("names", {})
    return names


def spelling_gender(first_name: str) -> str | None:
    """The spelling model's answer alone (what the table corrects)."""
    if len(first_name) < 2 or not first_name[:1].isupper() or not first_name.isalpha():
        return None
    from reader.nlp.speakers import load_model

    model = load_model()["gender"]
    weights: dict[str, float] = model["weights"]
    score = sum(weights.get(f, 0.0) for f in name_features(first_name))
    if score > model["threshold"]:
        return "m"
    if score < -model["threshold"]:
        return "f"
    return None
