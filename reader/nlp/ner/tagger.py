"""The run-time entity tagger: two greedy left-to-right passes per document.

Pass 1 tags each sentence from local features. Pass 2 tags it again with
the same local features plus what pass 1 found in the whole document
(:class:`~reader.nlp.ner.features.DocumentStats`) and pass 1's own tags
around the token (stacking). Both passes were trained with
``tools/train_ner.py`` as ``nltk.tag.perceptron.AveragedPerceptron`` models
and compiled to packed integers (see :mod:`reader.nlp.ner.model_io`): one
int per feature holds pass 1's scores in its low fields and pass 2's in its
high fields, so one sum serves both passes.

Why it is fast:

* every word-only feature group is summed once per word type and offset and
  cached across calls (``_entry``);
* tokens without capitals whose neighbours have none either are tagged O
  without scoring: in CoNLL-2003 training data that is 56% of the tokens and
  only 28 of 34,000 entity tokens (the tagger was trained the same way);
* a token's scores for all labels of both passes are one big-int sum, and
  only the labels that may follow the previous tag are read back;
* pass 2's document features are summed once per word *profile* (what the
  document says of the word), and profiles repeat across documents
  (``_DocumentSums``).
* the big ints are touched as little as possible: what a score takes from
  the tags before the token is one sum (``_before``), a weight of 0 (most
  bigrams) is not added (adding it copies the int), pass 1 masks off pass
  2's fields before its argmax shifts, and a token's candidate tags are
  found once for both passes.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import compress, islice
from operator import itemgetter
from typing import Any

from reader.nlp.ner import features as F
from reader.nlp.ner.gazetteer import PERSON_FIRST
from reader.nlp.ner.labels import LABELS, START, TYPES, allowed_next
from reader.nlp.ner.model_io import unpack_bias
from reader.nlp.ner.repair import repair_names

_CACHE_LIMIT = 200_000
_O = 0  # index of "O" in LABELS
_N = len(LABELS)


class Tagger:
    """Compiled two-pass tagger; one per process (see ``load_model``)."""

    def __init__(self, model: dict[str, Any]) -> None:
        if tuple(model["labels"]) != LABELS:
            raise ValueError("model labels do not match reader.nlp.ner.labels.LABELS")
        self.version: str = model["version"]
        self.bits: int = model["bits"]
        self.gazetteer: dict[str, int] = model["gazetteer"]
        self.weights: dict[str, int] = model["weights"]
        bits = self.bits
        self._mask = (1 << bits) - 1
        index = {label: i for i, label in enumerate(LABELS)}
        prevs = (START,) + LABELS
        # (is last, no letters, next has no letters) -> for each pass -> the
        # previous tag's index (START: -1, the last item) -> candidates as
        # (label index, bit shift). Found once per scored token, in pass 1,
        # and kept for pass 2 (the flags are the same in both passes).
        flags = (False, True)
        self._options = {
            (last, bare, next_bare): tuple(
                [
                    tuple((index[t], (index[t] + n * _N) * bits) for t in allowed_next(p, last, bare, next_bare))
                    for p in (*LABELS, START)
                ]
                for n in (0, 1)
            )
            for last in flags
            for bare in flags
            for next_bare in flags
        }
        w = self.weights
        # The history features "t1=" and "t2=" and the bias that makes every
        # field non-negative (model_io.unpack_bias), summed:
        # (tag before the previous, previous tag), -1 = sentence start -> packed.
        bias = unpack_bias(2 * _N, bits)
        self._history = {
            (index.get(p2, -1), index.get(p, -1)): w.get("t2=" + p2 + "|" + p, 0) + w.get("t1=" + p, 0) + bias
            for p in prevs
            for p2 in prevs
        }
        # Stacked tags of pass 1, with the sentence boundaries.
        self._stack = {
            name: {index.get(t, -1): w.get(name + t, 0) for t in prevs} for name in ("P0=", "P-=", "P+=")
        }
        self._stack_end = w.get("P+=" + F.EOS, 0)
        # A neighbour in pass 2: what pass 1 made of its word elsewhere in the
        # document ("D-1m=<type>", none when the word had no type) and the tag
        # pass 1 gave it here ("P-=<tag>"), summed: offset -> the type it had
        # most often (None: none) -> its pass-1 tag index -> packed (see _DocumentSums).
        self._beside = {
            k: {
                kind: [(w.get(f"D{k}m={kind}", 0) if kind else 0) + self._stack[name][t] for t in range(_N)]
                for kind in (None, "O", *TYPES)
            }
            for k, name in ((-1, "P-="), (1, "P+="))
        }
        # "t1s=<previous tag>|<short shape>": previous tag index -> shape -> packed,
        # filled as shapes are met (scanning every weight for them at load
        # cost 10 ms of the start-up path).
        self._t1s: dict[int, _Table] = {index.get(p, -1): _Table(_prefixed(w, f"t1s={p}|")) for p in prevs}
        # Everything a token's score takes from the tags before it, summed:
        # (tag before the previous, previous tag, short shape) -> _history + "t1s=".
        # One big-int add per scored token and pass instead of two (an add of
        # two 816-bit ints costs more than the tuple key's lookup).
        history, t1s = self._history, self._t1s
        self._before = _Table(lambda key: history[key[0], key[1]] + t1s[key[1]][key[2]])
        # "t3=<shape before>|<shape>|<shape after>": the three short shapes -> packed,
        # looked up by a tuple of strings whose hashes are known (an f-string
        # key is a new string to build and hash for every scored token).
        self._t3 = _Table(lambda key: w.get("t3=" + "|".join(key), 0))
        # "R=<run length>|<place in run>|<after it>", capped: (run length, index in run) -> packed.
        self._run_weights = _Table(
            lambda key: w.get(f"R={min(key[0], 5)}|{min(key[1], 4)}|{min(key[0] - 1 - key[1], 4)}", 0)
        )
        self._cache: dict[str, tuple[Any, ...]] = {}
        self._by_profile: dict[tuple[Any, int], int] = {}  # see _DocumentSums
        self._bos = self._boundary(F.BOS)
        self._eos = self._boundary(F.EOS)

    # ------------------------------------------------------------------
    # Per-word cached sums
    # ------------------------------------------------------------------

    def _sum(self, feats: list[str]) -> int:
        return sum(filter(None, map(self.weights.get, feats)))

    def _boundary(self, word: str) -> tuple[Any, ...]:
        w = F.describe(word, self.gazetteer)
        # same layout as _entry; only the neighbour sums are ever read
        neighbour_sums = (self._sum(F.context_features(w, k)) for k in F.OFFSETS)
        return (word, word, False, 0, *neighbour_sums, 0, True, None, False, 0, False, None)

    def _entry(self, word: str) -> tuple[Any, ...]:
        """Everything the tagger needs of one word string, computed once per
        word type (see the ``_LOWER``... indices below)."""
        gazetteer = self.gazetteer
        wget = self.weights.get
        context = F.context_features
        w = F.describe(word, gazetteer)
        # as features.is_headline reads it (a character is never both); the
        # capitals are only ever counted in a sentence without a lowercase letter
        has_lower = any(map(str.islower, word))
        n_upper = 0 if has_lower else sum(map(str.isupper, word))
        facts = F.token_facts(word, gazetteer)
        entry = (
            w.lower,
            w.short,
            facts.upper,  # features.has_upper
            sum(filter(None, map(wget, F.word_features(w, gazetteer)))),
            sum(filter(None, map(wget, context(w, -2)))),  # F.OFFSETS, in order
            sum(filter(None, map(wget, context(w, -1)))),
            sum(filter(None, map(wget, context(w, 1)))),
            sum(filter(None, map(wget, context(w, 2)))),
            w.gaz,
            F.letterless(word),
            facts,
            has_lower,
            n_upper,
            facts.capital,
            facts.lower if facts.lowercase else None,
        )
        if len(self._cache) >= _CACHE_LIMIT:
            self._cache.clear()
        self._cache[word] = entry
        return entry

    # ------------------------------------------------------------------
    # Decoding
    # ------------------------------------------------------------------

    def tag_document(self, sentences: Sequence[Sequence[str]], passes: int = 2) -> list[list[str]]:
        """IOBES tags for each token of each sentence of one document
        (``passes=1`` stops after the local pass; for measuring).

        Written for speed, the feature templates of :mod:`features` inlined:
        only the tokens that get scored (``candidates``) are visited one by
        one, the rest of a sentence is handled by whole-list operations;
        ``test_fast_tagger_equals_reference_decoder`` holds it to the plain
        decoder of ``tools/train_ner.py``. Scores are exact integers, so
        parts that do not depend on the token are summed ahead, in any order
        (``_before``: the history features and the bias; a capitalised run's
        gazetteer weight; the stacked tags in ``_DocumentSums``), and a token
        with one allowed tag is not scored."""
        wget = self.weights.get
        mask = self._mask
        first_pass = (1 << (_N * self.bits)) - 1
        options_of = self._options
        bos, eos = self._bos, self._eos
        before = self._before
        t3s = self._t3
        run_weights = self._run_weights
        gazetteer = self.gazetteer
        cache_get = self._cache.get
        entry_of = self._entry

        plan = []  # per sentence: entries, scored token indices, pass 2's candidates, static sums, lowers
        first: list[list[int]] = []
        for words in sentences:
            entries = [cache_get(w) or entry_of(w) for w in words]
            n = len(entries)
            headline = not any(map(_HAS_LOWER, entries)) and sum(map(_N_UPPER, entries)) > 1
            if headline:
                cand = b"\1" * n
            else:
                up = bytes(map(_UPPER, entries))  # 1 where the word has a capital
                if 1 not in up:  # nothing to score: all O
                    plan.append((entries, (), None, None, None, False))
                    first.append([_O] * n)
                    continue
                # a token and its two neighbours, all at once: the flags as
                # one int, shifted a byte either way (its neighbour's flag)
                capitals = int.from_bytes(up, "big")
                cand = (capitals | capitals << 8 | capitals >> 8).to_bytes(n + 1, "big")[1:]
            scored = list(compress(range(n), cand))
            lowers = [_BOS, *map(_LOWER, entries), _EOS]
            shapes = [_BOS, *map(_SHORT, entries), _EOS]
            padded = [bos, bos, *entries, eos, eos]
            static = [0] * n
            later = []  # pass 2's candidates of each scored token, by previous tag
            tags = [_O] * n
            # the run of capitalised tokens met last (features.capital_runs);
            # every capitalised token is scored, so a run is met at its start
            run_start = run_end = run_gazetteer = 0
            for i in scored:
                j = i + 1
                l0 = lowers[j]
                s0 = shapes[j]
                s = (
                    padded[j + 1][3]
                    + padded[i][4]
                    + padded[j][5]
                    + padded[j + 2][6]
                    + padded[j + 3][7]
                    + t3s[shapes[i], s0, shapes[j + 1]]
                )
                # Most of these features have no weight, and adding 0 to a
                # big int copies it: only weights found are added.
                if weight := wget(f"bl={lowers[i]}|{l0}"):
                    s += weight
                if weight := wget(f"br={l0}|{lowers[j + 1]}"):
                    s += weight
                if i == 0:
                    if weight := wget("F|l=" + l0):
                        s += weight
                    if weight := wget("F|s=" + s0):
                        s += weight
                if headline:
                    if weight := wget("H|l=" + l0):
                        s += weight
                    if weight := wget(f"H|t3={shapes[i]}|{s0}|{shapes[j + 1]}"):
                        s += weight
                else:
                    if i >= run_end and entries[i][13]:
                        run_start, run_end = i, j
                        while run_end < n and entries[run_end][13]:
                            run_end += 1
                        run_gazetteer = 0
                        if run_end > j:
                            flags = gazetteer.get(" ".join(lowers[j : run_end + 1]), 0)
                            if flags:
                                run_gazetteer = wget(f"Rg={flags}", 0)
                    if i < run_end and run_end - run_start > 1:
                        s += run_weights[(run_end - run_start, i - run_start)]
                        if run_gazetteer:
                            s += run_gazetteer
                        if run_end > j and (weight := wget("Re=" + lowers[run_end])):
                            s += weight
                        if run_start < i:
                            if weight := wget("Rs=" + lowers[run_start + 1]):
                                s += weight
                            if entries[i - 1][8] & PERSON_FIRST and (weight := wget(f"FN>{entries[i][8]}")):
                                s += weight
                static[i] = s
                prev = tags[i - 1] if i else -1
                last = j == n or not cand[j]
                options = options_of[last, entries[i][9], not last and entries[j][9]]
                later.append(options[1])
                choices = options[0][prev]
                if len(choices) == 1:
                    tags[i] = choices[0][0]
                    continue
                # (pass 1's fields only: its shifts then move half the digits)
                total = (s + before[tags[i - 2] if i > 1 else -1, prev, s0]) & first_pass
                best_i, best_s = _O, -1
                for k, shift in choices:
                    v = (total >> shift) & mask
                    if v > best_s:
                        best_i, best_s = k, v
                tags[i] = best_i
            plan.append((entries, scored, later, static, lowers, headline))
            first.append(tags)
        if passes == 1:
            return [[LABELS[t] for t in tags] for tags in first]  # raw, unrepaired

        stats = F.DocumentStats()
        lower_mid = stats.lower_mid
        for (entries, scored, _, _, _, headline), tags in zip(plan, first):
            if not headline:
                lower_mid.update(map(_MID_LOWER, islice(entries, 1, None)))
            if scored:
                # (a token that has no capital and pass 1 left O says nothing)
                stats.add_tokens(
                    [
                        (entries[i][10], entries[i - 1][10] if i else None, LABELS[tags[i]])
                        for i in scored
                        if tags[i] or entries[i][2]
                    ],
                    headline,
                )
        lower_mid.discard(None)
        sums = _DocumentSums(stats, wget, self._stack["P0="], self._by_profile, self._beside)
        own = sums
        left, right = sums.left.get, sums.right.get
        left_none, right_none = self._beside[-1][None], self._beside[1][None]
        start, end = self._stack["P-="][-1], self._stack_end
        out: list[list[str]] = []
        for words, (entries, scored, later, static, lowers, _), tags1 in zip(sentences, plan, first):
            n = len(entries)
            if not scored:
                out.append(["O"] * n)
                continue
            tags = [_O] * n
            for i, by_previous in zip(scored, later):
                j = i + 1
                prev = tags[i - 1] if i else -1
                choices = by_previous[prev]
                if len(choices) == 1:
                    tags[i] = choices[0][0]
                    continue
                total = (
                    static[i]
                    + own[(lowers[j], tags1[i])]
                    + (left(lowers[i], left_none)[tags1[i - 1]] if i else start)
                    + (right(lowers[j + 1], right_none)[tags1[j]] if j < n else end)
                    + before[tags[i - 2] if i > 1 else -1, prev, entries[i][1]]
                )
                best_i, best_s = _O, -1
                for k, shift in choices:
                    v = (total >> shift) & mask
                    if v > best_s:
                        best_i, best_s = k, v
                tags[i] = best_i
            if tags.count(_O) == n:  # most sentences
                out.append(["O"] * n)
                continue
            labels = list(map(LABELS.__getitem__, tags))
            out.append(repair_names(words, labels, gazetteer) if _S_PER in tags or _B_PER in tags else labels)
        return out


class _DocumentSums(dict):  # type: ignore[type-arg]
    """Pass 2's document features (:meth:`features.DocumentStats.features`
    and ``agreement``) of one document, summed once per word: ``sums[(lower,
    pass-1 tag)]``, with the stacked "P0=" weight of the tag. What they say
    of a word is decided by its :meth:`~features.DocumentStats.profile`
    ("a person twice, always capitalised, once after a first name"), and
    profiles repeat from document to document, so their sums are kept in
    ``by_profile`` (the tagger's, across documents). A neighbour's document
    feature is only "D-1m="/"D1m=" and the type it had most often (none:
    no feature), found here for every word in one sweep: ``left[lower]`` and
    ``right[lower]`` are the tagger's ``_beside`` sums of that type (missing:
    of no type), read by the neighbour's pass-1 tag.

    A dict that fills itself rather than a table holding a method of this
    object: that was a reference cycle, and every document's stats (some 90
    objects) were left for the garbage collector instead of being freed when
    ``tag_document`` returns."""

    __slots__ = ("stats", "wget", "stacked", "by_profile", "left", "right")

    def __init__(
        self,
        stats: F.DocumentStats,
        wget: Any,
        stacked: dict[int, int],
        by_profile: dict[tuple[Any, int], int],
        beside: dict[int, dict[str | None, list[int]]],
    ) -> None:
        super().__init__()
        self.stats = stats
        self.wget = wget
        self.stacked = stacked
        self.by_profile = by_profile
        kinds = {lower: F.most_frequent(counts) for lower, counts in stats.types.items() if counts}
        self.left = {lower: beside[-1][kind] for lower, kind in kinds.items()}
        self.right = {lower: beside[1][kind] for lower, kind in kinds.items()}

    def __missing__(self, key: tuple[str, int]) -> int:
        lower, tag = key
        profile = (self.stats.profile(lower), tag)
        value = self.by_profile.get(profile)
        if value is None:
            feats = self.stats.features(lower, 0)
            agreement = self.stats.agreement(lower, LABELS[tag])
            if agreement:
                feats.append(agreement)
            if len(self.by_profile) >= _CACHE_LIMIT:
                self.by_profile.clear()
            value = self.by_profile[profile] = sum(filter(None, map(self.wget, feats))) + self.stacked[tag]
        self[key] = value
        return value


class _Table(dict):  # type: ignore[type-arg]
    """A dict whose missing values come from ``compute(key)``, then stay
    (at most ``_CACHE_LIMIT`` of them: keys made of shapes are as many as
    untrusted text makes)."""

    __slots__ = ("compute",)

    def __init__(self, compute: Any) -> None:
        super().__init__()
        self.compute = compute

    def __missing__(self, key: Any) -> Any:
        if len(self) >= _CACHE_LIMIT:
            self.clear()
        value = self[key] = self.compute(key)
        return value


# Fields of a cached word entry (see Tagger._entry).
_LOWER = itemgetter(0)
_SHORT = itemgetter(1)
_UPPER = itemgetter(2)
# 10: its TokenFacts, read as entries[i][10]
_HAS_LOWER = itemgetter(11)
_N_UPPER = itemgetter(12)
# 13: first character upper case (TokenFacts.capital), read as entries[i][13]
_MID_LOWER = itemgetter(14)  # its lowercase form if its first character is lowercase, else None
_BOS, _EOS = F.BOS, F.EOS

_S_PER, _B_PER = LABELS.index("S-PER"), LABELS.index("B-PER")


def _prefixed(weights: dict[str, int], prefix: str) -> Any:
    """The weight of ``prefix + key`` (0 when missing), for a :class:`_Table`."""
    return lambda key: weights.get(prefix + key, 0)
