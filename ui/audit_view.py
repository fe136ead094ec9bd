"""The audit trail for admins and managers (``?audit=1``): who read or changed what,
filtered by user, document, action and time, and downloadable as CSV."""

from __future__ import annotations

import csv
import io

import streamlit as st

from ui.api_client import ApiClient, ApiError, Params

TITLE = "Audit trail"
ACTIONS = ("", "search", "view", "original", "page_image", "export", "similar", "entities",
           "upload", "delete", "grant", "revoke", "sign_in", "sign_in_failed", "sign_out",
           "watch", "watch_feed", "watch_delivery", "watch_delivery_failed")
COLUMNS = ("at", "user", "address", "action", "document_id", "collection", "query", "count",
           "detail")


def show(client: ApiClient) -> None:
    st.title(TITLE)
    st.link_button("Back to search", "?", icon=":material/arrow_back:")
    cols = st.columns(5)
    user = cols[0].text_input("User", key="audit.user")
    document = cols[1].text_input("Document id", key="audit.document")
    action = cols[2].selectbox("Action", ACTIONS, key="audit.action")
    since = cols[3].date_input("From", value=None, key="audit.from")
    until = cols[4].date_input("To", value=None, key="audit.to")
    params: Params = tuple((name, str(value)) for name, value in (
        ("user", user), ("document_id", document), ("action", action),
        ("from", since), ("to", until)) if value)
    try:
        entries = client.audit(params)
    except ApiError as err:
        st.error(err.detail)
        return
    st.caption(f"{len(entries)} entries, oldest first")
    rows = [{c: entry.get(c) for c in COLUMNS} for entry in entries]
    st.dataframe(rows, hide_index=True, use_container_width=True)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    st.download_button("Download CSV", buffer.getvalue(), "poshuk-audit.csv", "text/csv")
