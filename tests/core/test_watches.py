"""Watched searches on both engines: matching after each index commit (through the
pipeline's own hook), once per document, with the owner's rights, without near-copies;
too broad a watch refused; the Atom feed well-formed."""

from __future__ import annotations

import datetime as dt
import random
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from ingest.pipeline import Pipeline
from poshuk.core.accounts import Accounts
from poshuk.core.blobs import BlobStore
from poshuk.core.catalog import Catalog
from poshuk.core.config import Settings
from poshuk.core.feeds import ATOM, atom, feed_entries
from poshuk.core.model import Citation, Document, Page
from poshuk.core.query import parse_query
from poshuk.core.watch_matching import match_ids, match_new, needs, pending_ids
from poshuk.core.watches import TooBroad, Watches, check_breadth, watch_request
from tests.core.conftest import EngineFactory

WORDS = ("court verdict minsk appeal colony lawyer family letter release detention "
         "protest election prisoner sentence hearing witness").split()


def _text(seed: int, n: int = 200) -> str:
    rng = random.Random(seed)
    return " ".join(rng.choice(WORDS) + str(rng.randint(0, 40)) for _ in range(n))


def _doc(doc_id: str, text: str, collection: str, *cites: str,
         at: dt.datetime | None = None) -> Document:
    return Document(
        id=doc_id, sha256=doc_id.ljust(64, "0"), file_name=f"{doc_id}.txt",
        media_type="text/plain", size=len(text), pages=[Page(1, text, language="en")],
        text_sha256=doc_id.ljust(64, "1"), title=f"Verdict {doc_id}", type="verdict",
        language="en", collection=collection,
        citations=[Citation(key, key) for key in cites],
        ingested_at=at or dt.datetime.now(dt.UTC),
    )


class Archive:
    def __init__(self, root: Path, engine_factory: EngineFactory) -> None:
        # the test receivers listen on loopback
        self.settings = Settings(home=root, webhook_private=True)
        self.catalog = Catalog(self.settings.catalog_url)
        self.engine = engine_factory()
        self.pipeline = Pipeline(self.catalog, BlobStore(self.settings.blob_dir), self.engine,
                                 self.settings)
        self.accounts = Accounts(self.catalog.db)
        self.watches = Watches(self.catalog.db)

    def add(self, *docs: Document) -> None:
        """Catalogue, then index what is pending: the pipeline's own commit and hook."""
        self.catalog.add_many(docs)
        self.pipeline.index_pending()

    def matched(self, watch_id: int) -> list[str]:
        return sorted(m.doc_id for m in self.watches.matches(watch_id))


@pytest.fixture
def archive(tmp_path: Path, empty_engine: EngineFactory) -> Archive:
    archive = Archive(tmp_path, empty_engine)
    for name in ("cases", "secret"):
        archive.accounts.create_collection(name)
    archive.accounts.add_user("lawyer")
    archive.accounts.grant("lawyer", "cases", "reader")
    return archive


def test_a_citation_watch_fires_once_for_a_new_verdict_only(archive: Archive) -> None:
    long_ago = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    archive.add(_doc("old342", _text(1), "cases", "BY-CC-342", at=long_ago))
    watch = archive.watches.create("lawyer", "Article 342", "citation:BY-CC-342", {},
                                   webhook_url="http://127.0.0.1:9/hook").watch
    words = archive.watches.create("lawyer", "hunger strike", '"hunger strike"', {}).watch
    assert watch.kind == "citation" and words.kind == "search"
    verdict = _text(2) + " hunger strike"
    archive.add(
        _doc("new342", verdict, "cases", "BY-CC-342"),
        _doc("hidden342", _text(3) + " hunger strike", "secret", "BY-CC-342"),
        _doc("new130", _text(4), "cases", "BY-CC-130"),
    )
    assert archive.matched(watch.id) == ["new342"]  # not the old, the secret, the other
    assert archive.matched(words.id) == ["new342"]
    # a near-copy (another header) arrives later: grouped with the verdict, not reported;
    # the verdict, indexed again with its new group, is not reported twice
    archive.add(_doc("copy342", "Republished by a partner site. " + verdict, "cases",
                     "BY-CC-342"))
    assert archive.catalog.get("copy342").duplicate_group == "n-new342"  # type: ignore[union-attr]
    assert archive.matched(watch.id) == ["new342"]
    assert archive.matched(words.id) == ["new342"]
    queued = archive.catalog.db.execute(
        "SELECT channel, count(*) FROM watch_outbox GROUP BY channel").fetchall()
    assert [tuple(r) for r in queued] == [("webhook", 1)]  # one delivery for one match


