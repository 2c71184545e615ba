"""The run-time entity tagger: two greedy left-to-right passes per document.

Pass 1 tags each sentence from local features. Pass 2 tags it again with
the same local features plus what pass 1 found in the whole document
(:class:`~reader.nlp.ner.features.DocumentStats`) and pass 1's own tags
around the token (stacking). Both passes were trained with
``tools/train_ner.py`` as ``nltk.tag.perceptron.AveragedPerceptron`` models
and compiled to packed integers (see :mod:`reader.nlp.ner.model_io`).

Why it is fast:

* every word-only feature group is summed once per word type and offset and
  cached across calls (``_entry``);
* tokens without capitals whose neighbours have none either are tagged O
  without scoring: in CoNLL-2003 training data that is 56% of the tokens and
  only 28 of 34,000 entity tokens (the tagger was trained the same way);
* a token's scores for all labels are one big-int sum, and only the labels
  that may follow the previous tag are read back.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reader.nlp.ner import features as F
from reader.nlp.ner.labels import LABELS, START, allowed_next
from reader.nlp.ner.model_io import unpack_bias

_CACHE_LIMIT = 200_000
_O = 0  # index of "O" in LABELS


class Tagger:
    """Compiled two-pass tagger; one per process (see ``load_model``)."""

    def __init__(self, model: dict[str, Any]) -> None:
        if tuple(model["labels"]) != LABELS:
            raise ValueError("model labels do not match reader.nlp.ner.labels.LABELS")
        self.version: str = model["version"]
        self.bits: int = model["bits"]
        self.gazetteer: dict[str, int] = model["gazetteer"]
        self.w1: dict[str, int] = model["pass1"]
        self.w2: dict[str, int] = model["pass2"]
        self._bias = unpack_bias(len(LABELS), self.bits)
        self._mask = (1 << self.bits) - 1
        self._half = 1 << (self.bits - 1)
        index = {label: i for i, label in enumerate(LABELS)}
        prevs = (START,) + LABELS
        # (previous tag, is last) -> candidate (label index, bit shift) pairs
        self._allowed = {
            (index.get(p, -1), last): tuple((index[t], index[t] * self.bits) for t in allowed_next(p, last))
            for p in prevs
            for last in (False, True)
        }
        # History tables: previous tag index (-1 = sentence start) -> packed.
        self._t1 = [{}, {}]  # type: list[dict[int, int]]
        self._t2 = [{}, {}]  # type: list[dict[tuple[int, int], int]]
        for n, w in enumerate((self.w1, self.w2)):
            for p in prevs:
                pi = index.get(p, -1)
                self._t1[n][pi] = w.get("t1=" + p, 0)
                for p2 in prevs:
                    self._t2[n][(index.get(p2, -1), pi)] = w.get("t2=" + p2 + "|" + p, 0)
        # Stacked tags of pass 1, with the sentence boundaries.
        self._stack = {
            name: {index.get(t, -1): self.w2.get(name + t, 0) for t in prevs}
            for name in ("P0=", "P-=", "P+=")
        }
        self._stack_end = self.w2.get("P+=" + F.EOS, 0)
        self._cache: dict[str, tuple[Any, ...]] = {}
        self._bos = self._boundary(F.BOS)
        self._eos = self._boundary(F.EOS)

    # ------------------------------------------------------------------
    # Per-word cached sums
    # ------------------------------------------------------------------

    def _sums(self, feats: list[str]) -> tuple[int, int]:
        return sum(filter(None, map(self.w1.get, feats))), sum(filter(None, map(self.w2.get, feats)))

    def _boundary(self, word: str) -> tuple[Any, ...]:
        sums = [self._sums(F.context_features(word, k, self.gazetteer)) for k in F.OFFSETS]
        # same layout as _entry; the word's own slot is never used
        return (word, word, False, 0, 0, *(s[0] for s in sums), *(s[1] for s in sums))

    def _entry(self, word: str) -> tuple[Any, ...]:
        """(lower, short shape, has capitals, own sums pass 1/2, then the
        sums as a neighbour at offsets -2, -1, +1, +2 for pass 1 and pass 2)."""
        entry = self._cache.get(word)
        if entry is None:
            gaz = self.gazetteer
            own = self._sums(F.word_features(word, gaz))
            sums = [self._sums(F.context_features(word, k, gaz)) for k in F.OFFSETS]
            entry = (
                word.lower(),
                F.short_shape(word),
                F.has_upper(word),
                own[0],
                own[1],
                *(s[0] for s in sums),
                *(s[1] for s in sums),
            )
            if len(self._cache) >= _CACHE_LIMIT:
                self._cache.clear()
            self._cache[word] = entry
        return entry

    # ------------------------------------------------------------------
    # Decoding
    # ------------------------------------------------------------------

    def _best(self, total: int, prev: int, last: bool) -> int:
        mask = self._mask
        best_i, best_s = _O, None
        for i, shift in self._allowed[(prev, last)]:
            s = (total >> shift) & mask
            if best_s is None or s > best_s:
                best_i, best_s = i, s
        return best_i

    def tag_document(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        """IOBES tags for each token of each sentence of one document."""
        w1get = self.w1.get
        w2get = self.w2.get
        bias = self._bias
        bos, eos = self._bos, self._eos
        t1a, t1b = self._t1
        t2a, t2b = self._t2
        best = self._best

        plan = []  # per sentence: entries, candidate flags, pass-2 static sums
        first: list[list[int]] = []
        for words in sentences:
            n = len(words)
            entries = [self._entry(w) for w in words]
            headline = F.is_headline(words) if n else False
            padded = [bos, bos, *entries, eos, eos]
            lowers = [F.BOS, *(e[0] for e in entries), F.EOS]
            shapes = [F.BOS, *(e[1] for e in entries), F.EOS]
            cand = F.candidates([e[2] for e in entries], headline)
            static2 = [0] * n
            tags = [_O] * n
            prev, prev2 = -1, -1
            for i in range(n):
                if not cand[i]:
                    prev2, prev = prev, _O
                    continue
                e = padded[i + 2]
                sent = F.sentence_features(i, lowers, shapes, headline)
                s1 = (
                    e[3]
                    + padded[i][5]
                    + padded[i + 1][6]
                    + padded[i + 3][7]
                    + padded[i + 4][8]
                    + sum(filter(None, map(w1get, sent)))
                )
                static2[i] = (
                    e[4]
                    + padded[i][9]
                    + padded[i + 1][10]
                    + padded[i + 3][11]
                    + padded[i + 4][12]
                    + sum(filter(None, map(w2get, sent)))
                )
                total = s1 + t1a[prev] + t2a[(prev2, prev)] + w1get("t1s=" + _name(prev) + "|" + e[1], 0) + bias
                tag = best(total, prev, i + 1 == n or not cand[i + 1])
                tags[i] = tag
                prev2, prev = prev, tag
            plan.append((entries, cand, static2, shapes))
            first.append(tags)

        stats = F.DocumentStats.build(sentences, [[LABELS[t] for t in tags] for tags in first])
        doc_cache: dict[tuple[str, int], int] = {}

        def doc_sum(lower: str, offset: int) -> int:
            key = (lower, offset)
            value = doc_cache.get(key)
            if value is None:
                value = doc_cache[key] = sum(filter(None, map(w2get, stats.features(lower, offset))))
            return value

        p0, pl, pr = self._stack["P0="], self._stack["P-="], self._stack["P+="]
        stack_end = self._stack_end
        out: list[list[str]] = []
        for (entries, cand, static2, shapes), tags1 in zip(plan, first):
            n = len(entries)
            tags = [_O] * n
            prev, prev2 = -1, -1
            for i in range(n):
                if not cand[i]:
                    prev2, prev = prev, _O
                    continue
                lower = entries[i][0]
                total = (
                    static2[i]
                    + doc_sum(lower, 0)
                    + (doc_sum(entries[i - 1][0], -1) if i > 0 else 0)
                    + (doc_sum(entries[i + 1][0], 1) if i + 1 < n else 0)
                    + p0[tags1[i]]
                    + (pl[tags1[i - 1]] if i > 0 else pl[-1])
                    + (pr[tags1[i + 1]] if i + 1 < n else stack_end)
                    + t1b[prev]
                    + t2b[(prev2, prev)]
                    + w2get("t1s=" + _name(prev) + "|" + shapes[i + 1], 0)
                    + bias
                )
                tag = best(total, prev, i + 1 == n or not cand[i + 1])
                tags[i] = tag
                prev2, prev = prev, tag
            out.append([LABELS[t] for t in tags])
        return out


_NAMES = {i: label for i, label in enumerate(LABELS)}
_NAMES[-1] = START


def _name(index: int) -> str:
    return _NAMES[index]
