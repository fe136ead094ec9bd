"""The catalog's connection layer: one small interface over SQLite and PostgreSQL.

Callers write portable SQL with ``?`` placeholders (``INSERT … ON CONFLICT``, no
``rowid``, no SQLite-only functions) and read rows by column name or position. Where the
two databases must differ, the difference is here, once per rule:

* placeholders: ``?`` becomes psycopg's ``%s`` (and a literal ``%`` is doubled);
* a write transaction: ``BEGIN IMMEDIATE`` on SQLite (one writer at a time, as the
  catalog always had); on PostgreSQL ``BEGIN`` plus, when the caller names a lock, a
  transaction-scoped advisory lock, so read-then-write sequences (the audit chain's
  append, duplicate linking) are serialised across processes and machines;
* after deleting: SQLite overwrites deleted rows (``secure_delete``) and truncates its
  write-ahead log; PostgreSQL runs ``VACUUM`` on the touched tables (:meth:`Database.purge`).

Threads: every thread gets its own connection, opened on first use (the API serves
requests from a thread pool; a transaction belongs to the thread that opened it).
"""

from __future__ import annotations

import sqlite3
import threading
import zlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, Protocol
from urllib.parse import unquote, urlsplit

Dialect = Literal["sqlite", "postgresql"]
IN_CHUNK = 500  # values to one IN (...) list: far under both engines' parameter limits


@lru_cache(maxsize=1)
def database_errors() -> tuple[type[Exception], ...]:
    """What either backend raises for a busy, locked or unreachable catalog; a function,
    so that ``except database_errors():`` imports psycopg (~0.3 s) only when an error
    arrives, not in every SQLite-only process."""
    import psycopg

    return (sqlite3.Error, psycopg.Error)


class CatalogUnavailable(RuntimeError):
    """The catalog's database cannot be reached (a PostgreSQL server down, a wrong URL)."""


class Row(Protocol):
    """A result row: ``row["column"]``, ``row[0]``, iteration, ``dict(row)``."""

    def __getitem__(self, key: int | str) -> Any: ...
    def __iter__(self) -> Iterator[Any]: ...
    def __len__(self) -> int: ...
    def keys(self) -> list[str]: ...


class Cursor(Protocol):
    rowcount: int

    def fetchone(self) -> Any: ...
    def fetchall(self) -> list[Any]: ...
    def __iter__(self) -> Iterator[Any]: ...


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{Path(path).resolve()}"


def dialect_of(url: str) -> Dialect:
    scheme = url.partition("://")[0].split("+")[0]
    if scheme == "sqlite":
        return "sqlite"
    if scheme in ("postgresql", "postgres"):
        return "postgresql"
    raise ValueError(
        f"catalog URL {redact(url)!r}: use sqlite:///path/to/catalog.sqlite3 or "
        "postgresql://user@host:port/database"
    )


def sqlite_path(url: str) -> Path:
    """The file a ``sqlite:///…`` URL names (four slashes: an absolute path)."""
    return Path(unquote(url.partition(":///")[2]))


def redact(url: str) -> str:
    """``url`` without its password, for messages and logs."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
    return parts._replace(netloc=netloc).geturl()


def sqlalchemy_url(url: str) -> str:
    """The URL for SQLAlchemy (alembic): PostgreSQL through psycopg 3."""
    if dialect_of(url) == "postgresql":
        return "postgresql+psycopg://" + url.partition("://")[2]
    return url


@lru_cache(maxsize=512)
def _pyformat(sql: str) -> str:
    return sql.replace("%", "%%").replace("?", "%s")


def _pg_params(params: Sequence[Any]) -> list[Any]:
    """Booleans as the 0/1 integers the schema stores (SQLite converts them itself)."""
    return [int(p) if isinstance(p, bool) else p for p in params]


def lock_key(name: str) -> int:
    """A stable 64-bit key for ``pg_advisory_xact_lock`` from a lock's name."""
    return zlib.crc32(f"poshuk:{name}".encode())


class _PgRow(tuple):  # type: ignore[type-arg]
    """psycopg's rows made to behave like ``sqlite3.Row``."""

    _names: dict[str, int]

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            return tuple.__getitem__(self, self._names[key])
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._names)


