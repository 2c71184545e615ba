"""Analysis worker processes never outlive the reader that started them.

``reader add`` annotates in a process pool. Killing the parent used to leave
the workers running (10 of 11 kills; 80 MB each, still holding the
terminal): a worker waits on a queue whose write end it holds itself, so it
never sees its parent go. Three independent guards, because no single one
covers every way a parent ends:

* in each worker, everywhere: a watchdog thread that ends the process as soon
  as the reader is gone. It waits on multiprocessing's *parent sentinel*, a
  pipe whose only write end the reader holds: the kernel closes it however
  the reader ends, even by SIGKILL, and the wait returns at once. (Workers
  are forked from a forkserver (:mod:`reader.analysis_pool`), so their
  parent process is the server, not the reader; the server lives on while
  any worker holds its "alive" pipe, so neither the parent's death nor
  ``PR_SET_PDEATHSIG`` alone would reach them. Where there is no sentinel,
  the watchdog checks the parent process id every ``WATCH_INTERVAL``.)
* in each worker, on Linux, ``prctl(PR_SET_PDEATHSIG, SIGKILL)``: the kernel
  kills the worker when its parent process (the forkserver, or the reader
  where workers are spawned) dies, even by SIGKILL.
* in the parent: on any abnormal end of an import (Ctrl+C, SIGTERM or SIGHUP
  turned into :class:`SystemExit` by :func:`signals_end_the_process`, an
  error) the pool is stopped at once -- queued jobs cancelled, workers
  terminated -- instead of waiting for the jobs in flight.

Workers ignore SIGINT: a Ctrl+C in the terminal reaches the whole process
group, and the parent, not each worker, decides what happens (without this,
every worker printed its own KeyboardInterrupt traceback).
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

WATCH_INTERVAL = 0.2  # seconds between the watchdog's checks of the parent pid
MANAGER_WAIT = 5.0  # seconds a stopped pool's manager thread is given to finish
_PR_SET_PDEATHSIG = 1


def start_worker(reader_pid: int) -> None:
    """``ProcessPoolExecutor`` initializer: tie this worker's life to the reader, ``reader_pid``."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _kill_me_with_parent()
    parent = multiprocessing.parent_process()
    if parent is not None and parent.pid == reader_pid and parent.sentinel is not None:
        target, args = _wait_for_parent_end, (parent.sentinel,)
    else:
        parent_pid = os.getppid()
        if parent_pid != reader_pid:  # spawned, and the reader died before the guards were up
            os._exit(1)
        target, args = _watch_parent, (parent_pid,)
    threading.Thread(target=target, args=args, name="parent-watch", daemon=True).start()


def _wait_for_parent_end(sentinel: int) -> None:
    multiprocessing.connection.wait([sentinel])  # ready only when the reader is gone
    os._exit(1)  # nothing to save: results only ever go to the reader


def _kill_me_with_parent() -> None:
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass  # the watchdog still guards


def _watch_parent(parent_pid: int) -> None:
    while True:
        time.sleep(WATCH_INTERVAL)
        if os.getppid() != parent_pid:
            os._exit(1)  # nothing to save: results only ever go to the parent


def stop_pool(pool: Any) -> None:
    """Stop a ``ProcessPoolExecutor`` now: cancel what has not started, end the workers.

    ``shutdown(cancel_futures=True)`` alone still waits for every job already
    handed to a worker; the processes are ended explicitly (``_processes`` is
    the executor's table of them, the only handle it offers before Python 3.14's
    ``terminate_workers``; ``_call_queue`` is its queue of jobs, ``_result_queue`` of results)."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    jobs = getattr(pool, "_call_queue", None)
    results = getattr(pool, "_result_queue", None)  # (shutdown forgets both)
    manager = getattr(pool, "_executor_manager_thread", None)  # (and this)
    if jobs is not None:
        # Jobs still queued for workers that never read them must not hold up the exit: a
        # window of jobs fills the pipe while workers start, and the queue's feeder thread
        # then waits forever to write into it (the executor's own shutdown joins that thread
        # unless its workers are seen to break first: a race that hung Ctrl+C under load).
        try:
            jobs.cancel_join_thread()
        except (OSError, ValueError, AttributeError):
            pass
    try:
        pool.shutdown(wait=False, cancel_futures=True)
    except Exception:  # noqa: BLE001 - a cleanup path: never hide the error that brought us here
        pass
    for process in processes:
        try:
            process.terminate()
        except (OSError, ValueError, AttributeError):
            pass
    for process in processes:
        try:
            process.join(2.0)
            if process.is_alive():
                process.kill()
                process.join(1.0)
        except (OSError, ValueError, AttributeError, AssertionError):
            pass
    if results is not None:
        # A worker ended in the middle of sending a result: the executor's manager thread,
        # which every exit joins, waits for the rest of that message, and the pipe's other
        # end is still open here. Closed, its read ends at once (a hang after Ctrl+C: the
        # parent sat in the interpreter's exit, joining that thread, 2 runs in 15 under load).
        try:
            results._writer.close()
        except (OSError, ValueError, AttributeError):
            pass
    if manager is not None:
        # Seeing its workers gone, the manager thread closes the jobs' reader itself; closing
        # it here at the same moment closed the descriptor twice (EBADF, a traceback from that
        # thread at a killed import; 2 stops in 40 in a loop). So it is waited for first.
        manager.join(MANAGER_WAIT)
    if jobs is not None:
        try:
            jobs._reader.close()  # no reader left: a feeder stuck writing gets EPIPE and ends
        except (OSError, ValueError, AttributeError):
            pass


@contextmanager
def signals_end_the_process(signals: tuple[str, ...] = ("SIGTERM", "SIGHUP")) -> Iterator[None]:
    """Within the block, ``signals`` raise :class:`SystemExit` (status 128 + signal) in the
    main thread, like Ctrl+C raises KeyboardInterrupt, so cleanup (stopping the worker
    pool, closing the library) runs instead of the process vanishing mid-way. Outside the
    main thread, or where a signal is missing, nothing changes."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def end(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)

    previous: dict[int, Any] = {}
    for signum in (getattr(signal, name) for name in signals if hasattr(signal, name)):
        try:
            previous[signum] = signal.signal(signum, end)
        except (OSError, ValueError):
            pass
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
