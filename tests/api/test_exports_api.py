"""CSV exports over the API: the figures the API shows, each role's scope, and safe cells."""

import csv
import io

from sqlalchemy import select

from backend.csv_io import run_import
from backend.models import AuditEvent, User
from tests.api.signin import bearer
from tests.csv_io.support import csv_file


def download(client, headers, name: str, **params) -> list[dict]:
    response = client.get(f"/api/exports/{name}.csv", headers=headers, params=params)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"].startswith(f'attachment; filename="keel-{name}')
    return list(csv.DictReader(io.StringIO(response.text)))


def every(client, headers, path: str, **params) -> list[dict]:
    return client.get(path, headers=headers, params={"limit": 500, **params}).json()["data"]


def number(text: str) -> float | None:
    return float(text) if text else None


def test_loads_export_has_the_figures_of_the_workers_api(client):
    headers = bearer(client, "admin")
    exported = {row["code"]: row for row in download(client, headers, "loads")}
    shown = every(client, headers, "/api/workers")
    assert set(exported) == {w["code"] for w in shown}
    for worker in shown:
        row = exported[worker["code"]]
        assert (row["name"], row["role"], number(row["fte"]), row["agency"] == "yes") == (
            worker["name"],
            worker["role"],
            worker["fte"],
            worker["agency"],
        )
        assert (number(row["capacity"]), number(row["load"]), number(row["ratio"])) == (
            worker["capacity"],
            worker["load"],
            worker["load_ratio"],
        )
        assert (row["band"], int(row["families"]), int(row["children"])) == (
            worker["band"],
            worker["families"],
            worker["children"],
        )
        assert row["absent_until"] == (worker["absent_until"] or "")


def test_allocations_export_has_each_open_family_and_its_key_worker_since_when(client):
    headers = bearer(client, "leader")
    exported = {row["family_code"]: row for row in download(client, headers, "allocations")}
    shown = every(client, headers, "/api/families")
    assert set(exported) == {f["code"] for f in shown}
    assert any(not f["key_worker_id"] for f in shown)  # the demo keeps some families waiting
    for family in shown:
        row = exported[family["code"]]
        assert (row["family_name"], row["key_worker_name"], number(row["points"]), int(row["children"])) == (
            family["name"],
            family["key_worker_name"] or "",
            family["points"],
            family["children"],
        )
    for family in shown[:8]:
        history = client.get(f"/api/families/{family['id']}", headers=headers).json()["history"]
        keys = [a for a in history if a["kind"] == "key"]
        expected = keys[-1]["starts_on"] if family["key_worker_id"] else ""
        assert exported[family["code"]]["allocated_since"] == expected


def test_managers_export_their_team_only_and_workers_none(client, session):
    manager = session.scalars(select(User).where(User.username == "manager")).one()
    headers = bearer(client, "manager")
    for name, path, key, code in (
        ("loads", "/api/workers", "code", "code"),
        ("allocations", "/api/families", "family_code", "code"),
    ):
        exported = {row[key] for row in download(client, headers, name)}
        assert exported == {item[code] for item in every(client, headers, path)}
        assert exported == {row[key] for row in download(client, headers, name, unit_id=manager.unit_id)}
        everything = {row[key] for row in download(client, bearer(client, "admin"), name)}
        assert exported < everything
    other = next(
        u["id"]
        for u in client.get("/api/units", headers=bearer(client, "leader")).json()["data"]
        if u["kind"] == "team" and u["id"] != manager.unit_id
    )
    client.cookies.clear()
    assert client.get("/api/exports/loads.csv", headers=headers, params={"unit_id": other}).status_code == 404
    assert client.get("/api/exports/loads.csv", headers=headers, params={"unit_id": 99999}).status_code == 404
    assert client.get("/api/exports/allocations.csv", headers=bearer(client, "worker")).status_code == 403
    client.cookies.clear()
    assert client.get("/api/exports/allocations.csv").status_code == 401


def test_exported_text_never_runs_as_a_formula_and_each_export_is_audited(client, engine, session):
    rows = [
        {
            "family_code": "F90001",
            "family_name": '=HYPERLINK("http://x")',
            "team": "T01",
            "received_on": "2025-01-01",
            "child_first_name": "Sam",
            "child_birth_year": "2015",
            "child_status": "cin",
        }
    ]
    assert run_import(engine, "families", csv_file("families", rows), None).status == "done"
    headers = bearer(client, "admin")
    row = next(r for r in download(client, headers, "allocations") if r["family_code"] == "F90001")
    assert row["family_name"] == '\'=HYPERLINK("http://x")' and row["key_worker"] == ""
    events = session.scalars(select(AuditEvent).where(AuditEvent.action == "export.allocations")).all()
    assert [(e.actor, e.after["unit_id"]) for e in events] == [("admin", None)]
