"""``poshuk migrate``: move a catalog to another database (SQLite to PostgreSQL, or back)
and prove nothing was lost: each table's row count and checksum on both sides."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from poshuk.cli_options import _fail, console
from poshuk.core.db import dialect_of, redact
from poshuk.core.db_copy import CopyRefused, copy_catalog


def register(app: typer.Typer) -> None:
    app.command("migrate")(migrate)


def migrate(
    source: Annotated[str, typer.Option("--from", help="sqlite:///path/catalog.sqlite3 or "
                                                       "postgresql://…")],
    target: Annotated[str, typer.Option("--to", help="postgresql://user@host:port/db or "
                                                     "sqlite:///…")],
    replace: Annotated[bool, typer.Option(
        "--replace", help="overwrite a target that already holds rows")] = False,
) -> None:
    """Copy every table of a catalog into another database, then compare both sides:
    the command fails (exit 1) on any difference. Stop every process that writes the
    source first (a row written during the copy shows up as a difference). The originals,
    the audit key and the index stay where they are."""
    for url in (source, target):
        try:
            dialect_of(url)
        except ValueError as err:
            raise _fail(str(err)) from err
    if source == target:
        raise _fail("--from and --to name the same catalog")

    def progress(table: str, rows: int) -> None:
        console.print(f"  {table}: {rows} rows copied", highlight=False)

    console.print(f"copying {redact(source)} to {redact(target)}")
    try:
        checks = copy_catalog(source, target, replace=replace, progress=progress)
    except CopyRefused as err:
        raise _fail(str(err)) from err
    except Exception as err:  # an unreachable or refusing database: say which, no trace
        raise _fail(f"{type(err).__name__}: {redact(str(err))}") from err
    table = Table("table", "rows (from)", "rows (to)", "checksum (from)", "checksum (to)", "")
    for check in checks:
        table.add_row(check.table, str(check.source_rows), str(check.target_rows),
                      check.source_sum, check.target_sum,
                      "ok" if check.same else "[red]DIFFERENT[/red]")
    console.print(table)
    different = [c.table for c in checks if not c.same]
    if different:
        console.print(f"[red]the copy differs in {', '.join(different)}[/red]")
        raise typer.Exit(1)
    console.print(f"{sum(c.source_rows for c in checks)} rows in {len(checks)} tables "
                  "copied and verified; set POSHUK_CATALOG_URL to the new catalog")
