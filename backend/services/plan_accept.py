"""Accepting a plan (all or some placements, with overrides): atomic, audited, and refused when stale.

Staleness is checked with compare-and-set on versions inside the transaction: the team's version
must still be the one the plan was made from (every allocation change in a team bumps it), and each
changed family's version must be unchanged. Two managers accepting conflicting plans at once: one
commits, the other gets a conflict and nothing of theirs is applied."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import update
from sqlmodel import Session

from backend.db import rows_matched
from backend.models import Allocation, AllocationKind, Family, Unit, User, Worker
from backend.services import audit
from backend.services.changes import bump_unit_versions
from backend.services.allocation_choices import key_holder, pod_holder
from backend.services.council_picture import load_council_picture
from backend.services.planning.plans import PlanBasis
from backend.holding import is_case_holder


class StalePlan(Exception):
    """The team changed since the plan was made."""


class InvalidAcceptance(ValueError):
    """The acceptance asks for something the plan or the rules do not allow; said in words."""


@dataclass(frozen=True)
class Override:
    family_id: int
    worker_id: int
    reason: str


def _compare_and_bump(session: Session, model, row_id: int, version: int) -> None:
    result = session.execute(
        update(model)
        .where(model.id == row_id, model.version == version)
        .values(version=version + 1)
        .execution_options(synchronize_session=False)
    )
    if rows_matched(result) != 1:
        raise StalePlan()


def _family_name(session: Session, family_id: int) -> str:
    family = session.get(Family, family_id)
    return f"{family.name} ({family.code})" if family else f"Family record {family_id}"


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def accept_plan(
    session: Session,
    *,
    user: User,
    job_id: str,
    basis: PlanBasis,
    plan: dict,
    families: list[int],
    overrides: list[Override],
    on: date,
) -> int:
    planned = {a["family_id"]: a for a in plan["assignments"]}
    unknown = [f for f in families if f not in planned]
    if unknown:
        names = ", ".join(_family_name(session, f) for f in unknown)
        raise InvalidAcceptance(f"Not placements of this plan: {names}")
    chosen: dict[int, tuple[int, str, str]] = {}
    pod_of: dict[int, int] = {}  # families the plan gives to a pod (the worker is its accountable consultant)
    for family_id in families:
        assignment = planned[family_id]
        why = "; ".join(assignment["reasons"][:2])
        chosen[family_id] = (assignment["worker_id"], f"Accepted Keel plan: {why}"[:500], "accept")
        if assignment.get("pod_id") is not None and basis.question != "cover":
            pod_of[family_id] = assignment["pod_id"]
    caseload = load_council_picture(session, on)
    team_scope = caseload.subtree(basis.unit_id)
    for worker_id, _, _ in chosen.values():  # the plan's own placements stay in the unit too
        if worker_id is not None and caseload.workers[worker_id].unit_id not in team_scope:
            raise InvalidAcceptance(f"{caseload.workers[worker_id].name} is not in the unit this plan is for")
    for pod_id in set(pod_of.values()):
        if pod_id not in team_scope or pod_id not in caseload.pods:
            raise InvalidAcceptance(
                f"{caseload.units[pod_id].name if pod_id in caseload.units else 'That pod'} "
                "is not a pod of this team that holds families"
            )
    for override in overrides:
        worker = session.get(Worker, override.worker_id)
        if worker is None or worker.unit_id not in team_scope or not is_case_holder(worker):
            who = f"{worker.name} ({worker.code})" if worker else f"Worker record {override.worker_id}"
            raise InvalidAcceptance(f"{who} is not a case holder of this team")
        if override.worker_id in caseload.away or override.worker_id not in caseload.employed:
            raise InvalidAcceptance(f"{worker.name} is not at work on {on:%d %b %Y}: choose a colleague who is")
        if override.family_id not in basis.family_versions:
            raise InvalidAcceptance(f"{_family_name(session, override.family_id)} is not part of this plan")
        if override.worker_id in caseload.pod_of:
            pod = caseload.units[caseload.pod_of[override.worker_id]]
            raise InvalidAcceptance(
                f"{worker.name} works in {pod.name}, which holds its families as a pod: "
                f"give the family to {pod.name} by hand instead"
            )
        chosen[override.family_id] = (override.worker_id, override.reason, "override")
        pod_of.pop(override.family_id, None)
    if not chosen:
        raise InvalidAcceptance("nothing to accept: choose at least one placement or override")

    _compare_and_bump(session, Unit, basis.unit_id, basis.unit_version)
    cover = basis.question == "cover"
    kind = AllocationKind.cover if cover else AllocationKind.key
    for family_id, (worker_id, reason, how) in sorted(chosen.items()):
        _compare_and_bump(session, Family, family_id, basis.family_versions[family_id])
        ends_on = basis.absence_end if cover else None
        starts_on = max(on, basis.absence_start) if cover and basis.absence_start else on
        to_pod = pod_of.get(family_id)
        session.add(
            Allocation(
                family_id=family_id,
                worker_id=None if to_pod else worker_id,
                pod_id=to_pod,
                kind=kind,
                starts_on=starts_on,
                ends_on=ends_on,
                reason=reason,
                decided_by_id=user.id,
                recommendation=job_id,
            )
        )
        if cover:  # the key worker is unchanged: the audit says who covers, and until when
            before = {
                "cover_worker_id": caseload.cover_worker.get(family_id),
                "cover_until": _iso(caseload.cover_until.get(family_id)),
            }
            after = {"cover_worker_id": worker_id, "cover_until": _iso(ends_on)}
        else:
            before = key_holder(caseload, family_id)
            after = pod_holder(caseload, to_pod) if to_pod else {"key_worker_id": worker_id}
        audit.record(
            session,
            user,
            f"allocation.{'cover' if cover and how == 'accept' else how}",
            "family",
            family_id,
            before=before,
            after=after,
            reason=reason,
        )
    # Plans made for the units these workers and families belong to (pods, teams, the service) are
    # now stale too: their loads changed.
    bump_unit_versions(
        session,
        {caseload.workers[w].unit_id for w, _, _ in chosen.values() if w is not None}
        | {caseload.families[f].unit_id for f in chosen if f in caseload.families}
        | set(pod_of.values()),
    )
    session.commit()
    return len(chosen)
