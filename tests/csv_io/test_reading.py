"""Reading the file as a whole: UTF-8 (with or without a BOM), the header, rows of the right length."""

import pytest

from backend.csv_io import FileTooLarge, ImportFileError, read_table
from backend.csv_io import reading
from backend.csv_io.columns import header
from tests.csv_io.support import csv_file

ABSENCE_HEADER = ",".join(header("absences"))


def absences(*lines: str, head: str = ABSENCE_HEADER) -> bytes:
    return "\r\n".join([head, *lines]).encode("utf-8")


def test_a_utf8_bom_is_skipped_and_values_trimmed():
    table = read_table("absences", b"\xef\xbb\xbf" + absences(" W1 , 2026-01-01,02/01/2026 ,sickness,  "))
    assert table.rows == 1
    assert table.records[0].row == 2
    assert table.records[0].cells == {
        "worker_code": "W1",
        "start_date": "2026-01-01",
        "end_date": "02/01/2026",
        "kind": "sickness",
        "planned": "",
    }


def test_header_names_are_not_case_sensitive_in_any_order_and_trailing_empty_columns_are_ignored():
    table = read_table(
        "absences",
        absences("sickness,W1,2026-01-01,2026-01-02,no,,", head="KIND, Worker_Code,start_date,end_date,planned,,"),
    )
    assert table.records[0].cells["worker_code"] == "W1"
    assert table.records[0].cells["kind"] == "sickness"


def test_rows_are_numbered_as_a_spreadsheet_shows_them():
    data = absences('W1,2026-01-01,2026-01-02,other,"yes"', ",,,,", "", 'W2,2026-01-01,2026-01-02,"oth\ner",no')
    table = read_table("absences", data)
    assert [r.row for r in table.records] == [2, 5]  # blank rows 3 and 4 are skipped, keep their numbers
    assert table.records[1].cells["kind"] == "oth\ner"  # a quoted line break stays in its cell


def test_rows_of_the_wrong_length_are_row_errors():
    table = read_table(
        "absences",
        absences("W1,2026-01-01", "W2,2026-01-01,2026-01-02,other,no,extra", "W3,2026-01-01,2026-01-02,other,no,,"),
    )
    assert table.rows == 3
    assert [(e.row, e.column) for e in table.problems.kept] == [(2, ""), (3, "")]
    assert "2 values" in table.problems.kept[0].reason


@pytest.mark.parametrize(
    "data, words",
    [
        (b"", "empty"),
        (b" \r\n \r\n", "empty"),
        (ABSENCE_HEADER.encode(), "no data rows"),
        ("worker_code,start_date\nW1,2026-01-01".encode(), "missing: end_date, kind, planned"),
        (absences("W1,2026-01-01,2026-01-02,other,no,x", head=ABSENCE_HEADER + ",plannned"), "unknown: plannned"),
        (
            absences("W1,W1,2026-01-01,2026-01-02,other,no", head="worker_code," + ABSENCE_HEADER),
            "repeated: worker_code",
        ),
        (absences("x", head="worker_code;start_date;end_date;kind;planned"), "semicolons"),
        (absences("W1,2026-01-01,2026-01-02,other,no", head="worker_code,,start_date,end_date,kind,planned"), "blank"),
        (
            "worker_code,start_date,end_date,kind,planned\nW\u00f61,2026-01-01,2026-01-02,other,no".encode("cp1252"),
            "not UTF-8",
        ),
        ("worker_code,start_date".encode("utf-16"), "UTF-16"),
        (b"PK\x03\x04\x00\x00", "NUL"),
    ],
)
def test_files_that_cannot_be_read_as_a_whole_say_why(data, words):
    with pytest.raises(ImportFileError) as refused:
        read_table("absences", data)
    assert words in str(refused.value)


def test_the_non_utf8_byte_is_located():
    data = "worker_code,start_date,end_date,kind,planned\nW1,2026-01-01,2026-01-02,other,no\nZo\u00eb".encode("latin-1")
    with pytest.raises(ImportFileError) as refused:
        read_table("absences", data)
    assert "line 3" in str(refused.value)


def test_files_over_the_size_limit_are_refused(monkeypatch):
    monkeypatch.setattr(reading, "MAX_BYTES", 100)
    with pytest.raises(FileTooLarge):
        read_table("workers", csv_file("workers", [{"code": f"W{n}"} for n in range(10)]))


def test_unknown_kind():
    with pytest.raises(ImportFileError):
        read_table("children", csv_file("workers", []))
