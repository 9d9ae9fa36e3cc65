"""What an import will write, worked out from valid rows before anything is written (so that a dry
run can say it, and applying is only writing)."""

from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import Any


def jsonable(value: Any) -> Any:
    """Values as JSON for the audit trail: dates in ISO form, enums by value, tuples as lists."""
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, (str, int, float, type(None))) and not isinstance(value, Enum):
        return value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    return value


@dataclass
class Update:
    """An existing row's changed columns: the values to write, and before/after for the audit."""

    id: int
    values: dict[str, Any]
    before: dict[str, Any]
    after: dict[str, Any]


def difference(row_id: int, current: object, wanted: dict[str, Any]) -> Update | None:
    """The columns of `wanted` whose values differ from `current`'s, or None when none do."""
    changed = {name: value for name, value in wanted.items() if getattr(current, name) != value}
    if not changed:
        return None
    before = {name: getattr(current, name) for name in changed}
    return Update(row_id, changed, jsonable(before), jsonable(changed))


@dataclass
class Changes:
    created: list[dict[str, Any]] = field(default_factory=list)  # new rows' column values
    updated: list[Update] = field(default_factory=list)
    units: set[int] = field(default_factory=set)  # units touched: their plans (and parents') go stale

    @property
    def created_count(self) -> int:
        return len(self.created)

    @property
    def updated_count(self) -> int:
        return len(self.updated)
