"""The view state, kept in the URL's query string so that a link reproduces the view.

``?q=…&lang=ru&lang=be&type=verdict&date_from=2024-01-01&sort=date_desc&page=2`` is a
search; adding ``&doc=ID`` shows that document (and "back" drops ``doc``, returning to the
same search). The URL is the only state: widgets are drawn from it and their callbacks
write it (``navigate``), after which Streamlit reruns the page.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import streamlit as st

from ui.api_client import Params

FACETS: tuple[str, ...] = ("lang", "type", "source", "year", "entity", "citation")
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
    sort: str = "relevance"
    page: int = 1
    doc: str = ""

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
        return cls(
            q=first("q"),
            filters=filters,
            date_from=first("date_from"),
            date_to=first("date_to"),
            sort=sort if sort in SORTS else "relevance",
            page=int(page) if page.isdigit() and int(page) > 0 else 1,
            doc=first("doc"),
        )

    def to_query(self) -> dict[str, str | list[str]]:
        """The query parameters for this state (defaults left out, to keep links short)."""
        query: dict[str, str | list[str]] = {}
        if self.q:
            query["q"] = self.q
        for name in FACETS:
            if self.filters.get(name):
                query[name] = list(self.filters[name])
        if self.date_from:
            query["date_from"] = self.date_from
        if self.date_to:
            query["date_to"] = self.date_to
        if self.sort != "relevance":
            query["sort"] = self.sort
        if self.page != 1:
            query["page"] = str(self.page)
        if self.doc:
            query["doc"] = self.doc
        return query

    def api_params(self) -> Params:
        """The ``GET /search`` parameters for this state."""
        params: list[tuple[str, str]] = [("q", self.q)]
        for name in FACETS:
            params.extend((name, value) for value in self.filters.get(name, ()))
        if self.date_from:
            params.append(("date_from", self.date_from))
        if self.date_to:
            params.append(("date_to", self.date_to))
        params += [("sort", self.sort), ("page", str(self.page)), ("size", str(PAGE_SIZE))]
        return tuple(params)

    @property
    def has_filters(self) -> bool:
        return bool(self.filters or self.date_from or self.date_to)

    def selected(self, facet: str) -> tuple[str, ...]:
        return self.filters.get(facet, ())

    def replace(self, **changes: object) -> ViewState:
        """A copy with ``changes``; any change to the search itself starts again at page 1."""
        if "page" not in changes and "doc" not in changes:
            changes["page"] = 1
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]

    def toggled(self, facet: str, value: str, on: bool) -> ViewState:
        values = [v for v in self.selected(facet) if v != value] + ([value] if on else [])
        filters = {name: vals for name, vals in self.filters.items() if name != facet}
        if values:
            filters[facet] = tuple(values)
        return self.replace(filters=filters)

    def cleared(self) -> ViewState:
        return self.replace(filters={}, date_from="", date_to="")

    def opened(self, doc_id: str) -> ViewState:
        return dataclasses.replace(self, doc=doc_id)

    def closed(self) -> ViewState:
        return dataclasses.replace(self, doc="")


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
