"""Who sees what, over HTTP against the real server, on both engines.

The archive has a public collection ``open``, a private ``secret`` whose documents share
words, entities, citations and near-copies with the public ones (plus a name and a word
only they hold), and a private ``other``. Every endpoint is asked by six callers; an
outsider's answers must hold no trace of the secret documents, an insider's must.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from ingest.pipeline import Pipeline
from ingest.support.pdfwrite import write_pdf
from poshuk.core.accounts import Accounts
from poshuk.core.blobs import BlobStore
from poshuk.core.catalog import Catalog
from poshuk.core.config import Settings
from poshuk.core.engines import open_engine
from tests.api.conftest import engine_settings, serve
from tests.conftest import drop_indices

SHARED = (
    "The Minsk city court sentenced Ales Bialiatski of the human rights centre Viasna under "
    "article 342 of the Criminal Code of Belarus. Observers reported that the hearing was "
    "closed, that the defence lawyers were not allowed to call witnesses, and that the "
    "verdict repeated the indictment word for word. The centre called the trial political "
    "and demanded the release of every political prisoner held in the colonies of Belarus."
)
SECRET_WORD = "kvarkalovich"  # only the secret documents hold it
SECRET_NAME = "Zmitser Kvarkalovich"
OTHER_WORD = "brastavitsky"  # only collection "other" holds it

CALLERS = ("anonymous", "reader_secret", "reader_other", "editor", "manager", "admin")
INSIDERS = ("reader_secret", "editor", "manager", "admin")


def write_collections(root: Path) -> dict[str, Path]:
    folders = {name: root / name for name in ("open", "secret", "other")}
    for folder in folders.values():
        folder.mkdir(parents=True)
    (folders["open"] / "verdict-statement.txt").write_text(SHARED + "\n", encoding="utf-8")
    (folders["open"] / "prison-letter.txt").write_text(
        "A letter from the colony: the prisoners ask for medical care and visits.\n",
        encoding="utf-8")
    # the same text (other bytes) and a near-copy, both in the secret collection
    (folders["secret"] / "verdict-copy.txt").write_text(SHARED + "\n\n", encoding="utf-8")
    (folders["secret"] / "witness.txt").write_text(
        SHARED + f" Witness: {SECRET_NAME} ({SECRET_WORD}).\n",
        encoding="utf-8")
    (folders["secret"] / "witness-scan.pdf").write_bytes(write_pdf(
        [f"Protocol of the interview with {SECRET_NAME} about article 342 ({SECRET_WORD})."],
        title=f"Interview protocol {SECRET_WORD}"))
    (folders["other"] / "memo.txt").write_text(
        f"Internal memo on {OTHER_WORD} and the colony in Navapolatsk.\n", encoding="utf-8")
    return folders


@dataclass
class RightsArchive:
    base_url: str
    tokens: dict[str, str]
    ids: dict[str, list[str]]  # collection -> document ids
    settings: Settings

    def client(self, who: str) -> httpx.Client:
        headers = {"Authorization": f"Bearer {self.tokens[who]}"} if who in self.tokens else {}
        return httpx.Client(base_url=self.base_url, headers=headers, timeout=60)


@pytest.fixture(scope="module", params=["tantivy", "elasticsearch"])
def rights(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
           ) -> Iterator[RightsArchive]:
    root = tmp_path_factory.mktemp("rights")
    folders = write_collections(root / "files")
    settings = engine_settings(str(request.param), root / "home", request)
    settings.workers = 1
    catalog = Catalog(settings.catalog_path)
    accounts = Accounts(catalog.db)
    accounts.create_collection("open", public=True)
    accounts.create_collection("secret")
    accounts.create_collection("other")
    engine = open_engine(settings, writable=True)
    for name, folder in folders.items():
        Pipeline(catalog, BlobStore(settings.blob_dir), engine, settings,
                 collection=name).ingest([folder])
    engine.close()
    tokens = {who: accounts.add_user(who, admin=(who == "admin"))
              for who in CALLERS if who != "anonymous"}
    accounts.grant("reader_secret", "secret", "reader")
    accounts.grant("reader_other", "other", "reader")
    accounts.grant("editor", "secret", "editor")
    accounts.grant("manager", "secret", "manager")
    ids = {name: [row[0] for row in catalog.db.execute(
        "SELECT id FROM documents WHERE collection = ? AND status = 'ok'", (name,))]
        for name in folders}
    catalog.close()
    assert len(ids["secret"]) == 3 and len(ids["open"]) == 2
    with serve(settings) as base_url:
        yield RightsArchive(base_url, tokens, ids, settings)
    shutil.rmtree(root, ignore_errors=True)
    if settings.engine == "elasticsearch":
        drop_indices(settings.es_url, settings.es_index)


def traces(archive: RightsArchive, collection: str, text: str) -> list[str]:
    """What of ``collection`` shows in ``text``: its ids, and its own words and names."""
    marks = {"secret": [SECRET_WORD, "kvarkalavic", "Interview protocol"],
             "other": [OTHER_WORD, "memo"]}[collection]
    found = [i for i in archive.ids[collection] if i in text]
    return found + [m for m in marks if m.lower() in text.lower()]


def everything(archive: RightsArchive, who: str) -> dict[str, httpx.Response]:
    """Every read endpoint's answer to ``who``, asked about shared words and entities."""
    public_id = archive.ids["open"][0]
    with archive.client(who) as client:
        entities = client.get("/entities", params={"size": 500})
        shared_entity = next(e["id"] for e in entities.json()["entities"]
                             if "Bialiatski" in e["name"])
        return {
            "search": client.get("/search", params={"q": "article 342 Bialiatski"}),
            "search_all": client.get("/search", params={"facet_size": 200}),
            "search_folded": client.get("/search", params={"q": "verdict", "fold": "true"}),
            "export": client.get("/export", params={"q": "Bialiatski", "format": "json"}),
            "cooccurrence": client.get("/cooccurrence", params={"size": 200}),
            "entities": entities,
            "entity": client.get(f"/entities/{shared_entity}"),
            "similar": client.get(f"/documents/{public_id}/similar"),
            "document": client.get(f"/documents/{public_id}"),
            "health": client.get("/health"),
            "me": client.get("/me"),
            "collections": client.get("/collections"),
        }


