"""Searches that found nothing: a column of daily_searches instead of a twin table

Revision ID: d5f7b9c1e246
Revises: c3e5a7b9d124
Create Date: 2026-12-02 21:00:00

zero_result_searches had the same key and shape as daily_searches. Its counts move into
daily_searches.nothing_found (a search that found nothing was always counted as a search too;
a row with no twin, if any, is kept as a search row of its own), then the table goes.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd5f7b9c1e246'
down_revision = 'c3e5a7b9d124'
branch_labels = None
depends_on = None

KEY = "day, lang, query, counter"
SAME_KEY = "z.day = {d}.day AND z.lang = {d}.lang AND z.query = {d}.query AND z.counter = {d}.counter"


def upgrade():
    with op.batch_alter_table('daily_searches') as batch:
        batch.add_column(sa.Column('nothing_found', sa.Integer(), server_default='0', nullable=False))
    same_key = SAME_KEY.format(d="daily_searches")  # no alias: older SQLite has none in UPDATE
    op.execute(
        "UPDATE daily_searches SET nothing_found = "
        f"(SELECT z.count FROM zero_result_searches AS z WHERE {same_key}) "
        f"WHERE EXISTS (SELECT 1 FROM zero_result_searches AS z WHERE {same_key})"
    )
    op.execute(
        f"INSERT INTO daily_searches ({KEY}, count, nothing_found) "
        f"SELECT {KEY}, count, count FROM zero_result_searches AS z "
        f"WHERE NOT EXISTS (SELECT 1 FROM daily_searches AS d WHERE {SAME_KEY.format(d='d')})"
    )
    op.drop_table('zero_result_searches')


def downgrade():
    op.create_table('zero_result_searches',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('lang', sa.String(length=16), nullable=False),
    sa.Column('query', sa.String(length=100), nullable=False),
    sa.Column('counter', sa.String(length=64), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_zero_result_searches')),
    sa.UniqueConstraint('day', 'lang', 'query', 'counter', name=op.f('uq_zero_result_searches_day')),
    )
    op.create_index(op.f('ix_zero_result_searches_day'), 'zero_result_searches', ['day'], unique=False)
    op.execute(
        f"INSERT INTO zero_result_searches ({KEY}, count) "
        f"SELECT {KEY}, nothing_found FROM daily_searches WHERE nothing_found > 0"
    )
    with op.batch_alter_table('daily_searches') as batch:
        batch.drop_column('nothing_found')
