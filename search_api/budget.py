"""How much of the server one search may take.

What a query may ask for is fixed by ``poshuk.core.query_limits.QueryLimits`` (a 400 names the
limit). On top of that, costly requests (prefix or fuzzy words, an export, a
co-occurrence count) take one of ``Settings.costly_searches`` slots of this process
first: they queue behind each other instead of taking every core from the other users,
whose searches never wait for a slot. The wait happens on the event loop, holding no
thread; a request that finds no free slot within ``Settings.search_budget_s`` is a 503.
Elasticsearch stops a search at the same budget (504, see ``SearchTimedOut``).
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request

from poshuk.core.engines import SearchRequest
from poshuk.core.query import expanding
from search_api.deps import ServicesDep
from search_api.errors import Unavailable
from search_api.search_params import SearchRequestDep

_COSTLY_PATHS = ("/export", "/cooccurrence")  # whole result sets, not one page
_lock = threading.Lock()


class Slots:
    def __init__(self, count: int, wait_s: float) -> None:
        self.count = count
        self.wait_s = wait_s
        self._semaphore = asyncio.Semaphore(count)

    async def take(self) -> None:
        try:
            await asyncio.wait_for(self._semaphore.acquire(), self.wait_s)
        except TimeoutError:
            raise Unavailable(
                f"busy: {self.count} costly searches (prefix or fuzzy words, exports, "
                f"co-occurrence counts) are running in this process and none finished within "
                f"{self.wait_s:g} s; try again shortly, or search without * and ~"
            ) from None

    def give_back(self) -> None:
        self._semaphore.release()


def _slots(request: Request, services: ServicesDep) -> Slots:
    state = request.app.state
    with _lock:
        if getattr(state, "costly_slots", None) is None:
            settings = services.settings
            state.costly_slots = Slots(settings.costly_searches, settings.search_budget_s)
    slots: Slots = state.costly_slots
    return slots


async def costly_slot(
    request: Request, services: ServicesDep, criteria: SearchRequestDep
) -> AsyncIterator[SearchRequest]:
    """The search request, once a slot is held if it is costly (released when the
    response, streamed or not, is done)."""
    if not (request.url.path in _COSTLY_PATHS or expanding(criteria.query)):
        yield criteria
        return
    slots = _slots(request, services)
    await slots.take()
    try:
        yield criteria
    finally:
        slots.give_back()


BudgetedRequestDep = Annotated[SearchRequest, Depends(costly_slot)]
