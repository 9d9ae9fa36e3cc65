"""CSV exports of the caseload picture on a day: every open family's current key allocation (and
cover), and every worker's load. A person sees what the API shows them: a team manager their team (and its
pods), senior leaders and admins everything; social workers get no exports.

Text that a spreadsheet would run as a formula (starting = + - @) is prefixed with an apostrophe."""

import csv
import io
from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlmodel import Session

from backend.models import User, UserRole
from backend.services import audit
from backend.services.access import AccessScope, scope_for, visible_subtree
from backend.services.council_picture import CouncilPicture, load_council_picture
from backend.services.read_models import worker_view

EXPORTS = ("allocations", "loads")
ALLOCATION_COLUMNS = (
    "family_code",
    "family_name",
    "team",
    "team_name",
    "key_worker",
    "key_worker_name",
    "allocated_since",
    "received_on",
    "children",
    "child_statuses",
    "flags",
    "points",
    "cover_worker",
    "cover_worker_name",
    "cover_until",
    "key_pod",
    "key_pod_name",
)
LOAD_COLUMNS = (
    "code",
    "name",
    "role",
    "team",
    "team_name",
    "fte",
    "agency",
    "capacity",
    "load",
    "ratio",
    "band",
    "families",
    "children",
    "absent_until",
    "covering",
)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class ExportNotAllowed(PermissionError):
    """Social workers see their own families only: no exports."""


def export_cell(value: Any) -> Any:
    """A value as a spreadsheet should show it (never as a formula)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple)):
        value = ";".join(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return getattr(value, "value", value)


def _csv(columns: Iterable[str], rows: Iterable[Iterable[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    writer.writerows([export_cell(v) for v in row] for row in rows)
    return out.getvalue()


def _allocation_rows(caseload: CouncilPicture, access: AccessScope, scope: set[int] | None):
    for family in caseload.open_rows():
        if not access.sees_family(caseload, family.id) or (scope is not None and family.unit_id not in scope):
            continue
        unit = caseload.units[family.unit_id]
        worker = caseload.worker_row(caseload.key_worker.get(family.id))
        pod = caseload.unit_row(caseload.key_pod.get(family.id))  # a pod holding the family (issue 11)
        cover = caseload.worker_row(caseload.cover_worker.get(family.id))
        statuses = caseload.statuses.get(family.id, [])
        yield (
            family.code,
            family.name,
            unit.code,
            unit.name,
            worker.code if worker else None,
            worker.name if worker else None,
            caseload.key_since.get(family.id) if worker or pod else None,
            family.received_on,
            len(statuses),
            sorted(statuses),
            family.flags,
            round(caseload.points[family.id], 2),
            cover.code if cover else None,
            cover.name if cover else None,
            caseload.cover_until.get(family.id),
            pod.code if pod else None,
            pod.name if pod else None,
        )


def _load_rows(session: Session, caseload: CouncilPicture, access: AccessScope, scope: set[int] | None):
    for worker in sorted(caseload.workers.values(), key=lambda w: w.code):
        if not access.sees_worker(caseload, worker.id) or (scope is not None and worker.unit_id not in scope):
            continue
        view = worker_view(caseload, worker.id)
        unit = caseload.units[worker.unit_id]
        yield (
            view.code,
            view.name,
            view.role,
            unit.code,
            unit.name,
            view.fte,
            view.agency,
            view.capacity,
            view.load,
            view.load_ratio,
            view.band,
            view.families,
            view.children,
            view.absent_until,
            view.covering,
        )


def export_csv(
    session: Session, name: str, user: User | None, unit_id: int | None = None, on: date | None = None
) -> str:
    """The export `name` (allocations or loads) as CSV text, of the unit and those below it when
    `unit_id` is given. `user` None is the system (the command line): everything. Who exported
    what is audited (personal data leaving Keel), committed here. Raises
    ExportNotAllowed for social workers and UnitNotVisible for a unit the user may not see."""
    if name not in EXPORTS:
        raise ValueError(f"unknown export {name!r}: {', '.join(EXPORTS)}")
    caseload, access, scope = export_scope(session, user, unit_id, on)
    if name == "allocations":
        text = _csv(ALLOCATION_COLUMNS, _allocation_rows(caseload, access, scope))
    else:
        text = _csv(LOAD_COLUMNS, _load_rows(session, caseload, access, scope))
    record_export(session, user, name, unit_id, caseload)
    return text


def export_scope(
    session: Session, user: User | None, unit_id: int | None, on: date | None = None
) -> tuple[CouncilPicture, AccessScope, set[int] | None]:
    """The picture, the user's access and the units an export covers (None: every unit the user
    sees). Raises ExportNotAllowed for social workers, UnitNotVisible for a unit they may not see."""
    caseload = load_council_picture(session, on or date.today())
    access = scope_for(user, caseload) if user else AccessScope(UserRole.admin, None)
    if access.role == UserRole.social_worker:
        raise ExportNotAllowed()
    return caseload, access, visible_subtree(caseload, access, unit_id)


def record_export(
    session: Session, user: User | None, name: str, unit_id: int | None, caseload: CouncilPicture
) -> None:
    """Who exported what is audited (personal data leaving Keel), committed here."""
    audit.record(
        session, user, f"export.{name}", "export", None, after={"unit_id": unit_id, "on": caseload.on.isoformat()}
    )
    session.commit()
