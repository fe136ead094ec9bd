"""Matches by document, not by (watch, group): whether a batch's copies were already
reported (asked at every index pass) and a document's deletion look matches up by
``doc_id``. Without that index each scanned every match ever recorded, so a large
ingest slowed as its matches grew; the (watch, group) index served no query.

Revision ID: 0005
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"


def upgrade() -> None:
    op.create_index("watch_matches_doc", "watch_matches", ["doc_id"], if_not_exists=True)
    op.drop_index("watch_matches_group", "watch_matches", if_exists=True)


def downgrade() -> None:
    op.create_index("watch_matches_group", "watch_matches", ["watch_id", "duplicate_group"])
    op.drop_index("watch_matches_doc", "watch_matches")