@pytest.mark.parametrize("who", CALLERS)
def test_reads_hold_exactly_what_the_caller_may_read(rights: RightsArchive, who: str) -> None:
    answers = everything(rights, who)
    for name, response in answers.items():
        assert response.status_code == 200, (name, response.text)
    for collection, insiders in (("secret", INSIDERS), ("other", ("reader_other", "admin"))):
        seen = {name: traces(rights, collection, r.text) for name, r in answers.items()}
        listed = [c["name"] for c in answers["collections"].json()]
        assert (collection in listed) == (who in insiders)
        facet = [v["value"] for v in answers["search_all"].json()["facets"]["collection"]]
        assert (collection in facet) == (who in insiders)
        if who in insiders:
            assert seen["search_all"], (who, collection)
        else:
            assert {name: found for name, found in seen.items() if found} == {}, (who, collection)
    # counts: the outsider's totals are the public documents' alone
    readable = len(rights.ids["open"]) + sum(
        len(rights.ids[c]) for c in ("secret", "other")
        if who in (INSIDERS if c == "secret" else ("reader_other", "admin")))
    assert answers["search_all"].json()["total"] == readable
    assert answers["health"].json()["documents"] == readable
    histogram = sum(b["count"] for b in answers["search_all"].json()["date_histogram"])
    assert histogram <= readable


@pytest.mark.parametrize("who", CALLERS)
def test_a_secret_document_is_a_404_to_outsiders(rights: RightsArchive, who: str) -> None:
    secret = rights.ids["secret"]
    with rights.client(who) as client:
        answers = {
            path: client.get(path) for doc_id in secret for path in (
                f"/documents/{doc_id}", f"/documents/{doc_id}/original",
                f"/documents/{doc_id}/similar", f"/documents/{doc_id}/pages/1/image")
        }
        missing = client.get("/documents/0000000000000000")
        word = client.get("/search", params={"q": SECRET_WORD}).json()
        entity = client.get("/entities/person:kvarkalavic z")
    if who in INSIDERS:
        assert all(r.status_code in (200, 400) for r in answers.values())  # 400: not a PDF
        assert word["total"] == 2
        assert entity.status_code == 200
    else:
        for response in answers.values():
            assert response.status_code == 404
            # exactly like a missing document, apart from the id named
            assert response.json()["detail"].replace(response.url.path.split("/")[2], "X") \
                == missing.json()["detail"].replace("0000000000000000", "X")
        assert word["total"] == 0 and word["hits"] == []
        assert entity.status_code == 404


