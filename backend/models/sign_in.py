"""Sign-in attempts counted per account and per client address, shared by every server process."""

from sqlmodel import Field, SQLModel


class SignInCount(SQLModel, table=True):
    """Password checks charged to one account (`account:NAME`) or one client address (`address:IP`)
    since `window_start`; `next_check_at` is when a throttled account may have its next check.
    Times are Unix seconds, so the throttle compares them in SQL the same way on SQLite and PostgreSQL.
    The rules are in backend/services/sign_in_throttle.py."""

    __tablename__ = "sign_in_count"
    key: str = Field(primary_key=True, max_length=120)
    attempts: int = 0
    window_start: float
    next_check_at: float = 0.0
