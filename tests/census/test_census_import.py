"""The workforce census's worker table into Keel: workers matched by Social Work England number,
their FTE, agency, role, dates and sickness days set, the rest kept; the days lost set each unit's
sickness rate in the collapse-risk forecast, and the unit's page says where its rate comes from."""

import csv
import io
from datetime import date

import pytest
from sqlalchemy import select
from sqlmodel import Session

from backend.census.columns import PUBLISHED
from backend.census.importing import census_source
from backend.csv_io.importing import import_rows
from backend.csv_io.problems import ImportFileError
from backend.models import AuditEvent, Unit, UnitKind, Worker
from backend.services.planning.rows import snapshot_of
from tests.api.signin import bearer
from tests.csv_io.support import database_state


def _census(rows: list[dict], extra: tuple[str, ...] = ("Name", "Team")) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    columns = [*PUBLISHED, "LA", *extra]  # every published column, and the LA code added by many exports
    writer.writerow([c.upper() if c == "FTE30" else c for c in columns])
    for row in rows:
        writer.writerow([row.get(c, "") for c in columns])
    return out.getvalue().encode()


def _team(session):
    team = session.scalars(select(Unit).where(Unit.kind == UnitKind.team).order_by(Unit.code)).first()
    workers = session.scalars(
        select(Worker).where(Worker.unit_id == team.id, Worker.role != "team_manager").order_by(Worker.code)
    ).all()
    return team, workers


def test_the_census_updates_known_workers_creates_named_ones_and_keeps_the_rest(engine):
    with Session(engine) as session:
        team, workers = _team(session)
        known = workers[0]
        kept = (known.name, known.unit_id, known.skills, known.role.value)
    data = _census(
        [
            {
                "SWENo": known.code,
                "AgencyWorker": "1",
                "FTE": "0.6",
                "RoleStartDate": "2019-09-02",
                "OrgRole": "4" if kept[3] == "senior_practitioner" else "5",  # a case holder keeps Keel's finer role
                "WorkingDaysLost": "12.5",
                "Ethnicity": "WBRI",
                "Cases30": "14",
            },
            {
                "SWENo": "SW0000012345",
                "AgencyWorker": "0",
                "FTE": "1",
                "OrgRole": "4",
                "RoleStartDate": "01/04/2024",
                "WorkingDaysLost": "0",
                "Name": "Nia Census",
                "Team": team.code,
            },
        ]
    )
    outcome = import_rows(engine, census_source(data), None)
    assert outcome.status == "done", outcome.errors
    assert (outcome.kind, outcome.created, outcome.updated) == ("census", 1, 1)
    with Session(engine) as session:
        updated = session.get(Worker, known.id)
        assert (updated.fte, updated.agency, updated.sickness_days) == (0.6, True, 12.5)
        assert (updated.name, updated.unit_id, updated.skills, updated.role.value) == kept
        created = session.scalars(select(Worker).where(Worker.code == "SW0000012345")).one()
        assert (created.name, created.role.value, created.unit_id) == ("Nia Census", "senior_practitioner", team.id)
        assert session.scalars(select(AuditEvent).where(AuditEvent.action == "import.census")).one()


def test_an_unknown_number_without_a_name_is_refused_and_nothing_changes(engine):
    with Session(engine) as session:
        _, workers = _team(session)
    before = database_state(engine)
    data = _census(
        [
            {
                "SWENo": workers[0].code,
                "AgencyWorker": "0",
                "FTE": "1",
                "OrgRole": "5",
                "RoleStartDate": "2020-01-01",
                "WorkingDaysLost": "3",
            },
            {
                "SWENo": "SW9999999999",
                "AgencyWorker": "0",
                "FTE": "1",
                "OrgRole": "5",
                "RoleStartDate": "2020-01-01",
                "WorkingDaysLost": "2",
            },
            {
                "SWENo": workers[1].code,
                "AgencyWorker": "maybe",
                "FTE": "1",
                "OrgRole": "5",
                "RoleStartDate": "2020-01-01",
                "WorkingDaysLost": "2",
            },
        ],
        extra=(),
    )
    outcome = import_rows(engine, census_source(data), None)
    assert outcome.status == "failed" and database_state(engine) == before
    assert {(e.row, e.column) for e in outcome.errors} == {(3, "SWENo"), (4, "AgencyWorker")}


def test_a_census_without_the_columns_keel_reads_is_refused_in_words():
    with pytest.raises(ImportFileError, match="WorkingDaysLost"):
        census_source(b"SWENo,FTE\nSW1,1\n")


def test_census_days_set_the_team_s_sickness_rate_in_the_forecast_and_on_its_page(engine, client):
    with Session(engine) as session:
        team, workers = _team(session)
        days = {w.code: float(3 * (i + 1)) for i, w in enumerate(workers)}
        fte = {w.code: w.fte for w in workers}
    data = _census(
        [
            {
                "SWENo": code,
                "AgencyWorker": "0",
                "FTE": str(fte[code]),
                "OrgRole": "5",
                "RoleStartDate": "2020-01-01",
                "WorkingDaysLost": str(lost),
            }
            for code, lost in days.items()
        ],
        extra=(),
    )
    assert import_rows(engine, census_source(data), None).status == "done"
    expected = round(sum(days.values()) / (sum(fte.values()) * 250), 4)  # working days a year: 250
    with Session(engine) as session:
        snapshot = snapshot_of(session, date.today())
    assert snapshot["resilience"]["sickness_rates"][team.code] == expected
    shown = client.get(f"/api/units/{team.id}", headers=bearer(client, "leader")).json()
    assert (shown["sickness_rate"], shown["sickness_rate_from"]) == (expected, "workforce census")
    other = client.get("/api/units", headers=bearer(client, "leader")).json()["data"]
    assert any(u["sickness_rate_from"] == "national default" and u["sickness_rate"] == 0.032 for u in other)
