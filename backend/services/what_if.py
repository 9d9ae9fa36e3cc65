"""What-if and what it takes to be safe, for senior leaders. Nothing in the data changes.

- ``what_if``: a scenario (lose workers, add one, a leaver, a move) tried on the authority's
  snapshot; the touched units' figures before and after. The scenario only alters a copy of the
  snapshot (``optimizer.resilience.scenario``); untouched units come from the per-unit cache.
- ``secure_plan``: the optimizer's ``secure`` question on a unit's service: the fewest moves within
  each unit that make it N-1 secure, else the least extra FTE, and where one more worker in the
  service cuts the risk most."""

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from backend.models import Family, Unit, UnitKind, Worker
from backend.services import forecast_process
from backend.services.planning import resilience as planning
from backend.services.planning.contract import ContractError
from backend.services.planning.rows import snapshot_of
from backend.services.weighting import current_settings
from backend.workload import worker_capacity


class ScenarioError(ValueError):
    """A scenario that cannot be tried (an unknown worker or unit...), said in words."""


def what_if(session: Session, on: date, request: Any) -> dict[str, Any]:
    units = {u.id: u for u in session.scalars(select(Unit))}
    workers = {w.id: w for w in session.scalars(select(Worker))}
    _, settings = current_settings(session)
    scenario = _scenario(request, units, workers, settings, on)
    if not any(scenario.values()):
        raise ScenarioError("Nothing to try: lose, add, a leaver or a move")
    snapshot = snapshot_of(session, on)
    holders = {w["id"] for w in snapshot["workers"]}
    workers_by_code = {w.code: w for w in workers.values()}
    for code in _worker_codes(scenario):
        if code not in holders:
            raise ScenarioError(
                f"{workers_by_code[code].name} ({code}) holds no cases on {on.isoformat()}: "
                "a scenario can only change case holders"
            )
    try:
        answer = forecast_process.run(planning.try_scenario, snapshot, scenario)
    except ContractError as error:
        raise ScenarioError(f"{error}") from error
    by_code = {u.code: u for u in units.values()}
    names = {w.code: f"{w.name} ({w.code})" for w in workers.values()}
    names |= {u.code: f"{u.name} ({u.code})" for u in units.values()}
    names |= {f"NEW{i + 1}": f"a new worker {i + 1}" for i in range(len(scenario["add"]))}

    def person(words: str) -> str:
        return " ".join(names.get(word, word) for word in words.split(" "))

    def figures(found: dict) -> dict:
        loss = found["worst_loss"]
        if loss:
            loss = {**loss, "workers": [names.get(w, w) for w in loss["workers"]]}
        return {**found, "worst_loss": loss}

    return {
        "changes": [person(words) for words in answer["changes"]],
        "units": [
            {
                "id": by_code[u["id"]].id,
                "code": u["id"],
                "name": by_code[u["id"]].name,
                "before": figures(u["before"]),
                "after": figures(u["after"]),
            }
            for u in answer["units"]
            if u["id"] in by_code
        ],
    }


def _worker_codes(scenario: dict[str, list]) -> list[str]:
    return scenario["lose"] + [item["worker"] for item in scenario["leavers"] + scenario["moves"]]


def _scenario(request: Any, units: dict, workers: dict, settings, on: date) -> dict[str, list]:
    def worker(worker_id: int) -> str:
        if worker_id not in workers:
            raise ScenarioError(f"Worker {worker_id} not found")
        return workers[worker_id].code

    def unit(unit_id: int) -> str:
        if unit_id not in units:
            raise ScenarioError(f"Unit {unit_id} not found")
        return units[unit_id].code

    added = []
    for i, new in enumerate(request.add):
        capacity = worker_capacity(new.role.value, new.fte, on, on, [], settings)
        added.append(
            {
                "id": f"NEW{i + 1}",
                "unit": unit(new.unit_id),
                "capacity": round(capacity, 2),
                "skills": sorted(set(new.skills)),
                "role": new.role.value,
            }
        )
    return {
        "lose": [worker(w) for w in request.lose_worker_ids],
        "add": added,
        "leavers": [{"worker": worker(item.worker_id), "on": item.on.isoformat()} for item in request.leavers],
        "moves": [{"worker": worker(item.worker_id), "to": unit(item.to_unit_id)} for item in request.moves],
    }


def _service_of(units: dict, unit: Unit) -> Unit:
    while unit.kind != UnitKind.service and unit.parent_id in units:
        unit = units[unit.parent_id]
    return unit


def secure_plan(session: Session, on: date, unit_id: int) -> dict[str, Any] | None:
    """The ``secure`` answer for the service holding ``unit_id``, with names; None: no such unit."""
    units = {u.id: u for u in session.scalars(select(Unit))}
    if unit_id not in units:
        return None
    service = _service_of(units, units[unit_id])
    snapshot = snapshot_of(session, on, "secure", [service.id])
    answer = planning.secure(snapshot)
    by_code = {u.code: u for u in units.values()}
    workers = {w.code: f"{w.name} ({w.code})" for w in session.scalars(select(Worker))}
    families = {
        f.code: f"{f.name} ({f.code})"
        for f in session.scalars(
            select(Family).where(col(Family.code).in_([m["family"] for u in answer["units"] for m in u["moves"] or []]))
        )
    }

    def unit_row(found: dict) -> dict:
        unit = by_code[found["id"]]
        return {
            **found,
            "id": unit.id,
            "code": unit.code,
            "name": unit.name,
            "failing_losses": [workers.get(w, w) for w in found["failing_losses"]],
            "moves": None
            if found["moves"] is None
            else [
                {
                    **m,
                    "family": families.get(m["family"], m["family"]),
                    "from": workers.get(m["from"], m["from"]),
                    "to": workers.get(m["to"], m["to"]),
                }
                for m in found["moves"]
            ],
        }

    return {
        "service": {"id": service.id, "code": service.code, "name": service.name},
        "units": [unit_row(u) for u in answer["units"] if u["id"] in by_code],
        "next_worker": [
            {
                "id": by_code[t["unit"]].id,
                "code": t["unit"],
                "name": by_code[t["unit"]].name,
                "risk": t["risk"],
                "risk_with_one_more": t["risk_with_one_more"],
                "drop": t["drop"],
            }
            for ranking in answer["next_worker"]
            for t in ranking["teams"]
        ],
        "time_s": answer["time_s"],
    }
