"""pods hold families: a team's setting (allocates to workers or pods) and a pod as a family's holder

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 13:45:00
"""

from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: Union[str, None] = "0007"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

ALLOCATES_TO = sa.Enum("workers", "pods", name="allocatesto")


def upgrade() -> None:
    ALLOCATES_TO.create(op.get_bind(), checkfirst=True)
    with op.batch_alter_table("unit") as batch:
        batch.add_column(sa.Column("allocates_to", ALLOCATES_TO, nullable=False, server_default="workers"))
    with op.batch_alter_table("allocation") as batch:
        batch.add_column(sa.Column("pod_id", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_allocation_pod_id_unit", "unit", ["pod_id"], ["id"])
        batch.create_index("ix_allocation_pod_id", ["pod_id"])


def downgrade() -> None:
    with op.batch_alter_table("allocation") as batch:
        batch.drop_index("ix_allocation_pod_id")
        batch.drop_constraint("fk_allocation_pod_id_unit", type_="foreignkey")
        batch.drop_column("pod_id")
    with op.batch_alter_table("unit") as batch:
        batch.drop_column("allocates_to")
    ALLOCATES_TO.drop(op.get_bind(), checkfirst=True)
