"""The work queue on a real catalog: idempotent queuing, disjoint claims, leases that run
out, failures retried then kept with their reason."""

from __future__ import annotations

import threading
import time

from poshuk.core.catalog import Catalog
from poshuk.core.work_queue import WorkQueue


def _queue(catalog_url: str, max_attempts: int = 3) -> tuple[Catalog, WorkQueue]:
    catalog = Catalog(catalog_url)
    return catalog, WorkQueue(catalog.db, max_attempts=max_attempts)


def test_queuing_the_same_thing_twice_keeps_one_item(catalog_url: str) -> None:
    catalog, queue = _queue(catalog_url)
    first = queue.enqueue("parse", "aa" * 32)
    assert queue.enqueue("parse", "aa" * 32) == first
    assert queue.enqueue("reindex", "aa" * 32) != first  # unique per kind only
    worker = queue.register_worker()
    [item] = queue.claim(worker, 10, 30, kinds=["parse"])
    assert queue.complete(worker, item.id)
    queue.enqueue("parse", "aa" * 32)  # done stays done ...
    assert queue.counts()["parse"]["done"] == 1
    assert queue.enqueue("parse", "aa" * 32, again=True) == first  # ... unless asked again
    assert queue.counts()["parse"] == {"queued": 1, "leased": 0, "done": 0, "failed": 0}
    catalog.close()


def test_concurrent_claims_never_share_an_item(catalog_url: str) -> None:
    catalog, queue = _queue(catalog_url)
    for n in range(200):
        queue.enqueue("parse", f"{n:064x}")
    taken: dict[str, list[int]] = {}

    def take() -> None:
        own = Catalog(catalog_url)  # a connection per worker
        mine = WorkQueue(own.db)
        worker = mine.register_worker()
        taken[worker] = []
        while items := mine.claim(worker, 7, 30):
            taken[worker] += [item.id for item in items]
        own.close()

    threads = [threading.Thread(target=take) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    every = [item for items in taken.values() for item in items]
    assert len(every) == len(set(every)) == 200
    assert queue.counts()["parse"]["leased"] == 200
    catalog.close()


def test_an_expired_lease_comes_back_and_its_owner_cannot_complete(catalog_url: str) -> None:
    catalog, queue = _queue(catalog_url)
    queue.enqueue("reindex", "batch-1", {"ids": ["a", "b"]})
    dead, alive = queue.register_worker(), queue.register_worker()
    [item] = queue.claim(dead, 5, 0.2)
    assert item.payload == {"ids": ["a", "b"]} and item.attempts == 1
    assert queue.claim(alive, 5, 30) == []  # held
    time.sleep(0.3)
    assert [row[0] for row in queue.expired()] == [item.id]
    assert queue.reclaim_expired() == 1
    [again] = queue.claim(alive, 5, 30)
    assert (again.id, again.attempts) == (item.id, 2)
    assert not queue.complete(dead, item.id)  # its lease is gone
    assert queue.extend(dead, [item.id], 30) == 0
    assert queue.extend(alive, [item.id], 30) == 1
    assert queue.complete(alive, item.id)
    [info] = [w for w in queue.workers() if w.id == alive]
    assert (info.items_done, info.recent) == (1, 1)
    catalog.close()


def test_failures_are_retried_then_kept_with_their_reason(catalog_url: str) -> None:
    catalog, queue = _queue(catalog_url, max_attempts=2)
    queue.enqueue("parse", "bb" * 32)
    worker = queue.register_worker()
    [item] = queue.claim(worker, 1, 30)
    assert queue.fail(worker, item.id, "engine down") == "queued"
    [item] = queue.claim(worker, 1, 30)
    assert queue.fail(worker, item.id, "engine still down") == "failed"
    assert queue.claim(worker, 1, 30) == []
    [failed] = queue.failed()
    assert (failed.key, failed.attempts, failed.error) == ("bb" * 32, 2, "engine still down")
    assert queue.retry_failed() == 1 and queue.counts()["parse"]["queued"] == 1
    # a lease that runs out on its last attempt fails the item, reason kept
    [item] = queue.claim(worker, 1, 0.1)
    queue.release(worker, [item.id])
    [item] = queue.claim(worker, 1, 0.1)
    assert item.attempts == 1  # released items do not count as attempts
    time.sleep(0.2)
    queue.reclaim_expired()
    [item] = queue.claim(worker, 1, 0.1)
    time.sleep(0.2)
    queue.reclaim_expired()
    [failed] = queue.failed()
    assert failed.attempts == 2 and "lease ran out" in failed.error
    catalog.close()


def test_old_done_items_are_pruned_and_a_wait_still_counts_them(catalog_url: str) -> None:
    catalog, queue = _queue(catalog_url)
    ids = [queue.enqueue("parse", f"{n:064x}") for n in range(3)]
    worker = queue.register_worker()
    for item in queue.claim(worker, 2, 30):
        queue.complete(worker, item.id)
    assert queue.prune_done() == 0, "a week's done items are kept"
    assert queue.prune_done(older_than_s=-1) == 2  # everything done "before the future"
    assert queue.counts()["parse"] == {"queued": 1, "leased": 0, "done": 0, "failed": 0}
    # a --wait following the three: the pruned two were done, the third is still queued
    assert queue.states(ids + ids[:1]) == {"queued": 1, "leased": 0, "done": 2, "failed": 0}
    catalog.close()


def test_a_wait_on_more_items_than_one_query_holds_counts_them_all(catalog_url: str) -> None:
    """States are counted over every chunk of ids, not the last chunk's count alone (which
    made a --wait on 600 queued items report 500 of them done)."""
    catalog, queue = _queue(catalog_url)
    ids = [queue.enqueue("parse", f"{n:064x}") for n in range(600)]
    worker = queue.register_worker()
    for item in queue.claim(worker, 2, 30):
        queue.complete(worker, item.id)
    assert queue.states(ids) == {"queued": 598, "leased": 0, "done": 2, "failed": 0}
    catalog.close()
