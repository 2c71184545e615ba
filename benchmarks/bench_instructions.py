"""Instructions per article of ``reader.nlp.annotate``, counted by callgrind.

    .venv/bin/python benchmarks/bench_instructions.py [--articles 100] [--tree DIR ...]

Why instruction counts and not time: this machine is shared, and the same code
measured 7.2-9.7 ms of CPU per imported article within one day. A change of a
few per cent is invisible in time but exact in instructions: callgrind counts
the same run the same way every time (with ``PYTHONHASHSEED=0``).

What is counted: ``annotate`` over ``--articles`` fresh generated articles
(and PolNeAR dev texts when ``../shared`` is there), after as many others have
warmed the caches, with the collector frozen after the warm-up as the analysis
server freezes it. The count is a run with the measured articles less a run
without them, so interpreter start-up, imports and model loading cancel out.

``--tree`` measures other checkouts (e.g. a ``git worktree`` of the commit
before a change) beside this one, each with its own ``reader`` package first
on the path. Needs valgrind; prints why and exits 0 without it.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
POLNEAR = REPO.parent / "shared" / "data" / "polnear"

# Run by callgrind: warm up on WARM texts, freeze, then annotate MEASURED (0 for the baseline run).
_CHILD = """
import gc, sys
tree, corpus, warm, measured = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
sys.path[:0] = [tree, tree + "/tools"]
from reader.nlp import annotate
if corpus == "generated":
    import gen_library
    texts = [a.body for a in gen_library.generate_articles(warm + measured, seed=11)]
else:
    import polnear
    texts = [a.text for a in polnear.read_split("dev")][: warm + measured]
for text in texts[:warm]:
    annotate(text)
gc.collect()
gc.freeze()
for text in texts[warm:]:
    annotate(text)
"""
_TOTAL = re.compile(r"summary:\s*(\d+)")


def _instructions(tree: Path, corpus: str, warm: int, measured: int) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "callgrind.out"
        subprocess.run(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", sys.executable, "-c", _CHILD,
             str(tree), corpus, str(warm), str(measured)],
            check=True, capture_output=True, env={**os.environ, "PYTHONHASHSEED": "0"},
        )
        found = _TOTAL.search(out.read_text(errors="replace"))
        if found is None:
            raise SystemExit(f"no instruction total in callgrind's output for {tree}")
        return int(found.group(1))


def per_article(tree: Path, corpus: str, articles: int) -> float:
    """Millions of instructions per article (a run with them less a run without)."""
    with_them = _instructions(tree, corpus, articles, articles)
    without = _instructions(tree, corpus, articles, 0)
    return (with_them - without) / articles / 1e6


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=100, help="generated articles measured (as many warm up)")
    parser.add_argument("--tree", type=Path, action="append", default=[], help="another checkout to measure")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        print("valgrind is not installed: no instruction counts (apt install valgrind)")
        return 0
    corpora = [("generated", args.articles)]
    if POLNEAR.is_dir():
        corpora.append(("polnear-dev", min(40, args.articles)))  # 84 texts: as many warm up
    trees = [REPO, *args.tree]
    print(f"# reader.nlp.annotate, M instructions per article (callgrind; {sys.version.split()[0]})")
    print(f"{'tree':<40}" + "".join(f"{name + f' ({n})':>22}" for name, n in corpora))
    for tree in trees:
        cells = []
        for name, n in corpora:
            corpus = "generated" if name == "generated" else "polnear"
            cells.append(f"{per_article(tree.resolve(), corpus, n):>22.3f}")
        print(f"{str(tree):<40}" + "".join(cells))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
