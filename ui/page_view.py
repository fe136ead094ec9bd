"""A PDF's pages as images (rendered by the API, the search's words marked) beside each
page's extracted text, with buttons that step through pages and jump between hits."""

from __future__ import annotations

import dataclasses

import streamlit as st

from ui import errors, render, strings
from ui.api_client import ApiClient, ApiError, DocumentResponse
from ui.state import ViewState, key, navigate

PDF = "application/pdf"


def hit_pages(doc: DocumentResponse, query: str) -> list[int]:
    """The pages whose text holds the search's words, as the text view marks them."""
    pattern = render.term_pattern(query)
    if pattern is None:
        return []
    return [
        page["number"] for page in doc.get("pages") or []
        if pattern.search(page.get("text") or "")
    ]


def _go(state: ViewState, number: int) -> ViewState:
    return dataclasses.replace(state, pg=number)


def _nav(state: ViewState, current_page: int, pages: int, hits: list[int]) -> None:
    earlier = [n for n in hits if n < current_page]
    later = [n for n in hits if n > current_page]
    buttons = (
        (strings.PREVIOUS_PAGE, "page.prev", current_page - 1 if current_page > 1 else None),
        (strings.PREVIOUS_HIT, "hit.prev", earlier[-1] if earlier else None),
        (strings.NEXT_HIT, "hit.next", later[0] if later else None),
        (strings.NEXT_PAGE, "page.next", current_page + 1 if current_page < pages else None),
    )
    for column, (label, name, target) in zip(st.columns(4), buttons, strict=True):
        column.button(
            label, key=key(name), disabled=target is None, width="stretch",
            on_click=navigate, args=(_go(state, target or current_page),),
        )


def show(client: ApiClient, state: ViewState, doc: DocumentResponse) -> None:
    """The page viewer, for PDF originals with text pages (others have no page images)."""
    pages = doc.get("pages") or []
    if doc.get("media_type") != PDF or not pages:
        return
    count = len(pages)
    number = min(max(state.pg, 1), count)
    hits = hit_pages(doc, state.q)
    st.subheader(strings.PAGE_VIEW_TAB, anchor=False)
    if state.q:
        listed = ", ".join(str(n) for n in hits)
        st.caption(strings.HIT_PAGES.format(pages=listed) if hits else strings.NO_HIT_PAGES)
    _nav(state, number, count, hits)
    image, text = st.columns([3, 2], gap="large")
    with image:
        try:
            with st.spinner(strings.LOADING):
                png = client.page_image(doc["id"], number, state.q)
        except ApiError as err:
            errors.show(err, client.base_url)
        else:
            st.image(png, caption=strings.PAGE_IMAGE_CAPTION.format(number=number, pages=count),
                     width="stretch")
    with text:
        page = next((p for p in pages if p["number"] == number), pages[0])
        body, _ = render.marked(page.get("text") or "", render.term_pattern(state.q))
        st.html(f'<div class="poshuk-page-view">{render.page_text_html(body)}</div>')
