"""The workload model of docs/design.md §3, as pure functions: points a family weighs, case capacity
a worker has on a date, and the band a load falls in. No database, no clock.

Every number is a field of `WorkloadSettings`, stored as JSON in `WeightingVersion.values`.
"""

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field, fields
from datetime import date
from typing import Any

COURT_FLAG = "court"
PLO_FLAG = "plo"
INTERPRETER_FLAG = "interpreter"
DISABILITY_FLAG = "disability"
NOT_COMPLEXITY_FLAGS = frozenset({COURT_FLAG, PLO_FLAG})
# docs/design.md §1: work that must never be left unallocated (the optimizer's STATUTORY_STATUSES).
STATUTORY_STATUSES = frozenset({"cp", "cla", "private_fostering"})
VISIT_RULE_FIELDS = ("visit_first_year_days", "visit_later_days", "visit_working_days")


@dataclass(frozen=True)
class WorkloadSettings:
    """Defaults of docs/design.md §3. Factors are fractions (0.9 = 90%), bands are load ratios."""

    full_capacity_points: float = 100.0
    stable_element_points: float = 15.0  # supervision, training, admin: not available for cases
    role_factors: Mapping[str, float] = field(
        default_factory=lambda: {
            "social_worker": 1.0,
            "senior_practitioner": 0.9,
            "consultant": 0.8,
            "family_support": 0.6,
            "asye": 1.0,
            "team_manager": 0.0,
        }
    )
    # ASYE: factor while months in post < the step's month; 1.0 from the last step on.
    asye_steps: tuple[tuple[int, float], ...] = ((3, 0.25), (6, 0.5), (9, 0.7), (12, 0.9))
    child_points: Mapping[str, float] = field(
        default_factory=lambda: {
            "assessment": 6.0,
            "cin": 5.0,
            "cp": 8.0,
            "cla": 6.0,
            "care_leaver": 3.0,
            # Not in docs/design.md §3: weighted as CLA (statutory visits at the same six-weekly rhythm).
            "private_fostering": 6.0,
        }
    )
    sibling_factor: float = 0.5  # every child after the highest-weighted one
    court_points: float = 10.0
    plo_points: float = 5.0
    complexity_flag_points: float = 2.0
    complexity_cap_points: float = 6.0
    travel_band_points: tuple[float, ...] = (0.0, 1.0, 2.0)
    green_below: float = 0.85
    amber_up_to: float = 1.0
    surge_limit: float = 1.15
    # Children one consultant social worker may be accountable for in a pod that holds families
    # (None = no limit). 40: the top of what Hackney's Reclaiming Social Work consultants held, "usually
    # handling between 30 and 40 cases in all" (BBC News, 2010), half the "often 80-plus" of the Isle
    # of Wight pods that imploded (docs/design.md §3).
    consultant_children_limit: float | None = 40.0
    # Statutory visits (docs/visits.md): the longest gap allowed, in calendar days for the rules set
    # by regulation (looked-after: 6 weeks in the first year, then 3 months; private fostering: 6
    # weeks, then 12) and in working days for the rules each council sets (CP, CIN).
    visit_first_year_days: Mapping[str, int] = field(default_factory=lambda: {"cla": 42, "private_fostering": 42})
    visit_later_days: Mapping[str, int] = field(default_factory=lambda: {"cla": 91, "private_fostering": 84})
    visit_working_days: Mapping[str, int] = field(default_factory=lambda: {"cp": 10, "cin": 20})
    first_visit_days: int = 7  # looked-after or privately fostered, no visit recorded: within a week
    visits_due_working_days: int = 10  # the board lists visits due this many working days ahead

    @property
    def case_points_per_fte(self) -> float:
        return self.full_capacity_points - self.stable_element_points

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (tuples become lists, mappings plain dicts)."""
        values = asdict(self)
        values["role_factors"] = dict(self.role_factors)
        values["child_points"] = dict(self.child_points)
        for name in VISIT_RULE_FIELDS:
            values[name] = dict(getattr(self, name))
        values["asye_steps"] = [list(step) for step in self.asye_steps]
        values["travel_band_points"] = list(self.travel_band_points)
        return values

    @classmethod
    def from_dict(cls, values: Mapping[str, Any]) -> "WorkloadSettings":
        """Settings from stored JSON; missing keys take the default, unknown keys are an error."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(values) - known)
        if unknown:
            raise ValueError(f"unknown workload settings: {', '.join(unknown)}")
        given = dict(values)
        if "asye_steps" in given:
            given["asye_steps"] = tuple((int(m), float(f)) for m, f in given["asye_steps"])
        if "travel_band_points" in given:
            given["travel_band_points"] = tuple(float(p) for p in given["travel_band_points"])
        for name in ("role_factors", "child_points", *VISIT_RULE_FIELDS):
            if name in given:
                given[name] = {**getattr(cls(), name), **given[name]}
        return cls(**given)


_MAPPING_TYPES: dict[type, bool] = {}  # isinstance(row, Mapping) per type: the ABC check is slow in hot loops


def row_value(row: Any, name: str) -> Any:
    """A column of a row given as a model instance or a plain dict."""
    kind = type(row)
    mapping = _MAPPING_TYPES.get(kind)
    if mapping is None:
        mapping = _MAPPING_TYPES[kind] = isinstance(row, Mapping)
    return row[name] if mapping else getattr(row, name)


