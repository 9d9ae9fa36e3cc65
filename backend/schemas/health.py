"""Whether Keel and its database are up, and at which schema version."""

from pydantic import BaseModel


class Health(BaseModel):
    status: str
    database: str
    schema_version: str | None
    schema_head: str
