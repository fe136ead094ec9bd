"""Checks on search parameters that types alone cannot express, with messages that say
what to fix."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from search_api.errors import BadRequest

MAX_WINDOW = 10_000  # deepest result reachable by paging (as Elasticsearch's default)


def parse_date(name: str, value: str | None) -> dt.date | None:
    if value is None or value == "":
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise BadRequest(
            f"{name}: {value!r} is not a date; use YYYY-MM-DD, e.g. 2024-07-02"
        ) from None


def check_known(given: Iterable[str], known: Iterable[str]) -> None:
    unknown = sorted(set(given) - set(known))
    if unknown:
        raise BadRequest(
            f"unknown parameter {unknown[0]!r}; known parameters: {', '.join(sorted(known))}"
        )


def check_window(page: int, size: int) -> None:
    if page * size > MAX_WINDOW:
        raise BadRequest(
            f"page {page} with size {size} reaches past result {MAX_WINDOW}; "
            "narrow the search with filters instead of paging that deep"
        )


def check_range(
    start: dt.date | None, end: dt.date | None, names: tuple[str, str] = ("date_from", "date_to")
) -> None:
    if start and end and start > end:
        raise BadRequest(f"{names[0]} {start} is after {names[1]} {end}; swap them")


def check_years(values: list[str]) -> None:
    for value in values:
        if not (len(value) == 4 and value.isdigit()):
            raise BadRequest(f"year: {value!r} is not a year; use four digits, e.g. 2024")
