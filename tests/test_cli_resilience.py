"""`keel resilience` prints the grid of units x weeks for the database's council."""

import os
import subprocess
import sys

from sqlalchemy import select
from sqlmodel import Session

from backend.db import make_engine
from backend.models import Unit


def test_resilience_grid_lists_every_unit_with_its_stage(tmp_path):
    url = f"sqlite:///{tmp_path / 'keel.db'}"
    env = {**os.environ, "DATABASE_URL": url, "COLUMNS": "160"}
    keel = [sys.executable, "-m", "backend.cli"]
    subprocess.run([*keel, "demo", "--size", "small"], env=env, check=True, capture_output=True, timeout=120)
    result = subprocess.run([*keel, "resilience", "--weeks", "4"], env=env, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    engine = make_engine(url)
    with Session(engine) as session:
        codes = [u.code for u in session.scalars(select(Unit))]
    engine.dispose()
    rows = [line for line in result.stdout.splitlines() if line.startswith("│")]
    assert len(rows) == len(codes)
    for code in codes:
        row = next(line for line in rows if f" {code} " in line)
        assert any(stage in row for stage in ("stable", "losing grip", "breakdown", "crisis", "lock"))
        assert row.count("%") == 4


def test_what_if_prints_the_touched_units_before_and_after_and_changes_nothing(tmp_path):
    import json

    url = f"sqlite:///{tmp_path / 'keel.db'}"
    env = {**os.environ, "DATABASE_URL": url, "COLUMNS": "160"}
    keel = [sys.executable, "-m", "backend.cli"]
    subprocess.run([*keel, "demo", "--size", "small"], env=env, check=True, capture_output=True, timeout=120)
    engine = make_engine(url)
    with Session(engine) as session:
        team = session.scalars(select(Unit).where(Unit.kind == "team")).first().code
    result = subprocess.run([*keel, "what-if", "--add", f"{team}:1.0:social_worker:child_protection",
                             "--json"], env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    row = next(u for u in answer["units"] if u["code"] == team)
    assert row["after"]["load_ratio"] < row["before"]["load_ratio"]
    with Session(engine) as session:
        assert len(session.scalars(select(Unit)).all()) >= 2
        from backend.models import Worker
        assert not any(w.code.startswith("NEW") for w in session.scalars(select(Worker)))
    engine.dispose()
    unknown = subprocess.run([*keel, "what-if", "--lose", "NOBODY"], env=env, capture_output=True,
                             text=True, timeout=120)
    assert unknown.returncode != 0 and "no worker 'NOBODY'" in unknown.stderr
