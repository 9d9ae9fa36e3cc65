"""The heavy resilience work (the forecast's N-1/N-2 and Monte Carlo, what-ifs) runs in one separate,
low-priority process per server process, so requests keep the interpreter and the cores.

In the server's own process the forecast shared the interpreter lock with the requests: while a
background refresh worked out the heatmap after a change, every manager's board waited for the lock
(reads' p95 rose twelvefold with writers, issue #18). A thread cannot be given a lower priority
without stalling the requests when it holds the lock; a process can. The forecast process runs at
``nice`` 10, keeps its own per-unit cache across calls (it lives as long as the server), and sends
progress back through a queue, so the heatmap still shows how far the work has got.

``run(function, *args, progress=...)`` calls ``function(*args, report)`` there, ``report(phase,
done, total)`` being the progress hook, and returns its answer (or raises its error). ``function``
must be a module-level function (it is sent by name). A process that dies (out of memory, killed)
is replaced, and the call is tried once more. With ``KEEL_FORECAST_PROCESS=false``, or inside the
forecast process itself, the call runs in the calling process."""

import itertools
import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from backend.config import get_settings

Progress = Callable[[str, int, int], None]
NICENESS = 10
PARENT_CHECK_S = 1.0  # how often the forecast process checks that its server is still there
REPORTS_WAIT_S = 5.0  # at most this long for a finished call's last progress reports

_lock = threading.Lock()
_pool: ProcessPoolExecutor | None = None
_queue: Any = None  # progress messages from the forecast process: (ticket, phase, done, total)
_listeners: dict[int, Progress] = {}
_finished: dict[int, threading.Event] = {}  # set when a call's last report has been passed on
_tickets = itertools.count(1)
_child_queue: Any = None  # set in the forecast process only


def _start_child(queue: Any, server: int) -> None:
    """`server`: the process that started this one, named by itself: if it died before this line
    ran, this process already has another parent and must end at once."""
    global _child_queue
    _child_queue = queue
    try:
        os.nice(NICENESS)
    except OSError:  # not permitted here: the work still runs, at the same priority
        pass
    threading.Thread(target=_end_with, args=(server,), name="keel-forecast-parent-watch", daemon=True).start()


def _end_with(parent: int) -> None:
    """Stop when the server process is gone, however it went (a SIGKILL runs no clean-up): the pool's
    queues never tell a waiting worker that nobody will write to them again."""
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_S)
    os._exit(0)


def _in_child(function: Callable[..., Any], ticket: int, args: tuple) -> Any:
    def report(phase: str, done: int, total: int) -> None:
        _child_queue.put((ticket, phase, done, total))

    try:
        return function(*args, report)
    finally:
        _child_queue.put((ticket, None, 0, 0))  # the last word: every report before it has been sent


def _listen(queue: Any) -> None:
    while True:
        message = queue.get()
        if message is None:
            return
        ticket, phase, done, total = message
        if phase is None:
            finished = _finished.get(ticket)
            if finished is not None:
                finished.set()
            continue
        listener = _listeners.get(ticket)
        if listener is not None:
            try:
                listener(phase, done, total)
            except Exception:  # noqa: BLE001 - a progress display must never stop the work
                pass


def _executor() -> ProcessPoolExecutor:
    global _pool, _queue
    with _lock:
        if _pool is None:
            context = multiprocessing.get_context("spawn")  # no copy of the server's threads and connections
            _queue = context.SimpleQueue()
            _pool = ProcessPoolExecutor(1, mp_context=context, initializer=_start_child, initargs=(_queue, os.getpid()))
            threading.Thread(target=_listen, args=(_queue,), name="keel-forecast-progress", daemon=True).start()
        return _pool


def elsewhere() -> bool:
    """`run` calls its function in the forecast process (not in this one)."""
    return _child_queue is None and get_settings().forecast_process


def run(function: Callable[..., Any], *args: Any, progress: Progress | None = None) -> Any:
    if not elsewhere():
        return function(*args, progress or (lambda phase, done, total: None))
    ticket = next(_tickets)
    if progress is not None:
        _listeners[ticket] = progress
        _finished[ticket] = threading.Event()
    try:
        for attempt in (1, 2):
            pool = _executor()
            try:
                answer = pool.submit(_in_child, function, ticket, args).result()
                break
            except BrokenProcessPool:
                shutdown(pool)
                if attempt == 2:
                    raise
        if progress is not None:
            _finished[ticket].wait(REPORTS_WAIT_S)
        return answer
    finally:
        _listeners.pop(ticket, None)
        _finished.pop(ticket, None)


def shutdown(which: ProcessPoolExecutor | None = None) -> None:
    """Stop the forecast process (the server is stopping), or `which` (one found broken); a later
    call starts a new one. Stopping the current one also ends its progress listener."""
    global _pool
    with _lock:
        pool = which or _pool
        if pool is not None and pool is _pool:
            _pool = None
            if _queue is not None:
                _queue.put(None)
    if pool is not None:
        pool.shutdown(wait=False, cancel_futures=True)
