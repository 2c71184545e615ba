"""Durability under SIGKILL and under two writers at once (real processes)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from reader.domain import Anchor
from reader.library import Library
from tests.library.helpers import FAKE_ANNOTATOR, make_article

REPO = Path(__file__).resolve().parents[2]
KILLS = 200


def _writer(folder: Path, article_id: str, out: int, seed: int) -> None:
    """Child: add notes (and now and then an article) forever, acknowledging each on ``out``."""
    library = Library.open(folder, seed=False, annotator=FAKE_ANNOTATOR)
    n = 0
    while True:
        n += 1
        if n % 4 == 0:
            article = make_article(seed * 1000 + n)
            library.add_article(article)
            os.write(out, f"a {article.id}\n".encode())
        else:
            note = library.add_note(article_id, Anchor(0, 7, "Article"), f"note {seed}/{n}")
            os.write(out, f"n {note.id}\n".encode())


def _run_and_kill(folder: Path, article_id: str, seed: int, delay: float, *, after_first: bool) -> list[str]:
    """Kill the writer ``delay`` s after it starts, or after its first acknowledgement (so
    the kill lands while it is busy writing, whatever the machine's load)."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - child
        os.close(read_end)
        try:
            _writer(folder, article_id, write_end, seed)
        finally:
            os._exit(0)
    os.close(write_end)
    chunks = [os.read(read_end, 65536)] if after_first else []
    time.sleep(delay)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    while chunk := os.read(read_end, 65536):
        chunks.append(chunk)
    os.close(read_end)
    text = b"".join(chunks).decode()
    return text.splitlines() if text.endswith("\n") else text.splitlines()[:-1]


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_sigkill_never_loses_an_acknowledged_note(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from reader.store import journaled

    # compact often, so kills also land in the middle of rewriting the snapshots
    monkeypatch.setattr(journaled, "COMPACT_LINES", 7)
    library = Library.open(tmp_path, seed=False, annotator=FAKE_ANNOTATOR)
    article = make_article(0)
    library.add_article(article)
    library.close()
    rng = random.Random(4)
    notes: set[str] = set()
    articles: set[str] = {article.id}
    for kill in range(KILLS):
        acked = _run_and_kill(tmp_path, article.id, kill, rng.uniform(0.0, 0.03), after_first=kill % 4 != 0)
        notes |= {line[2:] for line in acked if line.startswith("n ")}
        articles |= {line[2:] for line in acked if line.startswith("a ")}
        after = Library.open(tmp_path, seed=False, annotator=FAKE_ANNOTATOR)
        assert after.warnings == [], f"kill {kill}: {after.warnings}"
        missing = notes - {n.id for n in after.notes()}
        assert not missing, f"kill {kill}: lost acknowledged notes {missing}"
        stored = {s.id for s in after.summaries()}
        assert articles <= stored, f"kill {kill}: lost articles {articles - stored}"
        for article_id in articles:
            assert after.get(article_id).id == article_id
        after.close()
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert len(leftovers) <= 1, leftovers  # crashed saves' temp files are cleaned on open
    assert len(notes) > KILLS // 2  # the kills did land while notes were being written


TWO_WRITERS = textwrap.dedent(
    """
    import sys
    from reader.domain import Anchor
    from reader.library import Library
    library = Library.open(sys.argv[1], seed=False, annotator="tests.library.fake_nlp:annotate")
    for n in range(int(sys.argv[3])):
        library.add_note(sys.argv[2], Anchor(0, 1, "A"), f"{sys.argv[4]} {n}")
    """
)


@pytest.mark.slow
def test_two_processes_adding_notes_lose_nothing(tmp_path: Path) -> None:
    library = Library.open(tmp_path, seed=False, annotator=FAKE_ANNOTATOR)
    article = make_article(0)
    library.add_article(article)
    per_process = 1000
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    procs = [
        subprocess.Popen([sys.executable, "-c", TWO_WRITERS, str(tmp_path), article.id, str(per_process), name],
                         cwd=REPO, env=env)
        for name in ("left", "right")
    ]
    assert [p.wait(timeout=600) for p in procs] == [0, 0]
    texts = [n.text for n in Library.open(tmp_path, seed=False, annotator=FAKE_ANNOTATOR).notes()]
    assert len(texts) == 2 * per_process
    assert set(texts) == {f"{side} {n}" for side in ("left", "right") for n in range(per_process)}
