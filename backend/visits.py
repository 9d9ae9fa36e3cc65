"""Statutory visits: when a family's next visit falls due, by the rules in the weighting settings.
Pure (no database, no clock). docs/visits.md explains the rules and their sources.

A family's next visit is due on the earliest date any of its children's rules sets:
- looked-after (`cla`) and privately fostered children: at most `visit_first_year_days` after the
  last visit while the family is in its first year with Keel (from `received_on`), then at most
  `visit_later_days`; with no visit recorded, within `first_visit_days` of `received_on`;
- child protection (`cp`) and child in need (`cin`): `visit_working_days` working days (Monday to
  Friday; bank holidays are not known to Keel) after the last visit, or after `received_on` when
  no visit is recorded;
- assessment and care leaver children set no visit rule.
"""

from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache

from backend.workload import STATUTORY_STATUSES, WorkloadSettings

# The longest gaps the regulations allow (days): a council may set shorter ones, never longer.
# Care Planning, Placement and Case Review (England) Regulations 2010, reg. 28 (looked-after);
# Children (Private Arrangements for Fostering) Regulations 2005, reg. 8 (private fostering).
STATUTORY_FIRST_YEAR_DAYS = {"cla": 42, "private_fostering": 42}
STATUTORY_LATER_DAYS = {"cla": 91, "private_fostering": 84}
STATUTORY_FIRST_VISIT_DAYS = 7
LOCAL_RULE_STATUSES = ("cp", "cin")
LONGEST_LOCAL_WORKING_DAYS = 60
FIRST_YEAR = timedelta(days=365)


@lru_cache(maxsize=8192)  # asked for every open family each time a board is worked out
def add_working_days(start: date, days: int) -> date:
    """The date `days` working days (Monday to Friday) after `start`."""
    current = start
    while days > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            days -= 1
    return current


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (0 when `end` is not after `start`)."""
    days, current = 0, start
    while current < end:
        current += timedelta(days=1)
        days += current.weekday() < 5
    return days


def _status_due(status: str, last_visit: date | None, received_on: date, settings: WorkloadSettings) -> date | None:
    if status in settings.visit_first_year_days:
        if last_visit is None:
            return received_on + timedelta(days=settings.first_visit_days)
        first_year = last_visit < received_on + FIRST_YEAR
        gap = settings.visit_first_year_days[status] if first_year else settings.visit_later_days[status]
        return last_visit + timedelta(days=gap)
    if status in settings.visit_working_days:
        return add_working_days(last_visit or received_on, settings.visit_working_days[status])
    return None


def next_visit_due(
    statuses: Iterable[str], last_visit: date | None, received_on: date, settings: WorkloadSettings
) -> date | None:
    """The date the family's next visit is due (None when no child's status sets a visit rule)."""
    dues = [_status_due(getattr(s, "value", s), last_visit, received_on, settings) for s in statuses]
    return min((d for d in dues if d is not None), default=None)


def is_statutory_visit(statuses: Iterable[str]) -> bool:
    """Visits set by regulation or a child protection plan (looked-after, private fostering, CP)."""
    return bool(STATUTORY_STATUSES & {getattr(s, "value", s) for s in statuses})


def visit_rule_problems(settings: WorkloadSettings) -> list[str]:
    """What makes the visit rules unusable: the regulations' gaps may be shortened, never lengthened."""
    problems = []
    for name, limits in (
        ("visit_first_year_days", STATUTORY_FIRST_YEAR_DAYS),
        ("visit_later_days", STATUTORY_LATER_DAYS),
    ):
        rules = getattr(settings, name)
        problems += [
            f"{name}.{status} is not a status with a statutory visit rule ({', '.join(limits)})"
            for status in rules
            if status not in limits
        ]
        problems += [
            f"{name}.{status} must be between 1 and {limits[status]} days (the regulations' longest gap)"
            for status, days in rules.items()
            if status in limits and not 1 <= days <= limits[status]
        ]
    rules = settings.visit_working_days
    problems += [
        f"visit_working_days.{status} is not a status with a local visit rule (cp, cin)"
        for status in rules
        if status not in LOCAL_RULE_STATUSES
    ]
    problems += [
        f"visit_working_days.{status} must be between 1 and {LONGEST_LOCAL_WORKING_DAYS} working days"
        for status, days in rules.items()
        if not 1 <= days <= LONGEST_LOCAL_WORKING_DAYS
    ]
    if not 1 <= settings.first_visit_days <= STATUTORY_FIRST_VISIT_DAYS:
        problems.append(f"first_visit_days must be between 1 and {STATUTORY_FIRST_VISIT_DAYS}")
    if not 1 <= settings.visits_due_working_days <= LONGEST_LOCAL_WORKING_DAYS:
        problems.append(f"visits_due_working_days must be between 1 and {LONGEST_LOCAL_WORKING_DAYS}")
    return problems
