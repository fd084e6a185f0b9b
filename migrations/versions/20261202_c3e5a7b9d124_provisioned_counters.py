"""Provisioned counters: only their heartbeats count

Revision ID: c3e5a7b9d124
Revises: b2d4f6a8c013
Create Date: 2026-12-02 15:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c3e5a7b9d124'
down_revision = 'b2d4f6a8c013'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('counters',
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('key_sha256', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_counters'))
    )
    # Heartbeats were accepted from anyone: none of them is from a provisioned counter yet.
    op.execute("DELETE FROM counter_heartbeats")


def downgrade():
    op.drop_table('counters')
