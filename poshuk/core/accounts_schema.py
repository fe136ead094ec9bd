"""The collection every document belongs to unless one is named; the tables of
collections, accounts, grants and the audit trail are migration 0002
(``poshuk/core/migrations/versions/0002_accounts.py``)."""

from __future__ import annotations

DEFAULT_COLLECTION = "default"
