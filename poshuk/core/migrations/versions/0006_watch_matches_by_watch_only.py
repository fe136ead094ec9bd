"""Matches kept by (watch, document) only: the index by document that 0005 added cost an
ingest more than anything else in recording its matches (each pass inserts hundreds of
thousands of random document ids into it: one ingest of 2,500 documents against 10,000
watches recorded its 300,000 matches in 4.7-5.4 s with it, 1.7-1.9 s without). Whether a
copy was reported is now asked of the (watch, document) key, for the watches that found
one; a deletion reads the matches once per 500 documents.

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
