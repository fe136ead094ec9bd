"""Collections, accounts, tokens, grants and the audit trail; every document in a
collection (an older catalog's documents move into ``default``, not public); saved
searches per owner ('' = the single-user tool).

Revision ID: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"

DEFAULT_COLLECTION = "default"  # poshuk.core.accounts_schema.DEFAULT_COLLECTION, frozen here


def _saved_searches(name: str) -> None:
    op.create_table(
        name,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("owner", sa.Text, nullable=False, server_default=""),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("query", sa.Text, nullable=False),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.UniqueConstraint("owner", "name"),
        sqlite_autoincrement=True,
    )


def upgrade() -> None:
    # idempotent like 0001: a catalog that lost its alembic_version is brought up again
    inspector = sa.inspect(op.get_bind())
    if "collection" not in {c["name"] for c in inspector.get_columns("documents")}:
        op.add_column(
            "documents",
            sa.Column("collection", sa.Text, nullable=False, server_default=DEFAULT_COLLECTION),
        )
    op.create_index("documents_collection", "documents", ["collection"], if_not_exists=True)
    if inspector.has_table("collections"):
        _saved_searches_with_owner(inspector)
        return
    op.create_table(
        "collections",
        sa.Column("name", sa.Text, primary_key=True),
        sa.Column("public", sa.Integer, nullable=False, server_default=sa.text("0")),
        sa.Column("description", sa.Text, nullable=False, server_default=""),
        sa.Column("created_at", sa.Text, nullable=False),
    )
    op.execute(
        sa.text("INSERT INTO collections (name, public, description, created_at) "
                "VALUES (:name, 0, 'documents ingested before collections existed', "
                "CURRENT_TIMESTAMP)").bindparams(name=DEFAULT_COLLECTION)
    )
    op.create_table(
        "users",
        sa.Column("name", sa.Text, primary_key=True),
        sa.Column("admin", sa.Integer, nullable=False, server_default=sa.text("0")),
        sa.Column("password_hash", sa.Text),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.Column("disabled", sa.Integer, nullable=False, server_default=sa.text("0")),
    )
    op.create_table(
        "tokens",
        sa.Column("hash", sa.Text, primary_key=True),
        sa.Column("user", sa.Text, sa.ForeignKey("users.name"), nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.Column("expires_at", sa.Text, nullable=False),
        sa.Column("revoked_at", sa.Text),
    )
    op.create_index("tokens_user", "tokens", ["user"])
    op.create_table(
        "grants",
        sa.Column("user", sa.Text, sa.ForeignKey("users.name"), primary_key=True),
        sa.Column("collection", sa.Text, sa.ForeignKey("collections.name"), primary_key=True),
        sa.Column("role", sa.Text, nullable=False),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "audit",
        sa.Column("seq", sa.Integer, primary_key=True),
        sa.Column("at", sa.Text, nullable=False),
        sa.Column("user", sa.Text),
        sa.Column("address", sa.Text),
        sa.Column("action", sa.Text, nullable=False),
        sa.Column("document_id", sa.Text),
        sa.Column("collection", sa.Text),
        sa.Column("query", sa.Text),
        sa.Column("count", sa.Integer),
        sa.Column("detail", sa.Text),
        sa.Column("prev_hash", sa.Text, nullable=False),
        sa.Column("hash", sa.Text, nullable=False),
    )
    for column in ("at", "user", "document_id"):
        op.create_index(f"audit_{column.replace('document_id', 'document')}", "audit", [column])
    op.create_table(
        "audit_anchor",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("hash", sa.Text, nullable=False),
        sa.CheckConstraint("id = 1"),
    )
    _saved_searches_with_owner(inspector)


def _saved_searches_with_owner(inspector: sa.Inspector) -> None:
    """Saved searches gain an owner, unique per (owner, name): rebuilt, ids kept."""
    if "owner" in {c["name"] for c in inspector.get_columns("saved_searches")}:
        return
    _saved_searches("saved_searches_v2")
    op.execute("INSERT INTO saved_searches_v2 (id, owner, name, query, created_at) "
               "SELECT id, '', name, query, created_at FROM saved_searches")
    op.drop_table("saved_searches")
    op.rename_table("saved_searches_v2", "saved_searches")


