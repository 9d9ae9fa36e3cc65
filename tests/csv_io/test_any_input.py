"""No input makes an import crash: any bytes are either refused as a file (ImportFileError, a 4xx
over the API) or checked row by row, every problem reported with its row and a reason."""

import csv
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backend.csv_io import KINDS, ImportFileError, run_import
from backend.csv_io.columns import header

PLAUSIBLE = st.sampled_from(
    [
        "W0002",
        "W0001",
        "T01",
        "T02",
        "S01",
        "2025-01-31",
        "31/01/2025",
        "01/31/2025",
        "yes",
        "no",
        "0.5",
        "1",
        "0",
        "2",
        "cin",
        "cp",
        "sickness",
        "court;plo",
        "",
        " ",
        "2015",
        "-1",
        "1e400",
        "nan",
        "=1+1",
        "\u00e9",
        "a" * 130,
    ]
)
CELL = st.one_of(PLAUSIBLE, st.text(max_size=12))


@st.composite
def files(draw) -> tuple[str, bytes]:
    kind = draw(st.sampled_from(KINDS))
    columns = header(kind)
    if draw(st.booleans()):
        columns = draw(st.permutations(columns))
    elif draw(st.booleans()):
        columns = draw(st.lists(st.sampled_from(columns + ["extra", ""]), max_size=14))
    rows = draw(st.lists(st.lists(CELL, min_size=0, max_size=len(columns) + 2), max_size=8))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    writer.writerows(rows)
    data = out.getvalue().encode("utf-8")
    if draw(st.integers(0, 9)) == 0:
        data = draw(st.binary(max_size=200))
    return kind, data


@pytest.mark.parametrize("engine", ["sqlite"], indirect=True)
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(upload=files(), dry_run=st.booleans())
def test_any_file_is_refused_or_checked_never_a_crash(engine, upload, dry_run):
    kind, data = upload
    try:
        outcome = run_import(engine, kind, data, None, dry_run=dry_run)
    except ImportFileError as exc:
        assert str(exc)
        return
    assert outcome.status in ("done", "failed")
    assert outcome.error_count >= len(outcome.errors)
    assert all(e.row >= 2 and e.reason for e in outcome.errors)
    assert (outcome.status == "failed") == (outcome.error_count > 0)
