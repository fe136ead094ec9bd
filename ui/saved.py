"""Saved searches in the sidebar: the ones kept in the catalog, and saving the current one."""

from __future__ import annotations

import streamlit as st

from ui import strings, watches
from ui.api_client import ApiClient, ApiError
from ui.render import md
from ui.state import ViewState, current, key, navigate


def _save(client: ApiClient, widget: str) -> None:
    name = str(st.session_state.get(widget) or "").strip()
    if not name:
        return
    try:
        client.save_search(name, current().search_link())
    except ApiError as err:
        st.session_state[f"{widget}.error"] = err.detail
        return
    st.session_state[f"{widget}.done"] = name
    st.session_state[widget] = ""


def _delete(client: ApiClient, search_id: int) -> None:
    try:
        client.delete_search(search_id)
    except ApiError:
        pass  # already gone: the list is redrawn from the API either way


def sidebar(client: ApiClient) -> None:
    st.subheader(strings.SAVED_HEADER, anchor=False)
    try:
        searches = client.saved_searches()
    except ApiError:
        searches = []
    if not searches:
        st.caption(strings.SAVED_NONE)
    for saved in searches:
        opening, watching, deleting = st.columns([4, 2, 1], vertical_alignment="center")
        opening.button(
            md(saved["name"]), key=key(f"saved.{saved['id']}"), type="tertiary",
            help=md(saved["query"]) if saved["query"] else None, on_click=navigate,
            args=(ViewState.from_link(saved["query"]),),
        )
        with watching:
            query, filters = watches.criteria(ViewState.from_link(saved["query"]))
            watches.watch_button(client, saved["name"], query, filters,
                                 f"saved.{saved['id']}", small=True)
        deleting.button(
            "", icon=":material/delete:", key=key(f"saved.delete.{saved['id']}"),
            help=strings.SAVED_DELETE.format(name=md(saved["name"])), type="tertiary",
            on_click=_delete, args=(client, saved["id"]),
        )
    widget = "saved.name"  # kept across redraws: a half-typed name survives a facet click
    st.text_input(strings.SAVED_NAME, key=widget)
    st.button(strings.SAVED_BUTTON, key=key("saved.save"), icon=":material/bookmark_add:",
              on_click=_save, args=(client, widget))
    if done := st.session_state.pop(f"{widget}.done", None):
        st.success(strings.SAVED_DONE.format(name=md(done)))
    if failed := st.session_state.pop(f"{widget}.error", None):
        st.error(strings.API_REJECTED.format(detail=md(failed)))
