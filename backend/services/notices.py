"""Which e-mail notices are due, in words a person reads (docs/notifications.md):
- a worker: a family allocated to them (key), their cover of a family starting or ending;
- a manager: an away worker of their unit whose families have no cover (once per absence), and
  each morning the statutory families of their unit left without a worker today.
Each notice has a key naming what it is about, so it is decided once (services/notification_jobs)."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import select
from sqlmodel import Session, col

from backend.models import Allocation, AllocationKind, NotificationChoices, User, UserRole
from backend.services.absences import families_without_cover
from backend.services.council_picture import CouncilPicture, load_council_picture
from backend.workload import STATUTORY_STATUSES

RECENT = timedelta(days=1)  # allocations made this long ago or less are told (older ones were, or are history)
ENDED_WITHIN_DAYS = 3  # a cover that ended this many days ago or less is told
MAX_LISTED = 20  # families named in one message; the rest are counted


@dataclass(frozen=True)
class Draft:
    key: str
    user_id: int
    topic: str  # allocations | cover | uncovered | daily (the NotificationChoices choice)
    to: str
    subject: str
    body: str


def _day(value: date) -> str:
    return f"{value.day} {value:%b %Y}"


def _listed(lines: list[str]) -> str:
    shown = "\n".join(f"- {line}" for line in lines[:MAX_LISTED])
    more = len(lines) - MAX_LISTED
    return shown + (f"\n- and {more} more" if more > 0 else "")


def due(session: Session, today: date, now: datetime, daily_hour: int) -> list[Draft]:
    """Every notice due now for people who chose it and gave an address (some may have been sent)."""
    chosen = {s.user_id: s for s in session.scalars(select(NotificationChoices)) if s.email.strip()}
    if not chosen:
        return []
    users = {u.id: u for u in session.scalars(select(User).where(col(User.id).in_(list(chosen)), col(User.active)))}
    picture = load_council_picture(session, today)
    drafts = _worker_notices(session, picture, users, chosen, today, now)
    for user in users.values():
        if user.role == UserRole.team_manager and user.unit_id in picture.units:
            drafts += _manager_notices(picture, user, chosen[user.id], today, now.astimezone().hour >= daily_hour)
    return drafts


def _worker_notices(
    session: Session,
    picture: CouncilPicture,
    users: dict[int, User],
    chosen: dict[int, NotificationChoices],
    today: date,
    now: datetime,
) -> list[Draft]:
    by_worker = {u.worker_id: u for u in users.values() if u.worker_id is not None}
    if not by_worker:
        return []
    since = now - RECENT
    rows = session.scalars(
        select(Allocation)
        .where(
            col(Allocation.worker_id).in_(list(by_worker)),
            col(Allocation.kind).in_((AllocationKind.key, AllocationKind.cover)),
            (col(Allocation.created_at) >= since)
            | (
                (col(Allocation.kind) == AllocationKind.cover)
                & (col(Allocation.ends_on) >= today - timedelta(days=ENDED_WITHIN_DAYS))
                & (col(Allocation.ends_on) < today)
            ),
        )
        .order_by(col(Allocation.id))
    ).all()
    drafts = []
    for row in rows:
        assert row.worker_id is not None  # the query asks for these workers' allocations
        user, family = by_worker[row.worker_id], picture.families.get(row.family_id)
        settings = chosen[user.id]
        if family is None:
            continue
        name = f"{family.name} ({family.code})"
        created = row.created_at if row.created_at.tzinfo else row.created_at.replace(tzinfo=timezone.utc)
        if row.kind == AllocationKind.key and created >= since and settings.allocations:
            reason = f"\nReason: {row.reason}" if row.reason else ""
            drafts.append(
                Draft(
                    f"allocation:{row.id}",
                    user.id,
                    "allocations",
                    settings.email,
                    f"Keel: {family.name} is allocated to you",
                    f"{name} is allocated to you as key worker from {_day(row.starts_on)}.{reason}",
                )
            )
        elif row.kind == AllocationKind.cover and settings.cover:
            key_worker = picture.worker_row(picture.key_worker.get(row.family_id))
            whose = f" while {key_worker.name} is away" if key_worker else ""
            until = f" to {_day(row.ends_on)}" if row.ends_on else ""
            if created >= since:
                drafts.append(
                    Draft(
                        f"cover-start:{row.id}",
                        user.id,
                        "cover",
                        settings.email,
                        f"Keel: you are covering {family.name}",
                        f"You cover {name} from {_day(row.starts_on)}{until}{whose}.",
                    )
                )
            if row.ends_on is not None and row.ends_on < today:
                drafts.append(
                    Draft(
                        f"cover-end:{row.id}",
                        user.id,
                        "cover",
                        settings.email,
                        f"Keel: your cover of {family.name} has ended",
                        f"Your cover of {name} ended on {_day(row.ends_on)}.",
                    )
                )
    return drafts


def _manager_notices(
    picture: CouncilPicture, manager: User, settings: NotificationChoices, today: date, morning: bool
) -> list[Draft]:
    if manager.unit_id is None:  # a team manager's account names their unit (services/users.py)
        return []
    units = picture.subtree(manager.unit_id)
    workers = [w for w in picture.workers.values() if w.unit_id in units]
    drafts = []
    if settings.uncovered:
        for worker in workers:
            away = picture.away.get(worker.id)
            without = families_without_cover(picture, worker.id) if away else []
            if away and without:
                lines = [f"{f.name}{' (statutory)' if f.statutory else ''}" for f in without]
                drafts.append(
                    Draft(
                        f"uncovered:{manager.id}:{worker.id}:{away.absence_id}:{away.until}",
                        manager.id,
                        "uncovered",
                        settings.email,
                        f"Keel: {len(without)} of {worker.name}'s families have no cover",
                        f"{worker.name} is away until {_day(away.until)}. These families have no cover:\n"
                        f"{_listed(lines)}\n\nAsk Keel for a cover plan on the team's board.",
                    )
                )
    if settings.daily and morning:
        lines = []
        for family in sorted((picture.families[f] for f in picture.open_families), key=lambda f: f.received_on):
            if family.unit_id not in units or not STATUTORY_STATUSES & set(picture.statuses.get(family.id, [])):
                continue
            key_worker = picture.key_worker.get(family.id)
            if key_worker is None:
                lines.append(f"{family.name}: no worker, waiting {(today - family.received_on).days} days")
            elif key_worker in picture.away and family.id not in picture.cover_worker:
                lines.append(f"{family.name}: {picture.workers[key_worker].name} is away, no cover")
        if lines:
            drafts.append(
                Draft(
                    f"daily:{manager.id}:{today.isoformat()}",
                    manager.id,
                    "daily",
                    settings.email,
                    f"Keel: {len(lines)} statutory families without a worker today",
                    f"Child protection, looked-after and private fostering families of your unit with nobody "
                    f"to see them today:\n{_listed(lines)}",
                )
            )
    return drafts
