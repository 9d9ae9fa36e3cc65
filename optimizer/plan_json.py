"""Plans back to the JSON of docs/design.md §8 (points as decimals, ratios as fractions)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from optimizer.types import PER_MILLE, SCALE, Plan, Term

SCHEMAS = Path(__file__).parent / "schemas"


def load_schema(name: str) -> dict[str, Any]:
    """``load_schema("snapshot")`` or ``load_schema("plan")``: the published JSON Schema."""
    schema: dict[str, Any] = json.loads((SCHEMAS / f"{name}.schema.json").read_text())
    return schema


def points(value: int) -> float:
    return round(value / SCALE, 2)


def ratio(load: int, capacity: int) -> float | None:
    return round(load / capacity, 3) if capacity > 0 else None


def _term_value(term: Term, value: int | None) -> float | int | None:
    if value is None:
        return None
    if term.unit == "points":
        return points(value)
    if term.unit == "per_mille":
        return round(value / PER_MILLE, 3)
    return value


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    found = _plan_dict(plan)
    if plan.pod_loads:  # pods hold families: the pod fields (absent otherwise, as before pods)
        _add_pods(found, plan)
    return found


def _add_pods(found: dict[str, Any], plan: Plan) -> None:
    for item, a in zip(found["assignments"], plan.assignments):
        item["pod"] = a.pod
        item["previous_pod"] = a.previous_pod
        for alternative, n in zip(item["alternatives"], a.alternatives):
            alternative["pod"] = n.pod
    found["pod_loads"] = [
        {
            "pod": p.pod,
            "capacity": points(p.capacity),
            "before": points(p.before),
            "after": points(p.after),
            "ratio_before": ratio(p.before, p.capacity),
            "ratio_after": ratio(p.after, p.capacity),
            "children_before": p.children_before,
            "children_after": p.children_after,
            "children_limit": p.children_limit,
            "members": [
                {"worker": m.worker, "share_before": points(m.share_before), "share_after": points(m.share_after)}
                for m in p.members
            ],
        }
        for p in plan.pod_loads
    ]


def _plan_dict(plan: Plan) -> dict[str, Any]:
    return {
        "question": plan.question,
        "status": plan.status,
        "assignments": [
            {
                "family": a.family,
                "worker": a.worker,
                "kind": a.kind,
                "previous": a.previous,
                "reasons": list(a.reasons),
                "alternatives": [{"worker": n.worker, "reason": n.reason, "rule": n.rule} for n in a.alternatives],
            }
            for a in plan.assignments
        ],
        "unallocated": [
            {"family": u.family, "reasons": list(u.reasons), "rules": list(u.rules), "worker": u.worker}
            for u in plan.unallocated
        ],
        "loads": [
            {
                "worker": load.worker,
                "capacity": points(load.capacity),
                "before": points(load.before),
                "after": points(load.after),
                "ratio_before": ratio(load.before, load.capacity),
                "ratio_after": ratio(load.after, load.capacity),
            }
            for load in plan.loads
        ],
        "terms": [
            {
                "id": t.id,
                "value": _term_value(t, t.value),
                "unit": "ratio" if t.unit == "per_mille" else t.unit,
                "bound": _term_value(t, t.bound),
                "gap": t.gap,
            }
            for t in plan.terms
        ],
        "bound": {
            "objective": plan.bound.objective,
            "bound": plan.bound.bound,
            "gap": plan.bound.gap,
            "proven_optimal": plan.bound.proven_optimal,
            "restricted": plan.bound.restricted,
            "components": plan.bound.components,
            "term": plan.bound.term,
        },
        "time_s": round(plan.time_s, 3),
        "seed": plan.seed,
        "notes": list(plan.notes),
    }
