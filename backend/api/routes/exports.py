"""CSV exports: current allocations of open families, and every worker's load (team managers their
team, senior leaders and admins everything; social workers none)."""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Response

from backend.api.deps import NotWorker, SessionDep
from backend.api.fields import RowId
from backend.csv_io.exporting import export_csv
from backend.services.access import UnitNotVisible

router = APIRouter(prefix="/api/exports", tags=["exports"])

UnitQuery = Annotated[RowId | None, Query(description="Only this unit and the units below it")]
CSV_RESPONSE = {200: {"content": {"text/csv": {"schema": {"type": "string"}}}, "description": "CSV, UTF-8"}}


def _download(session, user, name: str, unit_id: int | None) -> Response:
    day = date.today()
    try:
        text = export_csv(session, name, user, unit_id, on=day)
    except UnitNotVisible:
        raise HTTPException(status_code=404, detail="Unit not found") from None
    part = f"-unit{unit_id}" if unit_id is not None else ""
    return Response(text, media_type="text/csv; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="keel-{name}{part}-{day.isoformat()}.csv"'})


@router.get("/allocations.csv", response_class=Response, responses=CSV_RESPONSE)
def read_allocations_csv(session: SessionDep, user: NotWorker, unit_id: UnitQuery = None) -> Response:
    """One row per open family: its team, current key worker (blank when unallocated), since when, points."""
    return _download(session, user, "allocations", unit_id)


@router.get("/loads.csv", response_class=Response, responses=CSV_RESPONSE)
def read_loads_csv(session: SessionDep, user: NotWorker, unit_id: UnitQuery = None) -> Response:
    """One row per worker: role, team, FTE, capacity, load, ratio, band, families, agency."""
    return _download(session, user, "loads", unit_id)
