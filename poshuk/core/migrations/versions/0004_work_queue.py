"""The work queue (``poshuk.core.work_queue``): items to parse, re-enrich or reindex,
leased to ``poshuk worker`` processes, and the registry of those workers. Documents an
upload left queued before the queue existed become parse items.

Revision ID: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"


def upgrade() -> None:
    inspector = sa.inspect(op.get_bind())
    if not inspector.has_table("work_items"):
        op.create_table(
            "work_items",
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("kind", sa.Text, nullable=False),  # parse | reenrich | reindex
            sa.Column("key", sa.Text, nullable=False),  # what it is about: once per kind
            sa.Column("payload", sa.Text, nullable=False, server_default="{}"),  # JSON
            sa.Column("state", sa.Text, nullable=False),  # queued | leased | done | failed
            sa.Column("attempts", sa.Integer, nullable=False, server_default=sa.text("0")),
            sa.Column("lease_owner", sa.Text),  # the worker holding it (or that did it)
            sa.Column("lease_expires", sa.Text),  # ISO UTC: taken back after this
            sa.Column("last_error", sa.Text),
            sa.Column("created_at", sa.Text, nullable=False),
            sa.Column("updated_at", sa.Text, nullable=False),
            sa.UniqueConstraint("kind", "key", name="work_items_kind_key"),
            sqlite_autoincrement=True,
        )
        op.create_index("work_items_state", "work_items", ["state", "id"])
        op.create_index("work_items_owner", "work_items", ["lease_owner", "updated_at"])
    if not inspector.has_table("workers"):
        op.create_table(
            "workers",
            sa.Column("id", sa.Text, primary_key=True),
            sa.Column("host", sa.Text, nullable=False),
            sa.Column("pid", sa.Integer, nullable=False),
            sa.Column("started_at", sa.Text, nullable=False),
            sa.Column("last_seen", sa.Text, nullable=False),
            sa.Column("items_done", sa.Integer, nullable=False, server_default=sa.text("0")),
            sa.Column("stopped_at", sa.Text),
        )
    op.execute(
        "INSERT INTO work_items (kind, key, payload, state, attempts, created_at, updated_at) "
        "SELECT 'parse', sha256, '{}', 'queued', 0, ingested_at, ingested_at "
        "FROM documents WHERE status = 'queued' "
        "ON CONFLICT (kind, key) DO NOTHING"
    )
