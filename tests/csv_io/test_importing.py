"""Imports through the service entry point, on SQLite and PostgreSQL: what lands, what is audited,
which versions move, and that any problem (or a database error) leaves everything as it was."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from backend.csv_io import importing, run_import
from backend.models import Absence, AbsenceKind, Allocation, AuditEvent, Child, Family, Unit, User, Worker
from backend.services.allocations import current_workers
from backend.services.plan_accept import StalePlan, accept_plan
from backend.services.planning.plans import PlanBasis
from tests.csv_io.support import csv_file, database_state

TODAY = date.today()


def events(session, source: str) -> list[AuditEvent]:
    return list(session.scalars(select(AuditEvent).where(AuditEvent.source == source).order_by(AuditEvent.id)))


def versions(session, model) -> dict[str, int]:
    return {row.code: row.version for row in session.scalars(select(model))}


def test_workers_are_created_and_updated_with_before_and_after_in_the_audit(engine):
    with Session(engine) as session:
        admin = session.scalars(select(User).where(User.username == "admin")).one()
        old = session.scalars(select(Worker).where(Worker.code == "W0002")).one()
        unit_versions, worker_versions = versions(session, Unit), versions(session, Worker)
    data = csv_file(
        "workers",
        [
            {
                "code": "W0101",
                "name": "Ada Example",
                "role": "Social worker",
                "fte": "0.6",
                "agency": "yes",
                "team": "T02",
                "start_date": "02/09/2024",
                "skills": "court;Child_Protection",
            },
            {
                "code": "W0002",
                "name": old.name,
                "role": "senior_practitioner",
                "fte": "1",
                "team": "T01",
                "patch": old.patch,
                "start_date": old.start_date.isoformat(),
                "leaving_date": "31/03/2027",
                "skills": ";".join(old.skills),
            },
        ],
        bom=True,
    )
    outcome = run_import(engine, "workers", data, admin)
    assert (outcome.status, outcome.rows, outcome.created, outcome.updated) == ("done", 2, 1, 1), outcome
    with Session(engine) as session:
        new = session.scalars(select(Worker).where(Worker.code == "W0101")).one()
        assert (new.name, new.role.value, new.fte, new.agency, new.start_date, new.skills) == (
            "Ada Example",
            "social_worker",
            0.6,
            True,
            date(2024, 9, 2),
            ["child_protection", "court"],
        )
        assert session.get(Unit, new.unit_id).code == "T02"
        changed = session.get(Worker, old.id)
        assert (changed.fte, changed.leaving_date, changed.version) == (1.0, date(2027, 3, 31), old.version + 1)
        trail = events(session, f"import:{outcome.id}")
        assert [e.action for e in trail] == ["worker.create", "worker.update", "import.workers"]
        assert trail[0].entity_id == new.id and trail[0].after["code"] == "W0101"
        assert trail[1].before == {"fte": 0.8, "leaving_date": None}
        assert trail[1].after == {"fte": 1.0, "leaving_date": "2027-03-31"}
        assert trail[2].after["created"] == 1 and all(e.actor == "admin" for e in trail)
        assert versions(session, Unit) == {code: v + 1 for code, v in unit_versions.items()}  # T01, T02, S01
        assert versions(session, Worker) == {**worker_versions, "W0002": worker_versions["W0002"] + 1, "W0101": 1}


def family_rows(code: str, team: str, children: list[tuple[str, int, str]], **columns) -> list[dict]:
    family = {
        "family_code": code,
        "family_name": f"Family {code}",
        "team": team,
        "received_on": "2025-03-01",
        **columns,
    }
    return [
        {**family, "child_first_name": name, "child_birth_year": year, "child_status": status}
        for name, year, status in children
    ]


def test_families_land_with_their_children_and_key_workers(engine):
    with Session(engine) as session:
        existing = session.scalars(select(Family).where(Family.code == "F00001")).one()
        before_worker = current_workers(session, TODAY)[existing.id]
        other = session.scalars(
            select(Worker).where(
                Worker.unit_id == existing.unit_id, Worker.id != before_worker, Worker.role != "team_manager"
            )
        ).first()
        team = session.get(Unit, existing.unit_id).code
        family_versions = versions(session, Family)
    rows = (
        family_rows(
            "F90001",
            "T02",
            [("Sam", 2014, "cp"), ("Alex", 2017, "CP")],
            key_worker="W0009",
            flags="court",
            received_on="06/10/2025",
        )
        + family_rows("F90002", "T01", [("Jo", 2009, "cin")])
        + family_rows(
            "F00001",
            team,
            [("Kim", 2012, "cla"), ("Lee", 2015, "cin")],
            key_worker=other.code,
            area=existing.area,
            travel_band=existing.travel_band,
            received_on=existing.received_on.strftime("%d/%m/%Y"),
            flags=";".join(existing.flags),
        )
    )
    outcome = run_import(engine, "families", csv_file("families", rows), None)
    assert (outcome.status, outcome.rows, outcome.created, outcome.updated) == ("done", 5, 2, 1), outcome
    with Session(engine) as session:
        new = session.scalars(select(Family).where(Family.code == "F90001")).one()
        assert (new.received_on, new.flags, session.get(Unit, new.unit_id).code) == (
            date(2025, 10, 6),
            ["court"],
            "T02",
        )
        children = session.scalars(select(Child).where(Child.family_id == new.id).order_by(Child.first_name)).all()
        assert [(c.first_name, c.birth_year, c.status.value) for c in children] == [
            ("Alex", 2017, "cp"),
            ("Sam", 2014, "cp"),
        ]
        replaced = session.scalars(select(Child).where(Child.family_id == existing.id).order_by(Child.first_name)).all()
        assert [c.first_name for c in replaced] == ["Kim", "Lee"]
        keys = current_workers(session, TODAY)
        unallocated = session.scalars(select(Family).where(Family.code == "F90002")).one()
        assert keys[new.id] == session.scalars(select(Worker.id).where(Worker.code == "W0009")).one()
        assert unallocated.id not in keys
        assert keys[existing.id] == other.id
        started = {
            a.family_id: a.starts_on
            for a in session.scalars(select(Allocation).where(Allocation.reason.like("%import%")))
        }
        assert started == {new.id: date(2025, 10, 6), existing.id: TODAY}
        trail = events(session, f"import:{outcome.id}")
        assert sorted(e.action for e in trail) == sorted(
            [
                "family.create",
                "family.create",
                "family.update",
                "allocation.import",
                "allocation.import",
                "import.families",
            ]
        )
        move = next(e for e in trail if e.action == "allocation.import" and e.entity_id == existing.id)
        assert (move.before, move.after) == ({"key_worker_id": before_worker}, {"key_worker_id": other.id})
        update = next(e for e in trail if e.action == "family.update")
        assert set(update.before) == {"name", "children"} and update.after["name"] == "Family F00001"
        assert session.get(Family, existing.id).version == family_versions["F00001"] + 1
    state = database_state(engine)
    again = run_import(engine, "families", csv_file("families", rows), None)
    assert (again.status, again.created, again.updated) == ("done", 0, 0)
    assert database_state(engine) == {**state, "AuditEvent": state["AuditEvent"] + 1}  # the summary only


def test_a_plan_made_before_an_import_is_refused_as_stale(engine):
    with Session(engine) as session:
        team = session.scalars(select(Unit).where(Unit.code == "T01")).one()
        family = session.scalars(select(Family).where(Family.unit_id == team.id)).first()
        worker = session.scalars(select(Worker).where(Worker.code == "W0005")).one()
        basis = PlanBasis("recommend", team.id, team.version, {family.id: family.version})
    absence = csv_file(
        "absences", [{"worker_code": "W0006", "start_date": "2027-01-04", "end_date": "08/01/2027", "kind": "training"}]
    )
    assert run_import(engine, "absences", absence, None).status == "done"
    plan = {"assignments": [{"family_id": family.id, "worker_id": worker.id, "reasons": ["test"]}]}
    with Session(engine) as session, pytest.raises(StalePlan):
        accept_plan(
            session,
            user=session.scalars(select(User)).first(),
            job_id="x",
            basis=basis,
            plan=plan,
            families=[family.id],
            overrides=[],
            on=TODAY,
        )


def test_absences_in_either_date_order_update_the_same_absence_rather_than_repeat_it(engine):
    rows = [{"worker_code": "W0003", "start_date": "2026-12-21", "end_date": "01/01/2027", "kind": "annual leave"}]
    first = run_import(engine, "absences", csv_file("absences", rows), None)
    rows[0] |= {"start_date": "21/12/2026", "end_date": "2027-01-01", "kind": "Sickness", "planned": "no"}
    second = run_import(engine, "absences", csv_file("absences", rows), None)
    assert (first.created, first.updated, second.created, second.updated) == (1, 0, 0, 1)
    with Session(engine) as session:
        worker_id = session.scalars(select(Worker.id).where(Worker.code == "W0003")).one()
        found = session.scalars(
            select(Absence).where(Absence.worker_id == worker_id, Absence.start_date == date(2026, 12, 21))
        ).one()
        assert (found.end_date, found.kind, found.planned) == (date(2027, 1, 1), AbsenceKind.sickness, False)
        update = events(session, f"import:{second.id}")[0]
        assert (update.action, update.before, update.after) == (
            "absence.update",
            {"kind": "annual_leave", "planned": True},
            {"kind": "sickness", "planned": False},
        )


FUTURE = (TODAY + timedelta(days=3)).isoformat()
FAMILY_PROBLEMS = [  # (row's columns, the (row, column) problems expected on it)
    (family_rows("F1", "T01", [("Ann", 2015, "cin")], key_worker="W0002"), []),
    (family_rows("F1", "T02", [("Bea", 2016, "cin")], key_worker="W0002"), ["team"]),
    (family_rows("F2", "T99", [("Cal", 2015, "cin")]), ["team"]),
    (family_rows("F3", "T01", [("Dan", 2015, "cin")], key_worker="W9999"), ["key_worker"]),
    (family_rows("F4", "T01", [("Eve", 2015, "cin")], key_worker="W0001"), ["key_worker"]),
    (family_rows("F5", "T01", [("Fay", 2015, "cin")], received_on="11/24/2025"), ["received_on"]),
    (family_rows("F6", "T01", [("Gus", 2015, "cin")], closed_on="2025-02-01"), ["closed_on"]),
    (family_rows("F7", "T01", [("Hal", 2015, "adopted")]), ["child_status"]),
    (family_rows("F8", "T01", [("Ivy", 1950, "cin")]), ["child_birth_year"]),
    (family_rows("F1", "T01", [("ann", 2015, "cp")], key_worker="W0002"), ["child_first_name"]),
    (family_rows("F9", "T01", [("Jon", 2015, "cin")], family_name=""), ["family_name"]),
    (
        family_rows("F10", "T01", [("Kit", 2015, "cin")], travel_band="3", flags="domestic abuse"),
        ["travel_band", "flags"],
    ),
    (family_rows("F11", "T01", [("Lou", 2015, "cin")], received_on=FUTURE), ["received_on"]),
    (
        family_rows("F12", "T01", [("", 20015, "cin")], received_on=""),
        ["received_on", "child_first_name", "child_birth_year"],
    ),
]


@pytest.mark.parametrize(
    "kind, rows, expected",
    [
        (
            "families",
            [r for rows, _ in FAMILY_PROBLEMS for r in rows],
            {(n, c) for n, (_, columns) in enumerate(FAMILY_PROBLEMS, start=2) for c in columns},
        ),
        (
            "workers",
            [
                {
                    "code": "W0201",
                    "name": "A",
                    "role": "social_worker",
                    "fte": "1",
                    "team": "T01",
                    "start_date": "2024-01-01",
                },
                {
                    "code": "W0201",
                    "name": "B",
                    "role": "social_worker",
                    "fte": "1",
                    "team": "T01",
                    "start_date": "2024-01-01",
                },
                {
                    "code": "W0202",
                    "name": "C",
                    "role": "wizard",
                    "fte": "0",
                    "team": "T09",
                    "start_date": "2024-01-01",
                    "leaving_date": "2023-12-31",
                    "agency": "sometimes",
                },
                {"code": "W0203", "role": "asye", "fte": "1.2", "team": "T01", "start_date": "2024-13-01"},
            ],
            {
                (3, "code"),
                (4, "role"),
                (4, "fte"),
                (4, "team"),
                (4, "leaving_date"),
                (4, "agency"),
                (5, "name"),
                (5, "fte"),
                (5, "start_date"),
            },
        ),
        (
            "absences",
            [
                {"worker_code": "W0003", "start_date": "2027-01-04", "end_date": "2027-01-08", "kind": "training"},
                {"worker_code": "W0003", "start_date": "04/01/2027", "end_date": "08/01/2027", "kind": "sickness"},
                {"worker_code": "W9999", "start_date": "2027-01-04", "end_date": "2027-01-08", "kind": "training"},
                {
                    "worker_code": "W0004",
                    "start_date": "2027-01-08",
                    "end_date": "2027-01-04",
                    "kind": "holiday",
                    "planned": "perhaps",
                },
                {"worker_code": "W0005", "start_date": "2027-01-01", "end_date": "2029-06-01", "kind": "parental"},
                {"worker_code": "W0003", "start_date": "2027-01-06", "end_date": "2027-01-12", "kind": "training"},
            ],
            {
                (3, "start_date"),
                (4, "worker_code"),
                (5, "end_date"),
                (5, "kind"),
                (5, "planned"),
                (6, "end_date"),
                (7, "start_date"),
            },
        ),  # row 7 overlaps row 2
    ],
)
def test_any_problem_names_every_row_and_column_and_nothing_is_written(engine, kind, rows, expected):
    data = csv_file(kind, rows) + b"W1,short row\r\n"
    expected = expected | {(len(rows) + 2, "")}
    before = database_state(engine)
    outcome = run_import(engine, kind, data, None)
    assert outcome.status == "failed" and "nothing was imported" in outcome.message
    assert {(e.row, e.column) for e in outcome.errors} == expected, outcome.errors
    assert outcome.error_count == len(outcome.errors) and all(e.reason for e in outcome.errors)
    assert [e.row for e in outcome.errors] == sorted(e.row for e in outcome.errors)
    assert (outcome.created, outcome.updated) == (0, 0)
    assert database_state(engine) == before


def test_a_database_error_while_writing_leaves_nothing_written(engine, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("UPDATE unit", {}, Exception("the disk is full"))

    monkeypatch.setattr(importing, "bump_unit_versions", refuse)  # after families, children, allocations are written
    before = database_state(engine)
    rows = family_rows("F90001", "T01", [("Sam", 2014, "cin")], key_worker="W0002")
    outcome = run_import(engine, "families", csv_file("families", rows), None)
    assert outcome.status == "failed" and "the disk is full" in outcome.message
    assert "nothing was imported" in outcome.message and (outcome.created, outcome.updated) == (0, 0)
    assert database_state(engine) == before


def test_a_dry_run_counts_what_would_change_and_writes_nothing(engine):
    before = database_state(engine)
    rows = family_rows("F90001", "T01", [("Sam", 2014, "cin"), ("Max", 2016, "cin")]) + family_rows(
        "F00002", "T01", [("Ola", 2013, "cp")]
    )
    reports = []
    outcome = run_import(
        engine,
        "families",
        csv_file("families", rows),
        None,
        dry_run=True,
        progress=lambda fraction, message: reports.append((fraction, message)),
    )
    assert (outcome.status, outcome.dry_run, outcome.rows, outcome.created, outcome.updated) == ("done", True, 3, 1, 1)
    assert "dry run" in outcome.message
    assert database_state(engine) == before
    assert reports and [f for f, _ in reports] == sorted(f for f, _ in reports)
    assert reports[-1][1] == "Validating row 3 of 3"
