"""The ``poshuk`` command line: ingest, serve, ui, reindex, status, demo."""

from __future__ import annotations

import importlib.util
import ipaddress
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import httpx
import typer
from rich.table import Table

from poshuk import cli_accounts, cli_embed, cli_migrate, cli_team, cli_watches, esnode
from poshuk.cli_options import DataDir, EngineOpt, EsUrl, _fail, _settings, console
from poshuk.core.accounts import Accounts
from poshuk.core.accounts_schema import DEFAULT_COLLECTION
from poshuk.core.audit import AuditLog
from poshuk.core.blobs import BlobStore
from poshuk.core.catalog import Catalog
from poshuk.core.config import Settings
from poshuk.core.engines import WRITER_WAIT_S, Engine, EngineUnavailable, open_engine
from poshuk.core.watch_matching import match_ids, pending_ids
from poshuk.progress import progress

app = typer.Typer(
    help="Poshuk: search engine for document archives of human-rights work.",
    no_args_is_help=True,
    add_completion=False,
)
# `poshuk ingest` exit code when files were accepted into the catalog but the engine could
# not index them (e.g. Elasticsearch was down): nothing is lost, `poshuk reindex` catches up.
INDEX_PENDING_EXIT = 3

if TYPE_CHECKING:
    from ingest.pipeline import IngestSummary

def _writable_engine(settings: Settings, rebuild: bool = False) -> Engine:
    """The engine opened for writing, or a clear CLI error (e.g. another writer holds it)."""
    try:
        return open_engine(settings, writable=True, rebuild=rebuild, wait_s=WRITER_WAIT_S)
    except EngineUnavailable as err:
        raise _fail(str(err)) from err


def _run_ingest(
    settings: Settings, paths: list[Path], as_json: bool, retry_failed: bool = False,
    collection: str = DEFAULT_COLLECTION,
) -> None:
    from ingest.pipeline import Pipeline, iter_files

    _check_ingest(settings, paths, collection)
    catalog = Catalog(settings.catalog_url)
    engine: Engine | None
    try:
        engine = open_engine(settings, writable=True)
    except EngineUnavailable as err:
        # Accept into the catalog anyway: nothing is lost, and indexing catches up later.
        console.print(f"[yellow]warning:[/yellow] not indexing now: {err}")
        engine = None
    pipeline = Pipeline(catalog, BlobStore(settings.blob_dir), engine, settings,
                        collection=collection)
    total = sum(1 for _ in iter_files(paths))
    with progress(console, "ingest", total, "files", disable=as_json) as advance:
        summary = pipeline.ingest(
            paths, on_file=lambda p: advance(1, Path(p).name), retry_failed=retry_failed
        )
    if pipeline.engine is not None:
        pipeline.engine.close()
    pending = catalog.count_pending()
    catalog.close()
    _print_summary(summary, pending, as_json)
    if pending:
        raise typer.Exit(INDEX_PENDING_EXIT)


def _print_summary(summary: IngestSummary, pending: int, as_json: bool) -> None:
    if as_json:
        print(json.dumps({
            "files": summary.files, "accepted": summary.accepted,
            "duplicates": summary.duplicates, "pages": summary.pages,
            "ocr_pages": summary.ocr_pages, "indexed": summary.indexed,
            "seconds": round(summary.seconds, 3),
            "failed": [{"path": p, "reason": r} for p, r in summary.failed],
            "failed_by_reason": summary.failures_by_reason(),
            "pending_index": pending, "index_problem": summary.index_problem,
        }, ensure_ascii=False))
        return
    table = Table(title="Ingest summary", show_header=False)
    rate = summary.files / summary.seconds if summary.seconds else 0.0
    for label, value in (
        ("files seen", summary.files), ("accepted", summary.accepted),
        ("duplicates (already in the catalog)", summary.duplicates),
        ("failed (kept, with reasons)", len(summary.failed)), ("pages", summary.pages),
        ("pages read by OCR", summary.ocr_pages), ("indexed", summary.indexed),
        ("time", f"{summary.seconds:.1f} s ({rate:.1f} files/s)"),
    ):
        table.add_row(label, str(value))
    for reason, count in sorted(summary.failures_by_reason().items()):
        table.add_row(f"  failed: {reason}", str(count))
    console.print(table)
    for failed_path, reason in summary.failed:
        console.print(f"  [yellow]failed[/yellow] {failed_path}: {reason}")
    if pending:
        console.print(
            f"[yellow]{pending} documents are in the catalog but not yet indexed[/yellow]"
            + (f" ({summary.index_problem})" if summary.index_problem else "")
            + ": run `poshuk reindex` (or this ingest again) once the engine is back."
        )


