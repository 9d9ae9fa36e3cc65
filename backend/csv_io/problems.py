"""What is wrong with an import: problems with the whole file (it cannot be read as the kind of CSV
asked for) and problems with rows (a row, a column, a reason), collected before anything is written."""

from dataclasses import dataclass

MAX_KEPT_ERRORS = 500


class ImportFileError(ValueError):
    """The file as a whole cannot be imported (not UTF-8, empty, wrong header...); said in words."""


class FileTooLarge(ImportFileError):
    """The file is over the size an import accepts."""


@dataclass(frozen=True, order=True)
class RowError:
    row: int  # as a spreadsheet numbers it: the header is row 1, the first data row 2
    column: str  # blank when the problem is the whole row
    reason: str


class Problems:
    """Every row error found, counted; the first MAX_KEPT_ERRORS (in row order) kept."""

    def __init__(self, keep: int = MAX_KEPT_ERRORS):
        self.keep = keep
        self.count = 0
        self._kept: list[RowError] = []

    def add(self, row: int, column: str, reason: str) -> None:
        self.count += 1
        if len(self._kept) < self.keep:
            self._kept.append(RowError(row, column, reason))

    def __bool__(self) -> bool:
        return self.count > 0

    @property
    def kept(self) -> list[RowError]:
        return sorted(self._kept, key=lambda e: e.row)
