"""The UI's only way to the archive: GETs against the HTTP API (``search_api``).

Failures of any kind become one ``ApiError(status, detail)``: ``status`` is the HTTP status
for an answer the API refused (4xx/5xx, ``detail`` from its ``{"detail": ...}`` body) and
``0`` when the API could not be reached at all. JSON answers are cached for 30 seconds so
that reruns of the page (every click in Streamlit) do not repeat identical requests.
"""

from __future__ import annotations

import json
from typing import Any, NotRequired, TypedDict, cast
from urllib.parse import quote

import httpx
import streamlit as st

TIMEOUT = httpx.Timeout(15.0, connect=3.0)
DOWNLOAD_TIMEOUT = httpx.Timeout(120.0, connect=3.0)

Params = tuple[tuple[str, str], ...]


class Highlight(TypedDict):
    page: int
    text: str


class Hit(TypedDict):
    id: str
    title: str | None
    date: str | None
    language: str | None
    type: str | None
    source: str | None
    score: float | None
    highlights: list[Highlight]
    copies: NotRequired[int]  # documents in its near-duplicate group (folded into this hit)


class FacetValue(TypedDict):
    value: str
    count: int
    label: NotRequired[str | None]  # the entity facet's display names (null elsewhere)


class Bucket(TypedDict):
    key: str
    count: int


class Expansion(TypedDict):
    term: str
    concepts: list[str]
    also: list[str]


class SearchResponse(TypedDict):
    total: int
    took_ms: float
    hits: list[Hit]
    facets: dict[str, list[FacetValue]]
    date_histogram: list[Bucket]
    expanded: NotRequired[list[Expansion]]


class SimilarResponse(TypedDict):
    total: int
    hits: list[Hit]


class PageText(TypedDict):
    number: int
    text: str
    language: str | None
    language_confidence: float | None
    ocr: bool
    ocr_confidence: float | None


class Entity(TypedDict):
    type: str
    key: str
    surface: list[str]


class Citation(TypedDict):
    key: str
    text: str
    pages: list[int]
    parts: NotRequired[list[int]]


class Figure(TypedDict):
    value: int | float
    counted: str
    text: str
    qualifier: str | None
    unit: str | None
    context: str
    pages: list[int]


class Variant(TypedDict):
    text: str
    documents: int


class Related(TypedDict):
    id: str
    name: str
    documents: int


class DocumentRef(TypedDict):
    id: str
    title: str | None
    date: str | None


class EntityResponse(TypedDict):
    id: str
    type: str
    name: str
    variants: list[Variant]
    documents: int
    timeline: list[Bucket]
    co_occurring: list[Related]
    recent: list[DocumentRef]


class MentionedDate(TypedDict):
    value: str
    precision: str
    text: str


class DocumentResponse(TypedDict, total=False):
    id: str
    title: str | None
    date: str | None
    date_source: str
    language: str | None
    language_confidence: float | None
    languages: list[str]
    type: str | None
    source: str | None
    file_name: str
    media_type: str
    size: int
    sha256: str
    status: str
    error: str | None
    parser: str | None
    warnings: list[str]
    pages: list[PageText]
    entities: list[Entity]
    citations: list[Citation]
    dates: list[MentionedDate]
    figures: list[Figure]
    duplicate_group: str | None
    duplicates: list[str]
    parent_id: str | None
    children: list[str]


class Pair(TypedDict):
    a: str
    b: str
    a_name: str
    b_name: str
    count: int


class NamedCount(TypedDict):
    value: str
    name: str
    count: int


class Cooccurrence(TypedDict):
    documents: int
    complete: bool
    entities: list[NamedCount]
    pairs: list[Pair]


class SavedSearch(TypedDict):
    id: int
    name: str
    query: str
    created_at: str


class Health(TypedDict, total=False):
    status: str
    engine: str
    documents: int
    detail: str | None