def _plain(value: Any) -> str:
    """An enum member's value, or the string itself."""
    return getattr(value, "value", value)


def flag_name(flag: str) -> str:
    """`interpreter:polish` -> `interpreter`; a flag may carry a detail after a colon."""
    return flag.split(":", 1)[0].strip().lower()


def family_points(statuses: Iterable[str], flags: Iterable[str], travel_band: int, settings: WorkloadSettings) -> float:
    """Case points of one family.

    Children: the highest-weighted child counts in full, every other child at `sibling_factor`
    (so a CP child with two CIN siblings is 8 + 0.5*5 + 0.5*5 = 13). Flags, each counted once:
    court +10, PLO +5, every other flag +2 up to +6 in total. Travel band 0/1/2 adds 0/1/2.
    """
    weights = sorted((settings.child_points[_plain(s)] for s in statuses), reverse=True)
    points = sum(weights[:1]) + settings.sibling_factor * sum(weights[1:])
    names = {flag_name(f) for f in flags}
    points += settings.court_points * (COURT_FLAG in names)
    points += settings.plo_points * (PLO_FLAG in names)
    complexity = settings.complexity_flag_points * len(names - NOT_COMPLEXITY_FLAGS)
    points += min(complexity, settings.complexity_cap_points)
    if not 0 <= travel_band < len(settings.travel_band_points):
        raise ValueError(f"travel band {travel_band} is not one of 0..{len(settings.travel_band_points) - 1}")
    return points + settings.travel_band_points[travel_band]


def months_in_post(start_date: date, on: date) -> int:
    """Whole months completed between `start_date` and `on` (0 before the start)."""
    months = (on.year - start_date.year) * 12 + on.month - start_date.month
    if on.day < start_date.day:
        months -= 1
    return max(months, 0)


def role_factor(role: str, start_date: date, on: date, settings: WorkloadSettings) -> float:
    """The role's share of full case capacity; an ASYE's steps up with months in post."""
    role = _plain(role)
    if role not in settings.role_factors:
        raise ValueError(f"unknown role {role!r}")
    factor = settings.role_factors[role]
    if role == "asye":
        months = months_in_post(start_date, on)
        step = next((f for limit, f in settings.asye_steps if months < limit), 1.0)
        factor *= step
    return factor


def active_reduction_percent(reductions: Iterable[Any], on: date) -> float:
    """Sum of the percents of reductions running on `on` (end date inclusive; none = standing)."""
    return sum(
        row_value(r, "percent")
        for r in reductions
        if row_value(r, "start_date") <= on and (row_value(r, "end_date") is None or on <= row_value(r, "end_date"))
    )


def worker_capacity(
    role: str, fte: float, start_date: date, on: date, reductions: Iterable[Any], settings: WorkloadSettings
) -> float:
    """Case capacity points of a worker on a date:

        (full_capacity_points - stable_element_points) * fte * role_factor
            * max(0, 1 - active reduction percent / 100)

    i.e. 85 * FTE * factor, where factor is 0.9 senior practitioner, 0.8 consultant, 0.6 family
    support, 0 team manager (holds no cases), 1 social worker, and for an ASYE 0.25/0.5/0.7/0.9
    while under 3/6/9/12 months in post, then 1. Reductions (rows with percent, start_date,
    end_date) take their percent off the worker's own case capacity; several add up, floored at 0.
    """
    factor = role_factor(role, start_date, on, settings)
    remaining = max(0.0, 1.0 - active_reduction_percent(reductions, on) / 100.0)
    return settings.case_points_per_fte * fte * factor * remaining


def band(load: float, capacity: float, settings: WorkloadSettings) -> str:
    """`green` below 85%, `amber` 85-100% (100% included), `red` above 100% up to the surge limit
    (115% included), `surge` above it. No capacity: `surge` if any load, else `green`."""
    if capacity <= 0:
        return "surge" if load > 0 else "green"
    ratio = load / capacity
    if ratio < settings.green_below:
        return "green"
    if ratio <= settings.amber_up_to:
        return "amber"
    return "red" if ratio <= settings.surge_limit else "surge"


def required_skills(statuses: Iterable[str], flags: Iterable[str]) -> list[str]:
    """Skills the key worker must have, sorted:
    - any child on a CP plan -> `child_protection`;
    - `court` flag (care proceedings) -> `court`;
    - `interpreter:<language>` -> the language (e.g. `polish`); a bare `interpreter` flag names
      no language, so it requires nothing;
    - `disability` flag -> `disability`.
    Role rules (ASYE / family support never sole lead on CP or court) are the optimizer's."""
    skills = set()
    if any(_plain(s) == "cp" for s in statuses):
        skills.add("child_protection")
    for flag in flags:
        name, _, detail = flag.partition(":")
        name, detail = name.strip().lower(), detail.strip().lower()
        if name == COURT_FLAG:
            skills.add("court")
        elif name == INTERPRETER_FLAG and detail:
            skills.add(detail)
        elif name == DISABILITY_FLAG:
            skills.add("disability")
    return sorted(skills)
