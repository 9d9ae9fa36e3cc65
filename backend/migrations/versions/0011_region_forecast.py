"""a region's published forecast, and the regional leader role

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30 14:00:00

Issue #17: a regional leader reads the aggregates of many councils' forecasts (backend/region). On
PostgreSQL the user role is a native enum type, which gains the value; on SQLite the text column is
widened.
"""

from typing import Sequence, Union

import sqlalchemy as sa
import sqlmodel
from alembic import op

ROLES = ("social_worker", "team_manager", "senior_leader", "admin")

revision: str = "0011"
down_revision: Union[str, None] = "0010"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TYPE userrole ADD VALUE IF NOT EXISTS 'regional_leader'")
    else:
        with op.batch_alter_table("user", schema=None) as batch_op:
            batch_op.alter_column(
                "role",
                existing_type=sa.Enum(*ROLES, name="userrole"),
                type_=sa.Enum(*ROLES, "regional_leader", name="userrole"),
                existing_nullable=False,
            )
    op.create_table(
        "region_forecast",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("published_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("published_by_id", sa.Integer(), sa.ForeignKey("user.id"), nullable=True),
        sa.Column("councils", sa.Integer(), nullable=False),
        sa.Column("workers", sa.Integer(), nullable=False),
        sa.Column("body", sa.JSON(), nullable=False),
    )
    op.create_index("ix_region_forecast_published_at", "region_forecast", ["published_at"])


def downgrade() -> None:
    op.drop_index("ix_region_forecast_published_at", table_name="region_forecast")
    op.drop_table("region_forecast")
    # The role value stays on PostgreSQL (an enum type cannot drop a value); no user may hold it below 0011.
