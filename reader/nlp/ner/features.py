"""Feature templates of the entity tagger, shared by training and tagging.

The tagger is only fast because most features depend on one word alone: the
features of a word *at a given offset* from the token being tagged (itself,
one or two to the left or right) are a function of that word's string, so
the tagger sums their weights once per word type and offset and caches the
sum. The few features that combine several words (bigrams, the shape
trigram, sentence position) are built per token; the ones that depend on
earlier decisions (previous tags) are looked up in small tables.

Feature strings are short and prefixed by template ("l=", "-1s=") so the
model file stays small. Changing anything here changes what the model means:
retrain and bump ``MODEL_VERSION``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

BOS = "<S>"
EOS = "</S>"
OFFSETS = (-2, -1, 1, 2)

# Gazetteer flags (first names from NLTK's names corpus, stored in the model).
GAZ_MALE = 1
GAZ_FEMALE = 2


def shape(word: str) -> str:
    """'Pompeo' -> 'Xxxxx', 'U.S.' -> 'X.X.', '1996-08-22' -> 'dddd-dd-dd',
    capped so long words share a shape."""
    out = []
    for ch in word[:8]:
        if ch.isupper():
            out.append("X")
        elif ch.islower():
            out.append("x")
        elif ch.isdigit():
            out.append("d")
        elif ch.isalpha():
            out.append("a")  # letters without case
        else:
            out.append(ch)
    if len(word) > 8:
        out.append("~")
    return "".join(out)


def short_shape(word: str) -> str:
    """The shape with runs collapsed: 'Pompeo' -> 'Xx', 'al-Hakim' -> 'x-Xx'."""
    full = shape(word).rstrip("~")
    out = []
    for ch in full:
        if not out or out[-1] != ch:
            out.append(ch)
    return "".join(out)


def has_upper(word: str) -> bool:
    return word != word.lower()


def word_features(word: str, gazetteer: Mapping[str, int]) -> list[str]:
    """What the token being tagged says about itself."""
    lower = word.lower()
    feats = [
        "b",  # bias
        "w=" + word,
        "l=" + lower,
        "s=" + shape(word),
        "ss=" + short_shape(word),
        "x2=" + lower[-2:],
        "x3=" + lower[-3:],
        "x4=" + lower[-4:],
        "p2=" + word[:2],
        "p3=" + word[:3],
        "n=" + str(min(len(word), 12)),
    ]
    flags = gazetteer.get(lower)
    if flags is not None:
        feats.append("gz=" + str(flags))
    if word.isupper() and len(word) > 1:
        feats.append("AC")
        title = word.title()
        flags = gazetteer.get(title.lower()) if title != word else None
        if flags is not None:
            feats.append("ACgz")
    if "-" in word.strip("-"):
        parts = [p for p in word.split("-") if p]
        feats.append("h0=" + parts[0].lower())
        feats.append("hN=" + parts[-1].lower())
        feats.append("hs=" + short_shape(parts[0]) + "-" + short_shape(parts[-1]))
        flags = gazetteer.get(parts[-1].lower())
        if flags is not None:
            feats.append("hgz")
    return feats


def context_features(word: str, offset: int, gazetteer: Mapping[str, int]) -> list[str]:
    """What a neighbour at ``offset`` says about the token being tagged."""
    k = str(offset)
    if word in (BOS, EOS):
        return [k + "w=" + word]
    lower = word.lower()
    feats = [k + "l=" + lower, k + "ss=" + short_shape(word)]
    if offset in (-1, 1):
        feats.append(k + "w=" + word)
        feats.append(k + "s=" + shape(word))
        feats.append(k + "x3=" + lower[-3:])
        flags = gazetteer.get(lower)
        if flags is not None:
            feats.append(k + "gz=" + str(flags))
    return feats


def candidates(upper: Sequence[bool], headline: bool) -> list[bool]:
    """Which tokens get scored: those with a capital letter or next to one,
    and every token of a headline. The rest are tagged O unscored (in
    training data that skips 56% of tokens and 0.08% of entity tokens)."""
    n = len(upper)
    if headline:
        return [True] * n
    return [upper[i] or (i > 0 and upper[i - 1]) or (i + 1 < n and upper[i + 1]) for i in range(n)]


def is_headline(words: Sequence[str]) -> bool:
    """A sentence in capitals ("CRICKET - LEICESTERSHIRE TAKE OVER"): word
    case says nothing there, so the tagger gets to know."""
    letters = 0
    for w in words:
        for ch in w:
            if ch.islower():
                return False
            if ch.isupper():
                letters += 1
    return letters > 1


def sentence_features(
    i: int,
    lowers: Sequence[str],
    shapes: Sequence[str],
    headline: bool,
) -> list[str]:
    """Features combining several words of the sentence; ``lowers`` and
    ``shapes`` (short shapes) are padded with one boundary marker each side,
    so token ``i`` is at ``i + 1``."""
    j = i + 1
    l0 = lowers[j]
    s0 = shapes[j]
    feats = [
        "bl=" + lowers[j - 1] + "|" + l0,
        "br=" + l0 + "|" + lowers[j + 1],
        "t3=" + shapes[j - 1] + "|" + s0 + "|" + shapes[j + 1],
    ]
    if i == 0:
        feats.append("F|l=" + l0)
        feats.append("F|s=" + s0)
    if headline:
        feats.append("H|l=" + l0)
        feats.append("H|t3=" + shapes[j - 1] + "|" + s0 + "|" + shapes[j + 1])
    return feats


def history_features(prev: str, prev2: str, shape0: str) -> list[str]:
    """Features of the tags already chosen to the left."""
    return ["t1=" + prev, "t2=" + prev2 + "|" + prev, "t1s=" + prev + "|" + shape0]


# --------------------------------------------------------------------------
# Second pass: what the first pass found in the whole document
# --------------------------------------------------------------------------


def entity_type(tag: str) -> str:
    return "O" if tag == "O" else tag[2:]


class DocumentStats:
    """What one document says about each word (keyed by lowercase form):
    the entity types the first pass gave it, whether it sat inside a longer
    entity and where, and how it was capitalised elsewhere.

    News repeats names: "Mike Pompeo" early makes a later lone "Pompeo" a
    person, and a word seen in lowercase mid-sentence is probably not a name
    even when it opens a sentence or a headline.
    """

    __slots__ = ("types", "inside", "lower_mid", "cap_mid")

    def __init__(self) -> None:
        self.types: dict[str, dict[str, int]] = {}
        self.inside: dict[str, set[str]] = {}
        self.lower_mid: set[str] = set()
        self.cap_mid: set[str] = set()

    @classmethod
    def build(cls, sentences: Sequence[Sequence[str]], tags: Sequence[Sequence[str]]) -> DocumentStats:
        stats = cls()
        types = stats.types
        inside = stats.inside
        for words, sent_tags in zip(sentences, tags):
            headline = is_headline(words)
            for i, (word, tag) in enumerate(zip(words, sent_tags)):
                lower = word.lower()
                if not headline and i > 0:
                    if word[:1].isupper():
                        stats.cap_mid.add(lower)
                    elif word[:1].islower():
                        stats.lower_mid.add(lower)
                if tag != "O" or has_upper(word):
                    counts = types.setdefault(lower, {})
                    kind = entity_type(tag)
                    counts[kind] = counts.get(kind, 0) + 1
                if tag[0] in "BIE":
                    inside.setdefault(lower, set()).add(tag)
        return stats

    def features(self, lower: str, offset: int = 0) -> list[str]:
        k = "D" + str(offset)
        counts = self.types.get(lower)
        feats: list[str] = []
        if counts:
            best = max(counts.items(), key=lambda kv: (kv[1], kv[0]))[0]
            feats.append(k + "m=" + best)
            if offset == 0:
                total = sum(counts.values())
                for kind, n in counts.items():
                    if kind != "O":
                        feats.append("Da=" + kind + ("+" if n * 2 > total else "-"))
        if offset == 0:
            for tag in sorted(self.inside.get(lower, ())):
                feats.append("Di=" + tag)
            if lower in self.lower_mid:
                feats.append("Dlow")
            if lower in self.cap_mid:
                feats.append("Dcap")
        return feats


def stacked_features(tag_left: str, tag: str, tag_right: str) -> list[str]:
    """The first pass's own tags around the token."""
    return ["P0=" + tag, "P-=" + tag_left, "P+=" + tag_right]
