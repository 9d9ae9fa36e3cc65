"""`keel --server URL ...` in-process (Typer's CliRunner) with the client's requests going to the app
over its TestClient, on SQLite and PostgreSQL; imports and exports go to the stand-in of
tests/client/fake_imports.py until the real routes are merged. A real server: tests/e2e/test_cli_over_http.py."""

import json

import pytest
from sqlalchemy import select, update

from backend import cli_remote
from backend.client import KeelClient
from backend.models import Unit, Worker
from tests.api.council import add_referrals, manager_team
from tests.api.signin import DEMO_PASSWORD, signed_in
from tests.client.fake_imports import EXPORTS, TOKEN, FakeImports
from tests.support.cli import invoke_keel, one_line_error, table_rows

SERVER = "http://keel.test"


def run(*args: str, password: str = DEMO_PASSWORD):
    return invoke_keel(*args, columns=220, KEEL_PASSWORD=password)


@pytest.fixture
def over_app(monkeypatch, client):
    """The remote commands' client talks to the app's TestClient (whatever --server says)."""
    monkeypatch.setattr(cli_remote, "open_client", lambda server, token: KeelClient(http=client, token=token))
    return client


@pytest.fixture
def team_code(session) -> str:
    return session.get(Unit, manager_team(session)).code


def test_units_are_the_ones_the_manager_may_see(over_app):
    manager = signed_in(over_app, "manager")
    mine = manager.every(manager.units)
    result = run("--server", SERVER, "--user", "manager", "units")
    assert result.exit_code == 0, result.output
    rows = table_rows(result.stdout)
    assert len(rows) == len(mine)
    for unit in mine:
        row = next(r for r in rows if f" {unit.code} " in r)
        assert f"{unit.load:.1f} / {unit.capacity:.1f}" in row


def test_workers_of_a_unit_given_by_its_code(over_app, session, team_code):
    team = manager_team(session)
    in_team = {w.code for w in session.scalars(select(Worker).where(Worker.unit_id == team))}
    result = run("--server", SERVER, "--user", "manager", "workers", "--unit", team_code.lower())
    assert result.exit_code == 0, result.output
    assert {row.split()[1] for row in table_rows(result.stdout)} == in_team


def test_recommend_and_accept_places_the_new_families(over_app, session, team_code):
    new = add_referrals(session, manager_team(session))
    result = run(
        "--server",
        SERVER,
        "--user",
        "manager",
        "plan",
        "recommend",
        "--unit",
        team_code,
        "--time-limit",
        "5",
        "--accept",
    )
    assert result.exit_code == 0, result.output
    placed = [row for row in table_rows(result.stdout) if "Test family" in row]
    assert len(placed) == len(new)
    applied = next(line for line in result.stdout.splitlines() if line.startswith("Accepted:"))
    assert applied.split()[1] == applied.split()[3]  # "Accepted: N of N placement(s) applied."
    manager = signed_in(over_app, "manager")
    assert all(manager.family(family_id).key_worker_id is not None for family_id in new)


def test_plan_as_json_places_only_waiting_families(over_app, session, team_code):
    add_referrals(session, manager_team(session), 1)
    result = run(
        "--server", SERVER, "--user", "manager", "plan", "recommend", "--unit", team_code, "--time-limit", "5", "--json"
    )
    assert result.exit_code == 0, result.output
    plan = json.loads(result.stdout)
    manager = signed_in(over_app, "manager")
    waiting = {f.id for f in manager.every(manager.families, unit_id=manager_team(session), unallocated=True)}
    assert plan["assignments"] and {a["family_id"] for a in plan["assignments"]} <= waiting


def test_a_plan_gone_stale_before_accepting_is_one_line(monkeypatch, client, session, engine, team_code):
    team = manager_team(session)
    add_referrals(session, team, 1)

    class AnotherManagerFirst(KeelClient):
        def accept_plan(self, plan_id, **choices):
            with engine.begin() as connection:  # the team changes between the plan and its acceptance
                connection.execute(update(Unit).where(Unit.id == team).values(version=Unit.version + 1))
            return super().accept_plan(plan_id, **choices)

    monkeypatch.setattr(cli_remote, "open_client", lambda server, token: AnotherManagerFirst(http=client))
    result = run(
        "--server",
        SERVER,
        "--user",
        "manager",
        "plan",
        "recommend",
        "--unit",
        team_code,
        "--time-limit",
        "5",
        "--accept",
    )
    assert one_line_error(result, 1) == "keel: 409 The team changed since this plan was made: ask for a new plan"


@pytest.mark.parametrize(
    "user, password, words",
    [
        ("worker", DEMO_PASSWORD, "keel: 403 Your role may not do this"),
        ("manager", "not the password", "keel: 401 Wrong username or password"),
    ],
    ids=["role", "password"],
)
def test_server_refusals_are_one_line(over_app, user, password, words):
    result = run("--server", SERVER, "--user", user, "units", password=password)
    assert one_line_error(result, 1) == words


