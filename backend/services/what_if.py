"""What-if for senior leaders: a scenario (lose workers, add one, a leaver, a move) tried on the
authority's snapshot; the touched units' figures before and after. Nothing in the data changes:
the scenario only alters a copy of the snapshot (``optimizer.resilience.scenario``), and the units it
does not touch come from the per-unit cache the heatmap fills."""

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from backend.models import Unit, Worker
from backend.services.resilience import _unit_cache, snapshot_of
from backend.services.weighting import current_settings
from backend.workload import worker_capacity


class ScenarioError(ValueError):
    """A scenario that cannot be tried (an unknown worker or unit...), said in words."""


def what_if(session: Session, on: date, request: Any) -> dict[str, Any]:
    from optimizer.contract import SnapshotError
    from optimizer.resilience.scenario import what_if as try_scenario

    units = {u.id: u for u in session.scalars(select(Unit))}
    workers = {w.id: w for w in session.scalars(select(Worker))}
    _, settings = current_settings(session)
    scenario = _scenario(request, units, workers, settings, on)
    if not any(scenario.values()):
        raise ScenarioError("Nothing to try: lose, add, a leaver or a move")
    try:
        answer = try_scenario(snapshot_of(session, on), scenario, cache=_unit_cache())
    except SnapshotError as error:
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
        "units": [{"id": by_code[u["id"]].id, "code": u["id"], "name": by_code[u["id"]].name,
                   "before": figures(u["before"]), "after": figures(u["after"])}
                  for u in answer["units"] if u["id"] in by_code],
    }


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
        added.append({"id": f"NEW{i + 1}", "unit": unit(new.unit_id), "capacity": round(capacity, 2),
                      "skills": sorted(set(new.skills)), "role": new.role.value})
    return {
        "lose": [worker(w) for w in request.lose_worker_ids],
        "add": added,
        "leavers": [{"worker": worker(item.worker_id), "on": item.on.isoformat()}
                    for item in request.leavers],
        "moves": [{"worker": worker(item.worker_id), "to": unit(item.to_unit_id)}
                  for item in request.moves],
    }
