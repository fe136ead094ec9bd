"""The frame the detail views (a document, an entity) share."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import streamlit as st

from ui import errors, facets, strings
from ui.api_client import ApiClient, ApiError
from ui.render import md
from ui.state import ViewState, key, navigate

T = TypeVar("T")

__all__ = ["open_detail", "search_summary"]


def search_summary(state: ViewState) -> str:
    """The search a detail view returns to, in words: ``«приговор» · Language: ru``."""
    parts = [f"«{state.q}»"] if state.q else []
    for facet, values in state.filters.items():
        parts.append(f"{strings.FACET_TITLES.get(facet, facet)}: {', '.join(values)}")
    for name, label in (("date_from", strings.DATE_FROM), ("date_to", strings.DATE_TO),
                        ("mentioned_from", strings.MENTIONED_FROM),
                        ("mentioned_to", strings.MENTIONED_TO)):
        if value := getattr(state, name):
            parts.append(f"{label} {value}")
    return " · ".join(parts) or strings.SEARCH_EVERYTHING


def open_detail(client: ApiClient, state: ViewState, fetch: Callable[[], T]) -> T | None:
    """Draw the way back (at the top, and in the sidebar with the search it returns to)
    and the archive status, then fetch what the view shows; on an API error show it
    (with what to do) and return None."""
    st.button(strings.BACK, key=key("back"), on_click=navigate, args=(state.closed(),))
    with st.sidebar:
        st.subheader(strings.YOUR_SEARCH, anchor=False)
        st.caption(md(search_summary(state)))
        st.button(
            strings.BACK_TO_RESULTS, key=key("back.sidebar"), type="primary",
            icon=":material/arrow_back:", width="stretch",
            on_click=navigate, args=(state.closed(),),
        )
        st.divider()
        facets.status(client)
    try:
        return fetch()
    except ApiError as err:
        errors.show(err, client.base_url)
        return None
