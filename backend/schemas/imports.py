"""Import jobs as the API reports them."""

from typing import Literal

from pydantic import BaseModel, Field


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


ImportKind = Literal["workers", "families", "absences", "annex-a", "census"]


class ImportColumnPublic(BaseModel):
    name: str
    required: bool = Field(description="A row must fill it (else a header may still name it and leave it blank)")
    meaning: str = Field(description="What the cell holds, in a line")


class ImportKindColumns(BaseModel):
    kind: ImportKind
    columns: list[ImportColumnPublic] = Field(description="In the order the files have them")


class ImportColumnsPublic(BaseModel):
    """Each kind of import file and its columns (the import page's reference; docs/csv-import.md,
    docs/annex-a.md and docs/census.md have them in full)."""

    data: list[ImportKindColumns]
