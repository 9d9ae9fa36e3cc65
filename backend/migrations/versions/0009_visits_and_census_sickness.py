"""family last visit and worker sickness days: each family's last statutory visit, and each
worker's working days lost to sickness in the last workforce census year

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30 14:00:00
"""

from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: Union[str, None] = "0008"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table("family") as batch:
        batch.add_column(sa.Column("last_visit_on", sa.Date(), nullable=True))
    with op.batch_alter_table("worker") as batch:
        batch.add_column(sa.Column("sickness_days", sa.Float(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("worker") as batch:
        batch.drop_column("sickness_days")
    with op.batch_alter_table("family") as batch:
        batch.drop_column("last_visit_on")
