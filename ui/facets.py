"""The sidebar: facet checkboxes with counts, "clear all filters", and archive status."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import streamlit as st

from ui import render, strings
from ui.api_client import ApiClient, ApiError, FacetValue
from ui.state import FACETS, ViewState, current, key, navigate

VISIBLE_VALUES = 8  # per facet; the rest fold into an expander


def merged(values: Sequence[FacetValue], selected: Sequence[str]) -> list[tuple[str, int | None]]:
    """The API's values (empty ones dropped) plus selected values it did not list.

    Counts are disjunctive, so a selected value normally stays listed; one that does not
    (its count fell to zero, or it is outside the top values) is still shown, checked."""
    rows: list[tuple[str, int | None]] = [
        (v["value"], v["count"]) for v in values if v["count"] > 0 or v["value"] in selected
    ]
    listed = {value for value, _ in rows}
    rows += [(value, None) for value in selected if value not in listed]
    return rows


def _toggle(facet: str, value: str, widget: str) -> None:
    navigate(current().toggled(facet, value, bool(st.session_state.get(widget))), redraw=False)


def _checkbox(
    state: ViewState, facet: str, value: str, count: int | None, label: str | None
) -> None:
    widget = key(f"facet.{facet}.{value}")
    st.checkbox(
        render.md(render.facet_label(facet, value, count, label)),
        value=value in state.selected(facet),
        key=widget,
        on_change=_toggle,
        args=(facet, value, widget),
    )


def _facet(state: ViewState, facet: str, values: Sequence[FacetValue]) -> None:
    selected = state.selected(facet)
    rows = merged(values, selected)
    if not rows:
        return  # empty facets are hidden
    st.markdown(f"**{strings.FACET_TITLES[facet]}**")
    # selected values never fold away
    visible = [r for i, r in enumerate(rows) if i < VISIBLE_VALUES or r[0] in selected]
    folded = [r for r in rows if r not in visible]
    labels = {v["value"]: v["label"] for v in values if v.get("label")}
    for value, count in visible:
        _checkbox(state, facet, value, count, labels.get(value))
    if folded:
        with st.expander(strings.FACET_MORE.format(n=len(folded))):
            for value, count in folded:
                _checkbox(state, facet, value, count, labels.get(value))
    if facet == "entity":
        for value in selected:  # a selected entity links to its page
            st.button(
                strings.ENTITY_ABOUT.format(name=render.md(labels.get(value, value))),
                key=key(f"facet.entity-page.{value}"), type="tertiary",
                icon=":material/person_search:", on_click=navigate,
                args=(state.entity_page(value),),
            )


def status(client: ApiClient) -> None:
    try:
        health = client.health()
    except ApiError:
        health = {}
    if "documents" in health:
        st.caption(
            strings.ARCHIVE_STATUS.format(
                documents=health["documents"], engine=render.md(health.get("engine", "?"))
            )
        )
    st.caption(strings.API_AT.format(url=render.md(client.base_url)))


def sidebar(
    client: ApiClient, state: ViewState, facets: Mapping[str, Sequence[FacetValue]] | None
) -> None:
    """Draw the filters; ``facets`` is None when the search failed (selections still shown)."""
    with st.sidebar:
        st.header(strings.FILTERS_HEADER)
        if state.has_filters:
            st.button(
                strings.CLEAR_FILTERS, key=key("clear"), icon=":material/close:",
                on_click=navigate, args=(state.cleared(),),
            )
        for facet in FACETS:
            _facet(state, facet, (facets or {}).get(facet, []))
        st.divider()
        status(client)
