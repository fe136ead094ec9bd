"""The document view: metadata, the original, every page's text, enrichment, similar."""

from __future__ import annotations

import functools
from collections import defaultdict

import streamlit as st

from ui import errors, page_view, render, strings, watches
from ui.api_client import ApiClient, ApiError, DocumentResponse, Hit
from ui.detail import open_detail
from ui.render import md
from ui.search_view import hit_card
from ui.state import ViewState, key, navigate

FIRST_PAGES = 30  # longer documents show the rest on request
_CHILDREN_SHOWN = 20  # of a container's files, each named by its own request


def _date_line(doc: DocumentResponse) -> str | None:
    if not doc.get("date"):
        return None
    how = strings.DATE_SOURCES.get(doc.get("date_source") or "", "")
    return f"{doc['date']} ({how})" if how else doc["date"]


def _languages(doc: DocumentResponse) -> str | None:
    """Each detected language by name, with how sure the detection was: the document's
    own confidence for its main language, the best page's for the others."""
    codes: list[str] = list(doc.get("languages") or [])
    if not codes and doc.get("language"):
        codes = [str(doc["language"])]
    sure: dict[str, float] = {}
    for page in doc.get("pages") or []:
        lang, confidence = page.get("language"), page.get("language_confidence")
        if lang and confidence is not None:
            sure[lang] = max(sure.get(lang, 0.0), confidence)
    if doc.get("language") and doc.get("language_confidence") is not None:
        sure[str(doc["language"])] = float(doc["language_confidence"] or 0.0)
    return ", ".join(render.language_label(c, sure.get(c)) for c in codes if c) or None


def _about(client: ApiClient, doc: DocumentResponse) -> None:
    st.subheader(strings.METADATA_HEADER, anchor=False)
    st.html(render.fields_table([
        (strings.FIELD_DATE, _date_line(doc)),
        (strings.FIELD_LANGUAGES, _languages(doc)),
        (strings.FIELD_TYPE, doc.get("type")),
        (strings.FIELD_SOURCE, doc.get("source")),
        (strings.FIELD_FILE, doc.get("file_name")),
        (strings.FIELD_MEDIA, doc.get("media_type")),
        (strings.FIELD_SIZE, render.file_size(doc.get("size"))),
        (strings.FIELD_SHA256, doc.get("sha256")),
        (strings.FIELD_PARSER, doc.get("parser")),
        (strings.FIELD_STATUS, doc.get("status")),
        (strings.FIELD_ID, doc.get("id")),
    ]))
    name = doc.get("file_name") or doc["id"]
    st.download_button(
        strings.DOWNLOAD.format(name=md(name)),
        data=functools.partial(client.original, doc["id"]),  # fetched only when clicked
        file_name=name,
        mime="application/octet-stream",  # saved as a file, never shown in the UI's origin
        key=key("download"),
        on_click="ignore",
        icon=":material/download:",
        width="stretch",
    )
    if doc.get("warnings"):
        with st.expander(f"{strings.WARNINGS_HEADER} ({len(doc['warnings'])})"):
            for warning in doc["warnings"]:
                st.warning(md(warning))


def _filter_button(
    facet: str, value: str, label: str, help_text: str, slot: str, sort: str = "relevance"
) -> None:
    st.button(
        label, key=key(f"filter.{facet}.{slot}"), type="tertiary", help=help_text,
        on_click=navigate, args=(ViewState(filters={facet: (value,)}, sort=sort),),
    )


def _entities(state: ViewState, doc: DocumentResponse) -> None:
    by_type: dict[str, list[tuple[str, list[str]]]] = defaultdict(list)
    for entity in doc.get("entities") or []:
        by_type[entity["type"]].append((entity["key"], entity.get("surface") or []))
    if not by_type:
        return
    st.subheader(strings.ENTITIES_HEADER, anchor=False)
    for kind, entities in sorted(by_type.items()):
        st.markdown(f"**{md(strings.ENTITY_TYPES.get(kind, kind))}**")
        for index, (value, surface) in enumerate(entities):
            label = surface[0] if surface else value
            forms = ", ".join(surface[1:])
            st.button(
                md(label), key=key(f"entity.{kind}.{index}"), type="tertiary",
                help=strings.ENTITY_PAGE_HELP + (f" ({md(forms)})" if forms else ""),
                on_click=navigate, args=(state.entity_page(value),),
            )


