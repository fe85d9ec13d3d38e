"""commitment details: several determinants, pillars, SDG targets, scope and countries, a pledge
(amount and ISO 4217 currency), evidence links; progress reports with their source

Revision ID: 0012_commitment_details
Revises: 0011_mandates
Create Date: 2026-12-01 04:30:00

Carries today's commitments over: each one's single determinant becomes a list of one; the new
lists start empty, scope and pledge unknown (null). Progress reports keep their percentage,
which may now be left out (a running programme's edition states none), and gain a source URL
and confidence. The downgrade keeps each commitment's first determinant and refuses (by the
NOT NULL) to drop a report that states no percentage: it sets those to 0.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from gp_api.migration_ops import fire_deferred_triggers, triggers_after_recreate

revision: str = '0012_commitment_details'
down_revision: str | None = '0011_mandates'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DETERMINANTS = (
    'CRIMINALISATION', 'DEMAND_REDUCTION', 'PROTECTION', 'REINTEGRATION', 'ROOT_CAUSES',
    'CAPACITY_BUILDING',
)
SCOPES = ('NATIONAL', 'REGIONAL', 'GLOBAL')
LISTS = ('determinants', 'pillars', 'sdg_targets', 'countries', 'evidence')


def _in(column: str, values: Sequence[str]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == 'sqlite'
    with op.batch_alter_table('commitments', schema=None) as batch_op:
        for name in LISTS:
            batch_op.add_column(sa.Column(name, sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('scope', sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column('pledge_amount', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('pledge_currency', sa.String(length=3), nullable=True))
    # The single determinant becomes a list of one; the other lists start empty.
    if sqlite:
        op.execute(
            "UPDATE commitments SET determinants = json_array(determinant), pillars = '[]',"
            " sdg_targets = '[]', countries = '[]', evidence = '[]'"
        )
    else:
        op.execute(
            "UPDATE commitments SET determinants = json_build_array(determinant),"
            " pillars = '[]'::json, sdg_targets = '[]'::json, countries = '[]'::json,"
            " evidence = '[]'::json"
        )
    fire_deferred_triggers()
    with op.batch_alter_table('commitments', schema=None) as batch_op:
        for name in LISTS:
            batch_op.alter_column(name, existing_type=sa.JSON(), nullable=False)
        batch_op.drop_constraint('determinant', type_='check')
        batch_op.drop_column('determinant')
        batch_op.create_check_constraint('scope', _in('scope', SCOPES))
        batch_op.create_check_constraint(
            'pledge_amount_currency', '(pledge_amount IS NULL) = (pledge_currency IS NULL)'
        )
        batch_op.create_index(
            batch_op.f('ix_commitments_pledge_currency'), ['pledge_currency'], unique=False
        )
    triggers_after_recreate('commitments')

    with op.batch_alter_table('progress_reports', schema=None) as batch_op:
        batch_op.alter_column('percent_complete', existing_type=sa.Integer(), nullable=True)
        batch_op.add_column(sa.Column('source_url', sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column('confidence', sa.String(length=11), nullable=True))
        batch_op.create_check_constraint(
            'confidence', _in('confidence', ('CONFIRMED', 'UNCONFIRMED'))
        )
    triggers_after_recreate('progress_reports')


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == 'sqlite'
    op.execute("UPDATE progress_reports SET percent_complete = 0 WHERE percent_complete IS NULL")
    fire_deferred_triggers()
    with op.batch_alter_table('progress_reports', schema=None) as batch_op:
        batch_op.drop_constraint('confidence', type_='check')
        batch_op.drop_column('confidence')
        batch_op.drop_column('source_url')
        batch_op.alter_column('percent_complete', existing_type=sa.Integer(), nullable=False)
    triggers_after_recreate('progress_reports')

    with op.batch_alter_table('commitments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('determinant', sa.String(length=17), nullable=True))
    # The first determinant is kept.
    if sqlite:
        op.execute("UPDATE commitments SET determinant = json_extract(determinants, '$[0]')")
    else:
        op.execute("UPDATE commitments SET determinant = determinants ->> 0")
    fire_deferred_triggers()
    with op.batch_alter_table('commitments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_commitments_pledge_currency'))
        batch_op.drop_constraint('pledge_amount_currency', type_='check')
        batch_op.drop_constraint('scope', type_='check')
        batch_op.alter_column('determinant', existing_type=sa.String(length=17), nullable=False)
        batch_op.create_check_constraint('determinant', _in('determinant', DETERMINANTS))
        batch_op.drop_column('pledge_currency')
        batch_op.drop_column('pledge_amount')
        batch_op.drop_column('scope')
        for name in reversed(LISTS):
            batch_op.drop_column(name)
    triggers_after_recreate('commitments')
