"""Watched searches: ``/watches`` (the caller's own; another's is a 404), the Atom feed at
a secret URL (``/feeds``), and the signed unsubscribe link of watch e-mails (``/mail``)."""

from __future__ import annotations

import html
from dataclasses import asdict, dataclass
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, Field

from poshuk.core.accounts import Caller
from poshuk.core.delivery import check_unsubscribe
from poshuk.core.engines import Hit
from poshuk.core.feeds import atom, feed_entries
from poshuk.core.watches import (
    Watch,
    WatchError,
    Watches,
    check_breadth,
    check_email,
    check_filters,
    check_webhook,
    kind_of,
    watch_request,
)
from search_api.auth import CallerDep, record
from search_api.deps import Services, ServicesDep
from search_api.errors import BadRequest, NotFound, responses
from search_api.routers.saved_searches import SQLITE_MAX_INT
from search_api.routers.saved_searches import _owner as owner_of

router = APIRouter(prefix="/watches", tags=["watches"])
feeds = APIRouter(prefix="/feeds", tags=["watches"])
mail = APIRouter(prefix="/mail", tags=["watches"])  # the links in watch e-mails
WatchId = Annotated[int, Path(ge=1, le=SQLITE_MAX_INT)]


class WatchIn(BaseModel):
    name: Annotated[str, Field(min_length=1, max_length=200)]
    query: Annotated[str, Field(max_length=2000, description=(
        "the search box's text: words, citation:BY-CC-342, entity:\"…\" …"))] = ""
    filters: Annotated[dict[str, list[str]], Field(
        description="facet filters as on /search, e.g. {\"lang\": [\"be\"]}")] = {}
    webhook_url: Annotated[str | None, Field(max_length=2000)] = None
    email: Annotated[str | None, Field(max_length=254)] = None
    email_mode: Literal["immediate", "daily"] = "immediate"


class FailureOut(BaseModel):
    channel: str
    state: str
    attempts: int
    next_attempt_at: str
    error: str
    document_id: str


class WatchOut(BaseModel):
    id: int
    name: str
    kind: str
    query: str
    filters: dict[str, list[str]]
    created_at: str
    new: int = Field(description="matches not yet seen")
    webhook_url: str | None
    email: str | None
    email_mode: str | None
    feed_url: str | None = Field(None, description="only when made or rotated: keep it")
    webhook_secret: str | None = Field(None, description="only when made: signs webhooks")
    failures: list[FailureOut] = Field([], description="deliveries failing (GET one watch)")


class FeedOut(BaseModel):
    feed_url: str


@dataclass(slots=True)
class MatchHitOut(Hit):
    """A search hit, with when the watch matched it and whether it is new to its owner."""

    matched_at: str = ""
    new: bool = False


class MatchesOut(BaseModel):
    total: int
    page: int
    size: int
    hits: list[MatchHitOut]


def _owner(caller: Caller) -> str:
    return owner_of(caller, "watch searches")


def _store(services: Services) -> Watches:
    return Watches(services.catalog.db)


def _feed_url(services: Services, secret: str) -> str:
    return f"{services.settings.public_url.rstrip('/')}/feeds/watches/{secret}.atom"


def _out(watch: Watch, new: int, **extra: Any) -> dict[str, Any]:
    return {"id": watch.id, "name": watch.name, "kind": watch.kind, "query": watch.query,
            "filters": watch.filters, "created_at": watch.created_at, "new": new,
            "webhook_url": watch.webhook_url, "email": watch.email,
            "email_mode": watch.email_mode, **extra}


def _own(services: Services, owner: str, watch_id: int) -> Watch:
    watch = _store(services).get(watch_id, owner)
    if watch is None:
        raise NotFound(f"no watch with id {watch_id}; GET /watches lists yours")
    return watch


@router.get("", response_model=list[WatchOut])
def list_watches(services: ServicesDep, caller: CallerDep) -> list[dict[str, Any]]:
    """Your watches by name, each with how many matches you have not seen."""
    return [_out(w, new) for w, new in _store(services).owned(_owner(caller))]


@router.post("", status_code=201, response_model=WatchOut,
             responses=responses(400, 413, 422, 503))
def create(services: ServicesDep, caller: CallerDep, body: WatchIn) -> dict[str, Any]:
    """Watch a search, a citation (``citation:BY-CC-342``) or an entity: documents indexed
    from now on that match it, and that you may read, are reported once each. A query
    matching much of what you can read is refused (400, saying why)."""
    owner = _owner(caller)
    try:
        filters = check_filters(body.filters)
        kind_of(body.query)  # a syntax error is a 400 naming its position
        if body.webhook_url is not None:
            check_webhook(body.webhook_url)
        if body.email is not None:
            check_email(body.email)
        settings = services.settings
        check_breadth(services.engine(), watch_request(body.query, filters), caller.scope(),
                      settings.watch_max_share, settings.watch_min_broad)
        made = _store(services).create(owner, body.name, body.query, filters,
                                       webhook_url=body.webhook_url, email=body.email,
                                       email_mode=body.email_mode)
    except WatchError as err:
        raise BadRequest(str(err)) from err
    record(services, caller, "watch", query=body.query, detail=f"created watch {made.watch.id}")
    return _out(made.watch, 0, feed_url=_feed_url(services, made.feed_secret),
                webhook_secret=made.webhook_secret)


