"""How often a search's results were opened: a column of daily_searches

Revision ID: b9d1f3a5c680
Revises: a8c0e2f4b579
Create Date: 2026-12-03 04:10:00

A search that found pages nobody opened is, for staff, as telling as one that found nothing
(the pages found were not what the visitor meant). Existing rows start at 0: before this column
nothing counted the opening of a result.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b9d1f3a5c680'
down_revision = 'a8c0e2f4b579'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('daily_searches') as batch:
        batch.add_column(sa.Column('opened', sa.Integer(), server_default='0', nullable=False))


def downgrade():
    with op.batch_alter_table('daily_searches') as batch:
        batch.drop_column('opened')
