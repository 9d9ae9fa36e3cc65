"""Turn the caseload picture into the API's read views. Every figure comes from the picture's state
(backend/holding.py); nothing here works out who holds what."""

from datetime import date
from functools import partial

from sqlalchemy import select
from sqlmodel import Session, col

from backend.holding import is_case_holder
from backend.models import AbsenceKind, Child
from backend.schemas.bands import BandCounts, BandLimits
from backend.schemas.families import AllocationPublic, ChildPublic, FamilyDetail, FamilyPublic
from backend.schemas.units import UnitSummary
from backend.schemas.workers import WorkerDetail, WorkerLoadPublic
from backend.census.sickness import NATIONAL_SICKNESS_RATE, unit_sickness_rates
from backend.services.allocations import history
from backend.services.council_picture import CouncilPicture, pictures_for_units
from backend.services import warming
from backend.services.shared_cache import SharedCache, versions_of
from backend.services.state import UnitStamps, unit_stamps
from backend.services.visit_records import visit_due
from backend.workload import STATUTORY_STATUSES, WorkloadSettings

__all__ = [
    "band_limits",
    "family_detail",
    "family_view",
    "is_case_holder",
    "unit_summaries",
    "unit_summary",
    "worker_detail",
    "worker_view",
]


def band_limits(settings: WorkloadSettings) -> BandLimits:
    return BandLimits(
        green_below=settings.green_below, amber_up_to=settings.amber_up_to, surge_limit=settings.surge_limit
    )


def unit_summary(caseload: CouncilPicture, unit_id: int) -> UnitSummary:
    unit = caseload.units[unit_id]
    scope = caseload.subtree(unit_id)
    workers = sorted(w.id for w in caseload.workers.values() if w.unit_id in scope)
    holders = [w for w in workers if w in caseload.case_holders]
    figures = caseload.unit_load(workers, scope & caseload.pods.keys())
    bands = BandCounts()
    for worker_id in holders:
        name = caseload.band(worker_id)
        setattr(bands, name, getattr(bands, name) + 1)
    unallocated = [caseload.families[f] for f in caseload.unallocated() if caseload.families[f].unit_id in scope]
    away = [w for w in holders if w in caseload.away]
    return UnitSummary(
        id=unit.id,
        code=unit.code,
        name=unit.name,
        kind=unit.kind,
        parent_id=unit.parent_id,
        workers=len(workers),
        case_holders=figures.case_holders,
        present=figures.present,
        capacity=figures.capacity,
        load=figures.load,
        load_ratio=figures.load_ratio,
        establishment_capacity=figures.establishment,
        establishment_ratio=figures.establishment_ratio,
        bands=bands,
        band_limits=band_limits(caseload.settings),
        away=len(away),
        uncovered_families=sum(len(caseload.uncovered(w)) for w in away),
        unallocated_families=len(unallocated),
        unallocated_points=round(sum(caseload.points[f.id] for f in unallocated), 2),
        oldest_unallocated_received=min((f.received_on for f in unallocated), default=None),
        over_capacity=sum(1 for w in holders if caseload.load[w] > caseload.capacity[w]),
        agency_share=round(sum(caseload.workers[w].agency for w in holders) / len(holders), 4) if holders else None,
        allocates_to=unit.allocates_to,
        **_pod_figures(caseload, unit_id),
        **_sickness(caseload, unit_id, scope),
    )


CACHED_SUMMARIES = 512
_summaries: SharedCache[UnitSummary] = SharedCache(CACHED_SUMMARIES, same=versions_of(2))  # (unit, date, stamp)


def unit_summaries(session: Session, on: date, unit_ids: list[int], stamps: UnitStamps) -> list[UnitSummary]:
    """Each unit's summary on `on`, kept while the stamp of the unit and the units below it stands
    (and worked out again as a change to them commits: services.warming); worked out from a
    picture covering the unit (services.council_picture: a kept picture while the unit's stamp
    stands, else the unit's own, or the council's when every unit must be worked out)."""
    keys = {u: (u, on, stamps.of(u)) for u in unit_ids}
    found = {u: _summaries.cached(key) for u, key in keys.items()}
    missing = [u for u, summary in found.items() if summary is None]
    pictures = pictures_for_units(session, on, missing, stamps) if missing else {}
    for u in unit_ids:
        if found[u] is None:
            found[u] = _summaries.get(keys[u], partial(_summary_of, pictures, u))
        warming.remember("summary", u, on, partial(_summary_again, u, on))
    return [summary for u in unit_ids if (summary := found[u]) is not None]


def _summary_of(pictures: dict[int, CouncilPicture], unit_id: int, _flight: object) -> UnitSummary:
    return unit_summary(pictures[unit_id], unit_id)


def _summary_again(unit_id: int, on: date) -> warming.WorkOut:
    return lambda session: unit_summaries(session, on, [unit_id], unit_stamps(session))


