"""review ids are never reused on SQLite

Undo deletes a review, and SQLite (a rowid table without AUTOINCREMENT) would give the
next review that same id: a study page offering to undo the deleted one would then take
back the new one. AUTOINCREMENT makes SQLite remember the highest id ever used.
PostgreSQL's sequences never reuse an id, so there is nothing to do there.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02 06:30:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name != "sqlite":
        return
    with op.batch_alter_table(
        "reviews", recreate="always", table_kwargs={"sqlite_autoincrement": True}
    ):
        pass


def downgrade():
    if op.get_bind().dialect.name != "sqlite":
        return
    with op.batch_alter_table(
        "reviews", recreate="always", table_kwargs={"sqlite_autoincrement": False}
    ):
        pass
