"""The whole result set of a search, streamed as CSV or JSON for analysis elsewhere.

Rows come from ``result_set.documents``: the catalog's record of every document the
search finds, in its order, so an export holds entities, citations and figures as
catalogued.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import json
from collections.abc import Callable, Iterator
from operator import attrgetter
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import StreamingResponse

from poshuk.core import fields
from poshuk.core.model import Citation, Document, Entity, Figure
from search_api import params
from search_api.auth import CallerDep, record, request_query
from search_api.budget import BudgetedRequestDep
from search_api.deps import ServicesDep
from search_api.entity_names import Labeller
from search_api.result_set import documents
from search_api.search_params import KNOWN

router = APIRouter(tags=["export"])

# the exported fields of the Document (``poshuk.core.fields``), the entities' ids beside
# their names, and the document's address
COLUMNS = (*(f.name for f in fields.exported()), "entity_ids", "url")
_MEDIA = {"csv": "text/csv; charset=utf-8", "json": "application/json"}
# how one item of a list field reads in a cell
_ITEM: dict[type, Callable[[Any], str]] = {
    Entity: attrgetter("key"), Citation: attrgetter("key"),
    Figure: attrgetter("text"),  # as written: "at least 1,275 people"
}


def _cell(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return list(dict.fromkeys(_ITEM[type(v)](v) if type(v) in _ITEM else v for v in value))
    return value


def row(doc: Document, base_url: str, names: Labeller) -> dict[str, object]:
    cells = {f.name: _cell(getattr(doc, f.name)) for f in fields.exported()}
    keys = sorted(cells["entities"])
    return {
        **cells,
        "entities": names(keys),  # as people read them: "Andrei Navitski"
        "entity_ids": keys,  # as /entities and the entity filter know them
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
    criteria: BudgetedRequestDep,
    caller: CallerDep,
    format: Annotated[Literal["csv", "json"], Query(description="csv or json")] = "csv",
) -> StreamingResponse:
    """Every document the search finds (not only one page of it), as CSV or a JSON array
    of objects with the fields in ``COLUMNS``; streamed as it is read."""
    params.check_known(request.query_params.keys(), (*KNOWN, "format"))
    engine = services.engine()  # unavailable: a 503 now, before streaming starts
    base_url = str(request.base_url)
    names = Labeller(services, caller.collections())
    q, filters = request_query(request)
    found = documents(services, engine, criteria)
    # the first batch is searched now: a query the engine refuses or times out is an
    # error status, not a stream cut short
    first = next(found, None)
    rows = _audited(
        (row(doc, base_url, names) for doc in itertools.chain([first] if first else [], found)),
        lambda sent: record(services, caller, "export", query=q, detail=filters, count=sent),
    )
    body = _csv(rows) if format == "csv" else _json(rows)
    return StreamingResponse(
        body,
        media_type=_MEDIA[format],
        headers={"Content-Disposition": f'attachment; filename="poshuk-export.{format}"'},
    )
