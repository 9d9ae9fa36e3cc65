"""A compiled local search for the generalized assignment problem (numba).

The search walks through assignments that may break capacities: it minimises the cost plus, per
agent, a weight times the agent's excess over its capacity. It descends to a local minimum of that
sum, then adapts the weights: when the minimum is no better than the best feasible value, every
weight shrinks (the walk may cross more freely into overloaded assignments); otherwise the weights of
the overloaded agents grow, in proportion to their excess. So the walk keeps crossing the edge of
feasibility, where the good assignments are (the weighting local search of Yagiura, Ibaraki and
Glover's methods for the GAP, without their tabu lists and long ejection chains).

Moves: shift (one job to another agent), swap (two jobs of different agents trade agents) and double
shift (job 1 to job 2's agent, job 2 to a third agent: an ejection chain of length two). Each
descent step takes the best shift if one improves, else the best swap or double shift. Every
feasible assignment met on the way, moved to or only looked at, is compared with the best one. After
a long stretch of local minima without a better feasible assignment, a few random shifts kick the
walk elsewhere.

The search runs in slices of descent steps so that Python can watch the clock between them; numba
releases the GIL, so searches run side by side in threads. The same instance, start, seed and number
of steps give the same answer; under a wall-clock limit the number of steps can vary with load.
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np
from numba import njit

# The int64 state vector of one search.
STEP, ROUND, SINCE, BEST, TOTAL_EXCESS, COST, KICKS, FUTILE = range(8)
STATE_SIZE = 8
NONE = np.iinfo(np.int64).max  # state[BEST] before any feasible assignment


@njit(cache=True, nogil=True)
def _excess(load: int, capacity: int) -> int:
    return load - capacity if load > capacity else 0


@njit(cache=True, nogil=True)
def _move(cost, resource, capacity, assign, load, state, job, to):
    i = assign[job]
    before = _excess(load[i], capacity[i]) + _excess(load[to], capacity[to])
    load[i] -= resource[i, job]
    load[to] += resource[to, job]
    after = _excess(load[i], capacity[i]) + _excess(load[to], capacity[to])
    state[TOTAL_EXCESS] += after - before
    state[COST] += cost[to, job] - cost[i, job]
    assign[job] = to


@njit(cache=True, nogil=True)
def _top3(values, keys, row, value, key):
    """Insert (value, key) into the three smallest of row ``row``."""
    if value < values[row, 2]:
        if value < values[row, 1]:
            values[row, 2] = values[row, 1]
            keys[row, 2] = keys[row, 1]
            if value < values[row, 0]:
                values[row, 1] = values[row, 0]
                keys[row, 1] = keys[row, 0]
                values[row, 0] = value
                keys[row, 0] = key
            else:
                values[row, 1] = value
                keys[row, 1] = key
        else:
            values[row, 2] = value
            keys[row, 2] = key


@njit(cache=True, nogil=True)
def search(
    cost,  # int64 [agents, jobs]
    resource,  # int64 [agents, jobs]
    capacity,  # int64 [agents]
    assign,  # int64 [jobs]: current agent of each job (updated)
    load,  # int64 [agents]: current load (updated)
    weight,  # float64 [agents]: penalty per unit of excess (updated)
    best_assign,  # int64 [jobs]: best feasible assignment found (updated)
    state,  # int64 [STATE_SIZE] (updated)
    steps,  # descent steps to take in this slice
    seed,
    grow,
    shrink,
    kick_after,  # local minima without a better feasible assignment before a kick
    kick_size,  # random shifts in a kick
    escalate,  # the kick grows by kick_size every this many kicks without a better assignment (0: never)
    restart_after,  # kicks without a better assignment before going back to the best (0: never)
    chains,  # partial double shifts extended into chains of three shifts at a local minimum (0: none)
):
    np.random.seed(seed)
    agents, jobs = cost.shape
    near = np.empty((jobs, 3), dtype=np.float64)  # per job: 3 best agents to receive it (weighted)
    near_at = np.empty((jobs, 3), dtype=np.int64)
    fits = np.empty((jobs, 3), dtype=np.float64)  # per job: 3 cheapest agents with room for it
    fits_at = np.empty((jobs, 3), dtype=np.int64)
    part = np.full(max(1, chains), np.inf)  # the best partial double shifts, to extend into chains
    part_j1 = np.zeros(max(1, chains), dtype=np.int64)
    part_j2 = np.zeros(max(1, chains), dtype=np.int64)
    on = np.empty((agents, jobs), dtype=np.int64)  # the jobs of each agent
    count = np.zeros(agents, dtype=np.int64)
    for _ in range(steps):
        state[STEP] += 1
        total = state[TOTAL_EXCESS]
        current = state[COST]
        move_delta = -1e-9
        kind = -1  # 0 shift, 1 swap, 2 double shift
        mj1 = mj2 = mk = mc = mj3 = -1
        found = -1  # a feasible neighbour cheaper than the best, of the same kinds
        fj1 = fj2 = fk = fc = fj3 = -1
        chosen = 0
        fvalue = state[BEST]
        for j in range(jobs):
            i = assign[j]
            li = load[i]
            dex_i = _excess(li - resource[i, j], capacity[i]) - _excess(li, capacity[i])
            base = weight[i] * dex_i - cost[i, j]
            for k in range(agents):
                if k == i:
                    continue
                lk = load[k]
                dex_k = _excess(lk + resource[k, j], capacity[k]) - _excess(lk, capacity[k])
                delta = base + cost[k, j] + weight[k] * dex_k
                if delta < move_delta:
                    move_delta = delta
                    kind = 0
                    mj1 = j
                    mk = k
                if total + dex_i + dex_k == 0 and current - cost[i, j] + cost[k, j] < fvalue:
                    fvalue = current - cost[i, j] + cost[k, j]
                    found = 0
                    fj1 = j
                    fk = k
        if kind < 0:
            # the agents that would best receive each job, all loads as they are now
            near[:] = np.inf
            fits[:] = np.inf
            for j in range(jobs):
                for k in range(agents):
                    if k == assign[j]:
                        continue
                    lk = load[k]
                    after = lk + resource[k, j]
                    _top3(
                        near,
                        near_at,
                        j,
                        cost[k, j] + weight[k] * (_excess(after, capacity[k]) - _excess(lk, capacity[k])),
                        k,
                    )
                    if after <= capacity[k]:
                        _top3(fits, fits_at, j, float(cost[k, j]), k)
            part[:] = np.inf
            worst_part = 0
            for j1 in range(jobs):
                a = assign[j1]
                ex_a = _excess(load[a], capacity[a])
                la = load[a] - resource[a, j1]
                dex_a = _excess(la, capacity[a]) - ex_a
                for j2 in range(jobs):
                    b = assign[j2]
                    if b == a:
                        continue
                    lb = load[b] - resource[b, j2] + resource[b, j1]
                    dex_b = _excess(lb, capacity[b]) - _excess(load[b], capacity[b])
                    moved = cost[b, j1] - cost[a, j1] - cost[b, j2]
                    shared = moved + weight[b] * dex_b
                    if j1 < j2:  # swap: j2 goes to a
                        dex_s = _excess(la + resource[a, j2], capacity[a]) - ex_a
                        delta = shared + cost[a, j2] + weight[a] * dex_s
                        if delta < move_delta:
                            move_delta = delta
                            kind = 1
                            mj1 = j1
                            mj2 = j2
                        if total + dex_s + dex_b == 0 and current + moved + cost[a, j2] < fvalue:
                            fvalue = current + moved + cost[a, j2]
                            found = 1
                            fj1 = j1
                            fj2 = j2
                    shared += weight[a] * dex_a
                    if chains > 0 and shared < part[worst_part]:
                        part[worst_part] = shared
                        part_j1[worst_part] = j1
                        part_j2[worst_part] = j2
                        if chosen < chains:
                            chosen += 1
                            worst_part = chosen if chosen < chains else 0
                        if chosen == chains:
                            for t in range(chains):
                                if part[t] > part[worst_part]:
                                    worst_part = t
                    for t in range(3):  # double shift: j2 goes to a third agent
                        k = near_at[j2, t]
                        if near[j2, t] == np.inf:
                            break
                        if k != a:
                            delta = shared + near[j2, t]
                            if delta < move_delta:
                                move_delta = delta
                                kind = 2
                                mj1 = j1
                                mj2 = j2
                                mk = k
                            break
                    if total + dex_a + dex_b == 0:
                        for t in range(3):
                            k = fits_at[j2, t]
                            if fits[j2, t] == np.inf:
                                break
                            if k != a:
                                if current + moved + cost[k, j2] < fvalue:
                                    fvalue = current + moved + cost[k, j2]
                                    found = 2
                                    fj1 = j1
                                    fj2 = j2
                                    fk = k
                                break
        if kind < 0 and chosen > 0:
            # ejection chains of three shifts from the best partial double shifts: j1 from a to b,
            # j2 from b to c, j3 from c to k (k may be a)
            count[:] = 0
            for j in range(jobs):
                on[assign[j], count[assign[j]]] = j
                count[assign[j]] += 1
            for t in range(chosen):
                j1 = part_j1[t]
                j2 = part_j2[t]
                a = assign[j1]
                b = assign[j2]
                la = load[a] - resource[a, j1]
                dex_a = _excess(la, capacity[a]) - _excess(load[a], capacity[a])
                dex_b = _excess(load[b] - resource[b, j2] + resource[b, j1], capacity[b]) - _excess(
                    load[b], capacity[b]
                )
                moved = cost[b, j1] - cost[a, j1] - cost[b, j2]
                for c in range(agents):
                    if c == a or c == b:
                        continue
                    lc = load[c] + resource[c, j2]
                    ex_c = _excess(load[c], capacity[c])
                    into_c = part[t] + cost[c, j2]
                    for u in range(count[c]):
                        j3 = on[c, u]
                        dex_c = _excess(lc - resource[c, j3], capacity[c]) - ex_c
                        head = into_c - cost[c, j3] + weight[c] * dex_c
                        # j3 back to a, closing the chain
                        dex_a3 = _excess(la + resource[a, j3], capacity[a]) - _excess(load[a], capacity[a])
                        delta = head - weight[a] * dex_a + cost[a, j3] + weight[a] * dex_a3
                        if delta < move_delta:
                            move_delta = delta
                            kind = 3
                            mj1, mj2, mc, mj3, mk = j1, j2, c, j3, a
                        value = current + moved + cost[c, j2] - cost[c, j3] + cost[a, j3]
                        if total + dex_a3 + dex_b + dex_c == 0 and value < fvalue:
                            fvalue = value
                            found = 3
                            fj1, fj2, fc, fj3, fk = j1, j2, c, j3, a
                        for r in range(3):  # or to a fourth agent
                            k = near_at[j3, r]
                            if near[j3, r] == np.inf:
                                break
                            if k != a and k != b:
                                delta = head + near[j3, r]
                                if delta < move_delta:
                                    move_delta = delta
                                    kind = 3
                                    mj1, mj2, mc, mj3, mk = j1, j2, c, j3, k
                                break
                        if total + dex_a + dex_b + dex_c == 0:
                            for r in range(3):
                                k = fits_at[j3, r]
                                if fits[j3, r] == np.inf:
                                    break
                                if k != a and k != b:
                                    value = current + moved + cost[c, j2] - cost[c, j3] + cost[k, j3]
                                    if value < fvalue:
                                        fvalue = value
                                        found = 3
                                        fj1, fj2, fc, fj3, fk = j1, j2, c, j3, k
                                    break
        if found >= 0:
            best_assign[:] = assign
            if found == 0:
                best_assign[fj1] = fk
            elif found == 1:
                best_assign[fj1] = assign[fj2]
                best_assign[fj2] = assign[fj1]
            elif found == 2:
                best_assign[fj1] = assign[fj2]
                best_assign[fj2] = fk
            else:
                best_assign[fj1] = assign[fj2]
                best_assign[fj2] = fc
                best_assign[fj3] = fk
            state[BEST] = fvalue
            state[SINCE] = 0
            state[FUTILE] = 0
        if kind == 0:
            _move(cost, resource, capacity, assign, load, state, mj1, mk)
            continue
        if kind == 1:
            a = assign[mj1]
            b = assign[mj2]
            _move(cost, resource, capacity, assign, load, state, mj1, b)
            _move(cost, resource, capacity, assign, load, state, mj2, a)
            continue
        if kind == 2:
            b = assign[mj2]
            _move(cost, resource, capacity, assign, load, state, mj2, mk)
            _move(cost, resource, capacity, assign, load, state, mj1, b)
            continue
        if kind == 3:
            b = assign[mj2]
            _move(cost, resource, capacity, assign, load, state, mj3, mk)
            _move(cost, resource, capacity, assign, load, state, mj2, mc)
            _move(cost, resource, capacity, assign, load, state, mj1, b)
            continue
        # a local minimum: adapt the weights, perhaps kick
        state[ROUND] += 1
        state[SINCE] += 1
        penalty = 0.0
        worst = 0
        for a in range(agents):
            ex = _excess(load[a], capacity[a])
            penalty += weight[a] * ex
            worst = max(worst, ex)
        if state[COST] + penalty >= state[BEST] - 1e-9:
            for a in range(agents):
                weight[a] = max(1e-3, weight[a] * (1.0 - shrink))
        else:
            for a in range(agents):
                weight[a] *= 1.0 + grow * _excess(load[a], capacity[a]) / worst
        if kick_after > 0 and state[SINCE] >= kick_after:
            state[SINCE] = 0
            state[KICKS] += 1
            state[FUTILE] += 1
            if restart_after > 0 and state[FUTILE] % restart_after == 0 and state[BEST] != NONE:
                for j in range(jobs):
                    if assign[j] != best_assign[j]:
                        _move(cost, resource, capacity, assign, load, state, j, best_assign[j])
            size = min(jobs // 4, kick_size * (1 + state[FUTILE] // escalate)) if escalate > 0 else kick_size
            for _ in range(size):
                j = np.random.randint(jobs)
                k = np.random.randint(agents - 1)
                if k >= assign[j]:
                    k += 1
                _move(cost, resource, capacity, assign, load, state, j, k)


class LocalSearch:
    """One search's arrays, from a start assignment (feasible or not); ``run`` advances it."""

    def __init__(self, instance: Any, start: Any, seed: int = 0) -> None:
        self.cost = np.array(instance.cost, dtype=np.int64)
        self.resource = np.array(instance.resource, dtype=np.int64)
        self.capacity = np.array(instance.capacity, dtype=np.int64)
        agents, jobs = self.cost.shape
        self.assign = np.array(start, dtype=np.int64)
        self.load = np.zeros(agents, dtype=np.int64)
        np.add.at(self.load, self.assign, self.resource[self.assign, np.arange(jobs)])
        # a first weight of the order of a job's cost per unit of resource
        self.weight = np.full(agents, float(self.cost.max()) / max(1.0, float(self.resource.mean())))
        self.best_assign = self.assign.copy()
        self.state = np.zeros(STATE_SIZE, dtype=np.int64)
        excess = int(np.maximum(self.load - self.capacity, 0).sum())
        self.state[TOTAL_EXCESS] = excess
        self.state[COST] = int(self.cost[self.assign, np.arange(jobs)].sum())
        self.state[BEST] = self.state[COST] if excess == 0 else NONE
        self.seed = seed
        self.slices = 0
        self.grow, self.shrink = 0.2, 0.1
        self.kick_after, self.kick_size = 50, 3
        self.escalate, self.restart_after = 0, 0
        self.chains = 200

    def run(self, steps: int) -> None:
        self.slices += 1
        search(
            self.cost,
            self.resource,
            self.capacity,
            self.assign,
            self.load,
            self.weight,
            self.best_assign,
            self.state,
            steps,
            (self.seed * 1_000_003 + self.slices) % (1 << 31),
            self.grow,
            self.shrink,
            self.kick_after,
            self.kick_size,
            self.escalate,
            self.restart_after,
            self.chains,
        )

    def offer(self, assignment: Any, value: int) -> None:
        """Make ``assignment`` (feasible, of cost ``value``) the best known if it is better."""
        if value < self.state[BEST]:
            self.best_assign[:] = assignment
            self.state[BEST] = value

    @property
    def best(self) -> tuple[int | None, tuple[int, ...]]:
        value = int(self.state[BEST])
        if value == NONE:
            return None, ()
        return value, tuple(int(a) for a in self.best_assign)


