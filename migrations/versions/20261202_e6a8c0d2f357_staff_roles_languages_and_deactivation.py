"""Staff accounts get a role, languages, a staff-page language and an active flag

Revision ID: e6a8c0d2f357
Revises: d5f7b9c1e246
Create Date: 2026-12-02 21:30:00

Accounts made before roles existed could do everything: they become admins, so nobody loses
access. New accounts always state their role (no server default is left on the column).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e6a8c0d2f357'
down_revision = 'd5f7b9c1e246'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('staff_users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('role', sa.String(length=16), nullable=False, server_default='admin'))
        batch_op.add_column(sa.Column('languages', sa.String(length=200), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('staff_language', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('active', sa.Boolean(), nullable=False, server_default=sa.true()))
    with op.batch_alter_table('staff_users', schema=None) as batch_op:
        batch_op.alter_column('role', server_default=None, existing_type=sa.String(length=16), existing_nullable=False)


def downgrade():
    with op.batch_alter_table('staff_users', schema=None) as batch_op:
        batch_op.drop_column('active')
        batch_op.drop_column('staff_language')
        batch_op.drop_column('languages')
        batch_op.drop_column('role')
