"""Publications, and what each follower serves (from its heartbeat)

Revision ID: a8c0e2f4b579
Revises: f7b9d1e3a468
Create Date: 2026-12-03 09:00:00

A follower's `content sync` reports the publication it serves, when that was published and its
last sync problem; a counter's browser sends none of these (old heartbeats leave them empty).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a8c0e2f4b579'
down_revision = 'f7b9d1e3a468'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'publications',
        sa.Column('number', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('revision', sa.String(length=64), nullable=False),
        sa.Column('source', sa.String(length=64), nullable=False),
        sa.Column('published_at', sa.DateTime(), nullable=False),
        sa.Column('published_by', sa.String(length=64), server_default='', nullable=False),
        sa.Column('restores', sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint('number', name=op.f('pk_publications')),
    )
    with op.batch_alter_table('counter_heartbeats', schema=None) as batch_op:
        batch_op.add_column(sa.Column('publication', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('published_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('sync_problem', sa.String(length=500), server_default='', nullable=False))


def downgrade():
    with op.batch_alter_table('counter_heartbeats', schema=None) as batch_op:
        batch_op.drop_column('sync_problem')
        batch_op.drop_column('published_at')
        batch_op.drop_column('publication')
    op.drop_table('publications')
