"""The costly-search slots of one API process (``search_api.budget``)."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest

from search_api.budget import Slots
from search_api.errors import Unavailable


def test_a_costly_search_waits_for_a_slot_and_is_refused_when_none_frees() -> None:
    async def scenario() -> list[str]:
        slots = Slots(count=1, wait_s=0.2)
        events: list[str] = []
        await slots.take()

        async def second() -> None:
            await slots.take()
            events.append("second ran")
            slots.give_back()

        waiting = asyncio.create_task(second())
        await asyncio.sleep(0.05)
        events.append("first done")
        slots.give_back()
        await waiting
        await slots.take()  # held now, and never given back
        with pytest.raises(Unavailable, match="busy: 1 costly searches"):
            await slots.take()
        return events

    # in a thread of its own: Playwright's sync API (a browser test earlier in this pytest
    # process) keeps an event loop running on the main thread, where asyncio.run refuses
    with ThreadPoolExecutor(1) as thread:
        assert thread.submit(lambda: asyncio.run(scenario())).result() == [
            "first done", "second ran"]
