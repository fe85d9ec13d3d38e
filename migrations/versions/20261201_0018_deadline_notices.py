"""deadline notices: one row per subject, kind and due date, so each is sent once

Revision ID: 0018_deadline_notices
Revises: 0016_meeting_hosts
Create Date: 2026-12-01 09:00:00

A new table (with its data-version trigger). The notices already in the log are carried over,
so the sweep keeps them once: the mandates' `mandate.due` and `mandate.overdue` (their `since`
is the day) and, after a downgrade and upgrade, the commitments' and meetings' notices (their
`dueOn`). No other row changes. Downgrade drops the table (the events stay).
"""

import datetime as dt
import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from gp_api.migration_ops import add_data_version_trigger, drop_data_version_trigger

revision: str = '0018_deadline_notices'
down_revision: str | None = '0016_meeting_hosts'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

EventId = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')
# Each notice's event type and the key of its data holding the day it is about.
DAY_KEY = {
    'mandate.due': 'since',
    'mandate.overdue': 'since',
    'commitment.due_soon': 'dueOn',
    'commitment.due_today': 'dueOn',
    'commitment.overdue': 'dueOn',
    'meeting.tomorrow': 'dueOn',
}


def upgrade() -> None:
    notices = op.create_table('deadline_notices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('subject_type', sa.String(length=40), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=80), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('event_id', EventId, nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_deadline_notices_event_id_events'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deadline_notices')),
    sa.UniqueConstraint('subject_type', 'subject_id', 'kind', 'due_on', name=op.f('uq_deadline_notices_subject_type_subject_id_kind_due_on'))
    )
    add_data_version_trigger('deadline_notices')
    events = sa.table(
        'events',
        sa.column('id', EventId),
        sa.column('type', sa.String()),
        sa.column('subject_type', sa.String()),
        sa.column('subject_id', sa.Integer()),
        sa.column('occurred_at', sa.DateTime(timezone=True)),
        sa.column('data', sa.JSON()),
    )
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(
            events.c.id, events.c.type, events.c.subject_type, events.c.subject_id,
            events.c.occurred_at, events.c.data,
        )
        .where(events.c.type.in_(sorted(DAY_KEY)))
        .order_by(events.c.id)
    ).all()
    seen: set[tuple[str, int, str, dt.date]] = set()
    carried = []
    for event_id, kind, subject_type, subject_id, occurred_at, data in rows:
        if isinstance(data, str):
            data = json.loads(data)
        day = (data or {}).get(DAY_KEY[kind])
        if not isinstance(day, str):
            continue
        key = (subject_type, subject_id, kind, dt.date.fromisoformat(day))
        if key in seen:
            continue
        seen.add(key)
        carried.append({
            'subject_type': subject_type, 'subject_id': subject_id, 'kind': kind,
            'due_on': key[3], 'event_id': event_id, 'created_at': occurred_at,
        })
    if carried:
        op.bulk_insert(notices, carried)


def downgrade() -> None:
    drop_data_version_trigger('deadline_notices')
    op.drop_table('deadline_notices')
