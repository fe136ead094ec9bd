"""Watched searches: the watches (a query with its owner's delivery channels), the
documents each matched (once per watch and document), and the outbox of deliveries
(once per match and channel), so that a killed process neither loses nor repeats one.

Revision ID: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"


def upgrade() -> None:
    inspector = sa.inspect(op.get_bind())
    if inspector.has_table("watches"):  # idempotent like 0001 and 0002
        return
    op.create_table(
        "watches",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("owner", sa.Text, nullable=False, server_default=""),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),  # search | citation | entity
        sa.Column("query", sa.Text, nullable=False),  # the search box's text
        sa.Column("filters", sa.Text, nullable=False, server_default="{}"),  # JSON
        sa.Column("created_at", sa.Text, nullable=False),
        sa.Column("feed_secret_hash", sa.Text, nullable=False, unique=True),
        sa.Column("webhook_url", sa.Text),
        sa.Column("webhook_secret", sa.Text),
        sa.Column("email", sa.Text),
        sa.Column("email_mode", sa.Text),  # immediate | daily
        sa.Column("last_seen_at", sa.Text),
        sa.Column("last_digest_at", sa.Text),
        sa.UniqueConstraint("owner", "name"),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "watch_matches",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("watch_id", sa.Integer, nullable=False),
        sa.Column("doc_id", sa.Text, nullable=False),
        sa.Column("duplicate_group", sa.Text),
        sa.Column("matched_at", sa.Text, nullable=False),
        sa.Column("seen", sa.Integer, nullable=False, server_default=sa.text("0")),
        sa.UniqueConstraint("watch_id", "doc_id"),
        sqlite_autoincrement=True,
    )
    op.create_index("watch_matches_group", "watch_matches", ["watch_id", "duplicate_group"])
    op.create_table(
        "watch_outbox",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("match_id", sa.Integer, nullable=False),
        sa.Column("watch_id", sa.Integer, nullable=False),
        sa.Column("channel", sa.Text, nullable=False),  # webhook | email
        sa.Column("state", sa.Text, nullable=False),  # pending | sending | sent | failed
        sa.Column("attempts", sa.Integer, nullable=False, server_default=sa.text("0")),
        sa.Column("next_attempt_at", sa.Text, nullable=False),
        sa.Column("last_error", sa.Text),
        sa.Column("sent_at", sa.Text),
        sa.UniqueConstraint("match_id", "channel"),
        sqlite_autoincrement=True,
    )
    op.create_index("watch_outbox_due", "watch_outbox", ["state", "next_attempt_at"])
    op.create_index("watch_outbox_watch", "watch_outbox", ["watch_id"])


def downgrade() -> None:
    for table in ("watch_outbox", "watch_matches", "watches"):
        op.drop_table(table)
