"""The whole result set of a search, streamed as CSV or JSON for analysis elsewhere.

Rows come from ``result_set.documents``: the catalog's record of every document the
search finds, in its order, so an export holds entities, citations and figures as
catalogued.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import StreamingResponse

from poshuk.core.model import Document
from search_api import params
from search_api.auth import CallerDep, record, request_query
from search_api.deps import ServicesDep
from search_api.result_set import documents
from search_api.search_params import KNOWN, SearchRequestDep

router = APIRouter(tags=["export"])

COLUMNS = (
    "id", "title", "date", "language", "type", "source", "entities", "citations", "figures",
    "url",
)
_MEDIA = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


def row(doc: Document, base_url: str) -> dict[str, object]:
    return {
        "id": doc.id,
        "title": doc.title,
        "date": doc.date.isoformat() if doc.date else None,
        "language": doc.language,
        "type": doc.type,
        "source": doc.source,
        "entities": sorted({entity.key for entity in doc.entities}),
        "citations": sorted({citation.key for citation in doc.citations}),
        "figures": [figure.text for figure in doc.figures],  # as written: "at least 1,275 people"
        "url": f"{base_url}documents/{doc.id}",
    }


def _csv(rows: Iterator[dict[str, object]]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for item in rows:
        writer.writerow(
            "; ".join(v) if isinstance(v := item[c], list) else ("" if v is None else v)
            for c in COLUMNS
        )
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def _json(rows: Iterator[dict[str, object]]) -> Iterator[str]:
    yield "["
    for index, item in enumerate(rows):
        yield ("," if index else "") + "\n" + json.dumps(item, ensure_ascii=False)
    yield "\n]\n"


def _audited(
    rows: Iterator[dict[str, object]], done: Callable[[int], None]
) -> Iterator[dict[str, object]]:
    """``rows`` passed on; ``done`` learns how many were sent, even if the client left."""
    sent = 0
    try:
        for item in rows:
            yield item
            sent += 1
    finally:
        done(sent)


@router.get("/export")
def export(
    services: ServicesDep,
    request: Request,
    criteria: SearchRequestDep,
    caller: CallerDep,
    format: Annotated[Literal["csv", "json"], Query(description="csv or json")] = "csv",
) -> StreamingResponse:
    """Every document the search finds (not only one page of it), as CSV or a JSON array
    of objects with the fields in ``COLUMNS``; streamed as it is read."""
    params.check_known(request.query_params.keys(), (*KNOWN, "format"))
    engine = services.engine()  # unavailable: a 503 now, before streaming starts
    base_url = str(request.base_url)
    q, filters = request_query(request)
    rows = _audited(
        (row(doc, base_url) for doc in documents(services, engine, criteria)),
        lambda sent: record(services, caller, "export", query=q, detail=filters, count=sent),
    )
    body = _csv(rows) if format == "csv" else _json(rows)
    return StreamingResponse(
        body,
        media_type=_MEDIA[format],
        headers={"Content-Disposition": f'attachment; filename="poshuk-export.{format}"'},
    )
