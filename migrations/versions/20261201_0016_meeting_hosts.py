"""the actor that hosted a meeting

Revision ID: 0016_meeting_hosts
Revises: 0015_budget_implications
Create Date: 2026-12-01 06:00:00

A meeting may name its host (the Government of Japan hosted the first inter-agency meeting in
Tokyo, September 2006). Today's meetings carry over without one.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from gp_api.migration_ops import triggers_after_recreate

revision: str = '0016_meeting_hosts'
down_revision: str | None = '0015_budget_implications'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('host_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_meetings_host_id'), ['host_id'], unique=False)
        batch_op.create_foreign_key(
            batch_op.f('fk_meetings_host_id_actors'), 'actors', ['host_id'], ['id'],
            ondelete='RESTRICT',
        )
    triggers_after_recreate('meetings')


def downgrade() -> None:
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_meetings_host_id_actors'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_meetings_host_id'))
        batch_op.drop_column('host_id')
    triggers_after_recreate('meetings')
