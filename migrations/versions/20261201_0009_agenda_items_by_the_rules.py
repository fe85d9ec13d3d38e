"""agenda items by the rules of procedure: origin, list, mandate, continuity, sub-items, topics

Revision ID: 0009_agenda_items
Revises: 0008_documents
Create Date: 2026-12-01 00:30:00

Carries today's items over: an item with a proposer or a memorandum was REQUESTED, every other
one is taken as MANDATED (the recurring items of the record); PROPOSED becomes LISTED and
INSCRIBED becomes INCLUDED, and the items move to workflow version 2 (their history rows stay as
written, with workflow version 1). Topics are read from the titles this project has used
("Crime prevention and criminal justice"; a title naming trafficking). `allocated_to` is dropped:
its data is in agenda_item_allocations since 0007_allocations.

On SQLite the table is rebuilt (batch mode) with foreign keys off, as SQLite's own procedure for
altering a table asks, so that the rows referring to the items are left as they are.
"""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import sqlalchemy as sa
from alembic import op

from gp_api.migration_ops import add_data_version_trigger, drop_data_version_trigger

revision: str = '0009_agenda_items'
down_revision: str | None = '0008_documents'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_STATES = ('PROPOSED', 'INSCRIBED', 'ALLOCATED', 'DEFERRED', 'CONCLUDED', 'WITHDRAWN')
NEW_STATES = (
    'LISTED', 'RECOMMENDED', 'NOT_RECOMMENDED', 'INCLUDED', 'NOT_INCLUDED', 'ALLOCATED',
    'DEFERRED', 'CONCLUDED', 'WITHDRAWN',
)
RENAMED = (('PROPOSED', 'LISTED'), ('INSCRIBED', 'INCLUDED'))
FORUMS = (
    'PLENARY', 'FIRST_COMMITTEE', 'SECOND_COMMITTEE', 'THIRD_COMMITTEE', 'FOURTH_COMMITTEE',
    'FIFTH_COMMITTEE', 'SIXTH_COMMITTEE',
)
ORIGINS = ('REQUESTED', 'MANDATED', 'CARRIED_OVER')
LISTS = ('PRELIMINARY', 'SUPPLEMENTARY', 'ADDITIONAL')


def _states(values: Sequence[str], length: int) -> sa.Enum:
    return sa.Enum(*values, name='state', native_enum=False, create_constraint=True, length=length)


@contextmanager
def _foreign_keys_off() -> Iterator[None]:
    """SQLite: rebuild the table with foreign keys off (the pragma only takes effect outside a
    transaction), then check them and leave enforcement as the caller had it. Nothing to do on
    PostgreSQL."""
    bind = op.get_bind()
    if bind.dialect.name != 'sqlite':
        yield
        return
    # As the caller had it, afterwards.
    enforced = bind.exec_driver_sql('PRAGMA foreign_keys').scalar_one()
    restore = f"PRAGMA foreign_keys={'ON' if enforced else 'OFF'}"
    bind.exec_driver_sql('COMMIT')
    bind.exec_driver_sql('PRAGMA foreign_keys=OFF')
    bind.exec_driver_sql('BEGIN')
    try:
        yield
        broken = bind.exec_driver_sql('PRAGMA foreign_key_check').fetchall()
        if broken:
            raise RuntimeError(f'foreign keys broken by the rebuild: {broken}')
    except BaseException:
        bind.exec_driver_sql('ROLLBACK')
        bind.exec_driver_sql(restore)
        bind.exec_driver_sql('BEGIN')
        raise
    bind.exec_driver_sql('COMMIT')
    bind.exec_driver_sql(restore)
    bind.exec_driver_sql('BEGIN')


