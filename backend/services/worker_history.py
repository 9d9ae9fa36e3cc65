"""What a social worker may read of the changes around them: their own record, their absences, and a
family's changes only while they held it (as key worker, cover or co-worker).

A holding starts when the allocation row that names the worker is written and ends when the next
row of the same kind for that family is written (or, for cover, when its end date passes). The
change that ended the holding ("moved to another worker") is still theirs to see; nothing after it
is, whatever team the family went to."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import and_, or_, select
from sqlmodel import Session, col

from backend.models import Absence, Allocation, AuditEvent
from backend.schemas.workers import Change, MyCaseload
from backend.services.council_picture import CouncilPicture, load_council_picture
from backend.services.read_models import band_limits, family_view, worker_view

SAME_TRANSACTION = timedelta(seconds=5)  # an allocation row and its audit event are written together
RECENT_CHANGES = 30


@dataclass(frozen=True)
class Holding:
    family_id: int
    starts: datetime
    ends: datetime | None  # None: still held

    def covers(self, at: datetime) -> bool:
        return self.starts - SAME_TRANSACTION <= at and (self.ends is None or at <= self.ends)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def holdings(session: Session, worker_id: int) -> list[Holding]:
    """Every period in which the worker held a family, from the append-only allocation history."""
    families = select(col(Allocation.family_id)).where(col(Allocation.worker_id) == worker_id)
    rows = session.scalars(
        select(Allocation)
        .where(col(Allocation.family_id).in_(families))
        .order_by(col(Allocation.family_id), col(Allocation.created_at), col(Allocation.id))
    ).all()
    by_family_kind: dict[tuple[int, str], list[Allocation]] = defaultdict(list)
    for row in rows:
        by_family_kind[(row.family_id, row.kind.value)].append(row)
    found = []
    for (family_id, _kind), history in by_family_kind.items():
        for row, following in zip(history, history[1:] + [None]):
            if row.worker_id != worker_id:
                continue
            ends = _aware(following.created_at) if following is not None else None
            if row.ends_on is not None:
                lapse = datetime.combine(row.ends_on, time.max, tzinfo=timezone.utc)
                ends = lapse if ends is None else min(ends, lapse)
            found.append(Holding(family_id, _aware(row.created_at), ends))
    return found


def _family_events_while_held(session: Session, held: list[Holding]) -> list[AuditEvent]:
    by_family: dict[int, list[Holding]] = defaultdict(list)
    for holding in held:
        by_family[holding.family_id].append(holding)
    if not by_family:
        return []
    events = session.scalars(
        select(AuditEvent)
        .where(col(AuditEvent.entity) == "family", col(AuditEvent.entity_id).in_(by_family))
        .order_by(col(AuditEvent.at), col(AuditEvent.id))
    ).all()
    seen = []
    for holding_list in by_family.values():
        family_events = [e for e in events if e.entity_id == holding_list[0].family_id]
        for holding in holding_list:
            inside = [e for e in family_events if holding.covers(_aware(e.at))]
            if holding.ends is not None:  # the change that ended the holding, and nothing after it
                ending = next(
                    (e for e in family_events if _aware(e.at) > holding.ends and e.action.startswith("allocation.")),
                    None,
                )
                if ending is not None and _aware(ending.at) - holding.ends <= SAME_TRANSACTION:
                    inside.append(ending)
            seen.extend(inside)
    return list({e.id: e for e in seen}.values())


def changes_for_worker(session: Session, worker_id: int, limit: int = RECENT_CHANGES) -> list[AuditEvent]:
    """The latest changes a social worker may read: families while they held them, their own record,
    their absences. Newest first."""
    own = session.scalars(
        select(AuditEvent)
        .where(
            or_(
                and_(col(AuditEvent.entity) == "worker", col(AuditEvent.entity_id) == worker_id),
                and_(
                    col(AuditEvent.entity) == "absence",
                    col(AuditEvent.entity_id).in_(select(col(Absence.id)).where(col(Absence.worker_id) == worker_id)),
                ),
            )
        )
        .order_by(col(AuditEvent.at).desc(), col(AuditEvent.id).desc())
        .limit(limit)
    ).all()
    families = _family_events_while_held(session, holdings(session, worker_id))
    merged = sorted([*own, *families], key=lambda e: (_aware(e.at), e.id), reverse=True)
    return merged[:limit]


def my_caseload(session: Session, worker_id: int, today: date) -> MyCaseload:
    """A worker's own view: their families (and their pod's), cover, load and what changed and why."""
    caseload = load_council_picture(session, today)
    mine = caseload.families_of(worker_id) + caseload.pod_families(worker_id)
    return MyCaseload(
        worker=worker_view(caseload, worker_id),
        families=[family_view(caseload, f) for f in mine],
        covering=[family_view(caseload, f) for f in caseload.covered_by(worker_id)],
        band_limits=band_limits(caseload.settings),
        changes=[_change(e, caseload) for e in changes_for_worker(session, worker_id)],
    )


def _change(event: AuditEvent, caseload: CouncilPicture) -> Change:
    family = event.entity_id if event.entity == "family" else None
    edited = sorted(event.after) if event.action.endswith(".update") and event.after else []
    return Change(
        at=event.at,
        action=event.action,
        family_id=family,
        reason=event.reason,
        actor=event.actor,
        family_name=caseload.families[family].name if family in caseload.families else None,
        fields=edited,
    )
