"""The holders a manager may choose for a family by hand: one choice per worker or pod, with the
load before and after and every rule that stops them. The workers' choices are made with the
optimizer's pair rules (services/planning/choices.py); a pod's choice is made here from the picture of
the day (backend/holding.py) and its members' pair rules."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from backend.models import Family, Worker
from backend.services.council_picture import CouncilPicture


@dataclass(frozen=True)
class AllocationChoice:
    """One worker of the team, or one pod that holds families, as the family's key holder: the load
    before and after, and every rule that stops them taking it (the optimizer's own pair rules, in
    its words). A pod's choice names the pod (`pod_id`, its name in `worker_name`), its load against
    its present members' capacity and the children its consultants would be accountable for."""

    worker_id: int | None
    worker_name: str
    capacity: float
    before: float
    after: float
    above_surge_limit: bool
    current: bool
    away_until: date | None
    blocked: tuple[str, ...]
    pod_id: int | None = None
    children_before: int | None = None
    children_after: int | None = None
    children_limit: float | None = None


def key_holder(caseload: CouncilPicture, family_id: int) -> dict:
    """The family's key holder on the picture's date, for an audit event: a pod by name, or a worker."""
    if family_id in caseload.key_pod:
        return pod_holder(caseload, caseload.key_pod[family_id])
    worker_id = caseload.key_worker.get(family_id)
    return {
        "key_worker_id": worker_id,
        "key_worker": caseload.workers[worker_id].name if worker_id in caseload.workers else None,
    }


def pod_holder(caseload: CouncilPicture, pod_id: int) -> dict:
    return {"key_pod_id": pod_id, "key_pod": caseload.units[pod_id].name}


def _member_rules(caseload: CouncilPicture, pod, name: str, member_rules: Callable[[Worker], list[str]]) -> list[str]:
    blocked = []
    if not pod.consultants:
        blocked.append(f"no consultant of {name} is at work to be accountable for it")
    leads = {m: member_rules(caseload.workers[m]) for m in pod.present}
    if not any(not reasons for reasons in leads.values()):
        why = sorted({reason for reasons in leads.values() for reason in reasons})
        blocked.append(f"nobody in {name} at work may lead it" + (f": {'; '.join(why)}" if why else ""))
    return blocked


def pod_choices(
    caseload: CouncilPicture,
    family: Family,
    pod_rules: Callable[[int], list[str] | None],
    member_rules: Callable[[Worker], list[str]],
    team_scope: set[int],
) -> list[AllocationChoice]:
    """Each pod of the team that holds families as the family's holder. It may take the family when
    the optimizer's pair rules for the pod as one holder allow it (`pod_rules`: a consultant at work
    to be accountable, a member who may lead it, skills, scope) and its consultants would stay within
    their children limit; above the surge limit only with a reason, as for a worker. Where the
    optimizer does not know pods as holders (`pod_rules` gives None), the pod needs a consultant at
    work and a member at work whom the worker rules (`member_rules`) let lead it."""
    settings, choices = caseload.settings, []
    children = len(caseload.statuses.get(family.id, []))
    points = caseload.points[family.id]
    for pod_id, pod in sorted(caseload.pods.items(), key=lambda p: caseload.units[p[0]].name):
        if pod_id not in team_scope:
            continue
        name = caseload.units[pod_id].name
        current = caseload.key_pod.get(family.id) == pod_id
        after = pod.load + (0 if current else points)
        children_after = pod.children + (0 if current else children)
        blocked = pod_rules(pod_id)
        if blocked is None:
            blocked = _member_rules(caseload, pod, name, member_rules)
        if pod.children_limit is not None and children_after > pod.children_limit and not current:
            blocked.append(
                f"{name}'s consultants would be accountable for {children_after} children, above their "
                f"limit of {pod.children_limit:g}"
            )
        choices.append(
            AllocationChoice(
                worker_id=None,
                worker_name=name,
                capacity=pod.capacity,
                before=pod.load,
                after=round(after, 2),
                above_surge_limit=after > pod.capacity * settings.surge_limit,
                current=current,
                away_until=None,
                blocked=() if current else tuple(blocked),
                pod_id=pod_id,
                children_before=pod.children,
                children_after=children_after,
                children_limit=pod.children_limit,
            )
        )
    return choices
