"""Quote finding and speaker attribution on PolNeAR dev, in three layouts.

    .venv/bin/python tools/eval_polnear.py [--split dev] [--verbose STYLE]

Gold comes from the corpus's hand annotation (see ``tools/polnear.py``) and,
for pronoun sources, from ``tests/nlp/data/polnear_dev_pronouns.json`` (the
person each "he"/"she" means, read by hand). Nothing here asks the code under
test what the answer is.

Styles (each restyling swaps single characters, so every gold offset still
applies):

- ``original``: the articles as published (curly quotes, some straight).
- ``british``: ‘…’ outside and “…” nested. Double marks that the glyphs pair
  (curly “ ”, straight " alternating in a paragraph) become single marks of
  the same kind (curly ‘ ’, straight '); single marks nested inside them
  (‘…’, '…', told from apostrophes by their position: an opening one after a
  space or bracket, its closing one before a space or punctuation) become
  double marks. Apostrophes (’s, don’t, ’90s) stay as they are.
- ``lines``: one sentence per line: the space after each sentence end
  (``.``/``?``/``!``, a closing mark after it, then a capital or an opening
  mark; not after "Mr." and other abbreviations) becomes a newline;
  paragraphs stay separated by blank lines.
- ``lines-flat``: the same, without the blank lines: each blank line
  between paragraphs becomes a space at the end of the paragraph's last
  line, so every line break is a single one and nothing but the sentences
  and the marks tells where a quote ends (feeds, exports and pasted text).

Measures (rows of the table, matching issue 11's):

- *quote precision*: found quotes whose two ends are each within 2
  characters of a gold quote's, over all found quotes. Scare quotes and
  titles that nobody is said to have said are not annotated, so they count
  against it: a lower bound.
- *quote recall* ("direct quotes found, ends within 2 characters"): gold
  quotes with a found quote within 2 characters at both ends, over gold
  quotes.
- *speaker right, named person*: among found gold quotes whose Source names
  a person (its head is a name: "Clinton", "Rep. Jim Clyburn (D-S.C.), the
  assistant leader…"), the share whose speaker is that person: same surname
  (last word, apostrophes and case folded), and the same first name when
  both give one that the names corpus knows.
- *speaker right, he/she*: among found gold quotes whose Source is "he" or
  "she", the share whose speaker is the person the pronoun means (by the
  same comparison; no speaker is right where the pronoun means somebody
  the article never names).
- *person named, source no person*: among found gold quotes whose Source is
  an organisation ("Reuters", "the Times"), a group ("officials",
  "Demonstrators") or an unnamed, indefinite person ("a doctor", "one
  questioner"), the share given a person's name (``speaker_kind`` person, or
  any speaker when the pipeline had no ``speaker_kind``). Lower is better.
- *description of one person* (information only, no target): Sources such
  as "the Republican nominee" or "the mayor", which mean one person the
  article names elsewhere; the share given a person's name.

Sources that are other pronouns (I, we, they, it) or absent are counted in
the gold total but in no speaker row.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tools"))

import polnear  # noqa: E402  (tools/polnear.py)

PRONOUN_GOLD = REPO / "tests" / "nlp" / "data" / "polnear_dev_pronouns.json"
TOLERANCE = 2

_APOS = "'\u2019"
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr sen rep gov gen lt col st jr sr u.s u.n d.c a.m p.m no vs inc corp co jan feb aug sept oct nov dec".split()
)


# --------------------------------------------------------------------------
# Restyling (single-character swaps: offsets are unchanged)
# --------------------------------------------------------------------------


def _double_pairs(text: str) -> list[tuple[int, int]]:
    """Positions of the double marks that pair, by glyph: curly “ ” by
    depth, straight " alternating within a paragraph."""
    pairs: list[tuple[int, int]] = []
    stack: list[int] = []
    straight_open = -1
    for i, ch in enumerate(text):
        if ch == "\n" and i + 1 < len(text) and text[i + 1] == "\n":
            stack.clear()
            straight_open = -1
        elif ch == "\u201c":
            stack.append(i)
        elif ch == "\u201d" and stack:
            pairs.append((stack.pop(), i))
        elif ch == '"':
            if straight_open < 0:
                straight_open = i
            else:
                pairs.append((straight_open, i))
                straight_open = -1
    return pairs


