"""The generalized assignment problem (OR-Library format): Keel's CP-SAT core, then a local search.

In caseload words: agents are workers, jobs are families, the resource is a worker-specific
effort and the cost an affinity; each job goes to exactly one agent within the agent's capacity.
The CP-SAT model is the one the caseload questions use (x[job, agent], one agent per job, a
capacity per agent), warm-started from a regret greedy. It gives the bound and a first solution;
by default the rest of the time goes to the compiled local search of ``bench/gap_search.py``, which
Keel's optimizer does not use (``method="lns"``: CP-SAT's large-neighbourhood search, as before).
"""

from __future__ import annotations

import random
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from ortools.sat.python import cp_model

from bench import gap_search
from optimizer.solver import STATUS, parameters
from optimizer.types import Settings

LNS_AGENTS = 3  # agents whose jobs are freed together in one neighbourhood


@dataclass(frozen=True)
class GapInstance:
    name: str
    cost: tuple[tuple[int, ...], ...]  # cost[agent][job]
    resource: tuple[tuple[int, ...], ...]  # resource[agent][job]
    capacity: tuple[int, ...]

    @property
    def agents(self) -> int:
        return len(self.capacity)

    @property
    def jobs(self) -> int:
        return len(self.cost[0]) if self.cost else 0


@dataclass(frozen=True)
class GapResult:
    value: int | None
    bound: int
    status: str
    assignment: tuple[int, ...] | None  # agent of each job
    time_s: float


def read_gap(path: str | Path, name: str | None = None) -> GapInstance:
    """Read one instance: ``m n``, then costs (m rows of n), resources (m rows of n), capacities."""
    numbers = [int(x) for x in Path(path).read_text().split()]
    m, n = numbers[0], numbers[1]
    at = 2
    cost = tuple(tuple(numbers[at + i * n : at + (i + 1) * n]) for i in range(m))
    at += m * n
    resource = tuple(tuple(numbers[at + i * n : at + (i + 1) * n]) for i in range(m))
    at += m * n
    capacity = tuple(numbers[at : at + m])
    if len(capacity) != m:
        raise ValueError(f"{path}: expected {m} capacities, found {len(capacity)}")
    return GapInstance(name or Path(path).name, cost, resource, capacity)


def check(instance: GapInstance, assignment: tuple[int, ...]) -> int:
    """The cost of an assignment, after checking every capacity (ValueError if one is broken)."""
    used = [0] * instance.agents
    for job, agent in enumerate(assignment):
        used[agent] += instance.resource[agent][job]
    for agent, load in enumerate(used):
        if load > instance.capacity[agent]:
            raise ValueError(f"agent {agent} uses {load} > capacity {instance.capacity[agent]}")
    return sum(instance.cost[agent][job] for job, agent in enumerate(assignment))


def greedy(instance: GapInstance) -> tuple[int, ...] | None:
    """Regret greedy: place next the job that loses most if it misses its cheapest feasible agent."""
    left = list(instance.capacity)
    agent_of: dict[int, int] = {}
    waiting = set(range(instance.jobs))
    while waiting:
        best = None
        for job in sorted(waiting):
            options = sorted(
                (instance.cost[a][job], a) for a in range(instance.agents) if instance.resource[a][job] <= left[a]
            )
            if not options:
                return None
            regret = options[1][0] - options[0][0] if len(options) > 1 else 10**9
            if best is None or regret > best[0]:
                best = (regret, job, options[0][1])
        _, job, agent = best
        agent_of[job] = agent
        left[agent] -= instance.resource[agent][job]
        waiting.remove(job)
    return tuple(agent_of[j] for j in range(instance.jobs))


def _model(instance: GapInstance, jobs, agents, capacity):
    """x[job, agent] with one agent per job and each agent within ``capacity``."""
    model = cp_model.CpModel()
    x = {
        (j, a): model.new_bool_var(f"x[{j},{a}]")
        for j in jobs
        for a in agents
        if instance.resource[a][j] <= capacity[a]
    }
    for j in jobs:
        model.add_exactly_one(x[j, a] for a in agents if (j, a) in x)
    for a in agents:
        model.add(sum(instance.resource[a][j] * x[j, a] for j in jobs if (j, a) in x) <= capacity[a])
    model.minimize(sum(instance.cost[a][j] * var for (j, a), var in x.items()))
    return model, x


def _read(solver, x, jobs) -> dict[int, int]:
    return {j: a for (j, a), var in x.items() if solver.boolean_value(var)}


