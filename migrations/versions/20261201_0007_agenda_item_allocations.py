"""agenda item allocations: one or more per item, each with the day it was decided

Revision ID: 0007_allocations
Revises: 0005_data_version
Create Date: 2026-12-01 00:05:00

Carries every item's `allocated_to` over as one allocation, dated by the transition that
allocated the item when there is one (the column itself stays until the agenda item's own
revision replaces it).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from gp_api.migration_ops import add_data_version_trigger, drop_data_version_trigger

revision: str = '0007_allocations'
down_revision: str | None = '0005_data_version'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FORUMS = (
    'PLENARY', 'FIRST_COMMITTEE', 'SECOND_COMMITTEE', 'THIRD_COMMITTEE', 'FOURTH_COMMITTEE',
    'FIFTH_COMMITTEE', 'SIXTH_COMMITTEE',
)


def upgrade() -> None:
    op.create_table('agenda_item_allocations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agenda_item_id', sa.Integer(), nullable=False),
    sa.Column('forum', sa.Enum(*FORUMS, name='forum', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('decided_on', sa.Date(), nullable=True),
    sa.Column('resolution_id', sa.Integer(), nullable=True),
    sa.Column('source_url', sa.String(length=500), nullable=True),
    sa.Column('confidence', sa.Enum('CONFIRMED', 'UNCONFIRMED', name='confidence', native_enum=False, create_constraint=True, length=11), nullable=True),
    sa.ForeignKeyConstraint(['agenda_item_id'], ['agenda_items.id'], name=op.f('fk_agenda_item_allocations_agenda_item_id_agenda_items'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['resolution_id'], ['resolutions.id'], name=op.f('fk_agenda_item_allocations_resolution_id_resolutions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agenda_item_allocations')),
    sa.UniqueConstraint('agenda_item_id', 'forum', 'resolution_id', name=op.f('uq_agenda_item_allocations_agenda_item_id_forum_resolution_id')),
    )
    with op.batch_alter_table('agenda_item_allocations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agenda_item_allocations_agenda_item_id'), ['agenda_item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_agenda_item_allocations_resolution_id'), ['resolution_id'], unique=False)
    add_data_version_trigger('agenda_item_allocations')
    # Each allocated item's one allocation, dated by the move that allocated it (if any).
    day = 'date' if op.get_bind().dialect.name == 'sqlite' else 'CAST'
    first_allocated = (
        "(SELECT {}(MIN(t.at){}) FROM transition_records t"
        " WHERE t.subject_type = 'AgendaItem' AND t.subject_id = i.id"
        " AND t.to_state = 'ALLOCATED')"
    ).format(day, '' if day == 'date' else ' AS DATE')
    op.execute(
        "INSERT INTO agenda_item_allocations (agenda_item_id, forum, decided_on, source_url,"
        " confidence)"
        f" SELECT i.id, i.allocated_to, {first_allocated}, i.source_url, i.confidence"
        " FROM agenda_items i WHERE i.allocated_to IS NOT NULL"
    )


def downgrade() -> None:
    drop_data_version_trigger('agenda_item_allocations')
    with op.batch_alter_table('agenda_item_allocations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agenda_item_allocations_resolution_id'))
        batch_op.drop_index(batch_op.f('ix_agenda_item_allocations_agenda_item_id'))
    op.drop_table('agenda_item_allocations')
