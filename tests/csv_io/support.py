"""Helpers for import tests: CSV bytes from rows, and counts of what an import could have written."""

import csv
import io

from sqlalchemy import func, select
from sqlmodel import Session

from backend.csv_io.columns import header
from backend.models import Absence, Allocation, AuditEvent, Child, Family, Unit, Worker

COUNTED = (Worker, Family, Child, Allocation, Absence, AuditEvent)


def csv_file(kind: str, rows: list[dict], *, bom: bool = False) -> bytes:
    """A file of `kind` whose rows give some columns (the rest blank)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header(kind))
    for row in rows:
        writer.writerow([row.get(column, "") for column in header(kind)])
    return (b"\xef\xbb\xbf" if bom else b"") + out.getvalue().encode("utf-8")


def database_state(engine) -> dict[str, int]:
    """Rows per table an import writes to, and the sum of unit, worker and family versions."""
    with Session(engine) as session:
        state = {model.__name__: session.scalar(select(func.count()).select_from(model)) for model in COUNTED}
        for model in (Unit, Worker, Family):
            state[f"{model.__name__} versions"] = session.scalar(select(func.sum(model.version)))
    return state
