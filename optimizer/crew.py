"""The pieces of a problem held while they are solved phase by phase: in this process, or shared
among worker processes (teams are independent, so two cores solve two teams at once, Python's
model building included).

Either way a piece is prepared and solved by the same calls with the same work budgets, which
``decompose.solve`` works out from CP-SAT's deterministic work counters alone: the plan is the
same whichever crew held the pieces and however the processes were timed.

A process is forked from this one when this one runs a single thread (``keel solve``); otherwise
(a server with threads, where a fork could copy a lock another thread holds) it comes from
multiprocessing's fork server. If processes cannot be started, the pieces stay in this process.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from optimizer.problem import Problem
from optimizer.solver import Lexicographic, Result

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess

# A piece's state as the caller sees it after each call: work used so far, and whether a stage of
# the phase it last ran is still open.
State = tuple[float, bool]


def _prepare(part: Problem, start: dict[str, str | None] | None = None) -> Lexicographic | Result:
    from optimizer.decompose import prepare

    return prepare(part, start, num_workers=1)


class _Held:
    """Pieces held in one process: the answers to the crew's requests. ``threads`` > 1 runs a
    phase's jobs on a thread pool (CP-SAT releases the interpreter while it searches)."""

    def __init__(self, parts: dict[int, Problem], threads: int = 1, wholes: dict[int, Problem] | None = None) -> None:
        self.settled: dict[int, Result] = {}  # pieces whose warm start is their answer
        self.models: dict[int, Lexicographic] = {}
        self.wholes = {i: whole for i, whole in (wholes or {}).items() if i in parts}  # cut-down piece -> whole
        self.whole_from_start: dict[int, bool] = {}
        for i, part in parts.items():
            ready = _prepare(part)
            if isinstance(ready, Lexicographic) and i in self.wholes and not ready.at_floor():
                wider = _prepare(self.wholes[i])  # the whole piece's warm start may reach its floor
                if not isinstance(wider, Lexicographic) or wider.at_floor():
                    ready = wider
                    self.whole_from_start[i] = True
                    del self.wholes[i]
            if isinstance(ready, Lexicographic):
                self.models[i] = ready
            else:
                self.settled[i] = ready
        self.threads = threads

    def started_whole(self) -> dict[int, bool]:
        """The cut-down pieces whose whole piece's warm start reached its relaxation: held whole."""
        return self.whole_from_start

    def busy(self) -> list[int]:
        return list(self.models)

    def pending(self, phase: int) -> dict[int, bool]:
        return {i: lex.pending(phase) for i, lex in self.models.items()}

    def run(self, phase: int, jobs: list[tuple[int, float]], deadline: float) -> dict[int, State]:
        def one(job: tuple[int, float]) -> None:
            self.models[job[0]].run(phase, job[1], deadline)

        if self.threads > 1 and len(jobs) > 1:
            with ThreadPoolExecutor(max_workers=self.threads) as pool:
                list(pool.map(one, jobs))
        else:
            for job in jobs:
                one(job)
        return {i: (self.models[i].work_used, self.models[i].open is not None) for i, _ in jobs}

    def widen(self) -> dict[int, bool]:
        """Each cut-down piece whose plan is above its whole piece's overload relaxation becomes
        the whole piece (its plan so far the warm start, its work so far counted): some family
        the cut kept fixed may have to move. True for those widened."""
        from optimizer.relaxation import piece_overload_bound

        widened = {}
        for i, whole in self.wholes.items():
            lex = self.models.get(i)
            floor = piece_overload_bound(whole)
            known = None if lex is None else lex.overload_lower()
            if lex is None or floor is None or known is None or known <= floor:
                continue
            start = {f: whole.holder[f] for f in whole.families} | lex.result.assignment
            ready = _prepare(whole, start)
            if isinstance(ready, Lexicographic):
                ready.work_used = lex.work_used
                self.models[i] = ready
                widened[i] = True
        self.wholes = {}
        return widened

    def cores(self, i: int, n: int | None) -> dict[int, bool]:
        if i in self.models:
            self.models[i].num_workers = n
        return {}

    def close(self, phase: int) -> dict[int, bool]:
        for lex in self.models.values():
            lex.close(phase)
        return {}

    def results(self) -> dict[int, Result]:
        return {**self.settled, **{i: lex.finish() for i, lex in self.models.items()}}


class _Failed:
    def __init__(self, exc: Exception) -> None:
        self.exc = exc