def _citations(client: ApiClient, doc: DocumentResponse) -> None:
    citations = doc.get("citations") or []
    if not citations:
        return
    st.subheader(strings.CITATIONS_HEADER, anchor=False)
    watches.notice()
    for index, citation in enumerate(citations):
        # a lawyer's next steps: every document citing it, newest first; or a watch on it
        help_text = strings.CITATION_HELP.format(value=md(citation["key"]))
        searching, watching = st.columns([3, 1], vertical_alignment="center")
        with searching:
            _filter_button("citation", citation["key"], md(citation["key"]), help_text,
                           str(index), "date_desc")
        with watching:
            watches.watch_button(client, f"Citation {citation['key']}",
                                 f'citation:"{citation["key"]}"', {}, f"citation.{index}",
                                 small=True)
        pages = ", ".join(str(p) for p in citation.get("pages") or [])
        parts = ", ".join(str(p) for p in citation.get("parts") or [])
        st.caption(md(
            citation.get("text", "")
            + (f" — {strings.PARTS.format(parts=parts)}" if parts else "")
            + (f" ({strings.ON_PAGES.format(pages=pages)})" if pages else "")
        ))


def _dates(doc: DocumentResponse) -> None:
    dates = doc.get("dates") or []
    if not dates:
        return
    st.subheader(strings.DATES_HEADER, anchor=False)
    st.caption(strings.DATES_HELP)
    for index, found in enumerate(dates):
        written = found.get("text") or ""
        st.button(
            md(f"{found['value']} — {written}" if written else found["value"]),
            key=key(f"mentioned.{index}"), type="tertiary",
            on_click=navigate, args=(ViewState.mentioning(found["value"]),),
        )


def _figures(doc: DocumentResponse) -> None:
    """The counts the text reports, each with the rest of its clause and its pages."""
    figures = doc.get("figures") or []
    if not figures:
        return
    st.subheader(strings.FIGURES_HEADER, anchor=False)
    items = "".join(f"<li>{render.figure_html(figure)}</li>" for figure in figures)
    st.html(f'<ul class="poshuk-figures">{items}</ul>')


def _duplicates(client: ApiClient, state: ViewState, doc: DocumentResponse) -> None:
    group = doc.get("duplicate_group")
    if not group:
        return
    st.subheader(strings.DUPLICATES_HEADER, anchor=False)
    st.info(strings.DUPLICATE_GROUP.format(group=md(group)))
    _links(client, state, doc.get("duplicates") or [], "duplicate")


def _links(client: ApiClient, state: ViewState, ids: list[str], slot: str) -> None:
    """A button per document, named by its title, opening it."""
    for other in ids:
        try:
            title = client.document(other).get("title") or other
        except ApiError:
            title = other
        st.button(
            md(title), key=key(f"{slot}.{other}"), type="tertiary",
            on_click=navigate, args=(state.opened(other),),
        )


def _container(client: ApiClient, state: ViewState, doc: DocumentResponse) -> None:
    """The ZIP or e-mail this file came from, and the files that came from this one."""
    parent, children = doc.get("parent_id"), doc.get("children") or []
    if not parent and not children:
        return
    st.subheader(strings.CONTAINER_HEADER, anchor=False)
    if parent:
        st.caption(strings.UNPACKED_FROM)
        _links(client, state, [parent], "parent")
    if children:
        st.caption(strings.CONTAINS.format(n=len(children)))
        _links(client, state, children[:_CHILDREN_SHOWN], "child")
        if len(children) > _CHILDREN_SHOWN:
            st.caption(strings.CHILDREN_TRUNCATED.format(n=len(children) - _CHILDREN_SHOWN))


def _dated_cards(state: ViewState, doc: DocumentResponse, hits: list[Hit], prefix: str) -> None:
    """Compact result cards, each said to be earlier or later than ``doc``."""
    for hit in hits:
        when = hit.get("date") or ""
        if when and doc.get("date"):
            side = strings.PRECEDENT_EARLIER if when < str(doc["date"]) else strings.PRECEDENT_LATER
            st.caption(md(f"{when} · {side}"))
        hit_card(state, hit, prefix=prefix, compact=True)


def _similar(client: ApiClient, state: ViewState, doc: DocumentResponse) -> None:
    """The most similar documents, shown newest first like the precedents."""
    st.subheader(strings.SIMILAR_HEADER, anchor=False)
    try:
        similar = client.similar(doc["id"])
    except ApiError as err:
        errors.show(err, client.base_url)
        return
    hits = [hit for hit in similar.get("hits", []) if hit["id"] != doc["id"]]
    if not hits:
        st.caption(strings.NO_SIMILAR)
        return
    st.caption(strings.SIMILAR_ORDER)
    hits.sort(key=lambda hit: hit.get("date") or "", reverse=True)  # undated last
    _dated_cards(state, doc, hits, "similar")


