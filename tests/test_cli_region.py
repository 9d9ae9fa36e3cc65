"""`keel region`: synthetic councils written to a folder, a council's own snapshot, the forecast in
one process published to the local database, the partnership what-if, and clear refusals."""

import json

from sqlmodel import Session

from backend.db import make_engine
from backend.region.councils import load
from backend.region.forecast import partnership
from backend.services.region import latest
from tests.support.cli import invoke_keel


def test_region_commands_from_demo_to_published_view(tmp_path):
    url = f"sqlite:///{tmp_path / 'keel.db'}"
    folder = tmp_path / "region"
    made = invoke_keel(
        "region", "demo", str(folder), "--councils", "3", "--workers", "130", "--processes", "0", database_url=url
    )
    assert made.exit_code == 0, made.output
    assert sorted(p.name for p in folder.glob("*.json")) == ["C001.json", "C002.json", "C003.json"]
    assert invoke_keel("demo", "--size", "small", database_url=url).exit_code == 0
    own = invoke_keel(
        "region",
        "snapshot",
        str(folder / "C004.json"),
        "--code",
        "C004",
        "--name",
        "Little Northbridge",
        database_url=url,
    )
    assert own.exit_code == 0, own.output
    assert json.loads((folder / "C004.json").read_text())["council"]["name"] == "Little Northbridge"
    out = tmp_path / "forecast.json"
    forecast = invoke_keel(
        "region",
        "forecast",
        str(folder),
        "--processes",
        "0",
        "--scenarios",
        "10",
        "--out",
        str(out),
        "--publish",
        database_url=url,
    )
    assert forecast.exit_code == 0, forecast.output
    assert "Little Northbridge" in forecast.stdout and "Published" in forecast.stdout
    assert len(json.loads(out.read_text())["councils"]) == 4
    engine = make_engine(url)
    with Session(engine) as session:
        assert [c.code for c in latest(session).councils] == ["C001", "C002", "C003", "C004"]
    engine.dispose()
    loan = invoke_keel(
        "region", "lend", str(folder), "--from", "C001", "--to", "C002", "--scenarios", "10", database_url=url
    )
    assert loan.exit_code == 0, loan.output
    expected = partnership(load(folder), "C001", "C002", scenarios=10)  # the same loan, asked directly
    borrower = expected["borrower"]
    assert (
        f"lends {expected['workers_lent']} workers" in loan.stdout
        and f"{borrower['not_n1_secure_before']} -> {borrower['not_n1_secure_after']} of {borrower['teams']}"
        in " ".join(loan.stdout.split())
    )
    for unit in borrower["helped"]:
        assert all(w["worker"] in loan.stdout for w in unit["workers"])


def test_region_commands_refuse_clearly(tmp_path):
    url = f"sqlite:///{tmp_path / 'keel.db'}"
    empty = invoke_keel("region", "forecast", str(tmp_path), "--processes", "0", database_url=url)
    assert empty.exit_code == 2 and "no council files" in empty.stderr
    (tmp_path / "C001.json").write_text("{}")
    broken = invoke_keel("region", "forecast", str(tmp_path), "--processes", "0", database_url=url)
    assert broken.exit_code == 2 and "C001.json is not a council file" in broken.stderr
    too_few = invoke_keel(
        "region", "demo", str(tmp_path / "x"), "--councils", "10", "--workers", "100", database_url=url
    )
    assert too_few.exit_code == 2 and "need at least 400 workers" in too_few.stderr
