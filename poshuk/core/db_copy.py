"""Moving a catalog between databases (``poshuk migrate --from … --to …``) without loss.

The target is migrated to the newest schema, every table is copied in batches (rows are
streamed, never all in memory), parents before the tables that refer to them, then both
sides are compared table by table: the row count and an order-independent checksum (the
sum, modulo 2**128, of one SHA-256 per row over its values in column-name order).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from poshuk.core import accounts_schema
from poshuk.core.catalog import Catalog
from poshuk.core.db import Database, quote, sqlalchemy_url

BATCH = 1000
_SKIP = {"alembic_version"}  # written by the target's own migrations


class CopyRefused(ValueError):
    """The copy cannot start: a non-empty target, or schemas that differ."""


@dataclass(frozen=True, slots=True)
class TableCheck:
    table: str
    source_rows: int
    target_rows: int
    source_sum: str
    target_sum: str

    @property
    def same(self) -> bool:
        return (self.source_rows, self.source_sum) == (self.target_rows, self.target_sum)


def ordered_tables(db: Database) -> list[str]:
    """The catalog's tables, each after every table its foreign keys name."""
    import sqlalchemy

    engine = sqlalchemy.create_engine(sqlalchemy_url(db.url))
    try:
        meta = sqlalchemy.MetaData()
        meta.reflect(engine)
        return [t.name for t in meta.sorted_tables if t.name not in _SKIP]
    finally:
        engine.dispose()


def columns(db: Database, table: str) -> list[str]:
    return sorted(db.columns(table))  # by name: the two sides may order them differently


def _is_seed_only(db: Database, table: str) -> bool:
    """Rows the migrations themselves insert (the ``default`` collection) do not make a
    catalog non-empty."""
    if table == "collections":
        names = [row[0] for row in db.execute("SELECT name FROM collections").fetchall()]
        return names in ([], [accounts_schema.DEFAULT_COLLECTION])
    return db.execute(f"SELECT 1 FROM {quote(table)} LIMIT 1").fetchone() is None


def copy_catalog(source_url: str, target_url: str, *, replace: bool = False,
                 progress: Callable[[str, int], None] | None = None) -> list[TableCheck]:
    """Copy the catalog at ``source_url`` into ``target_url`` and compare both sides.
    A target holding anything refuses the copy unless ``replace`` (its rows go first)."""
    source, target = Catalog(source_url), Catalog(target_url)  # both at the newest schema
    try:
        tables = ordered_tables(target.db)
        if set(tables) != set(source.db.tables()) - _SKIP:
            raise CopyRefused("the two catalogs' tables differ: "
                              f"{sorted(set(tables) ^ (set(source.db.tables()) - _SKIP))}")
        filled = [t for t in tables if not _is_seed_only(target.db, t)]
        if filled and not replace:
            raise CopyRefused(f"the target already holds rows in {', '.join(filled)}; "
                              "pass --replace to overwrite it")
        with target.db.transaction(lock="documents"):
            for table in reversed(tables):  # children first
                target.db.execute(f"DELETE FROM {quote(table)}")
            for table in tables:
                _copy_table(source.db, target.db, table, progress)
        for table in tables:
            target.db.reset_sequences(table)
        return [compare(source.db, target.db, table) for table in tables]
    finally:
        source.close()
        target.close()


def _copy_table(source: Database, target: Database, table: str,
                progress: Callable[[str, int], None] | None) -> None:
    names = columns(target, table)
    if set(names) != set(columns(source, table)):
        raise CopyRefused(f"table {table}: the two catalogs' columns differ")
    listed = ", ".join(quote(n) for n in names)
    insert = f"INSERT INTO {quote(table)} ({listed}) VALUES ({', '.join('?' for _ in names)})"
    copied = 0
    for rows in source.stream(f"SELECT {listed} FROM {quote(table)}", batch=BATCH):
        target.executemany(insert, [tuple(row) for row in rows])
        copied += len(rows)
        if progress:
            progress(table, copied)


def _canonical(value: Any) -> Any:
    if isinstance(value, (bytes, bytearray, memoryview)):
        return {"b": bytes(value).hex()}
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, float):
        return {"f": value.hex()}
    return value


def checksum(db: Database, table: str) -> tuple[int, str]:
    """(rows, order-independent checksum) of ``table``'s content."""
    names = columns(db, table)
    total, count = 0, 0
    for rows in db.stream(f"SELECT {', '.join(quote(n) for n in names)} FROM {quote(table)}",
                          batch=BATCH):
        for row in rows:
            encoded = json.dumps([_canonical(v) for v in row], ensure_ascii=False)
            total += int.from_bytes(hashlib.sha256(encoded.encode()).digest()[:16], "big")
            count += 1
    return count, f"{total % 2**128:032x}"


def compare(source: Database, target: Database, table: str) -> TableCheck:
    (source_rows, source_sum), (target_rows, target_sum) = (
        checksum(source, table), checksum(target, table))
    return TableCheck(table, source_rows, target_rows, source_sum, target_sum)


def compare_all(source_url: str, target_url: str) -> Iterator[TableCheck]:
    """Compare two catalogs table by table (what :func:`copy_catalog` ends with)."""
    source, target = Catalog(source_url), Catalog(target_url)
    try:
        for table in ordered_tables(target.db):
            yield compare(source.db, target.db, table)
    finally:
        source.close()
        target.close()