def _nested_singles(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Single-mark quotes inside ``(start, end)``: an opener after a space,
    bracket or the outer mark, and the first closer after it that is not
    between two letters (an apostrophe) and is followed by a space,
    punctuation or the outer mark."""
    pairs: list[tuple[int, int]] = []
    i = start + 1
    while i < end:
        ch = text[i]
        if ch in "\u2018'" and (text[i - 1].isspace() or text[i - 1] in "([\u2014\u2013-\u201c\"") and text[i + 1 : i + 2].isalnum():
            closer = "\u2019" if ch == "\u2018" else "'"
            j = i + 1
            while j < end:
                if text[j] == closer or (ch == "\u2018" and text[j] == "'"):
                    after = text[j + 1 : j + 2]
                    between_letters = text[j - 1].isalpha() and after.isalpha()
                    plural_possessive = text[j - 1] == "s" and after == " " and text[j + 2 : j + 3].islower()
                    if not between_letters and not plural_possessive and (not after or not after.isalnum()):
                        pairs.append((i, j))
                        break
                j += 1
            i = j + 1 if j < end else i + 1
            continue
        i += 1
    return pairs


def restyle_british(text: str) -> str:
    chars = list(text)
    for a, b in _double_pairs(text):
        for x, y in _nested_singles(text, a, b):
            chars[x] = "\u201c" if text[x] == "\u2018" else '"'
            chars[y] = "\u201d" if text[x] == "\u2018" else '"'
        if text[a] == '"':
            chars[a] = chars[b] = "'"
        else:
            chars[a], chars[b] = "\u2018", "\u2019"
    return "".join(chars)


_SENTENCE_END_RE = re.compile(r"([.?!][\u201d\u2019\"')]*) (?=[\u201c\u2018\"'(]?[A-Z])")


def restyle_lines(text: str) -> str:
    chars = list(text)
    for m in _SENTENCE_END_RE.finditer(text):
        word = text[max(0, m.start() - 12) : m.start() + 1].split()[-1] if text[max(0, m.start() - 12) : m.start() + 1].split() else ""
        core = word.strip("\u201c\u201d\u2018\u2019\"'(").rstrip(".").casefold()
        if core in _ABBREVIATIONS or re.fullmatch(r"[a-z]", core):
            continue
        chars[m.end() - 1] = "\n"
    return "".join(chars)


def restyle_flat(text: str) -> str:
    return re.sub(r"\n(?=\n)", " ", restyle_lines(text))


STYLES: dict[str, Callable[[str], str]] = {
    "original": lambda t: t,
    "british": restyle_british,
    "lines": restyle_lines,
    "lines-flat": restyle_flat,
}


# --------------------------------------------------------------------------
# Scoring
# --------------------------------------------------------------------------


def _norm(word: str) -> str:
    word = word.casefold().replace("\u2019", "'").strip(".,")
    return word[:-2] if word.endswith("'s") else word


def _without_suffix(words: list[str]) -> list[str]:
    """"James B. Comey Jr." -> "James B. Comey": a suffix is no surname."""
    while len(words) > 1 and words[-1].rstrip(".,") in ("Jr", "Sr", "II", "III", "IV"):
        words = words[:-1]
    return words


def same_person(predicted: str | None, gold: str | None) -> bool:
    """Same surname, and the same first name when both give one the names
    corpus knows; a gold Source naming two people ("Obama and Clinton")
    is matched by either."""
    if predicted is None or gold is None:
        return predicted is None and gold is None
    if " and " in gold:
        return any(same_person(predicted, one) for one in gold.split(" and "))
    p, g = _without_suffix(predicted.split()), _without_suffix(gold.split())
    if not p or not g or _norm(p[-1]) != _norm(g[-1]):
        return False
    if len(p) >= 2 and len(g) >= 2:
        names = polnear.first_names()
        if _norm(g[0]) in names and _norm(p[0]) in names:
            return _norm(p[0]) == _norm(g[0])
    return True


@dataclass
class Tally:
    right: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.total += 1
        self.right += ok

    def __str__(self) -> str:
        return f"{self.right / self.total:.3f} ({self.total})" if self.total else "-"


@dataclass
class SpeakerError:
    """One wrong speaker, with what is needed to show it in context."""

    article: str
    text: str  # the restyled text the pipeline read
    gold: polnear.GoldQuote
    want: str | None
    got: str | None
    got_kind: str | None
    got_span: tuple[int, int] | None
    quote: tuple[int, int]
    note: str = ""  # what a diagnosing caller adds (candidates, ranks)


@dataclass
class Result:
    gold: int = 0
    predicted: int = 0
    predicted_matched: int = 0
    found: int = 0
    named: Tally = field(default_factory=Tally)
    pronoun: Tally = field(default_factory=Tally)
    no_person: Tally = field(default_factory=Tally)
    description: Tally = field(default_factory=Tally)
    mistakes: list[str] = field(default_factory=list)
    errors: list[SpeakerError] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.predicted_matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 0.0


def load_pronoun_gold(path: Path = PRONOUN_GOLD) -> dict[tuple[str, int], str | None]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return {(p["article"], p["start"]): p["referent"] for p in data["pronouns"]}


def _match(spans: list[tuple[int, int]], start: int, end: int) -> int | None:
    for k, (s, e) in enumerate(spans):
        if abs(s - start) <= TOLERANCE and abs(e - end) <= TOLERANCE:
            return k
    return None


def evaluate(
    articles: list[polnear.Article],
    style: str,
    pronouns: dict[tuple[str, int], str | None],
    quotes_of: Callable[[polnear.Article, str], list[Any]] | None = None,
) -> Result:
    """Score the pipeline's quotes (``quotes_of(article, text)``, by default
    :func:`reader.nlp.annotate`) against the gold of ``articles``."""
    if quotes_of is None:
        from reader.nlp import annotate

        def quotes_of(article: polnear.Article, text: str) -> list[Any]:
            return annotate(text).quotes

    restyle = STYLES[style]
    result = Result()
    for article in articles:
        text = restyle(article.text)
        quotes = quotes_of(article, text)
        spans = [(q.start, q.end) for q in quotes]
        matched_predicted: set[int] = set()
        result.gold += len(article.quotes)
        result.predicted += len(quotes)
        for g in article.quotes:
            k = _match(spans, g.start, g.end)
            snippet = article.text[g.start : g.end][:60].replace("\n", " ")
            if k is None:
                result.mistakes.append(f"{article.name} MISSED {g.start}-{g.end} {snippet!r}")
                continue
            matched_predicted.add(k)
            result.found += 1
            q = quotes[k]
            kind = getattr(q, "speaker_kind", "person" if q.speaker else None)
            person = q.speaker if kind == "person" else None
            ok: bool | None = None
            if g.kind == polnear.NAMED:
                ok = same_person(person, g.name)
                result.named.add(ok)
                want = g.name
            elif g.kind == polnear.PRONOUN:
                assert g.source_span is not None
                want = pronouns.get((article.name, g.source_span[0]), "?")
                if want == "?":
                    continue
                ok = same_person(person, want)
                result.pronoun.add(ok)
            elif g.kind == polnear.NO_PERSON:
                ok = person is None
                result.no_person.add(person is not None)
                want = f"no person: {g.source}"
            elif g.kind == polnear.PERSON_DESCRIPTION:
                result.description.add(person is not None)
            if ok is False:
                result.errors.append(
                    SpeakerError(article.name, text, g, want, q.speaker, kind, q.speaker_mention, (q.start, q.end))
                )
                result.mistakes.append(
                    f"{article.name} SPEAKER {g.start} {g.kind} want={want!r} got={q.speaker!r}/{kind} {snippet!r}"
                )
        result.predicted_matched += len(matched_predicted)
        for k, (s, e) in enumerate(spans):
            if k not in matched_predicted:
                result.mistakes.append(f"{article.name} EXTRA {s}-{e} {text[s:e][:60]!r}")
    return result


def show_error(e: SpeakerError, before: int = 450, after: int = 250) -> str:
    """The error in its context: ``[[…]]`` the quote, ``{S …}`` the gold
    Source, ``<P …>`` the span the pipeline took its speaker from."""
    text = e.text
    q0, q1 = e.quote
    lo = max(0, text.rfind("\n\n", 0, max(0, q0 - before)) + 2 if text.rfind("\n\n", 0, max(0, q0 - before)) >= 0 else 0, q0 - before)
    hi = min(len(text), q1 + after)
    marks: list[tuple[int, int, str]] = [(q0, 1, "[["), (q1, 0, "]]")]
    if e.gold.source_span and lo <= e.gold.source_span[0] < hi:
        marks += [(e.gold.source_span[0], 2, "{S "), (min(hi, e.gold.source_span[1]), 0, "}")]
    if e.got_span and lo <= e.got_span[0] < hi:
        marks += [(e.got_span[0], 3, "<P "), (min(hi, e.got_span[1]), 0, ">")]
    out: list[str] = []
    at = lo
    for pos, _, mark in sorted(marks):
        out.append(text[at:pos])
        out.append(mark)
        at = pos
    out.append(text[at:hi])
    body = "".join(out).replace("\n\n", " ¶ ").replace("\n", " / ")
    where = "" if not e.gold.source_span or lo <= e.gold.source_span[0] < hi else f" (gold source at {e.gold.source_span[0]}, outside the window)"
    return (
        f"--- {e.article} @{q0} gold={e.gold.kind}: {e.gold.source!r} want={e.want!r} "
        f"got={e.got!r}/{e.got_kind}{where}\n{body}" + (f"\n  note: {e.note}" if e.note else "")
    )


ROWS: list[tuple[str, Callable[[Result], str]]] = [
    ("gold quotes", lambda r: str(r.gold)),
    ("found quotes", lambda r: str(r.predicted)),
    ("quote precision (ends within 2)", lambda r: f"{r.precision:.3f}"),
    ("quote recall (ends within 2)", lambda r: f"{r.recall:.3f}"),
    ("speaker right: named person", lambda r: str(r.named)),
    ("speaker right: he/she", lambda r: str(r.pronoun)),
    ("person named: source no person", lambda r: str(r.no_person)),
    ("(info) named: description of one person", lambda r: str(r.description)),
]


def table(results: dict[str, Result]) -> str:
    width = max(len(name) for name, _ in ROWS)
    cols = list(results)
    lines = [f"{'measure':<{width}}  " + "  ".join(f"{c:>13}" for c in cols)]
    for name, cell in ROWS:
        lines.append(f"{name:<{width}}  " + "  ".join(f"{cell(results[c]):>13}" for c in cols))
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", default="dev", choices=["dev", "train"])
    parser.add_argument("--style", action="append", choices=list(STYLES), help="only these styles")
    parser.add_argument("--verbose", "-v", action="store_true", help="list every miss, extra and wrong speaker")
    parser.add_argument("--errors", action="store_true", help="show every wrong speaker in its context, by row")
    args = parser.parse_args()
    if not (polnear.POLNEAR / args.split).is_dir():
        print(f"needs {polnear.POLNEAR / args.split} (../shared beside the repository)", file=sys.stderr)
        return 2
    articles = polnear.read_split(args.split)
    pronouns = load_pronoun_gold() if args.split == "dev" else {}
    results = {style: evaluate(articles, style, pronouns) for style in (args.style or STYLES)}
    print(f"PolNeAR {args.split}: {len(articles)} articles")
    print(table(results))
    if args.verbose:
        for style, result in results.items():
            print(f"\n== {style}")
            print("\n".join(result.mistakes))
    if args.errors:
        for style, result in results.items():
            print(f"\n== {style}: wrong speakers in context")
            for e in sorted(result.errors, key=lambda e: (e.gold.kind, e.article, e.quote)):
                print(show_error(e))
    print(f"\nreproduce: .venv/bin/python tools/eval_polnear.py --split {args.split}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
