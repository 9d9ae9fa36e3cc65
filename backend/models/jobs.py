"""Background jobs kept in the database (plans, imports, forecasts, notifications), so that they
survive a restart and any server process can take one: backend/services/jobs.py runs them."""

from datetime import datetime

from sqlalchemy import JSON, Column, LargeBinary
from sqlmodel import Field, SQLModel


class BackgroundJob(SQLModel, table=True):
    __tablename__ = "background_job"

    id: str = Field(primary_key=True, max_length=64)
    kind: str = Field(max_length=20, index=True)  # plan | import | forecast | notification
    queue: str = Field(default="", max_length=64)  # whose turn it takes (plans: the team's id)
    requested_by: int | None = Field(default=None, index=True)  # the user's id (no key: jobs outlive users)
    status: str = Field(default="queued", max_length=10, index=True)  # queued | running | done | failed
    message: str = Field(default="Waiting to start", max_length=500)
    fraction: float = 0.0
    attempts: int = 0  # times a server process has taken it
    inputs: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    payload: bytes | None = Field(default=None, sa_column=Column(LargeBinary, nullable=True))  # e.g. an import's rows
    outputs: dict | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    owner: str | None = Field(default=None, max_length=120)  # the server process running it
    created_at: datetime
    started_at: datetime | None = None
    not_before: datetime | None = None  # waiting to try again (e.g. the mail server did not answer)
    heartbeat_at: datetime | None = None  # the running process says it is alive every few seconds
    finished_at: datetime | None = None
    expires_at: datetime | None = None  # set when it finishes; forgotten after
