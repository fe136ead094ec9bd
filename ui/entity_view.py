"""An entity's page: its spellings, documents over time, the entities named with it, its
latest documents, and a search of every document naming it."""

from __future__ import annotations

import streamlit as st

from ui import render, strings, watches
from ui.api_client import ApiClient, EntityResponse
from ui.detail import open_detail
from ui.state import ViewState, key, navigate


def _timeline(entity: EntityResponse) -> None:
    unit, labels, counts = render.timeline(entity["timeline"])
    if not labels:
        return
    st.subheader(strings.ENTITY_TIMELINE, anchor=False)
    st.bar_chart(
        {unit: labels, strings.HISTOGRAM_Y: counts},
        x=unit, y=strings.HISTOGRAM_Y, x_label="", y_label=strings.HISTOGRAM_Y,
        height=180, sort=False,
    )


def show(client: ApiClient, state: ViewState) -> None:
    entity = open_detail(client, state, lambda: client.entity(state.entity))
    if entity is None:
        return
    name = render.md(entity["name"])
    st.title(name, anchor=False)
    kind = strings.ENTITY_TYPE_NAMES.get(entity["type"], entity["type"])
    st.caption(strings.ENTITY_DOCUMENTS.format(type=render.md(kind), n=entity["documents"]))
    st.button(
        strings.ENTITY_SEARCH.format(name=name), key=key("entity.search"),
        icon=":material/search:", on_click=navigate,
        args=(ViewState(filters={"entity": (entity["id"],)}),),
    )
    watches.watch_button(client, entity["name"], f'entity:"{entity["id"]}"', {}, "entity")
    watches.notice()
    main, side = st.columns([3, 2], gap="large")
    with main:
        _timeline(entity)
        st.subheader(strings.ENTITY_RECENT, anchor=False)
        for index, doc in enumerate(entity["recent"]):
            label = (doc["title"] or doc["id"]) + (f" — {doc['date']}" if doc["date"] else "")
            st.button(render.md(label), key=key(f"entity.doc.{index}"), type="tertiary",
                      on_click=navigate, args=(ViewState().opened(doc["id"]),))
    with side:
        st.subheader(strings.ENTITY_VARIANTS, anchor=False)
        st.markdown("\n".join(
            f"- {render.md(v['text'])} ({v['documents']})" for v in entity["variants"]
        ))
        if entity["co_occurring"]:
            st.subheader(strings.ENTITY_CO_OCCURRING, anchor=False)
            for index, other in enumerate(entity["co_occurring"]):
                st.button(render.md(f"{other['name']} ({other['documents']})"),
                          key=key(f"entity.with.{index}"), type="tertiary",
                          on_click=navigate, args=(state.entity_page(other["id"]),))
