"""First names whose gender PolNeAR train's own pronouns settle.

    nice -n 10 .venv/bin/python tools/train_name_gender.py [--min-articles N] [--share P]

The spelling model of :mod:`reader.nlp.gender` cannot decide the first
names that are in both lists of the NLTK names corpus ("Hillary", "Bill",
"Chris", "Bernie", "Kelly" are as often one as the other there), and it
guesses wrong some the corpus lacks ("Kofi" comes out female). News text
settles them: a person named "First Last" is followed, in the same or the
next sentence with nobody else named between, by "he"/"his"/"him" or by
"she"/"her". Counted over every article of PolNeAR **train** (never dev),
one vote per article and person (the pronouns after that person's mentions
in that article, majority), a first name gets a gender when at least
``min_articles`` articles voted and ``share`` of them agree. Only the names
the spelling model would get wrong or leave unknown, and that the corpus
does not put in the other list only, are kept: the table is small and
corrects the model rather than repeating it.

:func:`learn` is called by ``tools/train_speaker.py`` (the table ships in
the speaker model's ``gender`` section, read by
:func:`reader.nlp.gender.gender_of`) and by ``tools/speaker_cv.py`` on each
fold's training articles only; this script prints the table with its counts.
"""

from __future__ import annotations

import argparse
import sys
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tools"))

import polnear  # noqa: E402

MIN_ARTICLES = 3
SHARE = 0.8
_MALE = frozenset({"he"})
_FEMALE = frozenset({"she"})


def corpus_names() -> dict[str, set[str]]:
    """casefolded first name -> the lists of the NLTK names corpus it is in."""
    out: dict[str, set[str]] = defaultdict(set)
    for gender, file in (("m", "male.txt"), ("f", "female.txt")):
        for line in (polnear.NAMES_DIR / file).read_text(encoding="utf-8").splitlines():
            name = line.strip()
            if name and not name.startswith("#"):
                out[name.casefold()].add(gender)
    return out


def article_votes(p: Any) -> dict[str, int]:
    """casefolded first name -> +1 (male) or -1 (female): the pronouns that
    follow each person's mentions in one prepared article, a majority per
    person; a person whose pronouns split evenly casts nothing."""
    from reader.nlp.tokenize import word_spans

    text, analysis = p.text, p.analysis
    quote_starts = [q.start for q in p.quotes]
    sentence_starts = [s for s, _ in p.sentences]
    paragraph_ends = sorted(e for _, e in p.paragraphs)
    mention_starts = [m.start for m in analysis.mentions]

    def in_quote(pos: int) -> bool:
        i = bisect_right(quote_starts, pos) - 1
        return i >= 0 and p.quotes[i].end > pos

    tally: dict[int, int] = defaultdict(int)
    for m in analysis.mentions:
        if in_quote(m.start) or m.possessive:
            continue
        si = bisect_right(sentence_starts, m.start) - 1
        if si < 0:
            continue
        first = bisect_right(mention_starts, sentence_starts[si] - 1)
        if analysis.mentions[first].figure != m.figure:
            continue  # somebody else named first in the sentence: its subject, likely
        # The rest of the mention's sentence and the next one, in its paragraph.
        end = p.sentences[min(si + 1, len(p.sentences) - 1)][1]
        pi = bisect_right(paragraph_ends, m.start)
        if pi < len(paragraph_ends):
            end = min(end, paragraph_ends[pi])
        nxt = bisect_right(mention_starts, m.start)
        while nxt < len(analysis.mentions) and analysis.mentions[nxt].figure == m.figure:
            nxt += 1
        if nxt < len(analysis.mentions):
            end = min(end, analysis.mentions[nxt].start)  # somebody else named first
        for s, e in word_spans(text, m.end, end):
            if in_quote(s):
                continue
            w = text[s:e].lower()
            if w in _MALE or w in _FEMALE:
                tally[m.figure] += 1 if w in _MALE else -1
                break
    votes: dict[str, int] = {}
    for figure, score in tally.items():
        words = analysis.figures[figure].name.split()
        if len(words) < 2 or score == 0:
            continue
        first = words[0]
        if not (first.isalpha() and first[:1].isupper() and len(first) > 1):
            continue
        votes[first.casefold()] = votes.get(first.casefold(), 0) + (1 if score > 0 else -1)
    return {name: (1 if v > 0 else -1) for name, v in votes.items() if v}


def counts(prepared: Iterable[Any]) -> dict[str, Counter[str]]:
    out: dict[str, Counter[str]] = defaultdict(Counter)
    for p in prepared:
        for name, vote in article_votes(p).items():
            out[name]["m" if vote > 0 else "f"] += 1
    return out


def learn(prepared: Iterable[Any], min_articles: int = MIN_ARTICLES, share: float = SHARE) -> dict[str, str]:
    """casefolded first name -> "m"/"f", for the names the spelling model
    gets wrong or leaves unknown and the names corpus does not contradict."""
    from reader.nlp.gender import spelling_gender

    corpus = corpus_names()
    table: dict[str, str] = {}
    for name, c in sorted(counts(prepared).items()):
        total = c["m"] + c["f"]
        if total < min_articles:
            continue
        gender, n = c.most_common(1)[0]
        if n / total < share or corpus.get(name, {gender}) == {"m", "f"} - {gender}:
            continue
        if spelling_gender(name.capitalize()) != gender:
            table[name] = gender
    return table


def main() -> int:
    import speaker_cv

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--min-articles", type=int, default=MIN_ARTICLES)
    parser.add_argument("--share", type=float, default=SHARE)
    parser.add_argument("--all", action="store_true", help="print every name's counts, not only the table")
    args = parser.parse_args()
    articles = polnear.read_split("train")
    prepared = list(speaker_cv.prepared_split("train", articles).values())
    table = learn(prepared, args.min_articles, args.share)
    from reader.nlp.gender import spelling_gender

    corpus = corpus_names()
    for name, c in sorted(counts(prepared).items(), key=lambda kv: -sum(kv[1].values())):
        if args.all or name in table:
            lists = "".join(sorted(corpus.get(name, ()))) or "-"
            print(
                f"{name:14} m {c['m']:3} f {c['f']:3}  corpus {lists:2}  spelling {spelling_gender(name.capitalize())}"
                f"  -> {table.get(name, '')}"
            )
    print(f"{len(table)} names", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
