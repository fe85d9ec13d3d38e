"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-28 03:28:27.997833
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The seed's plan of action, as it stood when this revision was written.
PLAN_STEPS = [
    {
        "key": "core_group",
        "position": 1,
        "title": "Form a core group",
        "description": "A core group of interested states, UN agencies and non-governmental "
        "organisations to advance the human trafficking agenda within the United Nations and "
        "other international organisations and fora, consulting in New York, Geneva and Vienna.",
    },
    {
        "key": "task_force",
        "position": 2,
        "title": "Create a task force",
        "description": "A task force as a first step towards the establishment of an "
        "interagency working group.",
    },
    {
        "key": "interagency_working_group",
        "position": 3,
        "title": "Establish an interagency working group",
        "description": "An interagency working group under the chairmanship of a special "
        "advisor of the United Nations Secretary-General.",
    },
    {
        "key": "agenda_item",
        "position": 4,
        "title": "Inscribe a General Assembly agenda item",
        "description": 'A new item on the agenda of the General Assembly, "Trafficking in '
        'human beings".',
    },
    {
        "key": "omnibus_resolution",
        "position": 5,
        "title": "Adopt an omnibus resolution",
        "description": "Elaboration of an omnibus resolution on this issue in the United "
        "Nations General Assembly.",
    },
]


