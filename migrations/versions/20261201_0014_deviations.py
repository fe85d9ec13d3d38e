"""deviations: the guards an imported move did not satisfy, stored with the move

Revision ID: 0014_deviations
Revises: 0013_people
Create Date: 2026-12-01 04:30:00

Carries the existing history over: an `import` record written before this revision bypassed
the guards without checking them, so each one gets a NOT_EVALUATED deviation saying so (hidden
it would read as a move that met its workflow). Other records had their guards checked when
they were made and get none.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from gp_api.migration_ops import add_data_version_trigger, drop_data_version_trigger

revision: str = '0014_deviations'
down_revision: str | None = '0013_people'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KINDS = ('GUARD_FAILED', 'STAGE_SKIPPED', 'NOT_EVALUATED')
NOT_EVALUATED = (
    'imported before imports evaluated the guards (revision 0014): whether reality met the'
    ' guards of this move was never checked; compare the record with the transition\'s guards'
    ' (the `workflows` query) and import the stage again if a source shows more'
)


def upgrade() -> None:
    op.create_table(
        'transition_deviations',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('transition_record_id', sa.Integer(), nullable=False),
        sa.Column(
            'kind',
            sa.Enum(*KINDS, name='kind', native_enum=False, create_constraint=True, length=13),
            nullable=False,
        ),
        sa.Column('transition_trigger', sa.String(length=60), nullable=True),
        sa.Column('stage', sa.String(length=40), nullable=True),
        sa.Column('guard', sa.String(length=60), nullable=True),
        sa.Column('description', sa.Text(), nullable=False),
        sa.Column('blocker', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ['transition_record_id'],
            ['transition_records.id'],
            name=op.f('fk_transition_deviations_transition_record_id_transition_records'),
            ondelete='RESTRICT',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_transition_deviations')),
    )
    with op.batch_alter_table('transition_deviations', schema=None) as batch_op:
        batch_op.create_index(
            'ix_transition_deviations_record', ['transition_record_id', 'id'], unique=False
        )
    add_data_version_trigger('transition_deviations')
    op.execute(
        sa.text(
            'INSERT INTO transition_deviations (transition_record_id, kind, transition_trigger,'
            ' stage, guard, description, blocker)'
            " SELECT id, 'NOT_EVALUATED', NULL, to_state, NULL,"
            " 'The guards of the move into ' || to_state || ' were not evaluated.', :blocker"
            " FROM transition_records WHERE \"trigger\" = 'import' ORDER BY id"
        ).bindparams(blocker=NOT_EVALUATED)
    )


def downgrade() -> None:
    drop_data_version_trigger('transition_deviations')
    with op.batch_alter_table('transition_deviations', schema=None) as batch_op:
        batch_op.drop_index('ix_transition_deviations_record')
    op.drop_table('transition_deviations')
