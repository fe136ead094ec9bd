"""Bulk indexing into Elasticsearch: records streamed in chunks, two requests in flight.

The next chunk is built (folding and stemming in Python, see ``poshuk.core.records``)
while the node indexes the previous ones; waiting for the oldest request before sending
another is the back-pressure. Records the node rejects with 429 are retried with
exponential back-off; whole requests failing with 502/503/504 are retried by the client.
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from elasticsearch import Elasticsearch
from elasticsearch.helpers import streaming_bulk

from poshuk.core.model import Document
from poshuk.core.records import doc_record, page_records

__all__ = ["bulk_index", "es_source"]

_BULK_ACTIONS = 500
_BULK_BYTES = 8 * 1024 * 1024
_IN_FLIGHT = 2  # bulk requests under way at once: the node indexes one while we build the next

Action = dict[str, Any]
Keep = Callable[[list[Document]], dict[str, dict[str, Any]]]  # document id -> fields kept


def _chunks(docs: Iterable[Document], index: str, keep: Keep | None) -> Iterator[list[Action]]:
    """Bulk actions, ``_BULK_ACTIONS`` records at a time (a document's records together);
    ``keep`` gives fields to carry over onto some of the chunk's ``kind=doc`` records."""
    chunk: list[Action] = []
    group: list[Document] = []

    def flush() -> list[Action]:
        extra = keep(group) if keep else {}
        for action in chunk:
            action["_source"].update(extra.get(action["_id"], {}))
        return chunk

    for doc in docs:
        group.append(doc)
        for record in (doc_record(doc), *page_records(doc)):
            chunk.append({"_index": index, "_id": record["id"], "_source": es_source(record)})
        if len(chunk) >= _BULK_ACTIONS:
            yield flush()
            chunk, group = [], []
    if chunk:
        yield flush()


def es_source(record: dict[str, Any]) -> dict[str, Any]:
    """A record as Elasticsearch's JSON takes it (dates as ISO text)."""
    source = dict(record)
    if isinstance(source.get("date"), dt.date):
        source["date"] = source["date"].isoformat()
    return source


def _send(client: Elasticsearch, chunk: list[Action]) -> int:
    """One bulk request; items the node rejects with 429 are retried with back-off.
    Raises ``BulkIndexError`` for records refused for good."""
    sent = 0
    for _ok, _item in streaming_bulk(
        client, chunk, chunk_size=len(chunk), max_chunk_bytes=_BULK_BYTES,
        max_retries=5, initial_backoff=1, max_backoff=30, raise_on_error=True,
    ):
        sent += 1
    return sent


def bulk_index(client: Elasticsearch, docs: Iterable[Document], index: str,
               keep: Keep | None = None) -> int:
    """Index ``docs`` into ``index`` with at most ``_IN_FLIGHT`` bulk requests under way
    (``keep``: see ``_chunks``); returns how many documents were sent."""
    counted = 0

    def counting(stream: Iterable[Document]) -> Iterator[Document]:
        nonlocal counted
        for doc in stream:
            counted += 1
            yield doc

    pending: deque[Future[int]] = deque()
    with ThreadPoolExecutor(max_workers=_IN_FLIGHT) as pool:
        try:
            for chunk in _chunks(counting(docs), index, keep):
                if len(pending) >= _IN_FLIGHT:
                    pending.popleft().result()
                pending.append(pool.submit(_send, client, chunk))
            while pending:
                pending.popleft().result()
        finally:
            for future in pending:
                future.cancel()
    return counted
