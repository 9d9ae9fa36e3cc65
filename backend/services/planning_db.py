"""The planning bridge's database side: read a unit's rows, build the plan-contract snapshot
(services/planning.py), ask the optimizer, and turn its plan (codes) back into ids and names."""

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from backend.models import (
    Absence, Allocation, CapacityReduction, Child, Family, Unit, Worker,
)
from backend.services.caseload import load_caseload
from backend.services.plan_story import plan_story
from backend.services.allocation_choices import AllocationChoice, pod_choices
from backend.services.planning import build_snapshot, units_in_scope
from backend.services.weighting import current_settings

QUESTIONS = ("recommend", "rebalance", "cover")


class PlanningError(ValueError):
    """A plan cannot be asked for (unknown unit, absence of another team...): said in words."""


@dataclass(frozen=True)
class PlanBasis:
    """What a plan was made from, so that accepting it can tell whether it is stale."""

    question: str
    unit_id: int
    unit_version: int
    family_versions: dict[int, int]
    absence_end: date | None = None
    absence_start: date | None = None


def solve_snapshot(snapshot: dict) -> dict:
    from optimizer import solve_json

    return solve_json(snapshot)


def _team_snapshot(session: Session, team: Unit, *, question: str, on: date,
                   **options: Any) -> tuple[dict, list[Worker], list[Family]]:
    """The plan-contract snapshot of a team on a day, with the worker and family rows it names."""
    _, settings = current_settings(session)
    units = list(session.scalars(select(Unit)))
    scope = units_in_scope(units, [team.id])
    # Only the unit's own families and their rows: planning one team never reads the authority.
    families = list(session.scalars(select(Family).where(Family.unit_id.in_(scope))))
    in_scope = select(Family.id).where(Family.unit_id.in_(scope))
    workers = list(session.scalars(select(Worker)))
    snapshot = build_snapshot(
        question=question, as_of=on, units=units, workers=workers,
        reductions=list(session.scalars(select(CapacityReduction))), families=families,
        children=list(session.scalars(select(Child).where(Child.family_id.in_(in_scope)))),
        allocations=list(session.scalars(select(Allocation).where(Allocation.family_id.in_(in_scope)))),
        absences=list(session.scalars(select(Absence))), settings=settings, unit_ids=[team.id], **options,
    )
    return snapshot, workers, families


def allocation_choices(session: Session, family: Family, on: date) -> tuple[Unit, list[AllocationChoice]]:
    """Each case holder of the family's unit (a team with its pods, or one pod) as its key worker,
    with a before/after load preview. Never wider than the unit: a pod's manager chooses within the pod."""
    from optimizer.contract import parse_snapshot
    from optimizer.problem import loads_before
    from optimizer.rules import Context, blocking_rules
    from optimizer.types import SCALE

    team = session.get(Unit, family.unit_id)
    snapshot, workers, _ = _team_snapshot(session, team, question="recommend", on=on)
    ctx = Context.of(parse_snapshot(snapshot))
    wanted = ctx.families.get(family.code)
    if wanted is None:
        raise PlanningError(f"{family.name} is not open on {on:%d %b %Y}")
    before = loads_before(ctx.snapshot)
    worker_by_code = {w.code: w for w in workers}
    caseload = load_caseload(session, on)
    words = named({**{c: w.name for c, w in worker_by_code.items()}, **{u.code: u.name for u in caseload.units.values()}})

    def pod_rules(pod_id: int) -> list[str] | None:
        """The optimizer's rules for the pod as one holder (None while it does not know pods as holders)."""
        holder = ctx.workers.get(caseload.units[pod_id].code)
        return None if holder is None else [words(reason) for _, reason in blocking_rules(ctx, wanted, holder)]

    choices = pod_choices(caseload, family, pod_rules,
                          lambda member: [words(r) for _, r in blocking_rules(ctx, wanted, ctx.workers[member.code])],
                          team_scope=units_in_scope(caseload.units.values(), [team.id]))
    held_as_pods = [w for w in ctx.snapshot.workers if w.id in worker_by_code]  # pods are offered above
    for worker in sorted(held_as_pods, key=lambda w: worker_by_code[w.id].name):
        if worker_by_code[worker.id].id in caseload.pod_of:  # a holding pod's members take work as the pod
            continue
        current = worker.id == wanted.worker
        after = before[worker.id] + (0 if worker.id == wanted.carrier else wanted.points)
        choices.append(AllocationChoice(
            worker_id=worker_by_code[worker.id].id, worker_name=worker_by_code[worker.id].name,
            capacity=worker.capacity / SCALE, before=before[worker.id] / SCALE, after=after / SCALE,
            above_surge_limit=after > ctx.surge_cap(worker), current=current, away_until=worker.absent_until,
            blocked=() if current else tuple(reason for _, reason in blocking_rules(ctx, wanted, worker)),
        ))
    return team, choices