def _serve(conn: Connection, parts: dict[int, Problem], wholes: dict[int, Problem]) -> None:
    """A worker process: holds its pieces and answers requests until asked for the results."""
    try:
        held = _Held(parts, wholes=wholes)
        conn.send(held.busy())
        while True:
            request, *args = conn.recv()
            conn.send(getattr(held, request)(*args))
            if request == "results":
                return
    except EOFError:  # the caller has stopped (its own error): nothing to answer
        return
    except Exception as exc:  # the caller raises it: a worker's error is the solve's error
        conn.send(_Failed(exc))


def _receive(link: Connection) -> Any:
    answer = link.recv()
    if isinstance(answer, _Failed):
        raise answer.exc
    return answer


class Crew:
    """Pieces ready to solve on ``cores``: shared among that many worker processes when
    ``processes`` (each piece always in the same one, the largest pieces spread first), else in
    this process on that many threads."""

    def __init__(
        self,
        parts: list[Problem],
        sizes: list[int],
        cores: int = 1,
        processes: bool = False,
        wholes: dict[int, Problem] | None = None,
    ) -> None:
        self.links: list[Connection] = []
        self.procs: list[BaseProcess] = []
        self.home: dict[int, int] = {}  # piece -> the worker process holding it
        self.local: _Held | None = None
        wholes = wholes or {}
        if processes and cores > 1 and len(parts) > 1:
            self._start(parts, sizes, min(cores, len(parts)), wholes)
        if self.local is None and not self.procs:
            self.local = _Held(dict(enumerate(parts)), cores, wholes)
        busy = self.local.busy() if self.local is not None else [i for link in self.links for i in _receive(link)]
        self.busy = sorted(busy)
        self.whole = set(self._ask("started_whole"))  # pieces held whole from the start
        self.state: dict[int, State] = {i: (0.0, False) for i in self.busy}

    def _start(self, parts: list[Problem], sizes: list[int], processes: int, wholes: dict[int, Problem]) -> None:
        shares: list[dict[int, Problem]] = [{} for _ in range(processes)]
        totals = [0] * processes
        for i in sorted(range(len(parts)), key=lambda i: (-sizes[i], i)):
            k = totals.index(min(totals))
            shares[k][i] = parts[i]
            totals[k] += sizes[i]
        import multiprocessing  # here: a one-team question never needs it

        try:
            if threading.active_count() == 1:
                context: Any = multiprocessing.get_context("fork")
            else:
                context = multiprocessing.get_context("forkserver")
                context.set_forkserver_preload(["optimizer.decompose"])
            for share in shares:
                ours, theirs = context.Pipe()
                mine = {i: wholes[i] for i in share if i in wholes}
                proc = context.Process(target=_serve, args=(theirs, share, mine), daemon=True)
                proc.start()
                theirs.close()
                self.links.append(ours)
                self.procs.append(proc)
        except (OSError, ValueError, ImportError):
            self.shutdown()
            return
        self.home = {i: k for k, share in enumerate(shares) for i in share}

    def _ask(self, request: str, *args: Any) -> dict[int, Any]:
        """Ask every holder; their answers (by piece) merged."""
        if self.local is not None:
            return dict(getattr(self.local, request)(*args))
        for link in self.links:
            link.send((request, *args))
        merged: dict[int, Any] = {}
        for link in self.links:
            merged.update(_receive(link))
        return merged

    def pending(self, phase: int) -> set[int]:
        return {i for i, p in self._ask("pending", phase).items() if p}

    def run(self, phase: int, jobs: list[tuple[int, float]], deadline: float) -> None:
        """Each job (piece, work) on its holder; the processes run theirs at the same time."""
        if self.local is not None:
            self.state.update(self.local.run(phase, jobs, deadline))
            return
        for k, link in enumerate(self.links):
            link.send(("run", phase, [job for job in jobs if self.home[job[0]] == k], deadline))
        for link in self.links:
            self.state.update(_receive(link))

    def work_used(self) -> float:
        return sum(used for used, _ in self.state.values())

    def is_open(self, i: int) -> bool:
        return self.state[i][1]

    def cores(self, i: int, n: int | None) -> None:
        """Let one piece's CP-SAT use ``n`` workers (None: the settings' number)."""
        self._ask("cores", i, n)

    def close(self, phase: int) -> None:
        self._ask("close", phase)

    def widen(self) -> set[int]:
        """The cut-down pieces made whole again (``_Held.widen``); their state is open."""
        widened = set(self._ask("widen"))
        for i in widened:
            self.state[i] = (self.state[i][0], True)
        return widened

    def results(self) -> dict[int, Result]:
        try:
            return self._ask("results")
        finally:
            self.shutdown()

    def shutdown(self) -> None:
        for link in self.links:  # a worker still waiting for a request sees the end and stops
            link.close()
        for proc in self.procs:
            proc.join(timeout=5)
            if proc.is_alive():
                proc.kill()
        self.links, self.procs = [], []
