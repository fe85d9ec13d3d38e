"""data version: one token that every committed write replaces (the response cache's key)

Revision ID: 0005_data_version
Revises: 0005_idempotency
Create Date: 2026-11-30 16:10:00

A table added later must get the same trigger in its own revision (`gp_api.migration_ops.add_data_version_trigger`); tests/test_data_version.py fails for a table without it.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from gp_api.migration_ops import add_data_version_trigger as add_trigger
from gp_api.migration_ops import drop_data_version_trigger as drop_trigger


revision: str = '0005_data_version'
down_revision: str | None = '0005_idempotency'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = [
    'actors', 'adoptions', 'agenda_items', 'api_tokens', 'commitments', 'coordination_bodies',
    'deliverables', 'events', 'idempotency_keys', 'meeting_participants', 'meetings',
    'memberships', 'plan_steps', 'progress_reports', 'resolutions', 'sponsorships',
    'transition_records', 'webhook_attempts', 'webhook_deliveries', 'webhook_dispatch_cursor',
    'webhook_endpoints',
]

# Once per transaction (the setting is local to it), at commit: the version row is the last
# lock a writer takes, so it can never be part of a deadlock, and it is held only to commit.
PG_FUNCTION = """
CREATE FUNCTION gp_bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('gp.data_version_bumped', true) IS DISTINCT FROM 'yes' THEN
        PERFORM set_config('gp.data_version_bumped', 'yes', true);
        UPDATE data_version SET token = md5(random()::text || clock_timestamp()::text)
        WHERE id = 1;
    END IF;
    RETURN NULL;
END
$$
"""


def upgrade() -> None:
    data_version = op.create_table('data_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.CheckConstraint('id = 1', name=op.f('ck_data_version_one_row')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_data_version'))
    )
    op.bulk_insert(data_version, [{'id': 1, 'token': 'initial'}])
    if op.get_bind().dialect.name == 'postgresql':
        op.execute(PG_FUNCTION)
    for table in TABLES:
        add_trigger(table)


def downgrade() -> None:
    for table in TABLES:
        drop_trigger(table)
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('DROP FUNCTION gp_bump_data_version()')
    op.drop_table('data_version')