@mail.get("/unsubscribe", response_class=Response, responses={
    200: {"description": "a page with one button that unsubscribes",
          "content": {"text/html": {"schema": {"type": "string"}}}},
    **responses(404, 422)})
def unsubscribe_page(
    services: ServicesDep, token: Annotated[str, Query(max_length=100)]
) -> HTMLResponse:
    """The page a watch e-mail's unsubscribe link opens: one button that stops the mail
    (a link alone changes nothing: mail scanners follow links)."""
    watch = check_unsubscribe(services.audit.key, _store(services), token)
    if watch is None:
        raise NotFound("this unsubscribe link is not valid (or the mail is already off)")
    return HTMLResponse(
        "<!doctype html><meta charset=utf-8><title>Unsubscribe</title>"
        f"<p>Stop the e-mails of the watch “{html.escape(watch.name)}”?</p>"
        "<form method=post><button type=submit>Unsubscribe</button></form>")


@mail.post("/unsubscribe", status_code=204, responses=responses(404, 422))
def unsubscribe(services: ServicesDep, token: Annotated[str, Query(max_length=100)]) -> None:
    """Stop a watch's e-mails (RFC 8058 one-click: the token of the mail's link)."""
    store = _store(services)
    watch = check_unsubscribe(services.audit.key, store, token)
    if watch is None:
        raise NotFound("this unsubscribe link is not valid (or the mail is already off)")
    store.stop_email(watch.id)
    services.audit.append("watch", user=watch.owner or None, query=watch.query,
                          detail=f"watch {watch.id}: e-mail unsubscribed")


@router.get("/{watch_id}", response_model=WatchOut, responses=responses(404, 422))
def get_watch(services: ServicesDep, caller: CallerDep, watch_id: WatchId) -> dict[str, Any]:
    """One of your watches, with the deliveries that are failing and why."""
    owner = _owner(caller)
    store = _store(services)
    watch = _own(services, owner, watch_id)
    new = next((n for w, n in store.owned(owner) if w.id == watch_id), 0)
    return _out(watch, new, failures=store.failures(watch_id))


@router.delete("/{watch_id}", status_code=204, responses=responses(404, 422))
def delete(services: ServicesDep, caller: CallerDep, watch_id: WatchId) -> None:
    """Stop watching: the watch, its matches and undelivered deliveries go."""
    if not _store(services).delete(watch_id, _owner(caller)):
        raise NotFound(f"no watch with id {watch_id}; GET /watches lists yours")
    record(services, caller, "watch", detail=f"deleted watch {watch_id}")


@router.get("/{watch_id}/matches", response_model=MatchesOut, responses=responses(404, 422))
def matches(
    services: ServicesDep, caller: CallerDep, watch_id: WatchId,
    page: Annotated[int, Query(ge=1, le=1000)] = 1,
    size: Annotated[int, Query(ge=1, le=100)] = 20,
    mark_seen: Annotated[bool, Query(description="count them as seen (What's new)")] = True,
) -> dict[str, Any]:
    """What the watch matched, newest first, each with ``new`` (not seen before this
    call); documents you may no longer read are left out. Marks them seen."""
    owner = _owner(caller)
    watch = _own(services, owner, watch_id)
    store = _store(services)
    found = store.matches(watch.id, limit=size, offset=(page - 1) * size)
    docs = services.catalog.get_many([m.doc_id for m in found], with_pages=False)
    hits = []
    for match in found:
        doc = docs.get(match.doc_id)
        if doc is None or not caller.may("reader", doc.collection):
            continue
        hits.append(asdict(MatchHitOut(
            id=doc.id, title=doc.title or doc.file_name,
            date=doc.date.isoformat() if doc.date else None, language=doc.language,
            type=doc.type, source=doc.source, score=None, matched_at=match.matched_at,
            new=not match.seen)))
    if mark_seen:
        store.mark_seen(watch.id)
    return {"total": store.count_matches(watch.id), "page": page, "size": size, "hits": hits}


@router.post("/{watch_id}/feed-secret", response_model=FeedOut, responses=responses(404, 422))
def rotate_feed(services: ServicesDep, caller: CallerDep, watch_id: WatchId) -> dict[str, str]:
    """A new secret feed URL; the old one stops working at once."""
    secret = _store(services).rotate_feed_secret(watch_id, _owner(caller))
    if secret is None:
        raise NotFound(f"no watch with id {watch_id}; GET /watches lists yours")
    record(services, caller, "watch", detail=f"watch {watch_id}: feed URL rotated")
    return {"feed_url": _feed_url(services, secret)}


@feeds.get("/watches/{secret}.atom", response_class=Response, responses={
    200: {"description": "an Atom feed (RFC 4287)",
          "content": {"application/atom+xml": {"schema": {"type": "string"}}}},
    **responses(404, 422)})
def feed(services: ServicesDep, request: Request,
         secret: Annotated[str, Path(max_length=100)]) -> Response:
    """A watch's newest matches as an Atom feed, at the secret URL its owner was given."""
    store = _store(services)
    watch = store.by_feed_secret(secret)
    if watch is None:
        raise NotFound("no feed at this address (its URL may have been rotated)")
    entries = feed_entries(store, services.accounts, watch)
    services.audit.append("watch_feed", user=watch.owner or None, query=watch.query,
                          count=len(entries), detail=f"watch {watch.id}: feed read")
    body = atom(watch, entries, str(request.url), services.settings.public_url)
    return Response(body, media_type="application/atom+xml")
