"""names per language and period; actors' kinds per period

Revision ID: 0020_names
Revises: 0019_commitment_mandates
Create Date: 2026-12-01 08:45:00

Carries today's actors over: each actor's name becomes its English name with no end date (and
no known start), and its kind a kind period with neither, both citing the actor's source.
`actors.name` and `actors.kind` stay (today's name and kind: they order, search and filter).
Downgrading drops the dated names, the other languages and the kind periods (today's name and
kind are still in `actors`).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from gp_api.migration_ops import (
    add_data_version_trigger,
    drop_data_version_trigger,
    fire_deferred_triggers,
)

revision: str = '0020_names'
down_revision: str | None = '0019_commitment_mandates'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NEW_TABLES = ('localized_names', 'actor_kinds')
CONFIDENCE = sa.Enum('CONFIRMED', 'UNCONFIRMED', name='confidence', native_enum=False, create_constraint=True)


def upgrade() -> None:
    op.create_table('localized_names',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('subject_type', sa.String(length=40), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=False),
    sa.Column('language', sa.Enum('AR', 'ZH', 'EN', 'FR', 'RU', 'ES', name='language', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('short_name', sa.String(length=60), nullable=True),
    sa.Column('valid_from', sa.Date(), nullable=True),
    sa.Column('valid_until', sa.Date(), nullable=True),
    sa.Column('source_url', sa.String(length=500), nullable=True),
    sa.Column('confidence', CONFIDENCE, nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('valid_from IS NULL OR valid_until IS NULL OR valid_from <= valid_until', name=op.f('ck_localized_names_name_period_order')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_localized_names'))
    )
    op.create_index('ix_localized_names_subject', 'localized_names', ['subject_type', 'subject_id'], unique=False)
    op.create_table('actor_kinds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('STATE', 'UN_ENTITY', 'INTERGOVERNMENTAL_ORGANIZATION', 'NGO', 'OTHER', name='kind', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=True),
    sa.Column('valid_until', sa.Date(), nullable=True),
    sa.Column('source_url', sa.String(length=500), nullable=True),
    sa.Column('confidence', CONFIDENCE, nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('valid_from IS NULL OR valid_until IS NULL OR valid_from <= valid_until', name=op.f('ck_actor_kinds_kind_period_order')),
    sa.ForeignKeyConstraint(['actor_id'], ['actors.id'], name=op.f('fk_actor_kinds_actor_id_actors'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_actor_kinds'))
    )
    op.create_index(op.f('ix_actor_kinds_actor_id'), 'actor_kinds', ['actor_id'], unique=False)
    for table in NEW_TABLES:
        add_data_version_trigger(table)
    op.execute(
        "INSERT INTO localized_names (subject_type, subject_id, language, name, short_name,"
        " source_url, confidence, created_at, updated_at)"
        " SELECT 'Actor', id, 'EN', name, short_name, source_url, confidence,"
        " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP FROM actors"
    )
    op.execute(
        "INSERT INTO actor_kinds (actor_id, kind, source_url, confidence, created_at, updated_at)"
        " SELECT id, kind, source_url, confidence, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP"
        " FROM actors"
    )


def downgrade() -> None:
    fire_deferred_triggers()
    for table in NEW_TABLES:
        drop_data_version_trigger(table)
    op.drop_index(op.f('ix_actor_kinds_actor_id'), table_name='actor_kinds')
    op.drop_table('actor_kinds')
    op.drop_index('ix_localized_names_subject', table_name='localized_names')
    op.drop_table('localized_names')
