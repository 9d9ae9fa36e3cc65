"""A team's plan: read its rows once, build the plan-contract snapshot (planning/rows.py), ask the
optimizer, and turn its plan (codes) back into ids and names."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from backend.models import Absence, Unit, UnitKind
from backend.services.plan_story import plan_story
from backend.services.planning.names import named
from backend.services.planning.rows import Row, load_rows, snapshot_of
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


def solve_plan(snapshot: dict[str, Any]) -> dict[str, Any]:
    """The optimizer's plan for a snapshot the bridge built (so not checked against the schema)."""
    from optimizer.api import solve_json

    return solve_json(snapshot)


def team_snapshot(
    session: Session, team_id: int, *, question: str, on: date, **options: Any
) -> tuple[dict[str, Any], list[Row], list[Row]]:
    """The plan-contract snapshot of a team (and the units below it) on a day, with the worker and
    family rows it names."""
    rows = load_rows(session, [team_id])
    snapshot = snapshot_of(session, on, question, [team_id], rows=rows, **options)
    return snapshot, rows.workers, rows.families


def plan_for_unit(
    session: Session,
    *,
    question: str,
    unit_id: int,
    on: date,
    move_budget: int | None = None,
    absence_id: int | None = None,
    time_limit_s: float = 10.0,
) -> tuple[PlanBasis, dict[str, Any]]:
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
    snapshot, workers, families = team_snapshot(
        session, unit_id, question=question, on=on, time_limit_s=time_limit_s, absence=absence, move_budget=move_budget
    )
    plan = solve_plan(snapshot)
    in_plan = {f["id"] for f in snapshot["families"]}
    basis = PlanBasis(
        question,
        unit_id,
        team.version,
        {f["id"]: f["version"] for f in families if f["code"] in in_plan},
        absence.end_date if absence else None,
        absence.start_date if absence else None,
    )
    view = plan_view(plan, workers, families, list(session.scalars(select(Unit).where(col(Unit.kind) == UnitKind.pod))))
    _, settings = current_settings(session)
    view["summary"] = plan_story(view, snapshot, settings, move_budget)
    return basis, view


def plan_view(
    plan: dict[str, Any], workers: Sequence[Row], families: Sequence[Row], pods: Sequence[Unit] = ()
) -> dict[str, Any]:
    """The optimizer's plan with codes replaced by ids and names a manager reads (pods by name too).
    Workers and families are rows (planning/rows.py)."""
    worker_by_code = {w["code"]: w for w in workers}
    family_by_code = {f["code"]: f for f in families}
    pod_by_code = {p.code: p for p in pods}
    words = named(
        {
            **{c: w["name"] for c, w in worker_by_code.items()},
            **{c: f["name"] for c, f in family_by_code.items()},
            **{c: p.name for c, p in pod_by_code.items()},
        }
    )

    def pod(code: str | None) -> dict[str, Any]:
        found = pod_by_code.get(code) if code else None
        return {"pod_id": found.id if found else None, "pod_name": found.name if found else None}

    def worker(code: str | None, prefix: str) -> dict[str, Any]:
        found = worker_by_code.get(code) if code else None
        return {f"{prefix}_id": found["id"] if found else None, f"{prefix}_name": found["name"] if found else None}

    def family(code: str) -> dict[str, Any]:
        found = family_by_code[code]
        return {"family_id": found["id"], "family_code": found["code"], "family_name": found["name"]}

    return {
        "status": plan.get("status"),
        "assignments": [
            {
                **family(a["family"]),
                **worker(a["worker"], "worker"),
                **worker(a.get("previous"), "previous_worker"),
                "kind": a.get("kind", "key"),
                "reasons": [words(r) for r in a.get("reasons", [])],
                "alternatives": [
                    {**worker(alt.get("worker"), "worker"), "reason": words(alt["reason"])}
                    for alt in a.get("alternatives", [])
                ],
                **pod(a.get("pod")),
            }
            for a in plan.get("assignments", [])
        ],
        "unallocated": [
            {**family(u["family"]), "reasons": [words(r) for r in u.get("reasons", [])]}
            for u in plan.get("unallocated", [])
        ],
        "loads": [
            {
                **worker(load["worker"], "worker"),
                "capacity": load["capacity"],
                "before": load["before"],
                "after": load["after"],
            }
            for load in plan.get("loads", [])
        ],
        "pod_loads": [
            {
                **pod(p["pod"]),
                **{
                    k: p.get(k)
                    for k in ("capacity", "before", "after", "children_before", "children_after", "children_limit")
                },
                "members": [
                    {
                        **worker(m["worker"], "worker"),
                        "share_before": m["share_before"],
                        "share_after": m["share_after"],
                    }
                    for m in p.get("members", [])
                ],
            }
            for p in plan.get("pod_loads", [])
        ],
        "terms": [{"id": t["id"], "value": t["value"]} for t in plan.get("terms", [])],
        "time_s": plan.get("time_s"),
    }
