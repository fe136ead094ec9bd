"""Every table and column collections, accounts, grants and the audit trail need, in one
place (applied on every catalog open; idempotent), so it can become one migration.

* ``documents.collection``: the collection a document belongs to; catalogs written
  before collections existed move into ``default`` (not public: once accounts exist,
  nobody anonymous sees it unless a manager makes it so).
* ``saved_searches.owner``: saved searches are per user ('' = the single-user tool).
"""

from __future__ import annotations

import sqlite3

DEFAULT_COLLECTION = "default"

ACCOUNTS_DDL = """
CREATE TABLE IF NOT EXISTS collections (
    name TEXT PRIMARY KEY,
    public INTEGER NOT NULL DEFAULT 0,
    description TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS users (
    name TEXT PRIMARY KEY,
    admin INTEGER NOT NULL DEFAULT 0,
    password_hash TEXT,
    created_at TEXT NOT NULL,
    disabled INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS tokens (
    hash TEXT PRIMARY KEY,
    user TEXT NOT NULL REFERENCES users(name),
    kind TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    revoked_at TEXT
);
CREATE INDEX IF NOT EXISTS tokens_user ON tokens(user);
CREATE TABLE IF NOT EXISTS grants (
    user TEXT NOT NULL REFERENCES users(name),
    collection TEXT NOT NULL REFERENCES collections(name),
    role TEXT NOT NULL,
    PRIMARY KEY (user, collection)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS audit (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    user TEXT,
    address TEXT,
    action TEXT NOT NULL,
    document_id TEXT,
    collection TEXT,
    query TEXT,
    count INTEGER,
    detail TEXT,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_at ON audit(at);
CREATE INDEX IF NOT EXISTS audit_user ON audit(user);
CREATE INDEX IF NOT EXISTS audit_document ON audit(document_id);
CREATE TABLE IF NOT EXISTS audit_anchor (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    seq INTEGER NOT NULL,
    hash TEXT NOT NULL
);
"""

_SAVED_SEARCHES = """
CREATE TABLE IF NOT EXISTS saved_searches_v2 (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    owner TEXT NOT NULL DEFAULT '',
    name TEXT NOT NULL,
    query TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (owner, name)
);
"""


def _columns(db: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in db.execute(f"PRAGMA table_info({table})")}


def apply(db: sqlite3.Connection) -> None:
    """Create what is missing; existing documents land in ``default``. Deleted rows are
    overwritten from now on, not left in free pages (``poshuk.core.deletion``)."""
    db.execute("PRAGMA secure_delete=ON")
    db.executescript(ACCOUNTS_DDL)
    if "collection" not in _columns(db, "documents"):
        db.execute("ALTER TABLE documents ADD COLUMN collection TEXT NOT NULL "
                   f"DEFAULT '{DEFAULT_COLLECTION}'")
    db.execute("CREATE INDEX IF NOT EXISTS documents_collection ON documents(collection)")
    db.execute(
        "INSERT OR IGNORE INTO collections (name, public, description, created_at) "
        "VALUES (?, 0, 'documents ingested before collections existed', datetime('now'))",
        (DEFAULT_COLLECTION,),
    )
    # saved searches gain an owner: rebuilt once with (owner, name) unique
    existing = _columns(db, "saved_searches")
    if existing and "owner" not in existing:
        db.executescript(_SAVED_SEARCHES + """
            INSERT INTO saved_searches_v2 (id, owner, name, query, created_at)
                SELECT id, '', name, query, created_at FROM saved_searches;
            DROP TABLE saved_searches;
            ALTER TABLE saved_searches_v2 RENAME TO saved_searches;
        """)
    elif not existing:
        db.executescript(_SAVED_SEARCHES.replace("saved_searches_v2", "saved_searches"))
