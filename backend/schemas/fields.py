"""Field types shared by the request models and parameters, so each rule is written once."""

from datetime import date, datetime, timezone
from typing import Annotated

import annotated_types
from pydantic import AfterValidator, Field

from backend.csv_io.values import TOKEN
from backend.models._types import MAX_ROW_ID, RowId  # noqa: F401 (defined beside the tables, used here)
from backend.models.limits import CODE_LENGTH, EARLIEST_YEAR, LATEST_YEAR, NAME_LENGTH, REASON_LENGTH

Code = Annotated[
    str,
    Field(pattern=rf"^[A-Za-z0-9][A-Za-z0-9._/-]{{0,{CODE_LENGTH - 1}}}$", description="The council's own reference"),
]
Name = Annotated[str, Field(min_length=1, max_length=NAME_LENGTH)]
Reason = Annotated[str, Field(max_length=REASON_LENGTH, description="Why (kept in the audit trail)")]
# A flag or a skill: one lower-case word as the CSV import reads it (court, plo, interpreter:polish).
Token = Annotated[str, Field(pattern=f"^{TOKEN.pattern}$", max_length=60)]

# A date as the CSV import takes it (years 1900-2100): a stored date always leaves room for the date
# arithmetic of the caseload picture and the forecast, where year 9999 overflowed.
Day = Annotated[date, annotated_types.Interval(ge=date(EARLIEST_YEAR, 1, 1), le=date(LATEST_YEAR, 12, 31))]


def _in_utc(moment: datetime) -> datetime:
    if not EARLIEST_YEAR <= moment.year <= LATEST_YEAR:  # checked first: converting year 1 can overflow
        raise ValueError(f"the year must be between {EARLIEST_YEAR} and {LATEST_YEAR}")
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)


# A moment in the same years; one without a UTC offset is read as UTC.
Moment = Annotated[datetime, AfterValidator(_in_utc)]
