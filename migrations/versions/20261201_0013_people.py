"""people: persons, offices, appointments; bodies' chairs, mandate documents and predecessors

Revision ID: 0013_people
Revises: 0012_commitment_details
Create Date: 2026-12-01 04:15:22

Carries today's bodies over: every column they had stays as it was; the new ones (the
mandate's document symbol, the body succeeded) start empty, and there are no chairs yet (the
old CHAIR and COORDINATOR membership roles stay memberships: a role of an organisation is not a
person appointed to an office). Bodies now follow workflow version 2 (their history rows stay
as written, under version 1).
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

revision: str = '0013_people'
down_revision: str | None = '0012_commitment_details'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


NEW_TABLES = ('persons', 'offices', 'appointments', 'body_chairs')


def upgrade() -> None:
    op.create_table('persons',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('source_url', sa.String(length=500), nullable=True),
    sa.Column('confidence', sa.Enum('CONFIRMED', 'UNCONFIRMED', name='confidence', native_enum=False, create_constraint=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_persons')),
    sa.UniqueConstraint('name', name=op.f('uq_persons_name'))
    )
    op.create_table('offices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('kind', sa.Enum('SPECIAL_ADVISER_OF_THE_SECRETARY_GENERAL', 'SPECIAL_RAPPORTEUR', 'EXECUTIVE_HEAD', 'PERMANENT_REPRESENTATIVE', 'CO_FACILITATOR', 'OTHER', name='kind', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('source_url', sa.String(length=500), nullable=True),
    sa.Column('confidence', sa.Enum('CONFIRMED', 'UNCONFIRMED', name='confidence', native_enum=False, create_constraint=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['actors.id'], name=op.f('fk_offices_actor_id_actors'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_offices')),
    sa.UniqueConstraint('title', name=op.f('uq_offices_title'))
    )
    with op.batch_alter_table('offices', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_offices_actor_id'), ['actor_id'], unique=False)

    op.create_table('appointments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('office_id', sa.Integer(), nullable=False),
    sa.Column('since', sa.Date(), nullable=True),
    sa.Column('until', sa.Date(), nullable=True),
    sa.Column('source_url', sa.String(length=500), nullable=True),
    sa.Column('confidence', sa.Enum('CONFIRMED', 'UNCONFIRMED', name='confidence', native_enum=False, create_constraint=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('until IS NULL OR since IS NULL OR until >= since', name=op.f('ck_appointments_until_after_since')),
    sa.ForeignKeyConstraint(['office_id'], ['offices.id'], name=op.f('fk_appointments_office_id_offices'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['person_id'], ['persons.id'], name=op.f('fk_appointments_person_id_persons'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_appointments'))
    )
    with op.batch_alter_table('appointments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_appointments_office_id'), ['office_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_appointments_person_id'), ['person_id'], unique=False)

    op.create_table('body_chairs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('body_id', sa.Integer(), nullable=False),
    sa.Column('appointment_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('since', sa.Date(), nullable=True),
    sa.Column('until', sa.Date(), nullable=True),
    sa.Column('source_url', sa.String(length=500), nullable=True),
    sa.Column('confidence', sa.Enum('CONFIRMED', 'UNCONFIRMED', name='confidence', native_enum=False, create_constraint=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('until IS NULL OR since IS NULL OR until >= since', name=op.f('ck_body_chairs_until_after_since')),
    sa.ForeignKeyConstraint(['appointment_id'], ['appointments.id'], name=op.f('fk_body_chairs_appointment_id_appointments'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['body_id'], ['coordination_bodies.id'], name=op.f('fk_body_chairs_body_id_coordination_bodies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['persons.id'], name=op.f('fk_body_chairs_person_id_persons'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_body_chairs'))
    )
    with op.batch_alter_table('body_chairs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_body_chairs_appointment_id'), ['appointment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_body_chairs_body_id'), ['body_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_body_chairs_person_id'), ['person_id'], unique=False)

    with op.batch_alter_table('coordination_bodies', schema=None) as batch_op:
        batch_op.add_column(sa.Column('mandate_symbol', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('succeeds_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_coordination_bodies_succeeds_id'), ['succeeds_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_coordination_bodies_succeeds_id_coordination_bodies'), 'coordination_bodies', ['succeeds_id'], ['id'], ondelete='SET NULL')
    triggers_after_recreate('coordination_bodies')
    for table in NEW_TABLES:
        add_data_version_trigger(table)
    op.execute("UPDATE coordination_bodies SET workflow_version = 2")


def downgrade() -> None:
    op.execute("UPDATE coordination_bodies SET workflow_version = 1")
    fire_deferred_triggers()
    for table in NEW_TABLES:
        drop_data_version_trigger(table)
    with op.batch_alter_table('coordination_bodies', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_coordination_bodies_succeeds_id_coordination_bodies'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_coordination_bodies_succeeds_id'))
        batch_op.drop_column('succeeds_id')
        batch_op.drop_column('mandate_symbol')

    with op.batch_alter_table('body_chairs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_body_chairs_person_id'))
        batch_op.drop_index(batch_op.f('ix_body_chairs_body_id'))
        batch_op.drop_index(batch_op.f('ix_body_chairs_appointment_id'))

    op.drop_table('body_chairs')
    with op.batch_alter_table('appointments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_appointments_person_id'))
        batch_op.drop_index(batch_op.f('ix_appointments_office_id'))

    op.drop_table('appointments')
    with op.batch_alter_table('offices', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_offices_actor_id'))

    op.drop_table('offices')
    op.drop_table('persons')
    triggers_after_recreate('coordination_bodies')
