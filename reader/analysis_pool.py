"""The process pool an import annotates in: workers forked from one preloaded server.

Each worker used to be a fresh interpreter (``spawn``) that imported NLTK and
the pipeline and loaded both models before its first article: 0.4-0.5 s of
CPU per worker, so 0.9 ms of every article's cost in a 1,000-article import
on two cores. Now the workers are forked from multiprocessing's *forkserver*,
a single-threaded process started for the import that preloads the pipeline
once (:mod:`reader.analysis_preload`); a fork of it starts with everything
loaded. ``fork`` straight from the reader is not an option: the TUI runs
threads, and forking a threaded process is unsafe; the forkserver is started
clean and never runs a thread.

The server lives as long as the pools that use it: :func:`analysis_pool`
stops it when the last one in this process ends, so no preloaded process
(~100 MB) stays behind in the TUI after an import, and its CPU -- and its
workers', which it has reaped by then -- is counted in this process's
children's usage. Where forkserver is unavailable (Windows), workers are
spawned as before. Their lifetime guards are in :mod:`reader.worker_lifetime`.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager

from reader.analysis_jobs import DEFAULT_ANNOTATOR
from reader.worker_lifetime import start_worker

_users = 0  # pools open on the forkserver in this process
_users_lock = threading.Lock()


def preload_for(annotator: str) -> list[str]:
    """What the forkserver imports before forking workers for ``annotator``: the real
    pipeline warmed up (models loaded), or another annotator's module (tests, tools)."""
    if annotator == DEFAULT_ANNOTATOR:
        return ["reader.analysis_preload"]
    return ["reader.analysis_jobs", annotator.split(":")[0]]


def _start_resource_tracker() -> None:
    """Start multiprocessing's resource tracker (every start method needs it) with a real
    standard error. It hands ``sys.stderr.fileno()`` to the tracker; under Textual,
    ``sys.stderr`` is a capture whose ``fileno()`` is -1, and every pool started from the
    TUI failed ("bad value(s) in fds_to_keep"). The process's own stderr stands in while the
    tracker starts: the tracker inherits that descriptor anyway."""
    from multiprocessing import resource_tracker

    try:
        usable = sys.stderr is None or sys.stderr.fileno() >= 0
    except (AttributeError, OSError, ValueError):
        usable = True  # the tracker skips a stderr without a descriptor
    if usable or sys.__stderr__ is None:
        return
    captured, sys.stderr = sys.stderr, sys.__stderr__
    try:
        resource_tracker.ensure_running()
    finally:
        sys.stderr = captured


def _context(annotator: str) -> multiprocessing.context.BaseContext:
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(preload_for(annotator))
    return context


def _nothing_to_do() -> bool:
    return False


@contextmanager
def analysis_pool(
    workers: int, annotator: str, meanwhile: Callable[[], bool] = _nothing_to_do
) -> Iterator[ProcessPoolExecutor]:
    """A ``ProcessPoolExecutor`` of ``workers`` analysis processes for ``annotator``
    ("module:function"), tied to this process's life; the forkserver is stopped when
    the last pool of this process is done with it. ``meanwhile`` is the caller's own
    work, a piece a call (False once there is none), done while the server loads."""
    global _users
    _start_resource_tracker()
    context = _context(annotator)
    forked = context.get_start_method() == "forkserver"
    if forked:
        with _users_lock:
            _users += 1
    try:
        if forked:
            _work_while_the_server_loads(context, meanwhile)
        with ProcessPoolExecutor(workers, mp_context=context, initializer=start_worker,
                                 initargs=(os.getpid(),)) as pool:
            yield pool
    finally:
        if forked:
            with _users_lock:
                _users -= 1
                if _users == 0:
                    _stop_forkserver()


def _work_while_the_server_loads(context: multiprocessing.context.BaseContext, meanwhile: Callable[[], bool]) -> None:
    """Run ``meanwhile`` until the forkserver has loaded the pipeline and can fork workers.

    That load is 0.3-0.5 s in which the importing process would only wait, with a core
    to itself. A thread asks the server for a process that does nothing: the request
    returns once the server has loaded and forked. The thread holds nothing of the pool:
    a failure or Ctrl+C in ``meanwhile`` is raised at once, and stopping the server (as
    the pool's end does) also ends the thread's wait.

    The thread, which starts the server, blocks SIGINT first: the server inherits that,
    so a Ctrl+C (sent to the whole process group) cannot end it while it starts, with a
    traceback of its own; once loaded it ignores SIGINT anyway, and the reader decides
    what a Ctrl+C ends. (multiprocessing protects its resource tracker the same way, and
    unblocks the signals after starting it: so the tracker is started first.)"""
    from multiprocessing import resource_tracker

    started = threading.Event()

    def first_fork() -> None:
        try:
            resource_tracker.ensure_running()
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
            process = context.Process(target=os.getpid, name="analysis-warm-up", daemon=True)  # type: ignore[attr-defined]
            process.start()
        except Exception:  # noqa: BLE001 - the pool's own start meets it again, and reports it
            return
        finally:
            started.set()
        process.join()

    threading.Thread(target=first_fork, name="analysis-start", daemon=True).start()
    while not started.is_set() and meanwhile():
        pass


def _stop_forkserver(timeout: float = 5.0) -> None:
    """End the forkserver now that no pool uses it: multiprocessing's own ``_stop`` closes
    the server's "alive" pipe, which ends its loop, and reaps it. Every worker has been
    joined or killed by then, so the server ends at once; should a worker still hold the
    pipe (one that would not die), the server is killed after ``timeout`` instead of this
    process waiting forever (its workers' own guards then end them)."""
    from multiprocessing import forkserver

    server = forkserver._forkserver  # noqa: SLF001 - the module's one server; no public stop
    pid = getattr(server, "_forkserver_pid", None)
    if pid is None:
        return
    stopper = threading.Thread(target=_quietly, args=(server._stop,), name="forkserver-stop", daemon=True)  # noqa: SLF001
    stopper.start()
    stopper.join(timeout)
    if stopper.is_alive():
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
        stopper.join(timeout)


def _quietly(stop: Callable[[], None]) -> None:
    try:
        stop()
    except (OSError, AttributeError, ChildProcessError):
        pass
