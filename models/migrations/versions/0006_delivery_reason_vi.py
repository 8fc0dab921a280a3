"""delivery reasons in Vietnamese

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04

Every ledger reason is decided in both languages; the Vietnamese one is kept beside
the English. Rows written before have an empty `reason_vi` and are shown in English.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("delivery", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "reason_vi",
                sqlmodel.sql.sqltypes.AutoString(),
                nullable=False,
                server_default="",
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("delivery", schema=None) as batch_op:
        batch_op.drop_column("reason_vi")
