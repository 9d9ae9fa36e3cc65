"""Senior leaders' resilience views: the heatmap grid (units x weeks) and a unit drill-down."""

from datetime import date
from typing import Any

from fastapi import APIRouter, HTTPException, Response

from backend.api.deps import Leader, SessionDep
from backend.api.refusals import unprocessable
from backend.models import Unit
from backend.schemas.fields import RowId
from backend.schemas.resilience import (
    ForecastProgress,
    Heatmap,
    SecurePlan,
    StructureComparison,
    StructureTrial,
    UnitHistory,
    UnitResilience,
    WhatIf,
    WhatIfRequest,
)
from backend.services import resilience
from backend.services.council_picture import load_council_picture
from backend.services.read_models import unit_summary, worker_view
from backend.services.structure_what_if import compare_structure
from backend.services.unit_answers import json_response
from backend.services.unit_history import unit_history
from backend.services.what_if import ScenarioError, secure_plan, what_if

router = APIRouter(prefix="/api/resilience", tags=["resilience"])


@router.get("/heatmap", response_model=Heatmap)
def read_heatmap(session: SessionDep, user: Leader) -> Response:
    return json_response(resilience.heatmap_json(session, date.today()))


@router.get("/progress", response_model=ForecastProgress)
def read_forecast_progress(user: Leader) -> dict[str, Any]:
    """How far the forecast the heatmap waits for has got (polled by the page while it waits)."""
    return resilience.forecast_progress()


@router.get("/units/{unit_id}", response_model=UnitResilience)
def read_unit_resilience(session: SessionDep, user: Leader, unit_id: RowId) -> dict[str, Any]:
    today = date.today()
    figures = resilience.unit_figures(session, today, unit_id)
    if figures is None:
        raise HTTPException(status_code=404, detail="Unit not found")
    caseload = load_council_picture(session, today)
    scope = caseload.subtree(unit_id)
    figures["workers"] = [
        worker_view(caseload, w.id).model_dump(mode="json")
        for w in sorted(caseload.workers.values(), key=lambda w: w.code)
        if w.unit_id in scope
    ]
    figures["summary"] = unit_summary(caseload, unit_id).model_dump(mode="json")
    return figures


@router.post("/what-if", response_model=WhatIf)
def try_what_if(session: SessionDep, user: Leader, scenario: WhatIfRequest) -> dict[str, Any]:
    """Each touched unit's N-1/N-2, worst loss, risk and stage before and after the scenario.
    Nothing in the data changes."""
    try:
        return what_if(session, date.today(), scenario)
    except ScenarioError as error:
        raise unprocessable(str(error)) from error


@router.post("/structure", response_model=StructureComparison)
def compare_structure_route(session: SessionDep, user: Leader, trial: StructureTrial) -> dict[str, Any]:
    """A team or service as it is beside the same people and families organised another way (pods
    merged into one team, or a team split into pods of `pod_size`): load, N-1/N-2, worst loss, bus
    factor, stage and collapse risk side by side. Nothing in the data changes."""
    try:
        found = compare_structure(session, date.today(), trial.unit_id, trial.mode, trial.pod_size)
    except ScenarioError as error:
        raise unprocessable(str(error)) from error
    if found is None:
        raise HTTPException(status_code=404, detail="Unit not found")
    return found


@router.get("/units/{unit_id}/secure", response_model=SecurePlan, response_model_by_alias=True)
def read_secure_plan(session: SessionDep, user: Leader, unit_id: RowId) -> dict[str, Any]:
    """What it takes to make the unit's service safe: moves, extra capacity, the next worker."""
    found = secure_plan(session, date.today(), unit_id)
    if found is None:
        raise HTTPException(status_code=404, detail="Unit not found")
    return found


@router.get("/units/{unit_id}/history", response_model=UnitHistory)
def read_unit_history(session: SessionDep, user: Leader, unit_id: RowId) -> dict[str, Any]:
    """The unit's recorded figures over the past 12 weeks, oldest first."""
    if session.get(Unit, unit_id) is None:
        raise HTTPException(status_code=404, detail="Unit not found")
    return {"unit_id": unit_id, "days": unit_history(session, unit_id, date.today())}
