"""the issuer copied onto the assignment

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04

Every query that needs the issuing body of an assignment (the sweep's policy, the
overdue counts per issuer, the reports, the mail) read it through the directive and the
notice. It never changes once the notice is stored, so it is kept on the assignment.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("assignment") as batch:
        batch.add_column(sa.Column("issuer_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_assignment_issuer_id_organization",
            "organization",
            ["issuer_id"],
            ["id"],
        )
        batch.create_index("ix_assignment_issuer_id", ["issuer_id"])
    op.execute(
        "UPDATE assignment SET issuer_id = ("
        " SELECT notice.issuer_id FROM directive"
        " JOIN notice ON notice.id = directive.notice_id"
        " WHERE directive.id = assignment.directive_id)"
    )


def downgrade() -> None:
    with op.batch_alter_table("assignment") as batch:
        batch.drop_index("ix_assignment_issuer_id")
        batch.drop_constraint("fk_assignment_issuer_id_organization", type_="foreignkey")
        batch.drop_column("issuer_id")
