"""sign-in counts per account and per client address

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 10:50:00

The throttle against password guessing moves from two columns on `user` (counted per account only,
read and written in Python, so concurrent guesses were all checked) to `sign_in_count`, one row per
account and per client address, charged atomically in SQL before each password check.
"""

from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision: str = "0006"
down_revision: Union[str, None] = "0005"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "sign_in_count",
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("window_start", sa.Float(), nullable=False),
        sa.Column("next_check_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    # Plain ALTER TABLE (SQLite 3.35+ and PostgreSQL): a batch copy of `user` would trip over the
    # rows of auth_session and audit_event that refer to it.
    for column in ("last_failed_login", "failed_logins"):
        op.execute(f'ALTER TABLE "user" DROP COLUMN {column}')


def downgrade() -> None:
    op.add_column("user", sa.Column("failed_logins", sa.Integer(), nullable=False, server_default="0"))
    op.add_column("user", sa.Column("last_failed_login", sa.DateTime(timezone=True), nullable=True))
    op.drop_table("sign_in_count")
