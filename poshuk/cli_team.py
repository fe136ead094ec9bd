"""``poshuk worker``, ``poshuk status`` and ``poshuk fsck``: running and watching the work
queue of a deployment, and checking that catalog, blob store and index agree."""

from __future__ import annotations

import json
import signal
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from poshuk.cli_options import DataDir, EngineOpt, EsUrl, _settings, console
from poshuk.core import fsck as fsck_rules
from poshuk.core.blobs import BlobStore
from poshuk.core.catalog import Catalog
from poshuk.core.config import Settings
from poshuk.core.engines import EngineUnavailable, open_engine
from poshuk.core.work_queue import WorkQueue
from poshuk.progress import progress

if TYPE_CHECKING:
    from ingest.pipeline import IngestSummary
    from ingest.queue_intake import Queued

commands = typer.Typer()
RATE_WINDOW_S = 300  # a worker's rate: items it completed over the last five minutes
_NOT_SEEN_S = 30.0  # --wait warns when no worker was seen for this long


def register(app: typer.Typer) -> None:
    """Add these commands to the ``poshuk`` app."""
    app.registered_commands.extend(commands.registered_commands)


@commands.command()
def worker(
    data_dir: DataDir = None,
    engine: EngineOpt = None,
    es_url: EsUrl = None,
    once: Annotated[bool, typer.Option("--once", help="stop when the queue is empty")] = False,
    max_items: Annotated[
        int | None, typer.Option("--max-items", min=1, help="stop after this many items")
    ] = None,
    lease: Annotated[
        float, typer.Option("--lease", min=0.5, help="seconds an item is held between "
                            "heartbeats; a dead worker's items come back after it")
    ] = 60.0,
    batch: Annotated[
        int | None, typer.Option("--batch", min=1, help="items claimed at once")
    ] = None,
) -> None:
    """Take queued work (parse, re-enrich, reindex) from the catalog; run as many as you
    like, on any machine that reaches the catalog, the blob store and the index. SIGTERM
    finishes the items in hand, then stops."""
    from ingest.queue_worker import QueueWorker

    settings = _settings(data_dir, engine, es_url)
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    runner = QueueWorker(settings, lease_s=lease, batch=batch)
    console.print(f"worker {runner.id} on {settings.home} ({settings.engine})", highlight=False)
    try:
        done = runner.run(stop, once=once, max_items=max_items)
    finally:
        runner.close()
    console.print(f"worker {runner.id}: {done} items done", highlight=False)


def queue_ingest(
    settings: Settings, paths: list[Path], collection: str, wait: bool, as_json: bool,
) -> tuple[IngestSummary, int] | None:
    """Store the files and queue them for the workers; with ``wait``, follow them to the
    end with the progress bar and return the summary and how many wait for the index."""
    from ingest.queue_intake import queue_files, summarise

    started = time.perf_counter()
    catalog = Catalog(settings.catalog_url)
    queue = WorkQueue(catalog.db)
    try:
        with progress(console, "queue", None, "files", disable=as_json) as advance:
            queued = queue_files(catalog, queue, settings, paths, collection,
                                 on_file=lambda p: advance(1, Path(p).name))
        if not wait:
            _print_queued(queued, as_json)
            return None
        _follow(catalog, queue, queued, as_json)
        return summarise(catalog, queued, time.perf_counter() - started), catalog.count_pending()
    finally:
        catalog.close()


def queue_reindex(settings: Settings, enrich: bool) -> None:
    """Every parsed document in batches on the queue: re-enriched (then indexed) or
    re-added to the index by the workers."""
    from ingest.enrich import ENRICHMENT_VERSION
    from ingest.queue_intake import queue_batches

    catalog = Catalog(settings.catalog_url)
    try:
        items = queue_batches(catalog, WorkQueue(catalog.db), "reenrich" if enrich else
                              "reindex", f"v{ENRICHMENT_VERSION}" if enrich else "all")
    finally:
        catalog.close()
    console.print(f"queued {len(items)} {'reenrich' if enrich else 'reindex'} batches for "
                  "`poshuk worker`s (`poshuk status` follows them)")


