"""Searches users keep by name, stored in the catalog's SQLite file beside the documents.

A saved search is the UI's query string (``q=…&lang=be&sort=date_desc``): whatever the
UI puts in its URL it can save, and opening one is following that link.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SavedSearch:
    id: int
    name: str
    query: str
    created_at: str


class SavedSearches:
    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db  # the catalog's: its saved_searches table comes with the catalog

    def list(self) -> list[SavedSearch]:
        rows = self.db.execute(
            "SELECT id, name, query, created_at FROM saved_searches ORDER BY name COLLATE NOCASE"
        ).fetchall()
        return [SavedSearch(*row) for row in rows]

    def save(self, name: str, query: str) -> SavedSearch:
        """Save ``query`` as ``name``; saving under a name already taken replaces it."""
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        self.db.execute(
            "INSERT INTO saved_searches (name, query, created_at) VALUES (?, ?, ?) "
            "ON CONFLICT(name) DO UPDATE SET query = excluded.query, "
            "created_at = excluded.created_at",
            (name, query, now),
        )
        row = self.db.execute(
            "SELECT id, name, query, created_at FROM saved_searches WHERE name = ?", (name,)
        ).fetchone()
        return SavedSearch(*row)

    def delete(self, search_id: int) -> bool:
        cursor = self.db.execute("DELETE FROM saved_searches WHERE id = ?", (search_id,))
        return cursor.rowcount > 0