@app.command()
def ingest(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="files and folders (recursive)")
    ] = None,
    data_dir: DataDir = None,
    engine: EngineOpt = None,
    es_url: EsUrl = None,
    workers: Annotated[
        int | None,
        typer.Option("--workers", envvar="POSHUK_WORKERS", min=1, help="parser processes"),
    ] = None,
    retry_failed: Annotated[
        bool, typer.Option("--retry-failed", help="parse every failed file again")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="print the summary as JSON")] = False,
    collection: Annotated[
        str, typer.Option("--collection", help="the collection the files join")
    ] = DEFAULT_COLLECTION,
    queue: Annotated[
        bool | None,
        typer.Option("--queue/--local", help="store the files and queue them for `poshuk "
                     "worker`s (default: when POSHUK_INPROCESS_WORKER=0, a team deployment)"),
    ] = None,
    wait: Annotated[
        bool, typer.Option("--wait", help="with --queue: follow the workers to the end")
    ] = False,
) -> None:
    """Ingest files and folders into the catalog and the index (and uploads waiting)."""
    settings = _settings(data_dir, engine, es_url)
    if workers is not None:
        settings.workers = workers
    if not paths and not retry_failed:
        raise _fail("name files or folders to ingest (or --retry-failed)")
    if (queue if queue is not None else not settings.inprocess_worker) and not retry_failed:
        _check_ingest(settings, paths or [], collection)
        followed = cli_team.queue_ingest(settings, paths or [], collection, wait, as_json)
        if followed is not None:
            _print_summary(*followed, as_json)
            if followed[1]:
                raise typer.Exit(INDEX_PENDING_EXIT)
        return
    _run_ingest(settings, paths or [], as_json, retry_failed, collection)


def _check_ingest(settings: Settings, paths: list[Path], collection: str) -> None:
    for path in paths:
        if not path.exists():
            raise _fail(f"no such file or folder: {path}")
    catalog = Catalog(settings.catalog_url)
    try:
        if not Accounts(catalog.db).collection_exists(collection):
            raise _fail(f"no collection {collection!r}: `poshuk collections create {collection}`")
    finally:
        catalog.close()


