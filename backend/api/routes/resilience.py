"""Senior leaders' resilience views: the heatmap grid (units x weeks) and a unit drill-down."""

from datetime import date
from typing import Any

from fastapi import APIRouter, HTTPException

from backend.api.fields import RowId
from backend.api.deps import Leader, SessionDep
from backend.schemas import Heatmap, UnitResilience
from backend.services import resilience
from backend.services.caseload import load_caseload
from backend.services.views import unit_summary, worker_view

router = APIRouter(prefix="/api/resilience", tags=["resilience"])


@router.get("/heatmap", response_model=Heatmap)
def read_heatmap(session: SessionDep, user: Leader) -> dict[str, Any]:
    return resilience.heatmap(session, date.today())


@router.get("/units/{unit_id}", response_model=UnitResilience)
def read_unit_resilience(session: SessionDep, user: Leader, unit_id: RowId) -> dict[str, Any]:
    today = date.today()
    figures = resilience.unit_figures(session, today, unit_id)
    if figures is None:
        raise HTTPException(status_code=404, detail="Unit not found")
    caseload = load_caseload(session, today)
    scope = caseload.subtree(unit_id)
    figures["workers"] = [
        worker_view(caseload, w.id).model_dump(mode="json")
        for w in sorted(caseload.workers.values(), key=lambda w: w.code) if w.unit_id in scope
    ]
    figures["summary"] = unit_summary(caseload, unit_id).model_dump(mode="json")
    return figures
