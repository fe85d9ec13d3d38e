"""drafts through the workflow: submitters, symbols at submission, revisions, actions with
each Member State's vote, amendments, facilitators; sponsors withdraw; Member States

Revision ID: 0010_drafts
Revises: 0009_agenda_items
Create Date: 2026-12-01 00:30:00

Carries today's drafts over: INFORMAL_CONSULTATIONS becomes DRAFTING and TABLED becomes
INTRODUCED (history rows stay as written, under workflow version 1); each draft's forum is its
item's Main Committee when it has one (else the plenary); every adoption becomes an action
(a RECORDED one keeps its counts, flagged `counts_only`; one whose counts do not pass is a
rejection); a committee adoption's document symbol becomes the draft's report symbol.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from gp_api.migration_ops import (
    add_data_version_trigger,
    drop_data_version_trigger,
    fire_deferred_triggers,
    triggers_after_recreate,
)

revision: str = '0010_drafts'
down_revision: str | None = '0009_agenda_items'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FORUMS = (
    'PLENARY', 'FIRST_COMMITTEE', 'SECOND_COMMITTEE', 'THIRD_COMMITTEE', 'FOURTH_COMMITTEE',
    'FIFTH_COMMITTEE', 'SIXTH_COMMITTEE',
)
OLD_STATES = (
    'DRAFTING', 'INFORMAL_CONSULTATIONS', 'TABLED', 'ADOPTED_IN_COMMITTEE', 'ADOPTED',
    'REJECTED', 'WITHDRAWN',
)
STATES = (
    'DRAFTING', 'SUBMITTED', 'INTRODUCED', 'ADOPTED_IN_COMMITTEE', 'REPORTED', 'ADOPTED',
    'REJECTED', 'NO_ACTION', 'DEFERRED', 'WITHDRAWN',
)
KINDS = ('RESOLUTION', 'DECISION')
SUBMITTERS = ('SPONSORS', 'PRESIDENT', 'FACILITATORS', 'CHAIR', 'BUREAU')
OUTCOMES = ('ADOPTED', 'REJECTED', 'NO_ACTION', 'DEFERRED')
METHODS = ('WITHOUT_A_VOTE', 'RECORDED_VOTE', 'NON_RECORDED_VOTE', 'ROLL_CALL')
BALLOTS = ('YES', 'NO', 'ABSTAIN', 'ABSENT')
AMENDMENT_OUTCOMES = ('PENDING', 'ADOPTED', 'REJECTED', 'NO_ACTION', 'WITHDRAWN')
NEW_TABLES = (
    'draft_facilitators', 'draft_revisions', 'amendments', 'amendment_proposers',
    'draft_actions', 'draft_votes',
)


def _enum(values: Sequence[str], name: str) -> sa.Enum:
    return sa.Enum(
        *values, name=name, native_enum=False, create_constraint=True,
        length=max(len(v) for v in values),
    )


def _in(column: str, values: Sequence[str]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def _confidence() -> sa.Column:  # type: ignore[type-arg]
    return sa.Column('confidence', _enum(('CONFIRMED', 'UNCONFIRMED'), 'confidence'), nullable=True)


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == 'sqlite'
    op.add_column('actors', sa.Column('un_member_since', sa.Date(), nullable=True))
    op.add_column('sponsorships', sa.Column('withdrawn_on', sa.Date(), nullable=True))

    # Drafts: the new columns, then the states mapped before the new CHECK holds them.
    with op.batch_alter_table('resolutions', schema=None) as batch_op:
        if not sqlite:
            batch_op.drop_constraint('state', type_='check')
        batch_op.add_column(sa.Column('kind', sa.String(10), nullable=True))
        batch_op.add_column(sa.Column('forum', sa.String(16), nullable=True))
        batch_op.add_column(sa.Column('submitter', sa.String(12), nullable=True))
        batch_op.add_column(sa.Column('submitted_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('report_symbol', sa.String(length=40), nullable=True))
    op.execute("UPDATE resolutions SET state = 'DRAFTING' WHERE state = 'INFORMAL_CONSULTATIONS'")
    op.execute("UPDATE resolutions SET state = 'INTRODUCED' WHERE state = 'TABLED'")
    op.execute("UPDATE resolutions SET kind = 'RESOLUTION', workflow_version = 2")
    op.execute(
        "UPDATE resolutions SET forum = COALESCE("
        " (SELECT MIN(a.forum) FROM agenda_item_allocations a"
        "  WHERE a.agenda_item_id = resolutions.agenda_item_id AND a.forum <> 'PLENARY'"
        "  AND a.resolution_id IS NULL),"
        " 'PLENARY')"
    )
    op.execute(
        "UPDATE resolutions SET submitter = 'SPONSORS' WHERE state <> 'DRAFTING' AND EXISTS"
        " (SELECT 1 FROM sponsorships s WHERE s.resolution_id = resolutions.id"
        " AND s.kind = 'MAIN')"
    )
    op.execute(
        "UPDATE resolutions SET report_symbol = (SELECT a.document_symbol FROM adoptions a"
        " WHERE a.resolution_id = resolutions.id AND a.forum = 'COMMITTEE')"
    )
    fire_deferred_triggers()
    with op.batch_alter_table('resolutions', schema=None) as batch_op:
        batch_op.alter_column('kind', existing_type=sa.String(10), nullable=False)
        batch_op.alter_column('forum', existing_type=sa.String(16), nullable=False)
        if sqlite:
            batch_op.drop_constraint('state', type_='check')
        batch_op.create_check_constraint('state', _in('state', STATES))
        batch_op.create_check_constraint('kind', _in('kind', KINDS))
        batch_op.create_check_constraint('forum', _in('forum', FORUMS))
        batch_op.create_check_constraint('submitter', _in('submitter', SUBMITTERS))
        batch_op.alter_column(
            'state', existing_type=sa.String(22), type_=sa.String(20), existing_nullable=False
        )
    triggers_after_recreate('resolutions')

    op.create_table('draft_facilitators',
    sa.Column('resolution_id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['actors.id'], name=op.f('fk_draft_facilitators_actor_id_actors'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['resolution_id'], ['resolutions.id'], name=op.f('fk_draft_facilitators_resolution_id_resolutions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('resolution_id', 'actor_id', name=op.f('pk_draft_facilitators')),
    )
    op.create_table('draft_revisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('resolution_id', sa.Integer(), nullable=False),
    sa.Column('oral', sa.Boolean(), nullable=False),
    sa.Column('symbol', sa.String(length=40), nullable=True),
    sa.Column('revised_on', sa.Date(), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('source_url', sa.String(length=500), nullable=True),
    _confidence(),
    sa.CheckConstraint('oral OR symbol IS NOT NULL', name=op.f('ck_draft_revisions_written_has_symbol')),
    sa.ForeignKeyConstraint(['resolution_id'], ['resolutions.id'], name=op.f('fk_draft_revisions_resolution_id_resolutions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_draft_revisions')),
    sa.UniqueConstraint('symbol', name=op.f('uq_draft_revisions_symbol')),
    )
    op.create_index(op.f('ix_draft_revisions_resolution_id'), 'draft_revisions', ['resolution_id'], unique=False)
    op.create_table('amendments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('resolution_id', sa.Integer(), nullable=False),
    sa.Column('forum', _enum(FORUMS, 'forum'), nullable=False),
    sa.Column('symbol', sa.String(length=40), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('proposed_on', sa.Date(), nullable=False),
    sa.Column('outcome', _enum(AMENDMENT_OUTCOMES, 'outcome'), nullable=False),
    sa.Column('source_url', sa.String(length=500), nullable=True),
    _confidence(),
    sa.ForeignKeyConstraint(['resolution_id'], ['resolutions.id'], name=op.f('fk_amendments_resolution_id_resolutions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_amendments')),
    sa.UniqueConstraint('symbol', name=op.f('uq_amendments_symbol')),
    )
    op.create_index(op.f('ix_amendments_resolution_id'), 'amendments', ['resolution_id'], unique=False)
    op.create_table('amendment_proposers',
    sa.Column('amendment_id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['actors.id'], name=op.f('fk_amendment_proposers_actor_id_actors'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['amendment_id'], ['amendments.id'], name=op.f('fk_amendment_proposers_amendment_id_amendments'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('amendment_id', 'actor_id', name=op.f('pk_amendment_proposers')),
    )
    op.create_table('draft_actions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('resolution_id', sa.Integer(), nullable=False),
    sa.Column('amendment_id', sa.Integer(), nullable=True),
    sa.Column('forum', _enum(FORUMS, 'forum'), nullable=False),
    sa.Column('outcome', _enum(OUTCOMES, 'outcome'), nullable=False),
    sa.Column('method', _enum(METHODS, 'method'), nullable=False),
    sa.Column('important_question', sa.Boolean(), nullable=False),
    sa.Column('yes_count', sa.Integer(), nullable=True),
    sa.Column('no_count', sa.Integer(), nullable=True),
    sa.Column('abstain_count', sa.Integer(), nullable=True),
    sa.Column('counts_only', sa.Boolean(), nullable=False),
    sa.Column('taken_on', sa.Date(), nullable=False),
    sa.Column('meeting_record_symbol', sa.String(length=40), nullable=True),
    sa.Column('source_url', sa.String(length=500), nullable=True),
    _confidence(),
    sa.CheckConstraint("(method = 'WITHOUT_A_VOTE' AND yes_count IS NULL AND no_count IS NULL AND abstain_count IS NULL) OR (method <> 'WITHOUT_A_VOTE' AND yes_count IS NOT NULL AND no_count IS NOT NULL AND abstain_count IS NOT NULL)", name=op.f('ck_draft_actions_counts_match_method')),
    sa.CheckConstraint('yes_count IS NULL OR (yes_count >= 0 AND no_count >= 0 AND abstain_count >= 0)', name=op.f('ck_draft_actions_counts_not_negative')),
    sa.ForeignKeyConstraint(['amendment_id'], ['amendments.id'], name=op.f('fk_draft_actions_amendment_id_amendments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['resolution_id'], ['resolutions.id'], name=op.f('fk_draft_actions_resolution_id_resolutions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_draft_actions')),
    )
    op.create_index(op.f('ix_draft_actions_amendment_id'), 'draft_actions', ['amendment_id'], unique=False)
    op.create_index(op.f('ix_draft_actions_resolution_id'), 'draft_actions', ['resolution_id'], unique=False)
    op.create_table('draft_votes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=False),
    sa.Column('ballot', _enum(BALLOTS, 'ballot'), nullable=False),
    sa.ForeignKeyConstraint(['action_id'], ['draft_actions.id'], name=op.f('fk_draft_votes_action_id_draft_actions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['actor_id'], ['actors.id'], name=op.f('fk_draft_votes_actor_id_actors'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_draft_votes')),
    sa.UniqueConstraint('action_id', 'actor_id', name=op.f('uq_draft_votes_action_id_actor_id')),
    )
    op.create_index(op.f('ix_draft_votes_action_id'), 'draft_votes', ['action_id'], unique=False)
    op.create_index(op.f('ix_draft_votes_actor_id'), 'draft_votes', ['actor_id'], unique=False)
    for table in NEW_TABLES:
        add_data_version_trigger(table)

    # Every adoption becomes an action of its forum.
    op.execute(
        "INSERT INTO draft_actions (resolution_id, forum, outcome, method, important_question,"
        " yes_count, no_count, abstain_count, counts_only, taken_on, source_url, confidence)"
        " SELECT a.resolution_id,"
        " CASE WHEN a.forum = 'PLENARY' THEN 'PLENARY' ELSE r.forum END,"
        " CASE WHEN a.method = 'RECORDED' AND a.yes_count <= a.no_count THEN 'REJECTED'"
        " ELSE 'ADOPTED' END,"
        " CASE WHEN a.method = 'RECORDED' THEN 'RECORDED_VOTE' ELSE 'WITHOUT_A_VOTE' END,"
        " FALSE, a.yes_count, a.no_count, a.abstain_count,"
        " CASE WHEN a.method = 'RECORDED' THEN TRUE ELSE FALSE END,"
        " a.adopted_on, a.source_url, a.confidence"
        " FROM adoptions a JOIN resolutions r ON r.id = a.resolution_id ORDER BY a.id"
    )
    drop_data_version_trigger('adoptions')
    op.drop_index(op.f('ix_adoptions_resolution_id'), table_name='adoptions')
    op.drop_table('adoptions')


def downgrade() -> None:
    """Back to adoptions (lossy: votes, revisions, amendments, facilitators, withdrawals and
    admission dates are dropped; the last adoption or rejection of each forum is kept)."""
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
    op.create_index(op.f('ix_adoptions_resolution_id'), 'adoptions', ['resolution_id'], unique=False)
    add_data_version_trigger('adoptions')
    op.execute(
        "INSERT INTO adoptions (resolution_id, forum, method, yes_count, no_count,"
        " abstain_count, adopted_on, document_symbol, source_url, confidence)"
        " SELECT d.resolution_id,"
        " CASE WHEN d.forum = 'PLENARY' THEN 'PLENARY' ELSE 'COMMITTEE' END,"
        " CASE WHEN d.method = 'WITHOUT_A_VOTE' THEN 'WITHOUT_A_VOTE' ELSE 'RECORDED' END,"
        " d.yes_count, d.no_count, d.abstain_count, d.taken_on,"
        " CASE WHEN d.forum = 'PLENARY' THEN r.symbol ELSE r.report_symbol END,"
        " d.source_url, d.confidence"
        " FROM draft_actions d JOIN resolutions r ON r.id = d.resolution_id"
        " WHERE d.amendment_id IS NULL AND d.outcome IN ('ADOPTED', 'REJECTED')"
        " AND d.id = (SELECT MAX(x.id) FROM draft_actions x WHERE x.amendment_id IS NULL"
        " AND x.resolution_id = d.resolution_id AND x.outcome IN ('ADOPTED', 'REJECTED')"
        " AND (x.forum = 'PLENARY') = (d.forum = 'PLENARY'))"
    )
    for table in reversed(NEW_TABLES):
        drop_data_version_trigger(table)
    op.drop_table('draft_votes')
    op.drop_table('draft_actions')
    op.drop_table('amendment_proposers')
    op.drop_table('amendments')
    op.drop_table('draft_revisions')
    op.drop_table('draft_facilitators')
    with op.batch_alter_table('resolutions', schema=None) as batch_op:
        for name in ('state', 'kind', 'forum', 'submitter'):
            batch_op.drop_constraint(name, type_='check')
    op.execute("UPDATE resolutions SET state = 'TABLED' WHERE state IN ('SUBMITTED', 'INTRODUCED', 'DEFERRED')")
    op.execute("UPDATE resolutions SET state = 'ADOPTED_IN_COMMITTEE' WHERE state = 'REPORTED'")
    op.execute("UPDATE resolutions SET state = 'REJECTED' WHERE state = 'NO_ACTION'")
    op.execute("UPDATE resolutions SET workflow_version = 1")
    fire_deferred_triggers()
    with op.batch_alter_table('resolutions', schema=None) as batch_op:
        batch_op.drop_column('report_symbol')
        batch_op.drop_column('submitted_on')
        batch_op.drop_column('submitter')
        batch_op.drop_column('forum')
        batch_op.drop_column('kind')
        batch_op.create_check_constraint('state', _in('state', OLD_STATES))
    triggers_after_recreate('resolutions')
    for table, column in (('sponsorships', 'withdrawn_on'), ('actors', 'un_member_since')):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column(column)
        triggers_after_recreate(table)