def test_granting_a_collection_lets_later_documents_match(archive: Archive) -> None:
    watch = archive.watches.create("lawyer", "342", "citation:BY-CC-342", {}).watch
    archive.add(_doc("s1", _text(5), "secret", "BY-CC-342"))
    assert archive.matched(watch.id) == []
    archive.accounts.grant("lawyer", "secret", "reader")
    archive.add(_doc("s2", _text(6), "secret", "BY-CC-342"))
    assert archive.matched(watch.id) == ["s2"]  # the rights at matching time


def test_too_broad_a_watch_is_refused(archive: Archive) -> None:
    archive.add(*(_doc(f"d{i}", _text(10 + i), "cases", "BY-CC-342" if i < 2 else "BY-CC-1")
                  for i in range(10)))
    scope = archive.accounts.caller("lawyer").scope()
    with pytest.raises(TooBroad, match="empty query"):
        check_breadth(archive.engine, watch_request("", {}), scope, 0.2, 0)
    with pytest.raises(TooBroad, match="matches 10 of the 10"):
        check_breadth(archive.engine, watch_request("", {"type": ["verdict"]}), scope, 0.2, 0)
    check_breadth(archive.engine, watch_request("citation:BY-CC-342", {}), scope, 0.2, 0)
    # the small-archive floor: ten documents are no flood
    check_breadth(archive.engine, watch_request("", {"type": ["verdict"]}), scope, 0.2, 20)


def test_the_feed_is_atom_with_the_required_elements(archive: Archive) -> None:
    watch = archive.watches.create("lawyer", "A <b>&", "citation:BY-CC-342", {}).watch
    archive.add(_doc("f1", _text(7), "cases", "BY-CC-342"), _doc("f2", _text(8), "cases",
                                                                  "BY-CC-342"))
    entries = feed_entries(archive.watches, archive.accounts, watch)
    body = atom(watch, entries, "http://x/feeds/watches/s.atom", "http://x")
    root = ET.fromstring(body)
    ns = {"a": ATOM}
    assert root.tag == f"{{{ATOM}}}feed"
    for required in ("id", "title", "updated", "author/a:name"):
        assert root.find(f"a:{required}", ns) is not None, required
    assert root.find("a:title", ns).text == "Poshuk watch: A <b>&"  # type: ignore[union-attr]
    items = root.findall("a:entry", ns)
    assert len(items) == 2
    for item in items:
        for required in ("id", "title", "updated", "link"):
            assert item.find(f"a:{required}", ns) is not None, required
        dt.datetime.fromisoformat(item.find("a:updated", ns).text)  # type: ignore[union-attr,arg-type]


def test_what_a_query_needs_skips_searches() -> None:
    assert needs(parse_query("citation:BY-CC-342 AND appeal")) == {("citation", "BY-CC-342")}
    assert needs(parse_query("citation:A OR entity:B")) == {("citation", "A"), ("entity", "B")}
    assert needs(parse_query("citation:A OR appeal")) is None
    assert needs(parse_query("NOT citation:A")) is None