def test_an_unknown_unit_code_is_one_line(over_app):
    result = run("--server", SERVER, "--user", "manager", "workers", "--unit", "NOPE")
    assert one_line_error(result, 1) == "keel: 404 No unit 'NOPE' among the units you can see"


@pytest.mark.parametrize("command", ["units", "workers", "export loads"])
def test_remote_commands_without_a_server_say_so(command):
    assert "needs a Keel server: give --server URL" in one_line_error(run(*command.split()), 2)


def test_remote_commands_need_someone_to_sign_in():
    assert "--user NAME" in one_line_error(run("--server", SERVER, "units"), 2)


@pytest.mark.parametrize("command", ["serve", "migrate", "demo", "solve snapshot.json"])
def test_local_commands_refuse_a_server(command):
    line = one_line_error(run("--server", SERVER, *command.split()), 2)
    assert f"keel {command.split()[0]}` works on the local database only" in line


@pytest.fixture
def fake(monkeypatch) -> FakeImports:
    fake = FakeImports()
    monkeypatch.setattr(cli_remote, "open_client", lambda server, token: KeelClient(http=fake.http(), token=token))
    return fake


def test_import_shows_what_was_created(fake, tmp_path):
    path = tmp_path / "workers.csv"
    path.write_text("code,name\nW1,Ada\nW2,Bo\n")
    result = run("--server", SERVER, "--token", TOKEN, "import", "workers", str(path))
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "Imported 2 row(s) of workers: 2 created, 0 updated."
    dry = run("--server", SERVER, "--token", TOKEN, "import", "workers", str(path), "--dry-run")
    assert dry.stdout.startswith("Checked (dry run: nothing saved) 2 row(s)") and fake.uploads[-1]["dry_run"]


def test_a_refused_import_lists_row_column_and_reason(fake, tmp_path):
    fake.errors = [
        {"row": 3, "column": "fte", "reason": "must be between 0 and 1"},
        {"row": 7, "column": "unit", "reason": "no unit T99"},
    ]
    path = tmp_path / "workers.csv"
    path.write_text("code,fte\n")
    result = run("--server", SERVER, "--token", TOKEN, "import", "workers", str(path))
    assert one_line_error(result, 1) == "keel: workers.csv was not imported: 2 rows refused: nothing saved"
    rows = table_rows(result.stdout)
    for error, row in zip(fake.errors, rows, strict=True):
        assert [cell.strip() for cell in row.strip("│").split("│")] == [
            str(error["row"]),
            error["column"],
            error["reason"],
        ]


def test_export_to_a_file_or_the_terminal(fake, tmp_path):
    out = tmp_path / "allocations.csv"
    result = run("--server", SERVER, "--token", TOKEN, "export", "allocations", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_text() == EXPORTS["allocations"]
    assert run("--server", SERVER, "--token", TOKEN, "export", "loads").stdout == EXPORTS["loads"]


def test_import_then_export_through_the_real_routes(over_app, session, tmp_path, team_code):
    """The client's import/export calls against the real routes (not the fake transport): a file with
    a mistake is refused with its row and column and nothing applied; a good one lands and shows in
    the export."""
    worker = session.scalars(select(Worker).where(Worker.role != "team_manager")).first()
    header = "worker_code,start_date,end_date,kind,planned\n"
    bad = tmp_path / "bad.csv"
    bad.write_text(header + f"{worker.code},2027-03-10,2027-03-01,training,yes\n", encoding="utf-8")
    refused = run("--server", SERVER, "--user", "admin", "import", "absences", str(bad))
    assert refused.exit_code == 1, refused.output
    assert "end_date" in refused.stdout and " 2 " in refused.stdout  # row 2, the column named
    good = tmp_path / "good.csv"
    good.write_text(header + f"{worker.code},01/03/2027,02/03/2027,training,yes\n", encoding="utf-8")
    checked = run("--server", SERVER, "--user", "admin", "import", "absences", str(good), "--dry-run")
    assert checked.exit_code == 0, checked.output
    admin = signed_in(over_app, "admin")
    assert admin.audit(action="absence.create").count == 0  # a dry run applies nothing
    done = run("--server", SERVER, "--user", "admin", "import", "absences", str(good))
    assert done.exit_code == 0, done.output
    assert admin.audit(action="absence.create").count == 1
    exported = run("--server", SERVER, "--user", "manager", "export", "loads", "--unit", team_code)
    assert exported.exit_code == 0, exported.output
    manager = signed_in(over_app, "manager")
    team_workers = {w.code for w in manager.every(manager.workers, unit_id=manager.unit_by_code(team_code).id)}
    exported_codes = {line.split(",")[0] for line in exported.stdout.strip().splitlines()[1:]}
    assert exported_codes == team_workers
