"""Matches kept by (watch, document) only: the index by document that 0005 added cost an
ingest more than its watches' matching (each pass inserted hundreds of thousands of
random document ids into it; 10,000 watches over 2,500 documents: 2.4-3.5 s of recording
against 0.8-1.3 s without it). Whether a copy was reported is now asked of the (watch,
document) key for the watches that found it; a deletion scans the matches once.

Revision ID: 0006
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"


def upgrade() -> None:
    op.drop_index("watch_matches_doc", "watch_matches", if_exists=True)


def downgrade() -> None:
    op.create_index("watch_matches_doc", "watch_matches", ["doc_id"], if_not_exists=True)