SLICE_S = 0.02  # about this long between two looks at the clock


def warm_up() -> None:
    """Compile the search (or load it from numba's cache) on a tiny instance of the same types."""
    tiny = _Tiny(((1, 2), (2, 1)), ((1, 1), (1, 1)), (1, 1))
    LocalSearch(tiny, (0, 0)).run(3)


class _Tiny:
    def __init__(self, cost: Any, resource: Any, capacity: Any) -> None:
        self.cost, self.resource, self.capacity = cost, resource, capacity


def lightest(instance: Any) -> tuple[int, ...]:
    """Each job on the agent where it takes the smallest share of the capacity (may overload)."""
    share = np.array(instance.resource, dtype=np.float64) / np.maximum(1, np.array(instance.capacity))[:, None]
    return tuple(int(a) for a in share.argmin(axis=0))


def run_searches(instance: Any, start: Any, deadline: float, seed: int, threads: int) -> tuple[int, ...] | None:
    """``threads`` searches from ``start`` with seeds drawn from ``seed``, each until ``deadline``;
    the best feasible assignment any of them found (``start`` itself if feasible and never beaten)."""
    searches = [LocalSearch(instance, start, seed=seed * 7919 + t) for t in range(threads)]

    def walk(search: LocalSearch) -> None:
        steps = 64
        while True:
            began = time.monotonic()
            left = deadline - began
            if left <= 0.002:
                return
            search.run(steps)
            spent = time.monotonic() - began
            # next slice: about SLICE_S, never past the deadline by much
            rate = steps / max(spent, 1e-6)
            steps = max(1, int(rate * min(SLICE_S, max(0.0, deadline - time.monotonic()))))

    with ThreadPoolExecutor(max_workers=threads) as pool:
        list(pool.map(walk, searches))
    found = [s.best for s in searches]
    feasible = [(value, assignment) for value, assignment in found if value is not None]
    return min(feasible)[1] if feasible else None
