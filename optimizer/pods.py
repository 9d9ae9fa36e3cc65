"""Pods that hold families (docs/design.md §2, §8): the holders' view of a snapshot and back.

A pod with ``holds_families`` is one *holder*: its capacity is the sum of its present members'
capacity, its skills are those of the present members who can lead a family (every role but family
support and team manager), and its present consultant(s) are accountable for every child of its
families, within ``settings.consultant_children_limit`` per consultant.

``holders_view(snapshot)`` turns such a snapshot into one the questions already answer: each
holding pod becomes a holder with the pod's id, capacity and skills; its families are held by it
(and belong to the pod's team, so a rebalance may move them between the team's pods); a member
who knew a family makes the family known to the pod. Members hold nothing on their own and are left
out, unless a family names them (key worker, cover or co-worker), when they stay and take no new
work (rule ``pod_member``). ``people_plan(plan, ctx)`` turns the plan back: a pod's assignment
names the pod and its accountable consultant, members carry their share of the pod's load, and
``pod_loads`` gives each pod's load and accountable children. A snapshot without holding pods is
left exactly as it is.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from optimizer.types import Load, MemberShare, Plan, PodLoad, Snapshot, Worker

POD_ROLE = "pod"  # the role of a pod seen as a holder (no role rule applies to it)
NOT_LEADING = frozenset({"family_support", "team_manager"})
NOT_QUALIFIED = frozenset({"asye", "family_support", "team_manager"})  # no sole lead on CP/court


@dataclass(frozen=True)
class Pod:
    id: str
    team: str | None  # the pod's parent unit
    members: tuple[str, ...]  # workers whose unit is the pod, by id
    present: tuple[str, ...]  # members present at the start of the window
    consultants: tuple[str, ...]  # present consultants, by id: the accountable case holders
    capacity: int  # present members' capacity, points x100
    skills: frozenset[str]  # skills of present members who can lead a family
    children_limit: int | None  # limit x present consultants; None without a limit
    all_consultants: tuple[str, ...] = ()  # every consultant member, present or not
    qualified_skills: frozenset[str] = frozenset()  # skills of present members who may lead CP/court

    @property
    def accountable(self) -> str | None:
        """The worker named as holder in plans: the first present consultant by id (else the
        first consultant, else the first member)."""
        found = self.consultants or self.all_consultants or self.members
        return found[0] if found else None


def present(worker: Worker, start: date, as_of: date, absent_worker: str | None = None) -> bool:
    """At work at the start of the window: available, not absent, not gone."""
    if worker.id == absent_worker or not worker.available:
        return False
    if worker.absent_until is not None and worker.absent_until >= start:
        return False
    return worker.leaving_on is None or worker.leaving_on >= as_of


def children_limit(snapshot: Snapshot, consultants: int) -> int | None:
    limit = snapshot.settings.consultant_children_limit
    return None if limit is None else int(limit * consultants + 1e-9)


def holding_pods(snapshot: Snapshot, start: date, absent_worker: str | None = None) -> dict[str, Pod]:
    """Every pod that holds families, worked out on the day ``start``."""
    holding = {u.id: u for u in snapshot.units if u.holds_families}
    if not holding:
        return {}
    members: dict[str, list[Worker]] = {p: [] for p in holding}
    for worker in sorted(snapshot.workers, key=lambda w: w.id):
        if worker.unit in members:
            members[worker.unit].append(worker)
    pods = {}
    for pod_id, unit in holding.items():
        here = [w for w in members[pod_id] if present(w, start, snapshot.as_of, absent_worker)]
        consultants = tuple(w.id for w in here if w.role == "consultant")
        pods[pod_id] = Pod(
            id=pod_id,
            team=unit.parent,
            members=tuple(w.id for w in members[pod_id]),
            present=tuple(w.id for w in here),
            consultants=consultants,
            capacity=sum(w.capacity for w in here),
            skills=frozenset(s for w in here if w.role not in NOT_LEADING for s in w.skills),
            children_limit=children_limit(snapshot, len(consultants)),
            all_consultants=tuple(w.id for w in members[pod_id] if w.role == "consultant"),
            qualified_skills=frozenset(s for w in here if w.role not in NOT_QUALIFIED for s in w.skills),
        )
    return pods


def holders_view(snapshot: Snapshot, pods: dict[str, Pod]) -> Snapshot:
    """The snapshot with each holding pod as one holder (see the module's docstring)."""
    if not pods:
        return snapshot
    pod_of = {m: p.id for p in pods.values() for m in p.members}
    named = {w for f in snapshot.families for w in (f.worker, f.cover, f.co_worker) if w}
    team = {p.id: p.team or p.id for p in pods.values()}
    families = []
    for f in snapshot.families:
        known = tuple(dict.fromkeys(pod_of.get(w, w) for w in f.known_to))
        if f.pod is not None:
            unit = team[f.pod] if f.unit == f.pod else f.unit
            f = replace(f, worker=f.pod, pod=None, unit=unit)
        families.append(replace(f, known_to=known))
    workers = [w for w in snapshot.workers if w.id not in pod_of or w.id in named]
    workers += [
        Worker(id=p.id, unit=p.id, capacity=p.capacity, skills=p.skills, role=POD_ROLE)
        for p in sorted(pods.values(), key=lambda p: p.id)
    ]
    return replace(snapshot, workers=tuple(workers), families=tuple(families))


def members_of(pods: dict[str, Pod]) -> dict[str, str]:
    """Worker -> the holding pod they belong to."""
    return {m: p.id for p in pods.values() for m in p.members}


# ---------------------------------------------------------------------------------------------
# The plan, back in people's terms


def _share(load: int, pod: Pod, worker: Worker) -> int:
    if worker.id not in pod.present or pod.capacity <= 0:
        return 0
    return load * worker.capacity // pod.capacity


def people_plan(
    plan: Plan,
    source: Snapshot,
    view: Snapshot,
    pods: dict[str, Pod],
    before: dict[str, str | None],
    after: dict[str, str | None],
) -> Plan:
    """A plan on the holders' view, told with real workers, pods and members' shares;
    ``before``/``after``: family -> the holder carrying its points (the plan's outcome)."""
    if not pods:
        return plan

    def holder(worker: str | None) -> tuple[str | None, str | None]:
        return (pods[worker].accountable, worker) if worker in pods else (worker, None)

    assignments = []
    for a in plan.assignments:
        key_holder, key_pod = holder(a.worker)
        previous, previous_pod = holder(a.previous)
        alternatives = tuple(
            replace(n, worker=holder(n.worker)[0] or n.worker, pod=holder(n.worker)[1]) for n in a.alternatives
        )
        assignments.append(
            replace(
                a,
                worker=key_holder or a.worker,
                pod=key_pod,
                previous=previous,
                previous_pod=previous_pod,
                alternatives=alternatives,
            )
        )
    by_view = {load.worker: load for load in plan.loads}
    children = {f.id: f.children for f in view.families}
    pod_of = members_of(pods)
    loads = []
    for worker in sorted(source.workers, key=lambda w: w.id):
        own = by_view.get(worker.id, Load(worker.id, worker.capacity, 0, 0))
        if worker.id in pod_of:
            pod = pods[pod_of[worker.id]]
            whole = by_view[pod.id]
            own = Load(
                worker.id,
                worker.capacity,
                own.before + _share(whole.before, pod, worker),
                own.after + _share(whole.after, pod, worker),
            )
        loads.append(own)
    pod_loads = []
    workers = {w.id: w for w in source.workers}
    for pod in sorted(pods.values(), key=lambda p: p.id):
        whole = by_view[pod.id]
        pod_loads.append(
            PodLoad(
                pod=pod.id,
                capacity=pod.capacity,
                before=whole.before,
                after=whole.after,
                children_before=sum(children[f] for f, h in before.items() if h == pod.id),
                children_after=sum(children[f] for f, h in after.items() if h == pod.id),
                children_limit=pod.children_limit,
                members=tuple(
                    MemberShare(m, _share(whole.before, pod, workers[m]), _share(whole.after, pod, workers[m]))
                    for m in pod.members
                ),
            )
        )
    unallocated = tuple(replace(u, worker=holder(u.worker)[0]) if u.worker in pods else u for u in plan.unallocated)
    return replace(
        plan,
        assignments=tuple(assignments),
        loads=tuple(loads),
        unallocated=tuple(unallocated),
        pod_loads=tuple(pod_loads),
    )
