"""Login attempts keep a keyed hash of their client; staff accounts a sign-in generation

Revision ID: a1c3e5f7b902
Revises: 7e087b475bf3
Create Date: 2026-12-02 15:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a1c3e5f7b902'
down_revision = '7e087b475bf3'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('login_attempts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('client', sa.String(length=32), nullable=False, server_default=''))
        batch_op.create_index(batch_op.f('ix_login_attempts_client'), ['client'], unique=False)

    with op.batch_alter_table('staff_users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sign_in_generation', sa.Integer(), nullable=False, server_default='0'))


def downgrade():
    with op.batch_alter_table('staff_users', schema=None) as batch_op:
        batch_op.drop_column('sign_in_generation')

    with op.batch_alter_table('login_attempts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_login_attempts_client'))
        batch_op.drop_column('client')
