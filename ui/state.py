"""The view state, kept in the URL's query string so that a link reproduces the view.

``?q=…&lang=ru&lang=be&type=verdict&date_from=2024-01-01&sort=date_desc&page=2`` is a
search (``mentioned_from``/``mentioned_to``: the period its text talks about); adding
``&doc=ID`` shows that document (and "back" drops ``doc``, returning to the same search),
and ``&pg=3`` shows its page 3 as an image; ``&cooc=1`` shows the entity co-occurrence
panel of a search. The URL is the only state: widgets are drawn from it and
their callbacks write it (``navigate``), after which Streamlit reruns the page.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlencode

import streamlit as st

from ui.api_client import Params

FACETS: tuple[str, ...] = ("collection", "lang", "type", "source", "year", "entity",
                           "citation")
SORTS: tuple[str, ...] = ("relevance", "date_desc", "date_asc")
PAGE_SIZE = 10
MAX_WINDOW = 10_000  # the API refuses to page deeper than this
_GENERATION = "_poshuk_generation"


@dataclass(frozen=True, slots=True)
class ViewState:
    q: str = ""
    filters: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    date_from: str = ""  # kept as typed: the API validates and explains bad dates
    date_to: str = ""
    mentioned_from: str = ""  # the period the text talks about (dates it mentions)
    mentioned_to: str = ""
    sort: str = "relevance"
    page: int = 1
    doc: str = ""
    entity: str = ""  # an entity page (``?entity_page=person:navick``; ``entity`` filters)
    pg: int = 1  # the page of the document shown as an image
    cooc: bool = False  # the entity co-occurrence panel is open

    @classmethod
    def from_query(cls, get_all: Callable[[str], list[str]]) -> ViewState:
        """Read the state from query parameters (``st.query_params.get_all``)."""

        def first(name: str) -> str:
            values = get_all(name)
            return values[0].strip() if values else ""

        filters: dict[str, tuple[str, ...]] = {}
        for name in FACETS:
            values = tuple(dict.fromkeys(v for v in get_all(name) if v))
            if values:
                filters[name] = values
        sort = first("sort")
        page = first("page")
        pg = first("pg")
        return cls(
            q=first("q"),
            filters=filters,
            date_from=first("date_from"),
            date_to=first("date_to"),
            mentioned_from=first("mentioned_from"),
            mentioned_to=first("mentioned_to"),
            sort=sort if sort in SORTS else "relevance",
            page=int(page) if page.isdigit() and int(page) > 0 else 1,
            doc=first("doc"),
            entity=first("entity_page"),
            pg=int(pg) if pg.isdigit() and int(pg) > 0 else 1,
            cooc=first("cooc") == "1",
        )

    def to_query(self) -> dict[str, str | list[str]]:
        """The query parameters for this state (defaults left out, to keep links short)."""
        query: dict[str, str | list[str]] = {}
        if self.q:
            query["q"] = self.q
        for name in FACETS:
            if self.filters.get(name):
                query[name] = list(self.filters[name])
        for name, value in self._dates():
            query[name] = value
        if self.sort != "relevance":
            query["sort"] = self.sort
        if self.page != 1:
            query["page"] = str(self.page)
        if self.doc:
            query["doc"] = self.doc
        if self.entity:
            query["entity_page"] = self.entity
        if self.doc and self.pg != 1:
            query["pg"] = str(self.pg)
        if self.cooc:
            query["cooc"] = "1"
        return query

    def criteria(self) -> Params:
        """Which documents: the parameters ``/search``, ``/export`` and ``/cooccurrence``
        share (query, filters, dates, sort)."""
        params: list[tuple[str, str]] = [("q", self.q)]
        for name in FACETS:
            params.extend((name, value) for value in self.filters.get(name, ()))
        params.extend(self._dates())
        params.append(("sort", self.sort))
        return tuple(params)

    def _dates(self) -> list[tuple[str, str]]:
        return [(name, value) for name, value in (
            ("date_from", self.date_from), ("date_to", self.date_to),
            ("mentioned_from", self.mentioned_from), ("mentioned_to", self.mentioned_to),
        ) if value]

    def api_params(self) -> Params:
        """The ``GET /search`` parameters for this state."""
        # near-duplicate copies as one hit ("3 copies"); an export lists every copy
        return (
            *self.criteria(), ("page", str(self.page)), ("size", str(PAGE_SIZE)), ("fold", "true")
        )

    def search_link(self) -> str:
        """This search (no document) as a query string: what a saved search keeps."""
        search = dataclasses.replace(self, doc="", pg=1)
        return urlencode(search.to_query(), doseq=True)

    @classmethod
    def from_link(cls, link: str) -> ViewState:
        """The state a query string (a saved search) describes."""
        values = parse_qs(link.lstrip("?"), keep_blank_values=False)
        return cls.from_query(lambda name: values.get(name, []))

    @property
    def has_filters(self) -> bool:
        return bool(self.filters or self._dates())

    def selected(self, facet: str) -> tuple[str, ...]:
        return self.filters.get(facet, ())

    def replace(self, **changes: object) -> ViewState:
        """A copy with ``changes``; any change to the search itself starts again at page 1."""
        if not {"page", "doc", "entity"} & set(changes):
            changes["page"] = 1
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]

    def toggled(self, facet: str, value: str, on: bool) -> ViewState:
        values = [v for v in self.selected(facet) if v != value] + ([value] if on else [])
        filters = {name: vals for name, vals in self.filters.items() if name != facet}
        if values:
            filters[facet] = tuple(values)
        return self.replace(filters=filters)

    def cleared(self) -> ViewState:
        return self.replace(filters={}, date_from="", date_to="", mentioned_from="",
                            mentioned_to="")

    def opened(self, doc_id: str) -> ViewState:
        return dataclasses.replace(self, doc=doc_id, pg=1, entity="")

    def closed(self) -> ViewState:
        return dataclasses.replace(self, doc="", pg=1, entity="")

    def entity_page(self, entity_id: str) -> ViewState:
        return dataclasses.replace(self, doc="", entity=entity_id)

    def month(self, key: str) -> ViewState:
        """Filtered to one bar of the timeline: ``2024-03`` (a month) or ``2024`` (a year)."""
        start, end = period(key)
        return self.replace(date_from=start.isoformat(), date_to=end.isoformat())

    @classmethod
    def mentioning(cls, key: str) -> ViewState:
        """A new search for the documents that talk about ``key`` (``2024-07-02``,
        ``2024-07`` or ``2024``), whatever their own date, newest first."""
        start, end = period(key)
        return cls(mentioned_from=start.isoformat(), mentioned_to=end.isoformat(),
                   sort="date_desc")


def period(key: str) -> tuple[dt.date, dt.date]:
    """The first and last day of a day, month or year written as ISO (``2024-03``)."""
    year = int(key[:4])
    if len(key) >= 10:
        day = dt.date.fromisoformat(key[:10])
        return day, day
    if len(key) >= 7:
        month = int(key[5:7])
        return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def page_count(total: int) -> int:
    reachable = min(total, MAX_WINDOW)
    return max(1, -(-reachable // PAGE_SIZE))


def current() -> ViewState:
    """The state in the URL now. Callbacks start from this, not from the state their widget
    was drawn with: a click can interrupt a rerun, and then that drawn state is stale (a
    facet clicked right after a new query would otherwise drop the query)."""
    return ViewState.from_query(st.query_params.get_all)


def navigate(state: ViewState, redraw: bool = True) -> None:
    """Show ``state``: write it to the URL (Streamlit reruns right after a callback).

    ``redraw`` gives every widget a fresh key so it is drawn again from the URL; a widget's
    own callback passes False, since that widget already shows the new state and the
    others must keep their focus and half-typed input (e.g. the second date)."""
    st.query_params.from_dict(state.to_query())
    if redraw:
        st.session_state[_GENERATION] = st.session_state.get(_GENERATION, 0) + 1


def key(name: str) -> str:
    """A widget key valid until the next redrawing ``navigate``."""
    return f"{name}#{st.session_state.get(_GENERATION, 0)}"
