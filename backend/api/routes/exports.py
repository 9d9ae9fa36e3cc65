"""Exports: current allocations of open families, and every worker's load (team managers their
team, senior leaders and admins everything; social workers none)."""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Response

from backend.annex_a.exporting import CONTENT_TYPE, annex_a_workbook
from backend.api.deps import NotWorker, SessionDep
from backend.api.responses import Responses
from backend.csv_io.exporting import export_csv
from backend.schemas.fields import RowId
from backend.services.access import UnitNotVisible

router = APIRouter(prefix="/api/exports", tags=["exports"])

UnitQuery = Annotated[RowId | None, Query(description="Only this unit and the units below it")]
CSV_RESPONSE: Responses = {200: {"content": {"text/csv": {"schema": {"type": "string"}}}, "description": "CSV, UTF-8"}}


def _download(session, user, name: str, unit_id: int | None) -> Response:
    day = date.today()
    content: str | bytes
    try:
        if name == "annex-a":
            content, media, suffix = annex_a_workbook(session, user, unit_id, on=day), CONTENT_TYPE, "xlsx"
        else:
            content, media, suffix = export_csv(session, name, user, unit_id, on=day), "text/csv; charset=utf-8", "csv"
    except UnitNotVisible:
        raise HTTPException(status_code=404, detail="Unit not found") from None
    part = f"-unit{unit_id}" if unit_id is not None else ""
    return Response(
        content,
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="keel-{name}{part}-{day.isoformat()}.{suffix}"'},
    )


@router.get("/allocations.csv", response_class=Response, responses=CSV_RESPONSE)
def read_allocations_csv(session: SessionDep, user: NotWorker, unit_id: UnitQuery = None) -> Response:
    """One row per open family: its team, current key worker (blank when unallocated), since when, points."""
    return _download(session, user, "allocations", unit_id)


@router.get("/loads.csv", response_class=Response, responses=CSV_RESPONSE)
def read_loads_csv(session: SessionDep, user: NotWorker, unit_id: UnitQuery = None) -> Response:
    """One row per worker: role, team, FTE, capacity, load, ratio, band, families, agency."""
    return _download(session, user, "loads", unit_id)


@router.get(
    "/annex-a.xlsx",
    response_class=Response,
    responses={
        200: {
            "content": {CONTENT_TYPE: {"schema": {"type": "string", "format": "binary"}}},
            "description": "An Excel workbook, one sheet per Annex A list",
        }
    },
)
def read_annex_a_xlsx(session: SessionDep, user: NotWorker, unit_id: UnitQuery = None) -> Response:
    """Ofsted Annex A lists 4, 6, 7, 8 and 9: one row per child of each open family, with its allocated
    team and worker (and last visit, lists 7 and 8), for an inspector (docs/annex-a.md)."""
    return _download(session, user, "annex-a", unit_id)
