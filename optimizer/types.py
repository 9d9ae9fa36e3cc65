"""Plain data in, plan out: the optimizer's frozen dataclasses.

Points are integers scaled by ``SCALE`` (12.5 points -> 1250) so the CP-SAT models never see a
float; ratios are integers in per mille (1000 = 100% of capacity). ``contract.py`` converts the JSON
snapshot of docs/design.md §8 to these types and plans back to JSON.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

SCALE = 100  # points are stored x100
PER_MILLE = 1000  # load ratios are stored in per mille

QUESTIONS = ("recommend", "rebalance", "cover", "resilience", "secure")
ROLES = (
    "social_worker",
    "senior_practitioner",
    "consultant",
    "asye",
    "family_support",
    "team_manager",
)
STATUSES = ("assessment", "cin", "cp", "cla", "care_leaver", "private_fostering")
STATUTORY_STATUSES = frozenset({"cp", "cla", "private_fostering"})
UNIT_KINDS = ("service", "team", "pod")
PLAN_STATUSES = ("optimal", "feasible", "infeasible", "unknown")


@dataclass(frozen=True)
class Settings:
    surge_limit_pct: int = 115  # hard ceiling, percent of capacity
    move_budget: int | None = None
    cross_unit: bool = False
    time_limit_s: float = 10.0
    seed: int = 0
    num_workers: int = 2
    consultant_children_limit: float | None = None  # children one consultant may be accountable for


@dataclass(frozen=True)
class Unit:
    id: str
    parent: str | None
    kind: str = "team"
    holds_families: bool = False  # a pod that holds families as a pod (optimizer/pods.py)


@dataclass(frozen=True)
class Worker:
    id: str
    unit: str
    capacity: int  # case capacity in points x100
    skills: frozenset[str] = frozenset()
    available: bool = True
    role: str = "social_worker"
    absent_until: date | None = None
    leaving_on: date | None = None
    patch: str | None = None


@dataclass(frozen=True)
class Family:
    id: str
    unit: str
    points: int  # points x100
    requires: frozenset[str] = frozenset()
    worker: str | None = None
    children: int = 1
    known_to: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    statutory: bool = False  # any CP/CLA/private fostering child, or flagged statutory
    area: str | None = None
    recently_moved: bool = False
    co_worker: str | None = None
    cover: str | None = None  # covering an absent key worker: carries the family's points meanwhile
    pod: str | None = None  # the holding pod (then ``worker`` is None)
    visit_due: date | None = None  # the next statutory visit: cover places families due first

    @property
    def carrier(self) -> str | None:
        """Who carries the family's points: the cover worker while cover lasts, else the key worker."""
        return self.cover or self.worker


@dataclass(frozen=True)
class Absence:
    worker: str
    start: date
    end: date


@dataclass(frozen=True)
class Snapshot:
    question: str
    as_of: date
    settings: Settings
    units: tuple[Unit, ...]
    workers: tuple[Worker, ...]
    families: tuple[Family, ...]
    absence: Absence | None = None


# ---------------------------------------------------------------------------------------------
# The plan


@dataclass(frozen=True)
class WhyNot:
    worker: str
    reason: str
    rule: str | None = None  # the hard rule's id, or None for a soft preference
    pod: str | None = None  # set when the alternative is a pod (``worker``: its consultant)


@dataclass(frozen=True)
class Assignment:
    family: str
    worker: str
    kind: str  # "key" | "cover"
    previous: str | None = None
    reasons: tuple[str, ...] = ()
    alternatives: tuple[WhyNot, ...] = ()
    pod: str | None = None  # set when the holder is a pod (``worker``: its accountable consultant)
    previous_pod: str | None = None


@dataclass(frozen=True)
class Unallocated:
    family: str
    reasons: tuple[str, ...]
    rules: tuple[str, ...] = ()
    worker: str | None = None  # the worker the family keeps meanwhile (an uncovered cover)


@dataclass(frozen=True)
class Load:
    worker: str
    capacity: int
    before: int
    after: int


@dataclass(frozen=True)
class Term:
    id: str
    value: int
    unit: str  # "families" | "points" | "moves" | "children" | "per_mille" | "score"
    bound: int | None = None

    @property
    def gap(self) -> float | None:
        """How far the value may be above the best possible, as a share of the value (0: proven);
        None when no bound is known."""
        if self.bound is None:
            return None
        return round((self.value - self.bound) / max(1, abs(self.value)), 6)


@dataclass(frozen=True)
class Bound:
    objective: int  # lexicographic stages folded: value of the first stage not proven optimal
    bound: int
    gap: float
    proven_optimal: bool
    restricted: bool = False  # True when candidates were pre-filtered (bound of that model only)
    components: int = 1
    term: str | None = None  # the first term, in lexicographic order, not proven at its bound


@dataclass(frozen=True)
class Plan:
    question: str
    status: str
    assignments: tuple[Assignment, ...]
    unallocated: tuple[Unallocated, ...]
    loads: tuple[Load, ...]
    terms: tuple[Term, ...]
    bound: Bound
    time_s: float
    seed: int = 0
    notes: tuple[str, ...] = field(default=())
    pod_loads: tuple[PodLoad, ...] = ()  # one per holding pod; empty when no pod holds families


@dataclass(frozen=True)
class MemberShare:
    worker: str
    share_before: int  # points x100: the pod's load x member capacity / pod present capacity
    share_after: int


@dataclass(frozen=True)
class PodLoad:
    pod: str
    capacity: int  # present members' capacity, points x100
    before: int
    after: int
    children_before: int  # children the pod's consultant(s) are accountable for
    children_after: int
    children_limit: int | None  # limit x present consultants; None without a limit
    members: tuple[MemberShare, ...] = ()
