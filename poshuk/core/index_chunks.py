"""How many documents one index pass commits and matches against the watches at once:
one definition for the ingest pipeline and for the matching after a rebuild.

Even chunks, not full ones and a tail: on Elasticsearch a pass of watch matching costs
mostly per watch, whatever its size, so a tail of a few documents would cost a whole pass
(docs/benchmarks.md, "Watched searches: what 10,000 watches add to an ingest").
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Iterator

from poshuk.core.model import Document

INDEX_CHUNK = 2000  # most documents a pass commits and matches at once
INDEX_CHUNK_PAGES = 50_000  # and about the most pages (all held in memory)


def even_chunks(docs: Iterable[Document], count: int) -> Iterator[list[Document]]:
    """The first ``count`` of ``docs`` (read as they come) in chunks of at most
    :data:`INDEX_CHUNK` documents, as even as they can be (7 by 3 go 3, 2, 2); a chunk
    also ends once it holds :data:`INDEX_CHUNK_PAGES` pages."""
    docs = iter(docs)
    while count > 0:
        size = math.ceil(count / math.ceil(count / INDEX_CHUNK))  # of what is left
        chunk: list[Document] = []
        pages = 0
        for doc in itertools.islice(docs, size):
            chunk.append(doc)
            pages += len(doc.pages)
            if pages >= INDEX_CHUNK_PAGES:
                break
        if not chunk:  # fewer documents than counted (deleted meanwhile)
            return
        yield chunk
        count -= len(chunk)
