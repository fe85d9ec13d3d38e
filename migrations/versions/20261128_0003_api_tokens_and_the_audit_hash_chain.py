"""api tokens and the audit hash chain

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 04:11:02.684420
"""

from collections.abc import Sequence

import datetime as dt
import hashlib
import json

import sqlalchemy as sa
from alembic import op


revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('api_tokens',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('role', sa.Enum('VIEWER', 'EDITOR', 'ADMIN', name='role', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('prefix', sa.String(length=12), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("(role = 'EDITOR') = (actor_id IS NOT NULL)", name=op.f('ck_api_tokens_editor_has_actor_scope')),
    sa.ForeignKeyConstraint(['actor_id'], ['actors.id'], name=op.f('fk_api_tokens_actor_id_actors'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_tokens')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_api_tokens_token_hash'))
    )
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('prev_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('hash', sa.String(length=64), nullable=True))
    _chain_existing_events()
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.alter_column('prev_hash', existing_type=sa.String(length=64), nullable=False)
        batch_op.alter_column('hash', existing_type=sa.String(length=64), nullable=False)


EVENTS = sa.table(
    'events',
    sa.column('id', sa.BigInteger()),
    sa.column('occurred_at', sa.DateTime(timezone=True)),
    sa.column('type', sa.String()),
    sa.column('subject_type', sa.String()),
    sa.column('subject_id', sa.Integer()),
    sa.column('milestone', sa.Boolean()),
    sa.column('data', sa.JSON()),
    sa.column('principal_id', sa.String()),
    sa.column('principal_name', sa.String()),
    sa.column('on_behalf_of_actor_id', sa.Integer()),
    sa.column('prev_hash', sa.String()),
    sa.column('hash', sa.String()),
)


def _chain_existing_events() -> None:
    """Hash the events already recorded, as gp_api.events.chain did when this was written."""
    bind = op.get_bind()
    prev = '0' * 64
    for row in bind.execute(sa.select(EVENTS).order_by(EVENTS.c.id)).mappings().all():
        at = row['occurred_at']
        at = at.replace(tzinfo=dt.UTC) if at.tzinfo is None else at.astimezone(dt.UTC)
        content = {
            'id': row['id'],
            'occurredAt': at.isoformat(),
            'type': row['type'],
            'subjectType': row['subject_type'],
            'subjectId': row['subject_id'],
            'milestone': bool(row['milestone']),
            'data': row['data'],
            'principalId': row['principal_id'],
            'principalName': row['principal_name'],
            'onBehalfOf': row['on_behalf_of_actor_id'],
            'prev': prev,
        }
        canonical = json.dumps(content, sort_keys=True, separators=(',', ':'), ensure_ascii=False)
        digest = hashlib.sha256(canonical.encode()).hexdigest()
        bind.execute(
            EVENTS.update().where(EVENTS.c.id == row['id']).values(prev_hash=prev, hash=digest)
        )
        prev = digest


def downgrade() -> None:
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_column('hash')
        batch_op.drop_column('prev_hash')

    op.drop_table('api_tokens')