def solve_gap(
    instance: GapInstance,
    time_limit_s: float,
    seed: int = 0,
    num_workers: int = 2,
    whole_share: float | None = None,
    method: str = "local",
    threads: int = 2,
) -> GapResult:
    """CP-SAT on the whole instance for a share of the time (a solution and the bound), then for the
    rest of the time either ``method="local"``: the compiled weighting local search of
    ``bench.gap_search`` in ``threads`` threads with different seeds, or ``method="lns"``:
    large-neighbourhood search, freeing every job of a few agents and re-solving that part exactly.
    The bound is CP-SAT's only; the local search never changes it. CP-SAT's share of the time is
    ``whole_share``, by default 10% before the local search, 20% before the LNS."""
    started = time.monotonic()
    deadline = started + time_limit_s
    jobs, agents = range(instance.jobs), range(instance.agents)
    # numba compiles the search, or loads it from its cache, while CP-SAT works: inside the time
    # limit, so the first instance a process solves pays for it (waited for only if searching)
    warming = ThreadPoolExecutor(max_workers=1)
    warm = warming.submit(gap_search.warm_up) if method == "local" else None
    warming.shutdown(wait=False)
    model, x = _model(instance, jobs, agents, instance.capacity)
    start = greedy(instance)
    if start is not None:
        for (j, a), var in x.items():
            model.add_hint(var, start[j] == a)
    share = whole_share if whole_share is not None else (0.1 if method == "local" else 0.2)
    solver = _solver(time_limit_s * share, seed, num_workers)
    code = solver.solve(model)
    bound = int(solver.best_objective_bound)
    if code == cp_model.OPTIMAL:
        assignment = tuple(_read(solver, x, jobs)[j] for j in jobs)
        return GapResult(check(instance, assignment), bound, "optimal", assignment, time.monotonic() - started)
    if code == cp_model.FEASIBLE:
        current = _read(solver, x, jobs)
    elif start is not None:
        current = dict(enumerate(start))
    elif method == "local" and code != cp_model.INFEASIBLE:  # it may find one from an overloaded start
        current = dict(enumerate(gap_search.lightest(instance)))
    else:
        return GapResult(None, bound, STATUS[code], None, time.monotonic() - started)
    if warm is not None:
        warm.result()  # past the deadline if compiling takes longer than the whole limit
    if method == "local":
        found = gap_search.run_searches(instance, [current[j] for j in jobs], deadline, seed, threads)
        if found is None:
            return GapResult(None, bound, STATUS[code], None, time.monotonic() - started)
        current = dict(enumerate(found))
    else:
        current = _improve(instance, current, deadline, seed)
    assignment = tuple(current[j] for j in jobs)
    value = check(instance, assignment)
    return GapResult(value, bound, "optimal" if value == bound else "feasible", assignment, time.monotonic() - started)


def _improve(
    instance: GapInstance, current: dict[int, int], deadline: float, seed: int, threads: int = 2
) -> dict[int, int]:
    """Each round frees the jobs of ``threads`` disjoint groups of agents and re-solves the groups
    side by side (disjoint agents: the answers combine); improvements are kept."""
    rng = random.Random(seed)
    size = min(instance.agents, LNS_AGENTS)
    groups = max(1, min(threads, instance.agents // size))
    with ThreadPoolExecutor(max_workers=groups) as pool:
        while time.monotonic() < deadline - 0.02:
            drawn = rng.sample(range(instance.agents), size * groups)
            parts = [sorted(drawn[i * size : (i + 1) * size]) for i in range(groups)]
            seeds = [rng.randrange(1 << 30) for _ in parts]
            found = pool.map(lambda ps: _neighbourhood(instance, current, ps[0], ps[1], deadline), zip(parts, seeds))
            for answer in list(found):
                current.update(answer)
    return current


def _neighbourhood(instance, current, chosen, seed, deadline) -> dict[int, int]:
    freed = [j for j, a in current.items() if a in chosen]
    model, x = _model(instance, freed, chosen, {a: instance.capacity[a] for a in chosen})
    for (j, a), var in x.items():
        model.add_hint(var, current[j] == a)
    solver = _solver(min(1.0, deadline - time.monotonic()), seed, 1)
    if solver.solve(model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return {}
    answer = _read(solver, x, freed)
    before = sum(instance.cost[current[j]][j] for j in freed)
    after = sum(instance.cost[answer[j]][j] for j in freed)
    return answer if after <= before else {}


def _solver(time_limit_s: float, seed: int, num_workers: int) -> cp_model.CpSolver:
    """Keel's parameters on the wall clock: here only the best value counts."""
    return parameters(Settings(seed=seed, num_workers=num_workers), time_limit_s)
