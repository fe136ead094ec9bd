"""``/watches`` over HTTP against the real server, on both engines: a lawyer watches
Article 342, new documents arrive through the real pipeline, and what's new, the Atom
feed (read by feedparser, as feed readers do), rotation and unsubscribing behave."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import feedparser
import httpx
import pytest

from ingest.pipeline import Pipeline
from poshuk.core.accounts import Accounts
from poshuk.core.audit import AuditLog
from poshuk.core.blobs import BlobStore
from poshuk.core.catalog import Catalog
from poshuk.core.config import Settings
from poshuk.core.delivery import unsubscribe_token
from poshuk.core.engines import open_engine
from tests.api.conftest import engine_settings, serve
from tests.conftest import drop_indices

VERDICT = (
    "The Minsk city court sentenced the defender under article 342 of the Criminal Code of "
    "Belarus. Observers reported that the hearing was closed and that the defence could not "
    "call witnesses; the verdict repeated the indictment word for word."
)
OTHER = [
    "A letter from the colony: the prisoners ask for medical care and for family visits.",
    "Statement on the elections: observers were not admitted to the polling stations.",
    "Report on the detention conditions in the remand prison of Zhodzina, with testimony.",
    "Press release: the appeal hearing was postponed again without an explanation.",
]


@dataclass
class Site:
    settings: Settings
    url: str
    root: Path
    tokens: dict[str, str]

    def ingest(self, folder: Path, collection: str) -> None:
        catalog = Catalog(self.settings.catalog_path)
        engine = open_engine(self.settings, writable=True)
        try:
            Pipeline(catalog, BlobStore(self.settings.blob_dir), engine, self.settings,
                     collection=collection).ingest([folder])
        finally:
            engine.close()
            catalog.close()

    def client(self, user: str) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=30,
                            headers={"Authorization": f"Bearer {self.tokens[user]}"})


def _files(folder: Path, texts: dict[str, str]) -> Path:
    folder.mkdir(parents=True)
    for name, text in texts.items():
        (folder / name).write_text(text + "\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module", params=["tantivy", "elasticsearch"])
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
         ) -> Iterator[Site]:
    root = tmp_path_factory.mktemp("watches")
    settings = engine_settings(str(request.param), root / "home", request)
    catalog = Catalog(settings.catalog_path)
    accounts = Accounts(catalog.db)
    for name in ("cases", "secret"):
        accounts.create_collection(name)
    tokens = {user: accounts.add_user(user) for user in ("lawyer", "clerk")}
    for user in tokens:
        accounts.grant(user, "cases", "reader")
    catalog.close()
    site = Site(settings, "", root, tokens)
    site.ingest(_files(root / "first", {
        "old-verdict.txt": "Earlier case. " + VERDICT,
        **{f"other-{i}.txt": text for i, text in enumerate(OTHER)},
    }), "cases")
    with serve(settings) as url:
        site.url = url
        yield site
    shutil.rmtree(root, ignore_errors=True)
    if settings.engine == "elasticsearch":
        drop_indices(settings.es_url, settings.es_index)


def test_watch_what_is_new_feed_and_rights(site: Site) -> None:
    lawyer, clerk = site.client("lawyer"), site.client("clerk")
    refused = lawyer.post("/watches", json={"name": "everything", "query": ""})
    assert refused.status_code == 400 and "empty query" in refused.json()["detail"]
    broad = lawyer.post("/watches", json={"name": "verdicts", "query": "",
                                          "filters": {"lang": ["en"]}})
    assert broad.status_code == 201  # five documents: under the small-archive floor
    assert lawyer.post("/watches", json={"name": "x", "query": "(unclosed"}).status_code == 400
    assert lawyer.post("/watches", json={"name": "x", "query": "a",
                                         "filters": {"nope": ["1"]}}).status_code == 400
    assert lawyer.post("/watches", json={"name": "x", "query": "a",
                                         "email": "not-an-address"}).status_code == 400
    made = lawyer.post("/watches", json={"name": "Article 342", "query": "citation:BY-CC-342",
                                         "email": "lawyer@example.org"})
    assert made.status_code == 201, made.text
    watch = made.json()
    assert watch["kind"] == "citation" and watch["new"] == 0
    again = lawyer.post("/watches", json={"name": "Article 342", "query": "citation:BY-CC-342"})
    assert again.status_code == 400 and "already" in again.json()["detail"]
    for answer in (clerk.get(f"/watches/{watch['id']}"),
                   clerk.get(f"/watches/{watch['id']}/matches"),
                   clerk.delete(f"/watches/{watch['id']}"),
                   clerk.post(f"/watches/{watch['id']}/feed-secret")):
        assert answer.status_code == 404  # another's watch is not there

    site.ingest(_files(site.root / "new-case", {"new-verdict.txt": "New case. " + VERDICT}),
                "cases")
    site.ingest(_files(site.root / "copy", {"near-copy.txt": "Republished. New case. "
                                            + VERDICT}), "cases")
    site.ingest(_files(site.root / "new-secret", {"secret-verdict.txt": "Sealed. " + VERDICT}),
                "secret")
    listed = {w["name"]: w for w in lawyer.get("/watches").json()}
    assert listed["Article 342"]["new"] == 1  # not the copy, not the sealed one
    first = lawyer.get(f"/watches/{watch['id']}/matches").json()
    assert [h["new"] for h in first["hits"]] == [True] and first["total"] == 1
    matched = lawyer.get(f"/documents/{first['hits'][0]['id']}").json()
    assert matched["file_name"] == "new-verdict.txt"
    seen = lawyer.get(f"/watches/{watch['id']}/matches").json()
    assert [h["new"] for h in seen["hits"]] == [False]
    assert {w["name"]: w["new"] for w in lawyer.get("/watches").json()}["Article 342"] == 0

    feed = httpx.get(watch["feed_url"].replace(site.settings.public_url, site.url))
    assert feed.status_code == 200
    assert feed.headers["content-type"].startswith("application/atom+xml")
    parsed = feedparser.parse(feed.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10" and len(parsed.entries) == 1
    assert parsed.entries[0].link.endswith(f"/documents/{first['hits'][0]['id']}")
    rotated = lawyer.post(f"/watches/{watch['id']}/feed-secret").json()["feed_url"]
    assert httpx.get(feed.url).status_code == 404  # the old URL is revoked
    assert httpx.get(rotated.replace(site.settings.public_url, site.url)).status_code == 200

    audit = AuditLog(site.settings.catalog_path)
    token = unsubscribe_token(audit.key, watch["id"], "lawyer@example.org")
    audit.close()
    page = httpx.get(f"{site.url}/mail/unsubscribe", params={"token": token})
    assert page.status_code == 200 and "Article 342" in page.text
    assert httpx.post(f"{site.url}/mail/unsubscribe",
                      params={"token": token[:-1] + "x"}).status_code == 404
    assert httpx.post(f"{site.url}/mail/unsubscribe",
                      params={"token": token}).status_code == 204
    assert lawyer.get(f"/watches/{watch['id']}").json()["email"] is None

    assert lawyer.delete(f"/watches/{watch['id']}").status_code == 204
    assert lawyer.get(f"/watches/{watch['id']}").status_code == 404
