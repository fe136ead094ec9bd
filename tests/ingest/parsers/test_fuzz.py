"""Fuzzing, bounded in time: any bytes give a document or an ``IngestError``, never
another exception — through the parsers and through the container unpackers."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.errors import IngestError
from ingest.parsers import parse_bytes
from ingest.support.archive import ContainerLimits, unpack
from poshuk.core.sniff import EMAIL, ZIP
from tests.ingest.hostile import zip_of
from tests.ingest.parsers.test_registry import sample_files

SEEDS = [*sample_files().items(), ("a.zip", zip_of({"x.txt": b"member text"}))]
BOUNDED = settings(
    max_examples=300, deadline=None, database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, bytes]:
    """A real sample with some bytes overwritten, some inserted, and perhaps cut short."""
    name, seed = draw(st.sampled_from(SEEDS))
    data = bytearray(seed)
    for _ in range(draw(st.integers(0, 8))):
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        chunk = draw(st.binary(min_size=1, max_size=16))
        if draw(st.booleans()):
            data[at : at + len(chunk)] = chunk
        else:
            data[at:at] = chunk
    if draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data)))]
    return name, bytes(data)


anything = st.one_of(
    mutated(),
    st.tuples(st.sampled_from(["x.pdf", "x.txt", "x.html", "x.eml", "x.zip", "x.bin"]),
              st.binary(max_size=2048)),
)


@BOUNDED
@given(anything)
def test_parsers_return_a_document_or_an_ingest_error(sample: tuple[str, bytes]) -> None:
    name, data = sample
    try:
        _media_type, _parser, doc = parse_bytes(data, name)
    except IngestError as err:
        assert str(err)
    else:
        assert all(page.number >= 1 for page in doc.pages)


@BOUNDED
@given(anything)
def test_unpacking_returns_members_or_an_ingest_error(sample: tuple[str, bytes]) -> None:
    _name, data = sample
    for media_type in (ZIP, EMAIL):
        try:
            members = list(unpack(data, media_type, ContainerLimits(max_unpacked_bytes=1 << 20)))
        except IngestError as err:
            assert str(err)
        else:
            assert all(isinstance(member, bytes) for _n, member in members)
