"""CSV import (workers, families with their children, absences) and export (allocations, loads).

Columns per kind: `columns.py` (documented in docs/csv-import.md). An import reads the file
(`reading`), types every cell (`rows`), checks rows against each other and the database and works
out the changes (`workers`, `families`, `absences`), and writes them in one transaction
(`writing`, `importing`). Exports: `exporting`."""

from backend.csv_io.columns import COLUMNS, KINDS
from backend.csv_io.importing import ImportOutcome, import_table, run_import
from backend.csv_io.problems import FileTooLarge, ImportFileError, RowError
from backend.csv_io.reading import MAX_BYTES, read_table

__all__ = [
    "COLUMNS",
    "KINDS",
    "MAX_BYTES",
    "FileTooLarge",
    "ImportFileError",
    "ImportOutcome",
    "RowError",
    "import_table",
    "read_table",
    "run_import",
]
