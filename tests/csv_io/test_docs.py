"""docs/csv-import.md is the reference for the files: its headers are the code's columns, and its
examples import (as a dry run) into the demo council without a problem."""

import re
from pathlib import Path

import pytest

from backend.csv_io import KINDS, run_import
from backend.csv_io.columns import header
from backend.csv_io.exporting import ALLOCATION_COLUMNS, LOAD_COLUMNS

DOC = Path(__file__).resolve().parents[2] / "docs" / "csv-import.md"


def csv_blocks() -> list[str]:
    return re.findall(r"```csv\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)


def documented_columns(kind: str) -> list[str]:
    """The first column of the markdown table in the section about `kind`."""
    section = DOC.read_text(encoding="utf-8").split(f"## {kind.capitalize()}\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\| `([a-z_]+)` \|", section, flags=re.M)


def test_every_kind_and_export_has_its_header_documented_exactly():
    headers = [block.splitlines()[0] for block in csv_blocks()]
    expected = [",".join(header(kind)) for kind in KINDS] + [",".join(ALLOCATION_COLUMNS), ",".join(LOAD_COLUMNS)]
    assert headers == expected


@pytest.mark.parametrize("kind", KINDS)
def test_the_column_tables_list_the_columns_in_order(kind):
    assert documented_columns(kind) == header(kind)


@pytest.mark.parametrize("kind", KINDS)
def test_the_examples_import_without_a_problem(engine, kind):
    block = next(b for b in csv_blocks() if b.splitlines()[0] == ",".join(header(kind)))
    outcome = run_import(engine, kind, block.encode("utf-8"), None, dry_run=True)
    assert outcome.errors == [] and outcome.status == "done", outcome.errors
    assert outcome.created + outcome.updated > 0