@app.command()
def serve(
    data_dir: DataDir = None,
    engine: EngineOpt = None,
    es_url: EsUrl = None,
    host: Annotated[str, typer.Option(help="interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="port to listen on")] = 8000,
    workers: Annotated[
        int | None,
        typer.Option(min=1, max=64, help="API processes (default: POSHUK_API_WORKERS, "
                     "else one per core, at most 8)"),
    ] = None,
) -> None:
    """Serve the HTTP API (OpenAPI docs at /docs); a process that dies is restarted."""
    from poshuk import serving

    settings = _settings(data_dir, engine, es_url)
    _check_exposure(settings, host)
    count = workers or settings.api_workers or serving.default_workers()
    console.print(f"API on http://{host}:{port} (data: {settings.home}, {count} processes)")
    serving.run(settings, host, port, count)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _check_exposure(settings: Settings, host: str) -> None:
    """With no account the archive is a single-user tool open to whoever connects: only
    on this machine's loopback. Prunes the audit trail to its retention."""
    catalog = Catalog(settings.catalog_url)
    try:
        has_users = Accounts(catalog.db).has_users()
    finally:
        catalog.close()
    if settings.audit_retention_days:
        log = AuditLog(settings.catalog_url, settings.audit_key)
        log.prune(settings.audit_retention_days)
        log.close()
    if has_users:
        return
    if not _is_loopback(host):
        raise _fail(
            f"refusing to listen on {host}: this archive has no accounts, so anyone who can "
            "connect would read, upload and delete everything. Create an admin first "
            "(`poshuk users add NAME --admin`), then grant roles and mark public "
            "collections (`poshuk grant`, `poshuk collections public`)."
        )
    console.print("[yellow]single-user mode:[/yellow] no accounts, so the API answers "
                  "everything to anyone on this machine; listening on loopback only "
                  "(`poshuk users add NAME --admin` turns accounts on)")


def _ui_command(api: str, port: int) -> list[str]:
    spec = importlib.util.find_spec("ui")
    if spec is None or spec.origin is None:
        raise _fail("the ui package is not installed")
    script = Path(spec.origin).parent / "app.py"
    return [
        sys.executable, "-m", "streamlit", "run", str(script),
        "--server.headless", "true", "--server.port", str(port),
        "--browser.gatherUsageStats", "false", "--client.toolbarMode", "viewer",
        "--server.fileWatcherType", "none", "--", "--api", api,
    ]


@app.command()
def ui(
    api: Annotated[str, typer.Option(envvar="POSHUK_API_URL", help="API base URL")] = (
        "http://127.0.0.1:8000"
    ),
    port: Annotated[int, typer.Option(help="port for the web UI")] = 8501,
) -> None:
    """Run the Streamlit UI against a running API."""
    console.print(f"UI on http://127.0.0.1:{port} (API: {api})")
    command = _ui_command(api, port)
    os.execv(command[0], command)  # become Streamlit: signals reach it directly


def _reenrich(catalog: Catalog, stale_only: bool) -> int:
    """Recompute the text-derived enrichment of catalogued documents from their stored
    pages, with a progress bar; returns how many."""
    from ingest.reenrich import reenrich, to_reenrich

    total = to_reenrich(catalog, stale_only=stale_only)
    started = time.perf_counter()
    with progress(console, "enrich", total, "documents") as advance:
        count = reenrich(catalog, stale_only=stale_only, on_batch=advance)
    console.print(f"re-enriched {count} documents in {time.perf_counter() - started:.1f} s")
    return count


@app.command()
def reindex(
    data_dir: DataDir = None,
    engine: EngineOpt = None,
    es_url: EsUrl = None,
    enrich: Annotated[
        bool,
        typer.Option("--enrich", help="first recompute entities, citations, dates and figures "
                     "from the stored pages (after an upgrade; no file is parsed again)"),
    ] = False,
    queue: Annotated[
        bool, typer.Option("--queue", help="queue batches for `poshuk worker`s instead, "
                           "which re-add them to the live index in place")
    ] = False,
) -> None:
    """Rebuild the index from the catalog (no re-parsing); readers switch when it is done."""
    settings = _settings(data_dir, engine, es_url)
    if queue:
        cli_team.queue_reindex(settings, enrich)
        return
    catalog = Catalog(settings.catalog_url)
    if enrich:
        _reenrich(catalog, stale_only=False)
    target = _writable_engine(settings, rebuild=True)
    started = time.perf_counter()
    new = pending_ids(catalog)  # not yet indexed: matched against the watches once built
    try:
        with console.status("rebuilding the index from the catalog"):
            count = target.rebuild(catalog.iter_documents())
            match_ids(catalog, target, new)
    except EngineUnavailable as err:
        raise _fail(f"reindex failed, the previous index keeps serving: {err}") from err
    finally:
        target.close()
    catalog.mark_all_indexed()
    catalog.close()
    console.print(f"reindexed {count} documents in {time.perf_counter() - started:.1f} s")


@app.command()
def demo(
    data_dir: DataDir = None,
    engine: EngineOpt = None,
    es_url: EsUrl = None,
    port: Annotated[int, typer.Option(help="API port")] = 8000,
    ui_port: Annotated[int, typer.Option(help="UI port")] = 8501,
    serve_after: Annotated[
        bool, typer.Option("--serve/--no-serve", help="serve API and UI once built")
    ] = True,
) -> None:
    """Build the demo archive and serve API + UI (embedded engine unless told otherwise;
    with Elasticsearch, a local node is started if none answers at the URL)."""
    from ingest.demo import build_demo_archive

    settings = _settings(data_dir, engine, es_url)
    node = _local_node_if_needed(settings)
    try:
        folder = settings.home / "demo-archive"
        files = build_demo_archive(folder)
        console.print(f"demo archive: {len(files)} files in {folder}")
        try:
            _run_ingest(settings, [folder], as_json=False)
        except typer.Exit as done:
            if done.exit_code != INDEX_PENDING_EXIT:
                raise
        _catch_up(settings)  # indexes what is pending, or a catalog built on the other engine
        if serve_after:
            _serve_with_ui(settings, port, ui_port)
    finally:
        if node is not None:
            node.stop()


def _catch_up(settings: Settings) -> None:
    """Index the whole catalog here when the index does not hold it: a catalog built on
    the other engine, or an index an older version built (which only a rebuild opens).
    Documents an older version enriched are re-enriched from their pages first."""
    from ingest.reenrich import to_reenrich

    catalog = Catalog(settings.catalog_url)
    stale = to_reenrich(catalog)
    if stale:
        console.print(f"{stale} documents were enriched by an older version: re-enriching")
        _reenrich(catalog, stale_only=True)
    try:
        target = open_engine(settings, writable=True)
        behind = bool(stale) or target.count() != catalog.count_ok()
    except EngineUnavailable:
        target, behind = _writable_engine(settings, rebuild=True), True
    try:
        if behind:
            console.print(f"indexing the catalog on {settings.engine} …")
            target.rebuild(catalog.iter_documents())
            catalog.mark_all_indexed()
    finally:
        target.close()
        catalog.close()


def _serve_with_ui(settings: Settings, port: int, ui_port: int) -> None:
    api = f"http://127.0.0.1:{port}"
    ui_process = subprocess.Popen(_ui_command(api, ui_port))
    console.print(f"[bold green]Open http://127.0.0.1:{ui_port}[/bold green] (API {api}/docs)")
    try:
        serve(data_dir=settings.home, engine=settings.engine, es_url=settings.es_url,
              host="127.0.0.1", port=port)
    finally:
        ui_process.terminate()
        try:
            ui_process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            ui_process.kill()


def _local_node_if_needed(settings: Settings) -> esnode.LocalNode | None:
    """For Elasticsearch on this machine's loopback with nothing answering: start the
    project's local node (installed by scripts/setup.sh) on that port."""
    if settings.engine != "elasticsearch":
        return None
    url = httpx.URL(settings.es_urls[0])
    try:
        httpx.get(str(url.join("/_cluster/health")), timeout=5)
        return None
    except httpx.HTTPError:
        pass
    if len(settings.es_urls) > 1 or url.host not in ("127.0.0.1", "localhost") or url.port is None:
        raise _fail(f"no Elasticsearch answers at {settings.es_url}")
    try:
        esnode.install()
        node = esnode.start(esnode.base_dir() / "nodes" / f"demo-{url.port}", url.port)
        with console.status(f"starting a local Elasticsearch {esnode.ES_VERSION} on {url}"):
            esnode.wait_until_ready(node)
    except esnode.NodeError as err:
        raise _fail(str(err)) from err
    return node


es_node_app = typer.Typer(help="A local single-node Elasticsearch for development and tests.")
app.add_typer(es_node_app, name="es-node")


@es_node_app.command("install")
def es_node_install() -> None:
    """Fetch the server from Maven Central (cached) into the local base folder."""
    try:
        esnode.install()
        jdk = esnode.find_jdk()
    except esnode.NodeError as err:
        raise _fail(str(err)) from err
    console.print(f"Elasticsearch {esnode.ES_VERSION} in {esnode.base_dir()}, Java from {jdk}")


@es_node_app.command("run")
def es_node_run(
    port: Annotated[int, typer.Option(help="HTTP port (transport: port + 1)")] = 9200,
) -> None:
    """Run a node in the foreground until Ctrl-C (data kept between runs)."""
    try:
        node = esnode.start(esnode.base_dir() / "nodes" / f"dev-{port}", port)
        esnode.wait_until_ready(node)
    except esnode.NodeError as err:
        raise _fail(str(err)) from err
    console.print(f"Elasticsearch on {node.url}; Ctrl-C stops it")
    try:
        node.process.wait()
    except KeyboardInterrupt:
        node.stop()


cli_accounts.register(app)
cli_migrate.register(app)
cli_team.register(app)
cli_embed.register(app)
cli_watches.register(app)

if __name__ == "__main__":
    app()
