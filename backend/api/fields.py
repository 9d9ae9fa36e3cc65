"""Field types shared by the request models and parameters, so each rule is written once."""

from typing import Annotated

import annotated_types
from pydantic import Field

from backend.csv_io.values import TOKEN

MAX_ROW_ID = 2_147_483_647  # PostgreSQL's integer: a larger id cannot exist, and must be a 422, not a 500

RowId = Annotated[int, annotated_types.Interval(ge=1, le=MAX_ROW_ID)]
Code = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,39}$", description="The council's own reference")]
Name = Annotated[str, Field(min_length=1, max_length=120)]
Reason = Annotated[str, Field(max_length=500, description="Why (kept in the audit trail)")]
# A flag or a skill: one lower-case word as the CSV import reads it (court, plo, interpreter:polish).
Token = Annotated[str, Field(pattern=f"^{TOKEN.pattern}$", max_length=60)]
