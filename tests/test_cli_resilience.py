"""`keel resilience` prints the grid of units x weeks for the database's council."""

from sqlalchemy import select
from sqlmodel import Session

from backend.db import make_engine
from backend.models import Unit
from tests.support.cli import invoke_keel, table_rows


def test_resilience_grid_lists_every_unit_with_its_stage(tmp_path):
    url = f"sqlite:///{tmp_path / 'keel.db'}"
    loaded = invoke_keel("demo", "--size", "small", database_url=url)
    assert loaded.exit_code == 0, loaded.output
    result = invoke_keel("resilience", "--weeks", "4", database_url=url)
    assert result.exit_code == 0, result.stderr
    engine = make_engine(url)
    with Session(engine) as session:
        codes = [u.code for u in session.scalars(select(Unit))]
    engine.dispose()
    rows = table_rows(result.stdout)
    assert len(rows) == len(codes)
    for code in codes:
        row = next(line for line in rows if f" {code} " in line)
        assert any(stage in row for stage in ("stable", "losing grip", "breakdown", "crisis", "lock"))
        assert row.count("%") == 4


def test_what_if_prints_the_touched_units_before_and_after_and_changes_nothing(tmp_path):
    import json

    from backend.models import Worker

    url = f"sqlite:///{tmp_path / 'keel.db'}"
    assert invoke_keel("demo", "--size", "small", database_url=url).exit_code == 0
    engine = make_engine(url)
    with Session(engine) as session:
        team = session.scalars(select(Unit).where(Unit.kind == "team")).first().code
        workers_before = len(session.scalars(select(Worker)).all())
    result = invoke_keel("what-if", "--add", f"{team}:1.0:social_worker:child_protection", "--json", database_url=url)
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    row = next(u for u in answer["units"] if u["code"] == team)
    assert row["after"]["load_ratio"] < row["before"]["load_ratio"]
    with Session(engine) as session:
        assert len(session.scalars(select(Worker)).all()) == workers_before  # nothing was added
    engine.dispose()
    unknown = invoke_keel("what-if", "--lose", "NOBODY", database_url=url)
    assert unknown.exit_code != 0 and "no worker 'NOBODY'" in unknown.output


def test_what_if_compares_a_team_split_into_pods_and_refuses_what_it_cannot_try(tmp_path):
    """`keel what-if --split-into-pods UNIT:SIZE`: the team as it is beside the same people in pods
    (issue 11), in words; nothing changes."""
    import json

    url = f"sqlite:///{tmp_path / 'keel.db'}"
    assert invoke_keel("demo", "--size", "small", database_url=url).exit_code == 0
    engine = make_engine(url)
    with Session(engine) as session:
        team = session.scalars(select(Unit).where(Unit.kind == "team")).first().code
    engine.dispose()
    both = invoke_keel("what-if", "--merge-pods", team, "--split-into-pods", f"{team}:3", database_url=url)
    assert both.exit_code != 0 and "not both" in both.output
    mixed = invoke_keel("what-if", "--split-into-pods", f"{team}:3", "--lose", "W0001", database_url=url)
    assert mixed.exit_code != 0 and "on its own" in mixed.output
    assert "at least 2" in invoke_keel("what-if", "--split-into-pods", f"{team}:1", database_url=url).output
    no_pods = invoke_keel("what-if", "--merge-pods", team, database_url=url)
    assert no_pods.exit_code != 0 and "has no pods to merge" in no_pods.output
    result = invoke_keel("what-if", "--split-into-pods", f"{team}:3", "--json", database_url=url)
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert answer["unit"]["code"] == team and answer["mode"] == "split_into_pods" and answer["pod_size"] == 3
    assert answer["sentences"][1].startswith("With its case holders in pods of 3 that hold families, it ")
    assert {"n1_secure", "n2_secure", "load_ratio"} <= set(answer["as_is"]) & set(answer["reorganised"])
    table = invoke_keel("what-if", "--split-into-pods", f"{team}:3", database_url=url)
    assert table.exit_code == 0 and "Reorganised" in table.stdout
