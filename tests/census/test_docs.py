"""docs/census.md is the reference for the census file: its table is the code's columns, and its
example imports (as a dry run) into the demo council without a problem."""

import re
from pathlib import Path

import pytest

from backend.census.columns import KEEL_ADDED, PUBLISHED, READ
from backend.census.importing import census_source
from backend.census.sickness import NATIONAL_SICKNESS_RATE, WORKING_DAYS_A_YEAR
from backend.csv_io.importing import import_rows

DOC = (Path(__file__).resolve().parents[2] / "docs" / "census.md").read_text(encoding="utf-8")


def test_the_table_lists_the_columns_keel_reads_then_those_it_adds():
    documented = re.findall(r"^\| `(\w+)` \|", DOC, flags=re.M)
    assert documented == [*READ, *KEEL_ADDED]
    assert set(READ) <= set(PUBLISHED) and not set(KEEL_ADDED) & set(PUBLISHED)


def test_the_sickness_figures_said_are_the_code_s():
    assert f"over {WORKING_DAYS_A_YEAR} working days" in DOC
    assert f"{NATIONAL_SICKNESS_RATE:.1%}" in DOC and 8 / WORKING_DAYS_A_YEAR == NATIONAL_SICKNESS_RATE


@pytest.mark.parametrize("engine", ["sqlite"], indirect=True)
def test_the_example_imports_without_a_problem(engine):
    [block] = re.findall(r"```csv\n(.*?)```", DOC, flags=re.S)
    outcome = import_rows(engine, census_source(block.encode()), None, dry_run=True)
    assert outcome.status == "done" and outcome.errors == [], outcome.errors
    assert outcome.created == 1
