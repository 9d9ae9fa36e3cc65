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
