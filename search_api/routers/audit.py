"""The audit trail over HTTP: admins read all of it, managers what concerns their
collections (reads, uploads and deletions of their documents)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterator
from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import StreamingResponse

from poshuk.core.audit import Entry
from search_api import params
from search_api.auth import CallerDep
from search_api.deps import ServicesDep

router = APIRouter(tags=["audit"])

COLUMNS = ("seq", "at", "user", "address", "action", "document_id", "collection", "query",
           "count", "detail")


def _bound(name: str, value: str | None, last: bool) -> str | None:
    """An ISO date or date-time as a comparable timestamp (a date: its whole day)."""
    if value is None:
        return None
    if len(value) == 10:
        day = params.parse_date(name, value)
        assert day is not None
        moment = dt.datetime.combine(day, dt.time.max if last else dt.time.min, dt.UTC)
        return moment.isoformat(timespec="microseconds")
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        raise HTTPException(400, f"{name}: {value!r} is not an ISO date or date-time") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).isoformat(timespec="microseconds")


def _csv(entries: Iterator[Entry]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for entry in entries:
        writer.writerow("" if (v := getattr(entry, c)) is None else v for c in COLUMNS)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


def _json(entries: Iterator[Entry]) -> Iterator[str]:
    yield "["
    for index, entry in enumerate(entries):
        yield ("," if index else "") + "\n" + json.dumps(entry.public(), ensure_ascii=False)
    yield "\n]\n"


@router.get("/audit")  # refusals: search_api.main.ROUTERS
def audit(
    services: ServicesDep,
    caller: CallerDep,
    user: Annotated[str | None, Query(max_length=64)] = None,
    document_id: Annotated[str | None, Query(max_length=64)] = None,
    action: Annotated[str | None, Query(max_length=32)] = None,
    since: Annotated[str | None, Query(alias="from", description="ISO date or date-time")]
    = None,
    until: Annotated[str | None, Query(alias="to", description="ISO date or date-time")] = None,
    format: Annotated[Literal["json", "csv"], Query(description="json or csv")] = "json",
    limit: Annotated[int, Query(ge=1, le=100_000)] = 10_000,
) -> StreamingResponse:
    """Audit entries ``{"seq", "at", "user", "action", "document_id", "collection",
    "query", "count", "address", "detail"}``, oldest first (admins; managers see the
    entries about their collections)."""
    managed = caller.collections("manager")
    if managed == []:
        raise HTTPException(403, "the audit trail is for admins, and managers of a collection")
    entries = iter(list(services.audit.entries(
        user=user, document_id=document_id, action=action,
        since=_bound("from", since, False), until=_bound("to", until, True),
        collections=managed, limit=limit,
    )))
    if format == "csv":
        return StreamingResponse(_csv(entries), media_type="text/csv; charset=utf-8",
                                 headers={"Content-Disposition":
                                          'attachment; filename="poshuk-audit.csv"'})
    return StreamingResponse(_json(entries), media_type="application/json")
