"""Searches users keep by name, stored in the catalog beside the documents.

A saved search is the UI's query string (``q=…&lang=be&sort=date_desc``): whatever the
UI puts in its URL it can save, and opening one is following that link. Each belongs to
its owner (a user name; '' in the single-user tool): nobody sees or deletes another's.
Its table comes with the catalog (migrations 0001 and 0002).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from poshuk.core.db import Database


@dataclass(frozen=True, slots=True)
class SavedSearch:
    id: int
    name: str
    query: str
    created_at: str


_COLUMNS = "id, name, query, created_at"


class SavedSearches:
    def __init__(self, db: Database) -> None:
        self.db = db  # the catalog's: its saved_searches table comes with the catalog

    def list(self, owner: str = "") -> list[SavedSearch]:
        rows = self.db.execute(
            f"SELECT {_COLUMNS} FROM saved_searches WHERE owner = ? "
            "ORDER BY lower(name), name",  # ASCII case folded, as NOCASE did
            (owner,),
        ).fetchall()
        return [SavedSearch(*row) for row in rows]

    def save(self, name: str, query: str, owner: str = "") -> SavedSearch:
        """Save ``query`` as ``name``; saving under a name already taken replaces it."""
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        self.db.execute(
            "INSERT INTO saved_searches (owner, name, query, created_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(owner, name) DO UPDATE SET query = excluded.query, "
            "created_at = excluded.created_at",
            (owner, name, query, now),
        )
        row = self.db.execute(
            f"SELECT {_COLUMNS} FROM saved_searches WHERE owner = ? AND name = ?", (owner, name)
        ).fetchone()
        return SavedSearch(*row)

    def delete(self, search_id: int, owner: str = "") -> bool:
        cursor = self.db.execute(
            "DELETE FROM saved_searches WHERE id = ? AND owner = ?", (search_id, owner)
        )
        return cursor.rowcount > 0
