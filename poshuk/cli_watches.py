"""``poshuk deliver``: send what watched searches matched (webhooks, e-mail) from the
outbox; ``poshuk serve`` does the same in the background."""

from __future__ import annotations

from typing import Annotated

import typer

from poshuk.cli_options import DataDir, _settings, console
from poshuk.core.audit import AuditLog
from poshuk.core.catalog import Catalog
from poshuk.core.delivery import Deliverer, DeliveryLoop

commands = typer.Typer()


def register(app: typer.Typer) -> None:
    """Add these commands to the ``poshuk`` app."""
    app.registered_commands.extend(commands.registered_commands)


@commands.command()
def deliver(
    once: Annotated[bool, typer.Option("--once", help="one round, then exit (cron, tests)")]
    = False,
    digests_now: Annotated[bool, typer.Option(
        "--digests-now", help="send the daily digests now instead of at their hour")] = False,
    every: Annotated[float, typer.Option(help="seconds between rounds", min=0.1)] = 5.0,
    data_dir: DataDir = None,
) -> None:
    """Deliver watch matches by webhook and e-mail (until stopped, or --once)."""
    settings = _settings(data_dir, None, None)
    if not once:
        console.print("delivering watch matches; Ctrl-C stops")
        try:
            DeliveryLoop(settings, every).run()
        except KeyboardInterrupt:
            pass
        return
    catalog = Catalog(settings.catalog_url)
    audit = AuditLog(catalog.db, settings.audit_key)
    try:
        report = Deliverer(settings, catalog.db, audit).run_once(digests_now=digests_now)
    finally:
        audit.close()
        catalog.close()
    console.print(f"sent {report.sent}, retrying {report.retrying}, failed {report.failed}, "
                  f"dropped {report.dropped}")