def test_no_watch_no_search(archive: Archive) -> None:
    class Refusing:
        name = "refusing"

        def ids(self, *_args: object, **_kw: object) -> list[str]:
            raise AssertionError("no search should run")

    docs = [_doc("x", _text(9), "cases", "BY-CC-1")]
    assert match_new(archive.watches, archive.accounts, Refusing(), docs) == 0  # type: ignore[arg-type]
    archive.watches.create("lawyer", "342", "citation:BY-CC-342", {})
    # a citation no new document carries: skipped without asking the engine
    assert match_new(archive.watches, archive.accounts, Refusing(), docs) == 0  # type: ignore[arg-type]


def test_reindex_matches_what_was_pending_only(archive: Archive) -> None:
    watch = archive.watches.create("lawyer", "342", "citation:BY-CC-342", {}).watch
    archive.add(_doc("indexed", _text(20), "cases", "BY-CC-342"))
    archive.catalog.add_many([_doc("pending", _text(21), "cases", "BY-CC-342")])
    archive.catalog.db.execute("DELETE FROM watch_matches")  # as if matched long ago
    new = pending_ids(archive.catalog)
    assert new == ["pending"]
    archive.engine.rebuild(archive.catalog.iter_documents())  # as `poshuk reindex` does
    assert match_ids(archive.catalog, archive.engine, new) == 1
    archive.catalog.mark_all_indexed()
    assert archive.matched(watch.id) == ["pending"]


def test_reindex_matches_in_the_pipelines_even_chunks(
        archive: Archive, monkeypatch: pytest.MonkeyPatch) -> None:
    """After a rebuild the pending documents are matched as an ingest matches them: even
    chunks of at most INDEX_CHUNK, not full ones and a tail of its own."""
    from poshuk.core import index_chunks, watch_matching

    watch = archive.watches.create("lawyer", "342", "citation:BY-CC-342", {}).watch
    archive.catalog.add_many([_doc(f"p{i}", _text(30 + i), "cases", "BY-CC-342")
                              for i in range(7)])
    new = pending_ids(archive.catalog)
    archive.engine.rebuild(archive.catalog.iter_documents())
    monkeypatch.setattr(index_chunks, "INDEX_CHUNK", 3)
    monkeypatch.setattr(watch_matching, "_READ_AT_ONCE", 2)  # reads cut across chunks
    passes: list[int] = []
    real = watch_matching.match_new
    monkeypatch.setattr(watch_matching, "match_new",
                        lambda store, accounts, engine, docs: passes.append(len(docs))
                        or real(store, accounts, engine, docs))
    assert match_ids(archive.catalog, archive.engine, new) == 7
    assert passes == [3, 2, 2]
    assert sorted(archive.matched(watch.id)) == [f"p{i}" for i in range(7)]


def test_many_matches_are_recorded_once_each_with_their_deliveries(catalog_url: str) -> None:
    """More matches than one INSERT holds, on both catalogs: each recorded and queued once,
    and recording them again (the batch indexed again) records nothing."""
    from poshuk.core import watch_matching

    catalog = Catalog(catalog_url)
    store = Watches(catalog.db)
    hooked = store.create("", "hooked", "citation:BY-CC-342", {},
                          webhook_url="https://example.org/hook", email="a@example.org").watch
    quiet = store.create("", "quiet", "citation:BY-CC-130", {}).watch
    docs = {f"d{i:04d}": _doc(f"d{i:04d}", "text", "cases") for i in range(700)}
    hits = {hooked.id: sorted(docs), quiet.id: sorted(docs)[:3]}
    watches = {w.id: w for w in store.to_match()}
    assert watches[hooked.id].delivers and not watches[quiet.id].delivers
    assert watch_matching._record(store, watches, hits, docs) == 703
    queued = catalog.db.execute(  # in the order of the batch: the order they are sent in
        "SELECT m.doc_id FROM watch_outbox o JOIN watch_matches m ON m.id = o.match_id "
        "WHERE o.channel = 'webhook' ORDER BY o.id").fetchall()
    assert [row[0] for row in queued] == sorted(docs)
    assert store.count_matches(hooked.id) == 700 and store.count_matches(quiet.id) == 3
    channels = catalog.db.execute(
        "SELECT channel, COUNT(*), COUNT(DISTINCT match_id) FROM watch_outbox "
        "GROUP BY channel ORDER BY channel").fetchall()
    assert [tuple(row) for row in channels] == [("email", 700, 700), ("webhook", 700, 700)]
    assert watch_matching._record(store, watches, hits, docs) == 0
    assert catalog.db.execute("SELECT COUNT(*) FROM watch_outbox").fetchone()[0] == 1400
    # a deletion of more documents than one IN list holds forgets each one's matches and
    # deliveries, and only theirs
    store.forget_documents(sorted(docs)[:600])
    assert store.count_matches(hooked.id) == 100 and store.count_matches(quiet.id) == 0
    assert catalog.db.execute("SELECT COUNT(*) FROM watch_outbox").fetchone()[0] == 200
    catalog.close()


