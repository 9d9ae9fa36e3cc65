"""unit daily figures: each unit's recorded figures per day (resilience history)

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 11:25:00
"""

from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: Union[str, None] = "0006"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "unit_daily_figures",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("unit_id", sa.Integer(), sa.ForeignKey("unit.id"), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("load_ratio", sa.Float(), nullable=True),
        sa.Column("present_capacity", sa.Float(), nullable=False),
        sa.Column("unallocated", sa.Integer(), nullable=False),
        sa.Column("oldest_wait_days", sa.Integer(), nullable=False),
        sa.Column("statutory_waiting", sa.Integer(), nullable=False),
        sa.Column("referrals_in", sa.Integer(), nullable=False),
        sa.Column("allocations_made", sa.Integer(), nullable=False),
        sa.Column("n1_secure", sa.Boolean(), nullable=True),
        sa.Column("n2_secure", sa.Boolean(), nullable=True),
        sa.Column("risk", sa.Float(), nullable=True),
        sa.Column("stage", sa.String(length=40), nullable=True),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.UniqueConstraint("unit_id", "day", name="uq_unit_daily_figures_unit_day"),
    )
    op.create_index("ix_unit_daily_figures_unit_id", "unit_daily_figures", ["unit_id"])
    op.create_index("ix_unit_daily_figures_day", "unit_daily_figures", ["day"])


def downgrade() -> None:
    op.drop_index("ix_unit_daily_figures_day", table_name="unit_daily_figures")
    op.drop_index("ix_unit_daily_figures_unit_id", table_name="unit_daily_figures")
    op.drop_table("unit_daily_figures")
