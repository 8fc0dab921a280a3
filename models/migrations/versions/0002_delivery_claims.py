"""delivery claims and per-recipient outcomes

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-04

A row is marked `sending` by the pass that sends it (`claimed_by`) in its own commit
before the message goes out; the addresses the server accepted and the ones it refused
are kept per recipient, so a retry never sends the same mail to anyone twice.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("delivery", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "claimed_by",
                sqlmodel.sql.sqltypes.AutoString(length=200),
                nullable=True,
            )
        )
        batch_op.add_column(
            sa.Column(
                "accepted_addrs",
                sa.JSON(),
                nullable=False,
                server_default=sa.text("'[]'"),
            )
        )
        batch_op.add_column(
            sa.Column(
                "refused", sa.JSON(), nullable=False, server_default=sa.text("'{}'")
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("delivery", schema=None) as batch_op:
        batch_op.drop_column("refused")
        batch_op.drop_column("accepted_addrs")
        batch_op.drop_column("claimed_by")
