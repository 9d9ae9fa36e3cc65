"""Reading one Annex A cell: dates written every way a council's system or a person writes them
(an Excel date, an Excel serial number, ISO or UK text, `4 Dec 2026`, with a time after it), ages
and names. Each parser raises BadValue with a reason a person can act on."""

import re
from datetime import date, datetime, timedelta
from typing import Any

from backend.csv_io.values import BadValue, a_date
from backend.models.limits import EARLIEST_YEAR, LATEST_YEAR

EXCEL_EPOCH = date(1899, 12, 30)  # serial 1 is 1 January 1900 (Excel's leap-year bug included)
TIME_AFTER = re.compile(r"[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$")
UK_SEPARATORS = re.compile(r"(\d{1,2})[.\-](\d{1,2})[.\-](\d{4})")
SHORT_YEAR = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{2})")
TEXT_FORMATS = ("%d %b %Y", "%d %B %Y", "%d-%b-%Y", "%d-%B-%Y", "%d %b %y", "%d-%b-%y")


def blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text(value: Any) -> str:
    """A cell as trimmed text (a number typed as 1234.0 by a spreadsheet reads 1234)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return re.sub(r"\s+", " ", str(value)).strip()


def _in_range(found: date, raw: Any) -> date:
    if not EARLIEST_YEAR <= found.year <= LATEST_YEAR:
        raise BadValue(f"{raw!r}: the year must be between {EARLIEST_YEAR} and {LATEST_YEAR}")
    return found


def a_cell_date(value: Any) -> date:
    if isinstance(value, datetime):
        return _in_range(value.date(), value)
    if isinstance(value, date):
        return _in_range(value, value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if not 1 <= value < 2_958_466:
            raise BadValue(f"{value!r} is not a date")
        return _in_range(EXCEL_EPOCH + timedelta(days=int(value)), value)
    raw = TIME_AFTER.sub("", text(value))
    if re.fullmatch(r"\d{5}(\.\d+)?", raw):  # an Excel serial written out as text (CSV)
        return a_cell_date(float(raw))
    if found := UK_SEPARATORS.fullmatch(raw):
        raw = "/".join(found.groups())
    if found := SHORT_YEAR.fullmatch(raw):
        day, month, year = found.groups()
        raw = f"{day}/{month}/{2000 + int(year) if int(year) < 70 else 1900 + int(year)}"
    for pattern in TEXT_FORMATS:
        try:
            return _in_range(datetime.strptime(raw, pattern).date(), value)
        except ValueError:
            continue
    try:
        return a_date(raw)
    except BadValue:
        raise BadValue(f"{text(value)!r} is not a date: write 2026-12-04, 04/12/2026 or 4 Dec 2026") from None


def an_age(value: Any) -> int:
    raw = text(value)
    if not re.fullmatch(r"\d{1,2}", raw):
        raise BadValue(f"{raw!r} is not an age in whole years")
    return int(raw)


def person_key(name: str) -> str:
    """One spelling of a person's name: `Smith, Jane`, `JANE SMITH` and `Jane  Smith` are the same."""
    name = text(name).lower()
    if "," in name:
        last, _, first = name.partition(",")
        name = f"{first} {last}"
    return " ".join(re.sub(r"[^\w\s'-]", " ", name).split())
