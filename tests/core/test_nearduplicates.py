"""MinHash + LSH grouping, on its own and through the catalog."""

from __future__ import annotations

import random

from poshuk.core.catalog import Catalog
from poshuk.core.model import Document, Page
from poshuk.core.nearduplicates import LshTable, signature, similarity

WORDS = ("prisoner court verdict minsk appeal article statement hunger strike amnesty "
         "colony lawyer family letter release detention torture election protest").split()


def _text(seed: int, n: int = 300) -> str:
    rng = random.Random(seed)
    return " ".join(rng.choice(WORDS) + str(rng.randint(0, 50)) for _ in range(n))


def test_a_text_with_another_header_is_near_and_another_text_is_not() -> None:
    body = _text(1)
    original = signature(body)
    republished = signature("Republished by Human Rights House Foundation. " + body)
    other = signature(_text(2))
    assert original is not None and republished is not None and other is not None
    assert similarity(original, republished) >= 0.8
    assert similarity(original, other) < 0.2
    assert signature("too short") is None


def test_lsh_finds_the_near_copy_among_many(catalog_url: str) -> None:
    index = LshTable(Catalog(catalog_url).db)
    for seed in range(200):
        sig = signature(_text(seed))
        assert sig is not None
        index.add(f"d{seed}", sig)
    words = _text(123).split()
    words[10] = "changed"  # one word edited
    sig = signature(" ".join(words))
    assert sig is not None
    assert index.match(sig) == "d123"
    fresh = signature(_text(999))
    assert fresh is not None and index.match(fresh) is None


def _doc(doc_id: str, text: str) -> Document:
    return Document(id=doc_id, sha256=doc_id.ljust(64, "0"), file_name=f"{doc_id}.txt",
                    media_type="text/plain", size=1, pages=[Page(1, text)],
                    text_sha256=doc_id.ljust(64, "1"))


def test_catalog_groups_near_copies_across_batches_and_reopening(catalog_url: str) -> None:
    body = _text(5)
    catalog = Catalog(catalog_url)
    catalog.add_many([_doc("a", body), _doc("b", _text(6))])
    catalog.mark_all_indexed()
    catalog.close()
    catalog = Catalog(catalog_url)  # the index is rebuilt from stored signatures
    catalog.add_many([_doc("c", "Statement re-published with a new header. " + body)])
    a, b, c = (catalog.get(i) for i in "abc")
    assert a is not None and b is not None and c is not None
    assert a.duplicate_group == c.duplicate_group == "n-a"
    assert b.duplicate_group is None
    assert catalog.group_members("n-a", exclude="c") == ["a"]
    assert {d.id for d in catalog.iter_documents(pending_only=True)} == {"a", "c"}
    catalog.close()


def test_a_text_signed_again_is_found_by_its_new_bands_only(catalog_url: str) -> None:
    index = LshTable(Catalog(catalog_url).db)
    first, second = signature(_text(1)), signature(_text(2))
    assert first is not None and second is not None
    index.add("d", first)
    index.add("d", second)  # the document was parsed again and its text changed
    assert len(index) == 1
    assert index.match(first) is None
    assert index.match(second) == "d"


def test_a_catalog_from_before_the_band_table_is_banded_on_opening(catalog_url: str) -> None:
    body = _text(5)
    catalog = Catalog(catalog_url)
    catalog.add_many([_doc("a", body)])
    catalog.db.execute("DROP TABLE minhash_bands")  # as an older version left it,
    catalog.db.execute("DROP TABLE alembic_version")  # before migrations
    catalog.close()
    catalog = Catalog(catalog_url)
    catalog.add_many([_doc("c", "Statement re-published with a new header. " + body)])
    c = catalog.get("c")
    assert c is not None and c.duplicate_group == "n-a"
    catalog.close()
