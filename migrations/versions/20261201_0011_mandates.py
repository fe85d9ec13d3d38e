"""mandates: what adopted resolutions ask for, due at a session or on a date, fulfilled by a
document

Revision ID: 0011_mandates
Revises: 0010_drafts
Create Date: 2026-12-01 04:40:00

A new table (with its data-version trigger); no existing row changes.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from gp_api.migration_ops import add_data_version_trigger, drop_data_version_trigger

revision: str = '0011_mandates'
down_revision: str | None = '0010_drafts'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _enum(values: Sequence[str], name: str) -> sa.Enum:
    return sa.Enum(
        *values, name=name, native_enum=False, create_constraint=True,
        length=max(len(v) for v in values),
    )


def upgrade() -> None:
    op.create_table('mandates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('resolution_id', sa.Integer(), nullable=False),
    sa.Column('paragraph', sa.Integer(), nullable=True),
    sa.Column('addressee', sa.String(length=200), nullable=False),
    sa.Column('addressee_actor_id', sa.Integer(), nullable=True),
    sa.Column('kind', _enum(('REPORT', 'OTHER'), 'kind'), nullable=False),
    sa.Column('request', sa.Text(), nullable=False),
    sa.Column('due_session', sa.Integer(), nullable=True),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('fulfilled_by_id', sa.Integer(), nullable=True),
    sa.Column('fulfilled_on', sa.Date(), nullable=True),
    sa.Column('status', _enum(('PENDING', 'DUE', 'OVERDUE', 'FULFILLED'), 'status'), nullable=False),
    sa.Column('source_url', sa.String(length=500), nullable=True),
    sa.Column('confidence', _enum(('CONFIRMED', 'UNCONFIRMED'), 'confidence'), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("(status = 'FULFILLED') = (fulfilled_by_id IS NOT NULL)", name=op.f('ck_mandates_fulfilled_status')),
    sa.CheckConstraint('(fulfilled_by_id IS NULL) = (fulfilled_on IS NULL)', name=op.f('ck_mandates_fulfilled_with_date')),
    sa.CheckConstraint('due_session IS NULL OR due_on IS NULL', name=op.f('ck_mandates_one_due')),
    sa.CheckConstraint('paragraph IS NULL OR paragraph >= 1', name=op.f('ck_mandates_paragraph_positive')),
    sa.ForeignKeyConstraint(['addressee_actor_id'], ['actors.id'], name=op.f('fk_mandates_addressee_actor_id_actors'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['due_session'], ['ga_sessions.id'], name=op.f('fk_mandates_due_session_ga_sessions'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['fulfilled_by_id'], ['documents.id'], name=op.f('fk_mandates_fulfilled_by_id_documents'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['resolution_id'], ['resolutions.id'], name=op.f('fk_mandates_resolution_id_resolutions'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mandates'))
    )
    for column in ('addressee_actor_id', 'due_session', 'fulfilled_by_id', 'resolution_id'):
        op.create_index(op.f(f'ix_mandates_{column}'), 'mandates', [column], unique=False)
    add_data_version_trigger('mandates')


def downgrade() -> None:
    drop_data_version_trigger('mandates')
    for column in ('addressee_actor_id', 'due_session', 'fulfilled_by_id', 'resolution_id'):
        op.drop_index(op.f(f'ix_mandates_{column}'), table_name='mandates')
    op.drop_table('mandates')
