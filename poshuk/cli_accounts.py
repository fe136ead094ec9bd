"""``poshuk collections|users|grant|revoke|audit|delete``: who may see what, the trail of
what they did, and deletion that leaves nothing."""

from __future__ import annotations

import getpass
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from poshuk.cli_options import DataDir, EngineOpt, EsUrl, _fail, _settings, console
from poshuk.core.accounts import AccountError, Accounts
from poshuk.core.audit import AuditLog
from poshuk.core.blobs import BlobStore
from poshuk.core.catalog import Catalog
from poshuk.core.config import Settings
from poshuk.core.deletion import StillQueued, delete_documents
from poshuk.core.engines import WRITER_WAIT_S, EngineUnavailable, open_engine

collections_app = typer.Typer(help="Collections: every document belongs to one.")
users_app = typer.Typer(help="Accounts, their API tokens and passwords.")
audit_app = typer.Typer(help="The audit trail of reads and changes.", invoke_without_command=True)
commands = typer.Typer()  # grant, revoke, delete: top-level commands of ``poshuk``


def register(app: typer.Typer) -> None:
    """Add these commands to the ``poshuk`` app."""
    app.add_typer(collections_app, name="collections")
    app.add_typer(users_app, name="users")
    app.add_typer(audit_app, name="audit")
    app.registered_commands.extend(commands.registered_commands)


@contextmanager
def _accounts(data_dir: Path | None) -> Iterator[tuple[Settings, Accounts]]:
    """The accounts of the data dir; an ``AccountError`` becomes a CLI error."""
    settings = _settings(data_dir, None, None)
    catalog = Catalog(settings.catalog_url)
    try:
        yield settings, Accounts(catalog.db)
    except AccountError as err:
        raise _fail(str(err)) from err
    finally:
        catalog.close()


@contextmanager
def _audit_log(data_dir: Path | None) -> Iterator[tuple[Settings, AuditLog]]:
    settings = _settings(data_dir, None, None)
    Catalog(settings.catalog_url).close()  # the tables exist
    log = AuditLog(settings.catalog_url, settings.audit_key)
    try:
        yield settings, log
    finally:
        log.close()


def _audit(settings: Settings, action: str, **fields: object) -> None:
    log = AuditLog(settings.catalog_url, settings.audit_key)
    try:
        log.append(action, user="cli", address="local", **fields)  # type: ignore[arg-type]
    finally:
        log.close()


@collections_app.command("create")
def collections_create(
    name: str,
    public: Annotated[bool, typer.Option("--public", help="anyone, signed in or not, reads it")]
    = False,
    description: Annotated[str, typer.Option(help="what it holds")] = "",
    data_dir: DataDir = None,
) -> None:
    """Create a collection (private unless --public)."""
    with _accounts(data_dir) as (settings, accounts):
        accounts.create_collection(name, public, description)
    _audit(settings, "collection", collection=name, detail="public" if public else "private")
    console.print(f"collection {name} created ({'public' if public else 'private'})")


@collections_app.command("public")
def collections_public(
    name: str,
    public: Annotated[bool, typer.Option("--yes/--no", help="make it public or private")] = True,
    data_dir: DataDir = None,
) -> None:
    """Make a collection public (--yes) or private again (--no)."""
    with _accounts(data_dir) as (settings, accounts):
        accounts.set_public(name, public)
    _audit(settings, "collection", collection=name, detail="public" if public else "private")
    console.print(f"collection {name} is now {'public' if public else 'private'}")


@collections_app.command("list")
def collections_list(data_dir: DataDir = None) -> None:
    """Every collection with its number of documents."""
    table = Table("collection", "public", "documents", "description")
    with _accounts(data_dir) as (_, accounts):
        for found in accounts.collections():
            table.add_row(found.name, "yes" if found.public else "no", str(found.documents),
                          found.description)
    console.print(table)


def _print_token(name: str, token: str) -> None:
    console.print(f"API token for {name} (shown once, keep it safe):")
    print(token)


@users_app.command("add")
def users_add(
    name: str,
    admin: Annotated[bool, typer.Option("--admin", help="may do everything")] = False,
    data_dir: DataDir = None,
) -> None:
    """Create an account and print its API token once."""
    with _accounts(data_dir) as (settings, accounts):
        token = accounts.add_user(name, admin)
    _audit(settings, "user", detail=f"added {name}" + (" (admin)" if admin else ""))
    _print_token(name, token)


@users_app.command("token")
def users_token(
    name: str,
    days: Annotated[int, typer.Option(min=1, max=3650, help="days until it expires")] = 90,
    data_dir: DataDir = None,
) -> None:
    """A new API token for NAME (the previous API token stops working)."""
    import datetime as dt

    with _accounts(data_dir) as (settings, accounts):
        token = accounts.issue_token(name, "api", dt.timedelta(days=days))
    _audit(settings, "token", detail=f"new API token for {name}")
    _print_token(name, token)


@users_app.command("revoke")
def users_revoke(name: str, data_dir: DataDir = None) -> None:
    """Every token of NAME stops working (API token and signed-in sessions)."""
    with _accounts(data_dir) as (settings, accounts):
        count = accounts.revoke_tokens(name)
    _audit(settings, "token", detail=f"revoked {count} tokens of {name}")
    console.print(f"revoked {count} tokens of {name}")