def _pod_figures(caseload: CouncilPicture, unit_id: int) -> dict:
    """A holding pod's own figures (backend/holding.py: PodLoad); nothing for other units."""
    pod = caseload.pods.get(unit_id)
    if pod is None:
        return {}
    return {
        "holds_families": True,
        "pod_families": len(pod.families),
        "children_accountable": pod.children,
        "children_limit": pod.children_limit,
        "consultants_present": len(pod.consultants),
    }


def _sickness(caseload: CouncilPicture, unit_id: int, scope: set[int]) -> dict:
    """The unit's sickness rate in the forecast: from the workforce census when its workers have days."""
    rates = unit_sickness_rates({unit_id: scope}, caseload.workers.values())
    if unit_id in rates:
        return {"sickness_rate": round(rates[unit_id], 4), "sickness_rate_from": "workforce census"}
    return {"sickness_rate": NATIONAL_SICKNESS_RATE, "sickness_rate_from": "national default"}


def worker_view(caseload: CouncilPicture, worker_id: int) -> WorkerLoadPublic:
    worker = caseload.workers[worker_id]
    families = caseload.families_of(worker_id)
    away = caseload.away.get(worker_id)
    return WorkerLoadPublic(
        **worker.model_dump(exclude={"version"}),
        capacity=round(caseload.capacity[worker_id], 2),
        load=round(caseload.load[worker_id], 2),
        load_ratio=caseload.ratio(worker_id),
        band=caseload.band(worker_id),
        families=len(families),
        children=sum(len(caseload.statuses.get(f, [])) for f in families),
        absent_until=away.until if away else None,
        absence_kind=AbsenceKind(away.kind) if away else None,
        absence_id=away.absence_id if away else None,
        employed=worker_id in caseload.employed,
        presence=caseload.presence(worker),
        case_holder=worker_id in caseload.case_holders,
        covering=len(caseload.covered_by(worker_id)),
        uncovered=len(caseload.uncovered(worker_id)) if away else 0,
        **_pod_share(caseload, worker_id),
    )


def _pod_share(caseload: CouncilPicture, worker_id: int) -> dict:
    """A holding pod's member: the pod, its families and the member's share of its load."""
    pod = caseload.holding_pod(worker_id)
    if pod is None:
        return {}
    share = round(caseload.load[worker_id] / pod.load, 4) if pod.load else None
    return {
        "pod_id": pod.pod_id,
        "pod_name": caseload.units[pod.pod_id].name,
        "pod_families": len(pod.families),
        "pod_share": share,
    }


def _name(caseload: CouncilPicture, worker_id: int | None) -> str | None:
    return caseload.workers[worker_id].name if worker_id in caseload.workers else None


def family_view(caseload: CouncilPicture, family_id: int) -> FamilyPublic:
    family = caseload.families[family_id]
    worker_id = caseload.key_worker.get(family_id)
    cover_id = caseload.cover_worker.get(family_id)
    pod_id = caseload.key_pod.get(family_id)
    statuses = caseload.statuses.get(family_id, [])
    return FamilyPublic(
        **family.model_dump(exclude={"version"}),
        statuses=statuses,
        children=len(statuses),
        points=round(caseload.points[family_id], 2),
        key_worker_id=worker_id,
        key_worker_name=_name(caseload, worker_id),
        cover_worker_id=cover_id,
        pod_id=pod_id,
        pod_name=caseload.units[pod_id].name if pod_id in caseload.units else None,
        cover_worker_name=_name(caseload, cover_id),
        cover_until=caseload.cover_until.get(family_id),
        statutory=bool(STATUTORY_STATUSES & set(statuses)),
        visit_due=visit_due(caseload, family_id),
    )


def family_detail(session: Session, caseload: CouncilPicture, family_id: int) -> FamilyDetail:
    children = session.scalars(select(Child).where(col(Child.family_id) == family_id).order_by(col(Child.id)))
    rows = history(session, family_id)
    return FamilyDetail(
        **family_view(caseload, family_id).model_dump(),
        child_list=[ChildPublic(**c.model_dump(exclude={"family_id"})) for c in children],
        history=[
            AllocationPublic(
                id=a.id,
                worker_id=a.worker_id,
                kind=a.kind.value,
                starts_on=a.starts_on,
                ends_on=a.ends_on,
                reason=a.reason,
                worker_name=_name(caseload, a.worker_id),
            )
            for a in rows
        ],
    )


def worker_detail(caseload: CouncilPicture, worker_id: int) -> WorkerDetail:
    return WorkerDetail(
        **worker_view(caseload, worker_id).model_dump(),
        family_list=[
            family_view(caseload, f) for f in caseload.families_of(worker_id) + caseload.pod_families(worker_id)
        ],
        covering_list=[family_view(caseload, f) for f in caseload.covered_by(worker_id)],
    )
