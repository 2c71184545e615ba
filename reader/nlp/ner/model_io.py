"""Reading and writing the shipped model file, and compiling weights.

The file is a zlib-compressed pickle of plain dicts, lists, strings and ints
(no classes), read with an unpickler that refuses every global: loading it
cannot run code even if the file were swapped, and it loads in tens of
milliseconds, which JSON of the same size cannot.

Weights are compiled for speed: each feature's weights for all labels of
both passes are quantised to integers and packed into ONE Python int, a
field of ``bits`` bits per (pass, label). Adding the packed ints of a token's features adds every
label's score at once (big-int addition is a single C loop), and the field
of each label is read back only for the few labels the decoder may choose.
"""

from __future__ import annotations

import io
import pickle
import zlib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

FORMAT = 2
MODEL_FILE = Path(__file__).resolve().parent.parent / "data" / "ner_model.bin"


class _PlainUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        raise pickle.UnpicklingError(f"model file may hold plain data only, not {module}.{name}")


def save(model: Mapping[str, Any], path: str | Path = MODEL_FILE) -> None:
    data = zlib.compress(pickle.dumps(dict(model), protocol=4), 9)
    Path(path).write_bytes(data)


def load(path: str | Path = MODEL_FILE) -> dict[str, Any]:
    raw = zlib.decompress(Path(path).read_bytes())
    model = _PlainUnpickler(io.BytesIO(raw)).load()
    if not isinstance(model, dict) or model.get("format") != FORMAT:
        raise ValueError(f"{path} is not a reader NER model (format {FORMAT})")
    return model


def pack(scores: Sequence[int], bits: int) -> int:
    """Signed per-label integers -> one int with a ``bits``-bit field each."""
    total = 0
    for index, value in enumerate(scores):
        if value:
            total += value << (index * bits)
    return total


def unpack(packed: int, n_labels: int, bits: int) -> list[int]:
    """The per-label integers of one packed int (inverse of :func:`pack`)."""
    half = 1 << (bits - 1)
    mask = (1 << bits) - 1
    biased = packed + unpack_bias(n_labels, bits)
    return [((biased >> (i * bits)) & mask) - half for i in range(n_labels)]


def unpack_bias(n_labels: int, bits: int) -> int:
    """Adding this to a sum of packed ints makes every field non-negative,
    so field ``i`` reads back as ``((x >> i*bits) & mask) - half``."""
    half = 1 << (bits - 1)
    return sum(half << (i * bits) for i in range(n_labels))


def compile_weights(
    passes: Sequence[Mapping[str, Mapping[str, float]]],
    labels: Sequence[str],
    *,
    bits: int,
    scale: float,
    threshold: float,
) -> dict[str, int]:
    """Averaged-perceptron weights (feature -> label -> float) of each pass to
    ONE table of packed ints, pass ``n`` in fields ``n*len(labels)`` onwards,
    dropping weights whose magnitude is below ``threshold`` (they change
    almost no decision and are most of the file)."""
    n_labels = len(labels)
    index = {label: i for i, label in enumerate(labels)}
    limit = (1 << (bits - 1)) // 64  # headroom: dozens of features add up per token
    scores: dict[str, list[int]] = {}
    for n, weights in enumerate(passes):
        for feat, by_label in weights.items():
            for label, w in by_label.items():
                if abs(w) >= threshold:
                    q = max(-limit, min(limit, int(round(w * scale))))
                    if q:
                        row = scores.setdefault(feat, [0] * (n_labels * len(passes)))
                        row[n * n_labels + index[label]] = q
    return {feat: pack(row, bits) for feat, row in scores.items()}