@users_app.command("password")
def users_password(
    name: str,
    password: Annotated[str | None, typer.Option(
        envvar="POSHUK_PASSWORD", help="read from the terminal when not given")] = None,
    data_dir: DataDir = None,
) -> None:
    """Set the password NAME signs in to the UI with (hashed with Argon2id)."""
    with _accounts(data_dir) as (settings, accounts):
        secret = password or getpass.getpass(f"password for {name}: ")
        accounts.set_password(name, secret)
    _audit(settings, "user", detail=f"password set for {name}")
    console.print(f"password set for {name}")


@users_app.command("list")
def users_list(data_dir: DataDir = None) -> None:
    """Every account and its roles."""
    table = Table("user", "admin", "roles")
    with _accounts(data_dir) as (_, accounts):
        for name, admin in accounts.users():
            roles = sorted(accounts.caller(name).roles.items())
            table.add_row(name, "yes" if admin else "", ", ".join(f"{c}: {r}" for c, r in roles))
    console.print(table)


@commands.command()
def grant(
    name: str, collection: str,
    role: Annotated[str, typer.Argument(help="reader, editor or manager")],
    data_dir: DataDir = None,
) -> None:
    """Give NAME a role on COLLECTION (replacing the role held before)."""
    with _accounts(data_dir) as (settings, accounts):
        accounts.grant(name, collection, role)  # type: ignore[arg-type]  # checked inside
    _audit(settings, "grant", collection=collection, detail=f"{name}: {role}")
    console.print(f"{name} is {role} of {collection}")


@commands.command()
def revoke(name: str, collection: str, data_dir: DataDir = None) -> None:
    """Take back NAME's role on COLLECTION."""
    with _accounts(data_dir) as (settings, accounts):
        found = accounts.revoke(name, collection)
    if not found:
        raise _fail(f"{name} holds no role on {collection}")
    _audit(settings, "revoke", collection=collection, detail=name)
    console.print(f"{name} no longer has a role on {collection}")


@audit_app.callback()
def audit_list(
    ctx: typer.Context,
    user: Annotated[str | None, typer.Option(help="only this user's entries")] = None,
    document: Annotated[str | None, typer.Option(help="only entries about this document")]
    = None,
    action: Annotated[str | None, typer.Option(help="only this action")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="one JSON object per line")] = False,
    data_dir: DataDir = None,
) -> None:
    """The audit trail, oldest first (``poshuk audit verify`` checks its chain)."""
    if ctx.invoked_subcommand is not None:
        return
    table = Table("seq", "at", "user", "address", "action", "document", "query", "count",
                  "detail")
    with _audit_log(data_dir) as (_, log):
        for entry in log.entries(user=user, document_id=document, action=action):
            if as_json:
                print(json.dumps(entry.public(), ensure_ascii=False))
            else:
                table.add_row(*("" if v is None else str(v) for v in (
                    entry.seq, entry.at[:19], entry.user, entry.address, entry.action,
                    entry.document_id, entry.query, entry.count, entry.detail)))
    if not as_json:
        console.print(table)


@audit_app.command("verify")
def audit_verify(data_dir: DataDir = None) -> None:
    """Walk the hash chain: exit 1 naming each entry edited, inserted or removed."""
    with _audit_log(data_dir) as (_, log):
        problems = log.verify()
        count = sum(1 for _ in log.entries())
    for problem in problems:
        console.print(f"[red]broken:[/red] {problem}")
    if problems:
        raise typer.Exit(1)
    console.print(f"audit trail intact ({count} entries)")


@audit_app.command("prune")
def audit_prune(
    days: Annotated[int | None, typer.Option(
        min=1, help="keep this many days (default: POSHUK_AUDIT_RETENTION_DAYS)")] = None,
    data_dir: DataDir = None,
) -> None:
    """Drop entries older than the retention; the chain still verifies afterwards."""
    with _audit_log(data_dir) as (settings, log):
        keep = days or settings.audit_retention_days
        if not keep:
            raise _fail("no retention: give --days or set POSHUK_AUDIT_RETENTION_DAYS")
        dropped = log.prune(keep)
    console.print(f"pruned {dropped} entries older than {keep} days")


@commands.command()
def delete(
    ids: Annotated[list[str], typer.Argument(help="document ids")],
    data_dir: DataDir = None,
    engine: EngineOpt = None,
    es_url: EsUrl = None,
) -> None:
    """Delete documents (and the files unpacked from them) everywhere: index, catalog,
    originals, page images. The audit trail keeps their ids and hashes only."""
    settings = _settings(data_dir, engine, es_url)
    catalog = Catalog(settings.catalog_url)
    try:
        target = open_engine(settings, writable=True, wait_s=WRITER_WAIT_S)
    except EngineUnavailable as err:
        catalog.close()
        raise _fail(f"nothing deleted: {err}") from err
    try:
        gone = delete_documents(catalog, BlobStore(settings.blob_dir), target, ids,
                                settings.home)
    except StillQueued as err:
        raise _fail(f"nothing deleted: {err}") from err
    finally:
        target.close()
        catalog.close()
    for doc_id, sha, collection in gone.documents:
        _audit(settings, "delete", document_id=doc_id, collection=collection,
               detail=f"sha256 {sha}")
    missing = set(ids) - {doc_id for doc_id, _, _ in gone.documents}
    console.print(f"deleted {len(gone.documents)} documents (children included)")
    if missing:
        raise _fail(f"no such documents: {', '.join(sorted(missing))}", 1)
