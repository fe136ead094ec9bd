"""The search view: query box, sort and date range, results with highlights, paging."""

from __future__ import annotations

import datetime as dt
import html
import re

import streamlit as st

from ui import errors, expansion, facets, render, researcher, saved, strings, watches
from ui.api_client import ApiClient, ApiError, Hit, SearchResponse
from ui.state import SORTS, ViewState, current, key, navigate, page_count

MIN_DATE = dt.date(1900, 1, 1)
MAX_DATE = dt.date(2100, 12, 31)


def _as_date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None  # left to the API, whose message says what to fix


def _submit_query(widget: str) -> None:
    query = str(st.session_state.get(widget) or "").strip()
    navigate(current().replace(q=query), redraw=False)


def _set_sort(widget: str) -> None:
    navigate(current().replace(sort=st.session_state.get(widget, "relevance")), redraw=False)


def _set_date(name: str, widget: str) -> None:
    value = st.session_state.get(widget)
    text = value.isoformat() if isinstance(value, dt.date) else ""
    navigate(current().replace(**{name: text}), redraw=False)


def _controls(state: ViewState) -> None:
    box, button = st.columns([6, 1], vertical_alignment="bottom")
    query_key = key("q")
    box.text_input(
        strings.SEARCH_LABEL,
        value=state.q,
        key=query_key,
        placeholder=strings.SEARCH_PLACEHOLDER,
        help=strings.SEARCH_HELP,
        on_change=_submit_query,
        args=(query_key,),
    )
    button.button(
        strings.SEARCH_BUTTON, key=key("search"), type="primary", width="stretch",
        on_click=_submit_query, args=(query_key,),
    )
    st.caption(strings.SEARCH_SYNTAX)
    with st.expander(strings.SYNTAX_HEADER):
        st.markdown(strings.SYNTAX_TABLE)
    sort, start, end, talked_from, talked_to = st.columns([1.3, 1, 1, 1, 1])
    sort_key = key("sort")
    sort.selectbox(
        strings.SORT_LABEL, SORTS, index=SORTS.index(state.sort), key=sort_key,
        format_func=lambda value: strings.SORT_OPTIONS[value],
        on_change=_set_sort, args=(sort_key,),
    )
    for column, name, label, value, help_text in (
        (start, "date_from", strings.DATE_FROM, state.date_from, strings.DATE_HELP),
        (end, "date_to", strings.DATE_TO, state.date_to, strings.DATE_HELP),
        (talked_from, "mentioned_from", strings.MENTIONED_FROM, state.mentioned_from,
         strings.MENTIONED_HELP),
        (talked_to, "mentioned_to", strings.MENTIONED_TO, state.mentioned_to,
         strings.MENTIONED_HELP),
    ):
        widget = key(name)
        column.date_input(
            label, value=_as_date(value), min_value=MIN_DATE, max_value=MAX_DATE,
            format=strings.DATE_FORMAT, help=help_text, key=widget,
            on_change=_set_date, args=(name, widget),
        )
    expansion.switches()


def _summary(state: ViewState, result: SearchResponse) -> None:
    total = result["total"]
    noun = strings.DOCUMENT_ONE if total == 1 else strings.DOCUMENT_MANY
    text = strings.RESULTS_SUMMARY.format(total=total, noun=noun, took_ms=result["took_ms"])
    if not state.q and state.sort == "relevance":  # the API orders such a search by date
        text += strings.BROWSING_ORDER
    st.markdown(text)
    # a machine-readable copy for tests and scripts
    st.html(f'<span class="poshuk-total" data-total="{total}" hidden></span>')


def query_problem(query: str, detail: str) -> str | None:
    """The query with a ``^`` under the character a ``q: … (at character N)`` error names."""
    found = re.search(r"\(at character (\d+)\)", detail)
    if not detail.startswith("q:") or found is None:
        return None
    position = min(int(found.group(1)) - 1, len(query))
    return f"{query}\n{' ' * position}^"


def _refused(client: ApiClient, state: ViewState, err: ApiError) -> None:
    """Right under the box that caused it: the API's message, and for a query it could
    not read, that the query has a mistake (not the service) and the place marked."""
    if err.status != 400 or not err.detail.startswith("q:"):
        errors.show(err, client.base_url)
        return
    mistake = err.detail.removeprefix("q:").strip()
    st.error(strings.QUERY_MISTAKE.format(detail=render.md(mistake)), icon=":material/edit:")
    marked = query_problem(state.q, err.detail)
    if marked:
        st.caption(strings.QUERY_PROBLEM)
        st.code(marked, language=None)


def hit_card(state: ViewState, hit: Hit, prefix: str = "open", compact: bool = False) -> None:
    """One result: its title (a button opening the document), a metadata line, snippets."""
    with st.container(border=not compact, gap="xsmall"):
        st.button(
            render.md(render.hit_title(hit)), key=key(f"{prefix}.{hit['id']}"), type="tertiary",
            on_click=navigate, args=(state.opened(hit["id"]),),
        )
        meta = render.hit_meta(hit)
        if meta:
            st.html(f'<div class="poshuk-meta">{html.escape(meta)}</div>')
        snippets = render.snippets_html(hit.get("highlights") or [])
        if snippets and not compact:
            st.html(snippets)


def _pager(state: ViewState, total: int) -> None:
    pages = page_count(total)
    if pages <= 1 and state.page == 1:
        return
    previous, label, following = st.columns([1, 2, 1], vertical_alignment="center")
    previous.button(
        strings.PREVIOUS, key=key("previous"), disabled=state.page <= 1, width="stretch",
        on_click=navigate, args=(state.replace(page=state.page - 1),),
    )
    label.markdown(
        f"<div style='text-align:center'>"
        f"{html.escape(strings.PAGE_OF.format(page=state.page, pages=pages))}</div>",
        unsafe_allow_html=True,
    )
    following.button(
        strings.NEXT, key=key("next"), disabled=state.page >= pages, width="stretch",
        on_click=navigate, args=(state.replace(page=state.page + 1),),
    )


def show(client: ApiClient, state: ViewState) -> None:
    st.title(strings.APP_TITLE)
    st.caption(strings.TAGLINE)
    _controls(state)
    try:
        with st.spinner(strings.LOADING):
            result = client.search(expansion.params(state.api_params(), ranked=True))
    except ApiError as err:
        _refused(client, state, err)
        facets.sidebar(client, state, None)
        return
    facets.sidebar(client, state, result.get("facets", {}))
    with st.sidebar:
        saved.sidebar(client)
        watches.sidebar(client)
    summary, export = st.columns([3, 2], vertical_alignment="bottom")
    with summary:
        _summary(state, result)
        expansion.show(result)
    with export:
        researcher.export(client, state, result["total"])
    researcher.timeline(state, result.get("date_histogram", []))
    researcher.cooccurrence(client, state)
    if not result["hits"]:
        st.info(strings.NO_RESULTS)
    for hit in result["hits"]:
        hit_card(state, hit)
    _pager(state, result["total"])
