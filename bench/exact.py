"""The reference for rebalance within teams: a plain lexicographic CP-SAT model, team by team.

Written from docs/design.md §4 alone (it imports nothing from ``optimizer``): per team, one boolean
per (family, worker allowed to hold it), and four stages each solved to proven optimality and then
fixed: statutory families unallocated, families unallocated, points above capacity, moves. A team
whose stage is not proven within ``stage_limit_s`` is reported as such, never passed off as exact.

    python -m bench.exact 1000 --seed 0     # one skewed council, per-team figures summed
"""

from __future__ import annotations

import argparse
import time
from dataclasses import dataclass, field
from datetime import date

from ortools.sat.python import cp_model

SCALE = 100
NOT_SOLE_LEAD = ("asye", "family_support")


def may_take(snap: dict, family: dict, worker: dict, across: bool = False) -> bool:
    """New work to this worker breaks no pair rule (same team unless ``across`` units, skills,
    lead role, present)."""
    if family["unit"] != worker["unit"] and not across:
        return False
    if not set(family.get("requires", [])) <= set(worker.get("skills", [])):
        return False
    lead = {"child_protection", "court"} & set(family.get("requires", [])) or "cp" in family.get("statuses", [])
    if lead and worker.get("role") in NOT_SOLE_LEAD:
        return False
    if not worker.get("available", True) or worker.get("leaving_on"):
        return False
    absent = worker.get("absent_until")
    return not (absent and date.fromisoformat(absent) >= date.fromisoformat(snap["as_of"]))


@dataclass
class TeamResult:
    team: str
    values: dict[str, int] = field(default_factory=dict)  # term -> value (points x100)
    proven: bool = True
    time_s: float = 0.0
    after: dict[str, str | None] = field(default_factory=dict)


STAGES = ("unallocated_statutory", "unallocated", "overload", "moves")


def solve_team(
    snap: dict, team: str, stage_limit_s: float = 60.0, num_workers: int = 1, stop_after: str = "moves"
) -> TeamResult:
    started = time.monotonic()
    workers = [w for w in snap["workers"] if w["unit"] == team]
    families = [f for f in snap["families"] if f["unit"] == team]
    surge = snap["settings"].get("surge_limit", 1.15)
    model = cp_model.CpModel()
    x: dict[tuple[str, str], cp_model.IntVar] = {}
    for f in families:
        for w in workers:
            if w["id"] == f["worker"] or may_take(snap, f, w):
                x[f["id"], w["id"]] = model.new_bool_var("")
    placed = {}
    for f in families:
        options = [x[f["id"], w["id"]] for w in workers if (f["id"], w["id"]) in x]
        if f["worker"] is not None:
            model.add_exactly_one(options)
        else:
            model.add_at_most_one(options)
        placed[f["id"]] = sum(options)
    over = []
    for w in workers:
        cap = round(w["capacity"] * SCALE)
        held = [(f, x[f["id"], w["id"]]) for f in families if (f["id"], w["id"]) in x]
        load = sum(round(f["points"] * SCALE) * v for f, v in held)
        before = sum(round(f["points"] * SCALE) for f in families if f["worker"] == w["id"])
        limit = int(cap * surge + 1e-9)
        if before <= limit:
            model.add(load <= limit)
        else:  # above the limit already: may stay there only while gaining nothing
            gains = [v for f, v in held if f["worker"] != w["id"]]
            if gains:
                gained = model.new_bool_var("")
                model.add_max_equality(gained, gains)
                model.add(load <= limit).only_enforce_if(gained)
        top = sum(round(f["points"] * SCALE) for f, _ in held)
        if top > cap:
            o = model.new_int_var(0, top - cap, "")
            model.add(o >= load - cap)
            over.append(o)
    objective = {
        "unallocated_statutory": sum(1 - placed[f["id"]] for f in families if f["worker"] is None and _statutory(f)),
        "unallocated": sum(1 - placed[f["id"]] for f in families if f["worker"] is None),
        "overload": sum(over),
        "moves": sum(1 - x[f["id"], f["worker"]] for f in families if f["worker"] is not None),
    }
    result = TeamResult(team)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = num_workers
    solver.parameters.random_seed = 0
    for stage in STAGES[: STAGES.index(stop_after) + 1]:
        expr = objective[stage]
        if isinstance(expr, int):
            result.values[stage] = expr
            continue
        model.minimize(expr)
        solver.parameters.max_time_in_seconds = stage_limit_s
        code = solver.solve(model)
        if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            raise RuntimeError(f"{team}: {stage} found no plan ({solver.status_name(code)})")
        value = round(solver.objective_value)
        result.values[stage] = value
        result.proven &= code == cp_model.OPTIMAL
        model.clear_hints()
        for v in x.values():
            model.add_hint(v, solver.boolean_value(v))
        model.add(expr == value if code == cp_model.OPTIMAL else expr <= value)
    result.after = {f: w for (f, w), v in x.items() if solver.boolean_value(v)}
    result.time_s = time.monotonic() - started
    return result


def _statutory(f: dict) -> bool:
    return f.get("statutory", False) or bool({"cp", "cla", "private_fostering"} & set(f.get("statuses", [])))


def solve_council(snap: dict, stage_limit_s: float = 60.0, stop_after: str = "moves", num_workers: int = 1) -> dict:
    """Per-team results summed: values (overload in points), proven, time, and every plan."""
    teams = sorted({w["unit"] for w in snap["workers"]})
    started = time.monotonic()
    results = [solve_team(snap, t, stage_limit_s, num_workers, stop_after) for t in teams]
    totals = {s: sum(r.values.get(s, 0) for r in results) for s in STAGES}
    totals["overload"] /= SCALE
    return {
        "values": totals,
        "proven": all(r.proven for r in results),
        "time_s": time.monotonic() - started,
        "teams": results,
    }


def main(argv: list[str] | None = None) -> None:
    from bench.skewed import skewed_council

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workers", type=int)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--stage-limit", type=float, default=60.0, help="seconds per stage per team")
    parser.add_argument("--stop-after", choices=STAGES, default="moves")
    parser.add_argument(
        "--cpsat-workers",
        type=int,
        default=1,
        help="CP-SAT workers per team (8 proves the hard teams' overload in seconds)",
    )
    args = parser.parse_args(argv)
    snap = skewed_council(args.workers, args.seed)
    found = solve_council(snap, args.stage_limit, args.stop_after, args.cpsat_workers)
    unproven = [r.team for r in found["teams"] if not r.proven]
    slow = max(found["teams"], key=lambda r: r.time_s)
    print(
        f"{len(snap['workers'])} workers, {len(snap['families'])} families: {found['values']}, "
        f"proven {found['proven']}, {found['time_s']:.1f} s (slowest team {slow.team} "
        f"{slow.time_s:.2f} s); teams not proven: {', '.join(unproven) or 'none'}"
    )


if __name__ == "__main__":
    main()