def _print_queued(queued: Queued, as_json: bool) -> None:
    summary = queued.summary
    if as_json:
        print(json.dumps({"files": summary.files, "queued": len(queued.items),
                          "duplicates": summary.duplicates,
                          "failed": [{"path": p, "reason": r} for p, r in summary.failed]},
                         ensure_ascii=False))
        return
    console.print(f"queued {len(queued.items)} of {summary.files} files for `poshuk worker`s "
                  f"({summary.duplicates} already in the catalog, {len(summary.failed)} "
                  "unreadable); `poshuk status` follows them", highlight=False)
    for path, reason in summary.failed:
        console.print(f"  [yellow]failed[/yellow] {path}: {reason}", highlight=False)


def _follow(catalog: Catalog, queue: WorkQueue, queued: Queued, as_json: bool) -> None:
    from ingest.queue_intake import waiting

    total, shown, left, warned = len(queued.items), 0, -1, False
    quiet_since = time.monotonic()
    with progress(console, "ingest", total, "files", disable=as_json) as advance:
        while True:
            finished, pending = waiting(catalog, queued)
            if finished > shown or (finished >= total and pending != left):
                advance(finished - shown)
                shown, left, quiet_since = finished, pending, time.monotonic()
            if finished >= total and (not pending or time.monotonic() - quiet_since > _NOT_SEEN_S):
                return  # parsed; what the index did not take stays pending (summary says)
            if not warned and time.monotonic() - quiet_since > _NOT_SEEN_S and not any(
                w.stopped_at is None for w in queue.workers(seen_within_s=_NOT_SEEN_S)
            ):
                console.print("[yellow]no worker is running:[/yellow] start `poshuk worker` "
                              "(or `poshuk serve`) on this catalog")
                warned = True
            time.sleep(0.5)


@commands.command()
def status(
    data_dir: DataDir = None,
    engine: EngineOpt = None,
    es_url: EsUrl = None,
    failed: Annotated[bool, typer.Option("--failed", help="list every failure")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="everything as one JSON object")]
    = False,
) -> None:
    """Counts, languages, failures, the engine's health, the work queue and its workers."""
    from ingest.reenrich import to_reenrich

    settings = _settings(data_dir, engine, es_url)
    catalog = Catalog(settings.catalog_url)
    try:
        report = _status(settings, catalog, to_reenrich(catalog), failed or as_json)
    finally:
        catalog.close()
    if as_json:
        print(json.dumps(report, ensure_ascii=False))
        return
    _print_status(settings, report, failed)


def _status(settings: Settings, catalog: Catalog, stale: int, every: bool) -> dict[str, Any]:
    stats = catalog.stats()
    try:
        opened = open_engine(settings)
        index: dict[str, Any] = {"ok": True, "documents": opened.count(),
                                 "cluster": opened.health()}
    except EngineUnavailable as err:
        index = {"ok": False, "problem": str(err)}
    queue = WorkQueue(catalog.db)
    failures = catalog.failures()
    return {
        **stats, "engine": settings.engine, "index": index, "stale_enrichment": stale,
        "failures": [{"id": d.id, "file_name": d.file_name, "error": d.error}
                     for d in (failures if every else failures[:10])],
        "failures_total": len(failures),
        "queue": queue.counts(),
        "workers": [
            {"id": w.id, "host": w.host, "pid": w.pid, "started_at": w.started_at,
             "last_seen": w.last_seen, "stopped_at": w.stopped_at, "items_done": w.items_done,
             "per_minute": round(w.recent * 60 / RATE_WINDOW_S, 2)}
            for w in queue.workers(RATE_WINDOW_S)
        ],
        "failed_items": [
            {"id": i.id, "kind": i.kind, "key": i.key, "attempts": i.attempts,
             "error": i.error, "at": i.updated_at}
            for i in queue.failed(limit=1000 if every else 10)
        ],
    }


