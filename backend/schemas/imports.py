"""Import jobs as the API reports them."""

from typing import Literal

from pydantic import BaseModel


class RowErrorPublic(BaseModel):
    row: int
    column: str
    reason: str


class ImportJobPublic(BaseModel):
    id: str
    kind: str
    status: Literal["queued", "running", "done", "failed"]
    progress: float
    message: str
    dry_run: bool
    rows: int
    created: int
    updated: int
    errors: list[RowErrorPublic]
    error_count: int
