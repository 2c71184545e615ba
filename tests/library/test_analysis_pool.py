"""The import's process pool: workers forked from a server that preloaded the pipeline."""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from reader.analysis_jobs import DEFAULT_ANNOTATOR
from reader.analysis_pool import analysis_pool, preload_for

pytestmark = pytest.mark.skipif(
    "forkserver" not in multiprocessing.get_all_start_methods(), reason="this platform has no forkserver"
)


def _what_a_worker_has(_: object) -> tuple[int, bool, bool, int, bool, int]:
    """Before any annotation in this worker: its parent, whether NLTK and the tagger's and
    the speaker model's loaders are already there, loaded; whether the garbage collector
    runs, and how many objects it never visits (frozen in the server)."""
    import gc

    from reader.nlp import ner, speakers

    return (
        os.getppid(),
        "nltk" in sys.modules,
        ner.load_model.cache_info().currsize == 1 and speakers.load_model.cache_info().currsize == 1,
        ner.load_model.cache_info().misses,
        gc.isenabled(),
        gc.get_freeze_count(),
    )


@pytest.mark.slow
def test_workers_start_with_the_pipeline_loaded_and_the_server_ends_with_the_pool() -> None:
    from multiprocessing import forkserver

    with analysis_pool(2, DEFAULT_ANNOTATOR) as pool:
        results = list(pool.map(_what_a_worker_has, range(4)))
        server = forkserver._forkserver._forkserver_pid  # noqa: SLF001
    assert server is not None
    for parent, has_nltk, models_loaded, loads, collecting, frozen in results:
        assert parent == server != os.getpid()  # forked from the server, not spawned by us
        assert has_nltk and models_loaded
        assert loads == 1  # loaded once, in the server, before the fork: no worker loaded it again
        assert collecting  # the collector, off while the server loaded, is back on in the workers
        assert frozen > 10_000  # and never walks the loaded pipeline (see reader.analysis_preload)
    assert forkserver._forkserver._forkserver_pid is None  # noqa: SLF001 - stopped with the pool
    with pytest.raises(ChildProcessError):
        os.waitpid(server, os.WNOHANG)  # and reaped: no zombie, its CPU counted as ours


def test_another_annotator_preloads_its_own_module_not_the_pipeline() -> None:
    assert preload_for(DEFAULT_ANNOTATOR) == ["reader.analysis_preload"]
    assert preload_for("tests.library.fake_nlp:annotate") == ["reader.analysis_jobs", "tests.library.fake_nlp"]


def test_a_server_held_open_by_a_stuck_worker_is_killed_not_waited_for_forever() -> None:
    """If a worker outlived the pool (one that would not die), it holds the server's alive
    pipe and the server never ends by itself: stopping it must not hang this process."""
    import signal
    import time
    from multiprocessing import forkserver

    from reader.analysis_pool import _stop_forkserver

    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([])
    stuck = context.Process(target=time.sleep, args=(60,))
    stuck.start()
    server = forkserver._forkserver._forkserver_pid  # noqa: SLF001
    try:
        started = time.monotonic()
        _stop_forkserver(timeout=1.0)
        assert time.monotonic() - started < 10
        assert forkserver._forkserver._forkserver_pid is None  # noqa: SLF001
        with pytest.raises(ChildProcessError):
            os.waitpid(server, os.WNOHANG)  # killed and reaped
    finally:
        if stuck.is_alive():
            os.kill(stuck.pid, signal.SIGKILL)
        stuck.join(5)


def test_the_preloaded_server_exits_without_tearing_down_what_it_loaded(tmp_path: Path) -> None:
    """The server's exit skips the interpreter's teardown of the loaded pipeline (the import
    waits for it), and still loses nothing it wrote and exits with success."""
    script = (
        "import sys\n"
        "class Loud:\n"
        "    def __del__(self):\n"
        "        sys.__stdout__.write('torn down\\n')\n"
        "kept = Loud()\n"
        "import reader.analysis_preload\n"
        "sys.stdout.write('preloaded')\n"  # no newline: still buffered at exit
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60,
                          cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "preloaded"


FAKE = "tests.library.fake_nlp:annotate"


def test_the_importer_works_while_the_server_loads_and_no_longer() -> None:
    calls = 0

    def meanwhile() -> bool:
        nonlocal calls
        calls += 1
        time.sleep(0.001)
        return calls < 20_000  # 20 s: only a broken start would run it out

    with analysis_pool(2, FAKE, meanwhile) as pool:
        assert calls >= 1  # the server takes longer to load than a piece of work
        assert calls < 20_000  # it stopped because the server was up
        assert pool.submit(os.getpid).result(timeout=30) != os.getpid()


def test_the_importer_goes_on_when_it_has_nothing_to_do_meanwhile() -> None:
    with analysis_pool(2, FAKE, lambda: False) as pool:
        assert pool.submit(os.getpid).result(timeout=30) != os.getpid()


def test_ctrl_c_while_the_server_loads_ends_the_pool_at_once_and_leaves_nothing() -> None:
    """The warm-up holds nothing of the pool: the interrupt is raised, and the server is
    stopped and reaped, as when a pool ends."""
    from multiprocessing import forkserver

    def meanwhile() -> bool:
        raise KeyboardInterrupt

    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        with analysis_pool(2, DEFAULT_ANNOTATOR, meanwhile):
            pytest.fail("the pool must not start")
    assert time.monotonic() - started < 30
    assert forkserver._forkserver._forkserver_pid is None  # noqa: SLF001
    assert not multiprocessing.active_children()