def upgrade() -> None:
    with _foreign_keys_off():
        drop_data_version_trigger('agenda_items')
        with op.batch_alter_table('agenda_items', schema=None) as batch_op:
            batch_op.add_column(sa.Column('origin', sa.Enum(*ORIGINS, name='origin', native_enum=False, create_constraint=True, length=12), server_default='MANDATED', nullable=False))
            batch_op.add_column(sa.Column('agenda_list', sa.Enum(*LISTS, name='agenda_list', native_enum=False, create_constraint=True, length=13), nullable=True))
            batch_op.add_column(sa.Column('mandated_by_symbol', sa.String(length=40), nullable=True))
            batch_op.add_column(sa.Column('continues_id', sa.Integer(), nullable=True))
            batch_op.add_column(sa.Column('parent_id', sa.Integer(), nullable=True))
            batch_op.add_column(sa.Column('sub_item', sa.String(length=5), nullable=True))
            batch_op.add_column(sa.Column('topic_trafficking_in_persons', sa.Boolean(), server_default=sa.false(), nullable=False))
            batch_op.add_column(sa.Column('topic_crime_prevention', sa.Boolean(), server_default=sa.false(), nullable=False))
            batch_op.alter_column('state', existing_type=_states(OLD_STATES, 9), type_=_states(OLD_STATES + NEW_STATES, 15), existing_nullable=False)
        for old, new in RENAMED:
            op.execute(f"UPDATE agenda_items SET state = '{new}' WHERE state = '{old}'")
        op.execute(
            "UPDATE agenda_items SET origin = 'REQUESTED'"
            " WHERE proposer_id IS NOT NULL OR explanatory_memorandum IS NOT NULL"
        )
        op.execute("UPDATE agenda_items SET workflow_version = 2")
        op.execute(
            "UPDATE agenda_items SET topic_crime_prevention = true"
            " WHERE lower(title) = 'crime prevention and criminal justice'"
        )
        op.execute(
            "UPDATE agenda_items SET topic_trafficking_in_persons = true"
            " WHERE lower(title) LIKE '%trafficking%'"
        )
        with op.batch_alter_table('agenda_items', schema=None) as batch_op:
            batch_op.alter_column('state', existing_type=_states(OLD_STATES + NEW_STATES, 15), type_=_states(NEW_STATES, 15), existing_nullable=False)
            batch_op.alter_column('origin', server_default=None, existing_nullable=False)
            batch_op.drop_constraint(batch_op.f('ck_agenda_items_allocated_to'), type_='check')
            batch_op.drop_column('allocated_to')
            batch_op.create_index(batch_op.f('ix_agenda_items_continues_id'), ['continues_id'], unique=False)
            batch_op.create_index(batch_op.f('ix_agenda_items_parent_id'), ['parent_id'], unique=False)
            batch_op.create_unique_constraint(batch_op.f('uq_agenda_items_parent_id_sub_item'), ['parent_id', 'sub_item'])
            batch_op.create_foreign_key(batch_op.f('fk_agenda_items_continues_id_agenda_items'), 'agenda_items', ['continues_id'], ['id'])
            batch_op.create_foreign_key(batch_op.f('fk_agenda_items_parent_id_agenda_items'), 'agenda_items', ['parent_id'], ['id'])
            batch_op.create_check_constraint(batch_op.f('ck_agenda_items_sub_item_numbered_by_parent'), 'parent_id IS NULL OR (item_number IS NULL AND sub_item IS NOT NULL)')
            batch_op.create_check_constraint(batch_op.f('ck_agenda_items_continues_another'), 'continues_id IS NULL OR continues_id <> id')
        add_data_version_trigger('agenda_items')


def downgrade() -> None:
    with _foreign_keys_off():
        drop_data_version_trigger('agenda_items')
        with op.batch_alter_table('agenda_items', schema=None) as batch_op:
            batch_op.add_column(sa.Column('allocated_to', sa.Enum(*FORUMS, name='allocated_to', native_enum=False, create_constraint=True), nullable=True))
            batch_op.alter_column('state', existing_type=_states(NEW_STATES, 15), type_=_states(OLD_STATES + NEW_STATES, 15), existing_nullable=False)
        # The item's first whole-item allocation goes back into the column.
        op.execute(
            "UPDATE agenda_items SET allocated_to = (SELECT a.forum FROM agenda_item_allocations a"
            " WHERE a.agenda_item_id = agenda_items.id AND a.resolution_id IS NULL"
            " ORDER BY a.id LIMIT 1)"
        )
        for old, new in RENAMED:
            op.execute(f"UPDATE agenda_items SET state = '{old}' WHERE state = '{new}'")
        # States version 1 does not have: the nearest one it has.
        op.execute("UPDATE agenda_items SET state = 'PROPOSED' WHERE state IN ('RECOMMENDED', 'NOT_RECOMMENDED')")
        op.execute("UPDATE agenda_items SET state = 'WITHDRAWN' WHERE state = 'NOT_INCLUDED'")
        op.execute("UPDATE agenda_items SET workflow_version = 1")
        with op.batch_alter_table('agenda_items', schema=None) as batch_op:
            batch_op.drop_constraint(batch_op.f('ck_agenda_items_continues_another'), type_='check')
            batch_op.drop_constraint(batch_op.f('ck_agenda_items_sub_item_numbered_by_parent'), type_='check')
            batch_op.drop_constraint(batch_op.f('fk_agenda_items_parent_id_agenda_items'), type_='foreignkey')
            batch_op.drop_constraint(batch_op.f('fk_agenda_items_continues_id_agenda_items'), type_='foreignkey')
            batch_op.drop_constraint(batch_op.f('uq_agenda_items_parent_id_sub_item'), type_='unique')
            batch_op.drop_index(batch_op.f('ix_agenda_items_parent_id'))
            batch_op.drop_index(batch_op.f('ix_agenda_items_continues_id'))
            batch_op.alter_column('state', existing_type=_states(OLD_STATES + NEW_STATES, 15), type_=_states(OLD_STATES, 9), existing_nullable=False)
            batch_op.drop_constraint(batch_op.f('ck_agenda_items_agenda_list'), type_='check')
            batch_op.drop_constraint(batch_op.f('ck_agenda_items_origin'), type_='check')
            batch_op.drop_column('topic_crime_prevention')
            batch_op.drop_column('topic_trafficking_in_persons')
            batch_op.drop_column('sub_item')
            batch_op.drop_column('parent_id')
            batch_op.drop_column('continues_id')
            batch_op.drop_column('mandated_by_symbol')
            batch_op.drop_column('agenda_list')
            batch_op.drop_column('origin')
        add_data_version_trigger('agenda_items')
