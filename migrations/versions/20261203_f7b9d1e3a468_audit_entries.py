"""The studio's audit trail: who did what to which content file, when, and its commit

Revision ID: f7b9d1e3a468
Revises: e6a8c0d2f357
Create Date: 2026-12-03 10:00:00
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f7b9d1e3a468'
down_revision = 'e6a8c0d2f357'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'audit_entries',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('at', sa.DateTime(), nullable=False),
        sa.Column('username', sa.String(length=64), nullable=False),
        sa.Column('action', sa.String(length=16), nullable=False),
        sa.Column('path', sa.String(length=300), nullable=False),
        sa.Column('revision', sa.String(length=64), server_default='', nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_entries')),
    )
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_entries_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_entries_path'), ['path'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_entries_username'), ['username'], unique=False)


def downgrade():
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_entries_username'))
        batch_op.drop_index(batch_op.f('ix_audit_entries_path'))
        batch_op.drop_index(batch_op.f('ix_audit_entries_at'))
    op.drop_table('audit_entries')
