"""idempotency keys claimed before the move

A key row is now inserted before the move is made, so that concurrent retries wait on it;
its event is filled in when the move is recorded. `input_hash` lets a retry with the same key
but another input be refused.

Revision ID: 0005_idempotency
Revises: 0004
Create Date: 2026-11-30 15:54:29.095785
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0005_idempotency'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

EVENT_ID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def upgrade() -> None:
    with op.batch_alter_table('idempotency_keys', schema=None) as batch_op:
        batch_op.add_column(sa.Column('input_hash', sa.String(length=64), nullable=True))
        batch_op.alter_column('event_id', existing_type=EVENT_ID, nullable=True)


def downgrade() -> None:
    with op.batch_alter_table('idempotency_keys', schema=None) as batch_op:
        batch_op.alter_column('event_id', existing_type=EVENT_ID, nullable=False)
        batch_op.drop_column('input_hash')
