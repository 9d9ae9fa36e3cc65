"""The holders a manager may choose for a family by hand, judged by the optimizer's own pair rules
(the pods' side is services/allocation_choices.py)."""

from datetime import date

from sqlmodel import Session

from backend.holding import units_in_scope
from backend.models import Family, Unit
from backend.services.allocation_choices import AllocationChoice, pod_choices
from backend.services.council_picture import load_council_picture
from backend.services.planning.names import named
from backend.services.planning.plans import PlanningError, team_snapshot


def allocation_choices(session: Session, family: Family, on: date) -> tuple[Unit, list[AllocationChoice]]:
    """Each case holder of the family's unit (a team with its pods, or one pod) as its key worker,
    with a before/after load preview. Never wider than the unit: a pod's manager chooses within the pod."""
    from optimizer.contract import parse_snapshot
    from optimizer.problem import loads_before
    from optimizer.rules import Context, blocking_rules
    from optimizer.types import SCALE

    team = session.get(Unit, family.unit_id)
    if team is None:
        raise PlanningError(f"{family.name} has no unit")
    snapshot, workers, _ = team_snapshot(session, family.unit_id, question="recommend", on=on)
    ctx = Context.of(parse_snapshot(snapshot))
    wanted = ctx.families.get(family.code)
    if wanted is None:
        raise PlanningError(f"{family.name} is not open on {on:%d %b %Y}")
    before = loads_before(ctx.snapshot)
    worker_by_code = {w["code"]: w for w in workers}
    caseload = load_council_picture(session, on)
    words = named(
        {**{c: w["name"] for c, w in worker_by_code.items()}, **{u.code: u.name for u in caseload.units.values()}}
    )

    def pod_rules(pod_id: int) -> list[str] | None:
        """The optimizer's rules for the pod as one holder (None while it does not know pods as holders)."""
        holder = ctx.workers.get(caseload.units[pod_id].code)
        return None if holder is None else [words(reason) for _, reason in blocking_rules(ctx, wanted, holder)]

    choices = pod_choices(
        caseload,
        family,
        pod_rules,
        lambda member: [words(r) for _, r in blocking_rules(ctx, wanted, ctx.workers[member.code])],
        team_scope=units_in_scope(caseload.units.values(), [family.unit_id]),
    )
    held_as_pods = [w for w in ctx.snapshot.workers if w.id in worker_by_code]  # pods are offered above
    for worker in sorted(held_as_pods, key=lambda w: worker_by_code[w.id]["name"]):
        if worker_by_code[worker.id]["id"] in caseload.pod_of:  # a holding pod's members take work as the pod
            continue
        current = worker.id == wanted.worker
        after = before[worker.id] + (0 if worker.id == wanted.carrier else wanted.points)
        choices.append(
            AllocationChoice(
                worker_id=worker_by_code[worker.id]["id"],
                worker_name=worker_by_code[worker.id]["name"],
                capacity=worker.capacity / SCALE,
                before=before[worker.id] / SCALE,
                after=after / SCALE,
                above_surge_limit=after > ctx.surge_cap(worker),
                current=current,
                away_until=worker.absent_until,
                blocked=() if current else tuple(reason for _, reason in blocking_rules(ctx, wanted, worker)),
            )
        )
    return team, choices