def upgrade() -> None:
    op.create_table('actors',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('short_name', sa.String(length=60), nullable=True),
    sa.Column('kind', sa.Enum('STATE', 'UN_ENTITY', 'INTERGOVERNMENTAL_ORGANIZATION', 'NGO', 'OTHER', name='kind', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('iso_alpha2', sa.String(length=2), nullable=True),
    sa.Column('iso_alpha3', sa.String(length=3), nullable=True),
    sa.Column('m49', sa.Integer(), nullable=True),
    sa.Column('is_origin', sa.Boolean(), nullable=False),
    sa.Column('is_transit', sa.Boolean(), nullable=False),
    sa.Column('is_destination', sa.Boolean(), nullable=False),
    sa.Column('flow_roles_illustrative', sa.Boolean(), nullable=False),
    sa.Column('website', sa.String(length=500), nullable=True),
    sa.Column('source_url', sa.String(length=500), nullable=True),
    sa.Column('confidence', sa.Enum('CONFIRMED', 'UNCONFIRMED', name='confidence', native_enum=False, create_constraint=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind = 'STATE' OR (iso_alpha2 IS NULL AND iso_alpha3 IS NULL AND m49 IS NULL)", name=op.f('ck_actors_iso_codes_only_for_states')),
    sa.CheckConstraint('m49 IS NULL OR (m49 >= 1 AND m49 <= 999)', name=op.f('ck_actors_m49_range')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_actors')),
    sa.UniqueConstraint('iso_alpha2', name=op.f('uq_actors_iso_alpha2')),
    sa.UniqueConstraint('iso_alpha3', name=op.f('uq_actors_iso_alpha3')),
    sa.UniqueConstraint('m49', name=op.f('uq_actors_m49')),
    sa.UniqueConstraint('name', name=op.f('uq_actors_name'))
    )
    op.create_table('coordination_bodies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('state', sa.Enum('PROPOSED', 'CORE_GROUP', 'TASK_FORCE', 'INTERAGENCY_WORKING_GROUP', 'SUSPENDED', 'DISSOLVED', name='state', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('suspended_from', sa.Enum('PROPOSED', 'CORE_GROUP', 'TASK_FORCE', 'INTERAGENCY_WORKING_GROUP', 'SUSPENDED', 'DISSOLVED', name='suspended_from', native_enum=False, create_constraint=True), nullable=True),
    sa.Column('hubs', sa.JSON(), nullable=False),
    sa.Column('mandate', sa.Text(), nullable=True),
    sa.Column('founded_on', sa.Date(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('workflow_version', sa.Integer(), nullable=False),
    sa.Column('source_url', sa.String(length=500), nullable=True),
    sa.Column('confidence', sa.Enum('CONFIRMED', 'UNCONFIRMED', name='confidence', native_enum=False, create_constraint=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_coordination_bodies')),
    sa.UniqueConstraint('name', name=op.f('uq_coordination_bodies_name'))
    )
    op.create_table('agenda_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('session', sa.Integer(), nullable=False),
    sa.Column('item_number', sa.Integer(), nullable=True),
    sa.Column('proposer_id', sa.Integer(), nullable=True),
    sa.Column('explanatory_memorandum', sa.Text(), nullable=True),
    sa.Column('allocated_to', sa.Enum('PLENARY', 'FIRST_COMMITTEE', 'SECOND_COMMITTEE', 'THIRD_COMMITTEE', 'FOURTH_COMMITTEE', 'FIFTH_COMMITTEE', 'SIXTH_COMMITTEE', name='allocated_to', native_enum=False, create_constraint=True), nullable=True),
    sa.Column('state', sa.Enum('PROPOSED', 'INSCRIBED', 'ALLOCATED', 'DEFERRED', 'CONCLUDED', 'WITHDRAWN', name='state', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('workflow_version', sa.Integer(), nullable=False),
    sa.Column('source_url', sa.String(length=500), nullable=True),
    sa.Column('confidence', sa.Enum('CONFIRMED', 'UNCONFIRMED', name='confidence', native_enum=False, create_constraint=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('item_number IS NULL OR item_number >= 1', name=op.f('ck_agenda_items_item_number_positive')),
    sa.CheckConstraint('session >= 1', name=op.f('ck_agenda_items_session_positive')),
    sa.ForeignKeyConstraint(['proposer_id'], ['actors.id'], name=op.f('fk_agenda_items_proposer_id_actors'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agenda_items')),
    sa.UniqueConstraint('session', 'item_number', name=op.f('uq_agenda_items_session_item_number'))
    )
    with op.batch_alter_table('agenda_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agenda_items_proposer_id'), ['proposer_id'], unique=False)

    op.create_table('commitments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=False),
    sa.Column('determinant', sa.Enum('CRIMINALISATION', 'DEMAND_REDUCTION', 'PROTECTION', 'REINTEGRATION', 'ROOT_CAUSES', 'CAPACITY_BUILDING', name='determinant', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('starts_on', sa.Date(), nullable=True),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('state', sa.Enum('PLEDGED', 'IN_PROGRESS', 'SUSPENDED', 'DELIVERED', 'LAPSED', 'WITHDRAWN', name='state', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('workflow_version', sa.Integer(), nullable=False),
    sa.Column('source_url', sa.String(length=500), nullable=True),
    sa.Column('confidence', sa.Enum('CONFIRMED', 'UNCONFIRMED', name='confidence', native_enum=False, create_constraint=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('due_on IS NULL OR starts_on IS NULL OR due_on >= starts_on', name=op.f('ck_commitments_due_after_start')),
    sa.ForeignKeyConstraint(['actor_id'], ['actors.id'], name=op.f('fk_commitments_actor_id_actors'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_commitments'))
    )
    with op.batch_alter_table('commitments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_commitments_actor_id'), ['actor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_commitments_due_on'), ['due_on'], unique=False)

    op.create_table('events',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('occurred_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('type', sa.String(length=80), nullable=False),
    sa.Column('subject_type', sa.String(length=40), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=False),
    sa.Column('milestone', sa.Boolean(), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('principal_id', sa.String(length=80), nullable=False),
    sa.Column('principal_name', sa.String(length=200), nullable=False),
    sa.Column('on_behalf_of_actor_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['on_behalf_of_actor_id'], ['actors.id'], name=op.f('fk_events_on_behalf_of_actor_id_actors'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_events'))
    )
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.create_index('ix_events_subject', ['subject_type', 'subject_id', 'id'], unique=False)
        batch_op.create_index('ix_events_type', ['type', 'id'], unique=False)

    op.create_table('meetings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('body_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('hub', sa.Enum('NEW_YORK', 'GENEVA', 'VIENNA', 'OTHER', name='hub', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('location', sa.String(length=200), nullable=True),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('status', sa.Enum('SCHEDULED', 'HELD', 'CANCELLED', name='status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('outcome', sa.Text(), nullable=True),
    sa.Column('source_url', sa.String(length=500), nullable=True),
    sa.Column('confidence', sa.Enum('CONFIRMED', 'UNCONFIRMED', name='confidence', native_enum=False, create_constraint=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('ends_at IS NULL OR ends_at >= starts_at', name=op.f('ck_meetings_ends_after_start')),
    sa.ForeignKeyConstraint(['body_id'], ['coordination_bodies.id'], name=op.f('fk_meetings_body_id_coordination_bodies'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meetings'))
    )
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meetings_body_id'), ['body_id'], unique=False)

    op.create_table('memberships',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('body_id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.Enum('MEMBER', 'FOUNDING_MEMBER', 'CHAIR', 'COORDINATOR', 'OBSERVER', name='role', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('since', sa.Date(), nullable=True),
    sa.Column('until', sa.Date(), nullable=True),
    sa.Column('source_url', sa.String(length=500), nullable=True),
    sa.Column('confidence', sa.Enum('CONFIRMED', 'UNCONFIRMED', name='confidence', native_enum=False, create_constraint=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('until IS NULL OR since IS NULL OR until >= since', name=op.f('ck_memberships_until_after_since')),
    sa.ForeignKeyConstraint(['actor_id'], ['actors.id'], name=op.f('fk_memberships_actor_id_actors'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['body_id'], ['coordination_bodies.id'], name=op.f('fk_memberships_body_id_coordination_bodies'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_memberships'))
    )
    with op.batch_alter_table('memberships', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_memberships_actor_id'), ['actor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_memberships_body_id'), ['body_id'], unique=False)
        batch_op.create_index('uq_memberships_current', ['body_id', 'actor_id'], unique=True, sqlite_where=sa.text('until IS NULL'), postgresql_where=sa.text('until IS NULL'))

    op.create_table('deliverables',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('commitment_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('status', sa.Enum('PENDING', 'DELIVERED', 'DROPPED', name='status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['commitment_id'], ['commitments.id'], name=op.f('fk_deliverables_commitment_id_commitments'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deliverables'))
    )
    with op.batch_alter_table('deliverables', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_deliverables_commitment_id'), ['commitment_id'], unique=False)

    op.create_table('meeting_participants',
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['actors.id'], name=op.f('fk_meeting_participants_actor_id_actors'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_meeting_participants_meeting_id_meetings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('meeting_id', 'actor_id', name=op.f('pk_meeting_participants'))
    )
    with op.batch_alter_table('meeting_participants', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_participants_actor_id'), ['actor_id'], unique=False)

    op.create_table('plan_steps',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=60), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('achieved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('achieved_event_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.ForeignKeyConstraint(['achieved_event_id'], ['events.id'], name=op.f('fk_plan_steps_achieved_event_id_events'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_steps')),
    sa.UniqueConstraint('key', name=op.f('uq_plan_steps_key')),
    sa.UniqueConstraint('position', name=op.f('uq_plan_steps_position'))
    )
    op.create_table('progress_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('commitment_id', sa.Integer(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('percent_complete', sa.Integer(), nullable=False),
    sa.CheckConstraint('percent_complete >= 0 AND percent_complete <= 100', name=op.f('ck_progress_reports_percent_range')),
    sa.ForeignKeyConstraint(['commitment_id'], ['commitments.id'], name=op.f('fk_progress_reports_commitment_id_commitments'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_progress_reports'))
    )
    with op.batch_alter_table('progress_reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_progress_reports_commitment_id'), ['commitment_id'], unique=False)

    op.create_table('resolutions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agenda_item_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('omnibus', sa.Boolean(), nullable=False),
    sa.Column('draft_symbol', sa.String(length=40), nullable=True),
    sa.Column('symbol', sa.String(length=40), nullable=True),
    sa.Column('state', sa.Enum('DRAFTING', 'INFORMAL_CONSULTATIONS', 'TABLED', 'ADOPTED_IN_COMMITTEE', 'ADOPTED', 'REJECTED', 'WITHDRAWN', name='state', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('workflow_version', sa.Integer(), nullable=False),
    sa.Column('source_url', sa.String(length=500), nullable=True),
    sa.Column('confidence', sa.Enum('CONFIRMED', 'UNCONFIRMED', name='confidence', native_enum=False, create_constraint=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['agenda_item_id'], ['agenda_items.id'], name=op.f('fk_resolutions_agenda_item_id_agenda_items'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_resolutions')),
    sa.UniqueConstraint('draft_symbol', name=op.f('uq_resolutions_draft_symbol')),
    sa.UniqueConstraint('symbol', name=op.f('uq_resolutions_symbol'))
    )
    with op.batch_alter_table('resolutions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_resolutions_agenda_item_id'), ['agenda_item_id'], unique=False)

    op.create_table('transition_records',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('subject_type', sa.String(length=40), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=False),
    sa.Column('workflow', sa.String(length=40), nullable=False),
    sa.Column('workflow_version', sa.Integer(), nullable=False),
    sa.Column('from_state', sa.String(length=40), nullable=True),
    sa.Column('to_state', sa.String(length=40), nullable=False),
    sa.Column('trigger', sa.String(length=60), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('principal_id', sa.String(length=80), nullable=False),
    sa.Column('principal_name', sa.String(length=200), nullable=False),
    sa.Column('on_behalf_of_actor_id', sa.Integer(), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('source_url', sa.String(length=500), nullable=True),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_transition_records_event_id_events'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['on_behalf_of_actor_id'], ['actors.id'], name=op.f('fk_transition_records_on_behalf_of_actor_id_actors'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_transition_records')),
    sa.UniqueConstraint('event_id', name=op.f('uq_transition_records_event_id'))
    )
    with op.batch_alter_table('transition_records', schema=None) as batch_op:
        batch_op.create_index('ix_transition_records_subject', ['subject_type', 'subject_id', 'id'], unique=False)

    op.create_table('adoptions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('resolution_id', sa.Integer(), nullable=False),
    sa.Column('forum', sa.Enum('COMMITTEE', 'PLENARY', name='forum', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('method', sa.Enum('WITHOUT_A_VOTE', 'RECORDED', name='method', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('yes_count', sa.Integer(), nullable=True),
    sa.Column('no_count', sa.Integer(), nullable=True),
    sa.Column('abstain_count', sa.Integer(), nullable=True),
    sa.Column('adopted_on', sa.Date(), nullable=False),
    sa.Column('document_symbol', sa.String(length=40), nullable=True),
    sa.Column('source_url', sa.String(length=500), nullable=True),
    sa.Column('confidence', sa.Enum('CONFIRMED', 'UNCONFIRMED', name='confidence', native_enum=False, create_constraint=True), nullable=True),
    sa.CheckConstraint("(method = 'RECORDED' AND yes_count IS NOT NULL AND no_count IS NOT NULL AND abstain_count IS NOT NULL) OR (method = 'WITHOUT_A_VOTE' AND yes_count IS NULL AND no_count IS NULL AND abstain_count IS NULL)", name=op.f('ck_adoptions_counts_match_method')),
    sa.CheckConstraint('yes_count IS NULL OR (yes_count >= 0 AND no_count >= 0 AND abstain_count >= 0)', name=op.f('ck_adoptions_counts_not_negative')),
    sa.ForeignKeyConstraint(['resolution_id'], ['resolutions.id'], name=op.f('fk_adoptions_resolution_id_resolutions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_adoptions')),
    sa.UniqueConstraint('resolution_id', 'forum', name=op.f('uq_adoptions_resolution_id_forum'))
    )
    with op.batch_alter_table('adoptions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_adoptions_resolution_id'), ['resolution_id'], unique=False)

    op.create_table('sponsorships',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('resolution_id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('MAIN', 'CO_SPONSOR', name='kind', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('joined_on', sa.Date(), nullable=True),
    sa.Column('source_url', sa.String(length=500), nullable=True),
    sa.Column('confidence', sa.Enum('CONFIRMED', 'UNCONFIRMED', name='confidence', native_enum=False, create_constraint=True), nullable=True),
    sa.ForeignKeyConstraint(['actor_id'], ['actors.id'], name=op.f('fk_sponsorships_actor_id_actors'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['resolution_id'], ['resolutions.id'], name=op.f('fk_sponsorships_resolution_id_resolutions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sponsorships')),
    sa.UniqueConstraint('resolution_id', 'actor_id', name=op.f('uq_sponsorships_resolution_id_actor_id'))
    )
    with op.batch_alter_table('sponsorships', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sponsorships_actor_id'), ['actor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sponsorships_resolution_id'), ['resolution_id'], unique=False)

    op.bulk_insert(
        sa.table(
            'plan_steps',
            sa.column('key', sa.String()),
            sa.column('position', sa.Integer()),
            sa.column('title', sa.String()),
            sa.column('description', sa.Text()),
        ),
        PLAN_STEPS,
    )


def downgrade() -> None:
    with op.batch_alter_table('sponsorships', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sponsorships_resolution_id'))
        batch_op.drop_index(batch_op.f('ix_sponsorships_actor_id'))

    op.drop_table('sponsorships')
    with op.batch_alter_table('adoptions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_adoptions_resolution_id'))

    op.drop_table('adoptions')
    with op.batch_alter_table('transition_records', schema=None) as batch_op:
        batch_op.drop_index('ix_transition_records_subject')

    op.drop_table('transition_records')
    with op.batch_alter_table('resolutions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_resolutions_agenda_item_id'))

    op.drop_table('resolutions')
    with op.batch_alter_table('progress_reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_progress_reports_commitment_id'))

    op.drop_table('progress_reports')
    op.drop_table('plan_steps')
    with op.batch_alter_table('meeting_participants', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_participants_actor_id'))

    op.drop_table('meeting_participants')
    with op.batch_alter_table('deliverables', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_deliverables_commitment_id'))

    op.drop_table('deliverables')
    with op.batch_alter_table('memberships', schema=None) as batch_op:
        batch_op.drop_index('uq_memberships_current', sqlite_where=sa.text('until IS NULL'), postgresql_where=sa.text('until IS NULL'))
        batch_op.drop_index(batch_op.f('ix_memberships_body_id'))
        batch_op.drop_index(batch_op.f('ix_memberships_actor_id'))

    op.drop_table('memberships')
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meetings_body_id'))

    op.drop_table('meetings')
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index('ix_events_type')
        batch_op.drop_index('ix_events_subject')

    op.drop_table('events')
    with op.batch_alter_table('commitments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_commitments_due_on'))
        batch_op.drop_index(batch_op.f('ix_commitments_actor_id'))

    op.drop_table('commitments')
    with op.batch_alter_table('agenda_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agenda_items_proposer_id'))

    op.drop_table('agenda_items')
    op.drop_table('coordination_bodies')
    op.drop_table('actors')