def _print_status(settings: Settings, report: dict[str, Any], every: bool) -> None:
    table = Table(title=f"Poshuk archive at {settings.home}", show_header=False)
    table.add_row("documents", str(report["documents"]))
    table.add_row("pages", f"{report['pages']} ({report['ocr_pages']} read by OCR)")
    for name, count in report["by_status"].items():
        table.add_row(f"  status {name}", str(count))
    table.add_row("languages", ", ".join(f"{k} {v}" for k, v in report["by_language"].items()))
    table.add_row("types", ", ".join(f"{k} {v}" for k, v in report["by_type"].items()))
    index = report["index"]
    if index["ok"]:
        state = f", cluster {index['cluster']}" if index["cluster"] else ""
        table.add_row(f"engine {settings.engine}",
                      f"ok, {index['documents']} documents indexed{state}")
    else:
        table.add_row(f"engine {settings.engine}", f"unavailable: {index['problem']}")
    table.add_row("waiting to be indexed", str(report["pending_index"]))
    if report["stale_enrichment"]:
        table.add_row("enriched by an older version",
                      f"{report['stale_enrichment']} (poshuk reindex --enrich)")
    for kind, states in report["queue"].items():
        if any(states.values()):
            table.add_row(f"queue {kind}", ", ".join(f"{s} {n}" for s, n in states.items()))
    console.print(table)
    if report["workers"]:
        workers = Table(title="Workers (last day)")
        for column in ("worker", "last seen", "items done", "per minute (5 min)", "state"):
            workers.add_column(column)
        for w in report["workers"]:
            workers.add_row(w["id"], w["last_seen"][:19], str(w["items_done"]),
                            f"{w['per_minute']:.1f}", "stopped" if w["stopped_at"] else "running")
        console.print(workers)
    for item in report["failed_items"]:
        console.print(f"  [yellow]failed {item['kind']}[/yellow] {item['key']} after "
                      f"{item['attempts']} attempts: {item['error']}", highlight=False)
    for doc in report["failures"]:
        console.print(f"  [yellow]failed[/yellow] {doc['file_name']} ({doc['id']}): "
                      f"{doc['error']}")
    if report["failures_total"] > 10 and not every:
        console.print(f"  … {report['failures_total'] - 10} more: poshuk status --failed")


@commands.command()
def fsck(
    data_dir: DataDir = None,
    engine: EngineOpt = None,
    es_url: EsUrl = None,
    repair: Annotated[bool, typer.Option("--repair", help="fix what can be fixed")] = False,
    grace: Annotated[
        float, typer.Option("--grace", min=0, help="seconds an unreferenced blob is left "
                            "alone (it may be mid-ingest)")
    ] = fsck_rules.GRACE_S,
    verify: Annotated[
        bool, typer.Option("--verify/--no-verify", help="re-hash every original")
    ] = True,
    as_json: Annotated[bool, typer.Option("--json", help="the findings as JSON")] = False,
) -> None:
    """Check that the catalog, the blob store, the index and the work queue agree; exit
    1 while anything is wrong (after --repair: anything it could not fix)."""
    settings = _settings(data_dir, engine, es_url)
    catalog = Catalog(settings.catalog_url)
    blobs = BlobStore(settings.blob_dir)
    opened, problem = None, None
    try:
        opened = open_engine(settings, writable=repair)
    except EngineUnavailable as err:
        problem = str(err)
    try:
        found = fsck_rules.check(catalog, blobs, opened, grace_s=grace, verify=verify,
                                 index_problem=problem)
        fixed = fsck_rules.repair(found, catalog, blobs, opened) if repair else 0
    finally:
        if opened is not None:
            opened.close()
        catalog.close()
    left = found.unrepairable() if repair else found.total()
    if as_json:
        print(json.dumps({**found.as_dict(), "repaired": fixed, "left": left}))
    else:
        _print_fsck(found, repair, fixed)
    if left or problem:
        raise typer.Exit(1)


def _print_fsck(found: fsck_rules.Findings, repair: bool, fixed: int) -> None:
    if found.index_problem:
        console.print(f"[yellow]index not compared:[/yellow] {found.index_problem}")
    for what, count, action in fsck_rules.describe(found):
        if count:
            console.print(f"{what}: {count}" + (f" — {action}" if repair else ""),
                          highlight=False)
    for doc_id in found.missing_originals + found.corrupt_originals:
        console.print(f"  original lost or damaged: {doc_id}", highlight=False)
    if not found.total():
        console.print("catalog, blob store, index and queue agree")
    elif repair:
        console.print(f"repaired {fixed}; {found.unrepairable()} left (listed above)")
    else:
        console.print("run `poshuk fsck --repair` to fix what can be fixed")
