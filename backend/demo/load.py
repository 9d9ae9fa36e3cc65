"""Bulk-load a generated council into a database, in foreign-key order."""

from sqlalchemy import insert, text
from sqlmodel import Session

from backend.demo.generate import Council
from backend.models import (
    Absence,
    Allocation,
    CapacityReduction,
    Child,
    Family,
    Unit,
    User,
    WeightingVersion,
    Worker,
)
from backend.models._types import table_of

# (council attribute, table) in the order foreign keys need: units reference their parents, so
# they are inserted in id order (parents come first in a generated council).
LOAD_ORDER = (
    ("units", Unit),
    ("workers", Worker),
    ("capacity_reductions", CapacityReduction),
    ("absences", Absence),
    ("users", User),
    ("weighting_settings", WeightingVersion),
    ("families", Family),
    ("children", Child),
    ("allocations", Allocation),
)


def load_council(session: Session, council: Council) -> dict[str, int]:
    """Insert every row of the council (one executemany per table) and, on PostgreSQL, move each
    id sequence past the explicit ids. Returns rows inserted per table. Does not commit."""
    counts = {}
    for name, model in LOAD_ORDER:
        rows = getattr(council, name)
        if rows:
            session.execute(insert(table_of(model)), rows)
        counts[name] = len(rows)
    if session.get_bind().dialect.name == "postgresql":
        for _, model in LOAD_ORDER:
            table = table_of(model).name
            session.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                    f'(SELECT COALESCE(MAX(id), 1) FROM "{table}"))'
                )
            )
    return counts
