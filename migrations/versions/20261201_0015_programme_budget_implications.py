"""programme budget implications of drafts (rule 153); separate votes on parts (rules 89, 129)

Revision ID: 0015_budget_implications
Revises: 0014_deviations
Create Date: 2026-12-01 04:40:00

A draft records whether the Secretary-General anticipates expenditure, his statement of
programme budget implications and the Fifth Committee's statement of the effect on the budget
estimates. Today's drafts carry over as involving no expenditure (nothing recorded says
otherwise). An action may be a separate vote on a part of the draft (`draft_actions.part`);
today's actions are on whole drafts.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from gp_api.migration_ops import triggers_after_recreate

revision: str = '0015_budget_implications'
down_revision: str | None = '0014_deviations'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = ('fifth_committee_symbol', 'budget_statement_symbol', 'involves_expenditure')


def upgrade() -> None:
    op.add_column(
        'resolutions',
        sa.Column('involves_expenditure', sa.Boolean(), server_default=sa.false(), nullable=False),
    )
    op.add_column('resolutions', sa.Column('budget_statement_symbol', sa.String(40), nullable=True))
    op.add_column('resolutions', sa.Column('fifth_committee_symbol', sa.String(40), nullable=True))
    op.add_column('draft_actions', sa.Column('part', sa.String(200), nullable=True))


def downgrade() -> None:
    op.execute('DELETE FROM draft_votes WHERE action_id IN'
               ' (SELECT id FROM draft_actions WHERE part IS NOT NULL)')
    op.execute('DELETE FROM draft_actions WHERE part IS NOT NULL')
    with op.batch_alter_table('draft_actions', schema=None) as batch_op:
        batch_op.drop_column('part')
    triggers_after_recreate('draft_actions')
    with op.batch_alter_table('resolutions', schema=None) as batch_op:
        for column in COLUMNS:
            batch_op.drop_column(column)
    triggers_after_recreate('resolutions')
