"""The researcher's views of a search: the timeline (click a period to filter to it),
export of the whole result set, and which entities appear together."""

from __future__ import annotations

import functools

import altair as alt
import pandas as pd  # imported here, whole: altair's lazy import of it races between sessions
import streamlit as st

from ui import errors, expansion, render, strings
from ui.api_client import ApiClient, ApiError, Bucket
from ui.state import ViewState, current, key, navigate

_SELECTION = "period"


def _period(state: ViewState, labels: list[str]) -> str:
    """The timeline bar the state's date range is exactly, if any."""
    for label in labels:
        bounded = state.month(label)
        if (bounded.date_from, bounded.date_to) == (state.date_from, state.date_to):
            return label
    return ""


_SHOWN = "="  # the picker's entry for a date range that is no single bar


def _pick(widget: str) -> None:
    chosen = str(st.session_state.get(widget) or "")
    state = current()
    if chosen == _SHOWN:
        return
    navigate(state.month(chosen) if chosen else state.replace(date_from="", date_to=""))


def _clicked(widget: str, unit: str) -> None:
    event = st.session_state.get(widget) or {}
    points = event.get("selection", {}).get(_SELECTION) or []
    if points and points[0].get(unit):
        navigate(current().month(str(points[0][unit])))


def timeline(state: ViewState, buckets: list[Bucket]) -> None:
    """Documents per month (per year over long spans); a click on a bar, or picking it in
    the list under the chart, filters the search to that period."""
    unit, labels, counts = render.timeline(buckets)
    if not labels:
        return
    title = strings.HISTOGRAM_TITLE_YEAR if unit == "year" else strings.HISTOGRAM_TITLE
    with st.expander(title, expanded=True):
        if len(labels) > 1:
            pick = alt.selection_point(name=_SELECTION, fields=[unit], on="click")
            chart = (
                alt.Chart(pd.DataFrame({unit: labels, strings.HISTOGRAM_Y: counts}))
                .mark_bar(cursor="pointer")
                .encode(
                    x=alt.X(f"{unit}:O", title=None, sort=None),
                    y=alt.Y(f"{strings.HISTOGRAM_Y}:Q", title=strings.HISTOGRAM_Y,
                            axis=alt.Axis(tickMinStep=1, format="d")),
                    tooltip=[f"{unit}:O", f"{strings.HISTOGRAM_Y}:Q"],
                )
                .add_params(pick)
                .properties(height=180)
            )
            widget = key("timeline")
            st.altair_chart(
                chart, key=widget, on_select=functools.partial(_clicked, widget, unit),
                selection_mode=_SELECTION, width="stretch",
            )
        options = ["", *(label for label, count in zip(labels, counts, strict=True) if count)]
        chosen = _period(state, labels)
        if not chosen and (state.date_from or state.date_to):
            options.insert(1, _SHOWN)  # e.g. a year, now shown month by month
            chosen = _SHOWN
        by_label = dict(zip(labels, counts, strict=True))

        def label_of(label: str) -> str:
            if label == _SHOWN:
                return strings.TIMELINE_SHOWN.format(
                    start=state.date_from or "…", end=state.date_to or "…")
            if label:
                return strings.TIMELINE_OPTION.format(key=label, count=by_label[label])
            return strings.TIMELINE_ANY

        widget = key("period")
        st.selectbox(
            strings.TIMELINE_PICK, options, index=options.index(chosen), format_func=label_of,
            key=widget, on_change=_pick, args=(widget,), help=strings.HISTOGRAM_HELP,
        )


def export(client: ApiClient, state: ViewState, total: int) -> None:
    """Download buttons for the whole result set (fetched only when clicked)."""
    if not total:
        return
    st.caption(strings.EXPORT_HEADER, help=strings.EXPORT_HELP)
    csv_column, json_column = st.columns(2)
    for column, fmt, label, mime in (
        (csv_column, "csv", strings.EXPORT_CSV, "text/csv"),
        (json_column, "json", strings.EXPORT_JSON, "application/json"),
    ):
        column.download_button(
            label.format(total=total),
            data=functools.partial(client.export, expansion.params(state.criteria()), fmt),
            file_name=f"poshuk-export.{fmt}", mime=mime, key=key(f"export.{fmt}"),
            on_click="ignore", icon=":material/download:", width="stretch",
        )


def _set_cooc(widget: str) -> None:
    state = current()
    on = bool(st.session_state.get(widget))
    navigate(state.replace(cooc=on, page=state.page), redraw=False)


def cooccurrence(client: ApiClient, state: ViewState) -> None:
    """Entities most mentioned in the result set and the pairs sharing documents (on
    request: it reads every matching document's entities)."""
    widget = key("cooc")
    st.toggle(strings.COOC_TOGGLE, value=state.cooc, key=widget, on_change=_set_cooc,
              args=(widget,))
    if not state.cooc:
        return
    try:
        with st.spinner(strings.LOADING):
            found = client.cooccurrence(expansion.params(state.criteria()))
    except ApiError as err:
        errors.show(err, client.base_url)
        return
    if not found["entities"]:
        st.info(strings.COOC_EMPTY, icon=":material/hub:")
        return
    partial = "" if found["complete"] else strings.COOC_PARTIAL
    st.caption(strings.COOC_SUMMARY.format(documents=found["documents"], partial=partial))
    pairs, singles = st.columns(2)
    names, count = strings.COOC_COLUMNS
    pairs.markdown(f"**{strings.COOC_PAIRS}**")
    pairs.dataframe(
        {names: [strings.COOC_PAIR.format(a=p["a_name"], b=p["b_name"]) for p in found["pairs"]],
         count: [p["count"] for p in found["pairs"]]},
        hide_index=True, width="stretch",
    )
    singles.markdown(f"**{strings.COOC_ENTITIES}**")
    singles.dataframe(
        {names: [e["name"] for e in found["entities"]],
         count: [e["count"] for e in found["entities"]]},
        hide_index=True, width="stretch",
    )
