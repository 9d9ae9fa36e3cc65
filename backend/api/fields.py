"""Field types shared by the request models and parameters, so each rule is written once."""

from typing import Annotated

from pydantic import Field

from backend.csv_io.values import TOKEN
from backend.models._types import MAX_ROW_ID, RowId  # noqa: F401 (defined beside the tables, used here)

Code = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,39}$", description="The council's own reference")]
Name = Annotated[str, Field(min_length=1, max_length=120)]
Reason = Annotated[str, Field(max_length=500, description="Why (kept in the audit trail)")]
# A flag or a skill: one lower-case word as the CSV import reads it (court, plo, interpreter:polish).
Token = Annotated[str, Field(pattern=f"^{TOKEN.pattern}$", max_length=60)]