def _across_languages(client: ApiClient, state: ViewState, doc: DocumentResponse) -> None:
    """Documents near this one in meaning, in any language (``/similar/{id}``), on request:
    each asks the server's embedding model."""
    if not st.toggle(strings.SIMILAR_ACROSS, key=key("similar-across"),
                     help=strings.SIMILAR_ACROSS_HELP):
        return
    try:
        found = client.similar_across_languages(doc["id"])
    except ApiError as err:
        if err.status == 409:  # no vectors yet, or no semantic extra on the server
            st.caption(strings.NO_VECTORS.format(detail=md(err.detail)))
        else:
            errors.show(err, client.base_url)
        return
    hits = found.get("hits", [])
    if not hits:
        st.caption(strings.NO_SIMILAR)
    for hit in hits:
        hit_card(state, hit, prefix="across", compact=True)


def _precedents(client: ApiClient, state: ViewState, doc: DocumentResponse) -> None:
    """Other documents citing any of this one's provisions, newest first, each said to be
    earlier or later than this one."""
    st.subheader(strings.PRECEDENTS_HEADER, anchor=False)
    keys = tuple(dict.fromkeys(c["key"] for c in doc.get("citations") or []))
    if not keys:
        st.caption(strings.NO_CITATIONS)
        return
    citing = ViewState(filters={"citation": keys}, sort="date_desc")
    try:
        found = client.search(citing.api_params())
    except ApiError as err:
        errors.show(err, client.base_url)
        return
    hits = [hit for hit in found["hits"] if hit["id"] != doc["id"]]
    if not hits:
        st.caption(strings.NO_PRECEDENTS)
        return
    st.caption(strings.PRECEDENTS_HELP.format(citations=md(", ".join(keys))))
    _dated_cards(state, doc, hits, "precedent")
    st.button(
        strings.ALL_CITING.format(n=found["total"]), key=key("precedents.all"),
        icon=":material/gavel:", on_click=navigate, args=(citing,),
    )


def _pages(doc: DocumentResponse, query: str) -> None:
    pages = doc.get("pages") or []
    st.subheader(strings.PAGES_HEADER, anchor=False)
    if not pages:
        st.info(strings.NO_PAGES)
        return
    show_all = len(pages) <= FIRST_PAGES or st.toggle(
        strings.SHOW_ALL_PAGES.format(n=len(pages)), key=key("all-pages")
    )
    shown = pages if show_all else pages[:FIRST_PAGES]
    pattern = render.term_pattern(query)  # the search's words, marked in the text
    for page in shown:
        body, matches = render.marked(page.get("text") or "", pattern)
        st.markdown(f"##### {strings.PAGE_TITLE.format(number=page['number'])}")
        notes = []
        if page.get("language"):
            code = str(page["language"])
            language = render.language_label(code, page.get("language_confidence"))
            notes.append(strings.PAGE_LANGUAGE.format(language=language))
        if page.get("ocr"):
            confidence = page.get("ocr_confidence")
            notes.append(strings.PAGE_OCR if confidence is None
                         else strings.PAGE_OCR_CONFIDENCE.format(confidence=confidence))
        if matches:
            notes.append(strings.PAGE_MATCHES.format(n=matches))
        if notes:
            st.caption(md(" · ".join(notes)))
        st.html(render.page_text_html(body))
    if len(shown) < len(pages):
        st.caption(strings.PAGES_TRUNCATED.format(shown=len(shown), total=len(pages)))


def show(client: ApiClient, state: ViewState) -> None:
    doc = open_detail(client, state, lambda: client.document(state.doc))
    if doc is None:
        return
    st.title(md(doc.get("title") or doc.get("file_name") or doc["id"]), anchor=False)
    if doc.get("status") == "failed":
        st.error(strings.FAILED.format(error=md(doc.get("error") or strings.UNKNOWN)))
    # The page image and its text use the whole width (the image was unreadably small
    # inside the text column); the extracted pages and the details share the row below.
    page_view.show(client, state, doc)
    text, side = st.columns([3, 2], gap="large")
    with side:
        _about(client, doc)
        _citations(client, doc)
        _figures(doc)
        _entities(state, doc)
        _dates(doc)
        _precedents(client, state, doc)
        _container(client, state, doc)
        _duplicates(client, state, doc)
        _similar(client, state, doc)
        _across_languages(client, state, doc)
    with text:
        _pages(doc, state.q)
