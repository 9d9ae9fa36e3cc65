"""Cross-unit rebalance of the skewed councils (issue #13 item 4): Keel against bounds worked out
here, from the snapshot alone (no ``optimizer`` import), and the within-units rebalance of the
same council as the baseline of the same run.

The independent bounds: an LP (OR-Tools' GLOP) over every family and every worker who may take it
anywhere in the service (families alike for the rules pooled; each family's points to its holder or
to such a worker, split if need be; nobody who gains above the surge limit), whose optimum bounds
the overload of every plan; and, at the overload Keel's plan reaches when it equals that bound, the
fewest families each worker above capacity must give up (their largest first) to end within
capacity plus that overload, which bounds the moves.

    python -m bench.cross_unit                  # 1,000 workers, seeds 0-2, time limit 60 s
    python -m bench.cross_unit --sizes 100 --seeds 0

Keel runs as ``keel solve`` in its own process (wall time includes the process start); every plan
is checked by ``tests/optimizer/support.py``'s independent checker.
"""

from __future__ import annotations

import argparse
import copy
import tempfile

from ortools.linear_solver import pywraplp

from bench.exact import SCALE, may_take
from bench.skewed import _keel_solve, skewed_council

TIME_LIMIT_S = 60


def _kind(family: dict) -> tuple:
    """What the pair rules read of a family across units."""
    return (tuple(sorted(family.get("requires", []))), "cp" in family.get("statuses", []))


def lp_overload(snap: dict) -> float:
    """The least overload (points) of any plan that places every family, split allowed."""
    workers = {w["id"]: w for w in snap["workers"]}
    surge = snap["settings"].get("surge_limit", 1.15)
    before = dict.fromkeys(workers, 0)
    for f in snap["families"]:
        if f["worker"] is not None:
            before[f["worker"]] += round(f["points"] * SCALE)
    lp = pywraplp.Solver.CreateSolver("GLOP")
    incoming: dict[str, list] = {w: [] for w in workers}
    pools: dict[tuple, list] = {}
    for kind in sorted({_kind(f) for f in snap["families"]}):
        sample = next(f for f in snap["families"] if _kind(f) == kind)
        takers = [w for w in sorted(workers) if may_take(snap, sample, workers[w], across=True)]
        pools[kind] = []
        for w in takers:
            v = lp.NumVar(0, lp.infinity(), "")
            pools[kind].append(v)
            incoming[w].append(v)
    supply: dict[tuple, int] = {}
    for f in snap["families"]:
        key = (_kind(f), f["worker"])
        supply[key] = supply.get(key, 0) + round(f["points"] * SCALE)
    into_pool: dict[tuple, list] = {}
    for (kind, holder), points in sorted(supply.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
        pooled = lp.NumVar(0, points, "")
        into_pool.setdefault(kind, []).append(pooled)
        if holder is None:
            lp.Add(pooled == points)  # a family waiting: placed (the bound is for plans placing every family)
        else:
            stays = lp.NumVar(0, points, "")
            lp.Add(stays + pooled == points)
            incoming[holder].append(stays)
    for kind, outs in pools.items():
        lp.Add(sum(outs) == sum(into_pool[kind]))
    over = []
    for w, worker in workers.items():
        cap = round(worker["capacity"] * SCALE)
        load = sum(incoming[w]) if incoming[w] else 0
        lp.Add(load <= max(int(cap * surge + 1e-9), before[w]))
        o = lp.NumVar(0, lp.infinity(), "")
        lp.Add(o >= load - cap)
        over.append(o)
    lp.Minimize(sum(over))
    if lp.Solve() != pywraplp.Solver.OPTIMAL:
        raise RuntimeError("the LP has no solution: some family cannot be placed even split")
    return lp.Objective().Value() / SCALE


def fewest_moves(snap: dict, overload: float) -> int:
    """At most ``overload`` points above capacity in all: each worker above capacity gives up at
    least the rest, and the fewest families doing so are their largest."""
    held: dict[str, list[float]] = {}
    for f in snap["families"]:
        if f["worker"] is not None:
            held.setdefault(f["worker"], []).append(f["points"])
    moves = 0
    for w in snap["workers"]:
        excess = sum(held.get(w["id"], [])) - w["capacity"] - overload
        for points in sorted(held.get(w["id"], []), reverse=True):
            if excess <= 1e-9:
                break
            excess -= points
            moves += 1
    return moves


def main(argv: list[str] | None = None) -> None:
    from tests.optimizer.support import check_plan

    parser = argparse.ArgumentParser(description="Cross-unit rebalance of skewed councils against independent bounds")
    parser.add_argument("--sizes", default="1000")
    parser.add_argument("--seeds", default="0,1,2")
    parser.add_argument("--time-limit", type=float, default=TIME_LIMIT_S)
    args = parser.parse_args(argv)
    print(
        "| workers | seed | rebalance | wall s | CPU s | peak MB | overload (Keel's bound; LP here) | gap | "
        "moves (Keel's bound; here) | gap | children moved (bound) | violations |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as workdir:
        for size in (int(s) for s in args.sizes.split(",")):
            for seed in (int(s) for s in args.seeds.split(",")):
                within = skewed_council(size, seed)
                across = copy.deepcopy(within)
                across["settings"].update(cross_unit=True, time_limit_s=args.time_limit)
                lp = lp_overload(across)
                for name, snap in (("within units (baseline)", within), ("across units", across)):
                    plan, wall, cpu, peak = _keel_solve(snap, workdir)
                    terms = {t["id"]: t for t in plan["terms"]}
                    over, moves, kids = terms["overload"], terms["moves"], terms["children_moved"]
                    here = "-"
                    if snap is across:
                        here = str(fewest_moves(snap, over["value"])) if abs(over["value"] - lp) < 0.005 else "-"
                    print(
                        f"| {size} | {seed} | {name} | {wall:.1f} | {cpu:.1f} | {peak} | {over['value']:.1f} "
                        f"({_num(over['bound'])}; {f'{lp:.1f}' if snap is across else '-'}) | {_gap(over)} | "
                        f"{moves['value']} ({_num(moves['bound'])}; {here}) | {_gap(moves)} | "
                        f"{kids['value']} ({_num(kids['bound'])}) | {len(check_plan(snap, plan))} |",
                        flush=True,
                    )


def _num(value: float | None) -> str:
    return "none" if value is None else f"{value:g}"


def _gap(term: dict) -> str:
    return "unknown" if term.get("gap") is None else f"{100 * term['gap']:.1f}%"


if __name__ == "__main__":
    main()