def test_a_copy_is_reported_to_the_watches_that_have_not_seen_its_group(
    catalog_url: str,
) -> None:
    """Whether a watch already reported a copy is asked per watch: of copies arriving
    together one is reported; a copy of what a watch reported before (catalogued earlier,
    or in this batch and recorded before) is not; another watch that never saw the group
    is told; a document of no group always."""
    from poshuk.core import watch_matching

    catalog = Catalog(catalog_url)
    store = Watches(catalog.db)
    told, other = (store.create("", name, f"citation:BY-CC-{n}", {}).watch
                   for name, n in (("told", 342), ("other", 130)))
    docs = {i: _doc(i, "text", "cases") for i in ("a1", "a2", "b1", "b2", "c1")}
    catalog.add_many(docs.values())
    for doc_id, group in (("a1", "g1"), ("a2", "g1"), ("b1", "g2"), ("b2", "g2")):
        docs[doc_id].duplicate_group = group
        catalog.db.execute("UPDATE documents SET duplicate_group = ? WHERE id = ?",
                           (group, doc_id))
    watches = {w.id: w for w in store.to_match()}
    earlier = {"a1": docs["a1"]}
    assert watch_matching._record(store, watches, {told.id: ["a1"]}, earlier) == 1
    batch = {i: docs[i] for i in ("a2", "b1", "b2", "c1")}
    hits = {told.id: ["a2", "b1", "b2", "c1"], other.id: ["a2", "b2"]}
    assert watch_matching._record(store, watches, hits, batch) == 4
    found = {w.id: sorted(m.doc_id for m in store.matches(w.id)) for w in (told, other)}
    assert found[told.id] in (["a1", "b1", "c1"], ["a1", "b2", "c1"])
    assert found[other.id] == ["a2", "b2"]
    # the batch indexed again: nothing new, whichever copy each watch was told of
    assert watch_matching._record(store, watches, hits, batch) == 0
    catalog.close()


def test_a_pass_pauses_the_cycle_collector_and_gives_it_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The collector is off while a pass runs and on again after it, whether the pass
    ends or fails; a collector someone else switched off stays off."""
    import gc

    from poshuk.core import watch_matching

    seen: list[bool] = []

    def failing(*_args: object) -> int:
        seen.append(gc.isenabled())
        raise RuntimeError("the engine went away")

    monkeypatch.setattr(watch_matching, "_match_new", failing)
    assert gc.isenabled()
    with pytest.raises(RuntimeError):
        match_new(None, None, None, [])  # type: ignore[arg-type]
    assert seen == [False] and gc.isenabled()
    gc.disable()
    try:
        with pytest.raises(RuntimeError):
            match_new(None, None, None, [])  # type: ignore[arg-type]
        assert not gc.isenabled()
    finally:
        gc.enable()
