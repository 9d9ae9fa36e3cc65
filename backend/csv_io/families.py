"""Importing families: one row per child; a family with several children has several rows, whose
family columns must agree. An existing family code updates the family and replaces its children; a
new code creates it. A key worker, or a pod holding the family as a whole (`key_pod`, in a team that
allocates to pods), where given and different from the current holder, is recorded as a key
allocation (from the date received for a new family, from today for an existing one)."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timezone

from sqlalchemy import select
from sqlmodel import col

from backend.csv_io.context import FirstRows, ImportContext
from backend.csv_io.import_diff import Changes, Update, difference, jsonable
from backend.csv_io.rows import Row
from backend.csv_io.writing import (
    bump_versions,
    delete_where_in,
    insert_plain,
    insert_rows,
    update_entries,
    update_rows,
)
from backend.holding import is_case_holder
from backend.models import Allocation, AllocationKind, Child, Family
from backend.models._types import table_of
from backend.services.allocations import current_key_holders
from backend.services.audit import Entry

FAMILY_COLUMNS = (
    "family_name",
    "team",
    "area",
    "travel_band",
    "received_on",
    "closed_on",
    "flags",
    "key_worker",
    "key_pod",
    "last_visit_on",
)
Holder = tuple[str, int]  # ("worker", id) or ("pod", id)
OLDEST_CHILD_YEARS = 30  # care leavers are supported to 25


@dataclass
class FamilyChanges(Changes):
    children: list[list[dict]] = field(default_factory=list)  # of each created family
    key_workers: list[Holder | None] = field(default_factory=list)  # key holder of each created family
    replaced_children: dict[int, list[dict]] = field(default_factory=dict)  # existing family id ->
    moves: dict[int, tuple[Holder | None, Holder]] = field(default_factory=dict)  # id -> (old, new) key holder

    @property
    def updated_count(self) -> int:
        return len({u.id for u in self.updated} | set(self.moves))


@dataclass
class _Family:
    first: Row
    children: list[dict] = field(default_factory=list)
    key_worker: Holder | None = None
    unit_id: int | None = None


def _check_row(context: ImportContext, row: Row) -> tuple[int | None, Holder | None]:
    """Checks of a row on its own; returns its unit id and key holder (a worker or a pod)."""
    unit_id = context.unit_id(row, "team")
    worker = context.worker(row, "key_worker")
    if worker is not None and not is_case_holder(worker):
        context.check.report(row, "key_worker", f"{worker.code} is a team manager, who holds no families")
    pod = context.holding_pod(row, "key_pod", unit_id)
    if worker is not None and row.ok("key_pod") and row.values.get("key_pod") is not None:
        context.check.report(row, "key_pod", "give a key worker or a pod holding the family, not both")
    context.dates_in_order(row, "received_on", "closed_on")
    for column in ("received_on", "last_visit_on"):
        if row.ok(column) and row.values.get(column) and row[column] > context.today:
            context.check.report(row, column, f"{row[column]:%d/%m/%Y} is in the future")
    year = context.today.year
    if row.ok("child_birth_year") and not year - OLDEST_CHILD_YEARS <= row["child_birth_year"] <= year + 1:
        context.check.report(
            row,
            "child_birth_year",
            f"{row['child_birth_year']} is not the birth year "
            f"of a child or care leaver (from {year - OLDEST_CHILD_YEARS} to {year + 1})",
        )
    return unit_id, ("worker", worker.id) if worker else ("pod", pod) if pod else None


def _same_family(context: ImportContext, family: _Family, row: Row) -> None:
    """A family's later rows repeat its first row's family columns."""
    first = family.first
    for column in FAMILY_COLUMNS:
        if row.ok(column) and first.ok(column) and row.values.get(column) != first.values.get(column):
            shown = jsonable(first[column])
            shown = ";".join(shown) if isinstance(shown, list) else shown
            context.check.report(
                row, column, f"differs from row {first.number}, the family's first row (which has {shown or 'blank'})"
            )


def _families(context: ImportContext, rows: list[Row], tick: Callable[[int], None]) -> dict[str, _Family]:
    families: dict[str, _Family] = {}
    children = FirstRows(context, "child_first_name", "this child (first name and birth year)")
    for done, row in enumerate(rows, start=1):
        tick(done)
        unit_id, key_worker = _check_row(context, row)
        if not row.ok("family_code"):
            continue
        family = families.get(row["family_code"])
        if family is None:
            family = families[row["family_code"]] = _Family(row, key_worker=key_worker, unit_id=unit_id)
        else:
            _same_family(context, family, row)
        if row.ok("child_first_name", "child_birth_year") and children.repeated(
            row, (row["family_code"], row["child_first_name"].lower(), row["child_birth_year"])
        ):
            continue
        if row.ok("child_first_name", "child_birth_year", "child_status"):
            family.children.append(
                {
                    "first_name": row["child_first_name"],
                    "birth_year": row["child_birth_year"],
                    "status": row["child_status"],
                }
            )
    return families


def _child_key(children: list[dict]) -> list[tuple]:
    return sorted((c["first_name"], c["birth_year"], getattr(c["status"], "value", c["status"])) for c in children)


def latest_visit(held: date | None, given: date | None) -> date | None:
    """A visit date only moves forward: the later of the one held and the one given."""
    return max((d for d in (held, given) if d is not None), default=None)


def plan(context: ImportContext, rows: list[Row], tick: Callable[[int], None]) -> FamilyChanges:
    families = _families(context, rows, tick)
    changes = FamilyChanges()
    if context.check.problems:
        return changes
    session = context.session
    existing = {f.code: f for f in session.execute(select(table_of(Family)))}  # plain rows: quicker
    held: dict[int, list[dict]] = {}
    for family_id, first_name, birth_year, status in session.execute(
        select(col(Child.family_id), col(Child.first_name), col(Child.birth_year), col(Child.status))
    ):
        held.setdefault(family_id, []).append({"first_name": first_name, "birth_year": birth_year, "status": status})
    key_holders = current_key_holders(session, context.today)
    for code, family in families.items():
        assert family.unit_id is not None  # a row without its team is a problem, and problems returned above
        first = family.first
        wanted = {
            "code": code,
            "name": first["family_name"],
            "unit_id": family.unit_id,
            "area": first["area"],
            "travel_band": first["travel_band"],
            "received_on": first["received_on"],
            "closed_on": first["closed_on"],
            "flags": first["flags"],
        }
        current = existing.get(code)
        visit = latest_visit(current.last_visit_on if current else None, first.values.get("last_visit_on"))
        if visit is not None or current is None:
            wanted["last_visit_on"] = visit
        if current is None:
            changes.created.append(wanted)
            changes.children.append(family.children)
            changes.key_workers.append(family.key_worker)
            changes.units.add(family.unit_id)
            continue
        update = difference(current.id, current, wanted)
        if _child_key(held.get(current.id, [])) != _child_key(family.children):
            update = update or Update(current.id, {}, {}, {})
            update.before["children"] = jsonable(held.get(current.id, []))
            update.after["children"] = jsonable(family.children)
            changes.replaced_children[current.id] = family.children
        old_holder = key_holders.get(current.id)
        if family.key_worker is not None and family.key_worker != old_holder:
            changes.moves[current.id] = (old_holder, family.key_worker)
        if update:
            changes.updated.append(update)
        if update or current.id in changes.moves:
            changes.units |= {current.unit_id, family.unit_id}
    changes.units |= {
        holder_id
        for kind, holder_id in [*filter(None, changes.key_workers), *(new for _, new in changes.moves.values())]
        if kind == "pod"
    }
    return changes


def apply(context: ImportContext, changes: FamilyChanges, tick: Callable[[int], None]) -> list[Entry]:
    session, today = context.session, context.today
    ids = insert_rows(session, Family, changes.created, tick)
    update_rows(session, Family, changes.updated)
    delete_where_in(session, Child.family_id, changes.replaced_children)
    new_children = list(zip(ids, changes.children)) + list(changes.replaced_children.items())
    insert_plain(
        session,
        Child,
        [{"family_id": family_id, **child} for family_id, children in new_children for child in children],
    )
    decided_by = context.actor.id if context.actor else None
    now = datetime.now(timezone.utc)
    allocations = [
        {
            "family_id": family_id,
            **_holder_columns(holder),
            "kind": AllocationKind.key,
            "starts_on": values["received_on"],
            "reason": "Key worker when the family was imported",
        }
        for family_id, values, holder in zip(ids, changes.created, changes.key_workers)
        if holder
    ] + [
        {
            "family_id": family_id,
            **_holder_columns(new),
            "kind": AllocationKind.key,
            "starts_on": today,
            "reason": "Key worker changed by an import",
        }
        for family_id, (_, new) in changes.moves.items()
    ]
    insert_plain(
        session,
        Allocation,
        [
            {**a, "ends_on": None, "decided_by_id": decided_by, "recommendation": None, "created_at": now}
            for a in allocations
        ],
    )
    bump_versions(session, Family, {u.id for u in changes.updated} | set(changes.moves))
    before = {family_id: old for family_id, (old, _) in changes.moves.items()}
    return (
        [
            Entry("family.create", "family", family_id, after=jsonable(values) | {"children": jsonable(children)})
            for family_id, values, children in zip(ids, changes.created, changes.children)
        ]
        + update_entries("family", changes.updated)
        + [
            Entry(
                "allocation.import",
                "family",
                a["family_id"],
                before=_holder_words(context, before.get(a["family_id"])),
                after=_holder_words(context, ("pod", a["pod_id"]) if a["pod_id"] else ("worker", a["worker_id"])),
                reason=a["reason"],
            )
            for a in allocations
        ]
    )


def _holder_columns(holder: Holder) -> dict:
    kind, holder_id = holder
    return {"worker_id": holder_id if kind == "worker" else None, "pod_id": holder_id if kind == "pod" else None}


def _holder_words(context: ImportContext, holder: Holder | None) -> dict:
    """A key holder for the audit trail: a worker by id (as before pods), a pod by id and name."""
    if holder is None or holder[0] == "worker":
        return {"key_worker_id": holder[1] if holder else None}
    return {"key_pod_id": holder[1], "key_pod": context.unit_names.get(holder[1])}
