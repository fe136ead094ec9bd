"""The frame the detail views (a document, an entity) share."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import streamlit as st

from ui import errors, facets, strings
from ui.api_client import ApiClient, ApiError
from ui.state import ViewState, key, navigate

T = TypeVar("T")

__all__ = ["open_detail"]


def open_detail(client: ApiClient, state: ViewState, fetch: Callable[[], T]) -> T | None:
    """Draw the back button and the archive status, then fetch what the view shows; on an
    API error show it (with what to do) and return None."""
    st.button(strings.BACK, key=key("back"), on_click=navigate, args=(state.closed(),))
    with st.sidebar:
        facets.status(client)
    try:
        return fetch()
    except ApiError as err:
        errors.show(err, client.base_url)
        return None
