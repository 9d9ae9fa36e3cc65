"""private fostering as a child status

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24 20:50:00

docs/design.md §1 names private fostering with CP and CLA as work that must never be unallocated,
and the optimizer already treats it as statutory; the database could not record it. On PostgreSQL
the status is a native enum type, which gains the value; on SQLite the text column is widened.
"""

from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

STATUSES = ("assessment", "cin", "cp", "cla", "care_leaver")


revision: str = "0004"
down_revision: Union[str, None] = "0003"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TYPE childstatus ADD VALUE IF NOT EXISTS 'private_fostering'")
        return
    with op.batch_alter_table("child", schema=None) as batch_op:  # SQLite: a wider text column
        batch_op.alter_column(
            "status",
            existing_type=sa.Enum(*STATUSES, name="childstatus"),
            type_=sa.Enum(*STATUSES, "private_fostering", name="childstatus"),
            existing_nullable=False,
        )


def downgrade() -> None:
    # PostgreSQL cannot drop a value from an enum type; a child recorded with the status would
    # have no valid status left. The value stays; code at 0003 simply never writes it.
    pass
