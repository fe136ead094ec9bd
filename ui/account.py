"""Signing in and out, who is signed in with which collections, and uploading into the
collections the user may add to; the token lives in this browser session only."""

from __future__ import annotations

from typing import Any

import streamlit as st

from ui.api_client import ApiClient, ApiError

TOKEN_KEY = "poshuk.token"
SIGN_IN: str = "Sign in"
SIGN_OUT: str = "Sign out"
SIGNED_IN_AS: str = "Signed in as **{name}**"
ANONYMOUS: str = "Not signed in: public collections only"
SINGLE_USER: str = "Single-user archive (no accounts)"
WRONG_PASSWORD: str = "Wrong name or password"
UPLOAD: str = "Add a file"
UPLOAD_INTO: str = "Into collection"
UPLOADED: str = "Queued as {id}: it is parsed and indexed in a moment"
AUDIT: str = "Audit trail"


def token() -> str | None:
    value = st.session_state.get(TOKEN_KEY)
    return str(value) if value else None


def _sign_in(client: ApiClient) -> None:
    name = str(st.session_state.get("account.name", "")).strip()
    password = str(st.session_state.get("account.password", ""))
    try:
        st.session_state[TOKEN_KEY] = client.sign_in(name, password)
        st.session_state["account.error"] = ""
    except ApiError as err:
        st.session_state["account.error"] = WRONG_PASSWORD if err.status == 401 else err.detail
    st.session_state["account.password"] = ""


def _sign_out(client: ApiClient) -> None:
    try:
        client.sign_out()
    except ApiError:
        pass  # expired already: forgetting it here is what matters
    st.session_state.pop(TOKEN_KEY, None)


def sidebar(client: ApiClient) -> dict[str, Any]:
    """Draw the account box in the sidebar; returns ``/me`` (who, which collections)."""
    try:
        me = client.me()
    except ApiError as err:
        if err.status == 401:  # the session expired or was revoked
            st.session_state.pop(TOKEN_KEY, None)
            st.rerun()
        return {"user": None, "admin": False, "accounts": False, "collections": []}
    with st.sidebar:
        if not me["accounts"]:
            st.caption(SINGLE_USER)
        elif me["user"]:
            st.markdown(SIGNED_IN_AS.format(name=me["user"]))
            st.button(SIGN_OUT, key="account.sign-out", on_click=_sign_out, args=(client,))
        else:
            st.caption(ANONYMOUS)
            with st.form("account.sign-in", border=False):
                st.text_input("User name", key="account.name")
                st.text_input("Password", type="password", key="account.password")
                st.form_submit_button(SIGN_IN, on_click=_sign_in, args=(client,))
            if error := st.session_state.get("account.error"):
                st.error(error)
        names = [c["name"] + (" (public)" if c["public"] else "") for c in me["collections"]]
        if me["accounts"]:
            st.caption("Collections: " + (", ".join(names) or "none"))
        _upload(client, me)
        if me.get("may_audit"):
            st.link_button(AUDIT, "?audit=1", icon=":material/policy:")
    return me


def _upload(client: ApiClient, me: dict[str, Any]) -> None:
    """Only where the user may add files (the API refuses anything else anyway)."""
    writable = [c["name"] for c in me["collections"] if c["may_upload"]]
    if not writable:
        return
    with st.expander(UPLOAD, icon=":material/upload_file:"):
        collection = st.selectbox(UPLOAD_INTO, writable, key="account.upload-collection")
        file = st.file_uploader(UPLOAD, key="account.upload", label_visibility="collapsed")
        if file is not None and st.button(UPLOAD, key="account.upload-send"):
            try:
                created = client.upload(file.name, file.getvalue(), str(collection))
                st.success(UPLOADED.format(id=created.get("id") or "a file already here"))
            except ApiError as err:
                st.error(err.detail)
