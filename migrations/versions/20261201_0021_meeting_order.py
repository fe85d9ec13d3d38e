"""an index in the order meetings are listed in

Revision ID: 0021_meeting_order
Revises: 0020_names
Create Date: 2026-12-01 20:10:00

Meetings are listed by start, then id (gp_api.bodies.read): without an index in that order,
every page of `meetings` sorted the whole table.
"""

from collections.abc import Sequence

from alembic import op

revision: str = '0021_meeting_order'
down_revision: str | None = '0020_names'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index('ix_meetings_order', 'meetings', ['starts_at', 'id'])


def downgrade() -> None:
    op.drop_index('ix_meetings_order', table_name='meetings')
