"""Reading an uploaded file into rows of trimmed text: UTF-8 (a BOM, as Excel writes, is skipped),
comma-separated, the header in row 1. Anything that stops the file being read as a whole raises
ImportFileError; a row of the wrong length is a row error."""

import codecs
import csv
import io
from dataclasses import dataclass, field

from backend.csv_io.columns import KINDS, header, optional_columns
from backend.csv_io.problems import FileTooLarge, ImportFileError, Problems

MAX_BYTES = 32 * 1024 * 1024  # ~250,000 family rows; a larger council imports in parts


@dataclass(frozen=True)
class Record:
    row: int
    cells: dict[str, str]


@dataclass
class Table:
    kind: str
    records: list[Record] = field(default_factory=list)
    problems: Problems = field(default_factory=Problems)
    refused: int = 0  # rows of the wrong length, reported in `problems`

    @property
    def rows(self) -> int:
        """Data rows (blank rows are not counted)."""
        return len(self.records) + self.refused


def decode(data: bytes) -> str:
    if len(data) > MAX_BYTES:
        raise FileTooLarge(
            f"The file is {len(data) / 2**20:.1f} MB; an import takes at most "
            f"{MAX_BYTES // 2**20} MB (split it into parts)"
        )
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ImportFileError("The file is UTF-16 text: save it as 'CSV UTF-8 (comma delimited)'")
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        content = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ImportFileError(
            f"The file is not UTF-8 text (byte 0x{data[exc.start]:02x} on line {line}): "
            "save it as 'CSV UTF-8 (comma delimited)'"
        ) from None
    if "\x00" in content:
        raise ImportFileError("The file holds NUL characters: is it a spreadsheet (.xlsx) rather than CSV?")
    if not content.strip():
        raise ImportFileError("The file is empty")
    return content


def _column_names(kind: str, cells: list[str]) -> list[str]:
    """The header's column names, checked; trailing empty cells (spreadsheets write some) dropped."""
    names = [cell.strip().lower() for cell in cells]
    while names and names[-1] == "":
        names.pop()
    expected = header(kind)
    if len(names) == 1 and any(mark in names[0] for mark in ";\t|"):
        raise ImportFileError(
            "Row 1 has a single column: Keel reads comma-separated files "
            "(is this file separated by semicolons or tabs?)"
        )
    problems = []
    if "" in names:
        problems.append(f"column {names.index('') + 1} of the header is blank")
    repeated = sorted({n for n in names if n and names.count(n) > 1})
    if repeated:
        problems.append(f"repeated: {', '.join(repeated)}")
    unknown = [n for n in names if n and n not in expected]
    if unknown:
        problems.append(f"unknown: {', '.join(unknown)}")
    missing = [n for n in expected if n not in names and n not in optional_columns(kind)]
    if missing:
        problems.append(f"missing: {', '.join(missing)}")
    if problems:
        left_out = f" ({', '.join(optional_columns(kind))} may be left out)" if optional_columns(kind) else ""
        raise ImportFileError(
            f"The header (row 1) of the {kind} file must name these columns, in any "
            f"order: {', '.join(expected)}{left_out}. Columns {'; '.join(problems)}"
        )
    return names


def read_table(kind: str, data: bytes) -> Table:
    if kind not in KINDS:
        raise ImportFileError(f"Unknown import {kind!r}: {', '.join(KINDS)}")
    reader = csv.reader(io.StringIO(decode(data), newline=""))
    table = Table(kind)
    try:
        names = _column_names(kind, next(reader))
        width = len(names)
        for row, values in enumerate(reader, start=2):
            cells = [value.strip() for value in values]
            if not any(cells):
                continue
            if len(cells) < width or any(cells[width:]):
                table.refused += 1
                table.problems.add(
                    row,
                    "",
                    f"has {len(cells)} values but the header names {width} "
                    "columns (a missing comma, or a comma in an unquoted value?)",
                )
                continue
            table.records.append(Record(row, dict(zip(names, cells))))
    except csv.Error as exc:
        raise ImportFileError(f"The file is not valid CSV near line {reader.line_num}: {exc}") from None
    if not table.rows:
        raise ImportFileError("The file has a header but no data rows")
    return table
