"""The list answers of the read routes (workers, families, absences, units), each worked out from a
council picture for one caller. Their own routes and the team board (`GET /api/units/{id}/board`)
both serve them, so a board shows exactly what the separate lists show."""

from collections.abc import Callable, Mapping
from datetime import date

from sqlmodel import Session

from backend.api.deps import Page
from backend.api.scoping import unit_filter
from backend.models import Role, Unit, UnitKind, User
from backend.schemas.absences import AbsencesPublic
from backend.schemas.families import FamiliesPublic
from backend.schemas.units import UnitsPublic, UnitSummary
from backend.schemas.workers import WorkersPublic
from backend.services.absences import absence_views
from backend.services.access import UnitTree, scope_for
from backend.services.council_picture import CouncilPicture
from backend.services.read_models import band_limits, family_view, worker_view
from backend.workload import STATUTORY_STATUSES


def workers_list(
    caseload: CouncilPicture, user: User, page: Page, unit_id: int | None, role: Role | None, band: str | None
) -> WorkersPublic:
    access = scope_for(user, caseload)
    scope = unit_filter(caseload, access, unit_id)
    workers = sorted(caseload.workers.values(), key=lambda w: w.code)
    workers = [
        w
        for w in workers
        if access.sees_worker(caseload, w.id)
        and (scope is None or w.unit_id in scope)
        and (role is None or w.role == role)
        and (band is None or caseload.band(w.id) == band)
    ]
    chosen = workers[page.offset : page.offset + page.limit]
    return WorkersPublic(
        data=[worker_view(caseload, w.id) for w in chosen],
        count=len(workers),
        band_limits=band_limits(caseload.settings),
    )


def families_list(
    caseload: CouncilPicture,
    user: User,
    page: Page,
    unit_id: int | None,
    worker_id: int | None,
    unallocated: bool | None,
    order: str,
) -> FamiliesPublic:
    access = scope_for(user, caseload)
    scope = unit_filter(caseload, access, unit_id)
    families = caseload.open_rows()
    if order == "queue":
        families.sort(key=lambda f: (not STATUTORY_STATUSES & set(caseload.statuses.get(f.id, [])), f.received_on))
    families = [
        f
        for f in families
        if access.sees_family(caseload, f.id)
        and (scope is None or f.unit_id in scope)
        and (worker_id is None or caseload.key_worker.get(f.id) == worker_id)
        and (unallocated is None or caseload.is_unallocated(f.id) == unallocated)
    ]
    chosen = families[page.offset : page.offset + page.limit]
    return FamiliesPublic(data=[family_view(caseload, f.id) for f in chosen], count=len(families))


def absences_list(
    session: Session, caseload: CouncilPicture, user: User, unit_id: int | None, today: date
) -> AbsencesPublic:
    access = scope_for(user, caseload)
    scope = unit_filter(caseload, access, unit_id)
    workers = {
        w.id
        for w in caseload.workers.values()
        if access.sees_worker(caseload, w.id) and (scope is None or w.unit_id in scope)
    }
    rows = absence_views(session, caseload, workers, today)
    return AbsencesPublic(data=rows, count=len(rows))


def units_list(
    units: Mapping[int, Unit],
    tree: UnitTree,
    user: User,
    page: Page,
    kind: UnitKind | None,
    parent_id: int | None,
    summaries: Callable[[list[int]], list[UnitSummary]],
) -> UnitsPublic:
    """The units the user sees (`tree` says which are below which), by code, with `summaries` of them."""
    scope = scope_for(user, tree)
    rows = sorted((u for u in units.values() if scope.sees_unit(u.id)), key=lambda u: u.code)
    if kind is not None:
        rows = [u for u in rows if u.kind == kind]
    if parent_id is not None:
        rows = [u for u in rows if u.parent_id == parent_id]
    return UnitsPublic(data=summaries([u.id for u in rows[page.offset : page.offset + page.limit]]), count=len(rows))
