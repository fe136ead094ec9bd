"""Watched searches in the UI: the Watch buttons (a saved search, a citation, an entity),
the sidebar list with each watch's count of new matches, and the What's new view
(``?watch=ID``), which clears the count by showing them."""

from __future__ import annotations

import streamlit as st

from ui import strings
from ui.api_client import ApiClient, ApiError
from ui.render import md
from ui.state import ViewState, key, navigate

_NOTICE = "watches.notice"


def criteria(state: ViewState) -> tuple[str, dict[str, list[str]]]:
    """A search's query text and facet filters as a watch takes them (a date range
    becomes ``date:`` in the query)."""
    query = state.q
    if state.date_from or state.date_to:
        query = f"{query} date:{state.date_from}..{state.date_to}".strip()
    return query, {name: list(values) for name, values in state.filters.items()}


def _create(client: ApiClient, name: str, query: str, filters: dict[str, list[str]]) -> None:
    try:
        client.create_watch(name, query, filters)
    except ApiError as err:
        st.session_state[_NOTICE] = ("error", strings.API_REJECTED.format(detail=md(err.detail)))
        return
    st.session_state[_NOTICE] = ("success", strings.WATCH_DONE.format(name=md(name)))


def watch_button(client: ApiClient, name: str, query: str, filters: dict[str, list[str]],
                 widget: str, *, small: bool = False) -> None:
    """One click watches ``query`` (+ ``filters``) under ``name``."""
    st.button(strings.WATCH_BUTTON, icon=":material/notifications:",
              key=key(f"watch.{widget}"), type="tertiary" if small else "secondary",
              help=strings.WATCH_HELP.format(what=md(query or name)),
              on_click=_create, args=(client, name, query, filters))


def notice() -> None:
    """The outcome of the last Watch click, once."""
    found = st.session_state.pop(_NOTICE, None)
    if found:
        kind, text = found
        (st.success if kind == "success" else st.error)(text)


def _open(watch_id: int) -> None:
    st.query_params.from_dict({"watch": str(watch_id)})


def sidebar(client: ApiClient) -> None:
    st.subheader(strings.WATCHES_HEADER, anchor=False)
    try:
        watches = client.watches()
    except ApiError:
        watches = []
    if not watches:
        st.caption(strings.WATCHES_NONE)
    for watch in watches:
        st.button(strings.WATCH_ENTRY.format(name=md(watch["name"]), new=watch["new"]),
                  key=key(f"watches.open.{watch['id']}"), type="tertiary",
                  icon=":material/notifications_active:" if watch["new"] else None,
                  help=md(watch["query"]) if watch["query"] else None,
                  on_click=_open, args=(watch["id"],))
    notice()


def show(client: ApiClient, raw_id: str) -> None:
    """What's new for one watch: its matches, newest first, the unseen ones marked."""
    st.button(strings.WATCH_BACK, icon=":material/arrow_back:", key=key("watch.back"),
              on_click=navigate, args=(ViewState(),))
    try:
        watches = {str(w["id"]): w for w in client.watches()}
        watch = watches.get(raw_id.strip())
        if watch is None:
            raise ApiError(404, "no such watch")
        matches = client.watch_matches(int(watch["id"]))
    except ApiError as err:
        st.error(strings.API_REJECTED.format(detail=md(err.detail)))
        return
    st.title(strings.WATCH_NEW_TITLE.format(name=md(watch["name"])), anchor=False)
    st.caption(md(watch["query"]))
    if not matches["hits"]:
        st.info(strings.WATCH_NEW_NONE)
        return
    new = sum(1 for hit in matches["hits"] if hit["new"])
    st.caption(strings.WATCH_NEW_COUNT.format(new=new, total=matches["total"]))
    for index, hit in enumerate(matches["hits"]):
        label = md((hit["title"] or hit["id"]) + (f" — {hit['date']}" if hit["date"] else ""))
        if hit["new"]:
            label = f"**{strings.WATCH_NEW_BADGE}** {label}"
        st.button(label, key=key(f"watch.doc.{index}"), type="tertiary",
                  on_click=navigate, args=(ViewState().opened(hit["id"]),))