def _pg_rows(cursor: Any) -> Any:
    names = {column.name: i for i, column in enumerate(cursor.description or ())}

    def make(values: Sequence[Any]) -> _PgRow:
        row = _PgRow(values)
        row._names = names
        return row

    return make


class Database:
    """A catalog database (``connect`` makes one); safe to share between threads."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.dialect: Dialect = dialect_of(url)
        if self.dialect == "sqlite":
            sqlite_path(url).parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self._all: list[Any] = []
        self._guard = threading.Lock()
        self._conn()  # fail now, not on the first request, when the database is unreachable

    # --- connections ----------------------------------------------------------------

    def _conn(self) -> Any:
        conn = getattr(self._local, "conn", None)
        if conn is not None and not (self.dialect == "postgresql" and (
                conn.closed or conn.broken)):  # a restarted server: connect again
            return conn
        fresh = self._open()
        with self._guard:
            if conn is not None and conn in self._all:
                self._all.remove(conn)
            self._all.append(fresh)
        self._local.conn, self._local.depth = fresh, 0
        return fresh

    def _open(self) -> Any:
        if self.dialect == "sqlite":
            db = sqlite3.connect(sqlite_path(self.url), check_same_thread=False,
                                 isolation_level=None, timeout=10)
            db.row_factory = sqlite3.Row
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("PRAGMA busy_timeout=10000")
            # deleted rows are overwritten, not left in free pages (poshuk.core.deletion)
            db.execute("PRAGMA secure_delete=ON")
            return db
        import psycopg

        try:
            return psycopg.connect(self.url, autocommit=True, row_factory=_pg_rows,
                                   connect_timeout=10)
        except psycopg.OperationalError as err:
            reason = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
            raise CatalogUnavailable(
                f"cannot reach the catalog at {redact(self.url)}: {reason}") from err

    def close(self) -> None:
        """Close every thread's connection."""
        with self._guard:
            conns, self._all = self._all, []
        for conn in conns:
            conn.close()
        self._local = threading.local()

    # --- statements -----------------------------------------------------------------

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Cursor:
        if self.dialect == "sqlite":
            cursor: Cursor = self._conn().execute(sql, params)
            return cursor
        if not params:  # sent as it is: no placeholders, and a '%' stays single
            return self._conn().execute(sql)  # type: ignore[no-any-return]
        return self._conn().execute(  # type: ignore[no-any-return]
            _pyformat(sql), _pg_params(params))

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        if self.dialect == "sqlite":
            self._conn().executemany(sql, rows)
            return
        rows = [_pg_params(row) for row in rows]
        if rows:
            with self._conn().cursor() as cursor:
                cursor.executemany(_pyformat(sql), rows)

    def rows_in(self, sql: str, values: Sequence[Any], after: Sequence[Any] = ()
                ) -> Iterator[Any]:
        """The rows of ``sql`` for many ``values``, asked :data:`IN_CHUNK` at a time:
        ``{in}`` in ``sql`` stands for the placeholders of one chunk (``IN ({in})``),
        ``after`` for the parameters that follow them."""
        for statement, params in _in_chunks(sql, values, after):
            yield from self.execute(statement, params).fetchall()

    def execute_in(self, sql: str, values: Sequence[Any]) -> None:
        """Run ``sql`` (a write) for many ``values``, :data:`IN_CHUNK` at a time, as
        :meth:`rows_in` asks."""
        for statement, params in _in_chunks(sql, values, ()):
            self.execute(statement, params)

    @contextmanager
    def transaction(self, lock: str | None = None) -> Iterator[Database]:
        """A write transaction: committed when the block ends, rolled back on an error.
        ``lock`` names what concurrent writers must not interleave on (see the module
        docstring). Nested blocks join the outer transaction."""
        conn = self._conn()
        if self._local.depth:
            if lock is not None and self.dialect == "postgresql":  # held to the outer end
                conn.execute("SELECT pg_advisory_xact_lock(%s)", (lock_key(lock),))
            self._local.depth += 1
            try:
                yield self
            finally:
                self._local.depth -= 1
            return
        self._local.depth = 1
        try:
            if self.dialect == "sqlite":
                conn.execute("BEGIN IMMEDIATE")
                try:
                    yield self
                except BaseException:
                    conn.execute("ROLLBACK")
                    raise
                conn.execute("COMMIT")
            else:
                with conn.transaction():
                    if lock is not None:
                        conn.execute("SELECT pg_advisory_xact_lock(%s)", (lock_key(lock),))
                    yield self
        finally:
            self._local.depth = 0

    def stream(self, sql: str, params: Sequence[Any] = (), batch: int = 1000
               ) -> Iterator[list[Any]]:
        """The rows of a large result, ``batch`` at a time, never all in memory (on
        PostgreSQL through a server-side cursor)."""
        if self.dialect == "sqlite":
            cursor = self._conn().execute(sql, params)
            while rows := cursor.fetchmany(batch):
                yield rows
            return
        conn = self._conn()
        with conn.transaction(), conn.cursor(name=f"stream_{id(self)}") as cursor:
            if params:
                cursor.execute(_pyformat(sql), _pg_params(params))
            else:
                cursor.execute(sql)
            while rows := cursor.fetchmany(batch):
                yield rows

    # --- the schema -----------------------------------------------------------------

    def columns(self, table: str) -> list[str]:
        """``table``'s column names, in the table's order."""
        cursor: Any = self.execute(f"SELECT * FROM {quote(table)} WHERE 1 = 0")
        return [column[0] for column in cursor.description]

    def reset_sequences(self, table: str) -> None:
        """After rows were inserted with their ids: PostgreSQL's serial columns continue
        after the largest id (SQLite's AUTOINCREMENT follows by itself)."""
        if self.dialect == "sqlite":
            return
        for column in self.columns(table):
            row = self.execute("SELECT pg_get_serial_sequence(?, ?)",
                               (quote(table), column)).fetchone()
            if row and row[0]:
                self.execute(
                    f"SELECT setval(?, COALESCE((SELECT max({quote(column)}) "
                    f"FROM {quote(table)}), 0) + 1, false)", (row[0],))

    def tables(self) -> list[str]:
        """The catalog's tables (alembic's own included), sorted."""
        if self.dialect == "sqlite":
            sql = ("SELECT name FROM sqlite_master WHERE type = 'table' "
                   "AND name NOT LIKE 'sqlite_%' ORDER BY name")
        else:
            sql = ("SELECT table_name FROM information_schema.tables WHERE table_schema = "
                   "current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name")
        return [row[0] for row in self.execute(sql).fetchall()]

    def purge(self, tables: Iterable[str]) -> None:
        """After deleting rows: leave nothing of them readable in the database files.
        SQLite already overwrote them (``secure_delete``); its write-ahead log, which
        still holds the old pages, is truncated. PostgreSQL keeps deleted rows as dead
        tuples until a vacuum: ``VACUUM`` the tables (it cannot run in a transaction)."""
        if self.dialect == "sqlite":
            self.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            return
        for table in dict.fromkeys(tables):
            self.execute(f"VACUUM {quote(table)}")


def quote(identifier: str) -> str:
    """A table or column name quoted for both dialects (``user`` is reserved in PostgreSQL)."""
    return '"' + identifier.replace('"', '""') + '"'


def connect(target: str | Path) -> Database:
    """Open the catalog database at a URL (``sqlite:///…``, ``postgresql://…``) or, as
    before URLs, a SQLite file's path."""
    return Database(target if isinstance(target, str) else sqlite_url(target))


def _in_chunks(sql: str, values: Sequence[Any], after: Sequence[Any]
               ) -> Iterator[tuple[str, list[Any]]]:
    """``sql`` with ``{in}`` made the placeholders of each :data:`IN_CHUNK` of ``values``,
    and its parameters."""
    for start in range(0, len(values), IN_CHUNK):
        chunk = list(values[start:start + IN_CHUNK])
        yield sql.replace("{in}", ", ".join("?" * len(chunk))), [*chunk, *after]