def plan_for_unit(session: Session, *, question: str, unit_id: int, on: date,
                  move_budget: int | None = None, absence_id: int | None = None,
                  time_limit_s: float = 10.0) -> tuple[PlanBasis, dict[str, Any]]:
    if question not in QUESTIONS:
        raise PlanningError(f"unknown question {question!r}")
    unit = session.get(Unit, unit_id)
    if unit is None:
        raise PlanningError("unit not found")
    # The plan covers the unit asked for and the units below it, nothing more: a pod's manager plans
    # their pod, a team's manager their team with its pods.
    team = unit
    absence = session.get(Absence, absence_id) if absence_id is not None else None
    if question == "cover" and absence is None:
        raise PlanningError("a cover plan needs a recorded absence")
    snapshot, workers, families = _team_snapshot(session, team, question=question, on=on, time_limit_s=time_limit_s,
                                                 absence=absence, move_budget=move_budget)
    plan = solve_snapshot(snapshot)
    in_plan = {f["id"] for f in snapshot["families"]}
    basis = PlanBasis(question, team.id, team.version,
                      {f.id: f.version for f in families if f.code in in_plan},
                      absence.end_date if absence else None, absence.start_date if absence else None)
    view = plan_view(plan, workers, families, list(session.scalars(select(Unit).where(Unit.kind == "pod"))))
    _, settings = current_settings(session)
    view["summary"] = plan_story(view, snapshot, settings, move_budget)
    return basis, view


def named(names: dict[str, str]):
    """Reasons in the words a manager reads: the codes of the plan's workers and families (the
    optimizer only knows codes) become their names."""
    if not names:
        return lambda text: text
    pattern = re.compile(r"(?<![\w-])(" + "|".join(re.escape(c) for c in sorted(names, key=len, reverse=True))
                         + r")(?![\w-])")
    return lambda text: pattern.sub(lambda found: names[found.group(1)], text)


def plan_view(plan: dict[str, Any], workers: list[Worker], families: list[Family],
              pods: list[Unit] = ()) -> dict[str, Any]:
    """The optimizer's plan with codes replaced by ids and names a manager reads (pods by name too)."""
    worker_by_code = {w.code: w for w in workers}
    family_by_code = {f.code: f for f in families}
    pod_by_code = {p.code: p for p in pods}
    words = named({**{c: w.name for c, w in worker_by_code.items()}, **{c: f.name for c, f in family_by_code.items()},
                   **{c: p.name for c, p in pod_by_code.items()}})

    def pod(code: str | None) -> dict[str, Any]:
        found = pod_by_code.get(code) if code else None
        return {"pod_id": found.id if found else None, "pod_name": found.name if found else None}

    def worker(code: str | None, prefix: str) -> dict[str, Any]:
        found = worker_by_code.get(code) if code else None
        return {f"{prefix}_id": found.id if found else None, f"{prefix}_name": found.name if found else None}

    def family(code: str) -> dict[str, Any]:
        found = family_by_code[code]
        return {"family_id": found.id, "family_code": found.code, "family_name": found.name}

    return {
        "status": plan.get("status"),
        "assignments": [
            {**family(a["family"]), **worker(a["worker"], "worker"),
             **worker(a.get("previous"), "previous_worker"), "kind": a.get("kind", "key"),
             "reasons": [words(r) for r in a.get("reasons", [])],
             "alternatives": [{**worker(alt.get("worker"), "worker"), "reason": words(alt["reason"])}
                              for alt in a.get("alternatives", [])], **pod(a.get("pod"))}
            for a in plan.get("assignments", [])
        ],
        "unallocated": [{**family(u["family"]), "reasons": [words(r) for r in u.get("reasons", [])]}
                        for u in plan.get("unallocated", [])],
        "loads": [{**worker(load["worker"], "worker"), "capacity": load["capacity"],
                   "before": load["before"], "after": load["after"]} for load in plan.get("loads", [])],
        "pod_loads": [{**pod(p["pod"]), **{k: p.get(k) for k in (
                           "capacity", "before", "after", "children_before", "children_after", "children_limit")},
                       "members": [{**worker(m["worker"], "worker"), "share_before": m["share_before"],
                                    "share_after": m["share_after"]} for m in p.get("members", [])]}
                      for p in plan.get("pod_loads", [])],
        "terms": [{"id": t["id"], "value": t["value"]} for t in plan.get("terms", [])],
        "time_s": plan.get("time_s"),
    }
