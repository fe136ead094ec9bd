"""The catalog as it was before migrations: created when missing; a catalog an earlier
version made gains the columns added since its release.

Revision ID: 0001
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None

_JSON_LIST = sa.text("'[]'")


def _documents() -> list[sa.Column[Any]]:
    return [
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("sha256", sa.Text, nullable=False, unique=True),
        sa.Column("file_name", sa.Text, nullable=False),
        sa.Column("media_type", sa.Text, nullable=False),
        sa.Column("size", sa.BigInteger, nullable=False),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("error", sa.Text),
        sa.Column("parser", sa.Text),
        sa.Column("warnings", sa.Text, nullable=False, server_default=_JSON_LIST),
        sa.Column("title", sa.Text),
        sa.Column("date", sa.Text),
        sa.Column("date_source", sa.Text, nullable=False, server_default="none"),
        sa.Column("language", sa.Text),
        sa.Column("language_confidence", sa.Float),
        sa.Column("type", sa.Text),
        sa.Column("source", sa.Text),
        sa.Column("access", sa.Text, nullable=False, server_default="public"),
        sa.Column("entities", sa.Text, nullable=False, server_default=_JSON_LIST),
        sa.Column("citations", sa.Text, nullable=False, server_default=_JSON_LIST),
        sa.Column("dates", sa.Text, nullable=False, server_default=_JSON_LIST),
        sa.Column("figures", sa.Text, nullable=False, server_default=_JSON_LIST),
        # 0 on rows written before versions were kept: older than any, so re-enriched
        sa.Column("enrichment_version", sa.Integer, nullable=False, server_default=sa.text("0")),
        sa.Column("text_sha256", sa.Text),
        sa.Column("duplicate_group", sa.Text),
        sa.Column("ingested_at", sa.Text, nullable=False),
        sa.Column("indexed", sa.Integer, nullable=False, server_default=sa.text("0")),
        sa.Column("parent_id", sa.Text),
    ]


def _pages() -> list[sa.Column[Any]]:
    return [
        sa.Column("doc_id", sa.Text, sa.ForeignKey("documents.id"), primary_key=True),
        sa.Column("number", sa.Integer, primary_key=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("language", sa.Text),
        sa.Column("language_confidence", sa.Float),
        sa.Column("ocr", sa.Integer, nullable=False, server_default=sa.text("0")),
        sa.Column("ocr_confidence", sa.Float),
    ]


# columns added to these tables after the first release (an old catalog lacks them)
_ADDED = {
    "documents": ("language_confidence", "parent_id", "figures", "enrichment_version"),
    "pages": ("language_confidence", "ocr", "ocr_confidence"),
}
_NO_ROWID = {"sqlite_with_rowid": False}


def upgrade() -> None:
    inspector = sa.inspect(op.get_bind())
    tables = {"documents": _documents, "pages": _pages}
    for name, columns in tables.items():
        if not inspector.has_table(name):
            op.create_table(name, *columns(), **(_NO_ROWID if name == "pages" else {}))
            continue
        present = {c["name"] for c in inspector.get_columns(name)}
        for column in columns():
            if column.name not in present and column.name in _ADDED[name]:
                op.add_column(name, column)
    if not inspector.has_table("entity_names"):
        op.create_table(
            "entity_names",
            sa.Column("key", sa.Text, primary_key=True),
            sa.Column("surface", sa.Text, primary_key=True),
            sa.Column("doc_id", sa.Text, sa.ForeignKey("documents.id"), primary_key=True),
            **_NO_ROWID,
        )
    if not inspector.has_table("seen_paths"):
        op.create_table(
            "seen_paths",
            sa.Column("sha256", sa.Text, primary_key=True),
            sa.Column("path", sa.Text, primary_key=True),
            **_NO_ROWID,
        )
    if not inspector.has_table("minhash"):  # near-duplicates (poshuk.core.nearduplicates)
        op.create_table(
            "minhash",
            sa.Column("doc_id", sa.Text, primary_key=True),
            sa.Column("signature", sa.LargeBinary, nullable=False),
            **_NO_ROWID,
        )
    if not inspector.has_table("minhash_bands"):
        op.create_table(
            "minhash_bands",
            sa.Column("band_key", sa.BigInteger, primary_key=True, autoincrement=False),
            sa.Column("doc_id", sa.Text, primary_key=True),
            **_NO_ROWID,
        )
    if not inspector.has_table("saved_searches"):
        op.create_table(
            "saved_searches",
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("name", sa.Text, nullable=False, unique=True),
            sa.Column("query", sa.Text, nullable=False),
            sa.Column("created_at", sa.Text, nullable=False),
            sqlite_autoincrement=True,
        )
    index = op.create_index
    index("documents_text_sha256", "documents", ["text_sha256"], if_not_exists=True)
    index("documents_duplicate_group", "documents", ["duplicate_group"], if_not_exists=True)
    for name, indexed, where in (
        ("documents_pending", "indexed", "indexed = 0"),
        ("documents_status", "status", "status != 'ok'"),
        ("documents_parent", "parent_id", "parent_id IS NOT NULL"),
    ):
        index(name, "documents", [indexed], if_not_exists=True,
              sqlite_where=sa.text(where), postgresql_where=sa.text(where))
