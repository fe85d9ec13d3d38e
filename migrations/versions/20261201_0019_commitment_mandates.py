"""the document that gave a commitment its mandate

Revision ID: 0019_commitment_mandates
Revises: 0018_deadline_notices
Create Date: 2026-12-01 09:00:00

A commitment may name the document that mandated it, as a coordination body does (the UN
Voluntary Trust Fund for Victims of Trafficking in Persons was established by A/RES/64/293).
Today's commitments carry over without one.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from gp_api.migration_ops import triggers_after_recreate

revision: str = '0019_commitment_mandates'
down_revision: str | None = '0018_deadline_notices'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A nullable column: added in place on both dialects (the table and its triggers stay).
    op.add_column('commitments', sa.Column('mandate_symbol', sa.String(length=100), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('commitments', schema=None) as batch_op:
        batch_op.drop_column('mandate_symbol')
    triggers_after_recreate('commitments')