def test_copies_and_links_stay_inside_their_collection(rights: RightsArchive) -> None:
    with rights.client("admin") as client:
        docs = {i: client.get(f"/documents/{i}").json()
                for c in ("open", "secret") for i in rights.ids[c]}
    for doc_id, doc in docs.items():
        for other in doc["duplicates"]:
            assert docs[other]["collection"] == doc["collection"], (doc_id, other)
    public = [d for d in docs.values() if d["collection"] == "open"]
    assert all(d["duplicates"] == [] for d in public)  # its copies are all secret
    secret = [d for d in docs.values() if d["collection"] == "secret" and d["duplicates"]]
    assert secret, "the secret copy and near-copy group with each other"


@pytest.mark.parametrize("who", CALLERS)
def test_writes_need_their_role(rights: RightsArchive, who: str) -> None:
    pdf = write_pdf([f"Upload test by {who}."])
    with rights.client(who) as client:
        upload = client.post("/documents", data={"collection": "secret"},
                             files={"file": (f"{who}.pdf", pdf, "application/pdf")})
        audit = client.get("/audit")
        delete = client.delete(f"/documents/{rights.ids['other'][0]}")
    assert upload.status_code == (202 if who in ("editor", "manager", "admin") else 403)
    assert audit.status_code == (200 if who in ("manager", "admin") else 403)
    assert delete.status_code == (204 if who == "admin" else
                                  403 if who == "reader_other" else 404)
    if who == "admin":
        rights.ids["other"] = []  # gone: later outsiders cannot see it anyway


def test_a_manager_reads_the_audit_of_their_collection_only(rights: RightsArchive) -> None:
    with rights.client("reader_secret") as client:  # its own reads: tests may run apart
        client.get("/search", params={"q": SECRET_WORD})
        client.get(f"/documents/{rights.ids['secret'][0]}")
    with rights.client("manager") as client:
        entries = client.get("/audit", params={"action": "view"}).json()
        csv_text = client.get("/audit", params={"format": "csv", "user": "reader_secret"}).text
    assert entries and {e["collection"] for e in entries} == {"secret"}
    assert any(e["user"] == "reader_secret" and e["document_id"] == rights.ids["secret"][0]
               for e in entries)
    assert csv_text.splitlines()[0].startswith("seq,at,user")
    assert all(",reader_secret," in line for line in csv_text.splitlines()[1:])
    with rights.client("admin") as client:
        searches = client.get("/audit", params={"action": "search"}).json()
    assert any(e["query"] == SECRET_WORD for e in searches)
    assert all(SHARED[:40] not in json.dumps(e) for e in searches)  # no document text


def test_sign_in_gives_a_token_and_sign_out_ends_it(rights: RightsArchive) -> None:
    catalog = Catalog(rights.settings.catalog_path)
    Accounts(catalog.db).set_password("reader_secret", "correct horse battery")
    catalog.close()
    with httpx.Client(base_url=rights.base_url, timeout=30) as client:
        wrong = client.post("/session", json={"name": "reader_secret", "password": "nope"})
        right = client.post("/session",
                            json={"name": "reader_secret", "password": "correct horse battery"})
        token = right.json()["token"]
        auth = {"Authorization": f"Bearer {token}"}
        me = client.get("/me", headers=auth).json()
        client.delete("/session", headers=auth)
        after = client.get("/me", headers=auth)
    assert wrong.status_code == 401 and right.status_code == 201
    assert me["user"] == "reader_secret"
    assert [c["name"] for c in me["collections"]] == ["open", "secret"]
    assert after.status_code == 401
