"""The hard rules of docs/design.md §4, one named function each with a stable id.

A pair rule ``rule(context, family, worker) -> reason | None`` says, in a manager's words, why the
worker may not take the family as *new* work (a family a worker already holds is never taken away
by a rule: the plan only decides what changes). ``accountable_children`` is a load rule on a whole
plan; ``surge_limit`` (a load rule) and ``family_indivisible`` (structural: a family has at most one
worker) are constraints of the model (optimizer/model.py), named here by their ids.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from collections.abc import Mapping
from typing import Callable

from optimizer.pods import Pod, holders_view, holding_pods, members_of
from optimizer.types import Family, Snapshot, Worker

# Stable ids: never rename, the plan and the backend quote them.
FAMILY_INDIVISIBLE = "family_indivisible"
UNIT_SCOPE = "unit_scope"
SKILLS = "skills"
LEAD_ROLE = "lead_role"
AVAILABLE = "available"
NOT_LEAVING = "not_leaving"
SURGE_LIMIT = "surge_limit"
POD_WITHOUT_CONSULTANT = "pod_without_consultant"
POD_MEMBER = "pod_member"
ACCOUNTABLE_CHILDREN = "accountable_children"
POD_LEAD = "pod_lead"

HARD_RULES = (
    FAMILY_INDIVISIBLE,
    UNIT_SCOPE,
    SKILLS,
    LEAD_ROLE,
    AVAILABLE,
    NOT_LEAVING,
    SURGE_LIMIT,
    POD_WITHOUT_CONSULTANT,
    POD_MEMBER,
    ACCOUNTABLE_CHILDREN,
    POD_LEAD,
)
LEAD_SKILLS = frozenset({"child_protection", "court"})
NOT_SOLE_LEAD = frozenset({"asye", "family_support"})
_SKILL_WORDS = {"child_protection": "child protection", "court": "court"}
_ROLE_WORDS = {"asye": "ASYE", "family_support": "Family support worker"}


def day(value: date) -> str:
    """3 Dec, the way a manager writes a date."""
    return f"{value.day} {value:%b}"


@dataclass(frozen=True)
class Context:
    """What the rules need to know about a snapshot, worked out once."""

    snapshot: Snapshot
    window_start: date  # new work starts here (as_of, or the absence's first day)
    window_end: date
    parent: dict[str, str | None]
    kind: dict[str, str]
    workers: dict[str, Worker]
    families: dict[str, Family]
    lines: dict[str, tuple[str, ...]]  # unit -> the unit, its parent, ... up to the root
    absent_worker: str | None = None
    # Pods that hold families (optimizer/pods.py): ``snapshot`` is then the holders' view, in which
    # each such pod is one holder; ``source`` is the snapshot as given.
    source: Snapshot | None = None
    pods: dict[str, Pod] = field(default_factory=dict)
    pod_of: dict[str, str] = field(default_factory=dict)  # member -> their holding pod

    @classmethod
    def of(cls, snapshot: Snapshot) -> Context:
        start = end = snapshot.as_of
        absent = None
        if snapshot.question == "cover" and snapshot.absence is not None:
            start, end, absent = snapshot.absence.start, snapshot.absence.end, snapshot.absence.worker
        source = snapshot
        pods = holding_pods(snapshot, start, absent)
        snapshot = holders_view(snapshot, pods)
        parent = {u.id: u.parent for u in snapshot.units}
        return cls(
            snapshot=snapshot,
            window_start=start,
            window_end=end,
            parent=parent,
            kind={u.id: u.kind for u in snapshot.units},
            workers={w.id: w for w in snapshot.workers},
            families={f.id: f for f in snapshot.families},
            lines={u.id: _line(u.id, parent) for u in snapshot.units},
            absent_worker=absent,
            source=source,
            pods=pods,
            pod_of=members_of(pods),
        )

    def ancestors(self, unit: str) -> tuple[str, ...]:
        """The unit itself, then its parent, up to the root."""
        return self.lines[unit]

    def team_of(self, unit: str) -> str:
        """The nearest team at or above the unit (a pod's team); the unit itself if none."""
        for node in self.ancestors(unit):
            if self.kind.get(node) == "team":
                return node
        return unit

    def surge_cap(self, worker: Worker) -> int:
        return worker.capacity * self.snapshot.settings.surge_limit_pct // 100

    def children_cap(self, holder: str) -> int | None:
        """The most children the holder's consultants may be accountable for (pods only)."""
        pod = self.pods.get(holder)
        return None if pod is None else pod.children_limit


def _line(unit: str, parent: dict[str, str | None]) -> tuple[str, ...]:
    chain = []
    node: str | None = unit
    while node is not None:
        chain.append(node)
        node = parent.get(node)
    return tuple(chain)


# ---------------------------------------------------------------------------------------------
# Pair rules: why a worker may not take a family as new work.


def unit_scope(ctx: Context, family: Family, worker: Worker) -> str | None:
    """Same unit unless cross-unit is allowed.

    A worker is in scope when their unit is the family's unit or inside it (a pod of the family's
    team), or when the family sits in a pod and the worker in the pod's team: scope reaches up from
    the family's unit to its team, never above it.
    """
    if ctx.snapshot.settings.cross_unit:
        return None
    if family.unit in ctx.ancestors(worker.unit):
        return None
    line = ctx.ancestors(family.unit)
    if worker.unit in line[: line.index(ctx.team_of(family.unit)) + 1]:
        return None
    return f"works in {worker.unit}, not {family.unit}"


def skills(ctx: Context, family: Family, worker: Worker) -> str | None:
    """The family's required skills (child protection, court, languages...) are the worker's."""
    missing = sorted(family.requires - worker.skills)
    if not missing:
        return None
    return "no " + " or ".join(_SKILL_WORDS.get(s, s.replace("_", " ")) for s in missing) + " skill"


def needs_qualified_lead(family: Family) -> bool:
    return bool(LEAD_SKILLS & family.requires) or "cp" in family.statuses


def may_lead(family: Family, worker: Worker, workers: Mapping[str, Worker]) -> bool:
    """ASYE and family support workers are never sole lead on child protection or court work.

    They may lead with a qualified co-worker on the family (``co_worker`` not ASYE/family support).
    """
    if worker.role not in NOT_SOLE_LEAD or not needs_qualified_lead(family):
        return True
    co = workers.get(family.co_worker) if family.co_worker else None
    return co is not None and co.id != worker.id and co.role not in NOT_SOLE_LEAD


def qualified_for(family: Family, worker: Worker, workers: Mapping[str, Worker]) -> bool:
    """The skills and lead-role rules alone, without a Context (resilience's scopes ask who could
    take a family over)."""
    return family.requires <= worker.skills and may_lead(family, worker, workers)


def lead_role(ctx: Context, family: Family, worker: Worker) -> str | None:
    """The lead-role rule (``may_lead``) in a manager's words."""
    if may_lead(family, worker, ctx.workers):
        return None
    what = (
        "court"
        if "court" in family.requires and "child_protection" not in family.requires and "cp" not in family.statuses
        else "child protection"
    )
    return f"{_ROLE_WORDS[worker.role]} cannot lead a {what} family"


def available(ctx: Context, family: Family, worker: Worker) -> str | None:
    """No new work to a worker who is absent when the work starts."""
    absence = ctx.snapshot.absence
    if absence is not None and worker.id == ctx.absent_worker:
        return f"absent until {day(absence.end)}"
    if worker.absent_until is not None and worker.absent_until >= ctx.window_start:
        return f"absent until {day(worker.absent_until)}"
    if not worker.available:
        return "not available"
    return None


def not_leaving(ctx: Context, family: Family, worker: Worker) -> str | None:
    """No new work to a leaver."""
    if worker.leaving_on is None:
        return None
    if worker.leaving_on < ctx.snapshot.as_of:
        return f"left on {day(worker.leaving_on)}"
    return f"leaving on {day(worker.leaving_on)}"


def pod_without_consultant(ctx: Context, family: Family, worker: Worker) -> str | None:
    """A pod with no consultant present takes no new work: nobody would be accountable for it."""
    pod = ctx.pods.get(worker.id)
    if pod is None or pod.consultants:
        return None
    return f"no consultant of {pod.id} is at work to be accountable for it"


def pod_member(ctx: Context, family: Family, worker: Worker) -> str | None:
    """A member of a pod that holds families takes new work only through the pod."""
    if worker.id not in ctx.pod_of:
        return None
    return f"works in pod {ctx.pod_of[worker.id]}, which holds its families as a pod"


def pod_lead(ctx: Context, family: Family, worker: Worker) -> str | None:
    """In a pod, child protection and court work needs a lead who may lead it (not an ASYE or a
    family support worker) holding its child protection or court skill."""
    pod = ctx.pods.get(worker.id)
    if pod is None or not needs_qualified_lead(family):
        return None
    missing = sorted((family.requires & LEAD_SKILLS) - pod.qualified_skills)
    if not missing:
        return None
    what = " or ".join(_SKILL_WORDS.get(s, s) for s in missing)
    return f"no member of {pod.id} who may lead it has the {what} skill"


PAIR_RULES: tuple[tuple[str, Callable[[Context, Family, Worker], str | None]], ...] = (
    (POD_MEMBER, pod_member),
    (POD_WITHOUT_CONSULTANT, pod_without_consultant),
    (AVAILABLE, available),
    (NOT_LEAVING, not_leaving),
    (UNIT_SCOPE, unit_scope),
    (SKILLS, skills),
    (LEAD_ROLE, lead_role),
    (POD_LEAD, pod_lead),
)


def blocking_rules(ctx: Context, family: Family, worker: Worker) -> list[tuple[str, str]]:
    """Every pair rule that stops ``worker`` taking ``family`` as new work: (rule id, reason)."""
    found = []
    for rule_id, rule in PAIR_RULES:
        reason = rule(ctx, family, worker)
        if reason is not None:
            found.append((rule_id, reason))
    return found


def may_take(ctx: Context, family: Family, worker: Worker) -> bool:
    return all(rule(ctx, family, worker) is None for _, rule in PAIR_RULES)


# ---------------------------------------------------------------------------------------------
# Load rules, checked on a whole plan.


def accountable_children(ctx: Context, holder: str, before: int, after: int, gained: bool) -> str | None:
    """A pod's consultants are accountable for at most the limit x present consultants children
    after new work; a pod already above it keeps its families but gains none."""
    cap = ctx.children_cap(holder)
    if cap is None or after <= cap or (before > cap and not gained):
        return None
    pod = ctx.pods[holder]
    return (
        f"its consultant{'s' if len(pod.consultants) != 1 else ''} would be accountable for "
        f"{after} children (limit {cap})"
    )


def percent(load: int, capacity: int) -> str:
    if capacity <= 0:
        return "no capacity" if load else "0%"
    return f"{round(100 * load / capacity)}%"