class ApiError(Exception):
    """The API refused a request (``status`` 4xx/5xx) or was unreachable (``status`` 0)."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(f"{status}: {detail}" if status else detail)
        self.status = status
        self.detail = detail

    @property
    def unreachable(self) -> bool:
        return self.status == 0


def _detail(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return response.text.strip()[:300] or response.reason_phrase
    detail = body.get("detail") if isinstance(body, dict) else None
    if isinstance(detail, str):
        return detail
    if detail is not None:  # e.g. FastAPI's default list of validation errors
        return json.dumps(detail, ensure_ascii=False)[:500]
    return response.reason_phrase


def _get(
    url: str, params: Params = (), timeout: httpx.Timeout = TIMEOUT, token: str | None = None
) -> httpx.Response:
    return _send("GET", url, params, timeout=timeout, token=token)


def _send(
    method: str, url: str, params: Params = (), body: object = None,
    timeout: httpx.Timeout = TIMEOUT, token: str | None = None, files: Any = None,
    data: Any = None,
) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    try:
        response = httpx.request(method, url, params=list(params), json=body, timeout=timeout,
                                 headers=headers, files=files, data=data)
    except httpx.TimeoutException:
        raise ApiError(0, "no answer in time") from None
    except httpx.HTTPError as err:
        raise ApiError(0, str(err) or type(err).__name__) from None
    if response.status_code >= 400:
        raise ApiError(response.status_code, _detail(response))
    return response


@st.cache_data(ttl=30, show_spinner=False)
def _get_json(url: str, params: Params, token: str | None = None) -> Any:
    # exceptions are not cached: a refused or failed request is retried on the next run;
    # the token is part of the key, so one user's answers never reach another
    try:
        return _get(url, params, token=token).json()
    except ValueError:
        raise ApiError(502, f"the API answered {url} with something that is not JSON") from None


@st.cache_data(ttl=300, show_spinner=False, max_entries=200)
def _get_bytes(url: str, params: Params, token: str | None = None) -> bytes:
    """Page images: rendered once by the API, then kept here a few minutes."""
    return _get(url, params, token=token).content


class ApiClient:
    """Typed GETs against one API base URL (``http://host:port``)."""

    def __init__(self, base_url: str, token: str | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token  # the signed-in user's (ui.account); None: anonymous

    def _url(self, *parts: str) -> str:
        return self.base_url + "".join("/" + quote(part, safe="") for part in parts)

    def health(self) -> Health:
        return cast(Health, _get_json(self._url("health"), (), self.token))

    def search(self, params: Params) -> SearchResponse:
        return cast(SearchResponse, _get_json(self._url("search"), params, self.token))

    def document(self, doc_id: str) -> DocumentResponse:
        return cast(DocumentResponse, _get_json(self._url("documents", doc_id), (), self.token))

    def similar(self, doc_id: str) -> SimilarResponse:
        url = self._url("documents", doc_id, "similar")
        return cast(SimilarResponse, _get_json(url, (), self.token))

    def similar_across_languages(self, doc_id: str) -> SimilarResponse:
        return cast(SimilarResponse, _get_json(self._url("similar", doc_id), (), self.token))

    def entity(self, entity_id: str) -> EntityResponse:
        return cast(EntityResponse, _get_json(self._url("entities", entity_id), (), self.token))

    def original_url(self, doc_id: str) -> str:
        return self._url("documents", doc_id, "original")

    def original(self, doc_id: str) -> bytes:
        """The original file's bytes (not cached: fetched only when downloaded)."""
        url = self.original_url(doc_id)
        return _get(url, timeout=DOWNLOAD_TIMEOUT, token=self.token).content

    def export(self, params: Params, fmt: str) -> bytes:
        """The whole result set as CSV or JSON (not cached: fetched only when downloaded)."""
        url = self._url("export")
        return _get(url, (*params, ("format", fmt)), timeout=DOWNLOAD_TIMEOUT,
                    token=self.token).content

    def cooccurrence(self, params: Params) -> Cooccurrence:
        return cast(Cooccurrence, _get_json(self._url("cooccurrence"), params, self.token))

    def page_image(self, doc_id: str, number: int, query: str) -> bytes:
        """Page ``number`` of a PDF as PNG, ``query``'s words marked."""
        url = self._url("documents", doc_id, "pages", str(number), "image")
        return _get_bytes(url, (("q", query),), self.token)

    def saved_searches(self) -> list[SavedSearch]:
        return cast(list[SavedSearch], _get_json(self._url("saved-searches"), (), self.token))

    def save_search(self, name: str, query: str) -> None:
        _send("POST", self._url("saved-searches"), body={"name": name, "query": query},
              token=self.token)
        _get_json.clear()  # the list has changed

    def delete_search(self, search_id: int) -> None:
        _send("DELETE", self._url("saved-searches", str(search_id)), token=self.token)
        _get_json.clear()

    # --- watched searches (ui.watches) ---------------------------------------------

    def watches(self) -> list[dict[str, Any]]:
        """The caller's watches with their counts of new matches (not cached: the counts
        change as documents arrive and as they are seen)."""
        return cast(list[dict[str, Any]], _get(self._url("watches"), token=self.token).json())

    def create_watch(self, name: str, query: str, filters: dict[str, list[str]]) -> None:
        _send("POST", self._url("watches"), token=self.token,
              body={"name": name, "query": query, "filters": filters})

    def watch_matches(self, watch_id: int) -> dict[str, Any]:
        """What the watch matched, newest first (this marks them seen)."""
        return cast(dict[str, Any], _get(self._url("watches", str(watch_id), "matches"),
                                         token=self.token).json())

    # --- accounts (ui.account, ui.audit_view) --------------------------------------

    def me(self) -> dict[str, Any]:
        return cast(dict[str, Any], _get_json(self._url("me"), (), self.token))

    def sign_in(self, name: str, password: str) -> str:
        """A session token for ``name`` (an ``ApiError`` 401 when the password is wrong)."""
        body = {"name": name, "password": password}
        return str(_send("POST", self._url("session"), body=body).json()["token"])

    def sign_out(self) -> None:
        _send("DELETE", self._url("session"), token=self.token)

    def upload(self, name: str, data: bytes, collection: str) -> dict[str, Any]:
        response = _send("POST", self._url("documents"), token=self.token,
                         files={"file": (name, data)}, data={"collection": collection},
                         timeout=DOWNLOAD_TIMEOUT)
        return cast(dict[str, Any], response.json())

    def audit(self, params: Params) -> list[dict[str, Any]]:
        """Audit entries (not cached: each look is fresh)."""
        return cast(list[dict[str, Any]],
                    _get(self._url("audit"), params, token=self.token).json())
