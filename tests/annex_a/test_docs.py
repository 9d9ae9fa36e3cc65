"""docs/annex-a.md is the reference for the lists: its tables are the code's lists and columns,
and its example imports (as a dry run) into the demo council without a problem."""

import re
from pathlib import Path

import pytest

from backend.annex_a.exporting import LIST_OF_STATUS, export_columns
from backend.annex_a.importing import run_annex_a_import
from backend.annex_a.lists import FAMILY_ID, LISTS

DOC = (Path(__file__).resolve().parents[2] / "docs" / "annex-a.md").read_text(encoding="utf-8")


def _table(heading: str) -> list[list[str]]:
    """The rows (cells, backticks dropped) of the first table after the heading."""
    lines = DOC.split(heading + "\n", 1)[1].splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("|"))
    block = [line for line in lines[first:] if line.startswith("|")][
        : next((i for i, line in enumerate(lines[first:]) if not line.startswith("|")), len(lines))
    ]
    return [[cell.strip().strip("`") for cell in row.strip("|").split("|")] for row in block[2:]]


def test_the_lists_table_gives_each_list_its_status_and_dates():
    rows = {row[0]: row for row in _table("### What each list gives")}
    assert list(rows) == [a.name for a in LISTS.values()]
    for annex in LISTS.values():
        _, title, status, started, ended = rows[annex.name]
        assert (title, status) == (annex.title, annex.status)
        assert started == (annex.started or "(the day of the import)")
        assert (ended.split(" is today")[0] if ended else None) == annex.ended


def test_the_columns_read_are_every_column_the_code_reads():
    documented = [row[0] for row in _table("### The columns Keel reads")]
    read = [c for annex in LISTS.values() for c in annex.read]
    assert set(documented) == set(read) | {FAMILY_ID}
    assert len(documented) == len(set(documented))


def test_the_export_table_is_the_columns_written():
    documented = [row[0] for row in _table("## Exporting")]
    written = [c for n in sorted(set(LIST_OF_STATUS.values())) for c in export_columns(LISTS[n])]
    assert documented == list(dict.fromkeys(written))


@pytest.mark.parametrize("engine", ["sqlite"], indirect=True)
def test_the_example_imports_without_a_problem(engine):
    [block] = re.findall(r"```csv\n(.*?)```", DOC, flags=re.S)
    outcome = run_annex_a_import(engine, [("List 7 child protection.csv", block.encode())], None, dry_run=True)
    assert outcome.status == "done" and outcome.errors == [], outcome.errors
    assert outcome.created == 1
